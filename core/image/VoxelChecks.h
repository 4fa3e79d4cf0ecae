#pragma once

#include "image/Geometry.h"
#include "image/Image.h"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

namespace rgw {

/// The workstation's one policy for non-finite voxel values (NaN, +inf, -inf)
/// read from an image file, the same for NIfTI and DICOM: such an image is
/// refused, naming how many voxels are affected and the first one (i, j, k).
/// No feature, histogram or discretisation is defined over them, and
/// silently replacing them would change the science. Masks and label maps
/// follow the same rule: NaN is not a label, and not "inside" either. A
/// reader of a window of an image (an extraction reads only the voxels its
/// processing needs) applies it to the voxels it reads, naming the first by
/// its (i, j, k) in the whole image; voxels it never reads are not judged.

/// x as a float; values beyond the float range become ±inf explicitly (a
/// plain cast would be undefined behaviour), NaN stays NaN.
inline float narrowToFloat(double x) {
    constexpr double kMax = std::numeric_limits<float>::max();
    if (x > kMax)
        return std::numeric_limits<float>::infinity();
    if (x < -kMax)
        return -std::numeric_limits<float>::infinity();
    return static_cast<float>(x);
}

/// Counts non-finite values as a reader produces them (any order of linear
/// voxel indices) and refuses them together.
class FiniteVoxelCheck {
public:
    explicit FiniteVoxelCheck(const Geometry& grid) : grid_(grid) {}

    /// Records `value` of the voxel at linear index `index`.
    void add(std::size_t index, double value) {
        if (std::isfinite(value))
            return;
        if (count_ == 0 || index < first_)
            first_ = index;
        ++count_;
    }

    std::size_t count() const { return count_; }
    /// (i, j, k) of the lowest linear index recorded as non-finite.
    std::array<std::int64_t, 3> firstPosition() const;

    /// Throws rgw::Error "<where>: <N> voxel(s) hold no finite value (NaN or
    /// ±inf), the first at (i, j, k)<detail>; images with non-finite values are
    /// refused" when any value recorded was not finite. `detail` may name the
    /// file the first one came from (" in slice file F").
    void require(const std::string& where, const std::string& detail = {}) const;

private:
    Geometry grid_;
    std::size_t count_ = 0;
    std::size_t first_ = 0;
};

/// Scans an image and refuses it (FiniteVoxelCheck::require) when a voxel is not finite.
FiniteVoxelCheck checkFiniteVoxels(const Image<float>& image);
void requireFiniteVoxels(const Image<float>& image, const std::string& where);

} // namespace rgw
