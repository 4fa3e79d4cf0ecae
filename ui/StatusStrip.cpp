#include "StatusStrip.h"

#include "TaskProgress.h"
#include "widgets/ElidedLabel.h"

#include <QDir>
#include <QFrame>
#include <QProgressBar>
#include <QStatusBar>

namespace rgw::ui {

namespace {

ElidedLabel* makeField(QStatusBar* bar, const QString& objectName, const QString& whatsThis) {
    // Shortened in the middle: a path keeps its file name.
    auto* label = new ElidedLabel(bar, Qt::ElideMiddle);
    label->setObjectName(objectName);
    label->setWhatsThis(whatsThis);
    // Room between the fields and from the message on their left.
    label->setFrameShape(QFrame::NoFrame);
    label->setContentsMargins(10, 0, 4, 0);
    return label;
}

} // namespace

StatusStrip::StatusStrip(QStatusBar* bar) : QObject(bar), bar_(bar) {
    loadBar_ = new QProgressBar(bar);
    loadBar_->setObjectName(QStringLiteral("seriesLoadBar"));
    loadBar_->setRange(0, 0);
    loadBar_->setMaximumWidth(120);
    loadBar_->setFormat(tr("Loading"));
    loadBar_->hide();
    taskProgress_ = new TaskProgress(bar);
    geometry_ = makeField(bar, QStringLiteral("seriesGeometry"),
                          tr("Voxel grid and spacing of the shown series"));
    geometry_->hide();
    database_ = makeField(bar, QStringLiteral("databasePath"), tr("The open cohort database"));
    database_->setMaximumWidth(bar->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 30);
    bar->addPermanentWidget(loadBar_);
    bar->addPermanentWidget(taskProgress_);
    bar->addPermanentWidget(geometry_);
    bar->addPermanentWidget(database_);
}

void StatusStrip::setLoading(bool loading) {
    loadBar_->setVisible(loading);
}

void StatusStrip::setSeriesGeometry(const QString& text) {
    geometry_->setFullText(text);
    geometry_->setVisible(!text.isEmpty());
}

void StatusStrip::setDatabasePath(const QString& path) {
    database_->setFullText(QDir::toNativeSeparators(path));
}

} // namespace rgw::ui
