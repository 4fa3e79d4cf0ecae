#pragma once

#include "image/Image.h"

#include <string>
#include <vector>

namespace rgw::viewers {

/// How the samples along a ray are combined.
enum class VolumeBlend {
    Composite,        ///< front-to-back alpha compositing (shaded anatomy)
    MaximumIntensity, ///< brightest sample per ray (PET MIP)
};

/// What the `value` of a transfer-function point means.
enum class PresetScale {
    Absolute,        ///< image units (HU, SUV)
    PercentileRange, ///< fraction of the 1..99 percentile range of the image (0 = p1, 1 = p99)
};

struct ColourPoint {
    double value;
    double red, green, blue; ///< 0..1
};

struct OpacityPoint {
    double value;
    double opacity; ///< 0..1
};

/// A named volume-rendering look: colour and scalar-opacity transfer points.
struct VolumeRenderingPreset {
    std::string name;
    VolumeBlend blend = VolumeBlend::Composite;
    PresetScale scale = PresetScale::Absolute;
    bool shade = true;
    std::vector<ColourPoint> colours;
    std::vector<OpacityPoint> opacities;
};

/// The preset table (the one source of truth): CT bone, CT soft tissue,
/// CT lung, PET MIP (SUV), PET MIP (auto range), MR default (auto range).
const std::vector<VolumeRenderingPreset>& volumeRenderingPresets();

/// Index in volumeRenderingPresets() of the default for an image: CT in HU ->
/// CT bone, PET in SUV -> PET MIP, PET without SUV -> PET MIP (auto range),
/// anything else -> MR default.
int defaultVolumeRenderingPreset(IntensityUnit unit, const std::string& modality);

/// Transfer functions in image units, ready for VTK.
struct TransferFunction {
    VolumeBlend blend = VolumeBlend::Composite;
    bool shade = true;
    std::vector<ColourPoint> colours;
    std::vector<OpacityPoint> opacities;
};

/// Resolves a preset against a volume: percentile-relative points are mapped
/// onto the volume's 1..99 percentile range (WindowLevel's percentileWindow).
TransferFunction resolveTransferFunction(const VolumeRenderingPreset& preset, const Volume& volume);

} // namespace rgw::viewers
