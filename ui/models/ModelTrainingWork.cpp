#include "ModelTrainingWork.h"

#include "CohortAnalysisTable.h"
#include "Database.h"
#include "SegmentationVersionRepeats.h"
#include "modeling/ModelNomogram.h"
#include "modeling/TableProvenance.h"
#include "modeling/TaskData.h"
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
    out.database = databaseFile;
    out.cohort = cohort;
    out.parameterSet = parameterSet;
    out.featureColumns = std::move(t.featureColumns);
    if (!parameterSet.empty()) {
        const storage::SegmentationVersionPairs pairs =
            storage::segmentationVersionPairs(db, cohort, parameterSet);
        out.patientsWithFeatures = pairs.patientsWithFeatures;
        out.versionPairs = pairs.pairs.size();
    }
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

namespace {

/// The repeats of the cohort's segmentation versions, as `rgw-cli model train
/// --stability versions` reads them.
std::shared_ptr<const stats::DataTable> versionRepeats(const AnalysisTable& input,
                                                       const modeling::TrainingRequest& request) {
    if (input.cohort.empty() || input.parameterSet.empty())
        throw Error("the stability filter across segmentation versions needs a named cohort "
                    "loaded with a parameter set (their features are compared)");
    storage::Database db(input.database);
    try {
        return storage::stabilityVersionRepeats(db, input.cohort, input.parameterSet,
                                                input.featureColumns, request.features)
            .repeats;
    } catch (const storage::NotRadiomicCandidates& e) {
        throw Error(std::string(e.what()) +
                    ": uncheck them, or choose a CSV repeats table with every candidate");
    }
}

} // namespace

TrainingOutput trainOnTable(const AnalysisTable& input, modeling::TrainingRequest request,
                            const StabilityRepeats& repeats, const ProgressFn& progress,
                            const CancelToken* cancel) {
    if (!input.table)
        throw Error("no table is loaded to train on");
    if (repeats.segmentationVersions)
        request.repeats = versionRepeats(input, request);
    else if (!repeats.file.empty())
        request.repeats =
            std::make_shared<const stats::DataTable>(stats::DataTable::read(repeats.file));
    TrainingOutput out;
    out.result =
        modeling::trainModel(*input.table, std::move(request), input.source, progress, cancel);
    // Survival is drawn at the times of the time-dependent AUC.
    std::vector<double> times;
    if (out.result.crossValidated.survival)
        for (const auto& t : out.result.crossValidated.survival->timeDependentAuc)
            times.push_back(t.time);
    modeling::ModelNomogram nomogram =
        modeling::nomogramOfModel(out.result.model, *input.table, times);
    out.nomogram = std::move(nomogram.model);
    out.nomogramNote = std::move(nomogram.whyNot);
    // A table with a split: the test rows, which trained nothing.
    if (input.table->has(modeling::kSplitColumn)) {
        try {
            out.heldOut = modeling::evaluateModel(out.result.model, *input.table,
                                                  {input.source.parameterSetHash});
        } catch (const std::exception& e) {
            out.heldOutNote = failureMessage(e);
        }
    }
    return out;
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

bool ModelTrainingWork::train(const AnalysisTable& input, modeling::TrainingRequest request,
                              const StabilityRepeats& repeats) {
    if (busy_)
        return false;
    run<TrainingOutput>(
        tr("Training %1").arg(QString::fromStdString(request.name)),
        [input, request, repeats](const ProgressFn& progressFn, const CancelToken* token) {
            return trainOnTable(input, request, repeats, progressFn, token);
        });
    return true;
}

void ModelTrainingWork::cancel() {
    if (cancel_)
        cancel_->cancel();
}

} // namespace rgw::ui
