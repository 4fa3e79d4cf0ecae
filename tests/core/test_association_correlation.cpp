// Radiogenomic correlation maps against R: cor.test (Pearson; Spearman with
// exact = FALSE) on each pair's complete patients and p.adjust(p, "BH") over
// the whole map, written by tests/reference/association/make_association.R on
// the committed synthetic fixtures (missing values, ties, constant and sparse
// columns) and on wdbc (10 mean features against 20 error/worst features as a
// stand-in for molecular values).

#include "ErrorMessage.h"
#include "Reference.h"
#include "TestData.h"
#include "association/CorrelationMap.h"
#include "stats/DataTable.h"
#include "stats/Distributions.h"
#include "util/Cancel.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

using rgw::association::CorrelationMap;
using rgw::association::CorrelationMethod;
using rgw::association::CorrelationOptions;
using rgw::association::PairStatus;
using rgw::stats::DataTable;

constexpr double kRelative = 1e-12;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::size_t> allRows(const DataTable& t) {
    std::vector<std::size_t> rows(t.rows());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    return rows;
}

std::vector<std::string> withoutId(const DataTable& t, const std::vector<std::string>& drop) {
    std::vector<std::string> names;
    for (const auto& name : t.numericColumns())
        if (std::find(drop.begin(), drop.end(), name) == drop.end())
            names.push_back(name);
    return names;
}

/// |ours − reference| / |reference| (absolute below 1e-300).
double relative(double ours, double reference) {
    return std::abs(ours - reference) / std::max(std::abs(reference), 1e-300);
}

struct Deviation {
    double r = 0, p = 0, q = 0;
};

/// Compares every pair of `map` with the reference file (feature, gene, n, r, p, q).
void expectEqualsR(const CorrelationMap& map, const std::vector<std::string>& features,
                   const std::vector<std::string>& genes, const char* file) {
    const DataTable ref = DataTable::read(rgw::test::referenceFile(file));
    EXPECT_EQ(ref.rows(), features.size() * genes.size()) << file;
    Deviation worst;
    Eigen::Index tested = 0;
    for (std::size_t row = 0; row < ref.rows(); ++row) {
        const auto f = std::find(features.begin(), features.end(), ref.text("feature")[row]) -
                       features.begin();
        const auto g = std::find(genes.begin(), genes.end(), ref.text("gene")[row]) - genes.begin();
        ASSERT_LT(static_cast<std::size_t>(f), features.size());
        ASSERT_LT(static_cast<std::size_t>(g), genes.size());
        const std::string pair = features[static_cast<std::size_t>(f)] + " x " +
                                 genes[static_cast<std::size_t>(g)] + " (" + file + ")";
        EXPECT_EQ(map.n(f, g), static_cast<Eigen::Index>(ref.numbers("n")[row])) << pair;
        const double r = ref.numbers("r")[row], p = ref.numbers("p")[row],
                     q = ref.numbers("q")[row];
        if (std::isnan(p)) {
            EXPECT_NE(map.status(f, g), PairStatus::Tested) << pair;
            EXPECT_TRUE(std::isnan(map.r(f, g)) && std::isnan(map.p(f, g)) &&
                        std::isnan(map.q(f, g)))
                << pair;
            continue;
        }
        ++tested;
        EXPECT_EQ(map.status(f, g), PairStatus::Tested) << pair;
        worst.r = std::max(worst.r, relative(map.r(f, g), r));
        worst.p = std::max(worst.p, relative(map.p(f, g), p));
        worst.q = std::max(worst.q, relative(map.q(f, g), q));
        EXPECT_LE(relative(map.r(f, g), r), kRelative)
            << pair << ": r " << map.r(f, g) << " vs " << r;
        EXPECT_LE(relative(map.p(f, g), p), kRelative)
            << pair << ": p " << map.p(f, g) << " vs " << p;
        EXPECT_LE(relative(map.q(f, g), q), kRelative)
            << pair << ": q " << map.q(f, g) << " vs " << q;
    }
    EXPECT_EQ(map.tested, tested) << file;
    std::cout << file << ": max relative deviation r " << worst.r << ", p " << worst.p << ", q "
              << worst.q << "\n";
}

struct Synthetic {
    Eigen::MatrixXd features, molecular;
    std::vector<std::string> featureNames, geneNames;
};

Synthetic synthetic() {
    const DataTable f =
        DataTable::read(rgw::test::referenceFile("association/synthetic_features.csv"));
    const DataTable m =
        DataTable::read(rgw::test::referenceFile("association/synthetic_molecular.csv"));
    Synthetic s;
    s.featureNames = {"f_cont", "f_ties", "f_missing", "f_skew", "f_const", "f_sparse"};
    s.geneNames = {"g_expr", "g_meth", "g_cn", "g_sparse", "g_rank"};
    s.features = f.matrix(s.featureNames, allRows(f));
    s.molecular = m.matrix(s.geneNames, allRows(m));
    return s;
}

TEST(AssociationCorrelation, SyntheticPearsonEqualsRCorTest) {
    const Synthetic s = synthetic();
    const CorrelationMap map = rgw::association::correlationMap(s.features, s.molecular);
    expectEqualsR(map, s.featureNames, s.geneNames,
                  "association/correlation_synthetic_pearson.csv");
    // The untested pairs say why.
    EXPECT_EQ(map.status(4, 0), PairStatus::ConstantFeature); // f_const
    EXPECT_EQ(map.status(5, 0), PairStatus::TooFewPatients);  // f_sparse: 2 patients
    EXPECT_EQ(map.status(2, 3), PairStatus::TooFewPatients);  // f_missing x g_sparse
    EXPECT_EQ(map.tested, 30 - 11);
}

TEST(AssociationCorrelation, SyntheticSpearmanEqualsRCorTestAsymptotic) {
    const Synthetic s = synthetic();
    CorrelationOptions options;
    options.method = CorrelationMethod::Spearman;
    const CorrelationMap map = rgw::association::correlationMap(s.features, s.molecular, options);
    expectEqualsR(map, s.featureNames, s.geneNames,
                  "association/correlation_synthetic_spearman.csv");
    EXPECT_EQ(map.options.method, CorrelationMethod::Spearman);
}

TEST(AssociationCorrelation, ConstantMolecularValueIsNamed) {
    Eigen::MatrixXd x(5, 1), y(5, 2);
    x << 1, 2, 3, 4, 5;
    y.col(0) << 2, 1, 2, 1, 3;
    y.col(1) << 7, 7, 7, 7, kNaN;
    const CorrelationMap map = rgw::association::correlationMap(x, y);
    EXPECT_EQ(map.status(0, 0), PairStatus::Tested);
    EXPECT_EQ(map.status(0, 1), PairStatus::ConstantMolecular);
    EXPECT_EQ(map.n(0, 1), 4);
    EXPECT_EQ(map.tested, 1);
    EXPECT_EQ(map.q(0, 0), map.p(0, 0)); // one test: nothing to adjust
    EXPECT_STREQ(rgw::association::pairStatusName(PairStatus::ConstantMolecular),
                 "constant molecular value");
}

TEST(AssociationCorrelation, WdbcEqualsRCorTest) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable wdbc = DataTable::read(rgw::test::tabularFile("wdbc_breast_cancer.csv"));
    const std::vector<std::string> all = withoutId(wdbc, {"malignant"});
    ASSERT_EQ(all.size(), 30u);
    const std::vector<std::string> radiomic(all.begin(), all.begin() + 10);
    const std::vector<std::string> standIn(all.begin() + 10, all.end());
    const Eigen::MatrixXd x = wdbc.matrix(radiomic, allRows(wdbc));
    const Eigen::MatrixXd y = wdbc.matrix(standIn, allRows(wdbc));
    for (const auto method : {CorrelationMethod::Pearson, CorrelationMethod::Spearman}) {
        CorrelationOptions options;
        options.method = method;
        const CorrelationMap map = rgw::association::correlationMap(x, y, options);
        expectEqualsR(map, radiomic, standIn,
                      method == CorrelationMethod::Pearson
                          ? "association/correlation_wdbc_pearson.csv"
                          : "association/correlation_wdbc_spearman.csv");
    }
}

// The pairs of complete columns take the fast path (each column centred and
// ranked once); adding one patient with no values at all sends every pair
// through the pairwise path on the same patients: the results must be the
// same to the bit.
TEST(AssociationCorrelation, FastPathEqualsPairwisePath) {
    std::mt19937 rng(7);
    std::normal_distribution<double> normal;
    const Eigen::Index patients = 60;
    Eigen::MatrixXd x(patients, 7), y(patients, 9);
    for (Eigen::Index i = 0; i < patients; ++i) {
        for (Eigen::Index c = 0; c < x.cols(); ++c)
            x(i, c) = c % 2 ? std::round(2 * normal(rng)) : normal(rng); // ties in odd columns
        for (Eigen::Index c = 0; c < y.cols(); ++c)
            y(i, c) = 0.3 * x(i, c % x.cols()) + (c % 3 ? normal(rng) : std::round(normal(rng)));
    }
    Eigen::MatrixXd xm(patients + 1, x.cols()), ym(patients + 1, y.cols());
    xm << x, Eigen::RowVectorXd::Constant(x.cols(), kNaN);
    ym << y, Eigen::RowVectorXd::Constant(y.cols(), kNaN);
    for (const auto method : {CorrelationMethod::Pearson, CorrelationMethod::Spearman}) {
        CorrelationOptions options;
        options.method = method;
        const CorrelationMap fast = rgw::association::correlationMap(x, y, options);
        const CorrelationMap pairwise = rgw::association::correlationMap(xm, ym, options);
        EXPECT_EQ(fast.n, pairwise.n);
        EXPECT_EQ(fast.r, pairwise.r) << rgw::association::correlationMethodName(method);
        EXPECT_EQ(fast.p, pairwise.p);
        EXPECT_EQ(fast.q, pairwise.q);
    }
}

// The map's p-values are evaluated in double precision for speed; they must
// stay within 1e-12 (the tolerance; ~1e-13 measured) of the long
// double evaluation, into the far tail.
TEST(AssociationCorrelation, DoublePrecisionStudentPAgreesWithPromoted) {
    double worst = 0;
    for (const double df : {1.0, 2.0, 7.0, 38.0, 198.0, 567.0, 5000.0})
        for (double t = 0.0; t < 400.0; t = t * 1.07 + 0.01) {
            const double promoted = rgw::stats::studentTwoSidedP(t, df);
            if (promoted == 0.0)
                break;
            const double p = rgw::stats::studentTwoSidedPDouble(t, df);
            worst = std::max(worst, std::abs(p - promoted) / promoted);
            EXPECT_LE(std::abs(p - promoted), 1e-12 * promoted) << "t " << t << ", df " << df;
        }
    std::cout << "double vs long double Student p: max relative deviation " << worst << "\n";
}

// Threads share out blocks of molecular columns; every pair's sums run in the
// same order whatever the thread count, so the maps are identical.
TEST(AssociationCorrelation, ThreadCountChangesNothingAndCancelStops) {
    std::mt19937 rng(11);
    std::normal_distribution<double> normal;
    Eigen::MatrixXd x(50, 13), y(50, 23);
    for (Eigen::Index i = 0; i < x.size(); ++i)
        x.data()[i] = normal(rng);
    for (Eigen::Index i = 0; i < y.size(); ++i)
        y.data()[i] = i % 17 == 3 ? kNaN : normal(rng);
    for (const auto method : {CorrelationMethod::Pearson, CorrelationMethod::Spearman}) {
        CorrelationOptions one, three;
        one.method = three.method = method;
        one.threads = 1;
        three.threads = 3;
        const CorrelationMap a = rgw::association::correlationMap(x, y, one);
        const CorrelationMap b = rgw::association::correlationMap(x, y, three);
        EXPECT_EQ(a.r, b.r);
        EXPECT_EQ(a.p, b.p);
        EXPECT_EQ(a.q, b.q);
        EXPECT_EQ(a.statuses, b.statuses);
    }
    rgw::CancelToken cancel;
    cancel.cancel();
    EXPECT_NE(rgw::test::errorOf([&] {
                  rgw::association::correlationMap(x, y, {}, &cancel);
              }).find("cancelled"),
              std::string::npos);
}

TEST(AssociationCorrelation, RefusesWhatItCannotTest) {
    Eigen::MatrixXd x = Eigen::MatrixXd::Random(5, 2), y = Eigen::MatrixXd::Random(4, 2);
    EXPECT_NE(rgw::test::errorOf([&] {
                  rgw::association::correlationMap(x, y);
              }).find("5 patients (rows) of features but 4"),
              std::string::npos);
    y = Eigen::MatrixXd::Random(5, 2);
    y(3, 1) = std::numeric_limits<double>::infinity();
    EXPECT_NE(rgw::test::errorOf([&] {
                  rgw::association::correlationMap(x, y);
              }).find("molecular matrix row 4, column 2 is not finite"),
              std::string::npos);
    y(3, 1) = 0.5;
    CorrelationOptions options;
    options.minimumPatients = 2;
    EXPECT_THROW(rgw::association::correlationMap(x, y, options), rgw::Error);
}

} // namespace

// A map is sized before anything is allocated: over the memory budget it is
// refused with the sizes named.
TEST(AssociationCorrelation, MapOverTheMemoryBudgetIsRefusedBeforeAllocating) {
    const std::uint64_t before = rgw::budget::memoryBytes();
    rgw::budget::setMemoryBytes(1'000'000); // 1 MB
    const Eigen::MatrixXd features = Eigen::MatrixXd::Random(10, 200);
    const Eigen::MatrixXd genes = Eigen::MatrixXd::Random(10, 2000); // 400 000 pairs
    try {
        rgw::association::correlationMap(features, genes, {});
        rgw::budget::setMemoryBytes(before);
        FAIL() << "a map over the budget was computed";
    } catch (const rgw::Error& e) {
        rgw::budget::setMemoryBytes(before);
        const std::string message = e.what();
        EXPECT_NE(message.find("200 features x 2000 molecular columns"), std::string::npos)
            << message;
        EXPECT_NE(message.find("memory budget"), std::string::npos) << message;
    }
    // Within the budget the same map is computed.
    EXPECT_EQ(rgw::association::correlationMap(features, genes, {}).r.cols(), 2000);
}
