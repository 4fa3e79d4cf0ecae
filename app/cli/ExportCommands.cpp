#include "CliCommands.h"
#include "Database.h"
#include "SeriesAccess.h"
#include "io/nifti/Nifti.h"

#include <cstdio>
#include <limits>

namespace rgw::cli {
namespace {

std::filesystem::path requiredOut(const ParsedArgs& parsed, const std::string& command) {
    const std::string* out = parsed.value("--out");
    if (!out || out->empty())
        throw UsageError(command + " needs --out FILE.nii.gz");
    return *out;
}

void printGrid(const std::filesystem::path& out, const Geometry& g) {
    std::printf("Wrote %s (%lld x %lld x %lld voxels, %.4g x %.4g x %.4g mm)\n",
                out.string().c_str(), static_cast<long long>(g.size[0]),
                static_cast<long long>(g.size[1]), static_cast<long long>(g.size[2]), g.spacing.x(),
                g.spacing.y(), g.spacing.z());
}

} // namespace

int runExportVolume(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed = parseArgs("export-volume", args, {"--out"}, {});
    if (parsed.positional.size() != 1)
        throw UsageError("export-volume needs one SERIES_UID");
    const std::filesystem::path out = requiredOut(parsed, "export-volume");
    storage::Database db(context.databasePath());
    const dicom::LoadedSeries series = storage::loadSeriesVolume(db, parsed.positional.front());
    for (const auto& finding : series.findings)
        std::fprintf(stderr, "rgw-cli: warning: %s\n", finding.message.c_str());
    nifti::writeVolume(series.volume, out);
    printGrid(out, series.volume.geometry);
    return 0;
}

int runExportMask(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed = parseArgs("export-mask", args, {"--out"}, {});
    if (parsed.positional.size() != 1)
        throw UsageError("export-mask needs one SEGMENTATION_ID");
    const auto id = static_cast<storage::Id>(parseCount(
        "SEGMENTATION_ID", parsed.positional.front(), 1, std::numeric_limits<long long>::max()));
    const std::filesystem::path out = requiredOut(parsed, "export-mask");
    storage::Database db(context.databasePath());
    const Mask mask = storage::loadSegmentationMask(db, id);
    nifti::writeMask(mask, out);
    printGrid(out, mask.geometry);
    return 0;
}

} // namespace rgw::cli
