#pragma once

// Harrell's bootstrap optimism correction of a pipeline's performance
// (Efron 1983; Harrell, Lee & Mark 1996), as rms::validate reports it. The
// apparent performance is that of the pipeline fitted on all rows and
// evaluated on the same rows. Each bootstrap sample b refits the WHOLE
// pipeline — preprocessing, ComBat, selection and the inner cross-validation
// choosing λ — on sample b; apparent_b is its performance on sample b and
// test_b its performance on the original rows. optimism = mean_b(apparent_b −
// test_b) and corrected = apparent − optimism (rms's "index.corrected").

#include "modeling/Pipeline.h"
#include "util/Cancel.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rgw::modeling {

struct OptimismSpec {
    int bootstraps = 200;   ///< B, the number of bootstrap samples (rms's B)
    std::uint64_t seed = 1; ///< the draws, the inner folds of every fit
    unsigned threads = 0;   ///< 0: one per hardware thread; results do not depend on it
};

/// One performance index, in rms::validate's columns.
struct OptimismIndex {
    /// "auc" | "c_index" | "mean_ovr_auc" (discrimination()), "dxy" (Somers'
    /// Dxy = 2 (discrimination − 0.5)), "brier", "calibration_intercept",
    /// "calibration_slope".
    std::string name;
    double apparent = 0;  ///< fitted and evaluated on all rows (rms index.orig)
    double training = 0;  ///< mean of apparent_b over the resamples used
    double test = 0;      ///< mean of test_b over the resamples used
    double optimism = 0;  ///< mean of (apparent_b − test_b): training − test
    double corrected = 0; ///< apparent − optimism (rms index.corrected)
    int used = 0;         ///< resamples that gave this index (rms n); NaN values if 0
};

/// The indices of one bootstrap sample, in OptimismResult::indices' order.
struct OptimismResample {
    bool failed = false; ///< the pipeline could not be fitted on this sample
    std::string error;   ///< why (rgw::Error's message) when failed
    /// apparent_b (on sample b) and test_b (on the original rows) per index;
    /// NaN for an index this resample could not give.
    std::vector<double> apparent, test;
};

struct OptimismResult {
    std::vector<OptimismIndex> indices;
    std::vector<OptimismResample> resamples; ///< one per bootstrap sample, in order
    int failedResamples = 0;                 ///< samples skipped because the fit failed

    /// The index named `name`; throws rgw::Error when there is none.
    const OptimismIndex& index(std::string_view name) const;
};

/// The names of the indices reported for a kind of model, in order:
/// logistic: auc, dxy, brier, calibration_intercept, calibration_slope;
/// Cox: c_index, dxy; multinomial: mean_ovr_auc.
std::vector<std::string> optimismIndexNames(ModelKind kind);

/// The indices of optimismIndexNames(y.kind) for a prediction of rows with
/// outcome y: discrimination() (AUC, Harrell's C with the score as risk,
/// mean one-vs-rest AUC); Dxy = 2 (discrimination − 0.5); Brier = mean((p −
/// y)²); the calibration intercept and slope of glm(y ~ logit(p), binomial)
/// fitted by stats::fitLogistic (rms's Intercept and Slope). An index that
/// cannot be computed on these rows (one class only, a constant prediction
/// for the calibration fit, separation) is NaN.
std::vector<double> performanceIndices(const Prediction& prediction, const Outcome& y);

/// The optimism-corrected performance of `spec` on `data` by B =
/// optimism.bootstraps bootstrap samples drawn by bootstrapSamples(n, B,
/// optimism.seed). The apparent fit uses optimism.seed for its inner folds;
/// the fit on sample b uses streamSeed(optimism.seed, b). Samples run in
/// parallel; the results are identical for every thread count. A sample on
/// which the pipeline cannot be fitted (rgw::Error: a class or event missing,
/// separation, non-convergence) is skipped and counted in failedResamples,
/// like rms's "B used"; an index a sample cannot give is left out of that
/// index's means only (OptimismIndex::used). `progress` is called after each
/// sample (from worker threads). Throws rgw::Error for B < 1, no rows, a
/// pipeline that cannot be fitted on all rows, every sample failing, and
/// "cancelled" when `cancel` is set.
/// Known limitation of the method (not of this code): test_b is measured on
/// the original rows, about 63.2 % of which are in sample b, so for a
/// pipeline that overfits heavily (p >> n with selection) the optimism is
/// under-estimated — on pure noise (80 × 200, top-10 selection + lasso) the
/// corrected AUC is about 0.7 where cross-validation gives about 0.5 (Efron &
/// Tibshirani 1997, the .632+ estimator). crossValidate() is the protocol for
/// that case.
OptimismResult bootstrapOptimism(const PipelineSpec& spec, const PipelineData& data,
                                 const OptimismSpec& optimism, const ProgressFn& progress = {},
                                 const CancelToken* cancel = nullptr);

/// The same with the bootstrap samples given: resamples[b] lists the 0-based
/// rows of sample b (repeats allowed, usually n of them). optimism.bootstraps
/// is ignored; optimism.seed and threads are used as above. Throws rgw::Error
/// for no samples, an empty sample or a row outside 0 .. n − 1.
OptimismResult bootstrapOptimism(const PipelineSpec& spec, const PipelineData& data,
                                 const std::vector<std::vector<std::size_t>>& resamples,
                                 const OptimismSpec& optimism, const ProgressFn& progress = {},
                                 const CancelToken* cancel = nullptr);

} // namespace rgw::modeling
