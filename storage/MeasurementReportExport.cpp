#include "MeasurementReportExport.h"

#include "AuditLog.h"
#include "ExtractionInputs.h"
#include "FeatureRepository.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "io/dicom/MeasurementReportWriter.h"
#include "io/dicom/ReferencedSeries.h"
#include "io/dicom/UuidUid.h"
#include "radiomics/Sha256.h"
#include "util/Error.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace rgw::storage {

namespace {

/// The Series Instance UID of a stored instance, empty when it is not stored.
std::string seriesOfInstance(Database& db, const std::string& sopInstanceUid) {
    Statement s(db, "SELECT s.series_uid FROM instances i JOIN series s ON s.id = i.series_id "
                    "WHERE i.sop_instance_uid = ?");
    s.bind(1, sopInstanceUid);
    return s.step() ? s.text(0) : std::string();
}

} // namespace

std::filesystem::path segmentationFileBeside(const std::filesystem::path& srFile) {
    return srFile.parent_path() / (srFile.stem().string() + "_seg.dcm");
}

std::string trackingUid(const std::string& seriesInstanceUid, Id lineage) {
    const std::string hex =
        radiomics::sha256Hex("rgw roi " + seriesInstanceUid + " " + std::to_string(lineage));
    return dicom::uuidDerivedUidOfHex(std::string_view(hex).substr(0, 32), 5); // name-based
}

MeasurementReportExport exportMeasurementReport(Database& db, Id extractionId,
                                                const std::filesystem::path& out,
                                                const ExportOptions& options) {
    FeatureRepository features(db);
    if (!features.findById(extractionId))
        throw InputNotFound("feature extraction " + std::to_string(extractionId) +
                            " is not in the database");
    const FeatureProvenance provenance = features.provenance(extractionId);
    const FeatureExtractionRow& extraction = provenance.extraction;
    const std::string what = "feature extraction " + std::to_string(extractionId);
    if (!extraction.segmentationId)
        throw Error(what + " was computed on a mask that is not a stored segmentation (" +
                    extraction.maskDescription +
                    "): a measurement report must reference a DICOM SEG of it");
    const auto segmentation = SegmentationRepository(db).find(*extraction.segmentationId);
    if (!segmentation)
        throw Error(what + ": its segmentation " + std::to_string(*extraction.segmentationId) +
                    " is no longer stored");
    const std::string who = options.who.empty() ? currentUserName() : options.who;

    MeasurementReportExport result;
    result.file = out;
    result.imageSeriesInstanceUid = extraction.seriesInstanceUid;
    if (segmentation->source == SegmentationSource::Seg &&
        !segmentation->sourceSopInstanceUid.empty()) {
        result.segmentationSopInstanceUid = segmentation->sourceSopInstanceUid;
        result.segmentationSeriesInstanceUid =
            seriesOfInstance(db, segmentation->sourceSopInstanceUid);
        result.segmentNumber = segmentation->roiNumber;
        if (result.segmentationSeriesInstanceUid.empty())
            throw Error(what + ": the source SEG " + segmentation->sourceSopInstanceUid +
                        " of segmentation " + std::to_string(segmentation->id) + " is not stored");
    } else {
        result.segFile = segmentationFileBeside(out);
        const ExportResult seg =
            exportSegmentations(db, {segmentation->id}, ExportFormat::Seg, result.segFile, {who});
        result.segmentationSopInstanceUid = seg.sopInstanceUid;
        result.segmentationSeriesInstanceUid = seg.seriesInstanceUid;
        result.segmentNumber = 1;
    }

    const Geometry grid = loadSeriesVolume(db, extraction.seriesInstanceUid).volume.geometry;
    const dicom::ReferencedSeries images = dicom::clippedToValueLengths(
        dicom::readReferencedSeries(seriesFiles(db, extraction.seriesInstanceUid), grid));

    dicom::MeasurementReport report;
    report.imageSeriesInstanceUid = extraction.seriesInstanceUid;
    report.algorithm.name = "Radiogenomics Workstation";
    report.algorithm.version = extraction.softwareVersion;
    report.algorithm.parameters = {"parameter set sha256=" + provenance.parameterSet.hash,
                                   "parameter set name=" + provenance.parameterSet.name};
    dicom::ReportRoi& roi = report.rois.emplace_back();
    roi.trackingIdentifier = segmentation->roiName;
    roi.trackingUid = trackingUid(extraction.seriesInstanceUid, segmentation->lineage);
    roi.segmentationSopInstanceUid = result.segmentationSopInstanceUid;
    roi.segmentationSeriesInstanceUid = result.segmentationSeriesInstanceUid;
    roi.segmentNumber = result.segmentNumber;
    roi.sourceSeriesInstanceUid = extraction.seriesInstanceUid;
    const radiomics::FeatureTable values = features.values(extractionId);
    roi.measurements = dicom::reportMeasurements(values);
    result.trackingUid = roi.trackingUid;
    result.measurements = roi.measurements.size();
    result.missing = static_cast<std::size_t>(
        std::count_if(values.values.begin(), values.values.end(),
                      [](const radiomics::FeatureValue& v) { return v.missing(); }));

    dicom::MeasurementReportOptions objectOptions;
    objectOptions.observerName = who;
    const dicom::WrittenObject written =
        dicom::writeMeasurementReport(out, images, report, objectOptions);
    result.sopInstanceUid = written.sopInstanceUid;
    result.seriesInstanceUid = written.seriesInstanceUid;
    AuditLog(db).record(who, "features.export_sr", "feature_extractions", extractionId,
                        "TID 1500 SR to " + out.string() + " referencing SEG " +
                            result.segmentationSopInstanceUid + " segment " +
                            std::to_string(result.segmentNumber));
    return result;
}

} // namespace rgw::storage
