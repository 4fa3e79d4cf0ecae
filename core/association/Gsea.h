#pragma once

// Pre-ranked gene-set enrichment analysis (GSEA) after Subramanian et al.,
// PNAS 102:15545 (2005), for one radiomic feature: every gene of the data is
// ranked by a score (e.g. its correlation with the feature) and each gene set
// is asked whether its genes gather at the top or the bottom of the list.
//
// The ranked list L = g_1 .. g_N is sorted by score r, largest first (equal
// scores keep their input order). For a set S of N_H genes of L, the running
// sum after position i is
//     P_hit(i)  = sum_{g_j in S, j <= i} |r_j|^p / N_R,  N_R = sum_{g_j in S} |r_j|^p
//     P_miss(i) = sum_{g_j not in S, j <= i} 1 / (N - N_H)
//     RS(i)     = P_hit(i) - P_miss(i)
// (weight p = 1 by default; p = 0 is the classic Kolmogorov-Smirnov
// statistic; when N_R = 0 the hits weigh equally). The enrichment score ES is
// the running sum of largest absolute value: max RS when max RS >= -min RS,
// else min RS; its peak is the first position that reaches it. The leading
// edge is the set's genes at or before the peak (ES >= 0) or at or after it
// (ES < 0).
//
// Significance comes from a gene-set-size-matched null: permutation b maps
// every ranked position i to sigma_b(i) (a permutation of the gene labels), so
// set S's null counterpart is the random set of the same size at positions
// sigma_b(S). With ES_b(S) the null scores:
//   - NES = ES / |mean of the null ES of the same sign| (signs: ES >= 0 and
//     ES < 0, for the observed and for the null scores alike);
//   - nominal p = the fraction of same-signed null ES at least as extreme
//     (ES_b >= ES for ES >= 0, ES_b <= ES for ES < 0); 0 means below 1/B;
//   - FDR q (Subramanian 2005, supplement): for NES* >= 0, the fraction of all
//     null NES >= 0 (over every set and permutation, each normalised by its
//     set's same-signed null mean) that are >= NES*, divided by the fraction
//     of observed NES >= 0 that are >= NES*; mirrored for NES* < 0; at most 1.
// NES, p and q are NaN when a set has no null score of its ES's sign.

#include "genomics/Gmt.h"
#include "util/Cancel.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rgw::association {

/// Every gene of the data with its score, in any order.
struct GeneRanking {
    std::vector<std::string> genes;
    std::vector<double> scores;
};

struct GseaOptions {
    std::size_t permutations = 1000; ///< B, permutations of the gene labels
    std::uint64_t seed = 1;          ///< permutation b draws from modeling::streamSeed(seed, b)
    double weight = 1.0;             ///< p, the exponent of |score| in P_hit
    genomics::GeneSetSizeLimits size;
    unsigned threads = 0;        ///< 0: one per hardware thread; results do not depend on it
    bool keepNullScores = false; ///< keep each set's B null ES in GseaSetResult::nullEs
};

/// The enrichment of one gene set.
struct GseaSetResult {
    std::string name;
    genomics::SourceLocation where;
    std::size_t size = 0;          ///< N_H, the set's genes in the ranked list
    std::vector<std::size_t> hits; ///< their 0-based ranked positions, ascending
    double es = 0;                 ///< enrichment score
    std::size_t peak = 0;          ///< 0-based ranked position where the running sum reaches ES
    std::vector<std::string> leadingEdge; ///< in ranked order
    double nes = 0;                       ///< normalised enrichment score
    double pValue = 0;                    ///< nominal p
    double fdr = 0;                       ///< FDR q
    std::size_t nullSameSign = 0;         ///< null ES of ES's sign that NES and p rest on
    std::vector<double> nullEs;           ///< the B null ES, when options.keepNullScores
};

struct GseaResult {
    std::vector<std::string> genes; ///< the ranked list, highest score first
    std::vector<double> scores;     ///< its scores
    double weight = 1.0;
    std::size_t permutations = 0;
    std::uint64_t seed = 0;          ///< 0 and meaningless when the permutations were given
    std::vector<GseaSetResult> sets; ///< the sets tested, in input order
    /// The sets left out: too small or too large in the data, or holding
    /// every ranked gene.
    std::vector<std::string> excludedSets;
    /// Genes of the sets not in the ranked list, sets left out, genes listed
    /// twice: each naming the set's file and line (genomics::matchGeneSets).
    std::vector<genomics::InputProblem> problems;
};

/// The running sum of one set along the ranked list, for plotting.
struct EnrichmentCurve {
    std::vector<double> runningSum; ///< RS(i) for i = 0 .. N-1
    std::vector<std::size_t> hits;  ///< the set's positions, ascending
    double es = 0;
    std::size_t peak = 0;
};

/// Pre-ranked GSEA of `sets` on `ranking` with B = options.permutations
/// seeded permutations (identical results for any thread count). Progress is
/// reported once per permutation; a cancelled run throws rgw::Error
/// "cancelled". Throws rgw::Error for a ranking with fewer than 2 genes,
/// genes and scores of different counts, a blank or repeated gene, a score
/// that is not finite, a weight that is negative or not finite, B < 1, size
/// limits that are not 1 <= min <= max, no set left to test, or a null that
/// would exceed the memory budget.
GseaResult preRankedGsea(const GeneRanking& ranking, const std::vector<genomics::GeneSet>& sets,
                         const GseaOptions& options, const ProgressFn& progress = {},
                         const CancelToken* cancel = nullptr);

/// The same with the permutations given: permutations[b][i] is sigma_b(i),
/// the position ranked position i moves to (0-based, each of 0 .. N-1 once),
/// so that a reference implementation's null can be fed in. options.seed and
/// options.permutations are ignored. Throws rgw::Error as above, and naming
/// the permutation that is not a permutation of 0 .. N-1.
GseaResult preRankedGsea(const GeneRanking& ranking, const std::vector<genomics::GeneSet>& sets,
                         const std::vector<std::vector<std::size_t>>& permutations,
                         const GseaOptions& options, const ProgressFn& progress = {},
                         const CancelToken* cancel = nullptr);

/// The enrichment score and peak of the set at ranked positions `hits`
/// (ascending, distinct, each < scores.size(), fewer than scores.size() of
/// them) in the ranked `scores`, with weight p. Throws rgw::Error otherwise.
std::pair<double, std::size_t> enrichmentScore(const std::vector<double>& scores,
                                               const std::vector<std::size_t>& hits, double weight);

/// The whole running sum of a set (hits and weight as for enrichmentScore);
/// its es and peak equal enrichmentScore()'s.
EnrichmentCurve enrichmentCurve(const std::vector<double>& scores,
                                const std::vector<std::size_t>& hits, double weight);

/// The running sum of result.sets[set] for plotting.
EnrichmentCurve enrichmentCurve(const GseaResult& result, std::size_t set);

} // namespace rgw::association
