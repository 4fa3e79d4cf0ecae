#include "modeling/Optimism.h"

#include "modeling/Resampling.h"
#include "modeling/Validation.h"
#include "stats/LogisticRegression.h"
#include "util/Error.h"
#include "util/ParallelFor.h"

#include <atomic>
#include <cmath>
#include <limits>

namespace rgw::modeling {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// An index that cannot be computed on these rows is NaN, not an error.
template <class Compute> double orNaN(Compute&& compute) {
    try {
        return compute();
    } catch (const Error&) {
        return kNaN;
    }
}

/// Brier score = mean((p − y)²) (Brier 1950; rms's B).
double brierScore(const Eigen::VectorXd& p, const Eigen::VectorXd& y) {
    return (p - y).squaredNorm() / static_cast<double>(p.size());
}

/// Calibration intercept and slope: glm(y ~ logit(p), binomial) (Cox 1958;
/// rms's Intercept and Slope). NaN when logit(p) is not finite (p rounded to
/// 0 or 1), constant, or separates the outcome.
std::pair<double, double> calibration(const Eigen::VectorXd& p, const Eigen::VectorXd& y) {
    // logit p = log p − log(1 − p).
    const Eigen::MatrixXd lp = (p.array().log() - (-p.array()).log1p()).matrix();
    if (!lp.allFinite())
        return {kNaN, kNaN};
    try {
        const stats::LogisticFit fit = stats::fitLogistic(lp, y, {"linear_predictor"});
        return {fit.coefficients.estimate(0), fit.coefficients.estimate(1)};
    } catch (const Error&) {
        return {kNaN, kNaN};
    }
}

void checkResamples(const std::vector<std::vector<std::size_t>>& resamples, std::size_t n) {
    if (resamples.empty())
        throw Error("bootstrap optimism needs at least one bootstrap sample");
    for (std::size_t b = 0; b < resamples.size(); ++b) {
        if (resamples[b].empty())
            throw Error("bootstrap optimism: bootstrap sample " + std::to_string(b + 1) +
                        " has no rows");
        for (const std::size_t row : resamples[b])
            if (row >= n)
                throw Error("bootstrap optimism: bootstrap sample " + std::to_string(b + 1) +
                            " names row " + std::to_string(row) + " but the data have " +
                            std::to_string(n) + " rows (0 .. " + std::to_string(n - 1) + ")");
    }
}

/// Fits the pipeline on sample `rows` and evaluates it there and on all rows.
OptimismResample evaluateResample(const PipelineSpec& spec, const PipelineData& data,
                                  const std::vector<std::size_t>& rows, std::uint64_t seed,
                                  const CancelToken* cancel) {
    OptimismResample r;
    try {
        const PipelineData sample = data.subset(rows);
        const FittedPipeline fitted = fitPipeline(spec, sample, seed, cancel);
        r.apparent = performanceIndices(predictPipeline(fitted, sample), sample.y);
        r.test = performanceIndices(predictPipeline(fitted, data), data.y);
    } catch (const Error& e) {
        r = OptimismResample{};
        r.failed = true;
        r.error = e.what();
    }
    return r;
}

/// rms::validate's columns of index `i` from the apparent value and the
/// resamples that gave it, summed in resample order.
OptimismIndex summarise(std::string name, double apparent,
                        const std::vector<OptimismResample>& resamples, std::size_t i) {
    OptimismIndex index;
    index.name = std::move(name);
    index.apparent = apparent;
    double training = 0, test = 0, optimism = 0;
    for (const OptimismResample& r : resamples) {
        if (r.failed || !std::isfinite(r.apparent[i]) || !std::isfinite(r.test[i]))
            continue;
        training += r.apparent[i];
        test += r.test[i];
        optimism += r.apparent[i] - r.test[i]; // Harrell 1996: apparent_b − test_b
        ++index.used;
    }
    const double used = index.used > 0 ? static_cast<double>(index.used) : kNaN;
    index.training = training / used;
    index.test = test / used;
    index.optimism = optimism / used;
    index.corrected = apparent - index.optimism; // rms index.corrected
    return index;
}

} // namespace

const OptimismIndex& OptimismResult::index(std::string_view name) const {
    for (const OptimismIndex& i : indices)
        if (i.name == name)
            return i;
    throw Error("bootstrap optimism: no index '" + std::string(name) + "'");
}

std::vector<std::string> optimismIndexNames(ModelKind kind) {
    switch (kind) {
    case ModelKind::Logistic:
        return {"auc", "dxy", "brier", "calibration_intercept", "calibration_slope"};
    case ModelKind::Multinomial:
        return {discriminationName(kind)};
    case ModelKind::Cox:
        break;
    }
    return {discriminationName(kind), "dxy"};
}

std::vector<double> performanceIndices(const Prediction& prediction, const Outcome& y) {
    const double d = orNaN([&] { return discrimination(prediction, y); });
    if (y.kind == ModelKind::Multinomial)
        return {d};
    const double dxy = 2.0 * (d - 0.5); // Somers' Dxy = 2 (C − 1/2)
    if (y.kind == ModelKind::Cox)
        return {d, dxy};
    const auto [intercept, slope] = calibration(prediction.score, y.label);
    return {d, dxy, brierScore(prediction.score, y.label), intercept, slope};
}

OptimismResult bootstrapOptimism(const PipelineSpec& spec, const PipelineData& data,
                                 const OptimismSpec& optimism, const ProgressFn& progress,
                                 const CancelToken* cancel) {
    if (optimism.bootstraps < 1)
        throw Error("bootstrap optimism needs at least 1 bootstrap sample, not " +
                    std::to_string(optimism.bootstraps));
    if (data.y.size() == 0 || data.x.rows() == 0)
        throw Error("bootstrap optimism: the data have no rows");
    std::vector<std::vector<std::size_t>> resamples;
    for (Split& s : bootstrapSamples(data.y.size(), optimism.bootstraps, optimism.seed))
        resamples.push_back(std::move(s.train));
    return bootstrapOptimism(spec, data, resamples, optimism, progress, cancel);
}

OptimismResult bootstrapOptimism(const PipelineSpec& spec, const PipelineData& data,
                                 const std::vector<std::vector<std::size_t>>& resamples,
                                 const OptimismSpec& optimism, const ProgressFn& progress,
                                 const CancelToken* cancel) {
    if (data.y.size() == 0 || data.x.rows() == 0)
        throw Error("bootstrap optimism: the data have no rows");
    checkResamples(resamples, data.y.size());

    FittedPipeline full;
    try {
        full = fitPipeline(spec, data, optimism.seed, cancel);
    } catch (const Error& e) {
        if (cancel && cancel->isCancelled())
            throw;
        throw Error(std::string("bootstrap optimism: the pipeline cannot be fitted on all rows: ") +
                    e.what());
    }
    const std::vector<double> apparent = performanceIndices(predictPipeline(full, data), data.y);

    OptimismResult result;
    result.resamples.resize(resamples.size());
    std::atomic<std::size_t> done{0};
    parallelFor(
        resamples.size(), resolveThreadCount(optimism.threads, resamples.size()),
        [&](std::size_t b) {
            result.resamples[b] =
                evaluateResample(spec, data, resamples[b], streamSeed(optimism.seed, b), cancel);
            const std::size_t finished = ++done;
            if (progress)
                progress(finished, resamples.size(),
                         "bootstrap sample " + std::to_string(b + 1) + " of " +
                             std::to_string(resamples.size()));
        },
        [&] { return cancel && cancel->isCancelled(); });
    if (cancel && cancel->isCancelled())
        throw Error("cancelled");

    for (const OptimismResample& r : result.resamples)
        result.failedResamples += r.failed ? 1 : 0;
    if (static_cast<std::size_t>(result.failedResamples) == resamples.size())
        throw Error("bootstrap optimism: the pipeline could not be fitted on any of the " +
                    std::to_string(resamples.size()) +
                    " bootstrap samples (sample 1: " + result.resamples.front().error + ")");
    const std::vector<std::string> names = optimismIndexNames(data.y.kind);
    for (std::size_t i = 0; i < names.size(); ++i)
        result.indices.push_back(summarise(names[i], apparent[i], result.resamples, i));
    return result;
}

} // namespace rgw::modeling
