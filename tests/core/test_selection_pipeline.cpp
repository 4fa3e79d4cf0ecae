// The new selection steps inside fitPipeline: a step chained after another
// sees only the columns kept before it, and the pipeline keeps what
// selectFeatures keeps on the same (preprocessed) rows.

#include "SelectionTestSupport.h"
#include "modeling/FeatureSelection.h"
#include "modeling/Pipeline.h"
#include "modeling/Resampling.h"

#include <gtest/gtest.h>

namespace {

using namespace rgw::modeling;
using rgw::test::SelectionTable;

PipelineData dataOf(const SelectionTable& t) {
    PipelineData d;
    d.x = t.x;
    d.features = t.features;
    d.y = t.y;
    return d;
}

TEST(SelectionPipeline, ChainedStepsSelectWhatSelectFeaturesSelects) {
    const SelectionTable t = rgw::test::synthetic3Table();
    PipelineSpec spec;
    spec.preprocessing.zScore = false;
    spec.learner.kind = ModelKind::Multinomial;
    spec.learner.penalty = Penalty::None;
    SelectionStep relief;
    relief.kind = SelectionKind::ReliefF;
    relief.maxFeatures = 5;
    SelectionStep mrmr;
    mrmr.kind = SelectionKind::Mrmr;
    mrmr.maxFeatures = 2;
    spec.selection = {relief, mrmr};
    const FittedPipeline f = fitPipeline(spec, dataOf(t), 7);

    const std::vector<Eigen::Index> first = selectFeatures(relief, t.x, t.y);
    Eigen::MatrixXd kept(t.x.rows(), static_cast<Eigen::Index>(first.size()));
    for (std::size_t k = 0; k < first.size(); ++k)
        kept.col(static_cast<Eigen::Index>(k)) = t.x.col(first[k]);
    std::vector<Eigen::Index> want;
    for (const Eigen::Index j : selectFeatures(mrmr, kept, t.y))
        want.push_back(first[static_cast<std::size_t>(j)]);
    EXPECT_EQ(f.selected, want);
}

// The lasso step's inner folds come from the fit's own seed (a stream of
// it), so each outer fold draws its own and the validation seed governs them.
TEST(SelectionPipeline, LassoStepFoldsComeFromTheFitsSeed) {
    const SelectionTable t = rgw::test::lungTable();
    PipelineSpec spec;
    spec.preprocessing.zScore = false; // the step sees x as given
    spec.learner.kind = ModelKind::Cox;
    spec.learner.penalty = Penalty::None;
    SelectionStep lasso;
    lasso.kind = SelectionKind::Lasso;
    lasso.innerFolds = 5;
    spec.selection = {lasso};
    for (const std::uint64_t seed : {1u, 2u, 77u}) {
        const FittedPipeline f = fitPipeline(spec, dataOf(t), seed);
        SelectionStep step = lasso;
        step.seed = streamSeed(seed, kSelectionSeedStream);
        EXPECT_EQ(f.selected, selectFeatures(step, t.x, t.y)) << "seed " << seed;
        EXPECT_EQ(fitPipeline(spec, dataOf(t), seed).selected, f.selected);
    }
}

} // namespace
