// rgw-cli export deidentified: a cohort's DICOM and table de-identified for
// sharing (storage/DeidentifiedExport.h), one kind of main.cpp's `export`.
#include "CliCommands.h"
#include "CliConsole.h"
#include "Database.h"
#include "DeidentifiedExport.h"
#include "NamedCohorts.h"
#include "util/Error.h"

#include <cstdio>
#include <limits>

namespace rgw::cli {

const char* const kExportDeidentifiedHelp =
    R"(usage: rgw-cli [--db PATH] export deidentified --cohort NAME[@VERSION] --out DIR
                                         [--retain-intervals] [--seed S]

deidentified: writes the included patients of a named cohort for sharing,
de-identified with the DICOM PS3.15 Basic Application Level Confidentiality
Profile: every instance of each patient's image, RTSTRUCT, SEG and SR series
and a DICOM SEG of the newest NIfTI / manual segmentations of each image
series; attributes removed, emptied or replaced as the profile's Table E.1-1
says, private attributes removed, UIDs remapped with one map for the whole
export (SEG and RTSTRUCT still reference their image series), Patient ID
and Patient's Name replaced by the patient's pseudonym. DIR also gets
clinical.tsv (the cohort's table, as 'cohort export' writes it, with the
pseudonym as patient_id) and manifest.json. A patient keeps its pseudonym
in every export; the pseudonym table stays in the local database only.
DIR is written as a whole (a temporary folder renamed at the end); Ctrl-C
leaves nothing.

options:
  --cohort NAME       cohort name, or NAME@VERSION (default: latest version)
  --out DIR           output folder (created; must not exist or be empty)
  --retain-intervals  Retain Longitudinal Temporal Information with Modified
                      Dates: every date shifted by the patient's recorded offset
                      in days (intervals between studies kept); otherwise dates
                      are emptied or removed as the basic profile says
  --seed S            reproducible UIDs and new pseudonyms (testing only:
                      whoever knows S can recompute the UID mapping)
  --help              show this help
)";

int runExportDeidentified(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed = parseArgs("export deidentified", args,
                                        {"--cohort", "--out", "--seed"}, {"--retain-intervals"});
    if (!parsed.positional.empty())
        throw UsageError("export deidentified takes no positional argument ('" +
                         parsed.positional.front() + "')");
    const std::string* cohortName = parsed.value("--cohort");
    if (!cohortName || cohortName->empty())
        throw UsageError("export deidentified needs --cohort NAME");
    const std::string* out = parsed.value("--out");
    if (!out || out->empty())
        throw UsageError("export deidentified needs --out DIR");
    storage::DeidentifiedExportOptions options;
    options.outDir = *out;
    options.retainIntervals = parsed.has("--retain-intervals");
    if (const std::string* seed = parsed.value("--seed"))
        options.seed = static_cast<std::uint64_t>(
            parseCount("--seed", *seed, 0, std::numeric_limits<long long>::max()));
    storage::Database db(context.databasePath());
    const storage::CohortRow cohort = requireCohort(db, *cohortName);
    SigintCancel sigint;
    ConsoleProgress progress("de-identifying");
    const storage::DeidentifiedExportReport report =
        storage::exportDeidentified(db, cohort, options, progress.callback(), sigint.token());
    progress.finish();
    if (report.cancelled) {
        std::fprintf(stderr, "rgw-cli: cancelled: nothing written to %s\n", out->c_str());
        return kExitCancelled;
    }
    std::printf("Exported %zu patients of %s@%d de-identified to %s: %zu files (%zu SEG from "
                "NIfTI/manual segmentations), %zu UIDs remapped, dates %s (export %s)\n",
                report.patients.size(), cohort.name.c_str(), cohort.version,
                report.outDir.string().c_str(), report.files, report.segsWritten,
                report.uidsRemapped, options.retainIntervals ? "shifted per patient" : "removed",
                report.exportId.c_str());
    return 0;
}

} // namespace rgw::cli
