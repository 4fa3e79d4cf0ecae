#include "AssociationWork.h"

#include "CohortAnalysisTable.h"
#include "Database.h"
#include "association/AssociationTable.h"
#include "util/Error.h"
#include "util/Failure.h"

#include <QApplication>
#include <QFutureWatcher>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>
#include <numeric>

namespace rgw::ui {

CorrelationMapResult computeCorrelationMap(const CorrelationMapRequest& request,
                                           const ProgressFn& progress, const CancelToken* cancel) {
    if (request.kind == CorrelationMapRequest::Kind::Correlation && request.molecularPrefix.empty())
        throw Error("choose the molecular values (a column prefix such as expr_)");
    if (request.kind == CorrelationMapRequest::Kind::Groups && request.groupColumn.empty())
        throw Error("choose the column whose groups are compared (e.g. mut_EGFR)");
    CorrelationMapResult out;
    out.request = request;
    storage::Database db(request.database);
    storage::CohortExportOptions options;
    options.cohort = request.cohort;
    options.parameterSet = request.parameterSet;
    options.cancel = cancel;
    options.progress = progress;
    const storage::CohortAnalysisTable input = storage::cohortAnalysisTable(db, options);
    const stats::DataTable& table = input.table;
    out.cohort = input.provenance.cohort;
    out.parameterSetHash = input.provenance.parameterSetHash;
    out.features = input.featureColumns;
    if (out.features.empty())
        throw Error(table.source() + " has no radiomic features of parameter set '" +
                    request.parameterSet + "': extract them first");
    std::vector<std::size_t> rows(table.rows());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    out.patients = table.text("patient_id");
    out.featureValues = table.matrix(out.features, rows);
    if (request.kind == CorrelationMapRequest::Kind::Groups) {
        out.grouping = association::groupingOfColumn(table, request.groupColumn);
        out.groups = association::groupMap(out.featureValues, out.grouping);
    } else {
        association::TableMatrix molecular =
            association::prefixedColumns(table, request.molecularPrefix);
        out.molecular = std::move(molecular.names);
        out.molecularValues = std::move(molecular.values);
        if (progress)
            progress(0, 0,
                     "Correlating " + std::to_string(out.features.size()) + " features with " +
                         std::to_string(out.molecular.size()) + " molecular values");
        association::CorrelationOptions correlation;
        correlation.method = request.method;
        out.map = association::correlationMap(out.featureValues, out.molecularValues, correlation,
                                              cancel);
        if (request.linkage) {
            try {
                out.clustering = association::clusterCorrelationMap(out.map, *request.linkage);
            } catch (const std::exception& e) {
                out.clusteringNote = failureMessage(e);
            }
        }
    }
    if (cancel && cancel->isCancelled())
        throw Error("cancelled");
    return out;
}

AssociationWork::AssociationWork(QObject* parent) : QObject(parent) {}

AssociationWork::~AssociationWork() {
    cancel(); // a job still running stops; its result is dropped with the watcher
}

template <class Result, class Job>
bool AssociationWork::launch(Job job,
                             void (AssociationWork::*done)(std::shared_ptr<const Result>)) {
    if (busy_)
        return false;
    busy_ = true;
    cancel_ = std::make_shared<CancelToken>();
    struct Run {
        std::shared_ptr<const Result> result;
        QString error;
        bool cancelled = false;
    };
    auto* watcher = new QFutureWatcher<Run>(this);
    std::shared_ptr<CancelToken> token = cancel_;
    // A cancel pressed before the result reaches the GUI thread wins, even if
    // the job had already finished: the user asked to keep the previous result.
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, done, token] {
        const Run run = watcher->result();
        watcher->deleteLater();
        busy_ = false;
        if (run.cancelled || token->isCancelled())
            emit cancelled();
        else if (!run.result)
            emit failed(run.error);
        else
            emit(this->*done)(run.result);
    });
    QPointer<AssociationWork> self(this);
    const ProgressFn progressFn = [self](std::size_t finished, std::size_t total,
                                         const std::string& text) {
        QMetaObject::invokeMethod(
            qApp,
            [self, finished, total, message = QString::fromStdString(text)] {
                if (self)
                    emit self->progress(static_cast<qint64>(finished), static_cast<qint64>(total),
                                        message);
            },
            Qt::QueuedConnection);
    };
    watcher->setFuture(QtConcurrent::run([job = std::move(job), token, progressFn]() -> Run {
        Run run;
        try {
            run.result = std::make_shared<const Result>(job(progressFn, token.get()));
        } catch (const std::exception& e) {
            run.cancelled = token->isCancelled();
            run.error = QString::fromStdString(failureMessage(e));
        }
        return run;
    }));
    return true;
}

bool AssociationWork::start(const CorrelationMapRequest& request) {
    return launch<CorrelationMapResult>(
        [request](const ProgressFn& progress, const CancelToken* cancel) {
            return computeCorrelationMap(request, progress, cancel);
        },
        &AssociationWork::finished);
}

bool AssociationWork::startGsea(const GseaRequest& request) {
    return launch<GseaRun>(
        [request](const ProgressFn& progress, const CancelToken* cancel) {
            return computeGsea(request, progress, cancel);
        },
        &AssociationWork::gseaFinished);
}

bool AssociationWork::startSnp(const SnpRequest& request) {
    return launch<SnpRun>(
        [request](const ProgressFn& progress, const CancelToken* cancel) {
            return computeSnpAssociation(request, progress, cancel);
        },
        &AssociationWork::snpFinished);
}

void AssociationWork::cancel() {
    if (cancel_)
        cancel_->cancel();
}

} // namespace rgw::ui
