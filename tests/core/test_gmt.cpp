#include "ErrorMessage.h"
#include "Reference.h"
#include "TestData.h"
#include "genomics/Gmt.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <fstream>
#include <gtest/gtest.h>

namespace {

using namespace rgw::genomics;
using rgw::test::errorOf;

/// Every problem's describe(), one per line, for messages and searching.
std::string describeAll(const std::vector<InputProblem>& problems) {
    std::string text;
    for (const auto& p : problems)
        text += p.describe() + "\n";
    return text;
}

bool mentions(const std::vector<InputProblem>& problems, const std::string& part) {
    return describeAll(problems).find(part) != std::string::npos;
}

constexpr const char* kTwoSets = "HALLMARK_A\thttp://example.org/A\tTP53\tEGFR\tKRAS\n"
                                 "HALLMARK_B\t\tBRCA1\tBRCA2\n";

TEST(Gmt, ReadsNameDescriptionAndGenes) {
    const GmtFile gmt = parseGmt(kTwoSets, "sets.gmt");
    ASSERT_EQ(gmt.sets.size(), 2u);
    EXPECT_TRUE(gmt.problems.empty()) << describeAll(gmt.problems);
    EXPECT_EQ(gmt.sets[0].name, "HALLMARK_A");
    EXPECT_EQ(gmt.sets[0].description, "http://example.org/A");
    EXPECT_EQ(gmt.sets[0].genes, (std::vector<std::string>{"TP53", "EGFR", "KRAS"}));
    EXPECT_EQ(gmt.sets[0].where.file, "sets.gmt");
    EXPECT_EQ(gmt.sets[0].where.line, 1u);
    EXPECT_EQ(gmt.sets[1].description, "");
    EXPECT_EQ(gmt.sets[1].genes, (std::vector<std::string>{"BRCA1", "BRCA2"}));
    EXPECT_EQ(gmt.sets[1].where.line, 2u);
}

TEST(Gmt, LineEndsByteOrderMarkAndTrailingTabsChangeNothing) {
    const GmtFile lf = parseGmt(kTwoSets, "lf.gmt");
    for (const std::string& text :
         {std::string("HALLMARK_A\thttp://example.org/A\tTP53\tEGFR\tKRAS\r\n"
                      "HALLMARK_B\t\tBRCA1\tBRCA2\r\n"),
          std::string("HALLMARK_A\thttp://example.org/A\tTP53\tEGFR\tKRAS\r"
                      "HALLMARK_B\t\tBRCA1\tBRCA2"),
          std::string("\xEF\xBB\xBF") + kTwoSets,
          std::string("HALLMARK_A\thttp://example.org/A\tTP53\tEGFR\tKRAS\t\t\n"
                      "HALLMARK_B\t\tBRCA1\tBRCA2\t\n")}) {
        const GmtFile other = parseGmt(text, "other.gmt");
        EXPECT_TRUE(other.problems.empty()) << describeAll(other.problems);
        ASSERT_EQ(other.sets.size(), 2u);
        for (std::size_t s = 0; s < 2; ++s) {
            EXPECT_EQ(other.sets[s].name, lf.sets[s].name);
            EXPECT_EQ(other.sets[s].description, lf.sets[s].description);
            EXPECT_EQ(other.sets[s].genes, lf.sets[s].genes);
            EXPECT_EQ(other.sets[s].where.line, lf.sets[s].where.line);
        }
    }
}

TEST(Gmt, EmptySetIsLeftOutNamingFileAndLine) {
    const GmtFile gmt = parseGmt(std::string(kTwoSets) + "EMPTY\tnothing here\n", "s.gmt");
    EXPECT_EQ(gmt.sets.size(), 2u);
    EXPECT_TRUE(mentions(gmt.problems, "s.gmt:3: gene set 'EMPTY' has no genes; left out"))
        << describeAll(gmt.problems);
    const GmtFile tabs = parseGmt(std::string(kTwoSets) + "EMPTY\tx\t\t\t\n", "s.gmt");
    EXPECT_TRUE(mentions(tabs.problems, "s.gmt:3: gene set 'EMPTY' has no genes"));
}

TEST(Gmt, DuplicateSetNameKeepsTheFirst) {
    const GmtFile gmt = parseGmt(std::string(kTwoSets) + "HALLMARK_A\tagain\tMYC\n", "s.gmt");
    ASSERT_EQ(gmt.sets.size(), 2u);
    EXPECT_EQ(gmt.sets[0].genes.size(), 3u);
    EXPECT_TRUE(mentions(gmt.problems, "s.gmt:3: gene set 'HALLMARK_A' was already defined on "
                                       "line 1; this one is left out"))
        << describeAll(gmt.problems);
}

TEST(Gmt, DuplicateGeneInASetIsDroppedAndReported) {
    const GmtFile gmt = parseGmt("SET\tdesc\tTP53\tEGFR\tTP53\tKRAS\n", "s.gmt");
    ASSERT_EQ(gmt.sets.size(), 1u);
    EXPECT_EQ(gmt.sets[0].genes, (std::vector<std::string>{"TP53", "EGFR", "KRAS"}));
    EXPECT_TRUE(mentions(gmt.problems, "s.gmt:1: gene set 'SET': gene 'TP53' is listed twice "
                                       "(fields 3 and 5); kept once"))
        << describeAll(gmt.problems);
}

TEST(Gmt, BlankNamesAreNamed) {
    const GmtFile gmt = parseGmt(
        std::string(kTwoSets) + "\tdesc\tTP53\n  \tdesc\tEGFR\nSET\tdesc\tTP53\t\tKRAS\n", "s.gmt");
    EXPECT_TRUE(
        mentions(gmt.problems, "s.gmt:3: the gene set has a blank name (field 1); left out"))
        << describeAll(gmt.problems);
    EXPECT_TRUE(mentions(gmt.problems, "s.gmt:4: the gene set has a blank name"));
    EXPECT_TRUE(
        mentions(gmt.problems, "s.gmt:5: gene set 'SET': field 4 (a gene) is blank; ignored"));
    ASSERT_EQ(gmt.sets.size(), 3u);
    EXPECT_EQ(gmt.sets[2].genes, (std::vector<std::string>{"TP53", "KRAS"}));
}

TEST(Gmt, LineWithoutTabIsNamed) {
    const GmtFile gmt = parseGmt(std::string(kTwoSets) + "SET TP53 EGFR\n", "s.gmt");
    EXPECT_TRUE(mentions(gmt.problems, "s.gmt:3: gene set 'SET TP53 EGFR' has no tab"))
        << describeAll(gmt.problems);
}

TEST(Gmt, BlankLinesAreSkippedSilently) {
    const GmtFile gmt = parseGmt("\n\nA\td\tX\n   \n\r\nB\td\tY\n", "s.gmt");
    EXPECT_TRUE(gmt.problems.empty()) << describeAll(gmt.problems);
    ASSERT_EQ(gmt.sets.size(), 2u);
    EXPECT_EQ(gmt.sets[0].where.line, 3u);
    EXPECT_EQ(gmt.sets[1].where.line, 6u);
}

TEST(Gmt, LineNotUtf8IsNamed) {
    const GmtFile gmt = parseGmt(std::string(kTwoSets) + "SET\tna\xEFve\tTP53\n", "s.gmt");
    EXPECT_EQ(gmt.sets.size(), 2u);
    EXPECT_TRUE(mentions(gmt.problems, "s.gmt:3: wrong encoding"));
}

TEST(Gmt, OversizedLineIsLeftOutBeforeItIsSplit) {
    GmtLimits limits;
    limits.maxLineBytes = 50;
    const GmtFile gmt = parseGmt(std::string(kTwoSets) + "LONG\td\t" + std::string(60, 'G') + "\n",
                                 "s.gmt", limits);
    EXPECT_EQ(gmt.sets.size(), 2u);
    EXPECT_TRUE(mentions(gmt.problems, "s.gmt:3: the line has 67 bytes, more than the 50 bytes"))
        << describeAll(gmt.problems);
}

TEST(Gmt, OversizedFileIsRefusedNamingIt) {
    GmtLimits limits;
    limits.maxFileBytes = 16;
    EXPECT_EQ(errorOf([&] { parseGmt(kTwoSets, "big.gmt", limits); }),
              "big.gmt: the gene-set file has 71 bytes, more than the 16 bytes allowed");
    rgw::test::TempDir dir;
    const auto file = dir.path() / "big.gmt";
    std::ofstream(file) << kTwoSets;
    EXPECT_EQ(errorOf([&] { readGmt(file, limits); }),
              file.string() + ": the gene-set file has 71 bytes, more than the 16 bytes allowed");
}

TEST(Gmt, OverTheMemoryBudgetIsRefusedBeforeAllocating) {
    const auto before = rgw::budget::memoryBytes();
    rgw::budget::setMemoryBytes(200);
    const std::string message = errorOf([&] { parseGmt(kTwoSets, "s.gmt"); });
    rgw::budget::setMemoryBytes(before);
    EXPECT_NE(message.find("s.gmt: the gene sets (10 fields) needs"), std::string::npos) << message;
}

TEST(Gmt, Utf16EmptyAndUnusableFilesAreRefused) {
    EXPECT_EQ(errorOf([] { parseGmt(std::string("\xFF\xFE", 2) + "A\0\t\0", "w.gmt"); }),
              "w.gmt: wrong encoding: the file is UTF-16; save it as UTF-8");
    EXPECT_NE(errorOf([] { parseGmt("", "e.gmt"); }).find("e.gmt: holds no gene set"),
              std::string::npos);
    EXPECT_NE(errorOf([] { parseGmt("\n\r\n", "e.gmt"); }).find("e.gmt: holds no gene set"),
              std::string::npos);
    EXPECT_EQ(errorOf([] { parseGmt("A\tdesc\nB\n", "u.gmt"); }),
              "u.gmt: holds no usable gene set (u.gmt:1: gene set 'A' has no genes; left out "
              "and 1 more problems)");
}

TEST(Gmt, FileErrorsNameTheFile) {
    rgw::test::TempDir dir;
    const auto missing = dir.path() / "missing.gmt";
    EXPECT_NE(errorOf([&] { readGmt(missing); }).find(missing.string() + ": cannot open"),
              std::string::npos);
    EXPECT_EQ(errorOf([&] { readGmt(dir.path()); }),
              dir.path().string() + ": is a folder, not a gene-set file");
}

TEST(Gmt, ReadsTheReferenceFile) {
    const GmtFile gmt = readGmt(rgw::test::referenceFile("gsea/gsea_sets.gmt"));
    EXPECT_TRUE(gmt.problems.empty()) << describeAll(gmt.problems);
    ASSERT_EQ(gmt.sets.size(), 8u);
    EXPECT_EQ(gmt.sets[0].name, "UP_STRONG");
    EXPECT_EQ(gmt.sets[0].genes.size(), 27u);
    EXPECT_EQ(gmt.sets[1].description, "");
}

std::vector<std::string> genesNamed(std::size_t n) {
    std::vector<std::string> genes;
    for (std::size_t i = 0; i < n; ++i)
        genes.push_back("G" + std::to_string(i));
    return genes;
}

GeneSet setOf(const std::string& name, std::vector<std::string> genes, std::size_t line) {
    GeneSet set;
    set.name = name;
    set.genes = std::move(genes);
    set.where = {"s.gmt", line, {}};
    return set;
}

TEST(GeneSetMatch, ReportsGenesNotInTheDataAndSizes) {
    const auto data = genesNamed(40);
    std::vector<std::string> small{"G1", "G2", "X1"};
    std::vector<std::string> large(data.begin(), data.begin() + 30);
    std::vector<std::string> fits(data.begin() + 5, data.begin() + 25);
    for (int i = 0; i < 12; ++i)
        fits.push_back("MISSING" + std::to_string(i));
    const GeneSetMatch match =
        matchGeneSets({setOf("SMALL", small, 1), setOf("LARGE", large, 2), setOf("FITS", fits, 3)},
                      data, GeneSetSizeLimits{3, 25});
    ASSERT_EQ(match.sets.size(), 1u);
    EXPECT_EQ(match.sets[0].name, "FITS");
    EXPECT_EQ(match.sets[0].members.size(), 20u);
    EXPECT_EQ(match.sets[0].members.front(), 5u);
    EXPECT_EQ(match.sets[0].notInData.size(), 12u);
    ASSERT_EQ(match.tooSmall.size(), 1u);
    EXPECT_EQ(match.tooSmall[0].notInData, (std::vector<std::string>{"X1"}));
    ASSERT_EQ(match.tooLarge.size(), 1u);
    EXPECT_TRUE(mentions(match.problems, "s.gmt:1: gene set 'SMALL' has 2 genes in the data, "
                                         "fewer than the minimum 3; left out"))
        << describeAll(match.problems);
    EXPECT_TRUE(mentions(match.problems, "s.gmt:2: gene set 'LARGE' has 30 genes in the data, "
                                         "more than the maximum 25; left out"));
    EXPECT_TRUE(mentions(match.problems,
                         "s.gmt:3: gene set 'FITS': 12 of 32 genes are not in the data: "
                         "MISSING0, MISSING1, MISSING2, MISSING3, MISSING4, MISSING5, MISSING6, "
                         "MISSING7, MISSING8, MISSING9 and 2 more"));
}

TEST(GeneSetMatch, DefaultsAreGseas15To500) {
    const GeneSetSizeLimits limits;
    EXPECT_EQ(limits.minSize, 15u);
    EXPECT_EQ(limits.maxSize, 500u);
    const auto data = genesNamed(20);
    const GeneSetMatch match = matchGeneSets({setOf("A", {data.begin(), data.begin() + 14}, 1),
                                              setOf("B", {data.begin(), data.begin() + 15}, 2)},
                                             data);
    ASSERT_EQ(match.sets.size(), 1u);
    EXPECT_EQ(match.sets[0].name, "B");
}

TEST(GeneSetMatch, BadLimitsAndDataAreRefused) {
    const auto data = genesNamed(5);
    EXPECT_EQ(errorOf([&] {
                  matchGeneSets({}, data, {0, 5});
              }),
              "gene-set size limits: need 1 <= minimum <= maximum, not minimum 0 and maximum 5");
    EXPECT_EQ(errorOf([&] {
                  matchGeneSets({}, data, {6, 5});
              }),
              "gene-set size limits: need 1 <= minimum <= maximum, not minimum 6 and maximum 5");
    EXPECT_EQ(errorOf([&] {
                  matchGeneSets({}, {"A", "B", "A"});
              }),
              "the data list gene 'A' twice (genes 1 and 3)");
    EXPECT_EQ(errorOf([&] {
                  matchGeneSets({}, {"A", " "});
              }),
              "the data's gene 2 has a blank name");
}

TEST(GeneSetMatch, GeneListedTwiceInMemoryIsKeptOnce) {
    const GeneSetMatch match =
        matchGeneSets({setOf("A", {"G1", "G2", "G1"}, 7)}, genesNamed(5), {1, 10});
    ASSERT_EQ(match.sets.size(), 1u);
    EXPECT_EQ(match.sets[0].members, (std::vector<std::size_t>{1, 2}));
    EXPECT_TRUE(mentions(match.problems, "s.gmt:7: gene set 'A': gene 'G1' is listed twice"));
}

} // namespace
