#include "demo/ContourTrace.h"
#include "demo/DemoDicomCommon.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

namespace rgw::demo {

using detail::appendItem;
using detail::decimalString;
using detail::put;

namespace {

// Referenced SOP Class of the RT Referenced Study Sequence (PS3.3 C.8.8.5):
// the (retired) Detached Study Management SOP Class, as RT systems expect.
constexpr const char* kDetachedStudyManagement = "1.2.840.10008.3.1.2.3.1";

void putContourImage(DcmItem& parent, const std::string& sopInstanceUid) {
    DcmItem& image = appendItem(parent, DCM_ContourImageSequence);
    put(image, DCM_ReferencedSOPClassUID, UID_CTImageStorage);
    put(image, DCM_ReferencedSOPInstanceUID, sopInstanceUid);
}

} // namespace

void writeRtStruct(const DemoPatientPhantom& phantom, const DemoUids& uids,
                   const std::filesystem::path& file) {
    const DemoDemographics& d = phantom.demographics;
    const Geometry& g = phantom.ctHu.geometry;
    DcmFileFormat fileFormat;
    DcmDataset& ds = *fileFormat.getDataset();

    // SOP Common
    put(ds, DCM_SOPClassUID, UID_RTStructureSetStorage);
    put(ds, DCM_SOPInstanceUID, uids.rtSopInstanceUid);
    detail::putPatientStudyEquipment(ds, d, uids);
    // RT Series
    put(ds, DCM_Modality, "RTSTRUCT");
    put(ds, DCM_SeriesInstanceUID, uids.rtSeriesInstanceUid);
    put(ds, DCM_SeriesNumber, "2");
    put(ds, DCM_SeriesDate, d.studyDate);
    put(ds, DCM_SeriesTime, d.studyTime);
    put(ds, DCM_SeriesDescription, "Lesion contours (synthetic ground truth)");
    put(ds, DCM_OperatorsName, "");
    // Frame of Reference (the current IOD includes it; same frame as the CT)
    put(ds, DCM_FrameOfReferenceUID, uids.frameOfReferenceUid);
    put(ds, DCM_PositionReferenceIndicator, "");
    // Structure Set
    put(ds, DCM_InstanceNumber, "1");
    put(ds, DCM_StructureSetLabel, "DEMO_GTV");
    put(ds, DCM_StructureSetName, "Demo lesions");
    put(ds, DCM_StructureSetDate, d.studyDate);
    put(ds, DCM_StructureSetTime, d.studyTime);
    {
        DcmItem& frame = appendItem(ds, DCM_ReferencedFrameOfReferenceSequence);
        put(frame, DCM_FrameOfReferenceUID, uids.frameOfReferenceUid);
        DcmItem& study = appendItem(frame, DCM_RTReferencedStudySequence);
        put(study, DCM_ReferencedSOPClassUID, kDetachedStudyManagement);
        put(study, DCM_ReferencedSOPInstanceUID, uids.studyInstanceUid);
        DcmItem& series = appendItem(study, DCM_RTReferencedSeriesSequence);
        put(series, DCM_SeriesInstanceUID, uids.ctSeriesInstanceUid);
        for (const auto& sop : uids.ctSopInstanceUids)
            putContourImage(series, sop);
    }

    for (std::size_t l = 0; l < phantom.lesions.size(); ++l) {
        const DemoLesion& lesion = phantom.lesions[l];
        const std::string roiNumber = std::to_string(l + 1);
        DcmItem& roi = appendItem(ds, DCM_StructureSetROISequence);
        put(roi, DCM_ROINumber, roiNumber);
        put(roi, DCM_ReferencedFrameOfReferenceUID, uids.frameOfReferenceUid);
        put(roi, DCM_ROIName, lesion.roiName);
        put(roi, DCM_ROIDescription, lesion.description);
        put(roi, DCM_ROIGenerationAlgorithm, "AUTOMATIC");

        // ROI Contour: the lesion boundary on every slice it covers, at the slice z.
        DcmItem& roiContour = appendItem(ds, DCM_ROIContourSequence);
        put(roiContour, DCM_ReferencedROINumber, roiNumber);
        put(roiContour, DCM_ROIDisplayColor,
            std::to_string(lesion.displayColor[0]) + "\\" + std::to_string(lesion.displayColor[1]) +
                "\\" + std::to_string(lesion.displayColor[2]));
        int contourNumber = 0;
        for (std::int64_t k = 0; k < g.size[2]; ++k) {
            for (const SliceContour& c : traceSlice(lesion.mask, k)) {
                std::string data;
                for (const auto& p : c) {
                    const Eigen::Vector3d xyz =
                        g.physicalPoint(Eigen::Vector3d(p[0], p[1], static_cast<double>(k)));
                    for (int a = 0; a < 3; ++a) {
                        if (!data.empty())
                            data += '\\';
                        data += decimalString(xyz[a]);
                    }
                }
                DcmItem& contour = appendItem(roiContour, DCM_ContourSequence);
                putContourImage(contour, uids.ctSopInstanceUids.at(static_cast<std::size_t>(k)));
                put(contour, DCM_ContourNumber, std::to_string(++contourNumber));
                put(contour, DCM_ContourGeometricType, "CLOSED_PLANAR");
                put(contour, DCM_NumberOfContourPoints, std::to_string(c.size()));
                put(contour, DCM_ContourData, data);
            }
        }

        DcmItem& observation = appendItem(ds, DCM_RTROIObservationsSequence);
        put(observation, DCM_ObservationNumber, roiNumber);
        put(observation, DCM_ReferencedROINumber, roiNumber);
        put(observation, DCM_ROIObservationLabel, lesion.roiName);
        put(observation, DCM_RTROIInterpretedType, "GTV");
        put(observation, DCM_ROIInterpreter, "");
    }

    detail::save(fileFormat, file);
}

} // namespace rgw::demo
