#include "modeling/TableFit.h"

#include "modeling/Response.h"
#include "stats/CoefficientTable.h"
#include "stats/Glmnet.h"
#include "stats/LogisticRegression.h"
#include "stats/MultinomialRegression.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>

namespace rgw::modeling {

namespace {

std::vector<std::string> responses(const FitRequest& r) {
    return r.model == ModelKind::Cox ? std::vector<std::string>{r.time, r.event}
                                     : std::vector<std::string>{r.target};
}

void resolveFeatures(const stats::DataTable& table, FitRequest& request) {
    const std::vector<std::string> response = responses(request);
    for (const std::string& column : response) {
        if (column.empty())
            throw Error(request.model == ModelKind::Cox
                            ? "a Cox model needs a time and an event column"
                            : "a " + std::string(modelKindName(request.model)) +
                                  " model needs a target column");
        table.require(column);
    }
    if (request.features.empty()) {
        for (const std::string& name : table.numericColumns())
            if (std::find(response.begin(), response.end(), name) == response.end())
                request.features.push_back(name);
        if (request.features.empty())
            throw Error(table.source() +
                        ": no numeric column besides the response to use as a feature");
        return;
    }
    for (const std::string& name : request.features) {
        if (std::find(response.begin(), response.end(), name) != response.end())
            throw Error("'" + name + "' is the response; it cannot also be a feature");
        (void)table.numbers(name); // names the first value that is not a number
    }
}

CoefficientSet fromTable(const stats::CoefficientTable& t, std::string label) {
    CoefficientSet set;
    set.label = std::move(label);
    set.names = t.names;
    for (Eigen::Index i = 0; i < t.estimate.size(); ++i) {
        set.estimate.push_back(t.estimate(i));
        set.standardError.push_back(t.standardError(i));
        set.z.push_back(t.z(i));
        set.p.push_back(t.p(i));
        set.ratio.push_back(t.ratio(i));
        set.ratioLower.push_back(t.ratioLower(i));
        set.ratioUpper.push_back(t.ratioUpper(i));
    }
    return set;
}

CoefficientSet penalisedSet(std::string label, const std::vector<std::string>& features,
                            std::optional<double> intercept, const Eigen::VectorXd& beta) {
    CoefficientSet set;
    set.label = std::move(label);
    if (intercept) {
        set.names.push_back("(Intercept)");
        set.estimate.push_back(*intercept);
    }
    for (std::size_t j = 0; j < features.size(); ++j) {
        set.names.push_back(features[j]);
        set.estimate.push_back(beta(static_cast<Eigen::Index>(j)));
    }
    return set;
}

constexpr double kSingleFitThreshold = 1e-14;

/// The fit at one λ, reached as glmnet advises: along its own default
/// sequence from λmax down to λ with warm starts (a cold start at a small λ
/// converges to a visibly different point for badly scaled features), and to
/// a tight convergence test since a single fit is cheap. Returns the path;
/// its last column is the fit at λ.
template <class Fit>
stats::GlmnetPath fitDownTo(double lambda, stats::GlmnetOptions options, Fit fit) {
    options.threshold = kSingleFitThreshold;
    options.lambda.clear();
    const stats::GlmnetPath defaultPath = fit(options);
    options.lambda.clear();
    for (const double l : defaultPath.lambda)
        if (l > lambda)
            options.lambda.push_back(l);
    options.lambda.push_back(lambda);
    stats::GlmnetPath path = fit(options);
    if (path.lambda.size() != options.lambda.size())
        throw Error("the penalised fit did not converge down to lambda " + std::to_string(lambda));
    return path;
}

Eigen::Index lastColumn(const stats::GlmnetPath& path) {
    return static_cast<Eigen::Index>(path.lambda.size()) - 1;
}

} // namespace

FitSummary fitTable(const stats::DataTable& table, FitRequest request) {
    resolveFeatures(table, request);
    const bool penalised = request.penalty != Penalty::None;
    if (penalised && !request.lambda)
        throw Error("a penalised fit on all rows needs lambda; to choose lambda by "
                    "cross-validation use model train");
    if (!penalised && request.lambda)
        throw Error("lambda is given but the penalty is none");
    if (request.lambda && !(*request.lambda >= 0.0 && std::isfinite(*request.lambda)))
        throw Error("lambda must be a finite number >= 0");

    FitSummary summary;
    summary.alpha = penaltyAlpha(request.penalty, request.alpha);
    std::vector<std::string> used = responses(request);
    used.insert(used.end(), request.features.begin(), request.features.end());
    const std::vector<std::size_t> rows = table.completeRows(used);
    summary.rowsUsed = rows.size();
    summary.rowsDropped = table.rows() - rows.size();
    if (rows.empty())
        throw Error(table.source() + ": no row has a value in every column used");
    const Eigen::MatrixXd x = table.matrix(request.features, rows);

    stats::GlmnetOptions glmnet;
    glmnet.alpha = summary.alpha;
    const double lambda = request.lambda.value_or(0.0);

    switch (request.model) {
    case ModelKind::Logistic: {
        const BinaryResponse y = binaryResponse(table, request.target, rows);
        summary.classes = {y.negative, y.positive};
        if (!penalised) {
            const stats::LogisticFit fit = stats::fitLogistic(x, y.y, request.features);
            summary.sets.push_back(fromTable(fit.coefficients, {}));
            summary.logLikelihood = fit.logLikelihood;
        } else {
            const stats::GlmnetPath path =
                fitDownTo(lambda, glmnet, [&](const stats::GlmnetOptions& o) {
                    return stats::fitGlmnetBinomial(x, y.y, o);
                });
            const Eigen::Index at = lastColumn(path);
            summary.sets.push_back(
                penalisedSet({}, request.features, path.intercept(at), path.beta.col(at)));
        }
        break;
    }
    case ModelKind::Multinomial: {
        const ClassResponse y = classResponse(table, request.target, rows);
        summary.classes = y.classes;
        const int k = static_cast<int>(y.classes.size());
        if (!penalised) {
            const stats::MultinomialFit fit =
                stats::fitMultinomial(x, y.classOf, k, request.features);
            for (std::size_t c = 1; c < y.classes.size(); ++c)
                summary.sets.push_back(fromTable(fit.coefficients[c - 1], y.classes[c]));
            summary.logLikelihood = fit.logLikelihood;
        } else {
            // glmnet's symmetric parametrisation: one set per class, none is the reference.
            const stats::GlmnetPath path =
                fitDownTo(lambda, glmnet, [&](const stats::GlmnetOptions& o) {
                    return stats::fitGlmnetMultinomial(x, y.classOf, k, o);
                });
            const Eigen::Index at = lastColumn(path);
            for (std::size_t c = 0; c < y.classes.size(); ++c)
                summary.sets.push_back(
                    penalisedSet(y.classes[c], request.features,
                                 path.classIntercept(static_cast<Eigen::Index>(c), at),
                                 path.classBeta[c].col(at)));
        }
        break;
    }
    case ModelKind::Cox: {
        const SurvivalResponse y = survivalResponse(table, request.time, request.event, rows);
        if (!penalised) {
            stats::CoxOptions options;
            options.ties = request.ties.value_or(stats::CoxTies::Efron);
            request.ties = options.ties;
            const stats::CoxFit fit = stats::fitCox(x, y.time, y.event, request.features, options);
            summary.sets.push_back(fromTable(fit.coefficients, {}));
            summary.logLikelihood = fit.logLikelihood;
        } else {
            if (request.ties.value_or(stats::CoxTies::Breslow) != stats::CoxTies::Breslow)
                throw Error("penalised Cox models handle ties as Breslow does (as glmnet); "
                            "Efron ties are for the unpenalised model");
            request.ties = stats::CoxTies::Breslow;
            const stats::GlmnetPath path =
                fitDownTo(lambda, glmnet, [&](const stats::GlmnetOptions& o) {
                    return stats::fitGlmnetCox(x, y.time, y.event, o);
                });
            summary.sets.push_back(
                penalisedSet({}, request.features, {}, path.beta.col(lastColumn(path))));
        }
        break;
    }
    }
    summary.request = std::move(request);
    return summary;
}

} // namespace rgw::modeling
