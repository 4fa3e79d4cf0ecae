#pragma once

// A cohort's genomic and clinical data out of the database as a cBioPortal
// study folder (genomics/CbioWriter.h): the inverse of the import
// (storage/GenomicsImport.h with genomics/CbioPortalStudy.h), so that
// importing the folder into another database gives the same patients,
// samples, clinical values, mutation calls, matrix values (bit for bit) and
// coverage (mutated / wild-type / not profiled per gene and sample). Used by
// the cohort bundle and, with pseudonyms, by the de-identified export.
//
// What the database holds and cBioPortal files cannot carry is listed in the
// report, not written: germline genotypes, subtype calls, assay scores,
// structural variants (stored as one record per gene), date attributes,
// sample dates, a sample type that neither its SAMPLE_TYPE value nor its id
// gives, and a VAF stored without read counts. Matrix row probe names are
// not stored, so matrices are written by gene.

#include "Database.h"
#include "genomics/CbioWriter.h"
#include "genomics/GenomicRecords.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace rgw::storage {

/// The data of `patients` (canonical ids) in genomic study `studyId` as a
/// data set: the patients with a sample or a clinical value, their samples,
/// every clinical attribute and their values, the study's profiles with
/// their coverage restricted to these samples (case list, all-samples flag,
/// gene panel, per-sample panels), mutations, matrix columns of these
/// samples (in stored order), genotypes, calls, and the panels the profiles
/// name. An empty `studyId` takes the only stored study (none: clinical data
/// only, study id "rgw_cohort"). Throws rgw::Error for an unknown study, an
/// ambiguous one (several stored; the message lists them) or an unknown
/// patient.
genomics::GenomicDataSet genomicDataSetOf(Database& db, const std::vector<std::string>& patients,
                                          const std::string& studyId = {});

struct GenomicsExportOptions {
    std::string cohort;  ///< "NAME" or "NAME@VERSION" (its included patients); "" = every patient
    std::string studyId; ///< genomic study; "" = the only stored one
    /// Pseudonyms for the patient (and sample) ids; an empty `patient`
    /// function keeps the ids.
    genomics::CaseIdMapping mapping = {};
};

struct GenomicsExportReport {
    std::string studyId;
    std::size_t patients = 0;
    std::size_t samples = 0;
    std::size_t clinicalValues = 0;
    std::size_t profiles = 0; ///< written
    std::size_t mutations = 0;
    std::vector<std::string> files;                ///< relative to the folder
    std::vector<genomics::SkippedFile> notWritten; ///< what and why
};

/// Writes the cohort's data as a cBioPortal study into `folder` (which must
/// not exist or be empty; written whole or not at all). Throws rgw::Error
/// for an unknown cohort or study, a value that cannot be written (naming
/// the file, record and column), a bad pseudonym or an I/O failure.
GenomicsExportReport exportCbioPortalStudy(Database& db, const GenomicsExportOptions& options,
                                           const std::filesystem::path& folder);

} // namespace rgw::storage
