#pragma once

// Named cohorts (schema v5): a frozen member list plus the definition that
// produced it, the curation record (exclusions and re-inclusions with their
// reasons, each also in the audit log), the flow summary the study report
// draws, and the train/test assignment with its seed.
//
// A cohort never changes when data arrive later: its members are stored when
// it is created. Creating a cohort under an existing name makes the next
// version of that name (re-evaluating a definition is a new version); older
// versions stay readable. Exclusions change who is *included*, never who is a
// member.

#include "Database.h"
#include "cohort/Split.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {

struct CohortRow {
    Id id = 0;
    std::string name;
    int version = 1;
    /// The normalised CohortFilter text that selected the members ("" = all).
    std::string definition;
    /// "NAME@VERSION" of the cohort the candidates came from; "" = every
    /// patient of the database.
    std::string fromCohort;
    std::size_t candidates = 0; ///< patients the definition was evaluated on
    std::size_t members = 0;    ///< patients that matched (frozen)
    std::size_t included = 0;   ///< members not excluded now
    std::string createdAt;      ///< ISO 8601 UTC
    std::string createdBy;
};

/// A cohort's curation decisions, newest state per patient.
struct CohortMember {
    std::string patientId;
    bool excluded = false;
    std::string reason; ///< of the exclusion (empty when included)
    std::string decidedBy;
    std::string decidedAt;
    /// "train" / "test" from the stored split; "" before any split.
    std::string split;
};

/// One step of the flow diagram.
struct CohortFlowStep {
    std::string reason; ///< "did not meet: <definition>" or an exclusion reason
    std::size_t excluded = 0;
};

/// Started with N (candidates), excluded k for each reason (first the
/// definition, then manual exclusions by reason, in order of first use),
/// final n, and n per split role when split.
struct CohortFlow {
    std::size_t started = 0;
    std::vector<CohortFlowStep> steps;
    std::size_t final = 0;
    std::map<std::string, std::size_t> perSplit; ///< "train"/"test" -> included members
};

/// How a split was made; recorded with the assignment.
struct CohortSplitRecord {
    std::string method;        ///< "stratified", "group" or "imported"
    double testFraction = 0.0; ///< requested (0 for imported)
    std::string variable;      ///< stratify / group-by variable ("" = none)
    std::uint64_t seed = 0;    ///< 0 for imported
    std::string createdAt;
    std::string createdBy;
};

/// named cohorts, their members, decisions and splits. Every write runs in one
/// transaction (joining the caller's when open) with its audit entry.
class NamedCohortRepository {
public:
    explicit NamedCohortRepository(Database& db) : db_(db) {}

    /// Stores the next version of `name` with its frozen members (patient
    /// canonical ids; each must exist, duplicates are an error). Throws
    /// rgw::Error for an empty or over-long name (over 128 bytes), a name with
    /// '@' (it separates NAME@VERSION), control characters or surrounding
    /// spaces, an unknown patient id, more members than candidates, or an
    /// empty definition that did not take every candidate. Nothing is stored
    /// then.
    CohortRow create(const std::string& name, const std::string& definition,
                     const std::string& fromCohort, std::size_t candidates,
                     const std::vector<std::string>& members, const std::string& who);

    /// The latest version of `name` (or the given one).
    std::optional<CohortRow> find(const std::string& name, std::optional<int> version = {});
    /// Parses "NAME" or "NAME@VERSION"; throws rgw::Error naming it when absent.
    CohortRow require(const std::string& nameOrNameAtVersion);
    std::vector<CohortRow> list(); ///< every version, by name then version

    std::vector<CohortMember> members(Id cohortId);         ///< by patient id
    std::vector<std::string> includedPatients(Id cohortId); ///< by patient id

    /// Excludes a member with a reason (non-empty). Throws rgw::Error when the
    /// patient is not a member or is already excluded.
    void exclude(Id cohortId, const std::string& patientId, const std::string& reason,
                 const std::string& who);
    /// Takes an exclusion back (undo), with a reason; throws when not excluded.
    void include(Id cohortId, const std::string& patientId, const std::string& reason,
                 const std::string& who);

    /// Replaces the cohort's split: every included member gets its role
    /// (an included member missing from `roles` is an error, an id that is
    /// not a member too); excluded members may have one or none ("").
    void storeSplit(Id cohortId, const CohortSplitRecord& record,
                    const std::map<std::string, cohort::SplitRole>& roles, const std::string& who);
    std::optional<CohortSplitRecord> split(Id cohortId);

    CohortFlow flow(Id cohortId);

private:
    Database& db_;
};

/// A reviewer's verdict on one image series.
enum class QcVerdict { Pass, Questionable, Fail };
const char* qcVerdictName(QcVerdict verdict); ///< "pass", "questionable", "fail"
std::optional<QcVerdict> qcVerdictFromName(const std::string& name);

struct SeriesQcFlag {
    Id id = 0;
    std::string seriesInstanceUid;
    QcVerdict verdict = QcVerdict::Pass;
    std::string note;
    std::string reviewer;
    std::string reviewedAt; ///< ISO 8601 UTC
};

/// Per-series QC flags (schema v5): a history per series; the newest counts.
class SeriesQcRepository {
public:
    explicit SeriesQcRepository(Database& db) : db_(db) {}
    /// Records a verdict (audit-logged). Throws rgw::Error for an unknown series.
    Id record(const std::string& seriesInstanceUid, QcVerdict verdict, const std::string& note,
              const std::string& reviewer);
    std::vector<SeriesQcFlag> history(const std::string& seriesInstanceUid); ///< newest first
    /// The newest flag of every reviewed series, by Series Instance UID.
    std::map<std::string, SeriesQcFlag> latest();

private:
    Database& db_;
};

} // namespace rgw::storage
