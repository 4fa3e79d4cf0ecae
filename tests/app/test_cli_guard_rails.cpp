// rgw-cli guard rails (issue #11): the modality guard of extract and
// extract-cohort, the exit-status scheme (a missing input is 3, an import of
// nothing DICOM is 4, a refused modality is 5), and the README kept true: its
// command list and exit-status table are those of `rgw-cli --help`.
#ifndef _WIN32

#include "CliTestSupport.h"
#include "Database.h"
#include "FeatureRepository.h"

#include <QRegularExpression>
#include <QString>
#include <fstream>
#include <gtest/gtest.h>
#include <optional>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using rgw::test::cliPath;
using rgw::test::lineCount;
using rgw::test::parseJson;
using rgw::test::run;

namespace {

// QRegularExpression rather than std::regex: GCC 12's <regex> trips
// -Wmaybe-uninitialized under the sanitizer build's -O2, and -Werror is on.
// Returns the captures of a whole-line match, or nothing.
std::optional<QStringList> matchLine(const QRegularExpression& pattern, const std::string& line) {
    const auto m = pattern.match(QString::fromStdString(line));
    if (!m.hasMatch())
        return std::nullopt;
    return m.capturedTexts();
}

struct CliGuard : ::testing::Test {
    rgw::test::TempDir tmp;
    fs::path db() const { return tmp.path() / "cohort.rgwdb"; }
    rgw::test::ProcessResult cli(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db().string()});
        return run(cliPath(), args, tmp.path());
    }
};

void expectOneErrorLine(const rgw::test::ProcessResult& r, int exitCode, const std::string& what) {
    EXPECT_EQ(r.exitCode, exitCode) << r.err;
    EXPECT_EQ(lineCount(r.err), 1) << r.err;
    EXPECT_EQ(r.err.rfind("rgw-cli: error: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << "expected '" << what << "' in " << r.err;
}

fs::path sts001(const std::string& modality) {
    return rgw::test::stsDicom("STS_001") / modality;
}

/// The section of README.md starting at `heading` up to the next "## ".
std::string readmeSection(const std::string& heading) {
    std::ifstream in(fs::path(RGW_SOURCE_DIR) / "README.md");
    std::stringstream text;
    text << in.rdbuf();
    const std::string all = text.str();
    const auto start = all.find("\n" + heading + "\n");
    EXPECT_NE(start, std::string::npos) << heading;
    if (start == std::string::npos)
        return {};
    const auto end = all.find("\n## ", start + heading.size() + 1);
    return all.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

} // namespace

TEST_F(CliGuard, ExtractRefusesAPresetOfAnotherModality) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path out = tmp.path() / "f.csv";
    const std::string petImage = (sts001("PET") / "image").string();
    const std::string petMask = (sts001("PET") / "mask" / "RS.dcm").string();
    // The issue: extract --image <PET> --params ct-default exited 0.
    auto r = run(cliPath(),
                 {"extract", "--image", petImage, "--mask", petMask, "--params", "ct-default",
                  "--out", out.string()},
                 tmp.path());
    expectOneErrorLine(r, 5, "is PT but parameter set ct-default is valid for CT only");
    EXPECT_FALSE(fs::exists(out));

    // The right preset passes; the CT preset only when forced, and it says so.
    r = run(cliPath(),
            {"extract", "--image", petImage, "--mask", petMask, "--params", "pet-default", "--out",
             out.string()},
            tmp.path());
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("Modality:    PT (parameter set valid for PT)"), std::string::npos)
        << r.out;
    r = run(cliPath(),
            {"extract", "--image", petImage, "--mask", petMask, "--params", "ct-default", "--out",
             out.string(), "--allow-modality-mismatch"},
            tmp.path());
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("PT, MISMATCH ALLOWED by --allow-modality-mismatch"), std::string::npos)
        << r.out;

    // --modality is for NIfTI; a DICOM image's own modality cannot be overridden.
    r = run(cliPath(),
            {"extract", "--image", petImage, "--mask", petMask, "--params", "ct-default", "--out",
             out.string(), "--modality", "CT"},
            tmp.path());
    expectOneErrorLine(r, 2, "--modality CT contradicts IMAGE");
    r = run(cliPath(),
            {"extract", "--image", petImage, "--mask", petMask, "--params", "pet-default", "--out",
             out.string(), "--modality", "pet"},
            tmp.path());
    expectOneErrorLine(r, 2, "expected a DICOM Modality code");
}

TEST_F(CliGuard, NiftiImagesNeedAStatedModality) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path phantom = rgw::test::ibsiDataSets() / "ibsi_1_ct_radiomics_phantom" / "nifti";
    const fs::path out = tmp.path() / "n.csv";
    const std::vector<std::string> base = {"extract",
                                           "--image",
                                           (phantom / "image" / "phantom.nii.gz").string(),
                                           "--mask",
                                           (phantom / "mask" / "mask.nii.gz").string(),
                                           "--params",
                                           "ibsi-config-C",
                                           "--out",
                                           out.string()};
    auto r = run(cliPath(), base, tmp.path());
    expectOneErrorLine(r, 5, "has no modality (NIfTI files carry none)");
    auto stated = base;
    stated.insert(stated.end(), {"--modality", "CT"});
    r = run(cliPath(), stated, tmp.path());
    EXPECT_EQ(r.exitCode, 0) << r.err;
    auto wrong = base;
    wrong.insert(wrong.end(), {"--modality", "MR"});
    expectOneErrorLine(run(cliPath(), wrong, tmp.path()), 5, "is MR but");
}

TEST_F(CliGuard, CohortSkipsAndListsPairsOfOtherModalities) {
    RGW_REQUIRE_TEST_DATA();
    ASSERT_EQ(cli({"import", rgw::test::stsDicom("STS_001").string()}).exitCode, 0);
    // The issue: extract-cohort --params ct-default extracted PET and MR too.
    auto r = cli({"extract-cohort", "--params", "ct-default", "--threads", "2", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto json = parseJson(r.out).object();
    EXPECT_EQ(json["pairs"].toInteger(), 3);
    EXPECT_EQ(json["extracted"].toInteger(), 1);
    const auto skipped = json["skipped_modality"].toArray();
    ASSERT_EQ(skipped.size(), 2);
    std::set<QString> modalities;
    for (const auto& s : skipped) {
        modalities.insert(s.toObject()["modality"].toString());
        EXPECT_TRUE(s.toObject()["reason"].toString().contains("valid for CT only"));
    }
    EXPECT_EQ(modalities, (std::set<QString>{"MR", "PT"}));

    // One run per modality with its own set: PT now, the rest listed.
    r = cli({"extract-cohort", "--params", "pet-default", "--modality", "PT"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("Extracted:            1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Skipped (modality):   2"), std::string::npos) << r.out;
    // A modality the set is not declared for is refused before any work.
    expectOneErrorLine(cli({"extract-cohort", "--params", "ct-default", "--modality", "MR"}), 5,
                       "valid for CT only");
    // Forcing it runs and records the mismatch with the extraction.
    r = cli({"extract-cohort", "--params", "ct-default", "--modality", "MR",
             "--allow-modality-mismatch", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    json = parseJson(r.out).object();
    EXPECT_EQ(json["extracted"].toInteger(), 1);
    EXPECT_TRUE(json["modality_mismatch_allowed"].toBool());
    rgw::storage::Database d(db());
    int forced = 0;
    for (const auto& e : rgw::storage::FeatureRepository(d).list()) {
        if (e.modalityMismatchAllowed) {
            ++forced;
            EXPECT_EQ(e.imageModality, "MR");
        }
    }
    EXPECT_EQ(forced, 1);
    // Every pair done or not declared for: nothing extracted, status 5 only
    // when nothing at all was done or already stored.
    const auto mrOnly = tmp.path() / "mr-only.rgwdb";
    auto fresh =
        run(cliPath(), {"--db", mrOnly.string(), "import", sts001("MR_T1").string()}, tmp.path());
    ASSERT_EQ(fresh.exitCode, 0) << fresh.err;
    fresh = run(cliPath(), {"--db", mrOnly.string(), "extract-cohort", "--params", "ct-default"},
                tmp.path());
    EXPECT_EQ(fresh.exitCode, 5) << fresh.err;
    EXPECT_NE(fresh.err.find("all 1 pairs skipped for modality"), std::string::npos) << fresh.err;
}

TEST_F(CliGuard, ExitStatusesFollowOneScheme) {
    // A missing folder is "input not found" (3), no longer "bad command line" (2).
    expectOneErrorLine(cli({"import", (tmp.path() / "no-such-folder").string()}), 3,
                       "no-such-folder");
    expectOneErrorLine(cli({"import", "--bogus"}), 2, "--bogus");
    expectOneErrorLine(cli({"extract-cohort", "--params", "ct-default"}), 3, "no database at");

    // A folder with no DICOM at all: a warning and status 4.
    const fs::path notes = tmp.path() / "notes";
    fs::create_directories(notes);
    std::ofstream(notes / "readme.txt") << "nothing to see\n";
    std::ofstream(notes / "scan.png") << "\x89PNG not DICOM";
    auto r = cli({"import", notes.string()});
    EXPECT_EQ(r.exitCode, 4) << r.err;
    EXPECT_EQ(lineCount(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("rgw-cli: warning: 0 instances: nothing in " + notes.string() +
                         " is DICOM (2 file(s) scanned)"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.out.find("Instances added:      0"), std::string::npos) << r.out;
    // With --json too (the report is still printed on stdout).
    r = cli({"import", notes.string(), "--json"});
    EXPECT_EQ(r.exitCode, 4);
    EXPECT_EQ(parseJson(r.out).object()["files_scanned"].toInteger(), 2);
}

TEST_F(CliGuard, ReadmeListsEveryCommandAndExitStatusOfHelp) {
    const auto help = run(cliPath(), {"--help"}, tmp.path());
    ASSERT_EQ(help.exitCode, 0);
    // Commands: "  name   summary" lines between "commands:" and "options:".
    std::set<std::string> helpCommands;
    std::map<int, std::string> helpStatuses;
    {
        std::istringstream lines(help.out);
        std::string line, section;
        const QRegularExpression command(R"(^  ([a-z][a-z-]*)\s{2,}\S.*$)");
        const QRegularExpression status(R"(^  (\d+)\s+(\S.*)$)");
        while (std::getline(lines, line)) {
            if (line == "commands:" || line == "options:" || line == "exit status:")
                section = line;
            else if (const auto m = matchLine(command, line); m && section == "commands:")
                helpCommands.insert((*m)[1].toStdString());
            else if (const auto s = matchLine(status, line); s && section == "exit status:")
                helpStatuses[(*s)[1].toInt()] = (*s)[2].toStdString();
        }
    }
    EXPECT_EQ(helpCommands.size(), 21u) << help.out;
    EXPECT_EQ(helpStatuses.size(), 8u) << help.out;

    const std::string section = readmeSection("## Command line");
    // The README's command block: lines "  name ..." inside the first ``` block.
    const auto open = section.find("```\n");
    const auto close = section.find("\n```", open + 4);
    ASSERT_NE(close, std::string::npos);
    std::set<std::string> readmeCommands;
    {
        std::istringstream lines(section.substr(open + 4, close - open - 4));
        std::string line;
        const QRegularExpression command(R"(^  ([a-z][a-z-]*)( .*)?$)");
        while (std::getline(lines, line))
            if (const auto m = matchLine(command, line))
                readmeCommands.insert((*m)[1].toStdString());
    }
    EXPECT_EQ(readmeCommands, helpCommands);
    for (const char* c : {"extract", "extract-cohort"})
        EXPECT_TRUE(readmeCommands.count(c)) << c;

    // The README's exit-status table: "| code | meaning |".
    std::map<int, std::string> readmeStatuses;
    {
        std::istringstream lines(section);
        std::string line;
        const QRegularExpression row(R"(^\| (\d+) \| (.*) \|$)");
        while (std::getline(lines, line))
            if (const auto m = matchLine(row, line))
                readmeStatuses[(*m)[1].toInt()] = (*m)[2].toStdString();
    }
    ASSERT_EQ(readmeStatuses.size(), helpStatuses.size());
    for (const auto& [code, meaning] : helpStatuses) {
        ASSERT_TRUE(readmeStatuses.count(code)) << "README lacks exit status " << code;
        // The README may say more, but it starts with what the help says, up
        // to the help's first bracket or colon.
        const std::string core = meaning.substr(0, meaning.find_first_of("(:"));
        EXPECT_EQ(readmeStatuses[code].rfind(core.substr(0, core.find_last_not_of(' ') + 1), 0), 0u)
            << code << ": README '" << readmeStatuses[code] << "' vs help '" << meaning << "'";
    }
}

#else
TEST(CliGuard, PosixOnly) {
    GTEST_SKIP() << "process tests run on POSIX systems";
}
#endif
