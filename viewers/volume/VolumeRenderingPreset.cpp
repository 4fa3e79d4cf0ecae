#include "volume/VolumeRenderingPreset.h"

#include "slice/WindowLevel.h"
#include "util/Error.h"

#include <algorithm>

namespace rgw::viewers {

namespace {

// Hounsfield landmarks: air -1000, lung -900..-500, fat -100, soft tissue
// 20..80, contrast/cancellous bone 150..400, cortical bone > 700.
std::vector<VolumeRenderingPreset> makePresets() {
    using B = VolumeBlend;
    using S = PresetScale;
    return {
        {"CT bone",
         B::Composite,
         S::Absolute,
         true,
         {{-1000, 0.0, 0.0, 0.0},
          {150, 0.55, 0.25, 0.15},
          {300, 0.9, 0.82, 0.66},
          {1500, 1.0, 1.0, 0.95}},
         {{-1000, 0.0}, {150, 0.0}, {300, 0.35}, {700, 0.8}, {3000, 0.85}}},
        {"CT soft tissue",
         B::Composite,
         S::Absolute,
         true,
         {{-1000, 0.0, 0.0, 0.0},
          {-200, 0.55, 0.3, 0.2},
          {0, 0.85, 0.55, 0.45},
          {80, 0.95, 0.75, 0.65},
          {400, 1.0, 1.0, 0.9}},
         {{-1000, 0.0}, {-400, 0.0}, {-100, 0.02}, {40, 0.15}, {300, 0.3}, {1500, 0.6}}},
        {"CT lung",
         B::Composite,
         S::Absolute,
         true,
         {{-1000, 0.0, 0.0, 0.0},
          {-900, 0.35, 0.55, 0.8},
          {-500, 0.85, 0.88, 0.95},
          {-300, 0.9, 0.9, 0.9}},
         {{-1000, 0.0}, {-950, 0.0}, {-800, 0.04}, {-550, 0.12}, {-400, 0.0}, {3000, 0.0}}},
        // Hot colour map over SUV 0..10: black, red, yellow, white.
        {"PET MIP (SUV 0-10)",
         B::MaximumIntensity,
         S::Absolute,
         false,
         {{0.0, 0.0, 0.0, 0.0}, {4.0, 1.0, 0.0, 0.0}, {7.0, 1.0, 1.0, 0.0}, {10.0, 1.0, 1.0, 1.0}},
         {{0.0, 0.0}, {10.0, 1.0}}},
        {"PET MIP (auto range)",
         B::MaximumIntensity,
         S::PercentileRange,
         false,
         {{0.0, 0.0, 0.0, 0.0}, {0.4, 1.0, 0.0, 0.0}, {0.7, 1.0, 1.0, 0.0}, {1.0, 1.0, 1.0, 1.0}},
         {{0.0, 0.0}, {1.0, 1.0}}},
        {"MR default (auto range)",
         B::Composite,
         S::PercentileRange,
         true,
         {{0.0, 0.0, 0.0, 0.0}, {0.5, 0.75, 0.7, 0.65}, {1.0, 1.0, 1.0, 1.0}},
         {{0.0, 0.0}, {0.2, 0.0}, {0.6, 0.15}, {1.0, 0.6}}},
    };
}

} // namespace

const std::vector<VolumeRenderingPreset>& volumeRenderingPresets() {
    static const std::vector<VolumeRenderingPreset> presets = makePresets();
    return presets;
}

int defaultVolumeRenderingPreset(IntensityUnit unit, const std::string& modality) {
    const auto& presets = volumeRenderingPresets();
    auto indexOf = [&](const std::string& name) {
        for (std::size_t i = 0; i < presets.size(); ++i)
            if (presets[i].name == name)
                return static_cast<int>(i);
        throw Error("volume rendering preset '" + name + "' missing from the table");
    };
    switch (unit) {
    case IntensityUnit::HounsfieldUnit:
        return indexOf("CT bone");
    case IntensityUnit::SuvBodyWeight:
        return indexOf("PET MIP (SUV 0-10)");
    case IntensityUnit::RawPetActivity:
        return indexOf("PET MIP (auto range)");
    case IntensityUnit::RescaledValue:
        break;
    }
    if (modality == "PT")
        return indexOf("PET MIP (auto range)");
    return indexOf("MR default (auto range)");
}

TransferFunction resolveTransferFunction(const VolumeRenderingPreset& preset,
                                         const Volume& volume) {
    TransferFunction tf{preset.blend, preset.shade, preset.colours, preset.opacities};
    if (preset.scale == PresetScale::Absolute)
        return tf;
    const WindowLevel range = percentileWindow(volume, 1.0, 99.0);
    const double lower = range.lower();
    const double width = std::max(range.upper() - lower, kMinimumWindow);
    for (auto& p : tf.colours)
        p.value = lower + p.value * width;
    for (auto& p : tf.opacities)
        p.value = lower + p.value * width;
    return tf;
}

} // namespace rgw::viewers
