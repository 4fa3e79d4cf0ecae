#include "image/VoxelChecks.h"

#include "util/Error.h"

#include <algorithm>

namespace rgw {

std::array<std::int64_t, 3> FiniteVoxelCheck::firstPosition() const {
    const auto index = static_cast<std::int64_t>(first_);
    const std::int64_t columns = std::max<std::int64_t>(grid_.size[0], 1);
    const std::int64_t rows = std::max<std::int64_t>(grid_.size[1], 1);
    return {index % columns, (index / columns) % rows, index / (columns * rows)};
}

void FiniteVoxelCheck::require(const std::string& where, const std::string& detail) const {
    if (count_ == 0)
        return;
    const auto p = firstPosition();
    throw Error(where + ": " + std::to_string(count_) +
                (count_ == 1 ? " voxel holds" : " voxels hold") +
                " no finite value (NaN or ±inf), the first at (i, j, k) = (" +
                std::to_string(p[0]) + ", " + std::to_string(p[1]) + ", " + std::to_string(p[2]) +
                ")" + detail + "; images with non-finite values are refused");
}

FiniteVoxelCheck checkFiniteVoxels(const Image<float>& image) {
    FiniteVoxelCheck check(image.geometry);
    for (std::size_t v = 0; v < image.voxels.size(); ++v)
        check.add(v, image.voxels[v]);
    return check;
}

void requireFiniteVoxels(const Image<float>& image, const std::string& where) {
    checkFiniteVoxels(image).require(where);
}

} // namespace rgw
