// The demo RTSTRUCT is written by the general writer (dicom::writeRtStruct);
// this file only says what the demo CT series is and which ROIs to write.
#include "demo/DemoDicomWriter.h"
#include "io/dicom/RtStructWriter.h"

#include <dcmtk/dcmdata/dcuid.h>

namespace rgw::demo {
namespace {

/// The CT series as writeCtSlice writes it (same identity, one image per slice).
dicom::ReferencedSeries ctSeries(const DemoDemographics& d, const DemoUids& uids) {
    dicom::ReferencedSeries ref;
    ref.patientName = d.patientName;
    ref.patientId = d.patientId;
    ref.patientBirthDate = d.patientBirthDate;
    ref.patientSex = d.patientSex;
    ref.studyInstanceUid = uids.studyInstanceUid;
    ref.studyDate = d.studyDate;
    ref.studyTime = d.studyTime;
    ref.studyId = "1";
    ref.accessionNumber = d.accessionNumber;
    ref.seriesInstanceUid = uids.ctSeriesInstanceUid;
    ref.modality = "CT";
    ref.frameOfReferenceUid = uids.frameOfReferenceUid;
    for (const std::string& sop : uids.ctSopInstanceUids)
        ref.slices.push_back({UID_CTImageStorage, sop, 0});
    return ref;
}

} // namespace

void writeStructureSet(const DemoPatientPhantom& phantom, const DemoUids& uids,
                       const std::filesystem::path& file) {
    std::vector<dicom::RoiToWrite> rois;
    for (const DemoLesion& lesion : phantom.lesions) {
        dicom::RoiToWrite& roi = rois.emplace_back();
        roi.name = lesion.roiName;
        roi.colour = lesion.displayColor;
        roi.mask = &lesion.mask;
        roi.automatic = true; // generated ground truth, no user involved
        roi.description = lesion.description;
        roi.interpretedType = "GTV";
    }
    dicom::DerivedObjectOptions options;
    options.seriesDescription = "Lesion contours (synthetic ground truth)";
    options.seriesNumber = 2;
    options.contentLabel = "DEMO_GTV";
    options.contentDescription = "Demo lesions";
    // Fixed UIDs and the study's date and time keep the file identical per seed.
    const dicom::FixedIdentity fixed{{uids.rtSeriesInstanceUid, uids.rtSopInstanceUid},
                                     phantom.demographics.studyDate,
                                     phantom.demographics.studyTime};
    dicom::writeRtStruct(file, ctSeries(phantom.demographics, uids), rois, options, fixed);
}

} // namespace rgw::demo
