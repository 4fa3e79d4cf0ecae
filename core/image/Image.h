#pragma once

#include "image/Geometry.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rgw {

/// A scalar image on a Geometry; voxels stored with i fastest, then j, then k.
template <class T> struct Image {
    Geometry geometry;
    std::vector<T> voxels;

    Image() = default;
    explicit Image(const Geometry& g, T fill = T{}) : geometry(g), voxels(g.voxelCount(), fill) {}

    T& at(std::int64_t i, std::int64_t j, std::int64_t k) {
        return voxels[geometry.linearIndex(i, j, k)];
    }
    const T& at(std::int64_t i, std::int64_t j, std::int64_t k) const {
        return voxels[geometry.linearIndex(i, j, k)];
    }
    bool empty() const { return voxels.empty(); }
};

/// What the values of a Volume mean.
enum class IntensityUnit {
    HounsfieldUnit, ///< CT after Rescale Slope/Intercept
    SuvBodyWeight,  ///< PET, SUVbw (g/ml)
    RescaledValue,  ///< rescale applied, unit given by RescaleType or unknown (MR, ...)
    RawPetActivity, ///< PET whose Units (0054,1001) cannot be converted to SUV
};

const char* toString(IntensityUnit unit);

/// An intensity image (always float: CT, MR, PET after rescale / SUV).
struct Volume : Image<float> {
    using Image<float>::Image;
    IntensityUnit unit = IntensityUnit::RescaledValue;
    std::string unitNote; ///< why values are raw, or the DICOM Units/RescaleType seen
};

/// A binary ROI mask (0 outside, 1 inside) on its image's grid.
using Mask = Image<std::uint8_t>;

} // namespace rgw
