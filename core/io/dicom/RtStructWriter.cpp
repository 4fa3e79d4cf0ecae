#include "io/dicom/RtStructWriter.h"

#include "io/dicom/detail/Attributes.h"
#include "io/roi/MaskContours.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcvrda.h>
#include <dcmtk/dcmdata/dcvrtm.h>

namespace rgw::dicom {
namespace {

using detail::decimalString;
using detail::newUid;

using Context = detail::WriteErrors;

/// Detached Study Management SOP Class: what PS3.3 C.8.8.5 asks the RT
/// Referenced Study Sequence to name (retired, but still the required value).
constexpr const char* kDetachedStudyManagement = "1.2.840.10008.3.1.2.3.1";

void put(DcmItem& item, const DcmTagKey& tag, const std::string& value, const Context& ctx) {
    ctx.check(item.putAndInsertString(tag, value.c_str()),
              std::string("cannot write ") + DcmTag(tag).getTagName());
}

DcmItem& appendItem(DcmItem& parent, const DcmTagKey& sequence, const Context& ctx) {
    DcmItem* item = nullptr;
    ctx.check(parent.findOrCreateSequenceItem(sequence, item, -2),
              std::string("cannot write ") + DcmTag(sequence).getTagName());
    return *item;
}

void putImageReference(DcmItem& item, const ReferencedImage& image, const Context& ctx) {
    put(item, DCM_ReferencedSOPClassUID, image.sopClassUid, ctx);
    put(item, DCM_ReferencedSOPInstanceUID, image.sopInstanceUid, ctx);
    if (image.frameNumber > 0)
        put(item, DCM_ReferencedFrameNumber, std::to_string(image.frameNumber), ctx);
}

void putIdentity(DcmDataset& ds, const ReferencedSeries& ref, const WrittenObject& uids,
                 const DerivedObjectOptions& options, const FixedIdentity& fixed,
                 const Context& ctx) {
    OFString date(fixed.date.c_str()), time(fixed.time.c_str());
    if (date.empty())
        DcmDate::getCurrentDate(date);
    if (time.empty())
        DcmTime::getCurrentTime(time);
    put(ds, DCM_SpecificCharacterSet, "ISO_IR 192", ctx); // names are copied as UTF-8
    put(ds, DCM_SOPClassUID, UID_RTStructureSetStorage, ctx);
    put(ds, DCM_SOPInstanceUID, uids.sopInstanceUid, ctx);
    put(ds, DCM_InstanceCreationDate, date.c_str(), ctx);
    put(ds, DCM_InstanceCreationTime, time.c_str(), ctx);
    // Patient
    put(ds, DCM_PatientName, ref.patientName, ctx);
    put(ds, DCM_PatientID, ref.patientId, ctx);
    put(ds, DCM_PatientBirthDate, ref.patientBirthDate, ctx);
    put(ds, DCM_PatientSex, ref.patientSex, ctx);
    // General Study
    put(ds, DCM_StudyInstanceUID, ref.studyInstanceUid, ctx);
    put(ds, DCM_StudyDate, ref.studyDate, ctx);
    put(ds, DCM_StudyTime, ref.studyTime, ctx);
    put(ds, DCM_ReferringPhysicianName, ref.referringPhysicianName, ctx);
    put(ds, DCM_StudyID, ref.studyId, ctx);
    put(ds, DCM_AccessionNumber, ref.accessionNumber, ctx);
    // RT Series
    put(ds, DCM_Modality, "RTSTRUCT", ctx);
    put(ds, DCM_SeriesInstanceUID, uids.seriesInstanceUid, ctx);
    put(ds, DCM_SeriesNumber, std::to_string(options.seriesNumber), ctx);
    put(ds, DCM_SeriesDescription, options.seriesDescription, ctx);
    put(ds, DCM_OperatorsName, options.contentCreatorName, ctx);
    // General Equipment
    put(ds, DCM_Manufacturer, "Radiogenomics Workstation", ctx);
    put(ds, DCM_ManufacturerModelName, "rgw", ctx);
    put(ds, DCM_SoftwareVersions, RGW_VERSION, ctx);
    // Frame of Reference
    put(ds, DCM_FrameOfReferenceUID, ref.frameOfReferenceUid, ctx);
    put(ds, DCM_PositionReferenceIndicator, "", ctx);
    // Structure Set
    put(ds, DCM_StructureSetLabel, options.contentLabel, ctx);
    if (!options.contentDescription.empty())
        put(ds, DCM_StructureSetDescription, options.contentDescription, ctx);
    put(ds, DCM_InstanceNumber, "1", ctx);
    put(ds, DCM_StructureSetDate, date.c_str(), ctx);
    put(ds, DCM_StructureSetTime, time.c_str(), ctx);
}

/// Referenced Frame of Reference > RT Referenced Study > RT Referenced Series
/// > Contour Image Sequence: every image of the referenced series.
void putReferencedFrameOfReference(DcmDataset& ds, const ReferencedSeries& ref,
                                   const Context& ctx) {
    DcmItem& frame = appendItem(ds, DCM_ReferencedFrameOfReferenceSequence, ctx);
    put(frame, DCM_FrameOfReferenceUID, ref.frameOfReferenceUid, ctx);
    DcmItem& study = appendItem(frame, DCM_RTReferencedStudySequence, ctx);
    put(study, DCM_ReferencedSOPClassUID, kDetachedStudyManagement, ctx);
    put(study, DCM_ReferencedSOPInstanceUID, ref.studyInstanceUid, ctx);
    DcmItem& series = appendItem(study, DCM_RTReferencedSeriesSequence, ctx);
    put(series, DCM_SeriesInstanceUID, ref.seriesInstanceUid, ctx);
    for (const ReferencedImage& image : ref.slices)
        putImageReference(appendItem(series, DCM_ContourImageSequence, ctx), image, ctx);
}

std::string contourData(const std::vector<std::array<double, 3>>& points) {
    std::string text;
    text.reserve(points.size() * 3 * 12);
    for (std::size_t p = 0; p < points.size(); ++p)
        for (std::size_t c = 0; c < 3; ++c) {
            if (p + c > 0)
                text += '\\';
            text += decimalString(points[p][c]);
        }
    return text;
}

void putRoi(DcmDataset& ds, const ReferencedSeries& ref, const RoiToWrite& roi, int number,
            const Context& ctx) {
    DcmItem& setRoi = appendItem(ds, DCM_StructureSetROISequence, ctx);
    put(setRoi, DCM_ROINumber, std::to_string(number), ctx);
    put(setRoi, DCM_ReferencedFrameOfReferenceUID, ref.frameOfReferenceUid, ctx);
    put(setRoi, DCM_ROIName, roi.name, ctx);
    if (!roi.description.empty())
        put(setRoi, DCM_ROIDescription, roi.description, ctx);
    put(setRoi, DCM_ROIGenerationAlgorithm,
        roi.automatic ? "AUTOMATIC" : (roi.manual ? "MANUAL" : "SEMIAUTOMATIC"), ctx);

    DcmItem& roiContour = appendItem(ds, DCM_ROIContourSequence, ctx);
    put(roiContour, DCM_ReferencedROINumber, std::to_string(number), ctx);
    std::string colour;
    for (std::size_t c = 0; c < 3; ++c)
        colour += (c ? "\\" : "") + std::to_string(std::clamp(roi.colour[c], 0, 255));
    put(roiContour, DCM_ROIDisplayColor, colour, ctx);
    int contourNumber = 0;
    for (const roi::SliceContour& contour : roi::maskContours(*roi.mask)) {
        DcmItem& item = appendItem(roiContour, DCM_ContourSequence, ctx);
        putImageReference(appendItem(item, DCM_ContourImageSequence, ctx),
                          ref.slices[static_cast<std::size_t>(contour.k)], ctx);
        put(item, DCM_ContourGeometricType, "CLOSED_PLANAR", ctx);
        put(item, DCM_NumberOfContourPoints, std::to_string(contour.points.size()), ctx);
        put(item, DCM_ContourNumber, std::to_string(++contourNumber), ctx);
        put(item, DCM_ContourData, contourData(contour.points), ctx);
    }

    DcmItem& observation = appendItem(ds, DCM_RTROIObservationsSequence, ctx);
    put(observation, DCM_ObservationNumber, std::to_string(number), ctx);
    put(observation, DCM_ReferencedROINumber, std::to_string(number), ctx);
    put(observation, DCM_RTROIInterpretedType, roi.interpretedType, ctx); // Type 2: may be empty
    put(observation, DCM_ROIInterpreter, "", ctx);
}

} // namespace

WrittenObject writeRtStruct(const std::filesystem::path& file, const ReferencedSeries& referenced,
                            const std::vector<RoiToWrite>& rois,
                            const DerivedObjectOptions& options, const FixedIdentity& fixed) {
    const Context ctx{"RTSTRUCT", file.string()};
    if (rois.empty())
        ctx.fail("no ROIs to write");
    for (std::size_t r = 0; r < rois.size(); ++r) {
        const RoiToWrite& roi = rois[r];
        const std::string where = "ROI " + std::to_string(r + 1) + " ('" + roi.name + "')";
        if (!roi.mask || roi.mask->empty())
            ctx.fail(where + " has no mask");
        if (static_cast<std::int64_t>(referenced.slices.size()) != roi.mask->geometry.size[2])
            ctx.fail(where + " has " + std::to_string(roi.mask->geometry.size[2]) +
                     " slices but the referenced series " + referenced.seriesInstanceUid + " " +
                     std::to_string(referenced.slices.size()));
    }
    if (referenced.slices.empty())
        ctx.fail("the referenced series " + referenced.seriesInstanceUid + " has no images");

    const WrittenObject uids{
        fixed.uids.seriesInstanceUid.empty() ? newUid() : fixed.uids.seriesInstanceUid,
        fixed.uids.sopInstanceUid.empty() ? newUid() : fixed.uids.sopInstanceUid};
    DcmFileFormat ff;
    DcmDataset& ds = *ff.getDataset();
    putIdentity(ds, clippedToValueLengths(referenced), uids, options, fixed, ctx);
    putReferencedFrameOfReference(ds, referenced, ctx);
    for (std::size_t r = 0; r < rois.size(); ++r)
        putRoi(ds, referenced, rois[r], static_cast<int>(r + 1), ctx);
    if (file.has_parent_path())
        std::filesystem::create_directories(file.parent_path());
    const OFCondition status =
        ff.saveFile(file.string().c_str(), EXS_LittleEndianExplicit, EET_UndefinedLength,
                    EGL_recalcGL, EPD_noChange, 0, 0, EWM_createNewMeta);
    if (status.bad())
        ctx.fail(std::string("cannot write the file (") + status.text() + ")");
    return uids;
}

} // namespace rgw::dicom
