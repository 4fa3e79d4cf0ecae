// Named cohorts and series QC flags (schema v5): frozen versioned member
// lists, curation decisions with reasons and audit entries, the flow summary,
// the stored train/test split with its seed, and the QC history of a series.
#include "AuditLog.h"
#include "CohortRepositories.h"
#include "Migrations.h"
#include "NamedCohorts.h"
#include "TestData.h"
#include "util/Error.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace rgw::storage;
using rgw::cohort::SplitRole;

namespace {

std::int64_t count(Database& db, const std::string& sql) {
    Statement s(db, sql);
    s.step();
    return s.int64(0);
}

/// A patient without images, as a genomic or clinical import makes them.
void addPatient(Database& db, const std::string& patientId) {
    Statement s(db, "INSERT INTO patients (patient_id) VALUES (?1)");
    s.bind(1, patientId);
    s.execute();
}

std::vector<std::string> memberIds(const std::vector<CohortMember>& members) {
    std::vector<std::string> ids;
    for (const CohortMember& m : members)
        ids.push_back(m.patientId);
    return ids;
}

/// Expects `call` to throw rgw::Error whose message contains `part`.
template <class Call> void expectError(Call call, const std::string& part) {
    try {
        call();
        ADD_FAILURE() << "no error; expected one mentioning '" << part << "'";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find(part), std::string::npos)
            << "message: " << e.what() << "\nexpected to contain: " << part;
    }
}

struct NamedCohorts : ::testing::Test {
    rgw::test::TempDir dir;
    Database db{dir.path() / "cohort.db"};
    NamedCohortRepository cohorts{db};

    /// P1 ... Pn.
    void addPatients(int n) {
        for (int i = 1; i <= n; ++i)
            addPatient(db, "P" + std::to_string(i));
    }

    /// Row counts of every table a curation write touches, and the split
    /// column: equal before and after a rejected write.
    std::vector<std::int64_t> snapshot() {
        return {count(db, "SELECT COUNT(*) FROM cohorts"),
                count(db, "SELECT COUNT(*) FROM cohort_members"),
                count(db, "SELECT COUNT(*) FROM cohort_members WHERE split <> ''"),
                count(db, "SELECT COUNT(*) FROM cohort_decisions"),
                count(db, "SELECT COUNT(*) FROM cohort_splits"),
                count(db, "SELECT COUNT(*) FROM audit_log")};
    }
};

} // namespace

TEST_F(NamedCohorts, CreateFreezesTheMembersAndANewCreateIsTheNextVersion) {
    addPatients(5);
    const CohortRow v1 = cohorts.create("lung", "age >= 60", "", 5, {"P3", "P1", "P4"}, "alice");
    EXPECT_EQ(v1.name, "lung");
    EXPECT_EQ(v1.version, 1);
    EXPECT_EQ(v1.definition, "age >= 60");
    EXPECT_EQ(v1.fromCohort, "");
    EXPECT_EQ(v1.candidates, 5u);
    EXPECT_EQ(v1.members, 3u);
    EXPECT_EQ(v1.included, 3u);
    EXPECT_EQ(v1.createdBy, "alice");
    EXPECT_FALSE(v1.createdAt.empty());
    const auto members = cohorts.members(v1.id);
    EXPECT_EQ(memberIds(members), (std::vector<std::string>{"P1", "P3", "P4"}));
    for (const CohortMember& m : members) {
        EXPECT_FALSE(m.excluded);
        EXPECT_EQ(m.split, "");
    }
    const auto audit = AuditLog(db).list();
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].action, "cohort.create");
    EXPECT_EQ(audit[0].entity, "cohorts");
    EXPECT_EQ(audit[0].entityId, v1.id);
    EXPECT_EQ(audit[0].who, "alice");
    EXPECT_NE(audit[0].detail.find("lung@1"), std::string::npos) << audit[0].detail;

    // A patient arriving later (who would match) does not join the cohort.
    addPatient(db, "P6");
    EXPECT_EQ(memberIds(cohorts.members(v1.id)), (std::vector<std::string>{"P1", "P3", "P4"}));
    EXPECT_EQ(cohorts.find("lung")->members, 3u);

    // Re-evaluating is version 2 with the new patient; version 1 stays.
    const CohortRow v2 =
        cohorts.create("lung", "age >= 60", "", 6, {"P1", "P3", "P4", "P6"}, "bob");
    EXPECT_EQ(v2.version, 2);
    EXPECT_NE(v2.id, v1.id);
    EXPECT_EQ(cohorts.find("lung")->id, v2.id);
    EXPECT_EQ(cohorts.find("lung", 1)->id, v1.id);
    EXPECT_FALSE(cohorts.find("lung", 3));
    EXPECT_EQ(memberIds(cohorts.members(v1.id)), (std::vector<std::string>{"P1", "P3", "P4"}));
    EXPECT_EQ(memberIds(cohorts.members(v2.id)),
              (std::vector<std::string>{"P1", "P3", "P4", "P6"}));

    // list(): every version, by name then version.
    const CohortRow other =
        cohorts.create("breast", "", "lung@2", 4, {"P1", "P3", "P4", "P6"}, "alice");
    EXPECT_EQ(other.version, 1);
    EXPECT_EQ(other.fromCohort, "lung@2");
    const auto all = cohorts.list();
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].id, other.id);
    EXPECT_EQ(all[1].id, v1.id);
    EXPECT_EQ(all[2].id, v2.id);

    // A member cannot be deleted from under a frozen cohort; others can.
    EXPECT_THROW(db.exec("DELETE FROM patients WHERE patient_id = 'P1'"), rgw::Error);
    db.exec("DELETE FROM patients WHERE patient_id = 'P2'");
    EXPECT_EQ(cohorts.find("lung", 1)->members, 3u);
    // Deleting a cohort takes its members, decisions and split along.
    cohorts.exclude(v1.id, "P1", "no follow-up", "alice");
    db.exec("DELETE FROM cohorts WHERE id = " + std::to_string(v1.id));
    EXPECT_EQ(
        count(db, "SELECT COUNT(*) FROM cohort_members WHERE cohort_id = " + std::to_string(v1.id)),
        0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cohort_decisions"), 0);
    EXPECT_EQ(db.integrityCheck(), "ok");
}

TEST_F(NamedCohorts, RequireParsesNameAndVersionWithClearErrors) {
    addPatients(2);
    const CohortRow v1 = cohorts.create("glioma", "", "", 2, {"P1", "P2"}, "alice");
    const CohortRow v2 = cohorts.create("glioma", "", "", 2, {"P1", "P2"}, "alice");
    EXPECT_EQ(cohorts.require("glioma").id, v2.id);
    EXPECT_EQ(cohorts.require("glioma@1").id, v1.id);
    EXPECT_EQ(cohorts.require("glioma@2").id, v2.id);
    expectError([&] { cohorts.require("glioma@3"); }, "no version 3 (the latest is 2)");
    expectError([&] { cohorts.require("nothing"); }, "no cohort named 'nothing'");
    expectError([&] { cohorts.require("nothing@1"); }, "no cohort named 'nothing'");
    expectError([&] { cohorts.require("glioma@two"); }, "version 'two'");
    expectError([&] { cohorts.require("glioma@0"); }, "version '0'");
    expectError([&] { cohorts.require("glioma@"); }, "version ''");
    expectError([&] { cohorts.require("glioma@1x"); }, "version '1x'");
    expectError([&] { cohorts.require("@1"); }, "has no name");
    expectError([&] { cohorts.require(""); }, "has no name");
}

TEST_F(NamedCohorts, RejectedCreatesStoreNothing) {
    addPatients(3);
    const auto before = snapshot();
    expectError(
        [&] {
            cohorts.create("c", "x = 1", "", 3, {"P1", "NOBODY"}, "a");
        },
        "patient NOBODY is not in");
    expectError(
        [&] {
            cohorts.create("c", "x = 1", "", 3, {"P1", "P2", "P1"}, "a");
        },
        "names patient P1 twice");
    expectError([&] { cohorts.create("", "", "", 1, {"P1"}, "a"); }, "needs a name");
    expectError([&] { cohorts.create("c@2", "", "", 1, {"P1"}, "a"); }, "contains '@'");
    expectError([&] { cohorts.create(std::string(129, 'n'), "", "", 1, {"P1"}, "a"); },
                "longer than 128 bytes");
    expectError([&] { cohorts.create("tab\tname", "", "", 1, {"P1"}, "a"); }, "control character");
    expectError([&] { cohorts.create(" c", "", "", 1, {"P1"}, "a"); }, "space");
    expectError(
        [&] {
            cohorts.create("c", "x = 1", "", 1, {"P1", "P2"}, "a");
        },
        "2 members out of 1 candidates");
    expectError([&] { cohorts.create("c", "", "", 3, {"P1"}, "a"); }, "has no definition");
    EXPECT_EQ(snapshot(), before);
    EXPECT_TRUE(cohorts.list().empty());

    // Inside the caller's transaction: rolled back with it.
    {
        Transaction outer(db);
        cohorts.create("c", "", "", 3, {"P1", "P2", "P3"}, "a");
        EXPECT_EQ(cohorts.list().size(), 1u);
    }
    EXPECT_EQ(snapshot(), before);
    // 128 bytes is allowed.
    EXPECT_EQ(cohorts.create(std::string(128, 'n'), "", "", 1, {"P1"}, "a").name.size(), 128u);
}

TEST_F(NamedCohorts, ExcludeAndIncludeAppendDecisionsWithReasonsAndAuditEntries) {
    addPatients(4);
    const CohortRow c = cohorts.create("study", "", "", 4, {"P1", "P2", "P3", "P4"}, "alice");
    cohorts.exclude(c.id, "P2", "motion artefact", "alice");
    cohorts.exclude(c.id, "P4", "  no follow-up ", "bob"); // reason trimmed
    cohorts.include(c.id, "P2", "artefact reviewed: usable", "carol");

    const auto members = cohorts.members(c.id);
    ASSERT_EQ(members.size(), 4u);
    EXPECT_FALSE(members[0].excluded); // P1: never decided
    EXPECT_EQ(members[0].decidedBy, "");
    EXPECT_FALSE(members[1].excluded); // P2: excluded, then included back
    EXPECT_EQ(members[1].reason, "");
    EXPECT_EQ(members[1].decidedBy, "carol");
    EXPECT_FALSE(members[1].decidedAt.empty());
    EXPECT_TRUE(members[3].excluded); // P4
    EXPECT_EQ(members[3].reason, "no follow-up");
    EXPECT_EQ(members[3].decidedBy, "bob");
    EXPECT_EQ(cohorts.includedPatients(c.id), (std::vector<std::string>{"P1", "P2", "P3"}));
    const CohortRow now = cohorts.require("study");
    EXPECT_EQ(now.members, 4u); // exclusions never change who is a member
    EXPECT_EQ(now.included, 3u);

    // The history is kept, the newest decision is the state.
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cohort_decisions"), 3);
    // P2 can be excluded again after the re-inclusion.
    cohorts.exclude(c.id, "P2", "second look: artefact after all", "alice");
    EXPECT_EQ(cohorts.includedPatients(c.id), (std::vector<std::string>{"P1", "P3"}));

    const auto audit = AuditLog(db).list(); // newest first
    ASSERT_EQ(audit.size(), 5u);
    const struct {
        const char* action;
        const char* who;
        const char* patient;
        const char* reason;
    } expected[] = {{"cohort.exclude", "alice", "P2", "second look: artefact after all"},
                    {"cohort.include", "carol", "P2", "artefact reviewed: usable"},
                    {"cohort.exclude", "bob", "P4", "no follow-up"},
                    {"cohort.exclude", "alice", "P2", "motion artefact"}};
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(audit[i].action, expected[i].action);
        EXPECT_EQ(audit[i].who, expected[i].who);
        EXPECT_EQ(audit[i].entity, "cohorts");
        EXPECT_EQ(audit[i].entityId, c.id);
        EXPECT_NE(audit[i].detail.find(std::string("patient ") + expected[i].patient),
                  std::string::npos)
            << audit[i].detail;
        EXPECT_NE(audit[i].detail.find(expected[i].reason), std::string::npos) << audit[i].detail;
    }
    EXPECT_EQ(audit[4].action, "cohort.create");
}

TEST_F(NamedCohorts, CurationErrorsLeaveTheDatabaseUnchanged) {
    addPatients(5);
    const CohortRow c = cohorts.create("study", "x = 1", "", 5, {"P1", "P2", "P3"}, "alice");
    cohorts.exclude(c.id, "P1", "no follow-up", "alice");
    const auto before = snapshot();
    expectError([&] { cohorts.exclude(c.id, "P5", "why", "a"); },
                "patient P5 is not a member of cohort study@1");
    expectError([&] { cohorts.exclude(c.id, "NOBODY", "why", "a"); },
                "patient NOBODY is not a member");
    expectError([&] { cohorts.exclude(c.id, "P2", " \t", "a"); },
                "excluding patient P2 from cohort study@1 needs a reason");
    expectError([&] { cohorts.include(c.id, "P1", "", "a"); },
                "including back patient P1 in cohort study@1 needs a reason");
    expectError([&] { cohorts.exclude(c.id, "P1", "again", "a"); },
                "patient P1 is already excluded from cohort study@1 (reason: no follow-up)");
    expectError([&] { cohorts.include(c.id, "P2", "never out", "a"); },
                "patient P2 is not excluded from cohort study@1");
    expectError([&] { cohorts.exclude(c.id + 100, "P2", "why", "a"); },
                "no cohort with id " + std::to_string(c.id + 100));
    EXPECT_EQ(snapshot(), before);
    EXPECT_EQ(cohorts.includedPatients(c.id), (std::vector<std::string>{"P2", "P3"}));
}

TEST_F(NamedCohorts, FlowCountsTheDefinitionAndEachCurrentExclusionReason) {
    addPatients(10);
    // 10 candidates, 7 meet the definition.
    const CohortRow c = cohorts.create("flow", "age >= 50", "", 10,
                                       {"P1", "P2", "P3", "P4", "P5", "P6", "P7"}, "alice");
    // Used first but taken back: no step.
    cohorts.exclude(c.id, "P7", "duplicate scan", "alice");
    cohorts.include(c.id, "P7", "not a duplicate", "alice");
    cohorts.exclude(c.id, "P1", "no follow-up", "alice");
    cohorts.exclude(c.id, "P2", "motion artefact", "alice");
    cohorts.exclude(c.id, "P3", "no follow-up", "alice");
    cohorts.exclude(c.id, "P4", "consent withdrawn", "alice");
    cohorts.include(c.id, "P4", "consent confirmed", "alice");
    cohorts.exclude(c.id, "P5", "motion artefact", "alice");
    cohorts.exclude(c.id, "P6", "consent withdrawn", "alice");
    // Now excluded: P1, P3 (no follow-up), P2, P5 (motion artefact), P6
    // (consent withdrawn); included: P4, P7.

    const CohortFlow flow = cohorts.flow(c.id);
    EXPECT_EQ(flow.started, 10u);
    ASSERT_EQ(flow.steps.size(), 4u);
    EXPECT_EQ(flow.steps[0].reason, "did not meet: age >= 50");
    EXPECT_EQ(flow.steps[0].excluded, 3u);
    EXPECT_EQ(flow.steps[1].reason, "no follow-up");
    EXPECT_EQ(flow.steps[1].excluded, 2u);
    EXPECT_EQ(flow.steps[2].reason, "motion artefact");
    EXPECT_EQ(flow.steps[2].excluded, 2u);
    EXPECT_EQ(flow.steps[3].reason, "consent withdrawn");
    EXPECT_EQ(flow.steps[3].excluded, 1u);
    EXPECT_EQ(flow.final, 2u);
    EXPECT_TRUE(flow.perSplit.empty()); // not split yet

    // Split: train P1 P2 P4 P6, test P3 P5 P7; included P4 (train), P7 (test).
    const std::map<std::string, SplitRole> roles = {
        {"P1", SplitRole::Train}, {"P2", SplitRole::Train}, {"P3", SplitRole::Test},
        {"P4", SplitRole::Train}, {"P5", SplitRole::Test},  {"P6", SplitRole::Train},
        {"P7", SplitRole::Test}};
    cohorts.storeSplit(c.id, {"imported", 0.0, "", 0, "", ""}, roles, "alice");
    const CohortFlow split = cohorts.flow(c.id);
    EXPECT_EQ(split.perSplit, (std::map<std::string, std::size_t>{{"train", 1}, {"test", 1}}));
    EXPECT_EQ(split.final, 2u);

    // No definition, every candidate a member: no definition step.
    const CohortRow all = cohorts.create("all", "", "", 3, {"P8", "P9", "P10"}, "alice");
    cohorts.exclude(all.id, "P9", "no follow-up", "alice");
    const CohortFlow plain = cohorts.flow(all.id);
    EXPECT_EQ(plain.started, 3u);
    ASSERT_EQ(plain.steps.size(), 1u);
    EXPECT_EQ(plain.steps[0].reason, "no follow-up");
    EXPECT_EQ(plain.steps[0].excluded, 1u);
    EXPECT_EQ(plain.final, 2u);

    // A definition every candidate met is still a step (0 excluded).
    const CohortRow met = cohorts.create("met", "age >= 0", "", 2, {"P8", "P9"}, "alice");
    const CohortFlow metFlow = cohorts.flow(met.id);
    ASSERT_EQ(metFlow.steps.size(), 1u);
    EXPECT_EQ(metFlow.steps[0].reason, "did not meet: age >= 0");
    EXPECT_EQ(metFlow.steps[0].excluded, 0u);
    EXPECT_EQ(metFlow.final, 2u);
    expectError([&] { cohorts.flow(c.id + 100); }, "no cohort with id");
}

TEST_F(NamedCohorts, SplitIsStoredReplacedAndKeepsASeedAbove2To63) {
    addPatients(4);
    const CohortRow c = cohorts.create("split", "", "", 4, {"P1", "P2", "P3", "P4"}, "alice");
    EXPECT_FALSE(cohorts.split(c.id));

    const std::uint64_t bigSeed = 18446744073709551557ull; // 2^64 - 59 > 2^63
    CohortSplitRecord stratified{"stratified", 0.25, "sex", bigSeed, "", ""};
    cohorts.storeSplit(c.id, stratified,
                       {{"P1", SplitRole::Train},
                        {"P2", SplitRole::Test},
                        {"P3", SplitRole::Train},
                        {"P4", SplitRole::Train}},
                       "alice");
    auto stored = cohorts.split(c.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->method, "stratified");
    EXPECT_DOUBLE_EQ(stored->testFraction, 0.25);
    EXPECT_EQ(stored->variable, "sex");
    EXPECT_EQ(stored->seed, bigSeed);
    EXPECT_EQ(stored->createdBy, "alice");
    EXPECT_FALSE(stored->createdAt.empty());
    {
        Statement s(db, "SELECT seed FROM cohort_splits");
        ASSERT_TRUE(s.step());
        EXPECT_EQ(s.text(0), "18446744073709551557");
    }
    auto members = cohorts.members(c.id);
    EXPECT_EQ(members[0].split, "train");
    EXPECT_EQ(members[1].split, "test");
    EXPECT_EQ(members[2].split, "train");
    EXPECT_EQ(members[3].split, "train");

    // Replacing: one record, every member's role rewritten.
    const std::uint64_t twoTo63 = 9223372036854775808ull;
    cohorts.storeSplit(c.id, {"group", 0.5, "site", twoTo63, "", ""},
                       {{"P1", SplitRole::Test},
                        {"P2", SplitRole::Train},
                        {"P3", SplitRole::Test},
                        {"P4", SplitRole::Train}},
                       "bob");
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cohort_splits"), 1);
    stored = cohorts.split(c.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->method, "group");
    EXPECT_EQ(stored->variable, "site");
    EXPECT_EQ(stored->seed, twoTo63);
    EXPECT_EQ(stored->createdBy, "bob");
    members = cohorts.members(c.id);
    EXPECT_EQ(members[0].split, "test");
    EXPECT_EQ(members[1].split, "train");
    EXPECT_EQ(members[2].split, "test");
    EXPECT_EQ(members[3].split, "train");
    const auto audit = AuditLog(db).list();
    EXPECT_EQ(audit[0].action, "cohort.split");
    EXPECT_EQ(audit[0].entityId, c.id);
    EXPECT_NE(audit[0].detail.find("replaced"), std::string::npos) << audit[0].detail;
    EXPECT_NE(audit[0].detail.find("seed 9223372036854775808"), std::string::npos);
    EXPECT_NE(audit[0].detail.find("2 train, 2 test"), std::string::npos) << audit[0].detail;
    EXPECT_EQ(audit[1].action, "cohort.split");

    // Rejected splits change nothing.
    addPatient(db, "P5");
    const auto before = snapshot();
    const std::map<std::string, SplitRole> three = {
        {"P1", SplitRole::Train}, {"P2", SplitRole::Test}, {"P3", SplitRole::Train}};
    expectError([&] { cohorts.storeSplit(c.id, stratified, three, "a"); }, "member P4 has no role");
    auto extra = three;
    extra["P4"] = SplitRole::Test;
    extra["P5"] = SplitRole::Test;
    expectError([&] { cohorts.storeSplit(c.id, stratified, extra, "a"); },
                "patient P5 is not a member");
    extra.erase("P5");
    expectError(
        [&] {
            cohorts.storeSplit(c.id, {"random", 0.3, "", 1, "", ""}, extra, "a");
        },
        "unknown method 'random'");
    expectError(
        [&] {
            cohorts.storeSplit(c.id, {"stratified", 1.0, "", 1, "", ""}, extra, "a");
        },
        "test fraction 1 is outside (0, 1)");
    EXPECT_EQ(snapshot(), before);
    EXPECT_EQ(cohorts.split(c.id)->seed, twoTo63);

    // Only the included members are split: an excluded one needs no role,
    // and a replacing split leaves it none.
    cohorts.exclude(c.id, "P4", "no baseline scan", "alice");
    cohorts.storeSplit(c.id, stratified, three, "alice");
    members = cohorts.members(c.id);
    EXPECT_EQ(members[0].split, "train");
    EXPECT_EQ(members[1].split, "test");
    EXPECT_EQ(members[2].split, "train");
    EXPECT_EQ(members[3].split, "");
    EXPECT_EQ(cohorts.flow(c.id).perSplit.at("test"), 1u);
    EXPECT_EQ(cohorts.flow(c.id).perSplit.at("train"), 2u);
}

TEST_F(NamedCohorts, SeriesQcKeepsAHistoryAndTheNewestCounts) {
    rgw::dicom::InstanceHeader h;
    h.patientId = "P-IMG";
    h.studyInstanceUid = "1.2.3";
    const Id patient = PatientRepository(db).upsert(h);
    const Id study = StudyRepository(db).upsert(patient, h);
    h.modality = "MR";
    h.kind = rgw::dicom::ObjectKind::Image;
    h.seriesInstanceUid = "1.2.3.1";
    SeriesRepository(db).upsert(study, h);
    h.seriesInstanceUid = "1.2.3.2";
    SeriesRepository(db).upsert(study, h);

    SeriesQcRepository qc(db);
    const Id first = qc.record("1.2.3.1", QcVerdict::Pass, "", "alice");
    const Id second = qc.record("1.2.3.1", QcVerdict::Fail, "motion", "bob");
    const Id other = qc.record("1.2.3.2", QcVerdict::Questionable, "contrast timing", "alice");

    const auto history = qc.history("1.2.3.1");
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].id, second);
    EXPECT_EQ(history[0].verdict, QcVerdict::Fail);
    EXPECT_EQ(history[0].note, "motion");
    EXPECT_EQ(history[0].reviewer, "bob");
    EXPECT_EQ(history[0].seriesInstanceUid, "1.2.3.1");
    EXPECT_FALSE(history[0].reviewedAt.empty());
    EXPECT_EQ(history[1].id, first);
    EXPECT_EQ(history[1].verdict, QcVerdict::Pass);
    EXPECT_TRUE(qc.history("9.9.9").empty());

    const auto latest = qc.latest();
    ASSERT_EQ(latest.size(), 2u);
    EXPECT_EQ(latest.at("1.2.3.1").id, second);
    EXPECT_EQ(latest.at("1.2.3.1").verdict, QcVerdict::Fail);
    EXPECT_EQ(latest.at("1.2.3.2").id, other);
    EXPECT_EQ(latest.at("1.2.3.2").verdict, QcVerdict::Questionable);

    const auto audit = AuditLog(db).list();
    ASSERT_EQ(audit.size(), 3u);
    EXPECT_EQ(audit[0].action, "series.qc");
    EXPECT_EQ(audit[0].who, "alice");
    EXPECT_NE(audit[0].detail.find("questionable for series 1.2.3.2"), std::string::npos)
        << audit[0].detail;

    // An unknown series is named and nothing is written.
    expectError([&] { qc.record("9.9.9", QcVerdict::Pass, "", "alice"); },
                "no series with Series Instance UID 9.9.9");
    expectError([&] { qc.record("1.2.3.1", QcVerdict::Pass, "", " "); }, "needs a reviewer");
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM series_qc_flags"), 3);
    EXPECT_EQ(AuditLog(db).list().size(), 3u);

    // The flags go with their series.
    db.exec("DELETE FROM series WHERE series_uid = '1.2.3.1'");
    EXPECT_TRUE(qc.history("1.2.3.1").empty());
    EXPECT_EQ(qc.latest().size(), 1u);
}

TEST(QcVerdictNames, RoundTripAndCaseInsensitiveParse) {
    for (const QcVerdict v : {QcVerdict::Pass, QcVerdict::Questionable, QcVerdict::Fail})
        EXPECT_EQ(qcVerdictFromName(qcVerdictName(v)), v);
    EXPECT_STREQ(qcVerdictName(QcVerdict::Questionable), "questionable");
    EXPECT_EQ(qcVerdictFromName("FAIL"), QcVerdict::Fail);
    EXPECT_FALSE(qcVerdictFromName("ok"));
    EXPECT_FALSE(qcVerdictFromName(""));
}

TEST(NamedCohortsMigration, AVersion4FileMigratesKeepingItsRowsAndTakesCohorts) {
    rgw::test::TempDir dir;
    const auto file = dir.path() / "v4.rgwdb";
    {
        Database db(file, OpenOptions{.migrate = false});
        applyMigrations(db, std::span<const Migration>(migrations().data(), 4));
        ASSERT_EQ(db.schemaVersion(), 4);
        db.exec("INSERT INTO patients (patient_id, name) VALUES ('P-OLD', 'Kept^Row')");
        db.exec("INSERT INTO samples (sample_id, patient_id, type) "
                "SELECT 'P-OLD-01', id, 'primary' FROM patients");
        AuditLog(db).record("alice", "genomics.import", "import_runs", std::nullopt, "kept");
    }
    Database db(file);
    EXPECT_EQ(db.schemaVersion(), latestSchemaVersion());
    ASSERT_TRUE(PatientRepository(db).find("P-OLD"));
    EXPECT_EQ(PatientRepository(db).find("P-OLD")->patientName, "Kept^Row");
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM samples WHERE sample_id = 'P-OLD-01'"), 1);
    ASSERT_EQ(AuditLog(db).list().size(), 1u);
    EXPECT_EQ(AuditLog(db).list()[0].detail, "kept");

    NamedCohortRepository cohorts(db);
    const CohortRow c = cohorts.create("old", "", "", 1, {"P-OLD"}, "alice");
    EXPECT_EQ(cohorts.require("old@1").id, c.id);
    EXPECT_EQ(cohorts.includedPatients(c.id), std::vector<std::string>{"P-OLD"});
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
    EXPECT_EQ(db.integrityCheck(), "ok");
}
