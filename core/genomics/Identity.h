#pragma once

// Identity rules that link ids of genomic and clinical sources to patients:
// TCGA barcodes (sample TCGA-02-0001-01A... belongs to patient TCGA-02-0001)
// and alias tables (DICOM PatientID <-> study patient ids).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rgw::genomics {

/// The parts of a TCGA barcode: "TCGA-02-0001-01C-01D-0182-01" has project
/// "TCGA", tissue source site "02", participant "0001", sample type 01 and
/// vial 'C'. Only the first three fields are required.
struct TcgaBarcode {
    std::string patient;           ///< "TCGA-02-0001"
    std::optional<int> sampleType; ///< 1..29 when the barcode has a sample field
    std::string sample;            ///< "TCGA-02-0001-01" (no vial) or empty
};

/// Parses `id` as a TCGA-style barcode (project-TSS-participant[-sample...]);
/// nothing when it does not follow the pattern.
std::optional<TcgaBarcode> parseTcgaBarcode(const std::string& id);

/// The sample type of a TCGA sample-type code: 01, 03, 05, 09 -> "primary",
/// 02, 04, 40 -> "recurrence", 06, 07 -> "metastasis", 10..14 -> "normal";
/// empty for others.
std::string tcgaSampleType(int code);

/// One row of an alias (mapping) file: an id used by a source and the
/// canonical patient id (the DICOM PatientID) it stands for.
struct PatientAlias {
    std::string alias;
    std::string patientId;
    std::string kind; ///< "study id", "hospital number", "tcga barcode", ... (free text)
};

/// Reads an alias file: CSV or TSV (by the first line's separator) with a
/// header naming the columns `patient_id` and `alias` (and optionally
/// `kind`), in any order; '#' lines are comments. Throws rgw::Error naming
/// file and line for a missing column, a ragged row, an empty id or an alias
/// given twice for different patients.
std::vector<PatientAlias> readAliasFile(const std::filesystem::path& file);

} // namespace rgw::genomics
