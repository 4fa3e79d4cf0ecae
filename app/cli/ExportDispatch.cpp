// `export KIND`: the export kinds (all analysis commands, see main.cpp).
#include "CliCommands.h"

#include <string>
#include <vector>

namespace rgw::cli {

const char* exportHelp() {
    static const std::string help = [] {
        std::string text;
        for (const auto& kind : exportCommands())
            text += (text.empty() ? "" : "\n") + std::string(kind.help);
        return text;
    }();
    return help.c_str();
}

int runExport(const CliContext& context, const std::vector<std::string>& args) {
    std::string kinds;
    for (const auto& kind : exportCommands())
        kinds += (kinds.empty() ? "" : ", ") + std::string(kind.name);
    if (args.empty())
        throw UsageError("export needs what to export: " + kinds + " (see rgw-cli export --help)");
    for (const auto& kind : exportCommands())
        if (args.front() == kind.name)
            return kind.run(context, std::vector<std::string>(args.begin() + 1, args.end()));
    throw UsageError("unknown export '" + args.front() + "' (" + kinds + ")");
}

const std::vector<Command>& exportCommands() {
    static const std::vector<Command> list{
        {"sr", "DICOM SR TID 1500 measurement report of one feature extraction", kExportSrHelp,
         runExportSr},
        {"deidentified", "a cohort's DICOM and table de-identified for sharing (PS3.15)",
         kExportDeidentifiedHelp, runExportDeidentified},
        {"features", "a cohort's radiomic feature table (wide or long CSV, with provenance)",
         kExportFeaturesHelp, runExportFeatures},
        {"bundle", "a cohort bundle: de-identified DICOM, genomics, features, models, report",
         kExportBundleHelp, runExportBundle},
    };
    return list;
}

} // namespace rgw::cli
