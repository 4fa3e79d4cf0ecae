#pragma once

// Rotation invariance of separable filters (IBSI-2): the filter is applied in
// every right-angle orientation of the voxel grid and the responses pooled.

#include "filters/Convolution.h"
#include "filters/FilterContext.h"

#include <array>
#include <vector>

namespace rgw::filters {

/// A right-angle rotation of the voxel axes: the rotated filter's kernel along
/// axis a is the original kernel of axis source[a], reversed when flip[a].
struct AxisRotation {
    std::array<int, 3> source{0, 1, 2};
    std::array<bool, 3> flip{false, false, false};
};

/// The proper rotations (determinant +1) of the voxel grid: 24 in 3D; in 2D
/// the 4 in-plane rotations by multiples of 90° (axis k fixed).
std::vector<AxisRotation> rightAngleRotations(FilterDimensions dimensions);

SeparableKernel rotate(const SeparableKernel& kernel, const AxisRotation& rotation);

/// The distinct rotated versions of a cascade of separable kernels (applied in
/// order), the same rotation applied to every stage. Rotations that give the
/// same cascade form cosets of equal size, so the average over the distinct
/// cascades equals the average over all rotations.
std::vector<std::vector<SeparableKernel>>
distinctRotations(const std::vector<SeparableKernel>& cascade, FilterDimensions dimensions);

/// Voxel-wise pooling of responses: max, or the average of those added.
class PooledResponse {
public:
    explicit PooledResponse(Pooling pooling) : pooling_(pooling) {}
    /// Adds a response with `weight` (how many pooled responses it stands for;
    /// ignored by max pooling).
    void add(const Field& response, double weight = 1.0);
    /// The pooled field; throws rgw::Error when nothing was added.
    Field result() const;

private:
    Pooling pooling_;
    Field sum_;
    double totalWeight_ = 0.0;
};

} // namespace rgw::filters
