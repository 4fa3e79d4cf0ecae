#pragma once

// Steering of the generalised Riesz transform (Unser & Van De Ville, "Wavelet
// steerability and the higher-order Riesz transform", IEEE TIP 2010): the order-l
// component in a rotated frame is a linear combination of the order-|l| components
// along the voxel axes, so a filter aligned with a local orientation needs only the
// axis components and, per voxel, the weights of that frame.

#include "filters/Riesz.h"

#include <array>
#include <vector>

namespace rgw::filters {

/// An orthonormal frame: axis a is frame[a], in components along i, j, k.
using LocalFrame = std::array<std::array<double, 3>, 3>;

/// The voxel axes (i, j, k).
LocalFrame axisFrame();

/// Every order m with |m| = total along the axes the rank filters (m3 = 0 in 2D),
/// l1 descending, then l2 descending.
std::vector<RieszOrder> rieszComponents(int total, FilterRank rank);

/// w_m with R^l in `frame` = Σ_m w_m · R^m along the axes, |m| = |l|:
/// w_m = sqrt(m!/l!) · p_m, p_m the coefficient of ν^m in Π_a (frame[a]·ν)^l_a.
double steeringWeight(const RieszOrder& inFrame, const LocalFrame& frame,
                      const RieszOrder& component);

/// Structure tensor J at a voxel: J11, J12, J13, J22, J23, J33 (voxel axes).
using StructureTensor = std::array<double, 6>;

/// The frame aligned with J (filters/Riesz.h, StructureTensorAlignment): e1 the
/// eigenvector of J's largest eigenvalue, turned so that e1·gradient ≥ 0 (gradient:
/// the first-order Riesz components at the voxel). 2D (J13 = J23 = J33 = 0 read as
/// the i-j plane): e1 = (cos θ, sin θ, 0), θ = atan2(2·J12, J11 − J22)/2, e2 = e1
/// turned +90°, e3 = k. 3D: e2, e3 the other eigenvectors, by decreasing eigenvalue
/// (their signs are not determined). Where J vanishes, e1 is the i axis.
LocalFrame alignedFrame(const StructureTensor& tensor, const std::array<double, 3>& gradient,
                        FilterRank rank);

} // namespace rgw::filters
