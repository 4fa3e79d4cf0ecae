#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace rgw {

/// How window-mapped intensities become colours.
enum class ColourMap {
    Grey,         ///< black (low) .. white (high)
    InvertedGrey, ///< white (low) .. black (high): the usual PET display
    Hot,          ///< black .. red .. yellow .. white (PET in fusion)
    Viridis,      ///< matplotlib's perceptually uniform dark blue .. green .. yellow
};

std::string colourMapName(ColourMap map);
/// All maps in menu order.
std::vector<ColourMap> allColourMaps();

struct Rgb8 {
    std::uint8_t r = 0, g = 0, b = 0;
};

/// Colour of normalised intensity t (clamped to 0..1). Hot is the classic
/// three-segment ramp: red rises over [0, 3/8], green over [3/8, 3/4], blue
/// over [3/4, 1]. Viridis interpolates linearly between every 16th entry
/// (and the last) of matplotlib's 256-entry table, entry n at t = n / 255, so
/// colourTable(Viridis)[16 k] is that entry rounded to bytes.
Rgb8 colourAt(ColourMap map, double t);

/// The map sampled at 256 evenly spaced points (entry n at t = n / 255).
std::array<Rgb8, 256> colourTable(ColourMap map);

} // namespace rgw
