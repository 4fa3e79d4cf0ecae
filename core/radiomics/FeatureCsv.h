#pragma once

#include "radiomics/Feature.h"

#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>

namespace rgw::radiomics {

/// The exact CSV header: the reference_values.csv column names of a feature,
/// then its unit and, for a value that could not be computed, why.
inline constexpr std::string_view kFeatureCsvHeader =
    "family,feature,ibsi_code,aggregation,value,unit,missing_reason";

/// Writes `table.values` as CSV (header kFeatureCsvHeader, one row per value,
/// "\n" line ends). Fields holding a comma, quote or line break are quoted as
/// reference_values.csv does ("" for a literal quote); values are printed with
/// 17 significant digits so they read back bit-identical; infinite values are
/// written as inf, -inf. A missing value is an empty value cell with its
/// missing_reason; every other row has an empty missing_reason.
void writeFeatureCsv(std::ostream& out, const FeatureTable& table);
/// One value as the fields of kFeatureCsvHeader, as writeFeatureCsv writes
/// its row (without the line end): for tables that put more columns before
/// them (the long cohort feature table).
std::string featureCsvRecord(const FeatureValue& value);
std::string featureCsvText(const FeatureTable& table);
/// writeFeatureCsv into `file`: written next to it first (`file`.part) and
/// renamed, so a failed run leaves no partial CSV. Throws rgw::Error naming
/// the file.
void writeFeatureCsvFile(const std::filesystem::path& file, const FeatureTable& table);

/// Reads a CSV written by writeFeatureCsv (notes are not part of the CSV).
/// Throws rgw::Error naming `sourceName` and the line on a wrong header,
/// field count, unterminated quote or unparseable value.
FeatureTable readFeatureCsv(std::string_view text, const std::string& sourceName);

} // namespace rgw::radiomics
