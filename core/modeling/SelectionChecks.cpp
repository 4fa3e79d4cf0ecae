#include "modeling/SelectionChecks.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace rgw::modeling::detail {

void checkSelectionInput(const char* method, const Eigen::MatrixXd& x, const Outcome& y,
                         Eigen::Index minRows) {
    const std::string m(method);
    if (x.cols() < 1)
        throw Error(m + ": there are no features to select from");
    if (x.rows() < minRows)
        throw Error(m + " needs at least " + std::to_string(minRows) + " rows, not " +
                    std::to_string(x.rows()));
    if (static_cast<std::size_t>(x.rows()) != y.size())
        throw Error(m + ": " + std::to_string(x.rows()) + " rows of features for " +
                    std::to_string(y.size()) + " outcomes");
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        for (Eigen::Index i = 0; i < x.rows(); ++i)
            if (!std::isfinite(x(i, j)))
                throw Error(m + ": feature " + std::to_string(j + 1) +
                            " has a non-finite value in row " + std::to_string(i + 1) +
                            " (impute missing values before selection)");
}

std::vector<int> classesOf(const char* method, const Outcome& y, int minPerClass) {
    const std::string m(method);
    std::vector<int> cls;
    switch (y.kind) {
    case ModelKind::Logistic:
        for (Eigen::Index i = 0; i < y.label.size(); ++i) {
            if (y.label(i) != 0.0 && y.label(i) != 1.0)
                throw Error(m + ": the binary outcome of row " + std::to_string(i + 1) +
                            " is not 0 or 1");
            cls.push_back(static_cast<int>(y.label(i)));
        }
        break;
    case ModelKind::Multinomial:
        cls = y.classOf;
        break;
    case ModelKind::Cox:
        throw Error(m + " needs a binary or multiclass outcome, not a survival one");
    }
    std::map<int, int> counts;
    for (const int c : cls) {
        if (c < 0)
            throw Error(m + ": a class index is negative");
        ++counts[c];
    }
    if (counts.size() < 2)
        throw Error(m + " needs at least two classes among the rows, found " +
                    std::to_string(counts.size()));
    for (const auto& [c, n] : counts)
        if (n < minPerClass)
            throw Error(m + " needs at least " + std::to_string(minPerClass) +
                        " rows of every class; class " + std::to_string(c) + " has " +
                        std::to_string(n));
    return cls;
}

} // namespace rgw::modeling::detail
