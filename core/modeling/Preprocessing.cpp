#include "modeling/Preprocessing.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>

namespace rgw::modeling {

namespace {

std::vector<double> presentValues(const Eigen::MatrixXd& x, Eigen::Index column) {
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(x.rows()));
    for (Eigen::Index i = 0; i < x.rows(); ++i)
        if (!std::isnan(x(i, column)))
            values.push_back(x(i, column));
    return values;
}

// The median as R's median(): the mean of the two middle values for even n.
double median(std::vector<double> values) {
    const std::size_t n = values.size();
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n / 2),
                     values.end());
    const double upper = values[n / 2];
    if (n % 2 == 1)
        return upper;
    return 0.5 * (upper + *std::max_element(values.begin(),
                                            values.begin() + static_cast<std::ptrdiff_t>(n / 2)));
}

bool isBinary(const std::vector<double>& values) {
    return std::all_of(values.begin(), values.end(), [](double v) { return v == 0.0 || v == 1.0; });
}

// The mode of a 0/1 column; ties go to 0 (the reference level).
double binaryMode(const std::vector<double>& values) {
    const auto ones = std::count(values.begin(), values.end(), 1.0);
    return 2 * static_cast<std::size_t>(ones) > values.size() ? 1.0 : 0.0;
}

} // namespace

FittedPreprocessing fitPreprocessing(const Eigen::MatrixXd& train,
                                     const std::vector<std::string>& columns,
                                     const PreprocessingSpec& spec) {
    if (static_cast<std::size_t>(train.cols()) != columns.size())
        throw Error("preprocessing: " + std::to_string(columns.size()) + " names for " +
                    std::to_string(train.cols()) + " columns");
    for (const std::string& name : spec.logColumns)
        if (std::find(columns.begin(), columns.end(), name) == columns.end())
            throw Error("preprocessing: no feature '" + name + "' to log-transform");
    FittedPreprocessing f;
    f.columns = columns;
    f.imputation = spec.imputation;
    const std::size_t p = columns.size();
    f.fill.assign(p, 0.0);
    f.logged.assign(p, false);
    f.logShift.assign(p, 0.0);
    f.logFloor.assign(p, 0.0);
    f.center.assign(p, 0.0);
    f.scale.assign(p, 1.0);
    for (std::size_t j = 0; j < p; ++j) {
        const auto col = static_cast<Eigen::Index>(j);
        std::vector<double> values = presentValues(train, col);
        if (values.empty())
            throw Error("preprocessing: feature '" + columns[j] +
                        "' has no value in the training rows");
        for (const double v : values)
            if (!std::isfinite(v))
                throw Error("preprocessing: feature '" + columns[j] + "' holds " +
                            std::to_string(v) + ", not a finite number");
        f.fill[j] = isBinary(values) ? binaryMode(values) : median(values);
        f.logged[j] = std::find(spec.logColumns.begin(), spec.logColumns.end(), columns[j]) !=
                      spec.logColumns.end();
        if (f.logged[j]) {
            // log(x + s) with s = 1 - min when min <= 0: the minimum maps to log(1) = 0.
            const double lowest = *std::min_element(values.begin(), values.end());
            f.logShift[j] = lowest > 0.0 ? 0.0 : 1.0 - lowest;
            f.logFloor[j] = lowest;
            for (double& v : values)
                v = std::log(v + f.logShift[j]);
        }
        if (spec.zScore) {
            // Training mean and sample standard deviation (n - 1), of the observed values.
            double mean = 0.0;
            for (const double v : values)
                mean += v;
            mean /= static_cast<double>(values.size());
            double ss = 0.0;
            for (const double v : values)
                ss += (v - mean) * (v - mean);
            const double sd =
                values.size() > 1 ? std::sqrt(ss / static_cast<double>(values.size() - 1)) : 0.0;
            f.center[j] = mean;
            f.scale[j] = sd > 0.0 ? sd : 1.0;
        }
    }
    return f;
}

Eigen::MatrixXd applyPreprocessing(const FittedPreprocessing& f, const Eigen::MatrixXd& x) {
    if (static_cast<std::size_t>(x.cols()) != f.columns.size())
        throw Error("preprocessing: the data have " + std::to_string(x.cols()) +
                    " columns, the fitted steps " + std::to_string(f.columns.size()));
    Eigen::MatrixXd out(x.rows(), x.cols());
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const auto c = static_cast<std::size_t>(j);
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            double v = x(i, j);
            if (std::isnan(v)) {
                if (f.imputation != Imputation::Median)
                    throw Error("preprocessing: row " + std::to_string(i + 1) +
                                " has no value of '" + f.columns[c] + "' and imputation is off");
                v = f.fill[c];
            } else if (!std::isfinite(v)) {
                throw Error("preprocessing: row " + std::to_string(i + 1) + ", feature '" +
                            f.columns[c] + "' is not a finite number");
            }
            if (f.logged[c])
                v = std::log((v + f.logShift[c] > 0.0 ? v : f.logFloor[c]) + f.logShift[c]);
            out(i, j) = (v - f.center[c]) / f.scale[c];
        }
    }
    return out;
}

FittedPreprocessing subsetColumns(const FittedPreprocessing& fitted,
                                  const std::vector<Eigen::Index>& keep) {
    FittedPreprocessing out;
    out.imputation = fitted.imputation;
    for (const Eigen::Index j : keep) {
        const auto c = static_cast<std::size_t>(j);
        if (j < 0 || c >= fitted.columns.size())
            throw Error("preprocessing has no column " + std::to_string(j));
        out.columns.push_back(fitted.columns[c]);
        out.fill.push_back(fitted.fill[c]);
        out.logged.push_back(fitted.logged[c]);
        out.logShift.push_back(fitted.logShift[c]);
        out.logFloor.push_back(fitted.logFloor[c]);
        out.center.push_back(fitted.center[c]);
        out.scale.push_back(fitted.scale[c]);
    }
    return out;
}

} // namespace rgw::modeling
