#include "radiomics/processing/RoiBox.h"

#include <algorithm>
#include <limits>

namespace rgw::radiomics::processing {

Box boundingBox(const Mask& mask) {
    Box b;
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

Geometry cropGeometry(const Geometry& grid, const Box& box) {
    Geometry g = grid;
    for (std::size_t a = 0; a < 3; ++a)
        g.size[a] = box.hi[a] - box.lo[a] + 1;
    g.origin = grid.physicalPoint(Eigen::Vector3d(static_cast<double>(box.lo[0]),
                                                  static_cast<double>(box.lo[1]),
                                                  static_cast<double>(box.lo[2])));
    return g;
}

} // namespace rgw::radiomics::processing
