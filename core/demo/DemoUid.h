#pragma once

#include <string>
#include <string_view>

namespace rgw::demo {

/// A DICOM UID derived from a text key: "2.25." followed by the decimal form
/// of a 128-bit hash of the key (the UUID-derived UID form of PS3.5 B.2).
/// The same key always gives the same UID, which keeps the demo cohort
/// reproducible for a given seed; distinct keys give distinct UIDs.
std::string derivedUid(std::string_view key);

} // namespace rgw::demo
