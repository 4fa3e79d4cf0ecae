#pragma once

// A MIRP-style perturbation plan (Zwanenburg et al. 2019, Sci Rep 9:614):
// which perturbations are combined, how many perturbed instances of each case
// are made, and the seed every random draw derives from. Instance r of case c
// applies all chosen perturbations at once, with the parameters
// angle[r mod |angles|], translation (f[r mod 3], f[⌊r/3⌋ mod 3], f[⌊r/9⌋ mod 3])
// and volume fraction[r mod |fractions|], and draws its noise and supervoxel
// choices from a std::mt19937_64 seeded by (seed, c, r) alone, so the
// instances are the same whatever thread makes them.

#include "image/Image.h"
#include "radiomics/robustness/Supervoxels.h"

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace rgw::radiomics::robustness {

enum class Perturbation { Noise, Rotation, Translation, Volume, Contour };

/// "noise", "rotation", "translation", "volume", "contour".
std::string_view perturbationName(Perturbation p);

/// The perturbations of a comma-separated list of those names, in the
/// canonical order above, each once. Throws rgw::Error naming an unknown or
/// repeated name, or an empty list.
std::vector<Perturbation> parsePerturbations(std::string_view list);

/// The canonical comma-separated list ("noise,rotation,volume").
std::string perturbationSetName(const std::vector<Perturbation>& set);

struct PerturbationSpec {
    std::vector<Perturbation> perturbations;
    int repeats = 5;        ///< perturbed instances per case, ≥ 2
    std::uint64_t seed = 0; ///< recorded with every result
    /// In-plane rotation angles (degrees), about the ROI's bounding-box centre.
    std::vector<double> anglesDegrees = {-15.0, -10.0, -5.0, 5.0, 10.0, 15.0};
    /// Sub-voxel grid shifts per axis (voxels).
    std::vector<double> translationFractions = {0.0, 1.0 / 3.0, 2.0 / 3.0};
    /// ROI growth (> 0) or shrinkage (< 0) as a fraction of its volume.
    std::vector<double> volumeFractions = {-0.2, -0.1, 0.1, 0.2};
    /// SLIC supervoxels per ROI volume (contour randomisation): the grid
    /// step is ∛(ROI volume / supervoxelsPerRoi).
    double supervoxelsPerRoi = 20.0;

    bool has(Perturbation p) const;
};

/// What every instance of one case starts from: the image and mask cropped
/// to the ROI with room for rotation, growth and the IBSI processing margin,
/// the image's noise level and, for contour randomisation, its supervoxels.
struct PerturbationCase {
    Volume image;
    Mask mask;
    double noiseSigma = 0.0;   ///< estimateNoiseSigma() of the whole image
    Eigen::Vector3d roiCentre; ///< rotation centre, continuous index of `image`
    std::optional<Supervoxels> supervoxels;
};

/// Throws rgw::Error for a mask on another grid, an empty mask or an
/// invalid spec (repeats < 2, no perturbation, an empty parameter list).
PerturbationCase preparePerturbationCase(const Volume& image, const Mask& mask,
                                         const PerturbationSpec& spec);

struct PerturbedInstance {
    Volume image;
    Mask mask;
};

/// The random stream of instance `instance` of case `caseIndex`.
std::mt19937_64 instanceStream(std::uint64_t seed, std::uint64_t caseIndex, std::uint64_t instance);

/// Instance `instance` of a case: volume adaptation and contour
/// randomisation of the mask on the original grid, then rotation and
/// translation of image and mask together, then noise of σ = noiseSigma
/// added to the moved image (so interpolation does not smooth it).
PerturbedInstance perturbInstance(const PerturbationCase& prepared, const PerturbationSpec& spec,
                                  std::uint64_t caseIndex, int instance);

} // namespace rgw::radiomics::robustness
