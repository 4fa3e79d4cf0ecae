#pragma once

// DICOM date/time value representations (DA, TM, DT) as seconds on one
// continuous scale, for time differences such as radioactive decay.

#include <optional>
#include <string_view>

namespace rgw::dicom::detail {

/// DA "YYYYMMDD" (also the old "YYYY.MM.DD") -> days since 1970-01-01.
std::optional<long long> parseDate(std::string_view da);
/// TM "HH[MM[SS[.F{1,6}]]]" (also the old "HH:MM:SS") -> seconds since midnight.
std::optional<double> parseTime(std::string_view tm);
/// DT "YYYYMMDDHHMMSS.FFFFFF[&ZZXX]" -> seconds since 1970-01-01 00:00. The
/// UTC offset, when present, is ignored: DICOM times within one study share
/// the acquisition site's local time, and only differences are used.
std::optional<double> parseDateTime(std::string_view dt);
/// DA + TM -> seconds since 1970-01-01 00:00; nullopt if either is unreadable.
std::optional<double> combineDateTime(std::string_view da, std::string_view tm);

} // namespace rgw::dicom::detail
