#include "image/LabelMap.h"

#include <algorithm>

namespace rgw {

std::vector<int> labelValues(const LabelMap& labels) {
    // One flag per possible value: linear in voxels, no sort of the volume.
    std::vector<bool> present(65536, false);
    for (const std::uint16_t v : labels.voxels)
        present[v] = true;
    std::vector<int> out;
    for (int value = 1; value < 65536; ++value)
        if (present[static_cast<std::size_t>(value)])
            out.push_back(value);
    return out;
}

Mask maskOfLabel(const LabelMap& labels, int value) {
    Mask mask(labels.geometry);
    std::transform(labels.voxels.begin(), labels.voxels.end(), mask.voxels.begin(),
                   [value](std::uint16_t v) { return static_cast<std::uint8_t>(v == value); });
    return mask;
}

std::array<int, 3> defaultRoiColour(int index) {
    // Distinct hues that stay visible over grey CT and apart from the hot
    // colour map of fused PET (black, red, orange, yellow, white): greens,
    // cyans, blues, violets and pinks only, each at least 30 degrees of hue
    // away from red..yellow.
    static constexpr std::array<std::array<int, 3>, 8> kCycle{{{0, 200, 0},
                                                               {30, 144, 255},
                                                               {255, 0, 255},
                                                               {0, 220, 220},
                                                               {160, 90, 255},
                                                               {0, 255, 140},
                                                               {255, 110, 210},
                                                               {70, 70, 255}}};
    const auto n = static_cast<int>(kCycle.size());
    return kCycle[static_cast<std::size_t>(((index % n) + n) % n)];
}

} // namespace rgw
