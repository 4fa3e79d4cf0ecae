// The new selection steps inside fitPipeline: a step chained after another
// sees only the columns kept before it, and the pipeline keeps what
// selectFeatures keeps on the same (preprocessed) rows.

#include "SelectionTestSupport.h"
#include "modeling/FeatureSelection.h"
#include "modeling/Pipeline.h"

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

TEST(SelectionPipeline, LassoStepWithItsOwnSeedIsReproducible) {
    const SelectionTable t = rgw::test::lungTable();
    PipelineSpec spec;
    spec.learner.kind = ModelKind::Cox;
    spec.learner.penalty = Penalty::None;
    SelectionStep lasso;
    lasso.kind = SelectionKind::Lasso;
    lasso.innerFolds = 5;
    lasso.seed = 11;
    spec.selection = {lasso};
    const FittedPipeline a = fitPipeline(spec, dataOf(t), 1);
    const FittedPipeline b = fitPipeline(spec, dataOf(t), 2); // the step's seed, not the pipeline's
    EXPECT_EQ(a.selected, b.selected);
}

} // namespace
