#pragma once

#include <string>

namespace rgw {

/// The current time in UTC as ISO 8601, e.g. "2026-12-06T10:15:00Z": the one
/// clock of provenance records (models, association maps, reports).
std::string utcTimestamp();

/// Today's date in UTC as ISO 8601, e.g. "2026-12-06".
std::string utcDate();

} // namespace rgw
