#include "slice/SliceNavigator.h"

#include <algorithm>

namespace rgw::viewers {

void SliceNavigator::reset(int count) {
    count_ = std::max(count, 0);
    current_ = count_ > 0 ? (count_ - 1) / 2 : 0;
}

int SliceNavigator::pageStep() const {
    return std::max(1, count_ / 10);
}

bool SliceNavigator::setCurrent(int slice) {
    if (count_ == 0)
        return false;
    const int clamped = std::clamp(slice, 0, count_ - 1);
    if (clamped == current_)
        return false;
    current_ = clamped;
    return true;
}

int sliceWithMostVoxels(const Mask& mask) {
    const auto& g = mask.geometry;
    const std::size_t perSlice = static_cast<std::size_t>(g.size[0]) * g.size[1];
    if (perSlice == 0 || mask.voxels.size() < perSlice * static_cast<std::size_t>(g.size[2]))
        return -1;
    int best = -1;
    std::size_t bestCount = 0;
    for (std::int64_t k = 0; k < g.size[2]; ++k) {
        const auto begin = mask.voxels.begin() + static_cast<std::ptrdiff_t>(k * perSlice);
        const auto count = static_cast<std::size_t>(
            std::count_if(begin, begin + static_cast<std::ptrdiff_t>(perSlice),
                          [](std::uint8_t v) { return v != 0; }));
        if (count > bestCount) {
            bestCount = count;
            best = static_cast<int>(k);
        }
    }
    return best;
}

} // namespace rgw::viewers
