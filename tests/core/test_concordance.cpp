// core/stats/Concordance against R survival 3.5.3 concordance(reverse = TRUE)
// (tests/reference/survival/make_survival.R) and a brute-force pair count.

#include "Reference.h"
#include "TestData.h"
#include "stats/Concordance.h"
#include "stats/DataTable.h"
#include "util/Error.h"
#include "util/Random.h"

#include <cmath>
#include <gtest/gtest.h>
#include <iostream>

namespace {

using rgw::stats::ConcordanceResult;
using rgw::stats::DataTable;

struct Scored {
    Eigen::VectorXd time, event, score;
};

/// The reference's (dataset, score): lung scores are columns (neg_X = −X),
/// rows with a missing score dropped.
Scored load(const std::string& dataset, const std::string& score) {
    const bool lung = dataset == "lung";
    const DataTable t =
        lung ? DataTable::read(rgw::test::tabularFile("survival_lung.csv"))
             : DataTable::read(rgw::test::referenceFile("survival/survival_synthetic.csv"));
    const bool negated = score.rfind("neg_", 0) == 0;
    const std::string column = negated ? score.substr(4) : score;
    const char* event = lung ? "status" : "event";
    const auto rows = t.completeRows({"time", event, column});
    Scored s{t.vector("time", rows), t.vector(event, rows), t.vector(column, rows)};
    if (lung)
        s.event = (s.event.array() == 2.0).cast<double>();
    if (negated)
        s.score = -s.score;
    return s;
}

TEST(Concordance, EqualsSurvivalConcordanceReversed) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable ref = DataTable::read(rgw::test::referenceFile("survival/concordance.csv"));
    double maxC = 0, maxSe = 0;
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const std::string what = ref.text("dataset")[r] + "/" + ref.text("score")[r];
        const Scored s = load(ref.text("dataset")[r], ref.text("score")[r]);
        EXPECT_EQ(static_cast<double>(s.time.size()), ref.numbers("n")[r]) << what;
        const ConcordanceResult c = rgw::stats::harrellConcordance(s.time, s.event, s.score);
        EXPECT_EQ(c.concordant, ref.numbers("concordant")[r]) << what;
        EXPECT_EQ(c.discordant, ref.numbers("discordant")[r]) << what;
        EXPECT_EQ(c.tiedRisk, ref.numbers("tied_x")[r]) << what;
        EXPECT_EQ(c.tiedTime, ref.numbers("tied_y")[r]) << what;
        EXPECT_EQ(c.tiedTimeAndRisk, ref.numbers("tied_xy")[r]) << what;
        EXPECT_NEAR(c.cIndex, ref.numbers("concordance")[r], 1e-12) << what;
        EXPECT_NEAR(c.standardError, ref.numbers("std_err")[r], 1e-8) << what;
        EXPECT_NEAR(c.lower, ref.numbers("ci_lower")[r], 1e-8) << what;
        EXPECT_NEAR(c.upper, ref.numbers("ci_upper")[r], 1e-8) << what;
        maxC = std::max(maxC, std::abs(c.cIndex - ref.numbers("concordance")[r]));
        maxSe = std::max(maxSe, std::abs(c.standardError - ref.numbers("std_err")[r]));
    }
    std::cout << "[ max |diff| vs concordance() ] C " << maxC << ", se " << maxSe << "\n";
}

/// Integer times and scores with many ties; about 40% censored.
Scored randomRows(Eigen::Index n, std::uint64_t seed) {
    rgw::Rng rng(seed);
    Scored s{Eigen::VectorXd(n), Eigen::VectorXd(n), Eigen::VectorXd(n)};
    for (Eigen::Index i = 0; i < n; ++i) {
        s.score(i) = rng.integer(1, 40);
        s.time(i) = rng.integer(1, 300) + (40 - s.score(i)) * 3;
        s.event(i) = rng.uniform() < 0.6 ? 1.0 : 0.0;
    }
    return s;
}

/// O(n²) pair enumeration: counts and the infinitesimal jackknife variance.
ConcordanceResult bruteForce(const Scored& s) {
    const Eigen::Index n = s.time.size();
    ConcordanceResult out;
    Eigen::MatrixXd perSubject = Eigen::MatrixXd::Zero(n, 3); // concordant, discordant, tied
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) {
            if (i == j || s.event(i) != 1.0)
                continue;
            if (s.time(i) == s.time(j) && s.event(j) == 1.0) {
                if (i < j)
                    (s.score(i) == s.score(j) ? out.tiedTimeAndRisk : out.tiedTime) += 1;
                continue;
            }
            if (!(s.time(i) <= s.time(j)))
                continue; // i must be the earlier event (or tied with a censoring)
            const int kind = s.score(i) > s.score(j) ? 0 : (s.score(i) < s.score(j) ? 1 : 2);
            perSubject(i, kind) += 1;
            perSubject(j, kind) += 1;
            (kind == 0 ? out.concordant : kind == 1 ? out.discordant : out.tiedRisk) += 1;
        }
    const double pairs = out.concordant + out.discordant + out.tiedRisk;
    out.cIndex = (out.concordant + out.tiedRisk / 2) / pairs;
    const double somers = (out.concordant - out.discordant) / pairs;
    const Eigen::VectorXd dfbeta = (perSubject.col(0) - perSubject.col(1)) / pairs -
                                   somers / pairs * perSubject.rowwise().sum();
    out.standardError = std::sqrt(dfbeta.squaredNorm() / 4);
    return out;
}

TEST(Concordance, EqualsBruteForcePairCountOn2000Rows) {
    const Scored s = randomRows(2000, 20240611);
    const ConcordanceResult fast = rgw::stats::harrellConcordance(s.time, s.event, s.score);
    const ConcordanceResult slow = bruteForce(s);
    EXPECT_EQ(fast.concordant, slow.concordant);
    EXPECT_EQ(fast.discordant, slow.discordant);
    EXPECT_EQ(fast.tiedRisk, slow.tiedRisk);
    EXPECT_EQ(fast.tiedTime, slow.tiedTime);
    EXPECT_EQ(fast.tiedTimeAndRisk, slow.tiedTimeAndRisk);
    EXPECT_GT(fast.tiedRisk, 0);
    EXPECT_GT(fast.tiedTime, 0);
    EXPECT_NEAR(fast.cIndex, slow.cIndex, 1e-12);
    EXPECT_NEAR(fast.standardError, slow.standardError, 1e-12);
}

TEST(Concordance, RunsOn100kRows) {
    const Scored s = randomRows(100000, 7);
    const ConcordanceResult c = rgw::stats::harrellConcordance(s.time, s.event, s.score);
    EXPECT_GT(c.cIndex, 0.5); // later times were given lower scores
    EXPECT_LT(c.cIndex, 1.0);
    EXPECT_GT(c.standardError, 0.0);
    EXPECT_LT(c.standardError, 0.01);
    EXPECT_GT(c.concordant + c.discordant + c.tiedRisk, 1e9);
}

std::string errorOf(const auto& call) {
    try {
        call();
    } catch (const rgw::Error& e) {
        return e.what();
    }
    return "no error";
}

TEST(Concordance, BadInputIsAClearError) {
    const Eigen::Vector3d time(1, 2, 3), event(1, 0, 1), score(3, 2, 1);
    using rgw::stats::harrellConcordance;
    Eigen::Vector3d nan = score;
    nan(2) = std::nan("");
    EXPECT_NE(errorOf([&] { harrellConcordance(time, event, nan); }).find("score is not a finite"),
              std::string::npos);
    EXPECT_NE(
        errorOf([&] { harrellConcordance(time, event, Eigen::Vector2d(1, 2)); }).find("2 values"),
        std::string::npos);
    EXPECT_NE(errorOf([&] {
                  harrellConcordance(time, Eigen::Vector3d::Zero(), score);
              }).find("no comparable pair"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  harrellConcordance(time, Eigen::Vector3d(1, 3, 0), score);
              }).find("event at row 2 is 3"),
              std::string::npos);
}

} // namespace
