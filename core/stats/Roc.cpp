#include "stats/Roc.h"

#include "stats/Distributions.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

namespace rgw::stats {

namespace {

std::string position(Eigen::Index i) {
    return "row " + std::to_string(i + 1);
}

/// Checks one score against its 0/1 label; returns the number of positives.
std::size_t requireScoredLabels(const Eigen::VectorXd& score, const Eigen::VectorXd& label01,
                                const char* function) {
    const std::string where = std::string(function) + ": ";
    if (score.size() != label01.size())
        throw Error(where + "the score has " + std::to_string(score.size()) +
                    " values but the label has " + std::to_string(label01.size()));
    std::size_t positives = 0;
    for (Eigen::Index i = 0; i < score.size(); ++i) {
        if (!std::isfinite(score(i)))
            throw Error(where + "the score is not a finite number at " + position(i) +
                        " (drop or impute missing values first)");
        if (label01(i) != 0.0 && label01(i) != 1.0)
            throw Error(where + "the label at " + position(i) + " is " +
                        std::to_string(label01(i)) +
                        "; labels must be 0 (negative) or 1 (positive)");
        positives += label01(i) == 1.0 ? 1u : 0u;
    }
    const auto rows = static_cast<std::size_t>(score.size());
    if (positives == 0 || positives == rows)
        throw Error(where + "the label has no " +
                    (positives == 0 ? "positives (1)" : "negatives (0)") +
                    "; a ROC curve needs both classes");
    return positives;
}

/// Average (mid) ranks, 1-based, of `values`: ties share the mean of their ranks.
std::vector<double> midranks(const std::vector<double>& values) {
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(values.size());
    for (std::size_t first = 0; first < order.size();) {
        std::size_t last = first;
        while (last + 1 < order.size() && values[order[last + 1]] == values[order[first]])
            ++last;
        const double mid = 0.5 * static_cast<double>(first + last) + 1.0;
        for (std::size_t k = first; k <= last; ++k)
            ranks[order[k]] = mid;
        first = last + 1;
    }
    return ranks;
}

/// DeLong placement values: for case i, V₁₀ = P(control < xᵢ) + ½ P(control = xᵢ);
/// for control j, V₀₁ = P(case > yⱼ) + ½ P(case = yⱼ). Computed from midranks
/// as V₁₀ = (Rᵢ − Rᵢ^cases) / n (Sun & Xu 2014). Cases and controls in row order.
struct Placements {
    Eigen::VectorXd cases, controls;
    double auc = 0;
};

Placements placements(const Eigen::VectorXd& score, const Eigen::VectorXd& label01) {
    std::vector<double> all(score.data(), score.data() + score.size()), cases, controls;
    for (Eigen::Index i = 0; i < score.size(); ++i)
        (label01(i) == 1.0 ? cases : controls).push_back(score(i));
    const std::vector<double> rank = midranks(all), caseRank = midranks(cases),
                              controlRank = midranks(controls);
    const auto m = static_cast<double>(cases.size()), n = static_cast<double>(controls.size());
    Placements p;
    p.cases.resize(static_cast<Eigen::Index>(cases.size()));
    p.controls.resize(static_cast<Eigen::Index>(controls.size()));
    Eigen::Index c = 0, k = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (label01(static_cast<Eigen::Index>(i)) == 1.0) {
            p.cases(c) = (rank[i] - caseRank[static_cast<std::size_t>(c)]) / n;
            ++c;
        } else {
            p.controls(k) = 1.0 - (rank[i] - controlRank[static_cast<std::size_t>(k)]) / m;
            ++k;
        }
    }
    p.auc = p.cases.mean(); // Mann–Whitney AUC = mean case placement
    return p;
}

/// Sample covariance (divisor len − 1) of two placement vectors about their AUCs.
double placementCovariance(const Eigen::VectorXd& a, double aucA, const Eigen::VectorXd& b,
                           double aucB) {
    return ((a.array() - aucA) * (b.array() - aucB)).sum() / static_cast<double>(a.size() - 1);
}

/// DeLong (co)variance of two AUCs on the same cases: S₁₀/m + S₀₁/n.
double delongCovariance(const Placements& a, const Placements& b) {
    return placementCovariance(a.cases, a.auc, b.cases, b.auc) /
               static_cast<double>(a.cases.size()) +
           placementCovariance(a.controls, a.auc, b.controls, b.auc) /
               static_cast<double>(a.controls.size());
}

void requireTwoPerClass(const Placements& p, const char* function) {
    if (p.cases.size() < 2 || p.controls.size() < 2)
        throw Error(std::string(function) +
                    ": the DeLong variance needs at least 2 positives and 2 "
                    "negatives (have " +
                    std::to_string(p.cases.size()) + " and " + std::to_string(p.controls.size()) +
                    ")");
}

/// pROC's threshold between consecutive distinct scores a < b: (a + b) / 2,
/// or a/2 + b/2 beyond 1e100; a midpoint that rounds onto a becomes b.
double midpointThreshold(double a, double b) {
    const double whole = (a + b) / 2.0;
    const double mid = std::abs(whole) > 1e100 ? a / 2.0 + b / 2.0 : whole;
    return mid == a ? b : mid;
}

} // namespace

RocCurve rocCurve(const Eigen::VectorXd& score, const Eigen::VectorXd& label01) {
    RocCurve curve;
    curve.positives = requireScoredLabels(score, label01, "ROC curve");
    curve.negatives = static_cast<std::size_t>(score.size()) - curve.positives;
    std::vector<Eigen::Index> order(static_cast<std::size_t>(score.size()));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::sort(order.begin(), order.end(),
              [&](Eigen::Index a, Eigen::Index b) { return score(a) < score(b); });

    // Point k: threshold below the k-th distinct score u_k, positive = score >= u_k.
    const double infinity = std::numeric_limits<double>::infinity();
    const auto pos = static_cast<double>(curve.positives);
    const auto neg = static_cast<double>(curve.negatives);
    std::size_t casesBelow = 0, controlsBelow = 0;
    double previous = -infinity;
    for (std::size_t first = 0; first <= order.size();) {
        const bool end = first == order.size();
        const double value = end ? infinity : score(order[first]);
        const double threshold =
            first == 0 ? -infinity : (end ? infinity : midpointThreshold(previous, value));
        // se = tp / cases, sp = (controls − fp) / controls, as pROC.
        curve.points.push_back({threshold, static_cast<double>(curve.positives - casesBelow) / pos,
                                static_cast<double>(controlsBelow) / neg});
        if (end)
            break;
        for (; first < order.size() && score(order[first]) == value; ++first)
            (label01(order[first]) == 1.0 ? casesBelow : controlsBelow) += 1;
        previous = value;
    }
    curve.auc = placements(score, label01).auc;
    return curve;
}

AucInterval delongInterval(const Eigen::VectorXd& score, const Eigen::VectorXd& label01,
                           double level) {
    if (!(level > 0.0 && level < 1.0))
        throw Error("DeLong interval: the confidence level " + std::to_string(level) +
                    " is not in (0, 1)");
    requireScoredLabels(score, label01, "DeLong interval");
    const Placements p = placements(score, label01);
    requireTwoPerClass(p, "DeLong interval");
    AucInterval out;
    out.auc = p.auc;
    out.level = level;
    out.variance = delongCovariance(p, p);
    // CI = auc ± z_{1−α/2}·sqrt(var), clipped to [0, 1] (pROC ci.auc delong).
    const double halfWidth = normalQuantile(0.5 + level / 2.0) * std::sqrt(out.variance);
    out.lower = std::clamp(out.auc - halfWidth, 0.0, 1.0);
    out.upper = std::clamp(out.auc + halfWidth, 0.0, 1.0);
    return out;
}

DelongTest delongTest(const Eigen::VectorXd& score1, const Eigen::VectorXd& score2,
                      const Eigen::VectorXd& label01) {
    requireScoredLabels(score1, label01, "DeLong test (score 1)");
    requireScoredLabels(score2, label01, "DeLong test (score 2)");
    const Placements a = placements(score1, label01), b = placements(score2, label01);
    requireTwoPerClass(a, "DeLong test");
    DelongTest out;
    out.auc1 = a.auc;
    out.auc2 = b.auc;
    // z = (θ₁ − θ₂) / sqrt(L S Lᵀ), L = (1, −1) (DeLong et al. 1988).
    const double variance =
        delongCovariance(a, a) + delongCovariance(b, b) - 2.0 * delongCovariance(a, b);
    const double difference = a.auc - b.auc;
    const double sd = std::sqrt(std::max(0.0, variance));
    if (sd == 0.0) {
        out.z = difference == 0.0
                    ? 0.0
                    : std::copysign(std::numeric_limits<double>::infinity(), difference);
        out.p = difference == 0.0 ? 1.0 : 0.0;
        return out;
    }
    out.z = difference / sd;
    out.p = normalTwoSidedP(out.z);
    return out;
}

std::vector<RocPoint> youdenPoints(const RocCurve& curve) {
    if (curve.points.empty())
        throw Error("Youden threshold: the ROC curve has no points");
    double best = -std::numeric_limits<double>::infinity();
    for (const RocPoint& p : curve.points)
        best = std::max(best, p.sensitivity + p.specificity); // J + 1
    std::vector<RocPoint> out;
    for (const RocPoint& p : curve.points)
        if (p.sensitivity + p.specificity == best)
            out.push_back(p);
    return out;
}

RocPoint youdenPoint(const RocCurve& curve) {
    return youdenPoints(curve).front();
}

} // namespace rgw::stats
