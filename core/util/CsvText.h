#pragma once

// Writing CSV as the cohort export and the association tables do: RFC 4180
// fields and numbers in their shortest round-trip form.

#include <string>
#include <string_view>
#include <vector>

namespace rgw {

/// The shortest text that reads back as the same double (std::to_chars);
/// "" for NaN (a missing value is an empty cell, never 0), "inf" / "-inf"
/// for infinities.
std::string shortestNumber(double value);

/// `text` as one RFC 4180 field: quoted when it holds a comma, a quote or a
/// line break, with each quote doubled.
std::string csvField(std::string_view text);

/// One CSV record: the fields joined by commas (each through csvField),
/// ended by CRLF as RFC 4180 asks.
std::string csvRecord(const std::vector<std::string>& fields);

} // namespace rgw
