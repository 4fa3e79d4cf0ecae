#pragma once

// The fitted steps before selection and learning: imputation of missing
// values and per-column transforms. fitPreprocessing() learns its numbers
// (medians, modes, log shifts, means and standard deviations) from the
// training rows only; applyPreprocessing() uses them unchanged on test rows
// and new patients. Missing values are NaN and are never read as zero.

#include <Eigen/Core>
#include <string>
#include <vector>

namespace rgw::modeling {

enum class Imputation {
    None,   ///< no imputation: a missing value is an error (rows were dropped before)
    Median, ///< median of the training values; the mode for binary (0/1) columns
    /// Complete cases: training leaves out the rows missing any candidate
    /// feature (before the resampling: dropping fits nothing); scoring refuses
    /// a patient missing an input, naming it. Otherwise as None.
    Drop,
};

struct PreprocessingSpec {
    Imputation imputation = Imputation::Median;
    /// Columns (by name) to log-transform: log(x + shift), shift fitted so
    /// that the smallest training value maps to log(1) when it is <= 0
    /// (shift = 0 when every training value is > 0).
    std::vector<std::string> logColumns;
    /// z-score every column with the training mean and standard deviation
    /// (n - 1); a column constant in training is centred only.
    bool zScore = true;
};

/// What preprocessing learned on the training rows, per column.
struct FittedPreprocessing {
    std::vector<std::string> columns;
    Imputation imputation = Imputation::Median;
    std::vector<double> fill;     ///< the imputed value (median, or mode of a binary column)
    std::vector<bool> logged;     ///< log-transformed
    std::vector<double> logShift; ///< added before the log
    std::vector<double> logFloor; ///< the smallest training value of a log column
    std::vector<double> center;   ///< subtracted after the log (0 without z-score)
    std::vector<double> scale;    ///< divided by after centring (1 without z-score)
};

/// Learns the steps of `spec` from `train` (rows × columns, NaN = missing).
/// Throws rgw::Error naming the column when a column has no training value,
/// or when a log column is named that is not among `columns`.
FittedPreprocessing fitPreprocessing(const Eigen::MatrixXd& train,
                                     const std::vector<std::string>& columns,
                                     const PreprocessingSpec& spec);

/// Applies the fitted steps to `x` (same columns). A value outside the log's
/// domain (x + shift <= 0, possible only on new data) is clamped to the
/// smallest training value.
/// Throws rgw::Error naming the row and column of a missing value when the
/// imputation is None, and of a non-finite value.
Eigen::MatrixXd applyPreprocessing(const FittedPreprocessing& fitted, const Eigen::MatrixXd& x);

/// The fitted steps of the columns `keep` (indices into fitted.columns), in
/// that order: each column's steps are independent of the others.
FittedPreprocessing subsetColumns(const FittedPreprocessing& fitted,
                                  const std::vector<Eigen::Index>& keep);

} // namespace rgw::modeling
