#pragma once

// Writes a GenomicDataSet as a cBioPortal study folder: the inverse of
// readCbioPortalStudy (CbioPortalStudy.h), so that reading the folder back
// gives an equal data set (what the cohort bundle and the de-identified
// export hand to another installation or to cBioPortal):
//
//   meta_study.txt                 type_of_cancer (the data set's, else "mixed"),
//                                  cancer_study_identifier, name, description
//   meta_clinical_patient.txt, data_clinical_patient.txt
//   meta_clinical_sample.txt, data_clinical_sample.txt
//       the four '#' header lines (display name, description, NUMBER / STRING /
//       BOOLEAN, priority), PATIENT_ID (and SAMPLE_ID) then every attribute of
//       that level, a missing value as [Not Available]; every patient and
//       sample of the data set has its row
//   meta_<stable_id>.txt, data_<stable_id>.txt, one pair per profile:
//       mutation profiles as MAF ("#version 2.4"; Hugo_Symbol,
//       Entrez_Gene_Id, Tumor_Sample_Barcode, Variant_Classification,
//       HGVSp_Short "p.X", Variant_Type, Chromosome, Start_Position,
//       Reference_Allele, Tumor_Seq_Allele2, t_ref_count, t_alt_count,
//       cbp_driver); matrix profiles as Hugo_Symbol [Entrez_Gene_Id] SAMPLE...
//       with NA for a missing value and each float in the shortest text that
//       reads back to the same float (bit for bit); the meta file carries the
//       profile's name, description, datatype and gene_panel
//   meta_gene_panel_matrix.txt, data_gene_panel_matrix.txt
//       the per-sample panels (NA: not profiled), when there are any
//   data_gene_panel_<panel>.txt   each panel the profiles name, with its genes
//   case_lists/cases_all.txt and cases_<stable_id>.txt: the samples each
//       profile covers (<study>_<stable_id>, which the reader looks up first);
//       none for a profile that covers every sample
//
// So "not profiled" survives the round trip: the case lists, the gene panel
// matrix (NA) and the panels' gene lists are what the reader learns coverage
// from. Structural variants, germline genotypes, subtype calls and assay
// scores (from VCF, PLINK or mapped tables) and date attributes have no
// cBioPortal file here: they are not written and the report lists them.
//
// A value the reader would not read back as written is refused with an
// rgw::Error naming the file, the record and the column: a tab, line feed or
// carriage return in any field, leading or trailing blanks, or a text that
// reads as missing ("NA", "[Not Available]", ...). Ids must be valid
// cBioPortal case ids (letters, digits, '.', '_', '-').

#include "genomics/GenomicRecords.h"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace rgw::genomics {

/// New ids for the patients and samples of a data set (pseudonyms).
struct CaseIdMapping {
    /// The new id of a patient; required.
    std::function<std::string(const std::string& patientId)> patient;
    /// The new id of a sample of `patientId` (the old ids); empty: a sample id
    /// that starts with its patient's id keeps the rest after the new patient
    /// id (DEMO-001-01 -> P7-01), any other becomes "<new patient id>_<n>"
    /// (n = its 1-based rank among the patient's samples in data set order).
    std::function<std::string(const std::string& sampleId, const std::string& patientId)> sample;
};

/// A copy of `data` with every patient and sample id replaced: patients,
/// samples, clinical values, case coverage, sample panels, mutations, matrix
/// columns, genotypes and calls. Nothing else changes. Throws rgw::Error when
/// a new id is not a valid case id or two cases get the same id.
GenomicDataSet renameCases(const GenomicDataSet& data, const CaseIdMapping& mapping);

struct CbioWriteReport {
    std::vector<std::string> files; ///< written, relative to the folder, sorted
    /// What the folder does not hold, with why (profiles and attributes of
    /// kinds cBioPortal files do not carry).
    std::vector<SkippedFile> notWritten;
};

/// Writes `data` into `folder` (see the file comment). The folder must not
/// exist or be empty; the files are written into a temporary folder beside it
/// that is renamed into place, so on any error nothing is left behind.
/// Throws rgw::Error for a value that cannot be written (see above), a
/// study or profile id that is not a safe file name, or an I/O failure.
CbioWriteReport writeCbioPortalStudy(const GenomicDataSet& data,
                                     const std::filesystem::path& folder);

} // namespace rgw::genomics
