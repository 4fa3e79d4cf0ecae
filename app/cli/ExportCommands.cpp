#include "CliCommands.h"
#include "Database.h"
#include "SegmentationExport.h"
#include "SeriesAccess.h"
#include "io/nifti/Nifti.h"
#include "util/Error.h"

#include <algorithm>
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
    const ParsedArgs parsed =
        parseArgs("export-mask", args, {"--out", "--format", "--segmentation"}, {});
    // Ids: --segmentation ID[,ID...] or (as before) one positional SEGMENTATION_ID.
    std::string idList;
    if (const std::string* given = parsed.value("--segmentation")) {
        if (!parsed.positional.empty())
            throw UsageError("export-mask takes the ids either as --segmentation or as one "
                             "SEGMENTATION_ID, not both");
        idList = *given;
    } else if (parsed.positional.size() == 1) {
        idList = parsed.positional.front();
    } else {
        throw UsageError("export-mask needs --segmentation ID[,ID...]");
    }
    std::vector<storage::Id> ids;
    for (std::size_t start = 0; start <= idList.size();) {
        const std::size_t comma = std::min(idList.find(',', start), idList.size());
        ids.push_back(static_cast<storage::Id>(parseCount("SEGMENTATION_ID",
                                                          idList.substr(start, comma - start), 1,
                                                          std::numeric_limits<long long>::max())));
        start = comma + 1;
    }
    const std::string* formatText = parsed.value("--format");
    const auto format = storage::exportFormatFromString(formatText ? *formatText : "nifti");
    if (!format)
        throw UsageError("unknown --format '" + *formatText + "': choose nifti, seg or rtstruct");
    const std::string* out = parsed.value("--out");
    if (!out || out->empty())
        throw UsageError(std::string("export-mask needs --out FILE") +
                         (*format == storage::ExportFormat::Nifti ? ".nii.gz" : ".dcm"));

    storage::Database db(context.databasePath());
    // Unknown ids or ids on different series are errors of the work (exit 1,
    // like an unknown series for export-volume), raised by exportSegmentations.
    const storage::ExportResult result = storage::exportSegmentations(db, ids, *format, *out);
    if (*format == storage::ExportFormat::Nifti) {
        printGrid(result.file, result.grid);
    } else {
        std::printf("Wrote %s (%s, %zu %s on series %s, SOP Instance UID %s)\n",
                    result.file.string().c_str(),
                    *format == storage::ExportFormat::Seg ? "DICOM SEG" : "RTSTRUCT",
                    result.segmentations.size(),
                    *format == storage::ExportFormat::Seg
                        ? (result.segmentations.size() == 1 ? "segment" : "segments")
                        : (result.segmentations.size() == 1 ? "ROI" : "ROIs"),
                    result.referencedSeriesInstanceUid.c_str(), result.sopInstanceUid.c_str());
    }
    return 0;
}

} // namespace rgw::cli
