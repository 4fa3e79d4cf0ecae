#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace rgw::ui {

/// Status-bar strip for long work: what is being done, a progress bar and a
/// Cancel button. Hidden while idle.
class TaskProgress : public QWidget {
    Q_OBJECT
public:
    explicit TaskProgress(QWidget* parent = nullptr);

    void start(const QString& what, bool cancellable);
    /// total == 0 shows a busy (indeterminate) bar.
    void setProgress(qint64 done, qint64 total, const QString& what);
    void finish();

    QPushButton* cancelButton() const { return cancel_; }

signals:
    void cancelRequested();

private:
    QLabel* label_;
    QProgressBar* bar_;
    QPushButton* cancel_;
};

} // namespace rgw::ui

namespace rgw::ui {

/// Carries progress from a worker thread to the GUI thread: emitting is
/// thread-safe and the connection to a GUI-thread receiver is queued.
class ProgressRelay : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
signals:
    void progress(qint64 done, qint64 total, const QString& what);
};

} // namespace rgw::ui
