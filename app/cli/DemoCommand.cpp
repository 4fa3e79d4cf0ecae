#include "CliCommands.h"
#include "CliConsole.h"
#include "Database.h"
#include "ImportService.h"
#include "demo/DemoCohort.h"

#include <cstdio>

namespace rgw::cli {

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
        ConsoleProgress progress("importing");
        const auto report =
            storage::importPaths(db, {options.outputFolder}, progress.callback(), sigint.token());
        progress.finish();
        printImportReport(report);
        if (report.cancelled) {
            std::fprintf(stderr, "rgw-cli: error: import cancelled\n");
            return kExitCancelled;
        }
    }
    return 0;
}

} // namespace rgw::cli
