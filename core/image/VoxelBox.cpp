#include "image/VoxelBox.h"

#include "image/Image.h"

#include <algorithm>
#include <limits>

namespace rgw {

bool VoxelBox::contains(const VoxelBox& other) const {
    for (std::size_t a = 0; a < 3; ++a)
        if (other.lo[a] < lo[a] || other.hi[a] > hi[a])
            return false;
    return true;
}

VoxelBox wholeBox(const Geometry& grid) {
    return {{0, 0, 0}, {grid.size[0] - 1, grid.size[1] - 1, grid.size[2] - 1}};
}

VoxelBox boundingBox(const Mask& mask) {
    VoxelBox b;
    constexpr auto big = std::numeric_limits<std::int64_t>::max();
    b.lo = {big, big, big};
    b.hi = {-1, -1, -1};
    const auto& s = mask.geometry.size;
    for (std::int64_t k = 0; k < s[2]; ++k)
        for (std::int64_t j = 0; j < s[1]; ++j) {
            const std::uint8_t* row = mask.voxels.data() + mask.geometry.linearIndex(0, j, k);
            const std::uint8_t* end = row + s[0];
            const std::uint8_t* first =
                std::find_if(row, end, [](std::uint8_t v) { return v != 0; });
            if (first == end)
                continue; // most rows of a mask are empty
            const std::uint8_t* last = end - 1;
            while (*last == 0)
                --last;
            b.lo[0] = std::min<std::int64_t>(b.lo[0], first - row);
            b.hi[0] = std::max<std::int64_t>(b.hi[0], last - row);
            b.lo[1] = std::min(b.lo[1], j);
            b.hi[1] = std::max(b.hi[1], j);
            b.lo[2] = std::min(b.lo[2], k);
            b.hi[2] = std::max(b.hi[2], k);
        }
    if (b.hi[0] < 0)
        b.lo = {0, 0, 0};
    return b;
}

Geometry cropGeometry(const Geometry& grid, const VoxelBox& box) {
    Geometry g = grid;
    for (std::size_t a = 0; a < 3; ++a)
        g.size[a] = box.hi[a] - box.lo[a] + 1;
    g.origin = grid.physicalPoint(Eigen::Vector3d(static_cast<double>(box.lo[0]),
                                                  static_cast<double>(box.lo[1]),
                                                  static_cast<double>(box.lo[2])));
    return g;
}

namespace {

template <class T> void copyBox(const Image<T>& image, const VoxelBox& box, Image<T>& out) {
    out.geometry = cropGeometry(image.geometry, box);
    out.voxels.resize(out.geometry.voxelCount());
    T* o = out.voxels.data();
    const std::int64_t row = box.extent(0);
    for (std::int64_t k = box.lo[2]; k <= box.hi[2]; ++k)
        for (std::int64_t j = box.lo[1]; j <= box.hi[1]; ++j, o += row) {
            const T* in = image.voxels.data() + image.geometry.linearIndex(box.lo[0], j, k);
            std::copy(in, in + row, o);
        }
}

} // namespace

Volume cropImage(const Volume& image, const VoxelBox& box) {
    Volume out;
    copyBox(image, box, out);
    out.unit = image.unit;
    out.unitNote = image.unitNote;
    return out;
}

Mask cropImage(const Mask& image, const VoxelBox& box) {
    Mask out;
    copyBox(image, box, out);
    return out;
}

} // namespace rgw
