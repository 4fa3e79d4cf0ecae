#include "TaskProgress.h"

#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace rgw::ui {

TaskProgress::TaskProgress(QWidget* parent) : QWidget(parent) {
    label_ = new QLabel(this);
    label_->setMinimumWidth(260);
    label_->setMaximumWidth(420);
    bar_ = new QProgressBar(this);
    bar_->setMaximumWidth(220);
    bar_->setTextVisible(true);
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setObjectName(QStringLiteral("cancelTask"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label_);
    layout->addWidget(bar_);
    layout->addWidget(cancel_);
    connect(cancel_, &QPushButton::clicked, this, [this] {
        cancel_->setEnabled(false);
        label_->setText(tr("Cancelling..."));
        emit cancelRequested();
    });
    hide();
}

void TaskProgress::start(const QString& what, bool cancellable) {
    label_->setText(what);
    bar_->setRange(0, 0);
    cancel_->setVisible(cancellable);
    cancel_->setEnabled(cancellable);
    show();
}

void TaskProgress::setProgress(qint64 done, qint64 total, const QString& what) {
    if (total > 0) {
        // QProgressBar is int-based; scale to per mille.
        bar_->setRange(0, 1000);
        bar_->setValue(static_cast<int>(1000 * std::min(done, total) / total));
        bar_->setFormat(QStringLiteral("%1 / %2").arg(done).arg(total));
    } else {
        bar_->setRange(0, 0);
    }
    if (cancel_->isEnabled() || !cancel_->isVisible())
        label_->setText(
            QFontMetrics(label_->font()).elidedText(what, Qt::ElideMiddle, label_->maximumWidth()));
}

void TaskProgress::finish() {
    hide();
}

} // namespace rgw::ui
