#include "modeling/StabilityFilter.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rgw::modeling {

namespace {

using Eigen::Index;

/// The minimum rows with a repeat: the ICC's F test needs n - 1 >= 2.
constexpr Index kMinimumPairs = 3;

void checkInput(const StabilitySpec& spec, const Eigen::MatrixXd& x, const Eigen::MatrixXd& repeats,
                const std::vector<std::string>& features) {
    if (!(spec.threshold >= 0.0 && spec.threshold <= 1.0))
        throw Error("stability filter: the ICC threshold " + std::to_string(spec.threshold) +
                    " is not between 0 and 1");
    if (static_cast<Index>(features.size()) != x.cols())
        throw Error("stability filter: " + std::to_string(features.size()) + " feature names for " +
                    std::to_string(x.cols()) + " columns");
    if (repeats.rows() != x.rows() || repeats.cols() != x.cols())
        throw Error("stability filter: the repeated measurements are " +
                    std::to_string(repeats.rows()) + " × " + std::to_string(repeats.cols()) +
                    " but the features are " + std::to_string(x.rows()) + " × " +
                    std::to_string(x.cols()) + " (rows × features)");
    for (Index j = 0; j < x.cols(); ++j)
        for (Index i = 0; i < x.rows(); ++i)
            if (std::isinf(x(i, j)) || std::isinf(repeats(i, j)))
                throw Error("stability filter: feature '" + features[static_cast<std::size_t>(j)] +
                            "' has an infinite value in row " + std::to_string(i + 1));
}

/// Rows whose repeat has at least one value.
std::vector<Index> rowsWithRepeat(const Eigen::MatrixXd& repeats) {
    std::vector<Index> rows;
    for (Index i = 0; i < repeats.rows(); ++i)
        if (!repeats.row(i).array().isNaN().all())
            rows.push_back(i);
    return rows;
}

} // namespace

StabilityResult stabilityFilter(const StabilitySpec& spec, const Eigen::MatrixXd& x,
                                const Eigen::MatrixXd& repeats,
                                const std::vector<std::string>& features,
                                const std::vector<Eigen::Index>& exempt) {
    checkInput(spec, x, repeats, features);
    const std::vector<Index> withRepeat = rowsWithRepeat(repeats);
    if (static_cast<Index>(withRepeat.size()) < kMinimumPairs)
        throw Error("stability filter: needs a repeated measurement of at least " +
                    std::to_string(kMinimumPairs) + " training rows, found " +
                    std::to_string(withRepeat.size()));
    StabilityResult result;
    result.icc.assign(features.size(), std::numeric_limits<double>::quiet_NaN());
    result.pairs.assign(features.size(), 0);
    for (Index j = 0; j < x.cols(); ++j) {
        if (std::find(exempt.begin(), exempt.end(), j) != exempt.end()) {
            result.kept.push_back(j);
            continue;
        }
        const std::string& name = features[static_cast<std::size_t>(j)];
        std::vector<Index> complete;
        for (const Index i : withRepeat)
            if (!std::isnan(x(i, j)) && !std::isnan(repeats(i, j)))
                complete.push_back(i);
        if (static_cast<Index>(complete.size()) < kMinimumPairs)
            throw Error("stability filter: feature '" + name + "' has " +
                        std::to_string(complete.size()) +
                        " training rows with both a first and a repeated value; the ICC needs " +
                        std::to_string(kMinimumPairs));
        Eigen::MatrixXd ratings(static_cast<Index>(complete.size()), 2);
        ratings.col(0) = x(complete, j);
        ratings.col(1) = repeats(complete, j);
        result.pairs[static_cast<std::size_t>(j)] = ratings.rows();
        const auto rowMean = ratings.rowwise().mean();
        if ((rowMean.array() == rowMean(0)).all())
            continue; // no variance between rows: ICC undefined, not kept
        const double icc = stats::intraclassCorrelation(ratings, spec.kind).icc;
        result.icc[static_cast<std::size_t>(j)] = icc;
        if (icc >= spec.threshold)
            result.kept.push_back(j);
    }
    return result;
}

} // namespace rgw::modeling
