#pragma once

// cBioPortal clinical data files (data_clinical_patient.txt,
// data_clinical_sample.txt; meta genetic_alteration_type CLINICAL, datatype
// PATIENT_ATTRIBUTES / SAMPLE_ATTRIBUTES):
//   #display name<TAB>...        four '#' lines describe the attributes
//   #description<TAB>...
//   #STRING<TAB>NUMBER<TAB>...   NUMBER, STRING or BOOLEAN
//   #1<TAB>1<TAB>...             priority (an integer)
//   PATIENT_ID<TAB>OS_MONTHS...  the column header
//   P1<TAB>17.97...              one row per patient / sample
// Missing values (TabularText.h isMissingValue) give no ClinicalValue.

#include "genomics/GenomicRecords.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace rgw::genomics {

/// Reads a clinical file of `level` into `out`: its attributes (every column
/// but PATIENT_ID, and SAMPLE_ID in a sample file), its values, and the
/// patients (patient file) or samples (sample file; their patients are not
/// added here). A sample's type comes from its SAMPLE_TYPE, else its
/// SAMPLE_CLASS value (sampleTypeFromText), else its TCGA barcode.
///
/// A bad row (ragged, not UTF-8, empty or malformed id, an id given twice, a
/// NUMBER value that is not a finite number, a BOOLEAN value that is not
/// TRUE/FALSE) is one InputProblem (file, line, column) and is not used. A
/// bad header (unreadable file, not four '#' lines, a datatype other than
/// NUMBER/STRING/BOOLEAN, a priority that is not an integer, PATIENT_ID or
/// SAMPLE_ID missing, a column given twice) is one problem and the whole
/// file is not used: then this returns false.
bool readClinicalFile(const std::filesystem::path& file, AttributeLevel level, GenomicDataSet& out);

/// "primary", "metastasis", "recurrence" or "normal" from a free-text sample
/// type ("Primary Tumor", "Metastatic", "Recurrence", "Solid Tissue Normal",
/// case-insensitive); empty when it names none of them.
std::string sampleTypeFromText(std::string_view text);

/// True when `id` is a valid cBioPortal patient or sample id: letters,
/// digits, '.', '_' and '-' only, not empty.
bool isValidCaseId(std::string_view id);

} // namespace rgw::genomics
