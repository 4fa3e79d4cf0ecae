#pragma once

#include "image/Image.h"

namespace rgw::segmentation {

/// Voxel-wise logic between masks on the same grid (else rgw::Error); the
/// result is 0/1 on that grid. Each O(N).
enum class LogicalOp { Union, Intersect, Subtract, Xor };

Mask combine(const Mask& a, const Mask& b, LogicalOp op);
inline Mask maskUnion(const Mask& a, const Mask& b) {
    return combine(a, b, LogicalOp::Union);
}
inline Mask maskIntersect(const Mask& a, const Mask& b) {
    return combine(a, b, LogicalOp::Intersect);
}
/// a and not b.
inline Mask maskSubtract(const Mask& a, const Mask& b) {
    return combine(a, b, LogicalOp::Subtract);
}
inline Mask maskXor(const Mask& a, const Mask& b) {
    return combine(a, b, LogicalOp::Xor);
}
/// Not a, over the whole grid.
Mask invert(const Mask& a);
/// An empty mask on a's grid.
Mask cleared(const Mask& a);

} // namespace rgw::segmentation
