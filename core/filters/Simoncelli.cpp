#include "filters/Simoncelli.h"

#include "util/Error.h"

#include <cmath>
#include <numbers>
#include <string>

namespace rgw::filters {

void checkSimoncelliLevel(int level) {
    if (level < 1 || level > 30)
        throw Error("Simoncelli filter: the decomposition level must be 1 to 30, got " +
                    std::to_string(level));
}

double simoncelliTransfer(const std::array<double, 3>& nu, int level) {
    const double radius = std::sqrt(nu[0] * nu[0] + nu[1] * nu[1] + nu[2] * nu[2]);
    const double top = 0.5 / std::ldexp(1.0, level - 1); // ν_j: Nyquist halved per level
    if (radius < top / 4.0 || radius > top)
        return 0.0;
    return std::cos(std::numbers::pi / 2.0 * std::log2(2.0 * radius / top));
}

Volume simoncelliResponse(const Volume& image, const SimoncelliSpec& spec) {
    checkSimoncelliLevel(spec.level);
    const int level = spec.level;
    return filterByTransfer(
        image, spec.padding, spec.rank,
        [level](const std::array<double, 3>& nu) {
            return Complex(simoncelliTransfer(nu, level), 0.0);
        },
        FrequencySampling::Endpoints);
}

} // namespace rgw::filters
