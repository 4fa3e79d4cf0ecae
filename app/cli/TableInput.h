#pragma once

// The --table FILE of the model and stats commands: read with
// stats::DataTable; a missing file is exit status 3.

#include "CliArgs.h"
#include "stats/DataTable.h"

#include <string>
#include <vector>

namespace rgw::cli {

/// The table named by --table; UsageError without it, NotFoundError when the
/// file does not exist.
stats::DataTable readTableOption(const ParsedArgs& parsed);

/// The value of a required option; UsageError "<command> needs <option> <what>".
const std::string& requireOption(const ParsedArgs& parsed, const std::string& command,
                                 const std::string& option, const std::string& what);

/// The non-empty items of a comma-separated option value ("a,b,,c" -> a, b, c).
std::vector<std::string> commaList(const std::string& text);

/// A finite number given for `option`; UsageError otherwise.
double parseNumberOption(const std::string& option, const std::string& text);

} // namespace rgw::cli
