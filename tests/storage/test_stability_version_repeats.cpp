// storage::stabilityVersionRepeats, the one function behind `rgw-cli model
// train --stability versions` and the model builder's "Segmentation
// versions": candidates that are not radiomic columns are refused first,
// named (the first five, then "..."), before the database is read; with
// radiomic candidates only, the cohort is looked up (and an unknown one
// named). The pairs and tables themselves are test_segmentation_version_icc's
// and the CLI / GUI tests'.
#include "Database.h"
#include "SegmentationVersionRepeats.h"
#include "TestData.h"
#include "util/Error.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace rgw;

TEST(StabilityVersionRepeats, RefusesNonRadiomicCandidatesBeforeReadingTheDatabase) {
    test::TempDir dir;
    storage::Database db(dir.path() / "empty.rgwdb");
    const std::vector<std::string> radiomic{"morphology.volume_mesh", "glcm.contrast"};
    const std::vector<std::string> candidates{
        "morphology.volume_mesh", "mut_KRAS", "AGE", "a", "b", "c", "d", "glcm.contrast"};
    try {
        (void)storage::stabilityVersionRepeats(db, "no-such-cohort", "ct-default", radiomic,
                                               candidates);
        FAIL() << "non-radiomic candidates were accepted";
    } catch (const storage::NotRadiomicCandidates& e) {
        EXPECT_EQ(e.candidates, (std::vector<std::string>{"mut_KRAS", "AGE", "a", "b", "c", "d"}));
        EXPECT_EQ(e.parameterSet, "ct-default");
        EXPECT_EQ(e.firstFew(), "'mut_KRAS', 'AGE', 'a', 'b', 'c', ...");
        const std::string what = e.what();
        EXPECT_NE(what.find("6 candidates are not ('mut_KRAS'"), std::string::npos) << what;
        EXPECT_NE(what.find("ct-default"), std::string::npos) << what;
    }
    // Radiomic candidates only: now the database is read, and says what is missing.
    try {
        (void)storage::stabilityVersionRepeats(db, "no-such-cohort", "ct-default", radiomic,
                                               radiomic);
        FAIL() << "an unknown cohort was accepted";
    } catch (const storage::NotRadiomicCandidates&) {
        FAIL() << "radiomic candidates were refused";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-cohort"), std::string::npos) << e.what();
    }
}
