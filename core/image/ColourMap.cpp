#include "image/ColourMap.h"

#include <algorithm>
#include <cmath>

namespace rgw {

std::string colourMapName(ColourMap map) {
    switch (map) {
    case ColourMap::Grey:
        return "Grey";
    case ColourMap::InvertedGrey:
        return "Inverted grey";
    case ColourMap::Hot:
        return "Hot";
    }
    return "Grey";
}

std::vector<ColourMap> allColourMaps() {
    return {ColourMap::Grey, ColourMap::InvertedGrey, ColourMap::Hot};
}

namespace {

std::uint8_t byte(double f) {
    return static_cast<std::uint8_t>(std::lround(255.0 * std::clamp(f, 0.0, 1.0)));
}

} // namespace

Rgb8 colourAt(ColourMap map, double t) {
    t = std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 0.0;
    switch (map) {
    case ColourMap::InvertedGrey: {
        const auto g = byte(1.0 - t);
        return {g, g, g};
    }
    case ColourMap::Hot:
        return {byte(t / 0.375), byte((t - 0.375) / 0.375), byte((t - 0.75) / 0.25)};
    case ColourMap::Grey:
        break;
    }
    const auto g = byte(t);
    return {g, g, g};
}

std::array<Rgb8, 256> colourTable(ColourMap map) {
    std::array<Rgb8, 256> table;
    for (std::size_t n = 0; n < table.size(); ++n)
        table[n] = colourAt(map, static_cast<double>(n) / 255.0);
    return table;
}

} // namespace rgw
