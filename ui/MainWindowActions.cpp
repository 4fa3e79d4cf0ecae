// MainWindow, part 2 of 3: the menus and their actions, when each is enabled,
// and the dialogs the File and Help menus open. (MainWindow.cpp: databases,
// series, background work; MainWindowFrame.cpp: docks, placement, pages.)
#include "CohortPage.h"
#include "DatabaseBrowser.h"
#include "FileDialogs.h"
#include "GenomicImportDialog.h"
#include "HelpPages.h"
#include "MainWindow.h"
#include "MapPanel.h"
#include "MemoryBudgetSettings.h"
#include "SegmentationPanel.h"
#include "layout/ViewerLayout.h"
#include "models/ModelBuilderPage.h"
#include "robustness/RobustnessDialog.h"
#include "segmentation/SegmentationEditor.h"
#include "util/Failure.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QKeySequence>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QTabWidget>
#include <array>

namespace rgw::ui {

namespace {

const char* const kDatabaseFilter = "Cohort databases (*.rgwdb);;All files (*)";

} // namespace

void MainWindow::createActions() {
    newAction_ = new QAction(tr("&New database..."), this);
    newAction_->setShortcut(QKeySequence::New);
    newAction_->setObjectName(QStringLiteral("newDatabaseAction"));
    connect(newAction_, &QAction::triggered, this, &MainWindow::newDatabase);
    openAction_ = new QAction(tr("&Open database..."), this);
    openAction_->setShortcut(QKeySequence::Open);
    openAction_->setObjectName(QStringLiteral("openDatabaseAction"));
    connect(openAction_, &QAction::triggered, this, &MainWindow::openDatabaseDialog);
    importAction_ = new QAction(tr("&Import DICOM folder..."), this);
    importAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    importAction_->setObjectName(QStringLiteral("importAction"));
    connect(importAction_, &QAction::triggered, this, &MainWindow::importDialog);
    genomicImportAction_ = new QAction(tr("Import &genomic / clinical data..."), this);
    genomicImportAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    genomicImportAction_->setStatusTip(
        tr("Import a cBioPortal study, a VCF, a PLINK .raw file or a CSV/TSV table with its "
           "column mapping"));
    genomicImportAction_->setObjectName(QStringLiteral("genomicImportAction"));
    connect(genomicImportAction_, &QAction::triggered, this, &MainWindow::genomicImportDialog);
    demoAction_ = new QAction(tr("&Generate demo cohort..."), this);
    demoAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    demoAction_->setObjectName(QStringLiteral("demoAction"));
    connect(demoAction_, &QAction::triggered, this, &MainWindow::demoDialog);
    refreshAction_ = new QAction(tr("&Refresh"), this);
    refreshAction_->setShortcut(QKeySequence::Refresh);
    connect(refreshAction_, &QAction::triggered, this, &MainWindow::refreshBrowser);
    extractAction_ = new QAction(tr("&Extract features..."), this);
    extractAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    extractAction_->setStatusTip(
        tr("Compute and store radiomic features of the selected segmentation (or of every "
           "segmentation of the selected image series)"));
    extractAction_->setObjectName(QStringLiteral("extractAction"));
    connect(extractAction_, &QAction::triggered, this, &MainWindow::extractDialog);
    cohortExtractAction_ = new QAction(tr("Extract features for whole &cohort..."), this);
    cohortExtractAction_->setStatusTip(
        tr("Compute and store radiomic features of every segmentation of the database"));
    cohortExtractAction_->setObjectName(QStringLiteral("cohortExtractAction"));
    connect(cohortExtractAction_, &QAction::triggered, this, &MainWindow::cohortExtractDialog);
    saveSegmentationsAction_ = new QAction(tr("&Save segmentation version"), this);
    saveSegmentationsAction_->setShortcut(QKeySequence::Save);
    saveSegmentationsAction_->setStatusTip(
        tr("Store the edited segments as new versions; nothing is overwritten"));
    saveSegmentationsAction_->setObjectName(QStringLiteral("saveSegmentationsAction"));
    connect(saveSegmentationsAction_, &QAction::triggered, this, &MainWindow::saveSegmentations);
    copySegmentationAction_ =
        new QAction(tr("&Copy selected segmentation into the shown series"), this);
    copySegmentationAction_->setStatusTip(
        tr("Resample a segmentation of another series (e.g. a CT contour onto the PET) in patient "
           "space"));
    copySegmentationAction_->setObjectName(QStringLiteral("copySegmentationAction"));
    connect(copySegmentationAction_, &QAction::triggered, this, [this] {
        const QTreeWidgetItem* item = browser_->currentItem();
        if (!item || item->data(DatabaseBrowser::NameColumn, DatabaseBrowser::KindRole).toInt() !=
                         static_cast<int>(DatabaseBrowser::ItemKind::Segmentation)) {
            showError(tr("Copy segmentation"), tr("Select a segmentation in the browser first."));
            return;
        }
        copySegmentationToShownSeries(
            item->data(DatabaseBrowser::NameColumn, DatabaseBrowser::UidRole).toLongLong());
    });
    importNiftiAction_ = new QAction(tr("&Import NIfTI mask into the shown series..."), this);
    importNiftiAction_->setObjectName(QStringLiteral("importNiftiAction"));
    connect(importNiftiAction_, &QAction::triggered, this, [this] {
        const QString file = chooseOpenFile(this, tr("Import NIfTI mask"),
                                            QSettings().value("export/folder").toString(),
                                            tr("NIfTI (*.nii.gz *.nii)"));
        if (!file.isEmpty())
            importNiftiIntoShownSeries(file);
    });
    fuseAction_ = new QAction(tr("&Fuse selected series over the shown one"), this);
    fuseAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    fuseAction_->setObjectName(QStringLiteral("fuseAction"));
    connect(fuseAction_, &QAction::triggered, this, [this] {
        const QTreeWidgetItem* item = browser_->currentItem();
        const QString uid =
            item
                ? item->data(DatabaseBrowser::NameColumn, DatabaseBrowser::SeriesUidRole).toString()
                : QString();
        if (uid.isEmpty() || uid == shownSeries_)
            showError(tr("Fusion"), tr("Select another image series of the patient in the browser "
                                       "to fuse it over the shown one."));
        else
            fuseSeries(uid);
    });
    unfuseAction_ = new QAction(tr("&Remove fusion"), this);
    unfuseAction_->setObjectName(QStringLiteral("unfuseAction"));
    connect(unfuseAction_, &QAction::triggered, this, [this] {
        viewer_->clearFusion();
        fusedSeries_.clear();
        mapPanel_->showNone(); // an overlaid map goes too
        updateActions();
    });
    quitAction_ = new QAction(tr("&Quit"), this);
    quitAction_->setShortcut(QKeySequence::Quit);
    quitAction_->setMenuRole(QAction::QuitRole);
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(newAction_);
    file->addAction(openAction_);
    recentMenu_ = file->addMenu(tr("Recent &databases"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    file->addSeparator();
    file->addAction(importAction_);
    file->addAction(genomicImportAction_);
    file->addAction(demoAction_);
    file->addSeparator();
    createReportActions(file);
    file->addSeparator();
    QAction* memoryBudget =
        file->addAction(tr("Memory &budget..."), this, [this] { MemoryBudgetDialog(this).exec(); });
    memoryBudget->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    file->addAction(quitAction_);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(refreshAction_);
    cohortPageAction_ = view->addAction(tr("&Cohort page"));
    cohortPageAction_->setObjectName(QStringLiteral("cohortPageAction"));
    cohortPageAction_->setCheckable(true);
    cohortPageAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(cohortPageAction_, &QAction::triggered, this, &MainWindow::showCohortPage);
    connect(tabs_, &QTabWidget::currentChanged, cohortPageAction_,
            [this] { cohortPageAction_->setChecked(showsCohortPage()); });
    QAction* features = featureDock_->toggleViewAction();
    features->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    view->addAction(features);
    QAction* segments = segmentationDock_->toggleViewAction();
    segments->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    view->addAction(segments);
    createViewerActions(view);
    QMenu* segmentation = menuBar()->addMenu(tr("&Segmentation"));
    segmentation->addAction(segmentationPanel_->undoAction());
    segmentation->addAction(segmentationPanel_->redoAction());
    segmentation->addAction(segmentationPanel_->newSegmentAction());
    segmentation->addSeparator();
    // The tools, in the menu too: their keys work while the editor dock is closed.
    for (QAction* tool : segmentationPanel_->toolActions())
        segmentation->addAction(tool);
    segmentation->addSeparator();
    segmentation->addAction(copySegmentationAction_);
    segmentation->addAction(importNiftiAction_);
    segmentation->addSeparator();
    segmentation->addAction(saveSegmentationsAction_);
    QMenu* exportMenu = segmentation->addMenu(tr("&Export"));
    exportActions_ = {
        exportMenu->addAction(tr("DICOM &SEG..."), this, [this] { exportDialog("seg"); }),
        exportMenu->addAction(tr("&RTSTRUCT..."), this, [this] { exportDialog("rtstruct"); }),
        exportMenu->addAction(tr("&NIfTI (active segment)..."), this,
                              [this] { exportDialog("nifti"); })};
    QMenu* analysis = menuBar()->addMenu(tr("&Analysis"));
    analysis->addAction(extractAction_);
    analysis->addAction(cohortExtractAction_);
    createMapActions(analysis);
    analysis->addSeparator();
    QAction* robustness =
        analysis->addAction(tr("Feature r&obustness..."), this, &MainWindow::openRobustnessView);
    robustness->setObjectName(QStringLiteral("robustnessAction"));
    robustness->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    robustness->setStatusTip(tr("The stored robustness runs: each feature's ICCs across "
                                "perturbations or segmentation versions, by Koo & Li band"));
    QMenu* models = menuBar()->addMenu(tr("&Models"));
    QAction* train = models->addAction(tr("&Train model..."), this, &MainWindow::showModelBuilder);
    train->setObjectName(QStringLiteral("trainModelAction"));
    train->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    train->setStatusTip(tr("Build, cross-validate and save a model on a named cohort or a table"));
    // The cohort page's own action (its shortcut works in the whole window):
    // it scores the page's current cohort, so the page is shown with it.
    QAction* score = cohortPage_->scoreAction();
    models->addAction(score);
    connect(score, &QAction::triggered, this, [this] { showCohortPage(true); });
    models->addAction(cohortPage_->importModelAction());
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* guide = help->addAction(tr("&User guide"), this, &MainWindow::showUserGuide);
    guide->setObjectName(QStringLiteral("userGuideAction"));
    guide->setShortcut(QKeySequence::HelpContents);
    QAction* keys = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcutList);
    keys->setObjectName(QStringLiteral("shortcutListAction"));
    keys->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    help->addSeparator();
    help->addAction(tr("&About"), this, &MainWindow::about);
}

RobustnessDialog* MainWindow::openRobustnessView() {
    if (!db_) {
        showError(tr("Feature robustness"), tr("Open a database first."));
        return nullptr;
    }
    auto* dialog = new RobustnessDialog(db_->path(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

void MainWindow::showModelBuilder() {
    tabs_->setCurrentWidget(modelPage_);
    modelPage_->setFocus();
}

void MainWindow::createViewerActions(QMenu* view) {
    view->addSeparator();
    auto* layouts = new QActionGroup(this);
    const std::array<std::pair<viewers::Layout, QString>, 4> entries{
        {{viewers::Layout::Axial, tr("&Axial")},
         {viewers::Layout::Mpr, tr("&MPR (axial, coronal, sagittal + 3D)")},
         {viewers::Layout::ThreeD, tr("&3D")},
         {viewers::Layout::FourUp, tr("&Four-up")}}};
    for (std::size_t n = 0; n < entries.size(); ++n) {
        QAction* action = view->addAction(entries[n].second);
        action->setCheckable(true);
        action->setChecked(entries[n].first == viewer_->layoutMode());
        action->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + static_cast<int>(n))));
        layouts->addAction(action);
        const viewers::Layout layout = entries[n].first;
        connect(action, &QAction::triggered, this, [this, layout] { setViewerLayout(layout); });
        connect(viewer_, &viewers::ViewerLayout::layoutChanged, action,
                [action, layout](viewers::Layout now) { action->setChecked(now == layout); });
    }
    QAction* annotations = view->addAction(tr("Show &annotations"));
    annotations->setCheckable(true);
    annotations->setChecked(true);
    annotations->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    connect(annotations, &QAction::toggled, viewer_, &viewers::ViewerLayout::setAnnotationsVisible);
    view->addSeparator();
    view->addAction(fuseAction_);
    view->addAction(unfuseAction_);
}

void MainWindow::updateActions() {
    using Kind = DatabaseBrowser::ItemKind;
    const bool open = db_ != nullptr;
    const bool image = editor_->hasImage();
    const bool idle = !busy_;
    const QTreeWidgetItem* item = browser_->currentItem();
    const auto kind =
        item ? static_cast<Kind>(
                   item->data(DatabaseBrowser::NameColumn, DatabaseBrowser::KindRole).toInt())
             : Kind::Patient;
    const QString selectedSeries =
        item ? item->data(DatabaseBrowser::NameColumn, DatabaseBrowser::SeriesUidRole).toString()
             : QString();
    const bool selectedImage =
        item && item->data(DatabaseBrowser::NameColumn, DatabaseBrowser::IsImageRole).toBool();
    newAction_->setEnabled(idle);
    openAction_->setEnabled(idle);
    recentMenu_->setEnabled(idle);
    importAction_->setEnabled(open && idle);
    genomicImportAction_->setEnabled(open && idle);
    demoAction_->setEnabled(open && idle);
    refreshAction_->setEnabled(open);
    // Actions on a selection or an image are disabled without one, not refused with an error.
    extractAction_->setEnabled(open && idle && !selectedExtractionTarget().second.empty());
    cohortExtractAction_->setEnabled(open && idle && browser_->patientCount() > 0);
    saveSegmentationsAction_->setEnabled(open && idle && image);
    importNiftiAction_->setEnabled(open && idle && image);
    copySegmentationAction_->setEnabled(open && idle && image && kind == Kind::Segmentation);
    // A response map shown as the image: the series comes back before another is fused.
    fuseAction_->setEnabled(open && image && selectedImage && !selectedSeries.isEmpty() &&
                            selectedSeries != shownSeries_ && !mapPanel_->asImage());
    unfuseAction_->setEnabled(!fusedSeries_.isEmpty() || mapPanel_->shownIndex() >= 0);
    featureMapAction_->setEnabled(open && idle && image && editor_->segmentCount() > 0);
    filterResponseAction_->setEnabled(open && idle && image);
    for (QAction* action : exportActions_)
        action->setEnabled(open && idle && image && editor_->segmentCount() > 0);
    updateReportActions();
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = QSettings().value("database/recent").toStringList();
    for (const QString& path : recent) {
        QAction* action = recentMenu_->addAction(QDir::toNativeSeparators(path));
        action->setEnabled(QFileInfo::exists(path) && !busy_);
        connect(action, &QAction::triggered, this, [this, path] { openDatabase(path, false); });
    }
    if (recent.isEmpty())
        recentMenu_->addAction(tr("(none)"))->setEnabled(false);
}

void MainWindow::newDatabase() {
    QSettings settings;
    const QString start = QFileInfo(settings.value("database/last").toString()).absolutePath();
    QString path = chooseSaveFile(this, tr("New cohort database"), start, tr(kDatabaseFilter));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".rgwdb");
    if (QFileInfo::exists(path)) {
        showError(tr("New database"),
                  tr("%1 already exists; use Open database... to open it.").arg(path));
        return;
    }
    openDatabase(path, true);
}

void MainWindow::openDatabaseDialog() {
    QSettings settings;
    const QString start = QFileInfo(settings.value("database/last").toString()).absolutePath();
    const QString path =
        chooseOpenFile(this, tr("Open cohort database"), start, tr(kDatabaseFilter));
    if (!path.isEmpty())
        openDatabase(path, false);
}

void MainWindow::importDialog() {
    QSettings settings;
    const QString folder = chooseFolder(this, tr("Import DICOM folder"),
                                        settings.value("import/lastFolder").toString());
    if (folder.isEmpty())
        return;
    settings.setValue("import/lastFolder", folder);
    startImport({folder});
}

void MainWindow::genomicImportDialog() {
    GenomicImportDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    try {
        startGenomicImport(dialog.request());
    } catch (const std::exception& e) {
        showError(tr("Genomic import"), QString::fromStdString(rgw::failureMessage(e)));
    }
}

void MainWindow::demoDialog() {
    const auto answer = QMessageBox::question(
        this, tr("Generate demo cohort"),
        tr("Write a synthetic demo cohort (5 CT patients with RTSTRUCT lesions) into the "
           "application data folder and import it into this database?"));
    if (answer == QMessageBox::Yes)
        startDemoCohort();
}

void MainWindow::about() {
    QMessageBox::about(
        this, tr("About %1").arg(QApplication::applicationName()),
        tr("<b>%1</b> %2<p>Radiomics and radiogenomics research workstation: "
           "DICOM cohort database, image review and segmentation overlays.</p>"
           "<p>Qt %3, VTK 9.</p>")
            .arg(QApplication::applicationName(), QApplication::applicationVersion(), qVersion()));
}

void MainWindow::showShortcutList() {
    auto* dialog = new ShortcutListDialog(this, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::showUserGuide() {
    auto* dialog = new UserGuideDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

} // namespace rgw::ui
