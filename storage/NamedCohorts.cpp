#include "NamedCohorts.h"

#include "AuditLog.h"
#include "util/Error.h"
#include "util/Text.h"

#include <charconv>
#include <cmath>
#include <set>
#include <sstream>

namespace rgw::storage {

namespace {

constexpr std::size_t kMaxCohortNameBytes = 128;

/// Row id of the newest decision on one member: its state ("exclude" or
/// "include"; no decision = included). Ids grow with every insert, so the
/// largest is the newest even when two decisions share a timestamp.
constexpr const char* kNewestDecisionOfMember =
    "(SELECT MAX(x.id) FROM cohort_decisions x "
    "WHERE x.cohort_id = m.cohort_id AND x.patient_id = m.patient_id)";

const std::string kCohortSelect =
    std::string("SELECT c.id, c.name, c.version, c.definition, c.from_cohort, c.candidates, "
                "c.created_at, c.created_by, "
                "(SELECT COUNT(*) FROM cohort_members m WHERE m.cohort_id = c.id), "
                "(SELECT COUNT(*) FROM cohort_members m WHERE m.cohort_id = c.id AND "
                "COALESCE((SELECT d.decision FROM cohort_decisions d WHERE d.id = ") +
    kNewestDecisionOfMember + "), 'include') = 'include') FROM cohorts c ";

CohortRow readCohort(const Statement& s) {
    CohortRow row;
    row.id = s.int64(0);
    row.name = s.text(1);
    row.version = s.integer(2);
    row.definition = s.text(3);
    row.fromCohort = s.text(4);
    row.candidates = static_cast<std::size_t>(s.int64(5));
    row.createdAt = s.text(6);
    row.createdBy = s.text(7);
    row.members = static_cast<std::size_t>(s.int64(8));
    row.included = static_cast<std::size_t>(s.int64(9));
    return row;
}

std::optional<CohortRow> findById(Database& db, Id cohortId) {
    Statement& s = db.prepare(kCohortSelect + "WHERE c.id = ?1");
    s.bind(1, cohortId);
    std::optional<CohortRow> row;
    if (s.step())
        row = readCohort(s);
    s.reset();
    return row;
}

/// "NAME@VERSION": how a cohort is named in messages, the audit log and
/// from_cohort.
std::string label(const CohortRow& cohort) {
    return cohort.name + "@" + std::to_string(cohort.version);
}

CohortRow requireById(Database& db, Id cohortId) {
    if (auto row = findById(db, cohortId))
        return *row;
    throw Error("no cohort with id " + std::to_string(cohortId) + " in " + db.path().string());
}

void checkName(const std::string& name) {
    if (name.empty())
        throw Error("a cohort needs a name");
    if (name.size() > kMaxCohortNameBytes)
        throw Error("cohort name '" + name.substr(0, 40) + "...' is longer than " +
                    std::to_string(kMaxCohortNameBytes) + " bytes");
    if (name.find('@') != std::string::npos)
        throw Error("cohort name '" + name + "' contains '@', which separates a name from its " +
                    "version (NAME@VERSION)");
    for (const char c : name)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            throw Error("cohort name '" + name + "' contains a control character");
    if (name.front() == ' ' || name.back() == ' ')
        throw Error("cohort name '" + name + "' begins or ends with a space");
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

/// A member's row ids and current state, or nothing when not a member.
struct MemberState {
    Id patientRowId = 0;
    bool excluded = false;
    std::string reason; ///< of the newest decision
};

std::optional<MemberState> memberState(Database& db, Id cohortId, const std::string& patientId) {
    Statement& s =
        db.prepare(std::string("SELECT m.patient_id, d.decision, d.reason FROM cohort_members m "
                               "JOIN patients p ON p.id = m.patient_id "
                               "LEFT JOIN cohort_decisions d ON d.id = ") +
                   kNewestDecisionOfMember + " WHERE m.cohort_id = ?1 AND p.patient_id = ?2");
    s.bind(1, cohortId).bind(2, patientId);
    std::optional<MemberState> state;
    if (s.step()) {
        state = MemberState{s.int64(0), !s.isNull(1) && s.text(1) == "exclude",
                            s.isNull(2) ? std::string() : s.text(2)};
    }
    s.reset();
    return state;
}

/// Validates and appends one curation decision with its audit entry.
void decide(Database& db, Id cohortId, const std::string& patientId, const std::string& reason,
            const std::string& who, bool exclude) {
    const char* what = exclude ? "excluding patient " : "including back patient ";
    const char* where = exclude ? " from cohort " : " in cohort ";
    Transaction transaction(db);
    const CohortRow cohort = requireById(db, cohortId);
    const std::string why = trimmed(reason);
    if (why.empty())
        throw Error(what + patientId + where + label(cohort) + " needs a reason");
    const auto state = memberState(db, cohortId, patientId);
    if (!state)
        throw Error("patient " + patientId + " is not a member of cohort " + label(cohort));
    if (exclude && state->excluded)
        throw Error("patient " + patientId + " is already excluded from cohort " + label(cohort) +
                    " (reason: " + state->reason + ")");
    if (!exclude && !state->excluded)
        throw Error("patient " + patientId + " is not excluded from cohort " + label(cohort));

    Statement& s = db.prepare("INSERT INTO cohort_decisions "
                              "(cohort_id, patient_id, decision, reason, decided_by) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)");
    s.bind(1, cohortId)
        .bind(2, state->patientRowId)
        .bind(3, exclude ? "exclude" : "include")
        .bind(4, why)
        .bind(5, who);
    s.execute();
    s.reset();
    AuditLog(db).record(who, exclude ? "cohort.exclude" : "cohort.include", "cohorts", cohortId,
                        label(cohort) + ": " + (exclude ? "excluded" : "included") + " patient " +
                            patientId + "; reason: " + why);
    transaction.commit();
}

std::uint64_t parseSeed(const std::string& text, const CohortRow& cohort) {
    std::uint64_t seed = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        throw Error("split of cohort " + label(cohort) + " has a malformed seed '" + text + "'");
    return seed;
}

std::string fractionText(double fraction) {
    std::ostringstream out;
    out << fraction;
    return out.str();
}

} // namespace

// ------------------------------------------------------------ NamedCohorts

CohortRow NamedCohortRepository::create(const std::string& name, const std::string& definition,
                                        const std::string& fromCohort, std::size_t candidates,
                                        const std::vector<std::string>& members,
                                        const std::string& who) {
    checkName(name);
    if (members.size() > candidates)
        throw Error("cohort '" + name + "' cannot have " + std::to_string(members.size()) +
                    " members out of " + std::to_string(candidates) + " candidates");
    if (definition.empty() && members.size() != candidates)
        throw Error("cohort '" + name + "' has no definition, so all " +
                    std::to_string(candidates) + " candidates are members, not " +
                    std::to_string(members.size()));
    std::set<std::string> seen;
    for (const std::string& id : members)
        if (!seen.insert(id).second)
            throw Error("cohort '" + name + "' names patient " + id + " twice");

    Transaction transaction(db_);
    std::vector<Id> rowIds;
    rowIds.reserve(members.size());
    {
        Statement& s = db_.prepare("SELECT id FROM patients WHERE patient_id = ?1");
        for (const std::string& id : members) {
            s.bind(1, id);
            const bool found = s.step();
            const Id rowId = found ? s.int64(0) : 0;
            s.reset();
            if (!found)
                throw Error("cohort '" + name + "': patient " + id + " is not in " +
                            db_.path().string());
            rowIds.push_back(rowId);
        }
    }
    int version = 1;
    {
        Statement& s = db_.prepare("SELECT MAX(version) FROM cohorts WHERE name = ?1");
        s.bind(1, name);
        if (s.step() && !s.isNull(0))
            version = s.integer(0) + 1;
        s.reset();
    }
    Statement& insert =
        db_.prepare("INSERT INTO cohorts (name, version, definition, from_cohort, candidates, "
                    "created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    insert.bind(1, name)
        .bind(2, version)
        .bind(3, definition)
        .bind(4, fromCohort)
        .bind(5, static_cast<std::int64_t>(candidates))
        .bind(6, who);
    insert.execute();
    insert.reset();
    const Id cohortId = db_.lastInsertRowId();
    Statement& member =
        db_.prepare("INSERT INTO cohort_members (cohort_id, patient_id) VALUES (?1, ?2)");
    for (const Id rowId : rowIds) {
        member.bind(1, cohortId).bind(2, rowId);
        member.execute();
        member.reset();
    }
    const std::string created = name + "@" + std::to_string(version);
    AuditLog(db_).record(who, "cohort.create", "cohorts", cohortId,
                         created + ": " + std::to_string(members.size()) + " members of " +
                             std::to_string(candidates) + " candidates from " +
                             (fromCohort.empty() ? "every patient" : "cohort " + fromCohort) +
                             "; definition: " + (definition.empty() ? "(none)" : definition));
    CohortRow row = requireById(db_, cohortId);
    transaction.commit();
    return row;
}

std::optional<CohortRow> NamedCohortRepository::find(const std::string& name,
                                                     std::optional<int> version) {
    Statement& s =
        version ? db_.prepare(kCohortSelect + "WHERE c.name = ?1 AND c.version = ?2")
                : db_.prepare(kCohortSelect + "WHERE c.name = ?1 ORDER BY c.version DESC LIMIT 1");
    s.bind(1, name);
    if (version)
        s.bind(2, *version);
    std::optional<CohortRow> row;
    if (s.step())
        row = readCohort(s);
    s.reset();
    return row;
}

CohortRow NamedCohortRepository::require(const std::string& nameOrNameAtVersion) {
    const auto at = nameOrNameAtVersion.find('@');
    const std::string name = nameOrNameAtVersion.substr(0, at);
    if (name.empty())
        throw Error("cohort reference '" + nameOrNameAtVersion + "' has no name (NAME or " +
                    "NAME@VERSION)");
    std::optional<int> version;
    if (at != std::string::npos) {
        const std::string text = nameOrNameAtVersion.substr(at + 1);
        int value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 1)
            throw Error("cohort reference '" + nameOrNameAtVersion + "': version '" + text +
                        "' is not a whole number of at least 1");
        version = value;
    }
    if (auto row = find(name, version))
        return *row;
    if (version)
        if (const auto latest = find(name))
            throw Error("cohort '" + name + "' has no version " + std::to_string(*version) +
                        " (the latest is " + std::to_string(latest->version) + ")");
    throw Error("no cohort named '" + name + "' in " + db_.path().string());
}

std::vector<CohortRow> NamedCohortRepository::list() {
    Statement& s = db_.prepare(kCohortSelect + "ORDER BY c.name, c.version");
    std::vector<CohortRow> rows;
    while (s.step())
        rows.push_back(readCohort(s));
    s.reset();
    return rows;
}

std::vector<CohortMember> NamedCohortRepository::members(Id cohortId) {
    Statement& s = db_.prepare(
        std::string("SELECT p.patient_id, m.split, d.decision, d.reason, d.decided_by, "
                    "d.decided_at FROM cohort_members m JOIN patients p ON p.id = m.patient_id "
                    "LEFT JOIN cohort_decisions d ON d.id = ") +
        kNewestDecisionOfMember + " WHERE m.cohort_id = ?1 ORDER BY p.patient_id");
    s.bind(1, cohortId);
    std::vector<CohortMember> rows;
    while (s.step()) {
        CohortMember member;
        member.patientId = s.text(0);
        member.split = s.text(1);
        if (!s.isNull(2)) {
            member.excluded = s.text(2) == "exclude";
            if (member.excluded)
                member.reason = s.text(3);
            member.decidedBy = s.text(4);
            member.decidedAt = s.text(5);
        }
        rows.push_back(std::move(member));
    }
    s.reset();
    return rows;
}

std::vector<std::string> NamedCohortRepository::includedPatients(Id cohortId) {
    std::vector<std::string> ids;
    for (const CohortMember& member : members(cohortId))
        if (!member.excluded)
            ids.push_back(member.patientId);
    return ids;
}

void NamedCohortRepository::exclude(Id cohortId, const std::string& patientId,
                                    const std::string& reason, const std::string& who) {
    decide(db_, cohortId, patientId, reason, who, true);
}

void NamedCohortRepository::include(Id cohortId, const std::string& patientId,
                                    const std::string& reason, const std::string& who) {
    decide(db_, cohortId, patientId, reason, who, false);
}

void NamedCohortRepository::storeSplit(Id cohortId, const CohortSplitRecord& record,
                                       const std::map<std::string, cohort::SplitRole>& roles,
                                       const std::string& who) {
    Transaction transaction(db_);
    const CohortRow cohort = requireById(db_, cohortId);
    const std::string of = "split of cohort " + label(cohort);
    if (record.method != "stratified" && record.method != "group" && record.method != "imported")
        throw Error(of + ": unknown method '" + record.method +
                    "' (stratified, group or imported)");
    if (!std::isfinite(record.testFraction) || record.testFraction < 0.0 ||
        record.testFraction > 1.0 ||
        (record.method != "imported" && (record.testFraction <= 0.0 || record.testFraction >= 1.0)))
        throw Error(of + ": test fraction " + fractionText(record.testFraction) +
                    " is outside (0, 1)");
    const std::vector<CohortMember> current = members(cohortId);
    std::set<std::string> memberIds;
    for (const CohortMember& member : current) {
        memberIds.insert(member.patientId);
        if (!member.excluded && !roles.count(member.patientId))
            throw Error(of + ": included member " + member.patientId + " has no role");
    }
    for (const auto& [patientId, role] : roles)
        if (!memberIds.count(patientId))
            throw Error(of + ": patient " + patientId + " is not a member");

    const bool replacing = split(cohortId).has_value();
    Statement& insert =
        db_.prepare("INSERT OR REPLACE INTO cohort_splits "
                    "(cohort_id, method, test_fraction, variable, seed, created_by) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    insert.bind(1, cohortId)
        .bind(2, record.method)
        .bind(3, record.testFraction)
        .bind(4, record.variable)
        .bind(5, std::to_string(record.seed))
        .bind(6, who);
    insert.execute();
    insert.reset();
    // A replaced split leaves no stale role behind (excluded members need none).
    Statement& clear = db_.prepare("UPDATE cohort_members SET split = '' WHERE cohort_id = ?1");
    clear.bind(1, cohortId);
    clear.execute();
    clear.reset();
    Statement& update = db_.prepare("UPDATE cohort_members SET split = ?1 WHERE cohort_id = ?2 AND "
                                    "patient_id = (SELECT id FROM patients WHERE patient_id = ?3)");
    std::size_t tests = 0;
    for (const auto& [patientId, role] : roles) {
        update.bind(1, cohort::splitRoleName(role)).bind(2, cohortId).bind(3, patientId);
        update.execute();
        update.reset();
        tests += role == cohort::SplitRole::Test ? 1 : 0;
    }
    AuditLog(db_).record(
        who, "cohort.split", "cohorts", cohortId,
        label(cohort) + ": " + (replacing ? "replaced the split by a " : "") + record.method +
            " split" + (record.variable.empty() ? "" : " by " + record.variable) +
            ", test fraction " + fractionText(record.testFraction) + ", seed " +
            std::to_string(record.seed) + ": " + std::to_string(roles.size() - tests) + " train, " +
            std::to_string(tests) + " test");
    transaction.commit();
}

std::optional<CohortSplitRecord> NamedCohortRepository::split(Id cohortId) {
    Statement& s = db_.prepare("SELECT method, test_fraction, variable, seed, created_at, "
                               "created_by FROM cohort_splits WHERE cohort_id = ?1");
    s.bind(1, cohortId);
    if (!s.step()) {
        s.reset();
        return std::nullopt;
    }
    CohortSplitRecord record;
    record.method = s.text(0);
    record.testFraction = s.real(1);
    record.variable = s.text(2);
    const std::string seed = s.text(3);
    record.createdAt = s.text(4);
    record.createdBy = s.text(5);
    s.reset();
    record.seed = parseSeed(seed, requireById(db_, cohortId));
    return record;
}

CohortFlow NamedCohortRepository::flow(Id cohortId) {
    const CohortRow cohort = requireById(db_, cohortId);
    CohortFlow flow;
    flow.started = cohort.candidates;
    if (!cohort.definition.empty() || cohort.candidates != cohort.members)
        flow.steps.push_back(
            {"did not meet: " + cohort.definition, cohort.candidates - cohort.members});

    // Exclusion reasons in order of first use; a reason no member is
    // excluded for now (all taken back) is no step.
    std::map<std::string, std::size_t> excludedFor;
    const std::vector<CohortMember> current = members(cohortId);
    for (const CohortMember& member : current)
        if (member.excluded)
            ++excludedFor[member.reason];
    Statement& s = db_.prepare("SELECT reason FROM cohort_decisions WHERE cohort_id = ?1 AND "
                               "decision = 'exclude' GROUP BY reason ORDER BY MIN(id)");
    s.bind(1, cohortId);
    while (s.step()) {
        const auto it = excludedFor.find(s.text(0));
        if (it != excludedFor.end())
            flow.steps.push_back({it->first, it->second});
    }
    s.reset();

    flow.final = cohort.included;
    if (split(cohortId)) {
        flow.perSplit = {{"train", 0}, {"test", 0}};
        for (const CohortMember& member : current)
            if (!member.excluded && !member.split.empty())
                ++flow.perSplit[member.split];
    }
    return flow;
}

// ---------------------------------------------------------------- Series QC

const char* qcVerdictName(QcVerdict verdict) {
    switch (verdict) {
    case QcVerdict::Pass:
        return "pass";
    case QcVerdict::Questionable:
        return "questionable";
    case QcVerdict::Fail:
        return "fail";
    }
    return "fail";
}

std::optional<QcVerdict> qcVerdictFromName(const std::string& name) {
    const std::string key = asciiLower(name);
    for (const QcVerdict verdict : {QcVerdict::Pass, QcVerdict::Questionable, QcVerdict::Fail})
        if (key == qcVerdictName(verdict))
            return verdict;
    return std::nullopt;
}

namespace {

constexpr const char* kQcSelect =
    "SELECT f.id, s.series_uid, f.verdict, f.note, f.reviewer, f.reviewed_at "
    "FROM series_qc_flags f JOIN series s ON s.id = f.series_id ";

SeriesQcFlag readQcFlag(Database& db, const Statement& s) {
    SeriesQcFlag flag;
    flag.id = s.int64(0);
    flag.seriesInstanceUid = s.text(1);
    const std::string verdict = s.text(2);
    const auto parsed = qcVerdictFromName(verdict);
    if (!parsed)
        throw Error("QC flag " + std::to_string(flag.id) + " in " + db.path().string() +
                    " has an unknown verdict '" + verdict + "'");
    flag.verdict = *parsed;
    flag.note = s.text(3);
    flag.reviewer = s.text(4);
    flag.reviewedAt = s.text(5);
    return flag;
}

} // namespace

Id SeriesQcRepository::record(const std::string& seriesInstanceUid, QcVerdict verdict,
                              const std::string& note, const std::string& reviewer) {
    if (trimmed(reviewer).empty())
        throw Error("a QC verdict on series " + seriesInstanceUid + " needs a reviewer");
    Transaction transaction(db_);
    Statement& find = db_.prepare("SELECT id FROM series WHERE series_uid = ?1");
    find.bind(1, seriesInstanceUid);
    const bool found = find.step();
    const Id seriesRowId = found ? find.int64(0) : 0;
    find.reset();
    if (!found)
        throw Error("no series with Series Instance UID " + seriesInstanceUid + " in " +
                    db_.path().string());
    Statement& insert = db_.prepare("INSERT INTO series_qc_flags (series_id, verdict, note, "
                                    "reviewer) VALUES (?1, ?2, ?3, ?4)");
    insert.bind(1, seriesRowId).bind(2, qcVerdictName(verdict)).bind(3, note).bind(4, reviewer);
    insert.execute();
    insert.reset();
    const Id id = db_.lastInsertRowId();
    AuditLog(db_).record(reviewer, "series.qc", "series", seriesRowId,
                         std::string(qcVerdictName(verdict)) + " for series " + seriesInstanceUid +
                             (note.empty() ? "" : ": " + note));
    transaction.commit();
    return id;
}

std::vector<SeriesQcFlag> SeriesQcRepository::history(const std::string& seriesInstanceUid) {
    Statement& s =
        db_.prepare(std::string(kQcSelect) + "WHERE s.series_uid = ?1 ORDER BY f.id DESC");
    s.bind(1, seriesInstanceUid);
    std::vector<SeriesQcFlag> flags;
    while (s.step())
        flags.push_back(readQcFlag(db_, s));
    s.reset();
    return flags;
}

std::map<std::string, SeriesQcFlag> SeriesQcRepository::latest() {
    Statement& s = db_.prepare(std::string(kQcSelect) +
                               "WHERE f.id = (SELECT MAX(x.id) FROM series_qc_flags x "
                               "WHERE x.series_id = f.series_id)");
    std::map<std::string, SeriesQcFlag> flags;
    while (s.step()) {
        SeriesQcFlag flag = readQcFlag(db_, s);
        flags.emplace(flag.seriesInstanceUid, std::move(flag));
    }
    s.reset();
    return flags;
}

} // namespace rgw::storage
