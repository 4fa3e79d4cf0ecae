#pragma once

// Where an analysis table came from, read from the side file the cohort
// export writes beside it (TABLE.csv.provenance.json): the cohort
// (NAME@VERSION) and the radiomic parameter set of its feature columns. A
// model trained on the table records them; scoring compares parameter sets.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace rgw::modeling {

struct TableProvenance {
    std::string cohort;           ///< NAME@VERSION; empty for "every patient"
    std::string parameterSetHash; ///< empty without feature columns
};

/// The side file of `table` (the same path + ".provenance.json").
std::filesystem::path provenanceFileOf(const std::filesystem::path& table);

/// The text of `table`'s side file, or std::nullopt when it has none. Side
/// files are small: one over `maxBytes` is refused unread. Throws
/// rgw::Error naming the side file as not `what` ("a cohort export's
/// provenance") when too large, and when unreadable. The readers of the two
/// kinds of side file (this and association/AssociationProvenanceFile) share it.
std::optional<std::string> readProvenanceText(const std::filesystem::path& table,
                                              std::uintmax_t maxBytes, const std::string& what);

/// The provenance of `table`, or std::nullopt when it has no side file.
/// Throws rgw::Error naming the side file when it is not the cohort export's
/// JSON (unreadable, malformed, a field of the wrong type, too large).
std::optional<TableProvenance> readTableProvenance(const std::filesystem::path& table);

} // namespace rgw::modeling
