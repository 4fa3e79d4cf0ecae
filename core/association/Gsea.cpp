#include "association/Gsea.h"

#include "modeling/Resampling.h"
#include "util/Error.h"
#include "util/ParallelFor.h"
#include "util/Random.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <string_view>
#include <unordered_map>

namespace rgw::association {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The ranking sorted by score, largest first, ties in input order.
struct RankedList {
    std::vector<std::string> genes;
    std::vector<double> scores;
};

RankedList rankGenes(const GeneRanking& ranking) {
    const std::size_t n = ranking.genes.size();
    if (ranking.scores.size() != n)
        throw Error("GSEA: the ranking has " + std::to_string(n) + " genes but " +
                    std::to_string(ranking.scores.size()) + " scores");
    if (n < 2)
        throw Error("GSEA: the ranking needs at least 2 genes, not " + std::to_string(n));
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(ranking.scores[i]))
            throw Error("GSEA: the score of gene '" + ranking.genes[i] + "' (gene " +
                        std::to_string(i + 1) + " of the ranking) is not a finite number");
    std::unordered_map<std::string_view, std::size_t> first;
    first.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (ranking.genes[i].find_first_not_of(" \t") == std::string::npos)
            throw Error("GSEA: gene " + std::to_string(i + 1) + " of the ranking has a blank name");
        const auto [it, fresh] = first.emplace(ranking.genes[i], i);
        if (!fresh)
            throw Error("GSEA: gene '" + ranking.genes[i] + "' is ranked twice (genes " +
                        std::to_string(it->second + 1) + " and " + std::to_string(i + 1) +
                        " of the ranking)");
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return ranking.scores[a] > ranking.scores[b];
    });
    RankedList list;
    list.genes.reserve(n);
    list.scores.reserve(n);
    for (const std::size_t i : order) {
        list.genes.push_back(ranking.genes[i]);
        list.scores.push_back(ranking.scores[i]);
    }
    return list;
}

void checkWeight(double weight) {
    if (!std::isfinite(weight) || weight < 0)
        throw Error("GSEA: the weight p must be a finite number >= 0, not " +
                    std::to_string(weight));
}

/// |r_i|^p for every ranked position.
std::vector<double> weightedScores(const std::vector<double>& scores, double weight) {
    std::vector<double> w(scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i)
        w[i] = std::pow(std::fabs(scores[i]), weight);
    return w;
}

/// The steps of the running sum: a hit at position i adds |r_i|^p / N_R
/// (1 / N_H when N_R = 0), a miss subtracts 1 / (N - N_H).
struct HitSteps {
    HitSteps(const std::vector<double>& powScores_, const std::size_t* hits, std::size_t k,
             std::size_t n)
        : powScores(powScores_), equal(1.0 / static_cast<double>(k)),
          miss(1.0 / static_cast<double>(n - k)) {
        for (std::size_t j = 0; j < k; ++j) // N_R, summed in ranked order
            normaliser += powScores[hits[j]];
    }
    double hit(std::size_t position) const {
        return normaliser > 0 ? powScores[position] / normaliser : equal;
    }

    const std::vector<double>& powScores;
    double normaliser = 0;
    double equal;
    double miss;
};

/// The running sum at the positions where it can reach its extremes: every
/// hit, the miss just before each hit (the end of a run of misses) and the
/// last position. `visit(position, value)` is called in position order with
/// the arithmetic of enrichmentCurve(), so both give identical numbers.
template <class Visit>
void runningSumAtTurns(const std::vector<double>& powScores, const std::size_t* hits, std::size_t k,
                       std::size_t n, Visit&& visit) {
    const HitSteps steps(powScores, hits, k, n);
    double cumulative = 0;
    for (std::size_t j = 0; j < k; ++j) {
        const std::size_t h = hits[j];
        if (h > 0 && (j == 0 || hits[j - 1] + 1 < h))
            visit(h - 1, cumulative - static_cast<double>(h - j) * steps.miss);
        cumulative += steps.hit(h);
        visit(h, cumulative - static_cast<double>(h - j) * steps.miss);
    }
    if (hits[k - 1] + 1 < n)
        visit(n - 1, cumulative - static_cast<double>(n - k) * steps.miss);
}

struct Extremes {
    double max = -std::numeric_limits<double>::infinity();
    double min = std::numeric_limits<double>::infinity();
    std::size_t maxAt = 0;
    std::size_t minAt = 0;

    void operator()(std::size_t position, double value) {
        if (value > max) {
            max = value;
            maxAt = position;
        }
        if (value < min) {
            min = value;
            minAt = position;
        }
    }
    std::pair<double, std::size_t> score() const {
        return max >= -min ? std::pair{max, maxAt} : std::pair{min, minAt};
    }
};

std::pair<double, std::size_t> scoreHits(const std::vector<double>& powScores,
                                         const std::size_t* hits, std::size_t k) {
    Extremes extremes;
    runningSumAtTurns(powScores, hits, k, powScores.size(), extremes);
    return extremes.score();
}

void checkHits(const std::vector<std::size_t>& hits, std::size_t n) {
    if (hits.empty() || hits.size() >= n)
        throw Error("GSEA: a gene set needs 1 to " + std::to_string(n - 1) +
                    " genes of the ranked list, not " + std::to_string(hits.size()));
    for (std::size_t j = 0; j < hits.size(); ++j)
        if (hits[j] >= n || (j > 0 && hits[j] <= hits[j - 1]))
            throw Error("GSEA: the gene set's positions must be ascending, distinct and below " +
                        std::to_string(n));
}

/// Where each permutation comes from: given, or drawn from the seed.
struct PermutationSource {
    const std::vector<std::vector<std::size_t>>* given = nullptr;
    std::uint64_t seed = 0;
    std::size_t count = 0;

    void fill(std::size_t b, std::vector<std::size_t>& sigma) const {
        if (given != nullptr) {
            sigma = (*given)[b];
            return;
        }
        std::iota(sigma.begin(), sigma.end(), std::size_t{0});
        Rng rng(modeling::streamSeed(seed, b));
        rng.shuffle(sigma.begin(), sigma.end());
    }
};

void checkPermutations(const std::vector<std::vector<std::size_t>>& permutations, std::size_t n) {
    if (permutations.empty())
        throw Error("GSEA: no permutations given");
    std::vector<bool> seen(n);
    for (std::size_t b = 0; b < permutations.size(); ++b) {
        const auto& sigma = permutations[b];
        if (sigma.size() != n)
            throw Error("GSEA: permutation " + std::to_string(b + 1) + " has " +
                        std::to_string(sigma.size()) + " positions, the ranking " +
                        std::to_string(n) + " genes");
        std::fill(seen.begin(), seen.end(), false);
        for (const std::size_t to : sigma) {
            if (to >= n || seen[to])
                throw Error("GSEA: permutation " + std::to_string(b + 1) +
                            " is not a permutation of the positions 0 .. " + std::to_string(n - 1) +
                            " (position " + std::to_string(to) +
                            (to >= n ? " is out of range)" : " appears twice)"));
            seen[to] = true;
        }
    }
}

/// Mean of the null ES of one sign (ES >= 0 or ES < 0), summed in order.
struct SignedMean {
    double sum = 0;
    std::size_t count = 0;
    double mean() const { return count > 0 ? sum / static_cast<double>(count) : kNaN; }
};

/// NES, nominal p and FDR q of every set from its null ES (row s of `null`,
/// B per set) as defined in Gsea.h.
void significance(std::vector<GseaSetResult>& sets, const std::vector<double>& null,
                  std::size_t permutations) {
    std::vector<double> poolPositive, poolNegative, observedPositive, observedNegative;
    for (std::size_t s = 0; s < sets.size(); ++s) {
        GseaSetResult& set = sets[s];
        const double* row = null.data() + s * permutations;
        SignedMean positive, negative;
        for (std::size_t b = 0; b < permutations; ++b) {
            SignedMean& m = row[b] >= 0 ? positive : negative;
            m.sum += row[b];
            ++m.count;
        }
        const double positiveMean = positive.mean();
        const double negativeMean = -negative.mean(); // > 0
        for (std::size_t b = 0; b < permutations; ++b) {
            if (row[b] >= 0) {
                if (positiveMean > 0)
                    poolPositive.push_back(row[b] / positiveMean);
            } else if (negativeMean > 0) {
                poolNegative.push_back(row[b] / negativeMean);
            }
        }
        const bool up = set.es >= 0;
        const SignedMean& same = up ? positive : negative;
        const double scale = up ? positiveMean : negativeMean;
        set.nullSameSign = same.count;
        if (same.count == 0 || !(scale > 0)) {
            set.nes = set.pValue = set.fdr = kNaN;
            continue;
        }
        set.nes = set.es / scale;
        std::size_t asExtreme = 0;
        for (std::size_t b = 0; b < permutations; ++b)
            asExtreme += up ? (row[b] >= 0 && row[b] >= set.es) : (row[b] < 0 && row[b] <= set.es);
        set.pValue = static_cast<double>(asExtreme) / static_cast<double>(same.count);
        (up ? observedPositive : observedNegative).push_back(set.nes);
    }
    for (auto* v : {&poolPositive, &poolNegative, &observedPositive, &observedNegative})
        std::sort(v->begin(), v->end());
    const auto atLeast = [](const std::vector<double>& sorted, double x) {
        return static_cast<double>(sorted.end() -
                                   std::lower_bound(sorted.begin(), sorted.end(), x));
    };
    const auto atMost = [](const std::vector<double>& sorted, double x) {
        return static_cast<double>(std::upper_bound(sorted.begin(), sorted.end(), x) -
                                   sorted.begin());
    };
    for (GseaSetResult& set : sets) {
        if (std::isnan(set.nes))
            continue;
        const bool up = set.es >= 0;
        const auto& pool = up ? poolPositive : poolNegative;
        const auto& observed = up ? observedPositive : observedNegative;
        if (pool.empty()) {
            set.fdr = kNaN;
            continue;
        }
        const double nullFraction = (up ? atLeast(pool, set.nes) : atMost(pool, set.nes)) /
                                    static_cast<double>(pool.size());
        const double observedFraction =
            (up ? atLeast(observed, set.nes) : atMost(observed, set.nes)) /
            static_cast<double>(observed.size());
        set.fdr = std::min(1.0, nullFraction / observedFraction);
    }
}

GseaResult runGsea(const GeneRanking& ranking, const std::vector<genomics::GeneSet>& sets,
                   const PermutationSource& source, const GseaOptions& options,
                   const ProgressFn& progress, const CancelToken* cancel) {
    checkWeight(options.weight);
    const RankedList list = rankGenes(ranking);
    const std::size_t n = list.genes.size();
    if (source.given != nullptr)
        checkPermutations(*source.given, n);
    else if (source.count < 1)
        throw Error("GSEA: needs at least 1 permutation");

    GseaResult result;
    result.weight = options.weight;
    result.permutations = source.count;
    result.seed = source.given != nullptr ? 0 : source.seed;

    genomics::GeneSetMatch match = genomics::matchGeneSets(sets, list.genes, options.size);
    result.problems = std::move(match.problems);
    for (const auto* group : {&match.tooSmall, &match.tooLarge})
        for (const genomics::MatchedGeneSet& m : *group)
            result.excludedSets.push_back(m.name);
    std::vector<std::vector<std::size_t>> hits;
    for (genomics::MatchedGeneSet& m : match.sets) {
        if (m.members.size() >= n) {
            result.excludedSets.push_back(m.name);
            result.problems.push_back({m.where, "gene set '" + m.name +
                                                    "' holds every ranked gene: its enrichment "
                                                    "cannot be measured; left out"});
            continue;
        }
        std::vector<std::size_t> positions = std::move(m.members); // ranked positions
        std::sort(positions.begin(), positions.end());
        GseaSetResult set;
        set.name = std::move(m.name);
        set.where = std::move(m.where);
        set.size = positions.size();
        result.sets.push_back(std::move(set));
        hits.push_back(std::move(positions));
    }
    if (result.sets.empty())
        throw Error("GSEA: no gene set left to test (" + std::to_string(sets.size()) + " given; " +
                    std::to_string(result.excludedSets.size()) + " outside the size limits " +
                    std::to_string(options.size.minSize) + " to " +
                    std::to_string(options.size.maxSize) + " or holding every gene)");

    const std::vector<double> powScores = weightedScores(list.scores, options.weight);
    for (std::size_t s = 0; s < result.sets.size(); ++s) {
        GseaSetResult& set = result.sets[s];
        std::tie(set.es, set.peak) = scoreHits(powScores, hits[s].data(), hits[s].size());
        for (const std::size_t h : hits[s])
            if (set.es >= 0 ? h <= set.peak : h >= set.peak)
                set.leadingEdge.push_back(list.genes[h]);
    }

    const std::size_t permutations = source.count;
    budget::requireMemory(budget::product({result.sets.size(), permutations, 3 * sizeof(double)}),
                          "GSEA",
                          "the null of " + std::to_string(result.sets.size()) + " gene sets × " +
                              std::to_string(permutations) + " permutations");
    std::vector<double> null(result.sets.size() * permutations);
    std::atomic<std::size_t> done{0};
    parallelFor(
        permutations, resolveThreadCount(options.threads, permutations),
        [&](std::size_t b) {
            std::vector<std::size_t> sigma(n), moved;
            source.fill(b, sigma);
            for (std::size_t s = 0; s < hits.size(); ++s) {
                moved.resize(hits[s].size());
                for (std::size_t j = 0; j < moved.size(); ++j)
                    moved[j] = sigma[hits[s][j]];
                std::sort(moved.begin(), moved.end());
                null[s * permutations + b] = scoreHits(powScores, moved.data(), moved.size()).first;
            }
            const std::size_t finished = ++done;
            if (progress)
                progress(finished, permutations,
                         "GSEA permutation " + std::to_string(finished) + " of " +
                             std::to_string(permutations));
        },
        [&] { return cancel && cancel->isCancelled(); });
    if (cancel && cancel->isCancelled())
        throw Error("cancelled");

    significance(result.sets, null, permutations);
    if (options.keepNullScores)
        for (std::size_t s = 0; s < result.sets.size(); ++s)
            result.sets[s].nullEs.assign(
                null.begin() + static_cast<std::ptrdiff_t>(s * permutations),
                null.begin() + static_cast<std::ptrdiff_t>((s + 1) * permutations));
    for (std::size_t s = 0; s < result.sets.size(); ++s)
        result.sets[s].hits = std::move(hits[s]);
    result.genes = std::move(list.genes);
    result.scores = std::move(list.scores);
    return result;
}

} // namespace

GseaResult preRankedGsea(const GeneRanking& ranking, const std::vector<genomics::GeneSet>& sets,
                         const GseaOptions& options, const ProgressFn& progress,
                         const CancelToken* cancel) {
    PermutationSource source;
    source.seed = options.seed;
    source.count = options.permutations;
    return runGsea(ranking, sets, source, options, progress, cancel);
}

GseaResult preRankedGsea(const GeneRanking& ranking, const std::vector<genomics::GeneSet>& sets,
                         const std::vector<std::vector<std::size_t>>& permutations,
                         const GseaOptions& options, const ProgressFn& progress,
                         const CancelToken* cancel) {
    PermutationSource source;
    source.given = &permutations;
    source.count = permutations.size();
    return runGsea(ranking, sets, source, options, progress, cancel);
}

std::pair<double, std::size_t> enrichmentScore(const std::vector<double>& scores,
                                               const std::vector<std::size_t>& hits,
                                               double weight) {
    checkWeight(weight);
    checkHits(hits, scores.size());
    return scoreHits(weightedScores(scores, weight), hits.data(), hits.size());
}

EnrichmentCurve enrichmentCurve(const std::vector<double>& scores,
                                const std::vector<std::size_t>& hits, double weight) {
    checkWeight(weight);
    const std::size_t n = scores.size();
    checkHits(hits, n);
    const std::vector<double> powScores = weightedScores(scores, weight);
    const HitSteps steps(powScores, hits.data(), hits.size(), n);
    EnrichmentCurve curve;
    curve.hits = hits;
    curve.runningSum.resize(n);
    double cumulative = 0;
    std::size_t seen = 0; // hits at or before position i
    for (std::size_t i = 0; i < n; ++i) {
        if (seen < hits.size() && hits[seen] == i) {
            cumulative += steps.hit(i);
            ++seen;
        }
        curve.runningSum[i] = cumulative - static_cast<double>(i + 1 - seen) * steps.miss;
    }
    std::tie(curve.es, curve.peak) = scoreHits(powScores, hits.data(), hits.size());
    return curve;
}

EnrichmentCurve enrichmentCurve(const GseaResult& result, std::size_t set) {
    if (set >= result.sets.size())
        throw Error("GSEA: no gene set " + std::to_string(set + 1) + " (the result has " +
                    std::to_string(result.sets.size()) + ")");
    return enrichmentCurve(result.scores, result.sets[set].hits, result.weight);
}

} // namespace rgw::association
