#include "SegmentationExport.h"

#include "AuditLog.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "io/dicom/ReferencedSeries.h"
#include "io/dicom/RtStructWriter.h"
#include "io/dicom/SegWriter.h"
#include "io/nifti/Nifti.h"
#include "util/Error.h"

namespace rgw::storage {

const char* toString(ExportFormat format) {
    switch (format) {
    case ExportFormat::Nifti:
        return "nifti";
    case ExportFormat::Seg:
        return "seg";
    case ExportFormat::RtStruct:
        return "rtstruct";
    }
    return "unknown";
}

std::optional<ExportFormat> exportFormatFromString(std::string_view text) {
    for (ExportFormat f : {ExportFormat::Nifti, ExportFormat::Seg, ExportFormat::RtStruct})
        if (text == toString(f))
            return f;
    return std::nullopt;
}

std::vector<SegmentationRow> exportableSegmentations(Database& db, const std::vector<Id>& ids,
                                                     ExportFormat format) {
    if (ids.empty())
        throw Error("no segmentation ids to export");
    if (format == ExportFormat::Nifti && ids.size() != 1)
        throw Error("a NIfTI mask holds one segmentation; " + std::to_string(ids.size()) +
                    " ids given (use --format seg or rtstruct for several)");
    SegmentationRepository repository(db);
    std::vector<SegmentationRow> rows;
    for (Id id : ids) {
        auto row = repository.find(id);
        if (!row)
            throw Error("segmentation " + std::to_string(id) + " is not in " + db.path().string());
        for (const SegmentationRow& earlier : rows)
            if (earlier.id == id)
                throw Error("segmentation " + std::to_string(id) + " is given twice");
        if (format != ExportFormat::Nifti && row->referencedSeriesInstanceUid.empty())
            throw Error("segmentation " + std::to_string(id) + " ('" + row->roiName +
                        "') does not reference an image series");
        if (!rows.empty() &&
            row->referencedSeriesInstanceUid != rows.front().referencedSeriesInstanceUid)
            throw Error("segmentation " + std::to_string(id) + " lies on series " +
                        row->referencedSeriesInstanceUid + " but segmentation " +
                        std::to_string(rows.front().id) + " on series " +
                        rows.front().referencedSeriesInstanceUid +
                        "; one export holds the segmentations of one series");
        rows.push_back(std::move(*row));
    }
    return rows;
}

ExportResult exportSegmentations(Database& db, const std::vector<Id>& ids, ExportFormat format,
                                 const std::filesystem::path& out, const ExportOptions& options) {
    ExportResult result;
    result.file = out;
    result.format = format;
    result.segmentations = exportableSegmentations(db, ids, format);
    result.referencedSeriesInstanceUid = result.segmentations.front().referencedSeriesInstanceUid;
    const std::string who = options.who.empty() ? currentUserName() : options.who;

    if (out.has_parent_path())
        std::filesystem::create_directories(out.parent_path());
    if (format == ExportFormat::Nifti) {
        const Mask mask = loadSegmentationMask(db, result.segmentations.front().id);
        nifti::writeMask(mask, out);
        result.grid = mask.geometry;
    } else {
        const std::string& series = result.referencedSeriesInstanceUid;
        result.grid = loadSeriesVolume(db, series).volume.geometry;
        const dicom::ReferencedSeries referenced =
            dicom::readReferencedSeries(seriesFiles(db, series), result.grid);
        std::vector<Mask> masks;
        masks.reserve(result.segmentations.size());
        for (const SegmentationRow& row : result.segmentations)
            masks.push_back(loadSegmentationMask(db, row.id, result.grid));
        dicom::DerivedObjectOptions objectOptions;
        objectOptions.contentCreatorName = who;
        dicom::WrittenObject written;
        if (format == ExportFormat::Seg) {
            objectOptions.seriesDescription = "Segmentation (rgw export)";
            std::vector<dicom::SegmentToWrite> segments;
            for (std::size_t s = 0; s < masks.size(); ++s) {
                dicom::SegmentToWrite& segment = segments.emplace_back();
                segment.label = result.segmentations[s].roiName;
                segment.colour = result.segmentations[s].color;
                segment.mask = &masks[s];
            }
            written = dicom::writeSegmentation(out, referenced, segments, objectOptions);
        } else {
            objectOptions.seriesDescription = "Structure set (rgw export)";
            objectOptions.contentLabel = "RGW EXPORT";
            std::vector<dicom::RoiToWrite> rois;
            for (std::size_t r = 0; r < masks.size(); ++r)
                rois.push_back({result.segmentations[r].roiName, result.segmentations[r].color,
                                &masks[r], true});
            written = dicom::writeRtStruct(out, referenced, rois, objectOptions);
        }
        result.seriesInstanceUid = written.seriesInstanceUid;
        result.sopInstanceUid = written.sopInstanceUid;
    }
    std::string idList;
    for (const SegmentationRow& row : result.segmentations)
        idList += (idList.empty() ? "" : ",") + std::to_string(row.id);
    AuditLog(db).record(who, "segmentation.export", "segmentations",
                        result.segmentations.front().id,
                        std::string(toString(format)) + " of " + idList + " to " + out.string());
    return result;
}

} // namespace rgw::storage
