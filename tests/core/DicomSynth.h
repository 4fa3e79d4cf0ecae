#pragma once

// Writes small synthetic DICOM images with DCMTK for the DICOM I/O tests.

#include "image/Image.h"

#include <array>
#include <cstdint>
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace rgw::test {

inline std::string newUid() {
    char buf[100];
    dcmGenerateUniqueIdentifier(buf, SITE_INSTANCE_UID_ROOT);
    return buf;
}

inline void check(const OFCondition& c, const std::string& what) {
    if (c.bad())
        throw std::runtime_error(what + ": " + c.text());
}

/// One single-frame image instance.
struct SliceSpec {
    std::string sopClassUid = UID_CTImageStorage;
    std::string modality = "CT";
    std::string studyUid;
    std::string seriesUid;
    std::string sopUid; ///< generated when empty
    int instanceNumber = 1;
    int rows = 6;
    int columns = 8;
    std::array<double, 3> position{0, 0, 0};
    std::array<double, 6> orientation{1, 0, 0, 0, 1, 0};
    std::array<double, 2> pixelSpacing{0.7, 0.8}; ///< row spacing \ column spacing
    double sliceThickness = 2.5;
    double slope = 1;
    double intercept = 0;
    int bitsStored = 16;
    bool isSigned = false;
    std::string photometric = "MONOCHROME2";
    /// Stored 16-bit words, rows*columns, row by row.
    std::vector<std::uint16_t> words;
};

/// Rows, columns, position, orientation, pixel spacing and thickness of
/// slice `k` of the voxel grid `g`.
inline void placeOnGrid(SliceSpec& s, const Geometry& g, std::int64_t k) {
    s.rows = static_cast<int>(g.size[1]);
    s.columns = static_cast<int>(g.size[0]);
    const auto p = g.physicalPoint({0, 0, static_cast<double>(k)});
    s.position = {p[0], p[1], p[2]};
    s.orientation = {g.direction(0, 0), g.direction(1, 0), g.direction(2, 0),
                     g.direction(0, 1), g.direction(1, 1), g.direction(2, 1)};
    s.pixelSpacing = {g.spacing[1], g.spacing[0]};
    s.sliceThickness = g.spacing[2];
}

inline std::string ds(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

inline std::string multi(const double* v, int n) {
    std::string s;
    for (int i = 0; i < n; ++i)
        s += (i ? "\\" : "") + ds(v[i]);
    return s;
}

/// Attributes shared by classic and enhanced images (patient/study/series/pixel module).
inline void putCommon(DcmItem& d, const SliceSpec& s, const std::string& sopUid) {
    check(d.putAndInsertString(DCM_SOPClassUID, s.sopClassUid.c_str()), "SOPClassUID");
    check(d.putAndInsertString(DCM_SOPInstanceUID, sopUid.c_str()), "SOPInstanceUID");
    d.putAndInsertString(DCM_PatientID, "SYNTH01");
    d.putAndInsertString(DCM_PatientName, "Synthetic^Patient");
    d.putAndInsertString(DCM_StudyInstanceUID, s.studyUid.c_str());
    d.putAndInsertString(DCM_SeriesInstanceUID, s.seriesUid.c_str());
    d.putAndInsertString(DCM_Modality, s.modality.c_str());
    d.putAndInsertString(DCM_StudyDate, "20240102");
    d.putAndInsertString(DCM_StudyTime, "100000");
    d.putAndInsertString(DCM_SeriesNumber, "3");
    d.putAndInsertString(DCM_FrameOfReferenceUID, "1.2.3.4");
    d.putAndInsertString(DCM_InstanceNumber, std::to_string(s.instanceNumber).c_str());
    d.putAndInsertUint16(DCM_SamplesPerPixel, 1);
    d.putAndInsertString(DCM_PhotometricInterpretation, s.photometric.c_str());
    d.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(s.rows));
    d.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(s.columns));
    d.putAndInsertUint16(DCM_BitsAllocated, 16);
    d.putAndInsertUint16(DCM_BitsStored, static_cast<Uint16>(s.bitsStored));
    d.putAndInsertUint16(DCM_HighBit, static_cast<Uint16>(s.bitsStored - 1));
    d.putAndInsertUint16(DCM_PixelRepresentation, s.isSigned ? 1 : 0);
}

inline void putPlane(DcmItem& d, const SliceSpec& s) {
    d.putAndInsertString(DCM_ImagePositionPatient, multi(s.position.data(), 3).c_str());
    d.putAndInsertString(DCM_ImageOrientationPatient, multi(s.orientation.data(), 6).c_str());
    d.putAndInsertString(DCM_PixelSpacing, multi(s.pixelSpacing.data(), 2).c_str());
    d.putAndInsertString(DCM_SliceThickness, ds(s.sliceThickness).c_str());
}

/// The PET SUV inputs of a BQML series (Units, decay correction, series
/// time, weight, injected dose, start time, F-18 half-life).
inline void putPetSuvInputs(DcmItem& d, bool withWeight = true) {
    d.putAndInsertString(DCM_Units, "BQML");
    d.putAndInsertString(DCM_DecayCorrection, "START");
    d.putAndInsertString(DCM_SeriesDate, "20240102");
    d.putAndInsertString(DCM_SeriesTime, "104530");
    if (withWeight)
        d.putAndInsertString(DCM_PatientWeight, "72.5");
    DcmItem* rp = nullptr;
    d.findOrCreateSequenceItem(DCM_RadiopharmaceuticalInformationSequence, rp, 0);
    rp->putAndInsertString(DCM_RadiopharmaceuticalStartTime, "093000");
    rp->putAndInsertString(DCM_RadionuclideTotalDose, "370000000");
    rp->putAndInsertString(DCM_RadionuclideHalfLife, "6586.2");
}

inline void putRescale(DcmItem& d, const SliceSpec& s) {
    d.putAndInsertString(DCM_RescaleSlope, ds(s.slope).c_str());
    d.putAndInsertString(DCM_RescaleIntercept, ds(s.intercept).c_str());
}

/// A classic single-frame image dataset.
inline std::unique_ptr<DcmFileFormat> makeSlice(const SliceSpec& s) {
    auto ff = std::make_unique<DcmFileFormat>();
    DcmDataset& d = *ff->getDataset();
    putCommon(d, s, s.sopUid.empty() ? newUid() : s.sopUid);
    putPlane(d, s);
    putRescale(d, s);
    if (s.words.size() != static_cast<std::size_t>(s.rows * s.columns))
        throw std::runtime_error("SliceSpec: words size");
    check(d.putAndInsertUint16Array(DCM_PixelData, s.words.data(),
                                    static_cast<unsigned long>(s.words.size())),
          "PixelData");
    return ff;
}

/// Saves as a Part 10 file in `xfer`, compressing with the registered encoders if needed.
inline void save(DcmFileFormat& ff, const std::filesystem::path& file,
                 E_TransferSyntax xfer = EXS_LittleEndianExplicit,
                 const DcmRepresentationParameter* params = nullptr) {
    if (xfer != EXS_LittleEndianExplicit && xfer != EXS_LittleEndianImplicit &&
        xfer != EXS_BigEndianExplicit && xfer != EXS_DeflatedLittleEndianExplicit)
        check(ff.getDataset()->chooseRepresentation(xfer, params), "compress");
    std::filesystem::create_directories(file.parent_path());
    check(ff.saveFile(file.string().c_str(), xfer), "save " + file.string());
}

inline void writeSlice(const SliceSpec& s, const std::filesystem::path& file,
                       E_TransferSyntax xfer = EXS_LittleEndianExplicit) {
    auto ff = makeSlice(s);
    save(*ff, file, xfer);
}

} // namespace rgw::test
