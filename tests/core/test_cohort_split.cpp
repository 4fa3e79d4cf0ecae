// Train/test splits: reproducible from the seed whatever the input order,
// different seeds give different splits, strata keep their proportions,
// whole groups stay on one side of a split by site.
#include "cohort/Split.h"
#include "util/Error.h"
#include "util/Random.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <set>

using namespace rgw::cohort;

namespace {

std::vector<SplitMember> cohort(int n) {
    std::vector<SplitMember> members;
    for (int i = 0; i < n; ++i)
        members.push_back({"P" + std::to_string(1000 + i), i % 3 == 0 ? "event" : "censored"});
    return members;
}

} // namespace

TEST(Random, IsTheSameSequenceOnEveryPlatform) {
    // SplitMix64 reference output for seed 1234567 (Rosetta Code task
    // "Pseudo-random numbers/Splitmix64", from Vigna's splitmix64.c).
    rgw::Rng rng(1234567);
    EXPECT_EQ(rng.next(), 6457827717110365317ull);
    EXPECT_EQ(rng.next(), 3203168211198807973ull);
    EXPECT_EQ(rng.next(), 9817491932198370423ull);
    rgw::Rng bounded(7);
    for (int i = 0; i < 1000; ++i)
        EXPECT_LT(bounded.below(3), 3u);
}

TEST(CohortSplit, StratifiedSplitIsReproducibleAndKeepsProportions) {
    auto members = cohort(90); // 30 events, 60 censored
    const auto a = stratifiedSplit(members, 0.3, 42);
    std::reverse(members.begin(), members.end());
    const auto b = stratifiedSplit(members, 0.3, 42);
    EXPECT_EQ(a, b); // input order does not matter
    EXPECT_NE(a, stratifiedSplit(members, 0.3, 43));
    int testEvents = 0, testCensored = 0;
    for (const auto& m : cohort(90))
        if (a.at(m.patientId) == SplitRole::Test)
            (m.group == "event" ? testEvents : testCensored)++;
    EXPECT_EQ(testEvents, 9);    // round(30 * 0.3)
    EXPECT_EQ(testCensored, 18); // round(60 * 0.3)
}

TEST(CohortSplit, SmallStrataAndBadRequests) {
    std::vector<SplitMember> members{{"A", "x"}, {"B", "x"}, {"C", ""}};
    const auto roles = stratifiedSplit(members, 0.1, 1);
    // Stratum x (2 members) still gives one to test; the lone "(missing)" member trains.
    EXPECT_EQ(int(roles.at("A") == SplitRole::Test) + int(roles.at("B") == SplitRole::Test), 1);
    EXPECT_EQ(roles.at("C"), SplitRole::Train);
    EXPECT_THROW(stratifiedSplit(members, 0.0, 1), rgw::Error);
    EXPECT_THROW(stratifiedSplit(members, 1.0, 1), rgw::Error);
    members.push_back({"A", "y"});
    EXPECT_THROW(stratifiedSplit(members, 0.5, 1), rgw::Error);
}

TEST(CohortSplit, GroupSplitKeepsEachSiteOnOneSide) {
    std::vector<SplitMember> members;
    const char* sites[] = {"Leiden", "Montreal", "Boston", "Dresden"};
    for (int i = 0; i < 40; ++i)
        members.push_back({"P" + std::to_string(i), sites[i % 4]});
    const auto roles = groupSplit(members, 0.25, 7);
    EXPECT_EQ(roles, groupSplit(members, 0.25, 7));
    std::map<std::string, std::set<SplitRole>> sidesOfSite;
    int test = 0;
    for (const auto& m : members) {
        sidesOfSite[m.group].insert(roles.at(m.patientId));
        test += roles.at(m.patientId) == SplitRole::Test;
    }
    for (const auto& [site, sides] : sidesOfSite)
        EXPECT_EQ(sides.size(), 1u) << site;
    EXPECT_EQ(test, 10); // one site of four
    EXPECT_THROW(groupSplit({{"A", "one"}, {"B", "one"}}, 0.5, 1), rgw::Error);
}

namespace {

std::filesystem::path writeFile(const std::string& name, const std::string& text) {
    const auto path =
        std::filesystem::temp_directory_path() /
        ("rgw_split_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
         name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::string errorOf(const std::filesystem::path& file) {
    try {
        readSplitAssignment(file);
    } catch (const rgw::Error& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST(CohortSplit, ImportedAssignmentReadsAnyColumnOrder) {
    const auto file = writeFile("ok.csv", "site,split,patient_id\nA,test,P1\r\nB,train,\"P2\"\n");
    const auto roles = readSplitAssignment(file);
    ASSERT_EQ(roles.size(), 2u);
    EXPECT_EQ(roles.at("P1"), SplitRole::Test);
    EXPECT_EQ(roles.at("P2"), SplitRole::Train);
    std::filesystem::remove(file);
}

TEST(CohortSplit, ImportedAssignmentNamesLineAndColumnOfEachProblem) {
    const auto noColumn = writeFile("nocol.csv", "patient_id,role\nP1,test\n");
    EXPECT_NE(errorOf(noColumn).find("nocol.csv:1: needs columns patient_id and split"),
              std::string::npos);
    const auto badValue = writeFile("bad.csv", "patient_id,split\nP1,test\nP2,validation\n");
    EXPECT_NE(errorOf(badValue).find("bad.csv:3: column 'split': 'validation'"), std::string::npos);
    const auto twice = writeFile("twice.tsv", "patient_id\tsplit\nP1\ttest\nP1\ttrain\n");
    EXPECT_NE(errorOf(twice).find("twice.tsv:3: patient 'P1' is assigned twice"),
              std::string::npos);
    const auto ragged = writeFile("ragged.csv", "patient_id,split\nP1\n");
    EXPECT_NE(errorOf(ragged).find("ragged.csv:2: 1 fields"), std::string::npos);
    for (const auto& f : {noColumn, badValue, twice, ragged})
        std::filesystem::remove(f);
}
