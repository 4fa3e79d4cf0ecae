#pragma once

#include "image/Image.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rgw::filters {

/// The working grid of the filters: double-precision voxels in the order of a
/// Volume (i fastest, then j, then k), without geometry.
struct Field {
    std::array<std::int64_t, 3> size{0, 0, 0};
    std::vector<double> values;

    Field() = default;
    explicit Field(const std::array<std::int64_t, 3>& s, double fill = 0.0)
        : size(s), values(static_cast<std::size_t>(s[0] * s[1] * s[2]), fill) {}
    Field(const Field&) = default;
    Field(Field&&) noexcept = default;
    Field& operator=(const Field&) = default;
    Field& operator=(Field&&) noexcept = default;
    /// Hands a large storage to this thread's pool of released fields (see
    /// scratchField), so a chain of filter passes does not map and page-fault
    /// fresh memory for every intermediate field.
    ~Field();

    std::size_t index(std::int64_t i, std::int64_t j, std::int64_t k) const {
        return static_cast<std::size_t>((k * size[1] + j) * size[0] + i);
    }
    double& at(std::int64_t i, std::int64_t j, std::int64_t k) { return values[index(i, j, k)]; }
    double at(std::int64_t i, std::int64_t j, std::int64_t k) const {
        return values[index(i, j, k)];
    }
    /// Distance in the value array between neighbours along `axis`.
    std::int64_t stride(int axis) const {
        return axis == 0 ? 1 : axis == 1 ? size[0] : size[0] * size[1];
    }
};

/// A field of `size` whose values are unspecified, for a caller that overwrites
/// all of them: its storage is one released by a Field on this thread when one
/// is large enough (no new mapping, no page faults, no zero-filling), fresh
/// otherwise.
Field scratchField(const std::array<std::int64_t, 3>& size);

Field toField(const Volume& volume);

/// The field as a Volume on `geometry` (whose size must equal the field's).
Volume toVolume(const Field& field, const Geometry& geometry);

} // namespace rgw::filters
