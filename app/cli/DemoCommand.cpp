#include "CliCommands.h"
#include "CliConsole.h"
#include "Database.h"
#include "GenomicsImport.h"
#include "ImportService.h"
#include "demo/DemoCohort.h"
#include "genomics/GenomicSource.h"

#include <cstdio>

namespace rgw::cli {
namespace {

/// A short account of the genomic study's import (`genomics import` prints
/// the full report of the same storage::importGenomicData call).
void printGenomicsSummary(const storage::GenomicsImportReport& r) {
    std::printf("Genomic study: %zu samples added, %zu clinical values added%s\n", r.samplesAdded,
                r.clinicalValuesAdded, r.unchanged ? " (already imported, unchanged)" : "");
    for (const auto& p : r.profiles)
        std::printf("  profile %s (%s): %zu records, %zu samples, %s\n", p.stableId.c_str(),
                    p.kind.c_str(), p.records, p.samples, storage::toString(p.outcome));
    if (!r.unmatchedIds.empty())
        std::printf("  %zu ids matched no imaged patient\n", r.unmatchedIds.size());
    for (const auto& e : r.errors)
        std::printf("  problem %s\n", e.describe().c_str());
}

} // namespace

int runDemo(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed =
        parseArgs("demo", args, {"--out", "--patients", "--seed"}, {"--import"});
    if (!parsed.positional.empty())
        throw UsageError("unexpected argument '" + parsed.positional.front() + "' for 'demo'");
    const std::string* out = parsed.value("--out");
    if (!out || out->empty())
        throw UsageError("demo needs --out DIR");
    demo::DemoOptions options;
    options.outputFolder = *out;
    if (const auto* n = parsed.value("--patients"))
        options.patients = static_cast<int>(parseCount("--patients", *n, 1, 999));
    if (const auto* s = parsed.value("--seed"))
        options.seed = static_cast<std::uint32_t>(parseCount("--seed", *s, 0, 4294967295LL));

    SigintCancel sigint;
    demo::DemoSummary summary;
    {
        ConsoleProgress progress("writing patient");
        summary = demo::writeCohort(options, progress.callback(), sigint.token());
    }
    std::printf("Wrote %zu files for %zu patients (seed %u) to %s\n", summary.filesWritten,
                summary.patients.size(), options.seed, options.outputFolder.string().c_str());
    std::string notSequenced;
    for (const auto& s : summary.genomics.notSequencedSamples)
        notSequenced += (notSequenced.empty() ? "" : ", ") + s;
    if (!summary.patients.empty())
        std::printf("Genomic study (cBioPortal format) in %s; not sequenced: %s\n",
                    summary.genomics.folder.string().c_str(),
                    notSequenced.empty() ? "none" : notSequenced.c_str());
    for (const auto& p : summary.patients) {
        std::string rois;
        for (const auto& r : p.roiNames)
            rois += (rois.empty() ? "" : ", ") + r;
        std::printf("  %s  CT %s  ROIs: %s\n", p.patientId.c_str(), p.ctSeriesInstanceUid.c_str(),
                    rois.c_str());
    }
    if (sigint.cancelled()) {
        std::fprintf(stderr, "rgw-cli: error: demo cancelled after %zu patients\n",
                     summary.patients.size());
        return kExitCancelled;
    }
    if (parsed.has("--import")) {
        storage::Database db(context.databasePath());
        // The patients' folders only: the study folder holds no DICOM.
        std::vector<std::filesystem::path> dicomFolders;
        for (const auto& p : summary.patients)
            dicomFolders.push_back(options.outputFolder / p.patientId);
        {
            ConsoleProgress progress("importing");
            const auto report =
                storage::importPaths(db, dicomFolders, progress.callback(), sigint.token());
            progress.finish();
            printImportReport(report);
            if (report.cancelled) {
                std::fprintf(stderr, "rgw-cli: error: import cancelled\n");
                return kExitCancelled;
            }
        }
        const auto data = genomics::readGenomicSource(summary.genomics.folder);
        ConsoleProgress progress("importing the genomic study");
        storage::GenomicsImportOptions importOptions;
        importOptions.cancel = sigint.token();
        importOptions.progress = progress.callback();
        const auto report = storage::importGenomicData(db, data, importOptions);
        progress.finish();
        printGenomicsSummary(report);
        if (report.cancelled) {
            std::fprintf(stderr, "rgw-cli: error: import cancelled; the genomic study was not "
                                 "written\n");
            return kExitCancelled;
        }
        if (!report.imported) {
            std::fprintf(stderr,
                         "rgw-cli: error: the demo's genomic study could not be imported "
                         "(%zu problem(s))\n",
                         report.errors.size());
            return kExitBadData;
        }
    }
    return 0;
}

} // namespace rgw::cli
