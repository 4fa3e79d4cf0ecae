#pragma once

// One association result of the study report's Results (ReportResults.h):
// the CSV of `rgw-cli assoc map` (correlation map) or `assoc groups` (group
// map) read back with stats::DataTable and its provenance side file, shown
// as the top associations by q, a heatmap (correlation map) or volcano plot
// (group map), and the count of tests with FDR < 0.05.

#include "ReportResults.h"

#include <filesystem>
#include <string>

namespace rgw::storage {

/// The level-3 section associationAnchor(number) of the result in `file`.
/// Throws rgw::Error naming the file when it cannot be read, has no
/// provenance side file, names another cohort than `cohort` (NAME@VERSION)
/// or none, is not a correlation or group map, or lacks a column.
report::Section associationSection(const std::filesystem::path& file, const std::string& cohort,
                                   std::size_t number, const ResultsOptions& options);

} // namespace rgw::storage
