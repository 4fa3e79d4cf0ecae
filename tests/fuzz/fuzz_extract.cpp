// Fuzz target: a whole radiomics extraction (rgw::radiomics::extract, every
// family) of a tiny fuzzed image, mask and parameter file — where
// discretisation, texture-matrix and histogram sizes meet untrusted values.
// Input layout (ExtractInput.h): grid (3 sizes 1..6, a spacing/direction
// choice), a flags byte (bit 0: voxels are float32, else int16), the voxels,
// one mask bit per voxel, then the parameter file as YAML text. Seeds: the
// IBSI digital phantom (or a synthetic stand-in) with each shipped preset. A
// bug: a crash, a sanitizer report (float-cast-overflow and integer overflow
// in discretisation above all), an exception other than rgw::Error, > 2 GB
// RSS or > 15 s.

#include "ExtractInput.h"
#include "FuzzSupport.h"
#include "radiomics/Extractor.h"
#include "radiomics/ParameterSet.h"
#include "util/Error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    try {
        const rgw::fuzz::ExtractInput input = rgw::fuzz::decodeExtractInput(data, size);
        const auto parameters = rgw::radiomics::parseParameterSet(input.parameterText, "fuzz.yaml");
        rgw::radiomics::ExtractOptions options;
        options.threads = 1;
        (void)rgw::radiomics::extract(input.image, input.mask, parameters.settings,
                                      rgw::radiomics::FamilySelection::all(), options);
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    return 0;
}
