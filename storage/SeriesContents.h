#pragma once

#include <map>
#include <string>
#include <vector>

namespace rgw::storage {

class Database;

/// Read-only browsing queries: what a non-image series holds, for naming it.

/// ROI names of every RTSTRUCT/SEG series, keyed by its Series Instance UID:
/// the names of the segmentations imported from the series' instances
/// (version 1 of each lineage, in ROI number order, each name once).
std::map<std::string, std::vector<std::string>> roiNamesBySourceSeries(Database& db);

} // namespace rgw::storage
