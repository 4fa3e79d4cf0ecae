// Penalised-regression speed against R glmnet 4.1.6 (the target: at
// least as fast as cv.glmnet). Builds a synthetic cohort -- 1000 patients x
// 2000 standard-normal features (seeded rgw::Rng), 20 true effects of
// +-0.5 -- with a binary label (logistic model) and a survival time with
// about 30 % censoring (Cox model), and a fixed 10-fold assignment; writes
// them to <dir>/glmnet_bench.csv for tests/bench/glmnet_benchmark.R, then
// times, best of --reps runs:
//   - the lasso path alone (fitGlmnetBinomial / fitGlmnetCox, 100 lambdas);
//   - 10-fold cvGlmnet with that foldid, on 1 and on 2 threads.
// Run through tests/bench/run_glmnet_benchmark.sh (prints R's figures and the
// ratios), or alone:
//   build/tests/bench/bench_glmnet <dir> [--rows N] [--features P] [--reps R]
#include "stats/Glmnet.h"
#include "util/Random.h"

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using rgw::stats::GlmnetFamily;

struct Cohort {
    Eigen::MatrixXd x;
    Eigen::VectorXd label, time, event;
    std::vector<int> foldId;
};

// Logistic: P(y = 1) = plogis(x.b); Cox: T = E / exp(x.b), E ~ Exp(1),
// censored by C ~ Exp(rate 0.5) (about 30 % censored).
Cohort syntheticCohort(Eigen::Index rows, Eigen::Index features) {
    rgw::Rng rng(20260117);
    Cohort c;
    c.x.resize(rows, features);
    for (Eigen::Index j = 0; j < features; ++j)
        for (Eigen::Index i = 0; i < rows; ++i)
            c.x(i, j) = rng.normal();
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(features);
    for (Eigen::Index j = 0; j < std::min<Eigen::Index>(20, features); ++j)
        beta(j) = (j % 2 == 0) ? 0.5 : -0.5;
    const Eigen::VectorXd lp = c.x * beta;
    c.label.resize(rows);
    c.time.resize(rows);
    c.event.resize(rows);
    for (Eigen::Index i = 0; i < rows; ++i) {
        c.label(i) = rng.uniform() < 1 / (1 + std::exp(-lp(i))) ? 1 : 0;
        const double death = -std::log(1 - rng.uniform()) / std::exp(lp(i));
        const double censor = -std::log(1 - rng.uniform()) / 0.5;
        c.time(i) = std::min(death, censor);
        c.event(i) = death <= censor ? 1 : 0;
    }
    std::vector<int> order(static_cast<std::size_t>(rows));
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<int>(i);
    rng.shuffle(order.begin(), order.end());
    c.foldId.resize(order.size());
    for (std::size_t k = 0; k < order.size(); ++k)
        c.foldId[static_cast<std::size_t>(order[k])] = static_cast<int>(k % 10) + 1;
    return c;
}

void writeCsv(const Cohort& c, const std::filesystem::path& file) {
    std::FILE* out = std::fopen(file.string().c_str(), "w");
    if (!out) {
        std::fprintf(stderr, "cannot write %s\n", file.string().c_str());
        std::exit(2);
    }
    std::fprintf(out, "label,time,event,foldid");
    for (Eigen::Index j = 0; j < c.x.cols(); ++j)
        std::fprintf(out, ",x%ld", static_cast<long>(j + 1));
    std::fprintf(out, "\n");
    for (Eigen::Index i = 0; i < c.x.rows(); ++i) {
        std::fprintf(out, "%.17g,%.17g,%.17g,%d", c.label(i), c.time(i), c.event(i),
                     c.foldId[static_cast<std::size_t>(i)]);
        for (Eigen::Index j = 0; j < c.x.cols(); ++j)
            std::fprintf(out, ",%.17g", c.x(i, j));
        std::fprintf(out, "\n");
    }
    std::fclose(out);
}

// Best (shortest) wall time of `reps` runs, in seconds.
double bestOf(int reps, const std::function<void()>& run) {
    double best = HUGE_VAL;
    for (int r = 0; r < reps; ++r) {
        const auto start = Clock::now();
        run();
        best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
    }
    return best;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_glmnet <dir> [--rows N] [--features P] [--reps R]\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    Eigen::Index rows = 1000, features = 2000;
    int reps = 3;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string arg = argv[i];
        const long value = std::atol(argv[i + 1]);
        if (arg == "--rows")
            rows = std::max(20L, value);
        else if (arg == "--features")
            features = std::max(2L, value);
        else if (arg == "--reps")
            reps = static_cast<int>(std::max(1L, value));
    }
    const Cohort c = syntheticCohort(rows, features);
    std::filesystem::create_directories(dir);
    writeCsv(c, dir / "glmnet_bench.csv");
    std::printf("data: %ld x %ld, %d events, %d of label 1, 10 folds, best of %d\n",
                static_cast<long>(rows), static_cast<long>(features),
                static_cast<int>(c.event.sum()), static_cast<int>(c.label.sum()), reps);

    const Eigen::VectorXd none;
    const std::vector<int> noClasses;
    rgw::stats::GlmnetPath path;
    double t = bestOf(reps, [&] { path = rgw::stats::fitGlmnetBinomial(c.x, c.label); });
    std::printf("ours binomial path: %.3f s (%zu lambdas)\n", t, path.lambda.size());
    t = bestOf(reps, [&] { path = rgw::stats::fitGlmnetCox(c.x, c.time, c.event); });
    std::printf("ours cox path: %.3f s (%zu lambdas)\n", t, path.lambda.size());

    for (const unsigned threads : {1u, 2u}) {
        rgw::stats::GlmnetCvResult cv;
        t = bestOf(reps, [&] {
            cv = rgw::stats::cvGlmnet(GlmnetFamily::Binomial, c.x, c.label, none, noClasses, 0,
                                      c.foldId, {}, threads);
        });
        std::printf("ours binomial cv threads=%u: %.3f s (lambda.min %.6g)\n", threads, t,
                    cv.lambdaMin);
        t = bestOf(reps, [&] {
            cv = rgw::stats::cvGlmnet(GlmnetFamily::Cox, c.x, c.time, c.event, noClasses, 0,
                                      c.foldId, {}, threads);
        });
        std::printf("ours cox cv threads=%u: %.3f s (lambda.min %.6g)\n", threads, t, cv.lambdaMin);
    }
    return 0;
}
