#include "segmentation/LogicalOps.h"

#include "segmentation/ToolTypes.h"

namespace rgw::segmentation {

Mask combine(const Mask& a, const Mask& b, LogicalOp op) {
    requireSameGrid(a, b, "mask logical operation");
    Mask out(a.geometry, 0);
    for (std::size_t v = 0; v < a.voxels.size(); ++v) {
        const bool x = a.voxels[v] != 0, y = b.voxels[v] != 0;
        bool r = false;
        switch (op) {
        case LogicalOp::Union:
            r = x || y;
            break;
        case LogicalOp::Intersect:
            r = x && y;
            break;
        case LogicalOp::Subtract:
            r = x && !y;
            break;
        case LogicalOp::Xor:
            r = x != y;
            break;
        }
        out.voxels[v] = r ? 1 : 0;
    }
    return out;
}

Mask invert(const Mask& a) {
    Mask out(a.geometry, 0);
    for (std::size_t v = 0; v < a.voxels.size(); ++v)
        out.voxels[v] = a.voxels[v] ? 0 : 1;
    return out;
}

Mask cleared(const Mask& a) {
    return Mask(a.geometry, 0);
}

} // namespace rgw::segmentation
