#pragma once

// Imports one genomic / clinical data set (as a parser produced it) into the
// cohort database: patients and samples linked to the imaging patients,
// clinical attributes and values, gene panels, genomic profiles with their
// coverage, mutations, compact matrices, genotypes and sample calls.

#include "Database.h"
#include "genomics/GenomicRecords.h"
#include "genomics/Identity.h"
#include "util/Cancel.h"

#include <cstddef>
#include <string>
#include <vector>

namespace rgw::storage {

/// What the import does with a data set that has problems (rows the parser
/// could not use, or records the database cannot take).
enum class OnError {
    Abort, ///< write nothing when there is any problem
    Skip,  ///< leave out the records with problems, import the rest
};

struct GenomicsImportOptions {
    OnError onError = OnError::Abort;
    /// Source id -> canonical patient id (e.g. `--mapping FILE` read with
    /// genomics::readAliasFile); stored in patient_aliases when its patient exists.
    std::vector<genomics::PatientAlias> aliases = {};
    std::string who = {}; ///< recorded in the audit log; empty = OS user name
    const CancelToken* cancel = nullptr;
    /// (stepsDone, stepsTotal, what): the patient, clinical and panel steps, then one per profile.
    ProgressFn progress = {};
};

struct ImportedProfile {
    enum class Outcome { Added, Replaced, Unchanged };
    std::string stableId;
    std::string name;
    std::string kind;        ///< genomics::profileKindName spelling
    std::size_t records = 0; ///< mutations, matrix genes, genotypes or sample calls
    std::size_t samples = 0; ///< samples with a row in profile_samples
    Outcome outcome = Outcome::Added;
    Id rowId = 0; ///< genomic_profiles.id
};
const char* toString(ImportedProfile::Outcome outcome); ///< "added", "replaced", "unchanged"

struct GenomicsImportReport {
    Id importRunId = 0; ///< 0 when nothing was written
    std::size_t patientsAdded = 0;
    std::size_t samplesAdded = 0;
    std::size_t samplesUpdated = 0; ///< type or date filled in / changed
    std::size_t aliasesAdded = 0;
    std::size_t clinicalValuesAdded = 0;
    std::size_t clinicalValuesChanged = 0;
    std::vector<ImportedProfile> profiles;
    std::vector<genomics::SkippedFile> skippedFiles;
    /// Ids that matched no stored patient: the patients this import created
    /// (canonical ids). They have no images yet.
    std::vector<std::string> unmatchedIds;
    /// The data set's problems, then those the import found (records left
    /// out under OnError::Skip, or why nothing was written under Abort).
    std::vector<genomics::InputProblem> errors;
    bool imported = false;  ///< the data set is in the database (committed or already there)
    bool unchanged = false; ///< it was all there already: nothing was written
    bool cancelled = false;
    double seconds = 0.0;
};

/// Imports `data` in one transaction, with an import_runs row (kind
/// "genomics") and audit entries. Nothing is written when:
///   - onError is Abort and the data set has any problem (report.errors);
///   - everything is already stored with equal content (report.unchanged;
///     profiles compare by content hash, samples and clinical values by value);
///   - the token is cancelled (report.cancelled).
/// A profile whose content changed replaces its stored rows (new row id) and
/// the audit log says so; stored profiles, samples and clinical values the
/// data set does not name are kept. A database failure rolls back every
/// change, records a failed import run in a transaction of its own and
/// throws rgw::Error naming the database. Call it outside a transaction.
GenomicsImportReport importGenomicData(Database& db, const genomics::GenomicDataSet& data,
                                       const GenomicsImportOptions& options = {});

} // namespace rgw::storage
