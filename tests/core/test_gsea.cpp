#include "ErrorMessage.h"
#include "Reference.h"
#include "association/Gsea.h"
#include "genomics/Gmt.h"
#include "stats/DataTable.h"
#include "util/Error.h"
#include "util/Random.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>
#include <map>
#include <numeric>

namespace {

using namespace rgw::association;
using rgw::genomics::GeneSet;
using rgw::stats::DataTable;
using rgw::test::errorOf;
using rgw::test::referenceFile;

// --- the base-R reference (tests/reference/gsea/make_gsea.R) ----------------

struct Reference {
    GeneRanking ranking;
    std::vector<GeneSet> sets;
    std::vector<std::vector<std::size_t>> permutations;
    DataTable results;
    DataTable curves;
    DataTable nulls;
};

const Reference& reference() {
    static const Reference ref = [] {
        Reference r{{},
                    rgw::genomics::readGmt(referenceFile("gsea/gsea_sets.gmt")).sets,
                    {},
                    DataTable::read(referenceFile("gsea/gsea_results.csv")),
                    DataTable::read(referenceFile("gsea/gsea_curves.csv")),
                    DataTable::read(referenceFile("gsea/gsea_null.csv"))};
        const DataTable ranking = DataTable::read(referenceFile("gsea/gsea_ranking.csv"));
        r.ranking.genes = ranking.text("gene");
        r.ranking.scores = ranking.numbers("score");
        const DataTable perms = DataTable::read(referenceFile("gsea/gsea_permutations.csv"));
        const std::size_t n = r.ranking.genes.size();
        r.permutations.assign(perms.rows(), std::vector<std::size_t>(n));
        for (std::size_t i = 0; i < n; ++i) {
            const auto& column = perms.numbers("p" + std::to_string(i + 1));
            for (std::size_t b = 0; b < perms.rows(); ++b)
                r.permutations[b][i] = static_cast<std::size_t>(column[b]) - 1; // R is 1-based
        }
        return r;
    }();
    return ref;
}

std::string joined(const std::vector<std::string>& genes) {
    std::string text;
    for (const auto& g : genes)
        text += (text.empty() ? "" : " ") + g;
    return text;
}

/// The largest |ours - R| seen by a test, printed at its end for the report.
struct Deviation {
    explicit Deviation(std::string what_) : what(std::move(what_)) {}
    ~Deviation() { std::printf("max |C++ - R| of %s: %.3g\n", what.c_str(), max); }
    void operator()(double ours, double theirs, double tolerance, const std::string& where) {
        const double d = std::fabs(ours - theirs);
        max = std::max(max, d);
        EXPECT_LE(d, tolerance) << where << ": ours " << ours << ", R " << theirs;
    }
    std::string what;
    double max = 0;
};

class GseaReference : public ::testing::TestWithParam<double> {};

TEST_P(GseaReference, EnrichmentAndRunningSumEqualBaseR) {
    const double weight = GetParam();
    const Reference& ref = reference();
    GseaOptions options;
    options.weight = weight;
    options.keepNullScores = true;
    const GseaResult result = preRankedGsea(ref.ranking, ref.sets, ref.permutations, options);
    EXPECT_EQ(result.permutations, ref.permutations.size());
    EXPECT_EQ(result.excludedSets, (std::vector<std::string>{"TOO_SMALL"}));

    std::map<std::string, std::size_t> index;
    for (std::size_t s = 0; s < result.sets.size(); ++s)
        index[result.sets[s].name] = s;
    Deviation es("ES (weight " + std::to_string(weight) + ")");
    Deviation curve("running sum (weight " + std::to_string(weight) + ")");
    std::size_t compared = 0;
    for (std::size_t row = 0; row < ref.results.rows(); ++row) {
        if (ref.results.numbers("weight")[row] != weight)
            continue;
        const std::string name = ref.results.text("set")[row];
        ASSERT_TRUE(index.count(name)) << name;
        const GseaSetResult& set = result.sets[index[name]];
        ++compared;
        EXPECT_EQ(set.size, static_cast<std::size_t>(ref.results.numbers("size")[row])) << name;
        es(set.es, ref.results.numbers("es")[row], 1e-12, name);
        EXPECT_EQ(set.peak + 1, static_cast<std::size_t>(ref.results.numbers("peak")[row])) << name;
        EXPECT_EQ(joined(set.leadingEdge), ref.results.text("leading_edge")[row]) << name;

        const EnrichmentCurve c = enrichmentCurve(result, index[name]);
        EXPECT_EQ(c.es, set.es) << name;
        EXPECT_EQ(c.peak, set.peak) << name;
        // The plotted curve's largest deviation from 0 is the ES itself, exactly:
        // the curve and the score share the running sum's arithmetic.
        const auto [low, high] = std::minmax_element(c.runningSum.begin(), c.runningSum.end());
        EXPECT_EQ(*high >= -*low ? *high : *low, set.es) << name;
        EXPECT_EQ(c.runningSum[c.peak], set.es) << name;
        std::size_t points = 0;
        for (std::size_t r = 0; r < ref.curves.rows(); ++r) {
            if (ref.curves.numbers("weight")[r] != weight || ref.curves.text("set")[r] != name)
                continue;
            const auto i = static_cast<std::size_t>(ref.curves.numbers("position")[r]) - 1;
            ASSERT_LT(i, c.runningSum.size());
            curve(c.runningSum[i], ref.curves.numbers("running_sum")[r], 1e-12,
                  name + " position " + std::to_string(i + 1));
            ++points;
        }
        EXPECT_EQ(points, result.genes.size()) << name;
    }
    EXPECT_EQ(compared, 7u);
}

TEST_P(GseaReference, NullNesPAndQEqualBaseRForTheSamePermutations) {
    const double weight = GetParam();
    const Reference& ref = reference();
    GseaOptions options;
    options.weight = weight;
    options.keepNullScores = true;
    const GseaResult result = preRankedGsea(ref.ranking, ref.sets, ref.permutations, options);
    std::map<std::string, std::size_t> index;
    for (std::size_t s = 0; s < result.sets.size(); ++s)
        index[result.sets[s].name] = s;

    Deviation null("null ES (weight " + std::to_string(weight) + ")");
    std::size_t nullCompared = 0;
    for (std::size_t r = 0; r < ref.nulls.rows(); ++r) {
        if (ref.nulls.numbers("weight")[r] != weight)
            continue;
        const std::string name = ref.nulls.text("set")[r];
        const auto b = static_cast<std::size_t>(ref.nulls.numbers("permutation")[r]) - 1;
        const GseaSetResult& set = result.sets.at(index.at(name));
        ASSERT_EQ(set.nullEs.size(), ref.permutations.size());
        null(set.nullEs[b], ref.nulls.numbers("es")[r], 1e-12,
             name + " permutation " + std::to_string(b + 1));
        ++nullCompared;
    }
    EXPECT_EQ(nullCompared, 7 * ref.permutations.size());

    Deviation nes("NES (weight " + std::to_string(weight) + ")");
    Deviation p("nominal p (weight " + std::to_string(weight) + ")");
    Deviation q("FDR q (weight " + std::to_string(weight) + ")");
    for (std::size_t row = 0; row < ref.results.rows(); ++row) {
        if (ref.results.numbers("weight")[row] != weight)
            continue;
        const std::string name = ref.results.text("set")[row];
        const GseaSetResult& set = result.sets.at(index.at(name));
        EXPECT_EQ(set.nullSameSign,
                  static_cast<std::size_t>(ref.results.numbers("null_same_sign")[row]))
            << name;
        nes(set.nes, ref.results.numbers("nes")[row], 1e-12, name);
        p(set.pValue, ref.results.numbers("p")[row], 1e-12, name);
        q(set.fdr, ref.results.numbers("q")[row], 1e-12, name);
    }
}

INSTANTIATE_TEST_SUITE_P(Weights, GseaReference, ::testing::Values(1.0, 0.0, 2.0));

// --- definitions on small cases ----------------------------------------------

TEST(Gsea, HandWorkedRunningSum) {
    // N = 4, scores 2, 1, -1, -2, the set at position 1 (score 1), p = 1:
    // the hit adds 1 (N_R = 1), each miss subtracts 1/3.
    const EnrichmentCurve c = enrichmentCurve({2, 1, -1, -2}, {1}, 1.0);
    ASSERT_EQ(c.runningSum.size(), 4u);
    EXPECT_DOUBLE_EQ(c.runningSum[0], -1.0 / 3);
    EXPECT_DOUBLE_EQ(c.runningSum[1], 2.0 / 3);
    EXPECT_DOUBLE_EQ(c.runningSum[2], 1.0 / 3);
    EXPECT_NEAR(c.runningSum[3], 0.0, 1e-15);
    EXPECT_DOUBLE_EQ(c.es, 2.0 / 3);
    EXPECT_EQ(c.peak, 1u);
    // The set at the bottom: ES is the most negative point, just before it.
    const auto [es, peak] = enrichmentScore({2, 1, -1, -2}, {3}, 1.0);
    EXPECT_DOUBLE_EQ(es, -1.0);
    EXPECT_EQ(peak, 2u);
}

TEST(Gsea, WeightOfZeroScoresFallsBackToEqualHits) {
    // All the set's scores are 0: N_R = 0, so each hit weighs 1 / N_H.
    const EnrichmentCurve c = enrichmentCurve({3, 0, 0, -3}, {1, 2}, 1.0);
    EXPECT_DOUBLE_EQ(c.runningSum[1], 0.5 - 0.5);
    EXPECT_DOUBLE_EQ(c.runningSum[2], 1.0 - 0.5);
}

TEST(Gsea, TiedScoresKeepTheInputOrder) {
    GeneRanking ranking{{"A", "B", "C", "D", "E"}, {0.5, 1.0, 0.5, -1.0, 0.5}};
    GseaOptions options;
    options.permutations = 5;
    options.size = {1, 10};
    const GseaResult result = preRankedGsea(ranking, {{"S", "", {"C"}, {}}}, options);
    EXPECT_EQ(result.genes, (std::vector<std::string>{"B", "A", "C", "E", "D"}));
    EXPECT_EQ(result.sets[0].hits, (std::vector<std::size_t>{2}));
}

GeneRanking randomRanking(std::size_t n, std::uint64_t seed) {
    rgw::Rng rng(seed);
    GeneRanking ranking;
    for (std::size_t i = 0; i < n; ++i) {
        ranking.genes.push_back("GENE" + std::to_string(i));
        ranking.scores.push_back(rng.normal());
    }
    return ranking;
}

std::vector<GeneSet> randomSets(const GeneRanking& ranking, std::size_t count, std::size_t size,
                                std::uint64_t seed) {
    rgw::Rng rng(seed);
    std::vector<GeneSet> sets;
    std::vector<std::size_t> order(ranking.genes.size());
    for (std::size_t s = 0; s < count; ++s) {
        std::iota(order.begin(), order.end(), std::size_t{0});
        rng.shuffle(order.begin(), order.end());
        GeneSet set;
        set.name = "RANDOM_" + std::to_string(s);
        for (std::size_t j = 0; j < size; ++j)
            set.genes.push_back(ranking.genes[order[j]]);
        sets.push_back(std::move(set));
    }
    return sets;
}

void expectSame(const GseaResult& a, const GseaResult& b) {
    ASSERT_EQ(a.sets.size(), b.sets.size());
    for (std::size_t s = 0; s < a.sets.size(); ++s) {
        EXPECT_EQ(a.sets[s].es, b.sets[s].es);
        EXPECT_EQ(a.sets[s].nes, b.sets[s].nes);
        EXPECT_EQ(a.sets[s].pValue, b.sets[s].pValue);
        EXPECT_EQ(a.sets[s].fdr, b.sets[s].fdr);
        EXPECT_EQ(a.sets[s].nullEs, b.sets[s].nullEs);
    }
}

TEST(Gsea, SameSeedGivesTheSameResultForAnyThreadCount) {
    const GeneRanking ranking = randomRanking(500, 11);
    const auto sets = randomSets(ranking, 12, 25, 12);
    GseaOptions options;
    options.permutations = 200;
    options.seed = 2026;
    options.keepNullScores = true;
    options.threads = 1;
    const GseaResult one = preRankedGsea(ranking, sets, options);
    const GseaResult again = preRankedGsea(ranking, sets, options);
    expectSame(one, again);
    for (const unsigned threads : {2u, 3u, 0u}) {
        options.threads = threads;
        expectSame(one, preRankedGsea(ranking, sets, options));
    }
    options.seed = 2027;
    const GseaResult other = preRankedGsea(ranking, sets, options);
    EXPECT_NE(one.sets[0].nullEs, other.sets[0].nullEs);
    EXPECT_EQ(one.sets[0].es, other.sets[0].es);
}

// Random gene sets are not enriched: under the seeded null their nominal p
// values are close to uniform (Kolmogorov distance below the 1 % critical
// value 1.63 / sqrt(n) for n = 300 sets).
TEST(Gsea, RandomSetsHaveRoughlyUniformP) {
    const GeneRanking ranking = randomRanking(1000, 101);
    const auto sets = randomSets(ranking, 300, 30, 102);
    GseaOptions options;
    options.permutations = 400;
    options.seed = 103;
    const GseaResult result = preRankedGsea(ranking, sets, options);
    std::vector<double> p;
    for (const auto& s : result.sets)
        p.push_back(s.pValue);
    std::sort(p.begin(), p.end());
    double distance = 0;
    const double n = static_cast<double>(p.size());
    for (std::size_t i = 0; i < p.size(); ++i)
        distance = std::max({distance, std::fabs(static_cast<double>(i + 1) / n - p[i]),
                             std::fabs(p[i] - static_cast<double>(i) / n)});
    std::printf("Kolmogorov distance of %zu random-set p values from uniform: %.4f\n", p.size(),
                distance);
    EXPECT_LT(distance, 1.63 / std::sqrt(n));
    const auto below = std::count_if(p.begin(), p.end(), [](double v) { return v < 0.05; });
    EXPECT_GE(below, 3);
    EXPECT_LE(below, 30);
}

TEST(Gsea, ProgressIsReportedAndCancelStops) {
    const GeneRanking ranking = randomRanking(200, 5);
    const auto sets = randomSets(ranking, 3, 20, 6);
    GseaOptions options;
    options.permutations = 50;
    options.threads = 2;
    std::atomic<std::size_t> calls{0};
    std::atomic<std::size_t> lastTotal{0};
    preRankedGsea(ranking, sets, options, [&](std::size_t, std::size_t total, const std::string&) {
        ++calls;
        lastTotal = total;
    });
    EXPECT_EQ(calls.load(), 50u);
    EXPECT_EQ(lastTotal.load(), 50u);

    rgw::CancelToken cancel;
    EXPECT_EQ(errorOf([&] {
                  preRankedGsea(
                      ranking, sets, options,
                      [&](std::size_t, std::size_t, const std::string&) { cancel.cancel(); },
                      &cancel);
              }),
              "cancelled");
}

TEST(Gsea, ReportsSetsLeftOutAndGenesNotRanked) {
    const GeneRanking ranking = randomRanking(100, 7);
    auto sets = randomSets(ranking, 2, 20, 8);
    sets[0].genes.push_back("NOT_RANKED");
    sets[1].genes.resize(10);
    GseaOptions options;
    options.permutations = 10;
    const GseaResult result = preRankedGsea(ranking, sets, options);
    ASSERT_EQ(result.sets.size(), 1u);
    EXPECT_EQ(result.excludedSets, (std::vector<std::string>{"RANDOM_1"}));
    std::string problems;
    for (const auto& p : result.problems)
        problems += p.describe() + "\n";
    EXPECT_NE(problems.find("1 of 21 genes are not in the data: NOT_RANKED"), std::string::npos)
        << problems;
    EXPECT_NE(problems.find("gene set 'RANDOM_1' has 10 genes in the data, fewer than the minimum "
                            "15; left out"),
              std::string::npos)
        << problems;
}

TEST(Gsea, SetOfEveryGeneIsLeftOut) {
    const GeneRanking ranking = randomRanking(20, 9);
    GseaOptions options;
    options.permutations = 10;
    const GseaResult result = preRankedGsea(
        ranking, {{"ALL", "", ranking.genes, {}}, randomSets(ranking, 1, 15, 3)[0]}, options);
    EXPECT_EQ(result.excludedSets, (std::vector<std::string>{"ALL"}));
    ASSERT_EQ(result.sets.size(), 1u);
}

TEST(Gsea, BadInputIsRefusedNamingIt) {
    const GeneRanking ranking = randomRanking(30, 1);
    const auto sets = randomSets(ranking, 1, 15, 2);
    GseaOptions options;
    options.permutations = 10;
    GeneRanking twice = ranking;
    twice.genes[7] = twice.genes[3];
    EXPECT_EQ(errorOf([&] { preRankedGsea(twice, sets, options); }),
              "GSEA: gene 'GENE3' is ranked twice (genes 4 and 8 of the ranking)");
    GeneRanking blank = ranking;
    blank.genes[2] = " ";
    EXPECT_EQ(errorOf([&] { preRankedGsea(blank, sets, options); }),
              "GSEA: gene 3 of the ranking has a blank name");
    GeneRanking nan = ranking;
    nan.scores[4] = std::nan("");
    EXPECT_EQ(errorOf([&] { preRankedGsea(nan, sets, options); }),
              "GSEA: the score of gene 'GENE4' (gene 5 of the ranking) is not a finite number");
    GeneRanking ragged = ranking;
    ragged.scores.pop_back();
    EXPECT_EQ(errorOf([&] { preRankedGsea(ragged, sets, options); }),
              "GSEA: the ranking has 30 genes but 29 scores");
    GseaOptions none = options;
    none.permutations = 0;
    EXPECT_EQ(errorOf([&] { preRankedGsea(ranking, sets, none); }),
              "GSEA: needs at least 1 permutation");
    GseaOptions negative = options;
    negative.weight = -1;
    EXPECT_NE(errorOf([&] {
                  preRankedGsea(ranking, sets, negative);
              }).find("GSEA: the weight p must be a finite number >= 0"),
              std::string::npos);
    std::vector<std::vector<std::size_t>> perms(2, std::vector<std::size_t>(30));
    std::iota(perms[0].begin(), perms[0].end(), std::size_t{0});
    perms[1] = perms[0];
    perms[1][4] = 3;
    EXPECT_EQ(errorOf([&] { preRankedGsea(ranking, sets, perms, options); }),
              "GSEA: permutation 2 is not a permutation of the positions 0 .. 29 (position 3 "
              "appears twice)");
    perms[1].pop_back();
    EXPECT_EQ(errorOf([&] { preRankedGsea(ranking, sets, perms, options); }),
              "GSEA: permutation 2 has 29 positions, the ranking 30 genes");
    GseaOptions large = options;
    large.size = {16, 500};
    EXPECT_NE(errorOf([&] {
                  preRankedGsea(ranking, sets, large);
              }).find("GSEA: no gene set left to test"),
              std::string::npos);
    EXPECT_EQ(errorOf([&] {
                  enrichmentScore({1, 2, 3}, {2, 1}, 1.0);
              }),
              "GSEA: the gene set's positions must be ascending, distinct and below 3");
}

} // namespace
