#pragma once

#include "CliArgs.h"
#include "ExitCodes.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {
struct ImportReport;
struct CohortRow;
class Database;
} // namespace rgw::storage

namespace rgw::cli {

/// What every command needs from the global options.
struct CliContext {
    std::optional<std::filesystem::path> databaseOverride; ///< --db PATH
    /// The whole command line but the program name (argv[1..]), global
    /// options included: what a command run by rgw-cli-analysis is given.
    std::vector<std::string> commandLine;
    /// --db PATH, else <AppDataLocation>/cohort.rgwdb.
    std::filesystem::path databasePath() const;
};

/// One sub-command: its name, one-line summary, help text and entry point.
/// run() returns the process exit code; it throws rgw::Error or UsageError.
struct Command {
    const char* name;
    const char* summary;
    /// nullptr when run() hands the command line to another executable
    /// (runInAnalysisExecutable), which then prints the help itself.
    const char* help;
    int (*run)(const CliContext& context, const std::vector<std::string>& args);
};

int runImport(const CliContext& context, const std::vector<std::string>& args);
int runImportMask(const CliContext& context, const std::vector<std::string>& args);
int runList(const CliContext& context, const std::vector<std::string>& args);
int runExportVolume(const CliContext& context, const std::vector<std::string>& args);
int runExportMask(const CliContext& context, const std::vector<std::string>& args);
int runDemo(const CliContext& context, const std::vector<std::string>& args);
int runExtract(const CliContext& context, const std::vector<std::string>& args);
int runExtractCohort(const CliContext& context, const std::vector<std::string>& args);
int runGenomics(const CliContext& context, const std::vector<std::string>& args);
int runClinical(const CliContext& context, const std::vector<std::string>& args);
int runCohort(const CliContext& context, const std::vector<std::string>& args);
int runModel(const CliContext& context, const std::vector<std::string>& args);
int runStats(const CliContext& context, const std::vector<std::string>& args);
int runAssoc(const CliContext& context, const std::vector<std::string>& args);
int runHabitats(const CliContext& context, const std::vector<std::string>& args);
int runReport(const CliContext& context, const std::vector<std::string>& args);
int runFeatureMap(const CliContext& context, const std::vector<std::string>& args);
int runFilter(const CliContext& context, const std::vector<std::string>& args);
int runRobustness(const CliContext& context, const std::vector<std::string>& args);

/// The cohort "NAME" or "NAME@VERSION" named on the command line; a
/// NotFoundError (exit status 3) naming it when the database has none.
storage::CohortRow requireCohort(storage::Database& db, const std::string& nameAtVersion);
/// `export WHAT ...`: dispatches to the entries of exportCommands().
int runExport(const CliContext& context, const std::vector<std::string>& args);
int runExportSr(const CliContext& context, const std::vector<std::string>& args);
int runExportDeidentified(const CliContext& context, const std::vector<std::string>& args);
int runExportFeatures(const CliContext& context, const std::vector<std::string>& args);
int runExportBundle(const CliContext& context, const std::vector<std::string>& args);
int runImportBundle(const CliContext& context, const std::vector<std::string>& args);

/// Help texts of the commands defined outside main.cpp.
extern const char* const kGenomicsHelp;
extern const char* const kClinicalHelp;
extern const char* const kCohortHelp;
extern const char* const kModelHelp;
extern const char* const kStatsHelp;
extern const char* const kAssocHelp;
extern const char* const kHabitatsHelp;
extern const char* const kReportHelp;
extern const char* const kFeatureMapHelp;
extern const char* const kFilterHelp;
extern const char* const kRobustnessHelp;
extern const char* const kExportSrHelp;
extern const char* const kExportDeidentifiedHelp;
extern const char* const kExportFeaturesHelp;
extern const char* const kExportBundleHelp;
extern const char* const kImportBundleHelp;

/// The human-readable import summary on stdout (import, demo --import).
void printImportReport(const storage::ImportReport& report);

/// The help of `export`: every export kind's help, one after the other.
const char* exportHelp();

/// All commands, in the order the usage text lists them.
const std::vector<Command>& commands();
/// The kinds `export` writes (export sr, ...), each a Command named by its kind.
const std::vector<Command>& exportCommands();

} // namespace rgw::cli
