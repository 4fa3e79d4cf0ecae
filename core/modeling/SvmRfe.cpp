#include "modeling/SvmRfe.h"

#include "modeling/SelectionChecks.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <libsvm/svm.h>
#include <memory>
#include <mutex>
#include <numeric>
#include <string>

namespace rgw::modeling {

namespace {

void silenceLibsvm() {
    static std::once_flag once;
    std::call_once(once, [] { svm_set_print_string_function([](const char*) {}); });
}

/// e1071::svm's defaults for a C-classification with a linear kernel.
svm_parameter linearParameter(double cost) {
    svm_parameter param{};
    param.svm_type = C_SVC;
    param.kernel_type = LINEAR;
    param.cache_size = 40; // MB, e1071's cachesize
    param.eps = 1e-3;      // e1071's tolerance
    param.C = cost;
    param.shrinking = 1;
    param.probability = 0;
    return param;
}

Eigen::MatrixXd columns(const Eigen::MatrixXd& x, const std::vector<Eigen::Index>& cols) {
    Eigen::MatrixXd out(x.rows(), static_cast<Eigen::Index>(cols.size()));
    for (std::size_t k = 0; k < cols.size(); ++k)
        out.col(static_cast<Eigen::Index>(k)) = x.col(cols[k]);
    return out;
}

} // namespace

Eigen::VectorXd linearSvmWeights(const Eigen::MatrixXd& x, const Eigen::VectorXd& label01,
                                 double cost) {
    if (!(cost > 0 && std::isfinite(cost)))
        throw Error("linear SVM: the cost C must be finite and > 0, not " + std::to_string(cost));
    if (x.rows() != label01.size())
        throw Error("linear SVM: " + std::to_string(x.rows()) + " rows of features for " +
                    std::to_string(label01.size()) + " labels");
    if (!x.allFinite())
        throw Error("linear SVM: the features have a non-finite value");
    if (!((label01.array() == 0.0) || (label01.array() == 1.0)).all())
        throw Error("linear SVM: the labels must be 0 or 1");
    if ((label01.array() == label01(0)).all())
        throw Error("linear SVM: the labels have a single class");
    silenceLibsvm();
    const Eigen::Index n = x.rows(), p = x.cols();
    // Dense libsvm rows (indices 1..p, terminated by index -1).
    std::vector<svm_node> nodes(static_cast<std::size_t>(n * (p + 1)));
    std::vector<svm_node*> rows(static_cast<std::size_t>(n));
    std::vector<double> y(label01.data(), label01.data() + n);
    for (Eigen::Index i = 0; i < n; ++i) {
        svm_node* row = nodes.data() + i * (p + 1);
        for (Eigen::Index j = 0; j < p; ++j)
            row[j] = svm_node{static_cast<int>(j + 1), x(i, j)};
        row[p] = svm_node{-1, 0.0};
        rows[static_cast<std::size_t>(i)] = row;
    }
    svm_problem problem{static_cast<int>(n), y.data(), rows.data()};
    const svm_parameter param = linearParameter(cost);
    if (const char* why = svm_check_parameter(&problem, &param))
        throw Error(std::string("libsvm refused the parameters: ") + why);
    std::unique_ptr<svm_model, void (*)(svm_model*)> model(
        svm_train(&problem, &param), [](svm_model* m) { svm_free_and_destroy_model(&m); });
    if (!model || model->nr_class != 2)
        throw Error("libsvm did not return a two-class model");
    // w = Σ_i (α_i y_i) x_i over the support vectors (Guyon et al. 2002, eq. 6).
    Eigen::VectorXd w = Eigen::VectorXd::Zero(p);
    for (int s = 0; s < model->l; ++s)
        for (const svm_node* node = model->SV[s]; node->index != -1; ++node)
            w(node->index - 1) += model->sv_coef[0][s] * node->value;
    return w;
}

SvmRfeResult svmRfe(const Eigen::MatrixXd& x, const Outcome& y, int keep, double cost,
                    double share) {
    detail::checkSelectionInput("SVM-RFE", x, y, 4);
    if (y.kind != ModelKind::Logistic)
        throw Error("SVM-RFE needs a binary outcome (one linear SVM), not a " +
                    std::string(modelKindName(y.kind)) + " one");
    detail::classesOf("SVM-RFE", y, 2);
    if (keep < 1 || keep > x.cols())
        throw Error("SVM-RFE: the number of features to keep must lie in 1.." +
                    std::to_string(x.cols()) + ", not " + std::to_string(keep));
    if (!(share >= 0 && share < 1))
        throw Error("SVM-RFE: the share eliminated per step must lie in [0, 1), not " +
                    std::to_string(share));
    SvmRfeResult result;
    std::vector<Eigen::Index> remaining(static_cast<std::size_t>(x.cols()));
    std::iota(remaining.begin(), remaining.end(), Eigen::Index{0});
    while (remaining.size() > static_cast<std::size_t>(keep)) {
        const Eigen::VectorXd w = linearSvmWeights(columns(x, remaining), y.label, cost);
        // Ranking criterion c_j = w_j² (Guyon et al. 2002); smallest first, ties by column.
        const Eigen::ArrayXd w2 = w.array().square();
        std::vector<std::size_t> order(remaining.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return w2(static_cast<Eigen::Index>(a)) < w2(static_cast<Eigen::Index>(b));
        });
        const std::size_t surplus = remaining.size() - static_cast<std::size_t>(keep);
        const auto byShare =
            static_cast<std::size_t>(std::floor(share * static_cast<double>(remaining.size())));
        const std::size_t drop = std::min(surplus, std::max<std::size_t>(1, byShare));
        std::vector<bool> dropped(remaining.size(), false);
        for (std::size_t k = 0; k < drop; ++k) {
            dropped[order[k]] = true;
            result.eliminated.push_back(remaining[order[k]]);
        }
        std::vector<Eigen::Index> next;
        for (std::size_t k = 0; k < remaining.size(); ++k)
            if (!dropped[k])
                next.push_back(remaining[k]);
        remaining = std::move(next);
    }
    result.kept = remaining;
    return result;
}

} // namespace rgw::modeling
