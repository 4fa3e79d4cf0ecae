#pragma once

// The image acquisition of a cohort as the methods section reports it: per
// modality, the scanners, kVp, slice thickness, pixel spacing, reconstruction
// kernels, contrast and, for PET, the units and the SUV normalisation, as
// counts and ranges over the series. One representative header per series
// (readAcquisitionHeader) is summarised by a pure function
// (summariseAcquisition), testable without files or a database.

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rgw::dicom {

/// The acquisition attributes of one series, from one of its instances.
/// Absent attributes stay empty / nullopt (never zero).
struct AcquisitionHeader {
    std::string modality;                 ///< Modality (0008,0060)
    std::string manufacturer;             ///< Manufacturer (0008,0070)
    std::string model;                    ///< Manufacturer's Model Name (0008,1090)
    std::optional<double> kvp;            ///< KVP (0018,0060), kV
    std::optional<double> sliceThickness; ///< Slice Thickness (0018,0050), mm
    /// Pixel Spacing (0028,0030) row and column spacing, mm (both or none).
    std::optional<double> pixelSpacingRow, pixelSpacingColumn;
    std::string convolutionKernel; ///< Convolution Kernel (0018,1210), values joined by '\'
    /// Contrast/Bolus Agent (0018,0010) present with a value.
    bool contrastAgent = false;
    std::string contrastAgentName; ///< its value
    // PET only (Modality PT):
    std::string petUnits;        ///< Units (0054,1001)
    std::string decayCorrection; ///< Decay Correction (0054,1102)
    bool suvConvertible = false; ///< the engine converts it to SUVbw (io/dicom/detail/Suv.h)
    std::string suvNote;         ///< how SUV is obtained, or why not
};

/// Reads the header of one stored instance (without its pixel data). Throws
/// rgw::Error naming the file when it is missing or not readable DICOM.
AcquisitionHeader readAcquisitionHeader(const std::filesystem::path& file);

/// Minimum, median (R's median) and maximum of a quantity over the series
/// that record it.
struct ValueRange {
    std::size_t series = 0; ///< series with a value
    double min = 0, median = 0, max = 0;
};

struct ModalityAcquisition {
    std::string modality; ///< "CT", "MR", "PT", ... ("" = not recorded)
    std::size_t series = 0;
    /// "Manufacturer Model" -> series ("not recorded" when both are absent).
    std::map<std::string, std::size_t> scanners;
    std::optional<ValueRange> kvp, sliceThickness;
    /// In-plane pixel spacing (the mean of row and column spacing, mm).
    std::optional<ValueRange> pixelSpacing;
    std::map<std::string, std::size_t> kernels; ///< recorded kernels only
    std::size_t withoutKernel = 0;
    std::size_t withContrast = 0, withoutContrast = 0;
    // PET:
    std::map<std::string, std::size_t> petUnits;         ///< "" = not recorded
    std::map<std::string, std::size_t> decayCorrections; ///< "" = not recorded
    std::size_t suvConvertible = 0;
    std::map<std::string, std::size_t> suvNotes; ///< why / how, with counts
};

/// Per modality (sorted by name), the counts and ranges of `headers` (one
/// per series).
std::vector<ModalityAcquisition>
summariseAcquisition(const std::vector<AcquisitionHeader>& headers);

/// "min–max (median m)" in mm / kV as given, e.g. "1.25–5 (median 2.5)"; a
/// single value alone.
std::string rangeText(const ValueRange& range);

} // namespace rgw::dicom
