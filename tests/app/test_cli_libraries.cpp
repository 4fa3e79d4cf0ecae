// The executables' shared libraries: none pulls Qt 5 into the process
// (Debian's VTK Qt modules are built against Qt 5; mixing them with Qt 6
// crashes at run time), and rgw-cli maps only the imaging commands' libraries,
// handing the analysis commands to rgw-cli-analysis (app/cli/main.cpp), which
// must behave exactly as if rgw-cli had run them.
#include "ChildProcess.h"
#include "TestData.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <vector>

#if defined(__linux__)

namespace {

namespace fs = std::filesystem;

std::string analysisPath() {
    return (fs::path(RGW_CLI_PATH).parent_path() / "rgw-cli-analysis").string();
}

/// ldd's listing of an executable's shared libraries.
std::string sharedLibraries(const std::string& executable) {
    rgw::test::TempDir tmp;
    const auto r = rgw::test::run("/usr/bin/ldd", {executable}, tmp.path());
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("libQt6Core"), std::string::npos) << r.out; // ldd really listed it
    return r.out;
}

void expectNoQt5(const std::string& executable) {
    const std::string libraries = sharedLibraries(executable);
    EXPECT_EQ(libraries.find("libQt5"), std::string::npos) << executable << " loads Qt 5:\n"
                                                           << libraries;
}

/// The libraries only the analysis commands use: modelling, report
/// rendering, DICOM SR.
const std::vector<std::string> kAnalysisOnlyLibraries{"libxgboost", "libsvm", "libQt6Gui",
                                                      "libQt6Svg", "libdcmsr"};

} // namespace

TEST(Libraries, CliLoadsNoQt5) {
    expectNoQt5(RGW_CLI_PATH);
    expectNoQt5(analysisPath());
}

TEST(Libraries, CliMapsOnlyTheImagingCommandsLibraries) {
    const std::string lean = sharedLibraries(RGW_CLI_PATH);
    const std::string full = sharedLibraries(analysisPath());
    for (const auto& library : kAnalysisOnlyLibraries) {
        EXPECT_EQ(lean.find(library), std::string::npos) << "rgw-cli loads " << library;
        EXPECT_NE(full.find(library), std::string::npos)
            << "rgw-cli-analysis does not load " << library << " (stale list?)";
    }
    EXPECT_NE(lean.find("libdcmdata"), std::string::npos) << lean;
    EXPECT_NE(lean.find("libdcmjpeg"), std::string::npos) << lean; // compressed series
}

TEST(Libraries, AnalysisCommandsRunAsIfByRgwCli) {
    rgw::test::TempDir tmp;
    const fs::path db = tmp.path() / "forwarded.rgwdb";
    const auto run = [&](const std::string& program, const std::vector<std::string>& args) {
        return rgw::test::run(program, args, tmp.path());
    };
    // Help, a usage error (exit status and message) and a global option that
    // precedes the command are all handed over unchanged.
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"model", "--help"},
          {"report", "--help"},
          {"export", "--help"},
          {"stats"},
          {"export", "nothing"},
          {"--max-memory", "1G", "--db", db.string(), "cohort", "list"}}) {
        const auto viaCli = run(RGW_CLI_PATH, args);
        const auto direct = run(analysisPath(), args);
        EXPECT_EQ(viaCli.exitCode, direct.exitCode) << args.front();
        EXPECT_EQ(viaCli.out, direct.out) << args.front();
        EXPECT_EQ(viaCli.err, direct.err) << args.front();
    }
    EXPECT_EQ(run(RGW_CLI_PATH, {"stats"}).exitCode, 2);
    const fs::path cliOnly = tmp.path() / "cli-only.rgwdb";
    const auto listed = run(RGW_CLI_PATH, {"--db", cliOnly.string(), "cohort", "list"});
    EXPECT_EQ(listed.exitCode, 0) << listed.err;
    EXPECT_NE(listed.out.find("No cohorts"), std::string::npos) << listed.out;
    EXPECT_TRUE(fs::exists(cliOnly)); // --db reached the analysis executable
}

TEST(Libraries, CliWithoutItsAnalysisExecutableSaysSo) {
    rgw::test::TempDir tmp;
    const fs::path alone = tmp.path() / "rgw-cli";
    fs::copy_file(RGW_CLI_PATH, alone);
    const auto imaging = rgw::test::run(alone.string(), {"extract", "--help"}, tmp.path());
    EXPECT_EQ(imaging.exitCode, 0) << imaging.err;
    const auto analysis = rgw::test::run(alone.string(), {"model", "--help"}, tmp.path());
    EXPECT_EQ(analysis.exitCode, 1);
    EXPECT_NE(analysis.err.find((tmp.path() / "rgw-cli-analysis").string() + ", which is missing"),
              std::string::npos)
        << analysis.err;
}

TEST(Libraries, GuiLoadsNoQt5) {
#ifdef RGW_GUI_PATH
    expectNoQt5(RGW_GUI_PATH);
#else
    GTEST_SKIP() << "the rgw target is not built (RGW_BUILD_GUI=OFF)";
#endif
}

#else
TEST(Libraries, LinuxOnly) {
    GTEST_SKIP() << "ldd-based check runs on Linux only";
}
#endif
