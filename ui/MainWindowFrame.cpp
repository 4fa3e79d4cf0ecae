// MainWindow, part 3 of 3: the frame — docks, the welcome page, the window's
// placement on its screen and the settings it remembers.
#include "CohortPage.h"
#include "DatabaseBrowser.h"
#include "FeatureTableView.h"
#include "MainWindow.h"
#include "SegmentationPanel.h"
#include "StatusStrip.h"
#include "TaskProgress.h"
#include "WelcomePage.h"
#include "WindowPlacement.h"
#include "layout/ViewerLayout.h"
#include "segmentation/SegmentationEditor.h"

#include <QAction>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QMessageBox>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimer>
#include <algorithm>

namespace rgw::ui {

namespace {

constexpr int kMaxRecentDatabases = 8;

} // namespace

void MainWindow::createDocks() {
    // Segmentation: the editor logic, its panel, and the views it draws in.
    editor_ = new viewers::SegmentationEditor(this);
    segmentationPanel_ = new SegmentationPanel(editor_, viewer_, this);
    segmentationPanel_->setObjectName(QStringLiteral("segmentationPanel"));
    // Scrolled, so the panel's many controls never set the window's minimum size.
    auto* segmentationScroll = new QScrollArea(this);
    segmentationScroll->setWidgetResizable(true);
    segmentationScroll->setFrameShape(QFrame::NoFrame);
    segmentationScroll->setWidget(segmentationPanel_);
    segmentationDock_ = new QDockWidget(tr("Segment editor"), this);
    segmentationDock_->setObjectName(QStringLiteral("segmentationDock"));
    segmentationDock_->setWidget(segmentationScroll);
    connect(editor_, &viewers::SegmentationEditor::segmentsChanged, this, [this] {
        viewer_->setOverlays(editor_->overlays());
        viewer_->refreshSurfaces();
        updateActions();
    });
    connect(editor_, &viewers::SegmentationEditor::maskEdited, viewer_,
            &viewers::ViewerLayout::refreshOverlays);
    connect(editor_, &viewers::SegmentationEditor::editFinished, viewer_,
            [this] { viewer_->refreshSurfaces(); });
    connect(segmentationPanel_, &SegmentationPanel::saveRequested, this,
            &MainWindow::saveSegmentations);
    connect(segmentationPanel_, &SegmentationPanel::exportRequested, this,
            &MainWindow::exportDialog);
    connect(segmentationPanel_, &SegmentationPanel::habitatsRequested, this,
            [this] { openHabitatDialog(); });
    // The editor appears when a segmentation tool is picked (menu, key or button).
    connect(segmentationPanel_, &SegmentationPanel::toolChanged, this,
            [this](SegmentationPanel::Tool tool) {
                if (tool != SegmentationPanel::Tool::Navigate)
                    revealDock(segmentationDock_);
            });
    connect(segmentationPanel_->newSegmentAction(), &QAction::triggered, this,
            [this] { revealDock(segmentationDock_); });

    featureTable_ = new FeatureTableView(this);
    featureTable_->setObjectName(QStringLiteral("featureTableView"));
    featureDock_ = new QDockWidget(tr("Features"), this);
    featureDock_->setObjectName(QStringLiteral("featureDock"));
    featureDock_->setWidget(featureTable_);

    // Both on the right, tabbed: a tall dock lists many feature rows, and the
    // image keeps the full height of the window.
    addDockWidget(Qt::RightDockWidgetArea, segmentationDock_);
    addDockWidget(Qt::RightDockWidgetArea, featureDock_);
    tabifyDockWidget(segmentationDock_, featureDock_);
    // Opened from the View menu: the same default size as when a tool opens it.
    for (QDockWidget* dock : {segmentationDock_, featureDock_})
        connect(dock->toggleViewAction(), &QAction::triggered, this, [this, dock](bool shown) {
            if (shown && !dock->isFloating())
                resizeDocks({dock}, {defaultDockWidth(dock)}, Qt::Horizontal);
        });
}

int MainWindow::defaultDockWidth(const QDockWidget* dock) const {
    // Wide enough for the content (the segment tools' rows, the feature
    // names), at least 30 % and at most 40 % of the window: the image keeps the rest.
    int content = dock->minimumSizeHint().width();
    if (const auto* scroll = qobject_cast<const QScrollArea*>(dock->widget());
        scroll && scroll->widget())
        content = scroll->widget()->minimumSizeHint().width() +
                  scroll->verticalScrollBar()->sizeHint().width() + 2 * scroll->frameWidth();
    return std::clamp(content, width() * 3 / 10, width() * 2 / 5);
}

void MainWindow::restoreSettings() {
    if (!placement_->restore())
        applyDefaultFrame();
    try {
        viewer_->setLayoutMode(
            viewers::parseLayout(QSettings().value("viewer/layout", "axial").toString()));
    } catch (const std::exception&) {
        viewer_->setLayoutMode(viewers::Layout::Axial); // an old or edited settings file
    }
}

void MainWindow::applyDefaultFrame() {
    // Reading images: the docks wait until a tool or features need them.
    segmentationDock_->hide();
    featureDock_->hide();
    const int browserWidth = std::clamp(width() / 5, browser_->minimumReadableWidth(),
                                        browser_->minimumReadableWidth() * 2);
    splitter_->setSizes({browserWidth, std::max(1, width() - browserWidth)});
}

void MainWindow::revealDock(QDockWidget* dock) {
    if (dock->isFloating() || (dock->isVisible() && !dock->visibleRegion().isEmpty())) {
        dock->raise();
        return;
    }
    const bool wasHidden = dock->isHidden();
    dock->show();
    dock->raise();
    if (wasHidden && dockWidgetArea(dock) == Qt::RightDockWidgetArea)
        resizeDocks({dock}, {defaultDockWidth(dock)}, Qt::Horizontal);
}

void MainWindow::setRemembersSettings(bool remember) {
    remember_ = remember;
    placement_->setRemembering(remember);
}

bool MainWindow::showsWelcomePage() const {
    return pages_->currentWidget() == welcome_;
}

void MainWindow::showCohortPage(bool shown) {
    tabs_->setCurrentWidget(shown ? static_cast<QWidget*>(cohortPage_) : splitter_);
    if (shown)
        cohortPage_->setFocus();
}

bool MainWindow::showsCohortPage() const {
    return tabs_->currentWidget() == cohortPage_;
}

TaskProgress* MainWindow::taskProgress() const {
    return statusStrip_->taskProgress();
}

void MainWindow::updateEmptyState() {
    const bool empty = !db_ || browser_->patientCount() == 0;
    welcome_->setDatabase(databasePath());
    pages_->setCurrentWidget(empty ? static_cast<QWidget*>(welcome_) : tabs_);
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (placed_)
        return;
    placed_ = true;
    // The decorations are known once shown: keep the whole frame on the screen.
    QTimer::singleShot(0, this, [this] { placement_->keepOnScreen(); });
}

void MainWindow::rememberDatabase(const QString& path) {
    if (!remember_)
        return;
    QSettings settings;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList recent = settings.value("database/recent").toStringList();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecentDatabases)
        recent.removeLast();
    settings.setValue("database/recent", recent);
    settings.setValue("database/last", absolute);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!busy_ && editor_->hasUnsavedChanges()) {
        const auto answer = QMessageBox::question(
            this, tr("Quit"),
            tr("Segments of the shown series have unsaved edits. Quit without saving them?"));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    if (busy_) {
        const auto answer = QMessageBox::question(
            this, tr("Quit"),
            tr("A task is running. Cancel it and quit? Whole series and feature sets already "
               "written are kept."));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        if (taskCancel_)
            taskCancel_->cancel();
    }
    placement_->save();
    event->accept();
}

} // namespace rgw::ui
