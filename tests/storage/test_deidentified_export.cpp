// exportDeidentified in process (storage/DeidentifiedExport.h): a cancelled
// or failing export leaves neither the output folder nor its temporary
// sibling; the pseudonyms it assigned stay (stable for the next export) and
// the completed export records them; a seed reproduces the UIDs.
#include "DeidentifiedExport.h"
#include "ImportService.h"
#include "NamedCohorts.h"
#include "TestData.h"
#include "demo/DemoCohort.h"
#include "util/Error.h"

#include <fstream>
#include <gtest/gtest.h>

namespace rgw::storage {
namespace {

namespace fs = std::filesystem;

struct DemoExport : ::testing::Test {
    test::TempDir dir;
    fs::path file;
    CohortRow cohort;

    void SetUp() override {
        demo::DemoOptions options;
        options.outputFolder = dir.path() / "demo";
        options.patients = 2;
        demo::writeCohort(options);
        file = dir.path() / "c.rgwdb";
        Database db(file);
        importPaths(db, {options.outputFolder});
        cohort = NamedCohortRepository(db).create("share", "", "", 2, {"DEMO-001", "DEMO-002"},
                                                  "tester");
    }

    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(dir.path()))
            names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }
};

TEST_F(DemoExport, CancelLeavesNothingButKeepsThePseudonyms) {
    Database db(file);
    const auto before = entries();
    CancelToken cancel;
    std::size_t calls = 0;
    DeidentifiedExportOptions options;
    options.outDir = dir.path() / "out";
    const auto report = exportDeidentified(
        db, cohort, options,
        [&](std::size_t done, std::size_t total, const std::string&) {
            ++calls;
            EXPECT_LE(done, total);
            if (done == 10)
                cancel.cancel();
        },
        &cancel);
    EXPECT_TRUE(report.cancelled);
    EXPECT_EQ(calls, 10u);
    EXPECT_EQ(entries(), before); // no out, no .out.partial-*
    const auto first = storedPseudonym(db, "DEMO-001");
    ASSERT_TRUE(first);

    // The next export completes under the same pseudonyms.
    const auto done = exportDeidentified(db, cohort, options);
    EXPECT_FALSE(done.cancelled);
    ASSERT_EQ(done.patients.size(), 2u);
    EXPECT_TRUE(fs::is_directory(options.outDir / *first));
    EXPECT_EQ(storedPseudonym(db, "DEMO-001"), first);
    EXPECT_TRUE(fs::exists(options.outDir / "manifest.json"));
    EXPECT_TRUE(fs::exists(options.outDir / "clinical.tsv"));

    // An existing non-empty folder is refused before anything is written.
    EXPECT_THROW(exportDeidentified(db, cohort, options), Error);
}

TEST_F(DemoExport, ASeedReproducesTheExportAndRandomSecretsDiffer) {
    Database db(file);
    const auto uidsOf = [&](const fs::path& out, std::optional<std::uint64_t> seed) {
        DeidentifiedExportOptions options;
        options.outDir = out;
        options.seed = seed;
        exportDeidentified(db, cohort, options);
        std::string manifest;
        std::ifstream in(out / "manifest.json");
        std::string line;
        while (std::getline(in, line))
            if (line.find("series_instance_uid") != std::string::npos)
                manifest += line + "\n";
        return manifest;
    };
    const std::string a = uidsOf(dir.path() / "a", 11);
    const std::string b = uidsOf(dir.path() / "b", 11);
    const std::string c = uidsOf(dir.path() / "c", std::nullopt);
    EXPECT_FALSE(a.empty());
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
}

} // namespace
} // namespace rgw::storage
