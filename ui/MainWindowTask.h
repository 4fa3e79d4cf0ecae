#pragma once

// MainWindow::runTask, shared by the MainWindow*.cpp files that start
// background work: the work runs on a worker thread with a cancel token and a
// progress relay to the status bar's TaskProgress; `done` gets the Outcome on
// the GUI thread.

#include "MainWindow.h"
#include "TaskProgress.h"
#include "util/Failure.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>
#include <memory>

namespace rgw::ui {

template <class T, class Work, class Done>
void MainWindow::runTask(const QString& title, Work work, Done done) {
    busy_ = true;
    updateActions();
    taskCancel_ = std::make_shared<CancelToken>();
    auto cancel = taskCancel_;
    auto* relay = new ProgressRelay(this);
    connect(relay, &ProgressRelay::progress, taskProgress(), &TaskProgress::setProgress);
    taskProgress()->start(title, true);
    auto* watcher = new QFutureWatcher<Outcome<T>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, relay, done] {
        const Outcome<T> outcome = watcher->result();
        watcher->deleteLater();
        relay->deleteLater();
        busy_ = false;
        taskCancel_.reset();
        taskProgress()->finish();
        updateActions();
        done(outcome);
    });
    watcher->setFuture(QtConcurrent::run([work, cancel, relay]() -> Outcome<T> {
        Outcome<T> outcome;
        const ProgressFn progress = [relay](std::size_t d, std::size_t t, const std::string& w) {
            emit relay->progress(static_cast<qint64>(d), static_cast<qint64>(t),
                                 QString::fromStdString(w));
        };
        try {
            outcome.value = std::make_shared<T>(work(progress, cancel.get()));
        } catch (const std::exception& e) {
            outcome.error = QString::fromStdString(rgw::failureMessage(e));
        }
        return outcome;
    }));
}

} // namespace rgw::ui
