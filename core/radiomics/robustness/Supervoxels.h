#pragma once

// Contour randomisation (Zwanenburg et al. 2019; MIRP "contour
// randomisation"): the image is partitioned into supervoxels (SLIC, Achanta
// et al. 2012, IEEE TPAMI 34:2274, in 3D), and a randomised ROI is the union
// of the supervoxels that overlap the ROI, each kept with a probability
// equal to the fraction of its voxels inside the ROI.

#include "image/Image.h"

#include <random>
#include <vector>

namespace rgw::radiomics::robustness {

/// A partition of a grid: every voxel carries exactly one label in
/// [0, count), and every label has at least one voxel.
struct Supervoxels {
    Geometry geometry;
    std::vector<int> label; ///< per voxel, i fastest
    int count = 0;
};

/// SLIC supervoxels of `image`: centres seeded on a regular grid of about
/// `stepMm` (per axis round(stepMm / spacing), at least 1 voxel), then
/// `iterations` rounds of assigning each voxel within ±step of a centre to
/// the centre minimising D² = (ΔI / σ_I)² + m² (d / stepMm)² (ΔI intensity
/// difference, σ_I the image's intensity standard deviation, d the
/// distance in mm, m = `compactness`) and moving each centre to its voxels'
/// mean. Voxels no centre window reached go to the spatially nearest centre;
/// empty supervoxels are dropped and labels renumbered in order of first
/// voxel. Throws rgw::Error for an empty image or stepMm ≤ 0.
Supervoxels slicSupervoxels(const Volume& image, double stepMm, double compactness = 1.0,
                            int iterations = 5);

/// The randomised ROI: the supervoxels with overlap fraction f > 0 (voxels
/// of the supervoxel in the mask / its voxels), each kept when a uniform
/// draw from `rng` (in label order) is < f. When none is kept, the one with
/// the largest overlap (lowest label on ties) is. Throws rgw::Error when the
/// grids differ or the mask is empty.
Mask randomiseContour(const Mask& mask, const Supervoxels& supervoxels, std::mt19937_64& rng);

} // namespace rgw::radiomics::robustness
