#pragma once

// Reading back the provenance side file of an association result
// (TABLE.provenance.json, written by writeProvenanceFile in
// AssociationCsv.h): what the study report checks before it shows a map
// (the cohort it was computed on, the kind of result).

#include "association/AssociationCsv.h"

#include <filesystem>
#include <optional>

namespace rgw::association {

/// The provenance beside `table`, or std::nullopt when there is no side
/// file. Kind, cohort, input table, parameter-set hash, options and summary
/// are read (null = empty text, a NaN number); software and time are not.
/// Throws rgw::Error naming the side file when it is unreadable, larger
/// than 16 MiB, not a JSON object, has no text "kind", or a field of the
/// wrong type.
std::optional<AssociationProvenance> readProvenanceFile(const std::filesystem::path& table);

} // namespace rgw::association
