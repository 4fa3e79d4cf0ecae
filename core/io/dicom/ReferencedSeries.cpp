#include "io/dicom/ReferencedSeries.h"

#include "io/dicom/detail/Attributes.h"
#include "io/dicom/detail/Nesting.h"
#include "util/Error.h"

#include <cmath>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcsequen.h>

namespace rgw::dicom {
namespace {

using detail::getDoubles;
using detail::getString;
using detail::tagName;

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
    throw Error("referenced image " + file.string() + ": " + what);
}

/// Positions further than this fraction of a voxel from a grid point are not
/// on the grid (DS values carry limited precision, real series some jitter).
constexpr double kToleranceVoxels = 0.1;

/// The slice of `grid` whose first pixel lies at `position`, or -1.
std::int64_t sliceAt(const Geometry& grid, const std::vector<double>& position) {
    const Eigen::Vector3d index =
        grid.continuousIndex(Eigen::Vector3d(position[0], position[1], position[2]));
    const double k = std::round(index[2]);
    if (std::fabs(index[0]) > kToleranceVoxels || std::fabs(index[1]) > kToleranceVoxels ||
        std::fabs(index[2] - k) > kToleranceVoxels || k < 0 ||
        k >= static_cast<double>(grid.size[2]))
        return -1;
    return static_cast<std::int64_t>(k);
}

void takeIdentity(DcmDataset& ds, ReferencedSeries& out) {
    out.patientName = getString(ds, DCM_PatientName);
    out.patientId = getString(ds, DCM_PatientID);
    out.patientBirthDate = getString(ds, DCM_PatientBirthDate);
    out.patientSex = getString(ds, DCM_PatientSex);
    out.studyInstanceUid = getString(ds, DCM_StudyInstanceUID);
    out.studyDate = getString(ds, DCM_StudyDate);
    out.studyTime = getString(ds, DCM_StudyTime);
    out.studyId = getString(ds, DCM_StudyID);
    out.accessionNumber = getString(ds, DCM_AccessionNumber);
    out.referringPhysicianName = getString(ds, DCM_ReferringPhysicianName);
    out.seriesInstanceUid = getString(ds, DCM_SeriesInstanceUID);
    out.modality = getString(ds, DCM_Modality);
    out.frameOfReferenceUid = getString(ds, DCM_FrameOfReferenceUID);
}

void place(ReferencedSeries& out, const std::filesystem::path& file, std::int64_t k,
           ReferencedImage image, const std::string& where) {
    if (k < 0)
        fail(file, tagName(DCM_ImagePositionPatient) + where +
                       " does not lie on a slice of the volume grid");
    ReferencedImage& slot = out.slices[static_cast<std::size_t>(k)];
    if (!slot.sopInstanceUid.empty())
        fail(file, where.empty() ? "lies on slice " + std::to_string(k) +
                                       ", which another image already fills"
                                 : "frame" + where + " lies on slice " + std::to_string(k) +
                                       ", which another image already fills");
    slot = std::move(image);
}

/// Multi-frame image: each frame's Plane Position (per-frame, else shared).
void placeFrames(DcmDataset& ds, const std::filesystem::path& file, const Geometry& grid,
                 const ReferencedImage& instance, ReferencedSeries& out) {
    DcmItem* shared = detail::firstItem(ds, DCM_SharedFunctionalGroupsSequence);
    DcmSequenceOfItems* perFrame = nullptr;
    if (ds.findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrame).bad() || !perFrame)
        fail(file, "multi-frame image without " + tagName(DCM_PerFrameFunctionalGroupsSequence));
    for (unsigned long f = 0; f < perFrame->card(); ++f) {
        DcmItem* position = detail::firstItem(*perFrame->getItem(f), DCM_PlanePositionSequence);
        if (!position && shared)
            position = detail::firstItem(*shared, DCM_PlanePositionSequence);
        const std::string where = " " + std::to_string(f + 1);
        const std::vector<double> ipp =
            position ? getDoubles(*position, DCM_ImagePositionPatient) : std::vector<double>{};
        if (ipp.size() != 3)
            fail(file, "frame" + where + " has no " + tagName(DCM_PlanePositionSequence) + " > " +
                           tagName(DCM_ImagePositionPatient));
        ReferencedImage image = instance;
        image.frameNumber = static_cast<int>(f + 1);
        place(out, file, sliceAt(grid, ipp), std::move(image), where);
    }
}

void clip(std::string& value, std::size_t maxLength) {
    if (value.size() > maxLength)
        value.resize(maxLength);
}

} // namespace

ReferencedSeries clippedToValueLengths(ReferencedSeries r) {
    clip(r.patientName, 64);
    clip(r.patientId, 64);              // LO
    clip(r.studyId, 16);                // SH
    clip(r.accessionNumber, 16);        // SH
    clip(r.referringPhysicianName, 64); // PN
    return r;
}

ReferencedSeries readReferencedSeries(const std::vector<std::filesystem::path>& files,
                                      const Geometry& grid) {
    ReferencedSeries out;
    out.slices.resize(static_cast<std::size_t>(grid.size[2]));
    for (const auto& file : files) {
        detail::requireBoundedNesting(file);
        DcmFileFormat ff;
        // Values longer than DCM_MaxReadLength (pixel data) stay in the file.
        const OFCondition status = ff.loadFile(file.string().c_str(), EXS_Unknown, EGL_noChange,
                                               DCM_MaxReadLength, ERM_autoDetect);
        if (status.bad())
            fail(file, std::string("cannot read as DICOM (") + status.text() + ")");
        DcmDataset& ds = *ff.getDataset();
        if (out.seriesInstanceUid.empty()) {
            takeIdentity(ds, out);
            if (out.seriesInstanceUid.empty())
                fail(file, "missing " + tagName(DCM_SeriesInstanceUID));
        } else if (const std::string series = getString(ds, DCM_SeriesInstanceUID);
                   series != out.seriesInstanceUid) {
            fail(file, tagName(DCM_SeriesInstanceUID) + " is " + series + ", not " +
                           out.seriesInstanceUid + " like the other files");
        }
        if (!out.lossyImageCompression && getString(ds, DCM_LossyImageCompression) == "01") {
            out.lossyImageCompression = true;
            out.lossyImageCompressionRatio =
                detail::getAllValues(ds, DCM_LossyImageCompressionRatio);
            out.lossyImageCompressionMethod =
                detail::getAllValues(ds, DCM_LossyImageCompressionMethod);
        }
        ReferencedImage image;
        image.sopClassUid = getString(ds, DCM_SOPClassUID);
        image.sopInstanceUid = getString(ds, DCM_SOPInstanceUID);
        if (image.sopClassUid.empty() || image.sopInstanceUid.empty())
            fail(file,
                 "missing " + tagName(DCM_SOPClassUID) + " or " + tagName(DCM_SOPInstanceUID));
        Sint32 frames = 1;
        if (ds.findAndGetSint32(DCM_NumberOfFrames, frames).bad())
            frames = 1;
        if (frames > 1 || detail::firstItem(ds, DCM_PerFrameFunctionalGroupsSequence)) {
            placeFrames(ds, file, grid, image, out);
            continue;
        }
        const std::vector<double> ipp = getDoubles(ds, DCM_ImagePositionPatient);
        if (ipp.size() != 3)
            fail(file, "missing " + tagName(DCM_ImagePositionPatient));
        place(out, file, sliceAt(grid, ipp), std::move(image), "");
    }
    for (std::size_t k = 0; k < out.slices.size(); ++k)
        if (out.slices[k].sopInstanceUid.empty())
            throw Error("series " + out.seriesInstanceUid + ": no image lies on slice " +
                        std::to_string(k) + " of the volume grid (" + std::to_string(files.size()) +
                        " files)");
    return out;
}

} // namespace rgw::dicom
