// core/modeling/Learners: SVM decision values equal to R e1071::svm (its
// bundled libsvm), the Platt sigmoid equal to an R port of Lin, Lin & Weng
// (2007) (tests/reference/learners/make_learners.R), a hand-derived boosted
// stump, determinism across runs and thread counts, the encoded state
// restoring to identical predictions, and bad input refused with rgw::Error.

#include "Reference.h"
#include "modeling/Learners.h"
#include "stats/DataTable.h"
#include "util/Error.h"
#include "util/ParallelFor.h"
#include "util/Random.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <string>
#include <vector>

namespace {

using namespace rgw::modeling;
using rgw::stats::DataTable;

Eigen::VectorXd column(const DataTable& t, const char* name) {
    const auto& v = t.numbers(name);
    return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

/// The four standardised wdbc features of make_learners.R and their label.
struct Wdbc {
    Eigen::MatrixXd x;
    Outcome y;
};

const Wdbc& wdbc() {
    static const Wdbc data = [] {
        const DataTable t = DataTable::read(rgw::test::referenceFile("learners/svm_input.csv"));
        Wdbc d;
        const char* names[] = {"mean_radius", "mean_texture", "mean_smoothness",
                               "mean_concave_points"};
        d.x.resize(static_cast<Eigen::Index>(t.numbers("malignant").size()), 4);
        for (Eigen::Index j = 0; j < 4; ++j)
            d.x.col(j) = column(t, names[j]);
        d.y.kind = rgw::modeling::ModelKind::Logistic;
        d.y.label = column(t, "malignant");
        d.y.classes = {"0", "1"};
        return d;
    }();
    return data;
}

/// Three Gaussian classes in 3 dimensions (means 0, 1.5, 3 on the first two
/// coordinates), 40 rows each, from rgw::Rng.
Wdbc threeClasses() {
    rgw::Rng rng(7);
    Wdbc d;
    d.x.resize(120, 3);
    d.y.kind = rgw::modeling::ModelKind::Multinomial;
    d.y.classes = {"a", "b", "c"};
    for (Eigen::Index i = 0; i < 120; ++i) {
        const int c = static_cast<int>(i % 3);
        d.y.classOf.push_back(c);
        d.x(i, 0) = 1.5 * c + rng.normal();
        d.x(i, 1) = 1.5 * c + rng.normal();
        d.x(i, 2) = rng.normal();
    }
    return d;
}

double maxAbsDiff(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    EXPECT_EQ(a.rows(), b.rows());
    EXPECT_EQ(a.cols(), b.cols());
    if (a.size() == 0 || a.rows() != b.rows() || a.cols() != b.cols())
        return a.size() == b.size() ? 0.0 : std::numeric_limits<double>::infinity();
    return (a - b).cwiseAbs().maxCoeff();
}

TEST(Learners, SvmDecisionValuesEqualE1071) {
    const DataTable ref = DataTable::read(rgw::test::referenceFile("learners/svm_decision.csv"));
    LearnerOptions o = defaultLearnerOptions(LearnerKind::SvmLinear);
    o.svmC = 1.0;
    const TrainedLearner lin = trainLearner(LearnerKind::SvmLinear, wdbc().x, wdbc().y, o);
    const double dLin = maxAbsDiff(learnerDecisionValues(lin, wdbc().x), column(ref, "linear"));
    o.svmC = 2.0;
    o.svmGamma = 0.25;
    const TrainedLearner rbf = trainLearner(LearnerKind::SvmRbf, wdbc().x, wdbc().y, o);
    const double dRbf = maxAbsDiff(learnerDecisionValues(rbf, wdbc().x), column(ref, "rbf"));
    std::cout << "max |decision - e1071|: linear " << dLin << ", rbf " << dRbf << "\n";
    EXPECT_LT(dLin, 1e-6);
    EXPECT_LT(dRbf, 1e-6);
    EXPECT_EQ(lin.importance.size(), 4);
    EXPECT_NEAR(lin.importance.sum(), 1.0, 1e-12);
    EXPECT_EQ(rbf.importance.size(), 0);
}

TEST(Learners, PlattSigmoidEqualsLinLinWeng) {
    const DataTable ref = DataTable::read(rgw::test::referenceFile("learners/svm_decision.csv"));
    const DataTable s = DataTable::read(rgw::test::referenceFile("learners/platt_sigmoid.csv"));
    const PlattSigmoid fit = fitPlattSigmoid(column(ref, "rbf"), wdbc().y.label);
    const double dA = std::fabs(fit.a - s.numbers("A")[0]),
                 dB = std::fabs(fit.b - s.numbers("B")[0]);
    std::cout << "Platt |A - R|: " << dA << ", |B - R|: " << dB << "\n";
    EXPECT_LT(dA, 1e-6);
    EXPECT_LT(dB, 1e-6);
    // The same penalised likelihood minimised by R's optim (BFGS): the
    // algorithm stops at |gradient| < 1e-5, so agreement to ~1e-6.
    EXPECT_NEAR(fit.a, s.numbers("optim_A")[0], 1e-5);
    EXPECT_NEAR(fit.b, s.numbers("optim_B")[0], 1e-5);
}

TEST(Learners, SvmProbabilitiesAreCalibratedAndDeterministic) {
    const LearnerOptions o = defaultLearnerOptions(LearnerKind::SvmRbf);
    const TrainedLearner a = trainLearner(LearnerKind::SvmRbf, wdbc().x, wdbc().y, o);
    const TrainedLearner b = trainLearner(LearnerKind::SvmRbf, wdbc().x, wdbc().y, o);
    ASSERT_EQ(a.calibration.size(), 1u);
    EXPECT_LT(a.calibration[0].a, 0.0); // larger decision value, higher P(malignant)
    const Eigen::MatrixXd p = predictLearner(a, wdbc().x);
    ASSERT_EQ(p.cols(), 1);
    EXPECT_EQ(maxAbsDiff(p, predictLearner(b, wdbc().x)), 0.0);
    EXPECT_TRUE((p.array() > 0.0).all() && (p.array() < 1.0).all());
    // Mostly right on the training rows.
    int right = 0;
    for (Eigen::Index i = 0; i < p.rows(); ++i)
        right += (p(i, 0) > 0.5) == (wdbc().y.label(i) == 1.0);
    EXPECT_GT(right, 500);
}

TEST(Learners, MulticlassProbabilitiesSumToOne) {
    const Wdbc d = threeClasses();
    for (const LearnerKind kind : {LearnerKind::SvmLinear, LearnerKind::SvmRbf,
                                   LearnerKind::GradientBoosting, LearnerKind::RandomForest}) {
        LearnerOptions o = defaultLearnerOptions(kind);
        o.trees = 20;
        const TrainedLearner l = trainLearner(kind, d.x, d.y, o);
        const Eigen::MatrixXd p = predictLearner(l, d.x);
        ASSERT_EQ(p.cols(), 3) << learnerKindName(kind);
        EXPECT_LT((p.rowwise().sum().array() - 1.0).abs().maxCoeff(), 1e-6)
            << learnerKindName(kind);
        int right = 0;
        for (Eigen::Index i = 0; i < p.rows(); ++i) {
            Eigen::Index best = 0;
            p.row(i).maxCoeff(&best);
            right += best == d.y.classOf[static_cast<std::size_t>(i)];
        }
        EXPECT_GT(right, 80) << learnerKindName(kind);
    }
}

// One depth-1 tree, eta 1, lambda 0, min_child_weight 0, base_score 0.5, on
// x = 1..7, y = 0 0 1 0 1 1 1. At margin 0, p = 1/2: gradient g = p - y =
// +1/2 (y = 0) or -1/2 (y = 1), hessian h = p (1 - p) = 1/4. A split after
// the first k rows scores G_L^2/H_L + G_R^2/H_R with G = sum g, H = k/4:
//   k:      1      2     3      4    5     6
//   G_L:   .5      1    .5      1   .5     0   (G = -1/2 in all)
//   score: 1.667  3.8  1.333   4.0  2.2   1.0
// so the split is x < 4.5 (midpoint, exact method); leaf values -G/H:
// left -1/1 = -1, right -(-3/2)/(3/4) = 2; P = 1/(1 + exp(-leaf)).
TEST(Learners, BoostedStumpMatchesHandDerivation) {
    Eigen::MatrixXd x(7, 1);
    x << 1, 2, 3, 4, 5, 6, 7;
    Outcome y;
    y.kind = ModelKind::Logistic;
    y.label.resize(7);
    y.label << 0, 0, 1, 0, 1, 1, 1;
    LearnerOptions o;
    o.trees = 1;
    o.depth = 1;
    o.eta = 1.0;
    o.lambda = 0.0;
    o.minChildWeight = 0.0;
    o.subsample = 1.0;
    o.colsample = 1.0;
    const TrainedLearner l = trainLearner(LearnerKind::GradientBoosting, x, y, o);
    Eigen::MatrixXd probe(4, 1);
    probe << 1, 4.4, 4.6, 7;
    const Eigen::MatrixXd margin = learnerDecisionValues(l, probe);
    EXPECT_NEAR(margin(0, 0), -1.0, 1e-6);
    EXPECT_NEAR(margin(1, 0), -1.0, 1e-6);
    EXPECT_NEAR(margin(2, 0), 2.0, 1e-6);
    EXPECT_NEAR(margin(3, 0), 2.0, 1e-6);
    const Eigen::MatrixXd p = predictLearner(l, probe);
    EXPECT_NEAR(p(0, 0), 1.0 / (1.0 + std::exp(1.0)), 1e-6);
    EXPECT_NEAR(p(2, 0), 1.0 / (1.0 + std::exp(-2.0)), 1e-6);
    EXPECT_DOUBLE_EQ(l.importance(0), 1.0);
}

/// Predictions of `kind` trained on wdbc with seeds 1..4, on `threads` threads.
std::vector<Eigen::MatrixXd> foldPredictions(LearnerKind kind, unsigned threads) {
    std::vector<Eigen::MatrixXd> out(4);
    rgw::parallelFor(
        out.size(), threads,
        [&](std::size_t i) {
            LearnerOptions o = defaultLearnerOptions(kind);
            o.trees = kind == LearnerKind::RandomForest ? 100 : 50;
            o.seed = i + 1;
            out[i] = predictLearner(trainLearner(kind, wdbc().x, wdbc().y, o), wdbc().x);
        },
        [] { return false; });
    return out;
}

TEST(Learners, TreesAreDeterministicAcrossRunsAndThreads) {
    for (const LearnerKind kind :
         {LearnerKind::GradientBoosting, LearnerKind::RandomForest, LearnerKind::SvmRbf}) {
        const auto one = foldPredictions(kind, 1);
        const auto again = foldPredictions(kind, 1);
        const auto two = foldPredictions(kind, 2);
        for (std::size_t i = 0; i < one.size(); ++i) {
            EXPECT_EQ(maxAbsDiff(one[i], again[i]), 0.0) << learnerKindName(kind);
            EXPECT_EQ(maxAbsDiff(one[i], two[i]), 0.0) << learnerKindName(kind);
        }
        // Different seeds subsample differently (trees) / fold differently (SVM).
        EXPECT_GT(maxAbsDiff(one[0], one[1]), 0.0) << learnerKindName(kind);
    }
}

TEST(Learners, EncodedStateRestoresIdenticalPredictions) {
    const Wdbc three = threeClasses();
    for (const LearnerKind kind : {LearnerKind::GradientBoosting, LearnerKind::RandomForest,
                                   LearnerKind::SvmLinear, LearnerKind::SvmRbf}) {
        for (const Wdbc* d : {&wdbc(), &three}) {
            LearnerOptions o = defaultLearnerOptions(kind);
            o.trees = 30;
            const TrainedLearner l = trainLearner(kind, d->x, d->y, o);
            const TrainedLearner r = restoreLearnerState(encodeLearnerState(l));
            EXPECT_EQ(r.kind, l.kind);
            EXPECT_EQ(r.classes, l.classes);
            EXPECT_EQ(r.features, l.features);
            EXPECT_EQ(r.state, l.state);
            EXPECT_EQ(maxAbsDiff(r.importance, l.importance), 0.0);
            ASSERT_EQ(r.calibration.size(), l.calibration.size());
            for (std::size_t k = 0; k < r.calibration.size(); ++k) {
                EXPECT_EQ(r.calibration[k].a, l.calibration[k].a);
                EXPECT_EQ(r.calibration[k].b, l.calibration[k].b);
            }
            EXPECT_EQ(maxAbsDiff(predictLearner(r, d->x), predictLearner(l, d->x)), 0.0)
                << learnerKindName(kind);
        }
    }
}

/// Survival times with hazard exp(x1) (x2 noise), about a third censored
/// by an independent exponential censoring time, from rgw::Rng.
Outcome coxData(Eigen::MatrixXd& x) {
    rgw::Rng rng(11);
    x.resize(200, 2);
    Outcome y;
    y.kind = ModelKind::Cox;
    y.time.resize(200);
    y.event.resize(200);
    for (Eigen::Index i = 0; i < 200; ++i) {
        x(i, 0) = rng.normal();
        x(i, 1) = rng.normal();
        const double t = -std::log(1.0 - rng.uniform()) / std::exp(x(i, 0));
        const double c = -std::log(1.0 - rng.uniform()) / 0.5;
        y.time(i) = std::min(t, c);
        y.event(i) = t <= c ? 1.0 : 0.0;
    }
    return y;
}

// Cox boosting (xgboost survival:cox): the log risk follows the true log
// hazard x1, is deterministic, exp(margin) is the prediction, and the
// encoded state restores.
TEST(Learners, CoxTreesFollowTheHazard) {
    Eigen::MatrixXd x;
    const Outcome y = coxData(x);
    for (const LearnerKind kind : {LearnerKind::GradientBoosting, LearnerKind::RandomForest}) {
        const LearnerOptions o = defaultLearnerOptions(kind);
        const TrainedLearner l = trainLearner(kind, x, y, o);
        EXPECT_EQ(l.classes, 1);
        const Eigen::MatrixXd margin = learnerDecisionValues(l, x);
        const Eigen::MatrixXd risk = predictLearner(l, x);
        ASSERT_EQ(risk.cols(), 1);
        EXPECT_LT((risk.array() - margin.array().exp()).abs().maxCoeff() /
                      risk.array().abs().maxCoeff(),
                  1e-5);
        const Eigen::VectorXd m = margin.col(0).array() - margin.mean();
        const Eigen::VectorXd t = x.col(0).array() - x.col(0).mean();
        EXPECT_GT(m.dot(t) / (m.norm() * t.norm()), 0.7) << learnerKindName(kind);
        EXPECT_EQ(maxAbsDiff(predictLearner(trainLearner(kind, x, y, o), x), risk), 0.0);
        const TrainedLearner r = restoreLearnerState(encodeLearnerState(l));
        EXPECT_EQ(r.outcome, ModelKind::Cox);
        EXPECT_EQ(maxAbsDiff(predictLearner(r, x), risk), 0.0);
    }
}

TEST(Learners, BadInputIsRefused) {
    const Wdbc& d = wdbc();
    const LearnerOptions o = defaultLearnerOptions(LearnerKind::GradientBoosting);
    for (const LearnerKind kind : {LearnerKind::GradientBoosting, LearnerKind::SvmRbf}) {
        Eigen::MatrixXd bad = d.x;
        bad(3, 2) = std::numeric_limits<double>::quiet_NaN();
        EXPECT_THROW(trainLearner(kind, bad, d.y, o), rgw::Error);
        bad(3, 2) = std::numeric_limits<double>::infinity();
        EXPECT_THROW(trainLearner(kind, bad, d.y, o), rgw::Error);
        Outcome one = d.y;
        one.label.setZero();
        EXPECT_THROW(trainLearner(kind, d.x, one, o), rgw::Error);
        EXPECT_THROW(trainLearner(kind, d.x.topRows(100), d.y, o), rgw::Error);
        EXPECT_THROW(trainLearner(kind, d.x, d.y, o, {"a", "b"}), rgw::Error);
        Outcome cox;
        cox.kind = ModelKind::Cox;
        cox.time = cox.event = Eigen::VectorXd::Ones(d.x.rows());
        if (kind == LearnerKind::SvmRbf) { // SVMs have no Cox outcome
            EXPECT_THROW(trainLearner(kind, d.x, cox, o), rgw::Error);
        }
        cox.event.setZero(); // no event
        EXPECT_THROW(trainLearner(kind, d.x, cox, o), rgw::Error);
        cox.event.setOnes();
        cox.time(4) = 0.0; // not positive
        EXPECT_THROW(trainLearner(kind, d.x, cox, o), rgw::Error);
        LearnerOptions neg = o;
        neg.svmC = -1;
        neg.subsample = 0;
        EXPECT_THROW(trainLearner(kind, d.x, d.y, neg), rgw::Error);

        LearnerOptions small = o;
        small.trees = 5;
        const TrainedLearner l = trainLearner(kind, d.x, d.y, small);
        EXPECT_THROW(predictLearner(l, d.x.leftCols(3)), rgw::Error);
        Eigen::MatrixXd nan = d.x.topRows(2);
        nan(1, 1) = std::numeric_limits<double>::quiet_NaN();
        EXPECT_THROW(predictLearner(l, nan), rgw::Error);

        // Corrupt states: truncated, a byte changed anywhere, garbage.
        const std::string text = encodeLearnerState(l);
        EXPECT_THROW(restoreLearnerState(""), rgw::Error);
        EXPECT_THROW(restoreLearnerState("garbage"), rgw::Error);
        for (std::size_t cut : {text.size() / 5, text.size() / 2, text.size() - 7})
            EXPECT_THROW(restoreLearnerState(text.substr(0, cut)), rgw::Error);
        int refused = 0, flips = 0;
        for (std::size_t at = 0; at < text.size();
             at += std::max<std::size_t>(1, text.size() / 300)) {
            std::string t = text;
            t[at] = static_cast<char>(t[at] ^ 0x5A);
            ++flips;
            try {
                const TrainedLearner r = restoreLearnerState(t);
                (void)predictLearner(r, d.x.topRows(3)); // accepted: must still predict
            } catch (const rgw::Error&) {
                ++refused;
            }
        }
        EXPECT_GT(refused, flips / 2) << learnerKindName(kind);
        TrainedLearner wrong = l;
        wrong.features.pop_back();
        EXPECT_THROW(restoreLearnerState(encodeLearnerState(wrong)), rgw::Error);
    }
    EXPECT_THROW(parseLearnerKind("forest"), rgw::Error);
    EXPECT_THROW(fitPlattSigmoid(Eigen::VectorXd::Ones(3), Eigen::VectorXd::Ones(2)), rgw::Error);
    EXPECT_THROW(fitPlattSigmoid(Eigen::VectorXd::Ones(2), Eigen::VectorXd::Constant(2, 2.0)),
                 rgw::Error);
}

} // namespace
