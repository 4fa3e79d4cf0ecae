#include "io/dicom/MeasurementReportWriter.h"

#include "io/dicom/detail/Attributes.h"
#include "radiomics/FeatureCoding.h"
#include "util/Error.h"

#include <cmath>
#include <cstdio>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmsr/cmr/tid1500.h>
#include <dcmtk/dcmsr/codes/dcm.h>
#include <dcmtk/dcmsr/dsrdoc.h>
#include <set>

namespace rgw::dicom {
namespace {

using Context = detail::WriteErrors;
using Group = CMR_TID1411_in_TID1500;

DSRCodedEntryValue coded(const CodedConcept& c) {
    return DSRCodedEntryValue(c.value.c_str(), c.scheme.c_str(), c.meaning.c_str());
}

/// The most precise Decimal String (PS3.5: at most 16 characters) of a finite value.
std::string decimalString16(double value) {
    char buf[40];
    for (int digits = 17; digits > 1; --digits) {
        std::snprintf(buf, sizeof buf, "%.*g", digits, value);
        if (std::string(buf).size() <= 16)
            return buf;
    }
    std::snprintf(buf, sizeof buf, "%.1e", value);
    return buf;
}

Group::MeasurementValue measuredValue(const ReportMeasurement& m, const Context& ctx,
                                      const std::string& where) {
    if (std::isnan(m.value))
        return Group::MeasurementValue(CMR_CID42(CMR_CID42::NotANumber));
    if (std::isinf(m.value))
        return Group::MeasurementValue(
            CMR_CID42(m.value > 0 ? CMR_CID42::PositiveInfinity : CMR_CID42::NegativeInfinity));
    if (m.unit.value.empty())
        ctx.fail(where + ": a numeric value needs its unit");
    Group::MeasurementValue value(decimalString16(m.value).c_str(), CMR_CID7181(coded(m.unit)));
    // The Decimal String holds at most 16 characters; the double itself goes
    // into Floating Point Value so that the number reads back exactly.
    ctx.check(value.setFloatingPointRepresentation(m.value), where + " Floating Point Value");
    return value;
}

void addRoi(Group& group, const ReportRoi& roi, const ReportAlgorithm& algorithm,
            const Context& ctx) {
    const std::string where = "ROI '" + roi.trackingIdentifier + "'";
    ctx.check(group.setTrackingIdentifier(roi.trackingIdentifier.c_str()),
              where + " Tracking Identifier");
    ctx.check(group.setTrackingUniqueIdentifier(roi.trackingUid.c_str()),
              where + " Tracking Unique Identifier");
    ctx.check(group.setFinding(coded(roi.finding)), where + " Finding");
    DSRImageReferenceValue segment(UID_SegmentationStorage, roi.segmentationSopInstanceUid.c_str());
    if (roi.segmentNumber < 1 || roi.segmentNumber > 65535)
        ctx.fail(where + ": segment number " + std::to_string(roi.segmentNumber) +
                 " out of 1..65535");
    segment.getSegmentList().addItem(static_cast<Uint16>(roi.segmentNumber));
    ctx.check(group.setReferencedSegment(segment), where + " Referenced Segment");
    ctx.check(group.setSourceSeriesForSegmentation(roi.sourceSeriesInstanceUid.c_str()),
              where + " Source series for segmentation");
    const DSRCodedEntryValue aggregationConcept(
        radiomics::kIbsiFeatureAggregation, radiomics::kIbsiCodingScheme, "Feature aggregation");
    for (const ReportMeasurement& m : roi.measurements) {
        const std::string what = where + " measurement (" + m.quantity.value + ", " +
                                 m.quantity.scheme + ", \"" + m.quantity.meaning + "\")";
        ctx.check(group.addMeasurement(CMR_CID7469(coded(m.quantity)), measuredValue(m, ctx, what),
                                       OFFalse),
                  what);
        auto& measurement = group.getMeasurement();
        if (!m.aggregation.value.empty())
            ctx.check(measurement.addModifier(aggregationConcept, coded(m.aggregation)),
                      what + " aggregation");
        ctx.check(measurement.setAlgorithmIdentification(algorithm.name.c_str(),
                                                         algorithm.version.c_str()),
                  what + " Algorithm Identification");
        for (const std::string& parameter : algorithm.parameters)
            ctx.check(measurement.getAlgorithmIdentification().addParameter(parameter.c_str()),
                      what + " Algorithm Parameters");
    }
}

void addImageLibrary(TID1500_MeasurementReport& tid, const ReferencedSeries& images,
                     const Context& ctx) {
    TID1600_ImageLibrary& library = tid.getImageLibrary();
    if (!library.hasImageLibrary())
        ctx.check(library.createNewImageLibrary(), "Image Library");
    ctx.check(library.addImageGroup(), "Image Library Group");
    DcmItem common;
    common.putAndInsertString(DCM_Modality, images.modality.c_str());
    const OFCondition descriptors =
        library.addImageGroupDescriptors(common, TID1600_ImageLibrary::withAllDescriptors);
    if (descriptors != CMR_EC_NoImageLibraryEntryDescriptorsToBeAdded)
        ctx.check(descriptors, "Image Library Group descriptors");
    std::set<std::string> listed;
    for (const ReferencedImage& image : images.slices) {
        if (!listed.insert(image.sopInstanceUid).second)
            continue; // frames of one multi-frame instance
        DcmItem entry;
        entry.putAndInsertString(DCM_SOPClassUID, image.sopClassUid.c_str());
        entry.putAndInsertString(DCM_SOPInstanceUID, image.sopInstanceUid.c_str());
        ctx.check(library.addImageEntry(entry, TID1600_ImageLibrary::withoutDescriptors),
                  "Image Library Entry " + image.sopInstanceUid);
    }
}

void setIdentity(DSRDocument& doc, const ReferencedSeries& ref,
                 const MeasurementReportOptions& options, const Context& ctx) {
    ctx.check(doc.setSpecificCharacterSetType(DSRTypes::CS_UTF8), "Specific Character Set");
    ctx.check(doc.createNewSeriesInStudy(ref.studyInstanceUid.c_str()), "Study Instance UID");
    doc.setPatientName(ref.patientName.c_str(), OFFalse);
    doc.setPatientID(ref.patientId.c_str(), OFFalse);
    doc.setPatientBirthDate(ref.patientBirthDate.c_str(), OFFalse);
    doc.setPatientSex(ref.patientSex.c_str(), OFFalse);
    doc.setStudyDate(ref.studyDate.c_str(), OFFalse);
    doc.setStudyTime(ref.studyTime.c_str(), OFFalse);
    doc.setStudyID(ref.studyId.c_str(), OFFalse);
    doc.setAccessionNumber(ref.accessionNumber.c_str(), OFFalse);
    doc.setReferringPhysicianName(ref.referringPhysicianName.c_str(), OFFalse);
    doc.setSeriesDescription(options.seriesDescription.c_str(), OFFalse);
    ctx.check(doc.setSeriesNumber(std::to_string(options.seriesNumber).c_str()), "Series Number");
    ctx.check(doc.setInstanceNumber("1"), "Instance Number");
    ctx.check(doc.setManufacturer("Radiogenomics Workstation"), "Manufacturer");
    ctx.check(doc.setManufacturerModelName("rgw"), "Manufacturer's Model Name");
    ctx.check(doc.setSoftwareVersions(RGW_VERSION), "Software Versions");
}

void addEvidence(DSRDocument& doc, const ReferencedSeries& images, const MeasurementReport& report,
                 const Context& ctx) {
    DSRSOPInstanceReferenceList& evidence = doc.getCurrentRequestedProcedureEvidence();
    for (const ReferencedImage& image : images.slices)
        ctx.check(evidence.addItem(images.studyInstanceUid.c_str(),
                                   images.seriesInstanceUid.c_str(), image.sopClassUid.c_str(),
                                   image.sopInstanceUid.c_str()),
                  "evidence of image " + image.sopInstanceUid);
    for (const ReportRoi& roi : report.rois) {
        if (roi.segmentationSeriesInstanceUid.empty())
            ctx.fail("ROI '" + roi.trackingIdentifier + "': the Series Instance UID of SEG " +
                     roi.segmentationSopInstanceUid + " is needed for the evidence sequence");
        ctx.check(evidence.addItem(images.studyInstanceUid.c_str(),
                                   roi.segmentationSeriesInstanceUid.c_str(),
                                   UID_SegmentationStorage, roi.segmentationSopInstanceUid.c_str()),
                  "evidence of SEG " + roi.segmentationSopInstanceUid);
    }
}

} // namespace

std::vector<ReportMeasurement> reportMeasurements(const radiomics::FeatureTable& table) {
    std::vector<ReportMeasurement> out;
    out.reserve(table.values.size());
    for (const radiomics::FeatureValue& f : table.values) {
        ReportMeasurement& m = out.emplace_back();
        m.quantity = {f.ibsiCode, radiomics::kIbsiCodingScheme, f.name};
        if (!f.aggregation.empty())
            m.aggregation = {radiomics::aggregationCode(f.aggregation),
                             radiomics::kIbsiCodingScheme, f.aggregation};
        const radiomics::UcumUnit unit = radiomics::ucumUnitOfSymbol(f.unit);
        m.unit = {unit.code, "UCUM", unit.meaning};
        m.value = f.missing() ? std::nan("") : f.value;
    }
    return out;
}

CodedConcept procedureOfModality(const std::string& modality) {
    if (modality == "CT")
        return {"25045-6", "LN", "CT unspecified body region"};
    if (modality == "MR")
        return {"25056-3", "LN", "MRI unspecified body region"};
    if (modality == "PT")
        return {"44136-0", "LN", "PET unspecified body region"};
    if (modality == "NM")
        return {"49118-3", "LN", "NM unspecified body region"};
    return {"363679005", "SCT", "Imaging procedure"};
}

WrittenObject writeMeasurementReport(const std::filesystem::path& file,
                                     const ReferencedSeries& images,
                                     const MeasurementReport& report,
                                     const MeasurementReportOptions& options) {
    const Context ctx{"SR", file.string()};
    if (report.rois.empty())
        ctx.fail("a measurement report needs at least one ROI");
    if (images.slices.empty())
        ctx.fail("the image series " + images.seriesInstanceUid + " has no images to reference");

    TID1500_MeasurementReport tid(CMR_CID7021::ImagingMeasurementReport);
    TID1001_ObservationContext& context = tid.getObservationContext();
    if (!options.observerName.empty())
        ctx.check(context.addPersonObserver(options.observerName.c_str()), "Person Observer");
    // The program is the device observer; its UID is new with each report (the
    // workstation has no registered device UID of its own).
    ctx.check(context.addDeviceObserver(detail::newUid().c_str(), "rgw",
                                        "Radiogenomics Workstation", "rgw"),
              "Device Observer");
    ctx.check(tid.addProcedureReported(CMR_CID100(coded(report.procedure.value.empty()
                                                            ? procedureOfModality(images.modality)
                                                            : report.procedure))),
              "Procedure reported");
    addImageLibrary(tid, images, ctx);
    for (std::size_t r = 0; r < report.rois.size(); ++r) {
        if (r > 0)
            ctx.check(tid.addVolumetricROIMeasurements(), "Measurement Group");
        addRoi(tid.getVolumetricROIMeasurements(), report.rois[r], report.algorithm, ctx);
    }
    if (!tid.isValid())
        ctx.fail("the TID 1500 content is incomplete (DCMTK rejects it)");

    DSRDocument doc(DSRTypes::DT_EnhancedSR);
    ctx.check(doc.setTreeFromRootTemplate(tid), "TID 1500 content tree");
    setIdentity(doc, images, options, ctx);
    addEvidence(doc, images, report, ctx);
    // IBSI is in PS3.16 Table 8-1; its identification is written anyway so that
    // readers without that table know what the designator means.
    ctx.check(doc.getCodingSchemeIdentification().addItem(radiomics::kIbsiCodingScheme,
                                                          radiomics::kIbsiCodingSchemeUid,
                                                          radiomics::kIbsiCodingSchemeName),
              "Coding Scheme Identification Sequence");

    DcmFileFormat ff;
    ctx.check(doc.write(*ff.getDataset()), "SR document");
    WrittenObject written;
    OFString uid;
    doc.getSeriesInstanceUID(uid);
    written.seriesInstanceUid = uid.c_str();
    doc.getSOPInstanceUID(uid);
    written.sopInstanceUid = uid.c_str();
    if (file.has_parent_path())
        std::filesystem::create_directories(file.parent_path());
    ctx.check(ff.saveFile(file.string().c_str(), EXS_LittleEndianExplicit), "cannot save");
    return written;
}

} // namespace rgw::dicom
