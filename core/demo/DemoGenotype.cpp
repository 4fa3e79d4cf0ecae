#include "demo/DemoGenotype.h"

#include "demo/DemoRandom.h"

#include <string>

namespace rgw::demo {

DemoGenotype drawGenotype(std::uint32_t seed, int patientNumber) {
    DemoRng rng(
        hashKey("rgw-demo-genotype/" + std::to_string(seed) + "/" + std::to_string(patientNumber)));
    // Every draw is taken whatever the earlier outcomes, so that each field's
    // distribution stays as documented.
    DemoGenotype g;
    const double egfr = rng.uniform(), kras = rng.uniform(), tp53 = rng.uniform(),
                 stk11 = rng.uniform();
    g.egfrMutated = egfr < 0.45;
    g.krasMutated = !g.egfrMutated && kras < 0.30;
    g.tp53Mutated = tp53 < 0.45;
    g.stk11Mutated = stk11 < (g.krasMutated ? 0.40 : 0.08);
    return g;
}

} // namespace rgw::demo
