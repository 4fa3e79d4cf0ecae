#pragma once

// Rotation and translation perturbations (Zwanenburg et al. 2019; MIRP
// "rotation" and "translation"): the image and the ROI are resampled on the
// same grid after an in-plane rotation about the axial (k) axis and a
// sub-voxel shift, so the features see the object on a slightly different
// grid, as a repositioned patient would give.

#include "image/Image.h"

#include <Eigen/Core>

namespace rgw::radiomics::robustness {

struct RigidMotion {
    double angleDegrees = 0.0; ///< in-plane rotation about the k axis through `centre`
    /// Shift of the sampling grid in voxels per axis (i, j, k): the output
    /// voxel x takes the rotated input at x + shift (e.g. 0, 1/3, 2/3).
    Eigen::Vector3d shiftVoxels = Eigen::Vector3d::Zero();
    /// Rotation centre in continuous voxel indices of the grid.
    Eigen::Vector3d centre = Eigen::Vector3d::Zero();
};

/// The image resampled after `motion` by trilinear interpolation on its own
/// grid; samples outside take the nearest edge voxel (nearest-boundary
/// padding). Rotations are in millimetres (anisotropic in-plane spacing is
/// respected); the output voxel at index x reads the input at
///   centre + S⁻¹ R(−θ) S (x − centre) + shift,  S = diag(spacing).
/// A source position within 1e-9 voxel of a grid point reads that voxel
/// exactly, so rotations by multiples of 90° about a voxel centre or a
/// voxel corner on a square grid are exact permutations.
Volume moveImage(const Volume& image, const RigidMotion& motion);

/// The mask moved the same way: its 0/1 values interpolated trilinearly and
/// kept where ≥ 0.5 (IBSI partial-volume threshold, 0.5).
Mask moveMask(const Mask& mask, const RigidMotion& motion);

} // namespace rgw::radiomics::robustness
