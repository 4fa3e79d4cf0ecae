#pragma once

// Display windows and the named window/level presets of each kind of image:
// the one source of truth for the slice viewers (viewers/slice) and the key
// images of the patient report (report/KeyImage.h).

#include "image/ColourMap.h"
#include "image/Image.h"

#include <string>
#include <vector>

namespace rgw {

/// Display window: values in [level - window/2, level + window/2] map linearly
/// onto black..white (DICOM PS3.3 C.11.2.1.2 without the half-unit offsets).
struct WindowLevel {
    double window = 1.0;
    double level = 0.5;

    double lower() const { return level - window / 2.0; }
    double upper() const { return level + window / 2.0; }
    /// The window that maps [lower, upper] onto black..white.
    static WindowLevel fromRange(double lower, double upper);
};

/// Smallest window accepted from user interaction (keeps the mapping finite).
inline constexpr double kMinimumWindow = 1e-3;

/// Window spanning the `lowPercent`..`highPercent` percentiles of the voxel
/// values (the MR default: 1..99). Large volumes are sampled on a regular
/// stride. Throws rgw::Error when the volume is empty.
WindowLevel percentileWindow(const Volume& volume, double lowPercent = 1.0,
                             double highPercent = 99.0);

/// A named window/level for a kind of image.
struct WindowLevelPreset {
    std::string name;
    WindowLevel windowLevel;
    bool automatic = false; ///< computed from the image (percentiles), not fixed
    ColourMap colourMap = ColourMap::Grey;
};

/// Presets that make sense for a volume of this unit/modality, the default
/// first. CT (HU): soft tissue, lung, mediastinum, bone, brain; PET (SUV):
/// 0-5 and 0-10 in inverted grey, then the same in hot; other images:
/// automatic 1-99 percentile window (MR).
std::vector<WindowLevelPreset> presetsFor(IntensityUnit unit, const std::string& modality);

/// Resolves a preset against a volume (computes the automatic ones).
WindowLevel resolvePreset(const WindowLevelPreset& preset, const Volume& volume);

} // namespace rgw
