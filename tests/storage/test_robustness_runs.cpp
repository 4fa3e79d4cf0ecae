// The read side of the stored robustness runs (storage/RobustnessRepository):
// the runs newest first with their provenance and case count, and one run's
// ICCs per feature and kind exactly as stored (NULL values with their note),
// checked against the values handed to storeRobustness.
#include "Database.h"
#include "RobustnessRepository.h"
#include "TestData.h"
#include "util/Error.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>

using namespace rgw;
using radiomics::robustness::FeatureIcc;
using stats::IccKind;

namespace {

FeatureIcc icc(const std::string& feature, IccKind kind, double value, double lower, double upper,
               int cases, const std::string& note = {}) {
    FeatureIcc out;
    out.feature = feature;
    out.kind = kind;
    out.result.kind = kind;
    out.result.icc = value;
    out.result.lower = lower;
    out.result.upper = upper;
    out.cases = cases;
    out.note = note;
    return out;
}

} // namespace

TEST(RobustnessRuns, ListsRunsNewestFirstAndReadsTheirIccsAsStored) {
    test::TempDir dir;
    storage::Database db(dir.path() / "runs.rgwdb");
    radiomics::robustness::RobustnessProvenance perturbed{"aaaa", "noise+volume",
                                                          18446744073709551615ULL, 5};
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const storage::Id first = storage::storeRobustness(
        db, perturbed, "ct-default", {"case A", "case B", "case C"},
        {icc("glcm.contrast", IccKind::OneWay, 0.81, 0.5, 0.95, 3),
         icc("glcm.contrast", IccKind::TwoWayConsistency, 0.83, 0.52, 0.96, 3),
         icc("morphology.volume_mesh", IccKind::OneWay, nan, nan, nan, 1,
             "fewer than 2 cases with every repeat")},
        "tester");
    radiomics::robustness::RobustnessProvenance versions{"bbbb", "segmentation versions", 0, 2};
    const storage::Id second = storage::storeRobustness(
        db, versions, "ct-fine", {"P1", "P2"},
        {icc("intensity_statistics.mean_intensity", IccKind::OneWay, 0.42, -0.1, 0.8, 2)}, "other");

    const std::vector<storage::RobustnessRun> runs = storage::listRobustnessRuns(db);
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].id, second);
    EXPECT_EQ(runs[1].id, first);
    EXPECT_EQ(runs[0].perturbations, "segmentation versions");
    EXPECT_EQ(runs[0].parameterSet, "ct-fine");
    EXPECT_EQ(runs[0].parameterSetHash, "bbbb");
    EXPECT_EQ(runs[0].seed, "0");
    EXPECT_EQ(runs[0].repeats, 2);
    EXPECT_EQ(runs[0].cases, 2u);
    EXPECT_EQ(runs[0].createdBy, "other");
    EXPECT_FALSE(runs[0].createdAt.empty());
    EXPECT_EQ(runs[1].perturbations, "noise+volume");
    EXPECT_EQ(runs[1].seed, "18446744073709551615"); // above SQLite's signed INTEGER
    EXPECT_EQ(runs[1].repeats, 5);
    EXPECT_EQ(runs[1].cases, 3u);

    const std::vector<storage::RobustnessFeature> features =
        storage::robustnessRunFeatures(db, first);
    ASSERT_EQ(features.size(), 2u);
    EXPECT_EQ(features[0].feature, "glcm.contrast");
    ASSERT_EQ(features[0].byKind.size(), 2u);
    const storage::StoredIcc& one = features[0].byKind.at(IccKind::OneWay);
    EXPECT_EQ(one.icc, 0.81);
    EXPECT_EQ(one.lower, 0.5);
    EXPECT_EQ(one.upper, 0.95);
    EXPECT_EQ(one.cases, 3u);
    EXPECT_TRUE(one.note.empty());
    EXPECT_EQ(features[0].byKind.at(IccKind::TwoWayConsistency).icc, 0.83);
    EXPECT_EQ(features[1].feature, "morphology.volume_mesh");
    const storage::StoredIcc& undefined = features[1].byKind.at(IccKind::OneWay);
    EXPECT_FALSE(undefined.icc.has_value());
    EXPECT_FALSE(undefined.lower.has_value());
    EXPECT_EQ(undefined.note, "fewer than 2 cases with every repeat");
    EXPECT_EQ(features[1].byKind.count(IccKind::TwoWayConsistency), 0u);

    // storedFeatureIccs reads the same numbers (the latest defined per feature).
    const auto latest = storage::storedFeatureIccs(db, IccKind::OneWay);
    EXPECT_EQ(latest.at("glcm.contrast"), *one.icc);
    EXPECT_EQ(latest.count("morphology.volume_mesh"), 0u);

    EXPECT_THROW(storage::robustnessRunFeatures(db, second + 10), Error);
}
