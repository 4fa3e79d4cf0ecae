#include "image/ColourMap.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace rgw {

std::string colourMapName(ColourMap map) {
    switch (map) {
    case ColourMap::Grey:
        return "Grey";
    case ColourMap::InvertedGrey:
        return "Inverted grey";
    case ColourMap::Hot:
        return "Hot";
    case ColourMap::Viridis:
        return "Viridis";
    }
    return "Grey";
}

std::vector<ColourMap> allColourMaps() {
    return {ColourMap::Grey, ColourMap::InvertedGrey, ColourMap::Hot, ColourMap::Viridis};
}

namespace {

std::uint8_t byte(double f) {
    return static_cast<std::uint8_t>(std::lround(255.0 * std::clamp(f, 0.0, 1.0)));
}

/// Viridis (van der Walt & Smith 2015), sampled from matplotlib's published
/// table `_viridis_data` (256 RGB entries in [0, 1]) in
/// lib/matplotlib/_cm_listed.py of https://github.com/matplotlib/matplotlib:
/// entries 0, 16, 32, ..., 240 and 255, as {entry, r, g, b}.
struct ViridisNode {
    int entry;
    double r, g, b;
};
constexpr ViridisNode kViridis[] = {
    {0, 0.267004, 0.004874, 0.329415},   {16, 0.282327, 0.094955, 0.417331},
    {32, 0.278826, 0.175490, 0.483397},  {48, 0.258965, 0.251537, 0.524736},
    {64, 0.229739, 0.322361, 0.545706},  {80, 0.199430, 0.387607, 0.554642},
    {96, 0.172719, 0.448791, 0.557885},  {112, 0.149039, 0.508051, 0.557250},
    {128, 0.127568, 0.566949, 0.550556}, {144, 0.120638, 0.625828, 0.533488},
    {160, 0.157851, 0.683765, 0.501686}, {176, 0.246070, 0.738910, 0.452024},
    {192, 0.369214, 0.788888, 0.382914}, {208, 0.515992, 0.831158, 0.294279},
    {224, 0.678489, 0.863742, 0.189503}, {240, 0.845561, 0.887322, 0.099702},
    {255, 0.993248, 0.906157, 0.143936}};

Rgb8 viridisAt(double t) {
    const double x = t * 255.0; // the position in matplotlib's table
    std::size_t k = 0;
    while (k + 2 < std::size(kViridis) && x > kViridis[k + 1].entry)
        ++k;
    const ViridisNode& a = kViridis[k];
    const ViridisNode& b = kViridis[k + 1];
    const double f = std::clamp((x - a.entry) / (b.entry - a.entry), 0.0, 1.0);
    return {byte(a.r + f * (b.r - a.r)), byte(a.g + f * (b.g - a.g)), byte(a.b + f * (b.b - a.b))};
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
    case ColourMap::Viridis:
        return viridisAt(t);
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
