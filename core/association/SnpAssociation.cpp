#include "association/SnpAssociation.h"

#include "stats/Distributions.h"
#include "stats/LinearRegression.h"
#include "stats/MultipleTesting.h"
#include "util/Error.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace rgw::association {

namespace {

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

void validateInput(const GenotypeMatrix& genotypes, const SnpOutcome& outcome,
                   const SnpCovariates& covariates, const SnpAssociationOptions& options) {
    validateGenotypeMatrix(genotypes);
    validateFilters(options.filters);
    if (!(options.confidenceLevel > 0.0 && options.confidenceLevel < 1.0))
        throw Error("SNP association: confidence level " + number(options.confidenceLevel) +
                    " is outside (0, 1)");
    const auto n = static_cast<Eigen::Index>(genotypes.samples.size());
    const std::string what = "SNP association: outcome '" + outcome.name + "'";
    if (outcome.value.size() != n)
        throw Error(what + " has " + std::to_string(outcome.value.size()) + " values for " +
                    std::to_string(n) + " genotyped samples");
    if (outcome.kind == OutcomeKind::TimeToEvent && outcome.event.size() != n)
        throw Error(what + " has " + std::to_string(outcome.event.size()) + " event values for " +
                    std::to_string(n) + " genotyped samples");
    for (Eigen::Index i = 0; i < n; ++i) {
        const double v = outcome.value(i);
        const std::string sample =
            ", sample '" + genotypes.samples[static_cast<std::size_t>(i)] + "'";
        if (std::isnan(v))
            continue;
        if (outcome.kind == OutcomeKind::Binary && v != 0.0 && v != 1.0)
            throw Error(what + sample + ": " + number(v) + " is not 0 (control) or 1 (case)");
        if (!std::isfinite(v))
            throw Error(what + sample + ": the value is infinite");
        if (outcome.kind == OutcomeKind::TimeToEvent) {
            if (!(v > 0.0))
                throw Error(what + sample + ": time " + number(v) + " is not positive");
            const double e = outcome.event(i);
            if (!std::isnan(e) && e != 0.0 && e != 1.0)
                throw Error(what + sample + ": event " + number(e) +
                            " is not 1 (event) or 0 (censored)");
        }
    }
    if (covariates.values.rows() != (covariates.names.empty() ? covariates.values.rows() : n) ||
        covariates.values.cols() != static_cast<Eigen::Index>(covariates.names.size()))
        throw Error("SNP association: covariates are " + std::to_string(covariates.values.rows()) +
                    " × " + std::to_string(covariates.values.cols()) + " values for " +
                    std::to_string(n) + " samples and " + std::to_string(covariates.names.size()) +
                    " names");
    std::unordered_set<std::string> names;
    for (const auto& snp : genotypes.snps)
        names.insert(snp.id);
    for (const auto& name : covariates.names)
        if (name.empty() || !names.insert(name).second)
            throw Error("SNP association: covariate '" + name +
                        "' is empty, named twice or named as a SNP");
    for (Eigen::Index j = 0; j < covariates.values.cols(); ++j)
        for (Eigen::Index i = 0; i < covariates.values.rows(); ++i)
            if (std::isinf(covariates.values(i, j)))
                throw Error("SNP association: covariate '" +
                            covariates.names[static_cast<std::size_t>(j)] + "', sample '" +
                            genotypes.samples[static_cast<std::size_t>(i)] + "' is infinite");
}

/// The largest variance inflation factor among the columns of x (the
/// diagonal of the inverse correlation matrix), as PLINK's --vif check; 1 for
/// one column; infinity when the correlation matrix is singular.
std::pair<double, Eigen::Index> largestVif(const Eigen::MatrixXd& x) {
    if (x.cols() < 2)
        return {1.0, 0};
    const Eigen::MatrixXd centred = x.rowwise() - x.colwise().mean();
    const Eigen::VectorXd scale = centred.colwise().norm().transpose();
    const Eigen::MatrixXd standard = centred * scale.cwiseInverse().asDiagonal();
    const Eigen::MatrixXd correlation = standard.transpose() * standard;
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(correlation);
    if (ldlt.info() != Eigen::Success || !ldlt.isPositive() || ldlt.rcond() < 1e-12)
        return {std::numeric_limits<double>::infinity(), 0};
    const Eigen::VectorXd vif =
        ldlt.solve(Eigen::MatrixXd::Identity(x.cols(), x.cols())).diagonal();
    Eigen::Index worst = 0;
    vif.maxCoeff(&worst);
    return {vif(worst), worst};
}

/// Fits one SNP's model on the samples marked in `analysable` with the SNP's
/// genotype present, filling `test`.
void fitSnp(SnpTest& test, const Eigen::Ref<const Eigen::VectorXd>& dosage,
            const std::vector<char>& analysable, const SnpOutcome& outcome,
            const SnpCovariates& covariates, const SnpAssociationOptions& options) {
    std::vector<Eigen::Index> rows;
    for (Eigen::Index i = 0; i < dosage.size(); ++i)
        if (analysable[static_cast<std::size_t>(i)] && !std::isnan(dosage(i)))
            rows.push_back(i);
    const auto n = static_cast<Eigen::Index>(rows.size());
    const auto k = static_cast<Eigen::Index>(covariates.names.size());
    Eigen::MatrixXd x(n, k + 1);
    Eigen::VectorXd y(n), event(n);
    for (Eigen::Index r = 0; r < n; ++r) {
        const Eigen::Index i = rows[static_cast<std::size_t>(r)];
        x(r, 0) = dosage(i);
        if (k > 0)
            x.row(r).tail(k) = covariates.values.row(i);
        y(r) = outcome.value(i);
        event(r) = outcome.kind == OutcomeKind::TimeToEvent ? outcome.event(i) : 0.0;
    }
    test.samples = rows.size();
    if (outcome.kind == OutcomeKind::Binary)
        test.events = static_cast<std::size_t>(y.sum());
    else if (outcome.kind == OutcomeKind::TimeToEvent)
        test.events = static_cast<std::size_t>(event.sum());
    if (n == 0) {
        test.reason = "no sample has the genotype, the outcome and every covariate";
        return;
    }
    if (x.col(0).maxCoeff() == x.col(0).minCoeff()) {
        test.reason = "constant genotype: all " + std::to_string(n) +
                      " samples in the model have dosage " + number(x(0, 0));
        return;
    }
    std::vector<std::string> names{test.snp.id};
    names.insert(names.end(), covariates.names.begin(), covariates.names.end());
    const double z = stats::normalQuantile(1.0 - (1.0 - options.confidenceLevel) / 2.0);
    try {
        stats::CoefficientTable table;
        Eigen::Index row = 0;
        switch (outcome.kind) {
        case OutcomeKind::Binary:
            table = stats::fitLogistic(x, y, names, options.logistic).coefficients;
            row = 1;
            break;
        case OutcomeKind::Continuous: {
            if (const auto [vif, column] = largestVif(x); !(vif <= options.maxVif)) {
                test.reason = "multicollinearity: the variance inflation factor of '" +
                              names[static_cast<std::size_t>(column)] + "' is " + number(vif) +
                              " > " + number(options.maxVif) + " (PLINK --vif)";
                return;
            }
            table = stats::fitLinear(x, y, names).coefficients;
            row = 1;
            break;
        }
        case OutcomeKind::TimeToEvent:
            table = stats::fitCox(x, y, event, names, options.cox).coefficients;
            row = 0;
            break;
        }
        test.beta = table.estimate(row);
        test.standardError = table.standardError(row);
        test.statistic = table.z(row);
        test.p = table.p(row);
        if (outcome.kind == OutcomeKind::Continuous) {
            test.effect = test.beta;
            test.lower = test.beta - z * test.standardError;
            test.upper = test.beta + z * test.standardError;
        } else {
            test.effect = table.ratio(row);
            test.lower = table.ratioLower(row, options.confidenceLevel);
            test.upper = table.ratioUpper(row, options.confidenceLevel);
        }
        test.status = SnpStatus::Tested;
    } catch (const Error& e) {
        test.reason = e.what();
    }
}

} // namespace

std::size_t SnpAssociationResult::testedCount() const {
    return static_cast<std::size_t>(std::count_if(
        snps.begin(), snps.end(), [](const SnpTest& t) { return t.status == SnpStatus::Tested; }));
}

SnpAssociationResult associateSnps(const GenotypeMatrix& genotypes, const SnpOutcome& outcome,
                                   const SnpCovariates& covariates,
                                   const SnpAssociationOptions& options, const ProgressFn& progress,
                                   const CancelToken* cancel) {
    validateInput(genotypes, outcome, covariates, options);
    const std::size_t n = genotypes.samples.size();
    SnpAssociationResult result;
    result.kind = outcome.kind;
    result.outcome = outcome.name;
    result.covariates = covariates.names;

    // PLINK's sample rule: the outcome and every covariate present.
    std::vector<char> analysable(n, 0);
    for (std::size_t s = 0; s < n; ++s) {
        const auto i = static_cast<Eigen::Index>(s);
        bool present = !std::isnan(outcome.value(i)) &&
                       (outcome.kind != OutcomeKind::TimeToEvent || !std::isnan(outcome.event(i)));
        for (Eigen::Index j = 0; present && j < covariates.values.cols(); ++j)
            present = !std::isnan(covariates.values(i, j));
        analysable[s] = present ? 1 : 0;
        result.analysableSamples += present ? 1 : 0;
    }
    const bool binary = outcome.kind == OutcomeKind::Binary;
    const Eigen::VectorXd qcOutcome = binary ? outcome.value : Eigen::VectorXd();

    const std::size_t m = genotypes.snps.size();
    result.snps.reserve(m);
    for (std::size_t j = 0; j < m; ++j) {
        if (cancel && cancel->isCancelled())
            throw Error("cancelled");
        SnpTest test;
        test.snp = genotypes.snps[j];
        const auto dosage = genotypes.dosage.col(static_cast<Eigen::Index>(j));
        test.qc = snpQc(dosage, qcOutcome);
        test.reason = filterReason(test.qc, options.filters, binary);
        if (!test.reason.empty())
            test.status = SnpStatus::Filtered;
        else
            fitSnp(test, dosage, analysable, outcome, covariates, options);
        result.snps.push_back(std::move(test));
        if (progress)
            progress(j + 1, m, genotypes.snps[j].id);
    }

    std::vector<double> p(m);
    for (std::size_t j = 0; j < m; ++j)
        p[j] = result.snps[j].p; // NaN unless tested: not counted among the tests
    const auto fdr = stats::benjaminiHochberg(p);
    const auto bonferroni = stats::bonferroni(p);
    for (std::size_t j = 0; j < m; ++j) {
        result.snps[j].fdr = fdr[j];
        result.snps[j].bonferroni = bonferroni[j];
    }
    return result;
}

} // namespace rgw::association
