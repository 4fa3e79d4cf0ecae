#pragma once

// The variables of the cohort's patients, by the names the filter language
// (cohort/CohortFilter.h), the patient table and the cohort export share:
//
//   <ATTRIBUTE_ID>      clinical attribute as imported (OS_MONTHS, AGE, ...):
//                       number attributes numeric, booleans "true"/"false",
//                       others text as written; sample-level attributes from
//                       the row's sample (the primary sample per patient).
//   os_time, os_event   derived outcomes from OS_MONTHS / OS_STATUS
//                       ("1:DECEASED" -> 1, "0:LIVING" -> 0); dfs_ from
//                       DFS_MONTHS / DFS_STATUS, pfs_ from PFS_MONTHS /
//                       PFS_STATUS. Time in months, as the source.
//   mut_<HUGO>          "mutated" (a protein-altering call), "wild-type"
//                       (profiled, none) or "not-profiled" (exported 1/0/empty)
//   cna_<HUGO>          copy number (discrete -2..2 or continuous)
//   expr_<HUGO>         expression;  meth_<HUGO or probe>  methylation
//   prot_<HUGO>         protein level (RPPA)
//   subtype_<PROFILE>   subtype call (text); score_<PROFILE> assay score
//   snp_<VARIANT>       germline dosage 0..2 of the alternate allele
//   has_CT, has_MR, has_PT, ... "true"/"false" per modality imported;
//   has_segmentation    "true"/"false"
//   qc_<MODALITY>       the worst newest QC verdict of the patient's series
//                       of that modality ("fail" < "questionable" < "pass";
//                       missing when none was reviewed)
//
// When more than one included profile gives the same genomic prefix (two
// expression profiles; discrete and continuous copy number), that prefix's
// names carry the profile: "expr_EGFR:rna_seq_v2_mrna_median_Zscores" (the
// profile's stable id, "<study>.<stable id>" when two studies share it). A
// name that exists nowhere is an error (requireKnown), never a silently empty
// cohort. Structural variants have no variable (no prefix in this contract).

#include "Database.h"
#include "cohort/CohortFilter.h"
#include "genomics/GenomicRecords.h"

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rgw::storage {

enum class VariableSource { Clinical, Outcome, Genomic, Imaging, Qc };
const char* variableSourceName(VariableSource source); ///< "clinical", "outcome", ...

struct VariableInfo {
    std::string name;
    VariableSource source = VariableSource::Clinical;
    bool numeric = false;
    std::string description; ///< display name / profile name and unit
    std::string profile;     ///< genomic profile stable id ("" otherwise)
};

struct GenomicProfileRow;

/// The column prefix of a profile kind's per-gene variables: "mut_", "cna_",
/// "expr_", "meth_", "prot_", "snp_", "subtype_", "score_"; "" for a kind
/// without per-gene columns (structural variants).
const char* geneVariablePrefix(genomics::ProfileKind kind);

/// The stored genomic profile named `name`: its stable id, or
/// "STUDY.STABLE_ID" when two studies share the stable id. Throws rgw::Error
/// listing the profiles when none (or more than one) matches, and when the
/// profile has no per-gene columns.
GenomicProfileRow requireGeneProfile(Database& db, const std::string& name);

/// Which genomic columns a table holds: genes (empty = for mut_ every gene
/// with a protein-altering call in an included profile, for matrices every
/// gene of the matrix) and profiles (stable ids; empty = all).
///
/// `profiles` decides which genomic variables exist at all (and so whether a
/// prefix is ambiguous); `genes` only limits the columns of catalogue() and
/// table(): a gene (or snp_ variant id) outside it is still known to
/// isKnown() / values(). subtype_ and score_ are per profile, never limited
/// by `genes`.
struct VariableSelection {
    std::vector<std::string> genes;
    std::vector<std::string> profiles;
};

/// One row per patient (its primary sample: the first "primary" sample by
/// id, else its first sample) or one row per sample.
enum class SampleChoice { Primary, All };

/// A column of values for the rows of a VariableTable.
struct VariableColumn {
    VariableInfo info;
    std::vector<double> numbers;    ///< info.numeric: NaN = missing
    std::vector<std::string> texts; ///< otherwise: "" = missing

    cohort::Value at(std::size_t row) const;
};

struct VariableTable {
    std::vector<std::string> patientIds; ///< canonical id per row
    std::vector<std::string> sampleIds;  ///< sample per row ("" = the patient has none)
    std::vector<VariableColumn> columns;

    std::size_t rowCount() const { return patientIds.size(); }
};

/// Reads the variables from the database. Construct once per use (it caches
/// the catalogue and profile coverage).
class CohortVariables {
public:
    explicit CohortVariables(Database& db, VariableSelection selection = {});
    ~CohortVariables();
    CohortVariables(CohortVariables&&) noexcept;
    CohortVariables& operator=(CohortVariables&&) = delete;

    /// Every selected variable (the columns of table()), sorted by source,
    /// then name.
    const std::vector<VariableInfo>& catalogue();
    /// True for a name of the catalogue, and for every other name the
    /// database can give a value: a mut_ gene with a call in a mutation
    /// profile, on a gene panel or in a matrix profile's gene list; a matrix
    /// gene or a variant outside `selection.genes`.
    bool isKnown(const std::string& name);
    /// Throws rgw::Error "unknown variable 'X'" (with up to three similar
    /// known names) for the first unknown name.
    void requireKnown(const std::vector<std::string>& names);

    /// Only `names` (all known: requireKnown) for each patient, from its
    /// primary sample: what CohortFilter::matches needs. Missing values are
    /// absent; every patient has an entry. Throws rgw::Error for an unknown
    /// patient id.
    std::map<std::string, cohort::PatientVariables>
    values(const std::vector<std::string>& patientIds, const std::vector<std::string>& names);

    /// Every selected variable for the patients (or their samples), in
    /// catalogue order, for the export and the patient table.
    VariableTable table(const std::vector<std::string>& patientIds, SampleChoice sampleChoice);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace rgw::storage
