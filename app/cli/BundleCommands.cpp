// rgw-cli export bundle / import-bundle: the cohort bundle
// (storage/CohortBundle.h) out of one database and into another. The CLI
// renders the bundle's report.pdf (storage does not depend on Qt).
#include "CliCommands.h"
#include "CliConsole.h"
#include "CohortBundle.h"
#include "Database.h"
#include "NamedCohorts.h"
#include "report/HeadlessGui.h"
#include "report/ReportRenderer.h"
#include "util/Error.h"

#include <cstdio>
#include <limits>
#include <optional>

namespace rgw::cli {

const char* const kExportBundleHelp =
    R"(usage: rgw-cli [--db PATH] export bundle --cohort NAME[@VERSION] --out DIR|F.zip
                                   [--retain-intervals] [--no-report] [--seed S]

bundle: one folder another installation imports into an equal database
(rgw-cli import-bundle DIR): dicom/ (the de-identified export: DICOM, SEG,
RTSTRUCT, clinical.tsv), genomics/ (the cohort's cBioPortal study under the
same pseudonyms), features/ (a long feature table per parameter set with
the IBSI columns, the parameter set's canonical text and extractions.json),
models/ (each model trained on the cohort, its training members replaced by
pseudonyms: the model id changes, models.json lists both), cohort.json
(version, definition, flow, included members with their split, excluded
members by pseudonym with their reasons), report.pdf (the study report
without the per-patient appendix) and bundle.json (contents, counts, software
version, the size and SHA-256 of every file). The pseudonym table stays in
the local database. DIR is written as a whole; Ctrl-C leaves nothing. An
--out ending in .zip writes the same content as one zip file.

options:
  --cohort NAME       cohort name, or NAME@VERSION (default: latest version)
  --out DIR|F.zip     output folder (created; must not exist or be empty), or
                      a zip file (must not exist)
  --retain-intervals  dates shifted per patient instead of removed
  --no-report         leave out report.pdf
  --seed S            reproducible UIDs and new pseudonyms (testing only)
  --help              show this help
)";

const char* const kImportBundleHelp =
    R"(usage: rgw-cli [--db PATH] import-bundle DIR|F.zip

Imports a cohort bundle (rgw-cli export bundle) into the database, normally
an empty one: checks every file's size and SHA-256 against bundle.json first
(a damaged bundle is refused, naming the file, and nothing is written), then
imports the DICOM (the files stay in DIR; a zip is first checked - entry
names inside the folder, declared sizes within the budget - and extracted
into bundles/ next to the database), the genomic study, the parameter sets
and feature values (linked to the imported segmentations), the models and
the cohort at its version with its members, exclusions and split. All or
nothing: an error or Ctrl-C at any stage leaves the database as it was.

options:
  --help              show this help
)";

int runExportBundle(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed = parseArgs("export bundle", args, {"--cohort", "--out", "--seed"},
                                        {"--retain-intervals", "--no-report"});
    if (!parsed.positional.empty())
        throw UsageError("export bundle takes no positional argument ('" +
                         parsed.positional.front() + "')");
    const std::string* cohortName = parsed.value("--cohort");
    if (!cohortName || cohortName->empty())
        throw UsageError("export bundle needs --cohort NAME");
    const std::string* out = parsed.value("--out");
    if (!out || out->empty())
        throw UsageError("export bundle needs --out DIR");
    storage::CohortBundleOptions options;
    options.outDir = *out;
    options.retainIntervals = parsed.has("--retain-intervals");
    if (const std::string* seed = parsed.value("--seed"))
        options.seed = static_cast<std::uint64_t>(
            parseCount("--seed", *seed, 0, std::numeric_limits<long long>::max()));
    storage::Database db(context.databasePath());
    const storage::CohortRow cohort = requireCohort(db, *cohortName);
    SigintCancel sigint;
    std::optional<reportrender::HeadlessGui> gui;
    if (!parsed.has("--no-report")) {
        gui.emplace();
        options.renderReport = [&](const report::Document& document,
                                   const std::filesystem::path& file) {
            reportrender::RenderOptions render;
            render.cancel = sigint.token();
            reportrender::writeReport(document, file, render);
        };
    }
    ConsoleProgress progress("writing the bundle");
    storage::CohortBundleReport report;
    try {
        report =
            storage::exportCohortBundle(db, cohort, options, progress.callback(), sigint.token());
    } catch (const reportrender::RenderCancelled&) {
        report.cancelled = true;
    }
    progress.finish();
    if (report.cancelled) {
        std::fprintf(stderr, "rgw-cli: cancelled: nothing written to %s\n", out->c_str());
        return kExitCancelled;
    }
    for (const std::string& note : report.notes)
        std::fprintf(stderr, "rgw-cli: note: %s\n", note.c_str());
    std::printf("Wrote the bundle of %s@%d to %s: %zu patients, %zu DICOM files, %zu genomic "
                "files, %zu extractions in %zu parameter sets, %zu models, %zu files listed in "
                "bundle.json\n",
                cohort.name.c_str(), cohort.version, report.outDir.string().c_str(),
                report.patients, report.dicomFiles, report.genomicFiles, report.extractions,
                report.parameterSets, report.models, report.files);
    return kExitOk;
}

int runImportBundle(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed = parseArgs("import-bundle", args, {}, {});
    if (parsed.positional.size() != 1)
        throw UsageError("import-bundle needs one bundle folder or zip");
    const std::filesystem::path folder = parsed.positional.front();
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec) && !std::filesystem::is_regular_file(folder, ec))
        throw NotFoundError("no such folder or zip: " + folder.string());
    storage::Database db(context.databasePath());
    SigintCancel sigint;
    ConsoleProgress progress("importing the bundle");
    const storage::CohortBundleImportReport report =
        storage::importCohortBundle(db, folder, progress.callback(), sigint.token());
    progress.finish();
    if (report.cancelled) {
        std::fprintf(stderr, "rgw-cli: cancelled: nothing of the bundle was imported\n");
        return kExitCancelled;
    }
    std::printf("Imported the bundle %s: cohort %s, %zu patients, %zu instances, %zu "
                "segmentations, %zu genomic profiles, %zu extractions, %zu models\n",
                folder.string().c_str(), report.cohort.c_str(), report.patients,
                report.instancesAdded, report.segmentations, report.genomicProfiles,
                report.extractions, report.models);
    return kExitOk;
}

} // namespace rgw::cli
