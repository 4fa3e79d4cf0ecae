#include "SeriesAccess.h"

#include "CohortRepositories.h"
#include "SegmentationRepository.h"
#include "io/dicom/RtStruct.h"
#include "io/dicom/Seg.h"
#include "util/Error.h"

#include <string>

namespace rgw::storage {

namespace {

SeriesRow requireSeries(Database& db, const std::string& seriesInstanceUid) {
    auto series = SeriesRepository(db).find(seriesInstanceUid);
    if (!series)
        throw Error("series " + seriesInstanceUid + " is not in " + db.path().string());
    return *series;
}

SegmentationRow requireSegmentation(Database& db, Id id) {
    auto row = SegmentationRepository(db).find(id);
    if (!row)
        throw Error("segmentation " + std::to_string(id) + " is not in " + db.path().string());
    return *row;
}

/// The file of the source object: where the instance is stored now, else
/// where it was imported from.
std::filesystem::path sourceFile(Database& db, const SegmentationRow& row) {
    if (auto instance = InstanceRepository(db).find(row.sourceSopInstanceUid))
        return instance->filePath;
    return row.sourceFile;
}

Mask rasteriseRtStructRoi(Database& db, const SegmentationRow& row, const Geometry& grid) {
    const auto file = sourceFile(db, row);
    const dicom::RtStructSet set = dicom::readRtStruct(file);
    for (const dicom::RtRoi& roi : set.rois)
        if (roi.roiNumber == row.roiNumber)
            return dicom::rasterise(roi, grid);
    throw Error("RTSTRUCT " + file.string() + " has no ROI number " +
                std::to_string(row.roiNumber) + " ('" + row.roiName + "') of segmentation " +
                std::to_string(row.id));
}

} // namespace

std::vector<std::filesystem::path> seriesFiles(Database& db, const std::string& seriesInstanceUid) {
    const SeriesRow series = requireSeries(db, seriesInstanceUid);
    std::vector<std::filesystem::path> files;
    for (const auto& instance : InstanceRepository(db).listForSeries(series.id))
        files.push_back(instance.filePath);
    return files;
}

std::vector<std::filesystem::path> imageSeriesFiles(Database& db,
                                                    const std::string& seriesInstanceUid) {
    const SeriesRow series = requireSeries(db, seriesInstanceUid);
    if (series.kind != dicom::ObjectKind::Image)
        throw Error("series " + seriesInstanceUid + " (" + series.modality +
                    ") is not an image series");
    return seriesFiles(db, seriesInstanceUid);
}

dicom::LoadedSeries loadSeriesVolume(Database& db, const std::string& seriesInstanceUid,
                                     const dicom::LoadOptions& options, const CancelToken* cancel) {
    return dicom::loadSeries(imageSeriesFiles(db, seriesInstanceUid), options, cancel);
}

Mask loadSegmentationMask(Database& db, Id segmentationId) {
    const SegmentationRow row = requireSegmentation(db, segmentationId);
    if (row.hasMask) // stored masks carry their grid
        return loadSegmentationMask(db, segmentationId, Geometry{});
    if (row.referencedSeriesInstanceUid.empty())
        throw Error("segmentation " + std::to_string(segmentationId) + " ('" + row.roiName +
                    "') does not reference an image series");
    const Geometry grid = loadSeriesVolume(db, row.referencedSeriesInstanceUid).volume.geometry;
    return loadSegmentationMask(db, segmentationId, grid);
}

Mask loadSegmentationMask(Database& db, Id segmentationId, const Geometry& seriesGrid) {
    const SegmentationRow row = requireSegmentation(db, segmentationId);
    switch (row.source) {
    case SegmentationSource::Nifti:
    case SegmentationSource::Manual: {
        auto mask = SegmentationRepository(db).storedMask(segmentationId);
        if (!mask)
            throw Error("segmentation " + std::to_string(segmentationId) + " has no stored mask");
        if (seriesGrid.voxelCount() > 0 && !mask->geometry.sameGrid(seriesGrid))
            throw Error("stored mask of segmentation " + std::to_string(segmentationId) +
                        " is not on the grid given for series " + row.referencedSeriesInstanceUid);
        return std::move(*mask);
    }
    case SegmentationSource::RtStruct:
        return rasteriseRtStructRoi(db, row, seriesGrid);
    case SegmentationSource::Seg:
        return dicom::decodeSegment(dicom::readSegmentation(sourceFile(db, row)), row.roiNumber,
                                    seriesGrid);
    }
    throw Error("segmentation " + std::to_string(segmentationId) + " has an unknown source");
}

} // namespace rgw::storage
