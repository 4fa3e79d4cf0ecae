#pragma once

#include "image/Geometry.h"

#include <string>

namespace rgw {

/// The physical range within which the workstation accepts patient-space
/// values read from files: coordinates (origins, contour points) with
/// |x| ≤ 10⁶ mm (1 km: far beyond any scanner bore), voxel spacings in
/// [10⁻⁶ mm, 10⁶ mm]. Values outside (or not finite) are refused with an
/// error naming where they came from, so that no later computation turns them
/// into infinities, NaNs or overflowing indices.
constexpr double kMaxCoordinateMm = 1e6;
constexpr double kMinSpacingMm = 1e-6;
constexpr double kMaxSpacingMm = 1e6;

/// True when x is finite and |x| ≤ kMaxCoordinateMm.
bool isPhysicalCoordinate(double x);

/// Throws rgw::Error "<where>: <what> <value> is not finite or outside ±10⁶ mm"
/// unless isPhysicalCoordinate(x).
void requirePhysicalCoordinate(double x, const std::string& where, const std::string& what);

/// Throws rgw::Error naming `where` unless the geometry is physical: every
/// size ≥ 1, origin coordinates physical, spacings finite within
/// [kMinSpacingMm, kMaxSpacingMm], direction cosines finite with unit-length,
/// non-degenerate axes (|det| ≥ 0.5).
void requirePhysicalGeometry(const Geometry& geometry, const std::string& where);

} // namespace rgw
