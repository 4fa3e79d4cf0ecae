#include "ModelTrainingWork.h"

#include "CohortAnalysisTable.h"
#include "Database.h"
#include "modeling/TableProvenance.h"
#include "modeling/TaskData.h"
#include "stats/CoxRegression.h"
#include "util/Error.h"
#include "util/Failure.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>
#include <type_traits>

namespace rgw::ui {

AnalysisTable loadCohortTable(const std::filesystem::path& databaseFile, const std::string& cohort,
                              const std::string& parameterSet, const ProgressFn& progress,
                              const CancelToken* cancel) {
    storage::Database db(databaseFile);
    storage::CohortExportOptions options;
    options.cohort = cohort;
    options.parameterSet = parameterSet;
    options.cancel = cancel;
    options.progress = progress;
    storage::CohortAnalysisTable t = storage::cohortAnalysisTable(db, options);
    AnalysisTable out;
    out.source = {t.table.source(), t.provenance.cohort, t.provenance.parameterSetHash};
    out.table = std::make_shared<const stats::DataTable>(std::move(t.table));
    return out;
}

AnalysisTable loadCsvTable(const std::filesystem::path& file) {
    AnalysisTable out;
    out.table = std::make_shared<const stats::DataTable>(stats::DataTable::read(file));
    const auto provenance = modeling::readTableProvenance(file);
    const modeling::TableProvenance p = provenance.value_or(modeling::TableProvenance{});
    out.source = {"table " + file.string(), p.cohort, p.parameterSetHash};
    return out;
}

TrainingOutput trainOnTable(const AnalysisTable& input, modeling::TrainingRequest request,
                            const ProgressFn& progress, const CancelToken* cancel) {
    if (!input.table)
        throw Error("no table is loaded to train on");
    TrainingOutput out{
        modeling::trainModel(*input.table, std::move(request), input.source, progress, cancel),
        std::nullopt,
        {}};
    out.nomogram = nomogramModelOf(out.result, *input.table, out.nomogramNote);
    return out;
}

namespace {

/// The model's features among the preprocessing's columns.
std::vector<Eigen::Index> columnsOf(const modeling::FittedPipeline& p) {
    std::vector<Eigen::Index> out;
    for (const auto& name : p.model.features) {
        const auto& cols = p.preprocessing.columns;
        const auto at = std::find(cols.begin(), cols.end(), name);
        if (at == cols.end())
            throw Error("feature '" + name + "' of the model has no preprocessing step");
        out.push_back(static_cast<Eigen::Index>(at - cols.begin()));
    }
    return out;
}

bool isBinaryColumn(const Eigen::VectorXd& v) {
    for (const double x : v)
        if (x != 0.0 && x != 1.0)
            return false;
    return v.size() > 0 && v.minCoeff() == 0.0 && v.maxCoeff() == 1.0;
}

} // namespace

std::optional<modeling::NomogramModel> nomogramModelOf(const modeling::TrainingResult& result,
                                                       const stats::DataTable& table,
                                                       std::string& whyNot) {
    const modeling::TrainedModel& m = result.model;
    const modeling::FittedPipeline& p = m.pipeline;
    const std::size_t k = p.model.features.size();
    if (m.task.kind == modeling::ModelKind::Multinomial) {
        whyNot = "A nomogram is drawn for logistic and Cox models; a multinomial model has one "
                 "linear predictor per class.";
        return std::nullopt;
    }
    if (k == 0) {
        whyNot = "The final model uses no feature (the penalty removed every one), so there is "
                 "nothing to draw.";
        return std::nullopt;
    }
    if (k > kMaxNomogramPredictors) {
        whyNot = "The final model uses " + std::to_string(k) +
                 " features; a nomogram is drawn for " + std::to_string(kMaxNomogramPredictors) +
                 " or fewer, where it stays readable. Use a stronger penalty (lambda.1se) or a "
                 "top-k filter for a smaller model.";
        return std::nullopt;
    }
    if (p.combat) {
        whyNot = "ComBat shifts and scales each batch differently, so the model is not one linear "
                 "scale of the input values a nomogram can show.";
        return std::nullopt;
    }
    const std::vector<Eigen::Index> cols = columnsOf(p);
    for (std::size_t j = 0; j < k; ++j)
        if (p.preprocessing.logged[static_cast<std::size_t>(cols[j])]) {
            whyNot = "Feature '" + p.model.features[j] +
                     "' is log-transformed, so its points are not linear in its value.";
            return std::nullopt;
        }

    // The training rows as the model saw them: imputed, then standardised.
    modeling::ModelTask task = m.task;
    const std::optional<std::string> role =
        table.has(modeling::kSplitColumn) ? std::optional<std::string>("train") : std::nullopt;
    const std::vector<std::size_t> rows = modeling::taskRows(table, task, role);
    const modeling::PipelineData data =
        modeling::taskData(table, task, p.inputFeatures, rows, true);
    const Eigen::MatrixXd z = modeling::applyPreprocessing(p.preprocessing, data.x);
    Eigen::MatrixXd zModel(z.rows(), static_cast<Eigen::Index>(k));
    Eigen::MatrixXd xModel(z.rows(), static_cast<Eigen::Index>(k));
    const auto& pre = p.preprocessing;
    for (std::size_t j = 0; j < k; ++j) {
        const auto c = static_cast<std::size_t>(cols[j]);
        zModel.col(static_cast<Eigen::Index>(j)) = z.col(cols[j]);
        // x = z * scale + centre: the imputed input values.
        xModel.col(static_cast<Eigen::Index>(j)) =
            (z.col(cols[j]).array() * pre.scale[c] + pre.center[c]).matrix();
    }
    const Eigen::VectorXd beta = p.model.beta.col(0);
    const Eigen::VectorXd lpStd = zModel * beta; // the standardised linear predictor z.beta

    modeling::NomogramModel nm;
    double shift = 0; // sum_j beta_j centre_j / scale_j
    for (std::size_t j = 0; j < k; ++j) {
        const auto c = static_cast<std::size_t>(cols[j]);
        const auto jj = static_cast<Eigen::Index>(j);
        const double b = beta(jj) / pre.scale[c]; // per unit of the input
        shift += beta(jj) * pre.center[c] / pre.scale[c];
        const Eigen::VectorXd v = xModel.col(jj);
        nm.predictors.push_back(
            isBinaryColumn(v)
                ? modeling::NomogramPredictor::discrete(p.model.features[j], b, {0.0, 1.0})
                : modeling::NomogramPredictor::continuous(p.model.features[j], b, v.minCoeff(),
                                                          v.maxCoeff()));
    }
    if (m.task.kind == modeling::ModelKind::Logistic) {
        nm.link = modeling::NomogramModel::Link::Logistic;
        const double alpha = p.model.intercept(0);
        nm.intercept = alpha - shift; // alpha + z.beta = intercept + x.b
        nm.lpLow = alpha + lpStd.minCoeff();
        nm.lpHigh = alpha + lpStd.maxCoeff();
        return nm;
    }
    // Cox: lp = x.b - centre = z.beta + shift - centre.
    nm.link = modeling::NomogramModel::Link::Cox;
    double centre = 0;
    for (std::size_t j = 0; j < k; ++j)
        centre += nm.predictors[j].coefficient * xModel.col(static_cast<Eigen::Index>(j)).mean();
    nm.centre = centre;
    const double offset = shift - centre;
    nm.lpLow = lpStd.minCoeff() + offset;
    nm.lpHigh = lpStd.maxCoeff() + offset;
    stats::CoxFit fit;
    fit.ties = stats::CoxTies::Breslow;
    fit.coefficients.names = p.model.features;
    fit.coefficients.estimate = beta;
    fit.means = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(k));
    const stats::BaselineHazard h = stats::baselineHazard(fit, zModel, data.y.time, data.y.event);
    std::vector<double> times;
    if (result.crossValidated.survival)
        for (const auto& t : result.crossValidated.survival->timeDependentAuc)
            times.push_back(t.time);
    for (const double t : times) {
        // H0 of the standardised fit at t (a step function), moved to the nomogram's centre:
        // S = exp(-H0z exp(z.beta)) = exp(-H0z exp(-offset) exp(lp)).
        double cumulative = 0;
        for (std::size_t i = 0; i < h.time.size() && h.time[i] <= t; ++i)
            cumulative = h.cumulativeHazard[i];
        if (cumulative > 0)
            nm.baseline.push_back({t, cumulative * std::exp(-offset)});
    }
    if (nm.baseline.empty()) {
        whyNot = "No event occurred by the evaluation times, so survival cannot be drawn.";
        return std::nullopt;
    }
    return nm;
}

ModelTrainingWork::ModelTrainingWork(QObject* parent) : QObject(parent) {}

ModelTrainingWork::~ModelTrainingWork() {
    // A job still running ends on its own; its result is dropped with the watcher.
    if (cancel_)
        cancel_->cancel();
}

template <class T, class Work> void ModelTrainingWork::run(const QString& what, Work work) {
    busy_ = true;
    cancel_ = std::make_shared<CancelToken>();
    emit started(what);
    // The relay outlives this object when it is destroyed mid-job.
    struct Result {
        std::shared_ptr<const T> value;
        QString error;
        bool cancelled = false;
    };
    auto* watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const Result r = watcher->result();
        watcher->deleteLater();
        busy_ = false;
        if (r.cancelled)
            emit cancelled();
        else if (!r.error.isEmpty())
            emit failed(r.error);
        else if constexpr (std::is_same_v<T, AnalysisTable>)
            emit tableLoaded(r.value);
        else
            emit trained(r.value);
        emit idle();
    });
    QPointer<ModelTrainingWork> self(this);
    std::shared_ptr<CancelToken> token = cancel_;
    const ProgressFn progressFn = [self](std::size_t done, std::size_t total,
                                         const std::string& text) {
        // Queued to the GUI thread; dropped when the page is gone.
        QMetaObject::invokeMethod(
            qApp,
            [self, done, total, message = QString::fromStdString(text)] {
                if (self)
                    emit self->progress(static_cast<qint64>(done), static_cast<qint64>(total),
                                        message);
            },
            Qt::QueuedConnection);
    };
    watcher->setFuture(QtConcurrent::run([work, token, progressFn]() -> Result {
        Result r;
        try {
            r.value = std::make_shared<const T>(work(progressFn, token.get()));
        } catch (const std::exception& e) {
            r.cancelled = token->isCancelled();
            r.error = QString::fromStdString(rgw::failureMessage(e));
        }
        return r;
    }));
}

bool ModelTrainingWork::loadCohort(const std::filesystem::path& databaseFile, const QString& cohort,
                                   const QString& parameterSet) {
    if (busy_)
        return false;
    run<AnalysisTable>(tr("Reading cohort %1").arg(cohort),
                       [databaseFile, c = cohort.toStdString(), s = parameterSet.toStdString()](
                           const ProgressFn& progressFn, const CancelToken* token) {
                           return loadCohortTable(databaseFile, c, s, progressFn, token);
                       });
    return true;
}

bool ModelTrainingWork::loadCsv(const QString& file) {
    if (busy_)
        return false;
    run<AnalysisTable>(tr("Reading %1").arg(file),
                       [path = std::filesystem::path(file.toStdU16String())](
                           const ProgressFn&, const CancelToken*) { return loadCsvTable(path); });
    return true;
}

bool ModelTrainingWork::train(const AnalysisTable& input, modeling::TrainingRequest request) {
    if (busy_)
        return false;
    run<TrainingOutput>(tr("Training %1").arg(QString::fromStdString(request.name)),
                        [input, request](const ProgressFn& progressFn, const CancelToken* token) {
                            return trainOnTable(input, request, progressFn, token);
                        });
    return true;
}

void ModelTrainingWork::cancel() {
    if (cancel_)
        cancel_->cancel();
}

} // namespace rgw::ui
