#pragma once

#include "filters/Boundary.h"
#include "util/Cancel.h"
#include "util/Error.h"

#include <array>
#include <string>

namespace rgw::filters {

/// Where a filter acts: within each axial slice (i, j) or in the volume (i, j, k).
enum class FilterDimensions { Slice2D, Volume3D };
const char* toString(FilterDimensions dimensions);
/// Parses "2D" or "3D" (case-insensitive); throws rgw::Error otherwise.
FilterDimensions parseFilterDimensions(const std::string& text);

/// How the responses of rotated filters are combined (IBSI-2 "pooling").
enum class Pooling { Max, Average };
const char* toString(Pooling pooling);
/// Parses "max" or "average" ("mean" too); throws rgw::Error otherwise.
Pooling parsePooling(const std::string& text);

/// Thrown by applyFilter (FilterSpec.h) when its CancelToken was set: no
/// response is returned.
class FilterCancelled : public Error {
public:
    FilterCancelled() : Error("filter cancelled") {}
};

/// Throws FilterCancelled when `cancel` is set (nullptr: never). Filters poll
/// it between passes over the image (axes, rotations, orientations, levels).
void throwIfCancelled(const CancelToken* cancel);

/// What every filter needs besides its own settings.
struct FilterContext {
    FilterDimensions dimensions = FilterDimensions::Volume3D;
    Boundary boundary = Boundary::Mirror;
    /// Voxel spacing (mm) along i, j, k, to convert settings given in mm.
    std::array<double, 3> spacing{1.0, 1.0, 1.0};
    /// Polled between passes (throwIfCancelled); nullptr = not cancellable.
    const CancelToken* cancel = nullptr;

    int axisCount() const { return dimensions == FilterDimensions::Slice2D ? 2 : 3; }
};

} // namespace rgw::filters
