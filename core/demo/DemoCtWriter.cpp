#include "demo/DemoDicomCommon.h"
#include "io/dicom/detail/Attributes.h"
#include "util/Error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

namespace rgw::demo {

using detail::put;
using dicom::detail::decimalString;

void writeCtSlice(const DemoPatientPhantom& phantom, const DemoUids& uids, std::int64_t k,
                  const std::filesystem::path& file) {
    const Geometry& g = phantom.ctHu.geometry;
    const DemoDemographics& d = phantom.demographics;
    DcmFileFormat fileFormat;
    DcmDataset& ds = *fileFormat.getDataset();

    // SOP Common
    put(ds, DCM_SOPClassUID, UID_CTImageStorage);
    put(ds, DCM_SOPInstanceUID, uids.ctSopInstanceUids.at(static_cast<std::size_t>(k)));
    detail::putPatientStudyEquipment(ds, d, uids);
    // General Series (Patient Position is required for CT Image Storage)
    put(ds, DCM_Modality, "CT");
    put(ds, DCM_SeriesInstanceUID, uids.ctSeriesInstanceUid);
    put(ds, DCM_SeriesNumber, "1");
    put(ds, DCM_SeriesDate, d.studyDate);
    put(ds, DCM_SeriesTime, d.studyTime);
    put(ds, DCM_SeriesDescription, "Thorax axial 1 mm soft tissue");
    put(ds, DCM_BodyPartExamined, "CHEST");
    put(ds, DCM_PatientPosition, "HFS");
    // Frame of Reference
    put(ds, DCM_FrameOfReferenceUID, uids.frameOfReferenceUid);
    put(ds, DCM_PositionReferenceIndicator, "");
    // General Image / General Acquisition
    put(ds, DCM_InstanceNumber, std::to_string(k + 1));
    put(ds, DCM_ContentDate, d.studyDate);
    put(ds, DCM_ContentTime, d.studyTime);
    put(ds, DCM_AcquisitionDate, d.studyDate);
    put(ds, DCM_AcquisitionTime, d.studyTime);
    // Image Plane: axial, rows along +y (posterior), columns along +x (left).
    const Eigen::Vector3d position =
        g.physicalPoint(Eigen::Vector3d(0.0, 0.0, static_cast<double>(k)));
    put(ds, DCM_ImagePositionPatient,
        decimalString(position.x()) + "\\" + decimalString(position.y()) + "\\" +
            decimalString(position.z()));
    put(ds, DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
    // Pixel Spacing is row spacing (along j) then column spacing (along i).
    put(ds, DCM_PixelSpacing, decimalString(g.spacing.y()) + "\\" + decimalString(g.spacing.x()));
    put(ds, DCM_SliceThickness, decimalString(g.spacing.z()));
    put(ds, DCM_SpacingBetweenSlices, decimalString(g.spacing.z()));
    put(ds, DCM_SliceLocation, decimalString(position.z()));
    // CT Image
    put(ds, DCM_ImageType, "ORIGINAL\\PRIMARY\\AXIAL");
    put(ds, DCM_AcquisitionNumber, "1");
    put(ds, DCM_KVP, "120");
    put(ds, DCM_RescaleIntercept, "-1024");
    put(ds, DCM_RescaleSlope, "1");
    put(ds, DCM_RescaleType, "HU");
    put(ds, DCM_ConvolutionKernel, "STANDARD");
    // VOI LUT: a soft-tissue window
    put(ds, DCM_WindowCenter, "40");
    put(ds, DCM_WindowWidth, "400");
    // Image Pixel: signed 16-bit, stored value = HU + 1024.
    put(ds, DCM_PhotometricInterpretation, "MONOCHROME2");
    const auto columns = static_cast<Uint16>(g.size[0]);
    const auto rows = static_cast<Uint16>(g.size[1]);
    const std::pair<DcmTagKey, Uint16> pixelModule[] = {
        {DCM_SamplesPerPixel, 1},    {DCM_Rows, rows},     {DCM_Columns, columns},
        {DCM_BitsAllocated, 16},     {DCM_BitsStored, 16}, {DCM_HighBit, 15},
        {DCM_PixelRepresentation, 1}};
    for (const auto& [tag, value] : pixelModule)
        if (ds.putAndInsertUint16(tag, value).bad())
            throw Error("demo cohort: cannot set " + std::string(DcmTag(tag).getTagName()));
    std::vector<Uint16> pixels(static_cast<std::size_t>(columns) * rows);
    for (std::int64_t j = 0; j < g.size[1]; ++j)
        for (std::int64_t i = 0; i < g.size[0]; ++i) {
            const auto stored = static_cast<std::int16_t>(phantom.ctHu.at(i, j, k) + 1024);
            pixels[static_cast<std::size_t>(j * g.size[0] + i)] = static_cast<Uint16>(stored);
        }
    if (ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(),
                                   static_cast<unsigned long>(pixels.size()))
            .bad())
        throw Error("demo cohort: cannot set PixelData for " + file.string());

    detail::save(fileFormat, file);
}

} // namespace rgw::demo
