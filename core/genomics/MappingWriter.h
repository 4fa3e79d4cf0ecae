#pragma once

// Writes a column mapping (genomics::TableMapping) as the YAML text that
// genomics::parseTableMapping reads back into the same mapping
// (resources/mapping/README.md): the GUI's mapping editor saves what the
// user built in the one format the CLI also takes.

#include "genomics/MappedTable.h"

#include <string>

namespace rgw::genomics {

/// The mapping file text of `mapping`. Every text is written as a YAML
/// double-quoted scalar, so any header or value (colons, quotes, '#',
/// leading spaces, non-ASCII) survives the round trip. Defaults are written
/// out only when they differ from the format's defaults (the `missing` list,
/// a display name equal to the attribute id, Missense_Mutation).
std::string writeTableMapping(const TableMapping& mapping);

/// True when `a` and `b` say the same (line numbers and the source name are
/// ignored): what a written and re-read mapping is compared by.
bool sameMapping(const TableMapping& a, const TableMapping& b);

} // namespace rgw::genomics
