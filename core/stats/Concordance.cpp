#include "stats/Concordance.h"

#include "stats/Distributions.h"
#include "stats/KaplanMeier.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

namespace rgw::stats {

namespace {

/// Counts of subjects per score rank (Fenwick tree): how many lie below, at
/// or above a rank, O(log n) each.
class RankCounts {
public:
    explicit RankCounts(std::size_t ranks) : tree_(ranks + 1, 0.0), at_(ranks, 0.0) {}
    void add(std::size_t rank) {
        at_[rank] += 1.0;
        total_ += 1.0;
        for (std::size_t i = rank + 1; i < tree_.size(); i += i & (~i + 1))
            tree_[i] += 1.0;
    }
    struct Split {
        double lower, equal, higher;
    };
    Split split(std::size_t rank) const {
        double lower = 0.0;
        for (std::size_t i = rank; i > 0; i -= i & (~i + 1))
            lower += tree_[i];
        return {lower, at_[rank], total_ - lower - at_[rank]};
    }

private:
    std::vector<double> tree_, at_;
    double total_ = 0.0;
};

/// Dense 0-based ranks of the scores.
std::vector<std::size_t> scoreRanks(const Eigen::VectorXd& score) {
    std::vector<double> distinct(score.data(), score.data() + score.size());
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    std::vector<std::size_t> rank(static_cast<std::size_t>(score.size()));
    for (Eigen::Index i = 0; i < score.size(); ++i)
        rank[static_cast<std::size_t>(i)] = static_cast<std::size_t>(
            std::lower_bound(distinct.begin(), distinct.end(), score(i)) - distinct.begin());
    return rank;
}

/// Per-subject counts of the comparable pairs it belongs to (either member).
struct PairCounts {
    std::vector<double> concordant, discordant, tied;
};

} // namespace

ConcordanceResult harrellConcordance(const Eigen::VectorXd& time, const Eigen::VectorXd& event01,
                                     const Eigen::VectorXd& score) {
    const std::string function = "concordance";
    requireSurvivalData(time, event01, function);
    if (score.size() != time.size())
        throw Error(function + ": the score has " + std::to_string(score.size()) +
                    " values but the time has " + std::to_string(time.size()));
    for (Eigen::Index i = 0; i < score.size(); ++i)
        if (!std::isfinite(score(i)))
            throw Error(function + ": the score is not a finite number at row " +
                        std::to_string(i + 1) + " (drop rows with a missing score first)");

    const Eigen::VectorXd t = harmonizedTimes(time);
    const std::vector<std::size_t> rank = scoreRanks(score);
    const auto n = static_cast<std::size_t>(t.size());
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto at = [](const Eigen::VectorXd& v, std::size_t i) {
        return v(static_cast<Eigen::Index>(i));
    };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return at(t, a) != at(t, b) ? at(t, a) < at(t, b) : rank[a] < rank[b];
    });
    // Blocks of equal time: [starts[b], starts[b + 1]).
    std::vector<std::size_t> starts{0};
    for (std::size_t k = 1; k < n; ++k)
        if (at(t, order[k]) != at(t, order[k - 1]))
            starts.push_back(k);
    starts.push_back(n);
    const std::size_t blocks = starts.size() - 1;
    auto isEvent = [&](std::size_t i) { return at(event01, i) == 1.0; };
    const std::size_t ranks = *std::max_element(rank.begin(), rank.end()) + 1;

    ConcordanceResult out;
    PairCounts pairs{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0),
                     std::vector<double>(n, 0.0)};
    auto record = [&](std::size_t i, double c, double d, double tie) {
        pairs.concordant[i] += c;
        pairs.discordant[i] += d;
        pairs.tied[i] += tie;
    };
    // Sweep down in time: each event i against those still at risk after it
    // (later times, and censorings at its time); concordant when its score is higher.
    RankCounts later(ranks);
    for (std::size_t b = blocks; b-- > 0;) {
        for (std::size_t k = starts[b]; k < starts[b + 1]; ++k)
            if (!isEvent(order[k]))
                later.add(rank[order[k]]);
        for (std::size_t k = starts[b]; k < starts[b + 1]; ++k) {
            const std::size_t i = order[k];
            if (!isEvent(i))
                continue;
            const auto s = later.split(rank[i]);
            record(i, s.lower, s.higher, s.equal);
            out.concordant += s.lower;
            out.discordant += s.higher;
            out.tiedRisk += s.equal;
        }
        for (std::size_t k = starts[b]; k < starts[b + 1]; ++k)
            if (isEvent(order[k]))
                later.add(rank[order[k]]);
    }
    // Sweep up in time: each subject against the earlier events it outlived.
    RankCounts earlier(ranks);
    for (std::size_t b = 0; b < blocks; ++b) {
        for (int pass = 0; pass < 2; ++pass) { // events first, then censorings at this time
            for (std::size_t k = starts[b]; k < starts[b + 1]; ++k) {
                const std::size_t j = order[k];
                if (isEvent(j) != (pass == 0))
                    continue;
                const auto s = earlier.split(rank[j]);
                record(j, s.higher, s.lower, s.equal);
            }
            if (pass == 0) {
                for (std::size_t k = starts[b]; k < starts[b + 1]; ++k)
                    if (isEvent(order[k]))
                        earlier.add(rank[order[k]]);
            }
        }
        // Events at the same time are not comparable: tied.y, or tied.xy on equal scores.
        // The block is sorted by rank, so earlier events of equal score are a run.
        double events = 0.0, sameScore = 0.0;
        std::size_t runRank = ranks;
        for (std::size_t k = starts[b]; k < starts[b + 1]; ++k) {
            const std::size_t j = order[k];
            if (!isEvent(j))
                continue;
            sameScore = rank[j] == runRank ? sameScore + 1.0 : 0.0;
            runRank = rank[j];
            out.tiedTimeAndRisk += sameScore;
            out.tiedTime += events - sameScore;
            events += 1.0;
        }
    }

    const double comparable = out.concordant + out.discordant + out.tiedRisk;
    if (comparable == 0.0)
        throw Error(function + ": no comparable pair (an event before another subject's time); "
                               "the concordance is undefined");
    // C = (concordant + tied/2) / comparable (Harrell et al. 1982).
    out.cIndex = (out.concordant + out.tiedRisk / 2.0) / comparable;
    // Infinitesimal jackknife of Somers' D = (c − d) / N (survival concordancefit):
    // dfbetaᵢ = (cᵢ − dᵢ) / N − D (cᵢ + dᵢ + tᵢ) / N, var(C) = Σ dfbetaᵢ² / 4.
    const double somers = (out.concordant - out.discordant) / comparable;
    double sumSquares = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double dfbeta =
            (pairs.concordant[i] - pairs.discordant[i]) / comparable -
            (somers / comparable) * (pairs.concordant[i] + pairs.discordant[i] + pairs.tied[i]);
        sumSquares += dfbeta * dfbeta;
    }
    out.standardError = std::sqrt(sumSquares / 4.0);
    const double z = normalQuantile(0.975);
    out.lower = std::max(0.0, out.cIndex - z * out.standardError);
    out.upper = std::min(1.0, out.cIndex + z * out.standardError);
    return out;
}

} // namespace rgw::stats
