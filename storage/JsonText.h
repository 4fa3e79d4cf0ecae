#pragma once

#include <string>
#include <string_view>

namespace rgw::storage {

/// `text` as a JSON string literal (quoted, with escapes), for the reports
/// stored with import runs.
std::string jsonString(std::string_view text);

} // namespace rgw::storage
