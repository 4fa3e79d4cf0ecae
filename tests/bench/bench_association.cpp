// Correlation map benchmark (issue #14: "a map of 1000 features x 2000 genes x
// 200 patients should take seconds, not minutes"). Builds deterministic
// synthetic matrices and times association::correlationMap, Pearson and
// Spearman, in three settings:
//   - complete: no missing value (every pair on the fast path);
//   - sparse missing: 10 % of the gene columns miss 5 % of their patients;
//   - all missing: every feature and gene column misses 5 % (every pair
//     re-centred, and for Spearman re-ranked, on its own patients).
// Run:
//   build/tests/bench/bench_association [--features N] [--genes N] [--patients N]
//                                       [--threads N]
//   build/tests/bench/bench_association --issue-size
// (built with -DRGW_BUILD_BENCHMARKS=ON; threads 0 = one per core, the
// default; exits 1 when a map takes longer than the target, 20 s).
// --issue-size is issue #14 section 6's acceptance map: 1000 features x 20000
// genes x 500 patients, Spearman with FDR, complete columns, target 10 s (the
// other sizes may still be given after it).
#include "association/CorrelationMap.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kTargetSeconds = 20.0;
constexpr double kIssueTargetSeconds = 10.0;

/// SplitMix64: deterministic, independent of the standard library.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/// A uniform number in (−1, 1) from a seed.
double uniform(std::uint64_t seed) {
    return static_cast<double>(mix(seed) >> 11) * 0x1.0p-52 - 1.0;
}

Eigen::MatrixXd matrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed,
                       double missingColumns, double missingRows) {
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index c = 0; c < cols; ++c) {
        const bool sparse =
            (uniform(seed * 7919 + static_cast<std::uint64_t>(c)) + 1.0) / 2.0 < missingColumns;
        for (Eigen::Index r = 0; r < rows; ++r) {
            const auto cell = seed * 1000003 + static_cast<std::uint64_t>(c * rows + r);
            m(r, c) = uniform(cell) + 0.3 * uniform(static_cast<std::uint64_t>(r) + 17);
            if (sparse && (uniform(cell ^ 0xABCDEFull) + 1.0) / 2.0 < missingRows)
                m(r, c) = std::numeric_limits<double>::quiet_NaN();
        }
    }
    return m;
}

} // namespace

int main(int argc, char** argv) {
    Eigen::Index features = 1000, genes = 2000, patients = 200;
    unsigned threads = 0;
    bool issueSize = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--issue-size")) {
            issueSize = true;
            features = 1000;
            genes = 20000;
            patients = 500;
            continue;
        }
        if (i + 1 >= argc)
            break;
        const long value = std::strtol(argv[i + 1], nullptr, 10);
        if (!std::strcmp(argv[i], "--features"))
            features = value;
        else if (!std::strcmp(argv[i], "--genes"))
            genes = value;
        else if (!std::strcmp(argv[i], "--patients"))
            patients = value;
        else if (!std::strcmp(argv[i], "--threads"))
            threads = static_cast<unsigned>(value);
        ++i;
    }
    const double target = issueSize ? kIssueTargetSeconds : kTargetSeconds;
    std::printf("correlation map %ld features x %ld genes x %ld patients, threads %u (0: one per "
                "core), target <= %.0f s\n",
                static_cast<long>(features), static_cast<long>(genes), static_cast<long>(patients),
                threads, target);
    bool missed = false;
    const struct {
        const char* name;
        double featureColumns, geneColumns;
    } settings[] = {
        {"complete", 0.0, 0.0}, {"sparse missing", 0.0, 0.1}, {"all missing", 1.0, 1.0}};
    for (const auto& setting : settings) {
        if (issueSize && setting.geneColumns > 0.0)
            break; // the issue's map: complete columns only
        const Eigen::MatrixXd x = matrix(patients, features, 1, setting.featureColumns, 0.05);
        const Eigen::MatrixXd y = matrix(patients, genes, 2, setting.geneColumns, 0.05);
        for (const auto method : {rgw::association::CorrelationMethod::Pearson,
                                  rgw::association::CorrelationMethod::Spearman}) {
            if (issueSize && method != rgw::association::CorrelationMethod::Spearman)
                continue;
            rgw::association::CorrelationOptions options;
            options.method = method;
            options.threads = threads;
            const auto start = Clock::now();
            const auto map = rgw::association::correlationMap(x, y, options);
            const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
            std::printf("  %-15s %-9s %7.2f s (%.2f of target), %ld tests\n", setting.name,
                        rgw::association::correlationMethodName(method), seconds, seconds / target,
                        static_cast<long>(map.tested));
            missed = missed || seconds > target;
        }
    }
    return missed ? 1 : 0;
}
