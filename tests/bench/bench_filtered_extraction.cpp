// Filtered-image extraction benchmark (issue #16 §5): an IBSI-2 configuration
// (phase 2, 3D: 1 mm isotropic, tricubic spline, intensities rounded,
// re-segmentation [-1000, 400] HU, mirror padding) with LoG at three scales
// (σ = 1, 2, 3 mm) and a level-1 wavelet (coif1 LLH) on the IBSI CT phantom's
// ROI GTV-1, end to end and single-threaded: read the NIfTI image and mask,
// process, filter, and the intensity statistics of the image and of the four
// response maps (IBSI-2's features). In the same run: the unfiltered
// extraction as the baseline, and the same with the wavelet rotation
// invariant (24 orientations, average pooling), as IBSI-2 phase 2 uses it.
// Run:
//   build/tests/bench/bench_filtered_extraction [--repeats N]
// Prints the median seconds of each and exits 1 when the LoG x3 + wavelet run
// is over the target (1 s).
#include "TestData.h"
#include "io/nifti/Nifti.h"
#include "radiomics/Extractor.h"
#include "radiomics/ParameterSet.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kTargetSeconds = 1.0;

constexpr const char* kProcessing = R"(modalities: [CT]
interpolation:
  spacing_mm: [1, 1, 1]
  image: cubic_spline
  mask: linear
  round_intensities: true
resegmentation:
  range: [-1000, 400]
)";

constexpr const char* kLogFilters = R"(filters:
  - type: log
    sigma_mm: 1
  - type: log
    sigma_mm: 2
  - type: log
    sigma_mm: 3
)";

constexpr const char* kWavelet = R"(  - type: wavelet
    family: coif1
    subband: LLH
    level: 1
)";

constexpr const char* kInvariantWavelet = R"(  - type: wavelet
    family: coif1
    subband: LLH
    level: 1
    rotation_invariant: true
    pooling: average
)";

/// Median seconds of `repeats` end-to-end runs (read, process, extract).
double medianSeconds(const rgw::radiomics::ParameterSet& set, int repeats, std::size_t& rows) {
    const auto dir = rgw::test::ibsiDataSets() / "ibsi_1_ct_radiomics_phantom" / "nifti";
    std::vector<double> times;
    for (int r = 0; r < repeats; ++r) {
        const auto start = Clock::now();
        const rgw::Volume image = rgw::nifti::readVolume(dir / "image" / "phantom.nii.gz");
        const rgw::Mask mask = rgw::nifti::readMask(dir / "mask" / "mask.nii.gz");
        rows =
            rgw::radiomics::extract(image, mask, set.settings,
                                    rgw::radiomics::FamilySelection{{"intensity_statistics"}}, {1})
                .values.size();
        times.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    int repeats = 5;
    for (int i = 1; i + 1 < argc; i += 2)
        if (std::strcmp(argv[i], "--repeats") == 0)
            repeats = std::max(1, std::atoi(argv[i + 1]));
    const auto plain = rgw::radiomics::parseParameterSet(kProcessing, "unfiltered");
    const auto filtered = rgw::radiomics::parseParameterSet(
        std::string(kProcessing) + kLogFilters + kWavelet, "filtered");
    const auto invariant = rgw::radiomics::parseParameterSet(
        std::string(kProcessing) + kLogFilters + kInvariantWavelet, "invariant");
    std::size_t plainRows = 0, filteredRows = 0, invariantRows = 0;
    const double base = medianSeconds(plain, repeats, plainRows);
    const double total = medianSeconds(filtered, repeats, filteredRows);
    const double invariantTotal = medianSeconds(invariant, repeats, invariantRows);
    std::printf("unfiltered: %zu features, %.3f s (median of %d)\n", plainRows, base, repeats);
    std::printf("LoG x3 + wavelet: %zu features, %.3f s, %.2fx the unfiltered run\n", filteredRows,
                total, total / base);
    std::printf("LoG x3 + rotation-invariant wavelet: %zu features, %.3f s, %.2fx\n", invariantRows,
                invariantTotal, invariantTotal / base);
    std::printf("target %.1f s (LoG x3 + wavelet): %s (%.2f of it)\n", kTargetSeconds,
                total <= kTargetSeconds ? "met" : "MISSED", total / kTargetSeconds);
    return total <= kTargetSeconds ? 0 : 1;
}
