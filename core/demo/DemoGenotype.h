#pragma once

#include <cstdint>

namespace rgw::demo {

/// The latent tumour genotype of a demo patient: the truth behind both its
/// lesions' appearance (DemoPhantom.cpp) and its mutation calls
/// (DemoGenomics.h). Drawn from a stream of its own keyed by (seed, patient
/// number), so the same patient has the same genotype whatever the cohort
/// size, and adding it left every other draw of the phantom unchanged.
///
/// Frequencies, roughly those of lung adenocarcinoma in an East Asian and
/// European mixed population: EGFR 45 %, KRAS 30 % of the EGFR wild-type (EGFR and KRAS are
/// mutually exclusive), TP53 45 %, STK11 40 % of the KRAS-mutated and 8 % of the others.
struct DemoGenotype {
    bool egfrMutated = false;
    bool krasMutated = false;
    bool tp53Mutated = false;
    bool stk11Mutated = false;
};

/// How much lower the base attenuation of every lesion of an EGFR-mutated
/// patient is than drawn (a subsolid lesion; DemoPhantom.cpp applies it,
/// DemoGenomics.h documents the whole model).
inline constexpr double kEgfrLesionShiftHu = -300.0;

DemoGenotype drawGenotype(std::uint32_t seed, int patientNumber);

} // namespace rgw::demo
