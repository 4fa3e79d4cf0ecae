// Nomogram scales against R rms::nomogram 6.5.0
// (tests/reference/nomogram/make_nomogram.R): lrm on wdbc (3 continuous
// predictors) and cph on lung complete rows (age, a 0/1 and a 4-level
// predictor) with survival axes at 365 and 730 days.

#include "Reference.h"
#include "modeling/Nomogram.h"
#include "stats/DataTable.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <string>

using namespace rgw;
using modeling::Nomogram;
using modeling::NomogramModel;
using modeling::NomogramPredictor;

namespace {

constexpr double kTolerance = 1e-6; // points, as the issue asks

stats::DataTable table(const std::string& file) {
    return stats::DataTable::read(test::referenceFile("nomogram/" + file));
}

double cell(const std::string& file, const std::string& column) {
    return table(file).numbers(column).at(0);
}

std::vector<double> splitValues(const std::string& text) {
    std::vector<double> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find(';', start), text.size());
        out.push_back(std::stod(text.substr(start, end - start)));
        start = end + 1;
    }
    return out;
}

// The model rms drew, as the C++ takes it: coefficients, datadist limits
// (or values for <= 10 unique), intercept / centre and the LP range.
NomogramModel readModel(const std::string& prefix, NomogramModel::Link link) {
    const auto t = table(prefix + "_model.csv");
    NomogramModel m;
    m.link = link;
    for (std::size_t r = 0; r < t.rows(); ++r) {
        const std::string name = t.text("name")[r];
        const double b = t.numbers("coefficient")[r];
        const std::string values = t.text("values")[r];
        m.predictors.push_back(
            values.empty()
                ? NomogramPredictor::continuous(name, b, t.numbers("low")[r], t.numbers("high")[r])
                : NomogramPredictor::discrete(name, b, splitValues(values)));
    }
    const std::string link_file = prefix + "_model_link.csv";
    m.intercept = cell(link_file, "intercept");
    m.centre = cell(link_file, "centre");
    m.lpLow = cell(link_file, "lp_low");
    m.lpHigh = cell(link_file, "lp_high");
    return m;
}

NomogramModel coxModel() {
    NomogramModel m = readModel("cox", NomogramModel::Link::Cox);
    const auto b = table("cox_baseline.csv");
    for (std::size_t r = 0; r < b.rows(); ++r)
        m.baseline.push_back({b.numbers("time")[r], b.numbers("cumulative_hazard")[r]});
    return m;
}

std::vector<double> probabilities() {
    std::vector<double> p;
    for (int k = 1; k <= 9; ++k)
        p.push_back(k / 10.0);
    return p;
}

// Every predictor's ticks (value and points), the scale, the LP and total axes.
double expectScalesEqualRms(const Nomogram& nom, const std::string& prefix) {
    double maxDiff = 0;
    const auto points = table(prefix + "_points.csv");
    std::size_t row = 0;
    for (const auto& axis : nom.axes()) {
        for (const auto& tick : axis.ticks) {
            if (row >= points.rows()) {
                ADD_FAILURE() << "rms has fewer ticks than " << axis.name;
                return HUGE_VAL;
            }
            EXPECT_EQ(points.text("name")[row], axis.name);
            EXPECT_NEAR(tick.value, points.numbers("value")[row], 1e-12) << axis.name;
            EXPECT_NEAR(tick.points, points.numbers("points")[row], kTolerance) << axis.name;
            EXPECT_NEAR(axis.slope * tick.value + axis.offset, tick.points, 1e-9) << axis.name;
            maxDiff = std::max(maxDiff, std::fabs(tick.points - points.numbers("points")[row]));
            ++row;
        }
    }
    EXPECT_EQ(row, points.rows());
    EXPECT_NEAR(nom.pointsPerUnitLp(), cell(prefix + "_scale.csv", "scale"), 1e-9);
    EXPECT_NEAR(nom.lpAtZeroPoints(), cell(prefix + "_scale.csv", "lp_at_zero"), 1e-9);
    const auto total = table(prefix + "_total_axis.csv").numbers("points");
    EXPECT_EQ(nom.totalPointsTicks(), total);
    const auto lp = table(prefix + "_lp_axis.csv");
    EXPECT_EQ(nom.lpTicks().size(), lp.rows());
    for (std::size_t i = 0; i < std::min(lp.rows(), nom.lpTicks().size()); ++i) {
        EXPECT_NEAR(nom.lpTicks()[i].value, lp.numbers("value")[i], 1e-12);
        EXPECT_NEAR(nom.lpTicks()[i].points, lp.numbers("points")[i], kTolerance);
        maxDiff = std::max(maxDiff, std::fabs(nom.lpTicks()[i].points - lp.numbers("points")[i]));
    }
    return maxDiff;
}

double expectFunctionTicksEqual(const std::vector<modeling::NomogramTick>& ticks,
                                const std::string& file, const std::string& axis) {
    const auto ref = table(file);
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < ref.rows(); ++r)
        if (ref.text("axis")[r] == axis)
            rows.push_back(r);
    double maxDiff = 0;
    EXPECT_EQ(ticks.size(), rows.size()) << axis;
    for (std::size_t i = 0; i < std::min(ticks.size(), rows.size()); ++i) {
        EXPECT_NEAR(ticks[i].value, ref.numbers("value")[rows[i]], 1e-12) << axis;
        EXPECT_NEAR(ticks[i].points, ref.numbers("points")[rows[i]], kTolerance) << axis;
        maxDiff = std::max(maxDiff, std::fabs(ticks[i].points - ref.numbers("points")[rows[i]]));
    }
    return maxDiff;
}

} // namespace

TEST(Nomogram, PrettyEqualsR) {
    // pretty(c(6.981, 28.11), 10), pretty(c(0, 0.1634), 10), pretty(c(-14.2, 21.9), 10).
    EXPECT_EQ(modeling::prettyTicks(6.981, 28.11),
              (std::vector<double>{6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30}));
    const auto s = modeling::prettyTicks(-14.2, 21.9);
    EXPECT_EQ(s.front(), -15);
    EXPECT_EQ(s.back(), 25);
    EXPECT_EQ(s.size(), 9u);
}

TEST(Nomogram, LogisticEqualsRms) {
    const Nomogram nom(readModel("logistic", NomogramModel::Link::Logistic));
    const double scaleDiff = expectScalesEqualRms(nom, "logistic");
    const double funDiff = expectFunctionTicksEqual(nom.probabilityTicks(probabilities()),
                                                    "logistic_fun_axis.csv", "P");
    std::printf("logistic: max |points - rms| %.3g (scales), %.3g (P axis)\n", scaleDiff, funDiff);
    // The probability axis goes through plogis and back.
    for (const auto& t : nom.probabilityTicks(probabilities()))
        EXPECT_NEAR(nom.probabilityAt(t.points), t.value, 1e-12);
    // totalPoints sums the axes: radius 14, texture 20, smoothness 0.1.
    const double total = nom.totalPoints({14, 20, 0.1});
    EXPECT_NEAR(total,
                nom.axes()[0].ticks[4].points + nom.axes()[1].ticks[3].points +
                    nom.axes()[2].ticks[5].points,
                1e-9);
    EXPECT_NEAR(nom.lpAt(total),
                -42.019407644844428 + 1.3969924080935971 * 14 + 0.38055892626525772 * 20 +
                    144.67422711476925 * 0.1,
                1e-9);
    EXPECT_THROW(nom.survivalAt(total, 365), Error);
}

TEST(Nomogram, CoxEqualsRms) {
    const NomogramModel model = coxModel();
    const Nomogram nom(model);
    const double scaleDiff = expectScalesEqualRms(nom, "cox");
    double funDiff = 0;
    for (const auto& b : model.baseline) {
        const std::string axis = "S(" + std::to_string(static_cast<int>(b.time)) + ")";
        const auto ticks = nom.survivalTicks(probabilities(), b.time);
        funDiff = std::max(funDiff, expectFunctionTicksEqual(ticks, "cox_fun_axis.csv", axis));
        for (const auto& t : ticks)
            EXPECT_NEAR(nom.survivalAt(t.points, b.time), t.value, 1e-12);
    }
    std::printf("cox: max |points - rms| %.3g (scales), %.3g (survival axes)\n", scaleDiff,
                funDiff);
    // The 0/1 predictor is two ticks; its lowest-effect end (female = 1, b < 0) is 0 points.
    ASSERT_EQ(nom.axes()[1].ticks.size(), 2u);
    EXPECT_EQ(nom.axes()[1].ticks[1].points, 0.0);
    EXPECT_THROW(nom.survivalAt(50, 100), Error);
    EXPECT_THROW(nom.probabilityAt(50), Error);
}

TEST(Nomogram, BadInputIsNamed) {
    const NomogramModel good = readModel("logistic", NomogramModel::Link::Logistic);
    auto expectError = [](const NomogramModel& m) { EXPECT_THROW(Nomogram{m}, Error); };
    NomogramModel m = good;
    m.predictors.clear();
    expectError(m);
    m = good;
    m.predictors[1].coefficient = std::nan("");
    expectError(m);
    m = good;
    m.predictors[0].coefficient = INFINITY;
    expectError(m);
    m = good;
    m.predictors[2].high = m.predictors[2].low;
    expectError(m);
    m = good;
    for (auto& p : m.predictors)
        p.coefficient = 0;
    expectError(m);
    m = good;
    m.predictors[0] = NomogramPredictor::discrete("x", 1, {1});
    expectError(m);
    m = good;
    m.lpHigh = m.lpLow;
    expectError(m);
    m = good;
    m.link = NomogramModel::Link::Cox; // no baseline
    expectError(m);
    m.baseline = {{365, -1}};
    expectError(m);

    const Nomogram nom(good);
    EXPECT_THROW(nom.probabilityTicks({0.5, 1.0}), Error);
    EXPECT_THROW(nom.probabilityTicks({0.0}), Error);
    EXPECT_THROW(nom.probabilityTicks({std::nan("")}), Error);
    EXPECT_THROW(nom.totalPoints({1, 2}), Error);
    EXPECT_THROW(nom.totalPoints({1, 2, NAN}), Error);
}
