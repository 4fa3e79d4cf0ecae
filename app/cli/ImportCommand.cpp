#include "CliCommands.h"
#include "CliConsole.h"
#include "CliJson.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "ImportService.h"
#include "SegmentationRepository.h"

#include <QJsonArray>
#include <cstdio>
#include <optional>
#include <string>

namespace rgw::cli {

void printImportReport(const storage::ImportReport& r) {
    std::printf("Files scanned:        %zu\n", r.filesScanned);
    std::printf("Instances added:      %zu\n", r.instancesAdded);
    std::printf("Duplicates:           %zu\n", r.duplicates);
    std::printf("Changed:              %zu\n", r.changed);
    std::printf("Skipped:              %zu\n", r.skipped.size());
    std::printf("Patients:             %zu\n", r.patients);
    std::printf("Studies:              %zu\n", r.studies);
    std::printf("Series:               %zu\n", r.series);
    std::printf("Segmentations added:  %zu\n", r.segmentationsAdded);
    std::printf("Time:                 %.2f s%s\n", r.seconds, r.cancelled ? " (cancelled)" : "");
    for (const auto& s : r.skipped)
        std::printf("  skipped %s: %s\n", s.file.string().c_str(), s.reason.c_str());
    for (const auto& f : r.changedFiles)
        std::printf("  changed %s\n", f.string().c_str());
    for (const auto& n : r.notes)
        std::printf("  note %s: %s\n", n.file.string().c_str(), n.message.c_str());
}

int runImport(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed = parseArgs("import", args, {}, {"--json"});
    if (parsed.positional.empty())
        throw UsageError("import needs at least one PATH (see rgw-cli import --help)");
    std::vector<std::filesystem::path> roots;
    for (const auto& p : parsed.positional) {
        std::error_code ec;
        if (!std::filesystem::exists(p, ec))
            throw NotFoundError("no such file or folder: " + p);
        roots.emplace_back(p);
    }

    storage::Database db(context.databasePath());
    SigintCancel sigint;
    ConsoleProgress progress("importing");
    const storage::ImportReport report =
        storage::importPaths(db, roots, progress.callback(), sigint.token());
    progress.finish();

    if (parsed.has("--json"))
        printJson(toJson(report));
    else
        printImportReport(report);
    if (report.cancelled) {
        std::fprintf(stderr, "rgw-cli: error: import cancelled; %zu series written completely\n",
                     report.series);
        return kExitCancelled;
    }
    if (storage::foundNoDicom(report)) {
        std::string paths;
        for (const auto& p : parsed.positional)
            paths += (paths.empty() ? "" : ", ") + p;
        std::fprintf(stderr,
                     "rgw-cli: warning: 0 instances: nothing in %s is DICOM (%zu file(s) "
                     "scanned)\n",
                     paths.c_str(), report.filesScanned);
        return kExitNoDicom;
    }
    return kExitOk;
}

int runImportMask(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed = parseArgs("import-mask", args, {"--name", "--label"}, {"--json"});
    if (parsed.positional.size() != 2)
        throw UsageError("import-mask needs SERIES_UID and FILE (see rgw-cli import-mask --help)");
    const std::string& series = parsed.positional[0];
    const std::filesystem::path file = parsed.positional[1];
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw NotFoundError("no such file: " + file.string());
    const std::string* name = parsed.value("--name");
    if (!name || name->empty())
        throw UsageError("import-mask needs --name NAME (the ROI name)");
    std::optional<int> label;
    if (const std::string* n = parsed.value("--label"))
        label = static_cast<int>(parseCount("--label", *n, 1, 65535));

    storage::Database db(context.databasePath());
    const std::vector<storage::Id> ids =
        storage::importNiftiSegmentations(db, series, *name, file, label);
    const std::string patientId = storage::SeriesRepository(db).find(series)->patientId;
    storage::SegmentationRepository repository(db);
    QJsonArray rows;
    for (const storage::Id id : ids) {
        const auto row = repository.find(id);
        if (parsed.has("--json"))
            rows.append(toJson(*row, patientId));
        else
            std::printf("segmentation %lld: '%s' (label %d)\n", static_cast<long long>(id),
                        row->roiName.c_str(), row->roiNumber);
    }
    if (parsed.has("--json"))
        printJson(rows);
    return 0;
}

} // namespace rgw::cli
