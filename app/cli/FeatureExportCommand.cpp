// export features: argument parsing and printing only; the table is written
// by storage/FeatureTableExport.h (the GUI's export calls the same function).
#include "CliCommands.h"
#include "CliConsole.h"
#include "CohortExport.h"
#include "Database.h"
#include "FeatureTableExport.h"
#include "NamedCohorts.h"
#include "util/Error.h"

#include <cstdio>
#include <filesystem>
#include <string>

namespace rgw::cli {

const char* const kExportFeaturesHelp =
    R"(usage: rgw-cli [--db PATH] export features --cohort NAME[@VERSION] --params PRESET|HASH
                                         --format wide|long --out F.csv

Writes the radiomic features of a named cohort's included patients, computed
with one parameter set (its name, e.g. the preset given to extract-cohort, or
a prefix of its SHA-256), for each ROI: the newest version of each
segmentation with a stored extraction (the ROIs of 'cohort export --roi each').

  wide  one row per patient and ROI: patient_id, roi_name, series_uid, split,
        then one column per feature, family.feature[.aggregation] (the cells of
        'cohort export --features PRESET --roi each'); a patient without an
        extraction has one row with empty cells
  long  one row per extraction and feature: patient_id, roi_name, series_uid,
        extraction_id, then the IBSI columns of 'rgw-cli extract' (family,
        feature, ibsi_code, aggregation, value, unit, missing_reason)

Missing values are empty cells, never 0. The provenance is written beside the
table as F.csv.provenance.json: the cohort (NAME@VERSION), the parameter
set's SHA-256 and name, the software version, the extraction ids and the
creation time. Both files are written whole or not at all. An unknown cohort
or parameter set exits with status 3.

options:
  --cohort NAME   named cohort, NAME or NAME@VERSION (default: its latest version)
  --params P      parameter set: name (preset) or hash prefix
  --format F      wide or long
  --out FILE      output CSV file
  --help          show this help
)";

int runExportFeatures(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed =
        parseArgs("export features", args, {"--cohort", "--params", "--format", "--out"}, {});
    if (!parsed.positional.empty())
        throw UsageError("export features takes no positional argument ('" +
                         parsed.positional.front() + "'); see rgw-cli export features --help");
    const auto required = [&](const char* option, const char* what) {
        const std::string* value = parsed.value(option);
        if (!value || value->empty())
            throw UsageError(std::string("export features needs ") + option + " " + what);
        return *value;
    };
    storage::FeatureTableOptions options;
    options.cohort = required("--cohort", "NAME");
    options.parameterSet = required("--params", "PRESET");
    const std::string formatName = required("--format", "wide|long");
    const auto format = storage::featureTableFormatFromName(formatName);
    if (!format)
        throw UsageError("unknown --format '" + formatName + "': choose wide or long");
    options.format = *format;
    const std::filesystem::path out = required("--out", "F.csv");

    storage::Database db(context.databasePath());
    // What the command line names must exist: exit status 3 otherwise.
    try {
        storage::NamedCohortRepository(db).require(options.cohort);
    } catch (const Error& e) {
        throw NotFoundError(e.what());
    }
    try {
        storage::requireParameterSet(db, options.parameterSet);
    } catch (const Error& e) {
        throw NotFoundError(e.what());
    }

    SigintCancel sigint;
    ConsoleProgress progress("exporting features");
    options.cancel = sigint.token();
    options.progress = progress.callback();
    const storage::FeatureTableReport report = storage::exportFeatureTable(db, options, out);
    progress.finish();
    if (report.cancelled) {
        std::fprintf(stderr, "rgw-cli: error: export cancelled; nothing was written\n");
        return kExitCancelled;
    }
    std::printf("Wrote %s (%s): %zu rows, %zu columns, %zu extractions of %s with parameter set "
                "%s\n",
                out.string().c_str(), storage::featureTableFormatName(options.format), report.rows,
                report.columns, report.extractionIds.size(), report.cohort.c_str(),
                report.parameterSetHash.substr(0, 12).c_str());
    std::printf("Provenance: %s\n", report.provenanceFile.string().c_str());
    return kExitOk;
}

} // namespace rgw::cli
