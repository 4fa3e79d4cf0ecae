// MainWindow, part 1 of 4: databases, series, segmentations and features, and
// the background work behind them. Menus: MainWindowActions.cpp; frame:
// MainWindowFrame.cpp; habitats: MainWindowHabitats.cpp.
#include "MainWindow.h"

#include "BoundedMinimumSlot.h"
#include "CohortPage.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "DatabaseBrowser.h"
#include "FeatureExtractionDialog.h"
#include "FeatureTableView.h"
#include "FileDialogs.h"
#include "GenomicImportReport.h"
#include "HelpPages.h"
#include "ImportReportDialog.h"
#include "ImportService.h"
#include "MainWindowTask.h"
#include "MemoryBudgetSettings.h"
#include "PathText.h"
#include "SegmentationPanel.h"
#include "StatusStrip.h"
#include "TaskProgress.h"
#include "WelcomePage.h"
#include "WindowPlacement.h"
#include "associations/AssociationsPage.h"
#include "layout/ViewerLayout.h"
#include "models/ModelBuilderPage.h"
#include "radiomics/ModalityGuard.h"
#include "segmentation/SegmentationEditor.h"
#include "slice/SliceNavigator.h"
#include "slice/SliceView.h"
#include "util/Failure.h"
#include "volume/VolumeView3D.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidgetItemIterator>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <array>
#include <map>
#include <optional>

namespace rgw::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(QApplication::applicationName());
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    browser_ = new DatabaseBrowser(this);
    browser_->setObjectName(QStringLiteral("databaseBrowser"));
    viewer_ = new viewers::ViewerLayout(this);
    viewer_->setObjectName(QStringLiteral("viewerLayout"));
    viewer_->sliceView(SliceOrientation::Axial)->setObjectName(QStringLiteral("sliceView"));
    splitter_ = new QSplitter(Qt::Horizontal, this);
    splitter_->setObjectName(QStringLiteral("browserSplitter"));
    splitter_->addWidget(browser_);
    // However many views a layout shows, their minimum sizes never push the
    // window past kLargestMinimumWindowSize.
    splitter_->addWidget(new BoundedMinimumSlot(viewer_, QSize(480, 360), this));
    // The image takes what the window gains; the browser never collapses.
    splitter_->setStretchFactor(0, 0);
    splitter_->setStretchFactor(1, 1);
    splitter_->setCollapsible(0, false);
    splitter_->setCollapsible(1, false);
    cohortPage_ = new CohortPage(this);
    cohortPage_->setObjectName(QStringLiteral("cohortPage"));
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("workTabs"));
    tabs_->setDocumentMode(true);
    tabs_->addTab(splitter_, tr("&Images"));
    tabs_->addTab(cohortPage_, tr("&Cohort"));
    modelPage_ = new ModelBuilderPage(this);
    tabs_->addTab(modelPage_, tr("&Models"));
    associationsPage_ = new AssociationsPage(this);
    tabs_->addTab(associationsPage_, tr("&Associations"));
    // The Models and Associations pages read cohorts and parameter sets other
    // pages create.
    connect(tabs_, &QTabWidget::currentChanged, this, [this] {
        if (tabs_->currentWidget() == modelPage_ && !modelPage_->isBusy())
            modelPage_->refreshSources();
        if (tabs_->currentWidget() == associationsPage_)
            associationsPage_->refreshSources();
    });
    connect(associationsPage_, &AssociationsPage::openImagesRequested, this,
            &MainWindow::openImagesOfPatient);
    welcome_ = new WelcomePage(this);
    pages_ = new QStackedWidget(this);
    pages_->addWidget(welcome_);
    pages_->addWidget(tabs_);
    setCentralWidget(pages_);
    connect(welcome_, &WelcomePage::importRequested, this, &MainWindow::importDialog);
    connect(welcome_, &WelcomePage::demoRequested, this, &MainWindow::startDemoCohort);
    connect(welcome_, &WelcomePage::openRequested, this, &MainWindow::openDatabaseDialog);

    createDocks();

    statusStrip_ = new StatusStrip(statusBar());
    // Every slice view shows the same volume; the axial one's geometry text
    // (elided in its header when short of room) is the status bar's.
    connect(viewer_->sliceView(SliceOrientation::Axial), &viewers::SliceView::geometryTextChanged,
            statusStrip_, &StatusStrip::setSeriesGeometry);
    connect(statusStrip_->taskProgress(), &TaskProgress::cancelRequested, this, [this] {
        if (taskCancel_)
            taskCancel_->cancel();
    });

    connect(browser_, &DatabaseBrowser::imageSeriesActivated, this, [this](const QString& uid) {
        if (uid != shownSeries_ || !viewer_->hasVolume())
            openSeries(uid);
    });
    connect(browser_, &QTreeWidget::currentItemChanged, this, [this] {
        showFeaturesOfSelection();
        updateActions();
    });
    connect(cohortPage_, &CohortPage::openImagesRequested, this, &MainWindow::openImagesOfPatient);
    connect(browser_, &DatabaseBrowser::nonImageSeriesActivated, this,
            [this](const QString&, const QString& modality) {
                statusBar()->showMessage(
                    tr("%1 series hold no image; their segmentations are listed under the "
                       "image series they reference.")
                        .arg(modality),
                    8000);
            });
    // A demo cohort is for looking at: its first patient opens.
    connect(this, &MainWindow::importFinished, this, [this](bool succeeded) {
        if (succeeded && openFirstAfterImport_ && shownSeries_.isEmpty() && !loading_)
            if (const QString first = browser_->firstImageSeries(); !first.isEmpty())
                openSeries(first);
        openFirstAfterImport_ = false;
    });
    connect(this, &MainWindow::featureExtractionFinished, this, [this](bool succeeded) {
        if (succeeded)
            revealDock(featureDock_);
    });

    createActions();
    createMenus();
    placement_ = std::make_unique<WindowPlacement>(this, splitter_);
    restoreSettings();
    updateActions();
    updateEmptyState();
    statusBar()->showMessage(tr("Open or create a cohort database (File menu)."));
}

MainWindow::~MainWindow() {
    // Worker threads hold their own connections and cancel tokens; wait for
    // them so none outlives the window it reports to.
    if (taskCancel_)
        taskCancel_->cancel();
    if (loadCancel_)
        loadCancel_->cancel();
    QThreadPool::globalInstance()->waitForDone();
}

bool MainWindow::openDatabase(const QString& path, bool create) {
    if (busy_) {
        showError(tr("Database"), tr("Wait for the running import to finish first."));
        return false;
    }
    if (!create && !QFileInfo::exists(path)) {
        showError(tr("Open database"), tr("The database %1 does not exist.").arg(path));
        return false;
    }
    std::unique_ptr<storage::Database> db;
    try {
        db = std::make_unique<storage::Database>(toPath(path));
        // Reading the tree proves the file is a usable cohort database.
        browser_->reload(*db);
    } catch (const std::exception& e) {
        if (db_)
            refreshBrowser();
        else
            browser_->clearContents();
        showError(tr("Open database"), tr("Cannot open %1:\n%2")
                                           .arg(QDir::toNativeSeparators(path),
                                                QString::fromStdString(rgw::failureMessage(e))));
        return false;
    }
    // A series still loading from the previous database must not appear.
    if (loadCancel_)
        loadCancel_->cancel();
    requestedSeries_.clear();
    db_ = std::move(db);
    viewer_->clear();
    editor_->clear();
    shownSeries_.clear();
    fusedSeries_.clear();
    showFeaturesOfSelection();
    cohortPage_->setDatabase(db_->path());
    modelPage_->setDatabase(db_->path());
    associationsPage_->setDatabase(db_->path());
    rememberDatabase(path);
    setWindowTitle(tr("%1 - %2").arg(QFileInfo(path).fileName(), QApplication::applicationName()));
    statusStrip_->setDatabasePath(QFileInfo(path).absoluteFilePath());
    statusBar()->showMessage(
        tr("%n patient(s) in the database.", nullptr, browser_->patientCount()), 6000);
    updateActions();
    updateEmptyState();
    emit databaseOpened(path);
    return true;
}

QString MainWindow::databasePath() const {
    return db_ ? toQString(db_->path()) : QString();
}

bool MainWindow::databaseIsEmpty() const {
    if (!db_)
        return true;
    try {
        return storage::PatientRepository(*db_).list().empty();
    } catch (const std::exception&) {
        return false; // unreadable: not a reason to offer the demo
    }
}

void MainWindow::refreshBrowser() {
    if (!db_)
        return;
    try {
        browser_->reload(*db_);
    } catch (const std::exception& e) {
        showError(tr("Database"), tr("Cannot read the database:\n%1")
                                      .arg(QString::fromStdString(rgw::failureMessage(e))));
    }
    cohortPage_->reload();
    updateEmptyState();
    updateActions();
}

bool MainWindow::openImagesOfPatient(const QString& patientId) {
    QTreeWidgetItem* patient = browser_->findPatient(patientId);
    QString series;
    if (patient)
        for (QTreeWidgetItemIterator it(patient); *it && series.isEmpty(); ++it) {
            if (*it != patient && (*it)->parent() == patient->parent())
                break; // past the patient's subtree
            if ((*it)->data(DatabaseBrowser::NameColumn, DatabaseBrowser::KindRole).toInt() ==
                    static_cast<int>(DatabaseBrowser::ItemKind::Series) &&
                (*it)->data(DatabaseBrowser::NameColumn, DatabaseBrowser::IsImageRole).toBool())
                series = (*it)
                             ->data(DatabaseBrowser::NameColumn, DatabaseBrowser::SeriesUidRole)
                             .toString();
        }
    if (series.isEmpty()) {
        statusBar()->showMessage(tr("Patient %1 has no image series.").arg(patientId), 8000);
        return false;
    }
    showCohortPage(false);
    browser_->selectSeries(series);
    if (series != shownSeries_ || !viewer_->hasVolume())
        openSeries(series);
    return true;
}

void MainWindow::showError(const QString& title, const QString& text) {
    lastError_ = text;
    statusBar()->showMessage(text.section('\n', 0, 0), 10000);
    // Non-blocking: long work and tests keep running while it is shown.
    auto* box = new QMessageBox(QMessageBox::Critical, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::startImport(const QStringList& roots) {
    if (!db_ || busy_ || roots.isEmpty()) {
        showError(tr("Import"), !db_    ? tr("Open or create a database first.")
                                : busy_ ? tr("Another import is running.")
                                        : tr("Nothing to import."));
        emit importFinished(false, lastError_);
        return;
    }
    std::vector<std::filesystem::path> paths;
    for (const QString& root : roots)
        paths.push_back(toPath(root));
    const auto file = db_->path();
    runTask<storage::ImportReport>(
        tr("Importing DICOM..."),
        [file, paths](const ProgressFn& progress, const CancelToken* cancel) {
            return importIntoDatabase(file, paths, progress, cancel);
        },
        [this, roots](const Outcome<storage::ImportReport>& outcome) {
            refreshBrowser();
            if (!outcome.value) {
                showError(tr("Import"),
                          tr("The import of %1 failed:\n%2").arg(roots.join(", "), outcome.error));
                emit importFinished(false, outcome.error);
                return;
            }
            const QString summary = ImportReportDialog::summary(*outcome.value);
            statusBar()->showMessage(summary, 15000);
            auto* dialog = new ImportReportDialog(*outcome.value,
                                                  tr("Imported %1").arg(roots.join(", ")), this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->open();
            emit importFinished(!outcome.value->cancelled, summary);
        });
}

void MainWindow::startGenomicImport(const GenomicImportRequest& request) {
    if (!db_ || busy_) {
        showError(tr("Genomic import"),
                  !db_ ? tr("Open or create a database first.") : tr("An import is running."));
        emit genomicImportFinished(false, lastError_);
        return;
    }
    const auto file = db_->path();
    const QString source = QString::fromStdU16String(request.source.u16string());
    runTask<storage::GenomicsImportReport>(
        tr("Importing genomic / clinical data..."),
        [file, request](const ProgressFn& progress, const CancelToken* cancel) {
            return importGenomicSource(file, request, progress, cancel);
        },
        [this, source](const Outcome<storage::GenomicsImportReport>& outcome) {
            refreshBrowser();
            if (!outcome.value) {
                showError(tr("Genomic import"),
                          tr("The import of %1 failed:\n%2").arg(source, outcome.error));
                emit genomicImportFinished(false, outcome.error);
                return;
            }
            const QString summary = GenomicImportReportDialog::summary(*outcome.value);
            statusBar()->showMessage(summary, 15000);
            auto* dialog =
                new GenomicImportReportDialog(*outcome.value, tr("Imported %1").arg(source), this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->open();
            emit genomicImportFinished(outcome.value->imported, summary);
        });
}

void MainWindow::startDemoCohort() {
    const QString dataFolder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dataFolder.isEmpty()) {
        showError(tr("Demo cohort"), tr("No application data folder is available."));
        return;
    }
    startDemoCohortIn(QDir(dataFolder).filePath(QStringLiteral("demo-cohort")));
}

void MainWindow::startDemoCohortIn(const QString& outputFolder) {
    if (!db_ || busy_) {
        showError(tr("Demo cohort"),
                  !db_ ? tr("Open or create a database first.") : tr("An import is running."));
        return;
    }
    const auto folder = toPath(outputFolder);
    const auto file = db_->path();
    openFirstAfterImport_ = true;
    runTask<DemoImport>(
        tr("Generating the demo cohort..."),
        [file, folder](const ProgressFn& progress, const CancelToken* cancel) {
            return generateAndImportDemo(file, folder, progress, cancel);
        },
        [this, folder](const Outcome<DemoImport>& outcome) {
            refreshBrowser();
            if (!outcome.value) {
                showError(tr("Demo cohort"),
                          tr("The demo cohort could not be generated:\n%1").arg(outcome.error));
                emit importFinished(false, outcome.error);
                return;
            }
            const QString summary = ImportReportDialog::summary(outcome.value->import);
            statusBar()->showMessage(summary, 15000);
            auto* dialog =
                new ImportReportDialog(outcome.value->import,
                                       tr("Demo cohort of %1 patients written to %2 and imported")
                                           .arg(outcome.value->cohort.patients.size())
                                           .arg(QDir::toNativeSeparators(toQString(folder))),
                                       this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->open();
            emit importFinished(!outcome.value->import.cancelled, summary);
        });
}

void MainWindow::offerDemoCohortIfEmpty() {
    QSettings settings;
    if (!db_ || !databaseIsEmpty() || settings.value("demo/offered", false).toBool())
        return;
    settings.setValue("demo/offered", true);
    auto* box = new QMessageBox(
        QMessageBox::Question, tr("Empty database"),
        tr("The cohort database is empty. Generate a synthetic demo cohort (5 CT patients with "
           "RTSTRUCT lesions) and import it?\n\nYou can also import your own DICOM folder "
           "(File > Import DICOM folder...) or do this later (File > Generate demo cohort...)."),
        QMessageBox::Yes | QMessageBox::No, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int result) {
        if (result == QMessageBox::Yes)
            startDemoCohort();
    });
    box->open();
}

void MainWindow::openSeries(const QString& seriesInstanceUid) {
    if (!db_) {
        showError(tr("Open series"), tr("No database is open."));
        emit seriesLoadFailed(seriesInstanceUid, lastError_);
        return;
    }
    // A newer request supersedes the one in flight.
    if (loadCancel_)
        loadCancel_->cancel();
    loadCancel_ = std::make_shared<CancelToken>();
    requestedSeries_ = seriesInstanceUid;
    statusStrip_->setLoading(true);
    statusBar()->showMessage(tr("Loading series %1...").arg(seriesInstanceUid));

    const auto file = db_->path();
    const std::string uid = seriesInstanceUid.toStdString();
    const auto cancel = loadCancel_;
    auto* watcher = new QFutureWatcher<Outcome<LoadedImage>>(this);
    loading_ = watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, seriesInstanceUid] {
        const Outcome<LoadedImage> outcome = watcher->result();
        watcher->deleteLater();
        if (loading_ == watcher) {
            loading_ = nullptr;
            statusStrip_->setLoading(false);
        }
        if (seriesInstanceUid != requestedSeries_)
            return; // superseded
        if (!outcome.value) {
            showError(tr("Open series"),
                      tr("Series %1 cannot be shown:\n%2").arg(seriesInstanceUid, outcome.error));
            emit seriesLoadFailed(seriesInstanceUid, outcome.error);
            return;
        }
        showLoadedImage(*outcome.value);
    });
    watcher->setFuture(QtConcurrent::run([file, uid, cancel]() -> Outcome<LoadedImage> {
        Outcome<LoadedImage> outcome;
        try {
            outcome.value =
                std::make_shared<LoadedImage>(loadImageWithSegmentations(file, uid, cancel.get()));
        } catch (const std::exception& e) {
            outcome.error = QString::fromStdString(rgw::failureMessage(e));
        }
        return outcome;
    }));
}

viewers::SliceView* MainWindow::sliceView() const {
    return viewer_->sliceView(SliceOrientation::Axial);
}

void MainWindow::setViewerLayout(viewers::Layout layout) {
    viewer_->setLayoutMode(layout);
    if (remember_)
        QSettings().setValue("viewer/layout", viewers::layoutName(layout));
}

void MainWindow::fuseSeries(const QString& seriesInstanceUid) {
    if (!db_ || !viewer_->hasVolume()) {
        showError(tr("Fusion"), tr("Open an image series first."));
        emit fusionFailed(seriesInstanceUid, lastError_);
        return;
    }
    const auto file = db_->path();
    const std::string uid = seriesInstanceUid.toStdString();
    statusStrip_->setLoading(true);
    auto* watcher = new QFutureWatcher<Outcome<LoadedImage>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, seriesInstanceUid] {
        const Outcome<LoadedImage> outcome = watcher->result();
        watcher->deleteLater();
        statusStrip_->setLoading(loading_ != nullptr);
        if (!outcome.value) {
            showError(tr("Fusion"),
                      tr("Series %1 cannot be fused:\n%2").arg(seriesInstanceUid, outcome.error));
            emit fusionFailed(seriesInstanceUid, outcome.error);
            return;
        }
        const auto& moving = outcome.value->volume;
        // PET: SUV 0-10 in the hot colour map; anything else grey over its percentiles.
        const bool pet = moving->unit == IntensityUnit::SuvBodyWeight ||
                         moving->unit == IntensityUnit::RawPetActivity;
        const viewers::WindowLevel wl = moving->unit == IntensityUnit::SuvBodyWeight
                                            ? viewers::WindowLevel::fromRange(0, 10)
                                            : viewers::percentileWindow(*moving);
        viewer_->setFusion(moving, wl, pet ? viewers::ColourMap::Hot : viewers::ColourMap::Grey,
                           0.5);
        fusedSeries_ = seriesInstanceUid;
        updateActions();
        statusBar()->showMessage(tr("Fused %1 over the shown series.").arg(outcome.value->title),
                                 8000);
        emit fusionShown(seriesInstanceUid);
    });
    watcher->setFuture(QtConcurrent::run([file, uid]() -> Outcome<LoadedImage> {
        Outcome<LoadedImage> outcome;
        try {
            outcome.value = std::make_shared<LoadedImage>(
                loadImageWithSegmentations(file, uid, nullptr, false));
        } catch (const std::exception& e) {
            outcome.error = QString::fromStdString(rgw::failureMessage(e));
        }
        return outcome;
    }));
}

void MainWindow::copySegmentationToShownSeries(storage::Id segmentationId) {
    if (!db_ || !editor_->hasImage()) {
        showError(tr("Copy segmentation"), tr("Open the series to copy into first."));
        emit segmentCopied(false, lastError_);
        return;
    }
    const auto file = db_->path();
    const Geometry target = editor_->image()->geometry;
    const auto image = editor_->image();
    runTask<CopiedSegmentation>(
        tr("Resampling segmentation"),
        [file, segmentationId, target](const ProgressFn&, const CancelToken*) {
            return loadResampledSegmentation(file, segmentationId, target);
        },
        [this, image](const Outcome<CopiedSegmentation>& outcome) {
            if (!outcome.value) {
                showError(tr("Copy segmentation"), outcome.error);
                emit segmentCopied(false, outcome.error);
                return;
            }
            if (editor_->image() != image)
                return; // another series is shown now
            const QString name = QString::fromStdString(outcome.value->name);
            editor_->addSegment(name, outcome.value->colour, std::move(outcome.value->mask));
            statusBar()->showMessage(
                tr("Copied %1 into the shown series (unsaved: Ctrl+S stores it).").arg(name), 8000);
            emit segmentCopied(true, name);
        });
}

void MainWindow::importNiftiIntoShownSeries(const QString& file) {
    if (!db_ || shownSeries_.isEmpty()) {
        showError(tr("Import NIfTI mask"), tr("Open the series the mask lies on first."));
        emit niftiMaskImported(false, lastError_);
        return;
    }
    if (busy_) {
        showError(tr("Import NIfTI mask"), tr("Wait for the running task to finish."));
        emit niftiMaskImported(false, lastError_);
        return;
    }
    const auto database = db_->path();
    const std::string series = shownSeries_.toStdString();
    const auto path = toPath(file);
    runTask<std::vector<storage::Id>>(
        tr("Importing %1").arg(QFileInfo(file).fileName()),
        [database, series, path](const ProgressFn&, const CancelToken*) {
            return importNiftiMask(database, series, path);
        },
        [this, file, series](const Outcome<std::vector<storage::Id>>& outcome) {
            if (!outcome.value) {
                showError(tr("Import NIfTI mask"),
                          tr("%1 was not imported:\n%2").arg(file, outcome.error));
                emit niftiMaskImported(false, outcome.error);
                return;
            }
            refreshBrowser();
            const QString message = tr("Imported %1 as %n segmentation(s).", nullptr,
                                       static_cast<int>(outcome.value->size()))
                                        .arg(QFileInfo(file).fileName());
            if (shownSeries_.toStdString() != series || editor_->hasUnsavedChanges())
                statusBar()->showMessage(
                    tr("%1 Save your edits, then reopen the series to see it.").arg(message),
                    10000);
            else
                openSeries(shownSeries_);
            emit niftiMaskImported(true, message);
        });
}

void MainWindow::saveSegmentations() {
    if (!db_ || shownSeries_.isEmpty() || !editor_->hasImage()) {
        showError(tr("Save segmentation"), tr("Open an image series first."));
        emit segmentationsSaved(false, lastError_);
        return;
    }
    if (busy_ || editor_->isBusy()) {
        showError(tr("Save segmentation"), tr("Wait for the running task to finish."));
        emit segmentationsSaved(false, lastError_);
        return;
    }
    // The worker reads the edited masks in place; edits wait until it is done.
    std::vector<SegmentToSave> segments;
    std::vector<int> indices;
    const auto& all = editor_->segments().segments();
    for (int n = 0; n < static_cast<int>(all.size()); ++n) {
        const auto& s = all[static_cast<std::size_t>(n)];
        if (s.removed || (s.storedId && !s.modified))
            continue;
        segments.push_back({s.storedId, s.name, s.colour, editor_->sharedMask(n)});
        indices.push_back(n);
    }
    if (segments.empty()) {
        statusBar()->showMessage(tr("No segment has unsaved changes."), 5000);
        emit segmentationsSaved(true, tr("nothing to save"));
        return;
    }
    const auto file = db_->path();
    const std::string series = shownSeries_.toStdString();
    const auto image = editor_->image();
    const int hold = editor_->holdEdits(tr("saving"));
    runTask<std::vector<storage::Id>>(
        tr("Saving segmentation"),
        [file, series, segments](const ProgressFn&, const CancelToken*) {
            return saveEditedSegments(file, series, segments);
        },
        [this, indices, image, hold](const Outcome<std::vector<storage::Id>>& outcome) {
            editor_->releaseEdits(hold);
            if (!outcome.value) {
                showError(tr("Save segmentation"),
                          tr("The segments were not saved:\n%1").arg(outcome.error));
                emit segmentationsSaved(false, outcome.error);
                return;
            }
            // Still the same session: the segments now are those versions.
            if (editor_->image() == image)
                for (std::size_t n = 0; n < indices.size(); ++n)
                    editor_->markStored(indices[n], (*outcome.value)[n]);
            refreshBrowser();
            const QString summary =
                tr("Saved %n segment version(s).", nullptr, static_cast<int>(indices.size()));
            statusBar()->showMessage(summary, 8000);
            emit segmentationsSaved(true, summary);
        });
}

void MainWindow::exportDialog(const QString& format) {
    static const std::map<QString, QString> filters{{"seg", tr("DICOM SEG (*.dcm)")},
                                                    {"rtstruct", tr("DICOM RTSTRUCT (*.dcm)")},
                                                    {"nifti", tr("NIfTI (*.nii.gz *.nii)")}};
    const QString filter = filters.count(format) ? filters.at(format) : QString();
    QSettings settings;
    const QString suffix = format == "nifti" ? QStringLiteral(".nii.gz") : QStringLiteral(".dcm");
    const QString start = QDir(settings.value("export/folder", QDir::homePath()).toString())
                              .filePath(format + suffix);
    const QString file = chooseSaveFile(this, tr("Export segmentation"), start, filter);
    if (file.isEmpty())
        return;
    settings.setValue("export/folder", QFileInfo(file).absolutePath());
    exportSegmentations(format, file);
}

void MainWindow::exportSegmentations(const QString& format, const QString& file) {
    if (!db_ || !editor_->hasImage() || editor_->segmentCount() == 0) {
        showError(tr("Export segmentation"), tr("Open an image series with segments first."));
        emit segmentationsExported(false, file);
        return;
    }
    if (editor_->hasUnsavedChanges()) {
        // Export what is stored: save the edits first, then export those versions.
        auto* once = new QObject(this);
        connect(this, &MainWindow::segmentationsSaved, once, [this, once, format, file](bool ok) {
            once->deleteLater();
            if (ok && !editor_->hasUnsavedChanges())
                exportSegmentations(format, file);
            else
                emit segmentationsExported(false, file);
        });
        saveSegmentations();
        return;
    }
    std::vector<storage::Id> ids;
    if (format == QLatin1String("nifti")) {
        const int active = editor_->activeSegment();
        if (active < 0) {
            showError(tr("Export segmentation"), tr("Select the segment to export first."));
            emit segmentationsExported(false, file);
            return;
        }
        ids.push_back(*editor_->segments().segment(active).storedId);
    } else {
        for (const auto& s : editor_->segments().segments())
            if (!s.removed)
                ids.push_back(*s.storedId);
    }
    const auto dbFile = db_->path();
    const std::string fmt = format.toStdString();
    const auto out = toPath(file);
    runTask<std::filesystem::path>(
        tr("Exporting segmentation"),
        [dbFile, ids, fmt, out](const ProgressFn&, const CancelToken*) {
            return exportStoredSegmentations(dbFile, ids, fmt, out);
        },
        [this, file](const Outcome<std::filesystem::path>& outcome) {
            if (!outcome.value) {
                showError(tr("Export segmentation"),
                          tr("%1 was not written:\n%2").arg(file, outcome.error));
                emit segmentationsExported(false, file);
                return;
            }
            statusBar()->showMessage(tr("Wrote %1.").arg(toQString(*outcome.value)), 8000);
            emit segmentationsExported(true, toQString(*outcome.value));
        });
}

void MainWindow::showLoadedImage(LoadedImage& image) {
    QStringList warnings = image.warnings;
    try {
        viewer_->clearFusion();
        fusedSeries_.clear();
        editor_->setImage(image.volume);
        for (auto& segment : image.segments) {
            if (!segment.mask.geometry.sameGrid(image.volume->geometry)) {
                warnings << tr("Segmentation %1 is on another voxel grid and is not shown.")
                                .arg(segment.name);
                continue;
            }
            const QColor c = segment.colour;
            editor_->addSegment(segment.name, {c.red(), c.green(), c.blue()},
                                std::move(segment.mask), segment.id);
        }
        editor_->setActiveSegment(editor_->segmentCount() > 0 ? 0 : -1);
        viewer_->setVolume(image.volume, image.title, image.modality);
        viewer_->setOverlays(editor_->overlays());
        viewer_->refreshSurfaces();
    } catch (const std::exception& e) {
        viewer_->clear();
        editor_->clear();
        showError(tr("Open series"), tr("Series %1 cannot be displayed:\n%2")
                                         .arg(image.seriesInstanceUid,
                                              QString::fromStdString(rgw::failureMessage(e))));
        emit seriesLoadFailed(image.seriesInstanceUid, lastError_);
        return;
    }
    // Start at the centre of the first segmentation: that is what one looks for.
    if (image.firstSegmentCentre)
        viewer_->setCrosshair(*image.firstSegmentCentre);
    shownSeries_ = image.seriesInstanceUid;
    // Select the series unless it (or one of its segmentations) already is:
    // a selected segmentation stays the target of Extract features.
    if (const QTreeWidgetItem* current = browser_->currentItem();
        !current ||
        current->data(DatabaseBrowser::NameColumn, DatabaseBrowser::SeriesUidRole).toString() !=
            image.seriesInstanceUid) {
        const QSignalBlocker block(browser_);
        browser_->selectSeries(image.seriesInstanceUid);
    }
    QString message =
        tr("%1: %n segmentation(s).", nullptr, editor_->segmentCount()).arg(image.title);
    if (!warnings.isEmpty())
        message += ' ' + tr("Warnings: %1").arg(warnings.join(' '));
    statusBar()->showMessage(message, 15000);
    viewer_->setToolTip(warnings.join('\n'));
    updateActions();
    emit seriesShown(image.seriesInstanceUid);
}

std::pair<QString, std::vector<storage::Id>> MainWindow::selectedExtractionTarget() const {
    using Kind = DatabaseBrowser::ItemKind;
    const QTreeWidgetItem* item = browser_->currentItem();
    if (!item)
        return {};
    const auto kind = static_cast<Kind>(
        item->data(DatabaseBrowser::NameColumn, DatabaseBrowser::KindRole).toInt());
    const QString series =
        item->data(DatabaseBrowser::NameColumn, DatabaseBrowser::SeriesUidRole).toString();
    const auto idOf = [](const QTreeWidgetItem* i) {
        return static_cast<storage::Id>(
            i->data(DatabaseBrowser::NameColumn, DatabaseBrowser::UidRole).toLongLong());
    };
    std::vector<storage::Id> ids;
    if (kind == Kind::Segmentation)
        ids.push_back(idOf(item));
    else if (kind == Kind::Series &&
             item->data(DatabaseBrowser::NameColumn, DatabaseBrowser::IsImageRole).toBool())
        // The segmentations the browser lists under the series.
        for (int i = 0; i < item->childCount(); ++i)
            if (static_cast<Kind>(item->child(i)
                                      ->data(DatabaseBrowser::NameColumn, DatabaseBrowser::KindRole)
                                      .toInt()) == Kind::Segmentation)
                ids.push_back(idOf(item->child(i)));
    return {series, ids};
}

bool MainWindow::loadParameters(const QString& parameterSpec, radiomics::ParameterSet& parameters) {
    try {
        parameters = radiomics::loadParameterSet(parameterSpec.toStdString());
        return true;
    } catch (const std::exception& e) {
        showError(tr("Extract features"),
                  tr("The parameter set %1 cannot be used:\n%2")
                      .arg(parameterSpec, QString::fromStdString(rgw::failureMessage(e))));
        emit featureExtractionFinished(false, lastError_);
        return false;
    }
}

void MainWindow::extractDialog() {
    const auto [series, ids] = selectedExtractionTarget();
    if (ids.empty()) {
        showError(tr("Extract features"),
                  tr("Select a segmentation, or an image series with segmentations, in the "
                     "browser first."));
        return;
    }
    // Named for people: patient · ROI · series description (UID in the tooltip).
    QString target;
    QString modality;
    try {
        const std::string uid = series.toStdString();
        target = QString::fromStdString(storage::extractionTargetLabel(
            *db_, uid, ids.size() == 1 ? std::optional<storage::Id>(ids.front()) : std::nullopt));
        if (ids.size() > 1)
            target = tr("%1 (%n segmentation(s))", nullptr, int(ids.size())).arg(target);
        if (const auto row = storage::SeriesRepository(*db_).find(uid))
            modality = QString::fromStdString(row->modality);
    } catch (const std::exception& e) {
        showError(tr("Extract features"), QString::fromStdString(rgw::failureMessage(e)));
        return;
    }
    auto* dialog = new FeatureExtractionDialog(target, this);
    dialog->setToolTip(tr("Series %1").arg(series));
    dialog->setImageModality(modality);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        startFeatureExtraction(dialog->parameterSpec(), dialog->threads(),
                               dialog->allowModalityMismatch());
    });
    dialog->open();
}

void MainWindow::cohortExtractDialog() {
    QStringList modalities;
    if (db_) {
        try {
            for (const auto& m : storage::imageSeriesModalities(*db_))
                modalities << QString::fromStdString(m);
        } catch (const std::exception& e) {
            showError(tr("Extract features"), QString::fromStdString(rgw::failureMessage(e)));
            return;
        }
    }
    auto* dialog =
        new FeatureExtractionDialog(tr("every segmentation of the database (pairs already "
                                       "stored with the same parameter set are skipped)"),
                                    this);
    dialog->setCohortModalities(modalities);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        storage::CohortOptions options;
        options.modality = dialog->cohortModality().toStdString();
        options.allowModalityMismatch = dialog->allowModalityMismatch();
        startCohortExtraction(dialog->parameterSpec(), dialog->threads(), options);
    });
    dialog->open();
}

void MainWindow::startFeatureExtraction(const QString& parameterSpec, unsigned threads,
                                        bool allowModalityMismatch) {
    const auto target = selectedExtractionTarget();
    const QString series = target.first;
    const std::vector<storage::Id> ids = target.second;
    if (!db_ || busy_ || ids.empty()) {
        showError(tr("Extract features"),
                  !db_    ? tr("Open or create a database first.")
                  : busy_ ? tr("Wait for the running task to finish first.")
                          : tr("Select a segmentation, or an image series with segmentations, "
                               "in the browser first."));
        emit featureExtractionFinished(false, lastError_);
        return;
    }
    radiomics::ParameterSet parameters;
    if (!loadParameters(parameterSpec, parameters))
        return;
    const auto file = db_->path();
    const std::string uid = series.toStdString();
    runTask<SeriesExtraction>(
        tr("Extracting features..."),
        [file, uid, ids, parameters, allowModalityMismatch, threads](const ProgressFn& progress,
                                                                     const CancelToken* cancel) {
            return extractSeriesSegmentations(file, uid, ids, parameters, allowModalityMismatch,
                                              threads, progress, cancel);
        },
        [this, series](const Outcome<SeriesExtraction>& outcome) {
            if (!outcome.value) {
                showError(tr("Extract features"),
                          tr("Features of series %1 could not be extracted:\n%2")
                              .arg(series, outcome.error));
                emit featureExtractionFinished(false, outcome.error);
                return;
            }
            const SeriesExtraction& result = *outcome.value;
            QString summary = tr("Features of %n segmentation(s) extracted and stored.", nullptr,
                                 int(result.extractionIds.size()));
            if (result.cancelled)
                summary += ' ' + tr("Cancelled.");
            if (!result.extractionIds.empty())
                showExtraction(result.extractionIds.back());
            if (!result.failures.isEmpty()) {
                showError(tr("Extract features"), summary + '\n' + tr("Not extracted:") + '\n' +
                                                      result.failures.join('\n'));
                emit featureExtractionFinished(false, lastError_);
                return;
            }
            statusBar()->showMessage(summary, 15000);
            emit featureExtractionFinished(!result.cancelled, summary);
        });
}

void MainWindow::startCohortExtraction(const QString& parameterSpec, unsigned threads,
                                       const storage::CohortOptions& options) {
    if (!db_ || busy_) {
        showError(tr("Extract features"), !db_ ? tr("Open or create a database first.")
                                               : tr("Wait for the running task to finish first."));
        emit featureExtractionFinished(false, lastError_);
        return;
    }
    radiomics::ParameterSet parameters;
    if (!loadParameters(parameterSpec, parameters))
        return;
    if (!options.modality.empty()) {
        const std::string refusal = radiomics::modalityMismatchReason(
            parameters, options.modality, "modality " + options.modality);
        if (!refusal.empty() && !options.allowModalityMismatch) {
            showError(tr("Extract features"), QString::fromStdString(refusal));
            emit featureExtractionFinished(false, lastError_);
            return;
        }
    }
    const auto file = db_->path();
    runTask<storage::CohortReport>(
        tr("Extracting features of the cohort..."),
        [file, parameters, options, threads](const ProgressFn& progress,
                                             const CancelToken* cancel) {
            return extractWholeCohort(file, parameters, options, threads, progress, cancel);
        },
        [this](const Outcome<storage::CohortReport>& outcome) {
            if (!outcome.value) {
                showError(tr("Extract features"),
                          tr("The cohort extraction stopped:\n%1").arg(outcome.error));
                emit featureExtractionFinished(false, outcome.error);
                return;
            }
            const storage::CohortReport& r = *outcome.value;
            QString summary = tr("Cohort: %1 pair(s), %2 extracted, %3 already stored, %4 "
                                 "skipped for modality, %5 failed in %6 s.")
                                  .arg(r.pairs)
                                  .arg(r.extracted)
                                  .arg(r.skipped)
                                  .arg(r.skippedForModality.size())
                                  .arg(r.failed.size())
                                  .arg(r.seconds, 0, 'f', 1);
            if (r.cancelled)
                summary += ' ' + tr("Cancelled.");
            showFeaturesOfSelection();
            QStringList skipped;
            for (const auto& m : r.skippedForModality)
                skipped << tr("skipped series %1, segmentation %2: %3")
                               .arg(QString::fromStdString(m.pair.seriesInstanceUid))
                               .arg(m.pair.segmentationId)
                               .arg(QString::fromStdString(m.reason));
            if (!r.failed.empty()) {
                QStringList lines = skipped;
                for (const auto& f : r.failed)
                    lines << tr("series %1, segmentation %2: %3")
                                 .arg(QString::fromStdString(f.pair.seriesInstanceUid))
                                 .arg(f.pair.segmentationId)
                                 .arg(QString::fromStdString(f.reason));
                showError(tr("Extract features"), summary + '\n' + lines.join('\n'));
                emit featureExtractionFinished(false, lastError_);
                return;
            }
            if (!skipped.isEmpty()) {
                // Not an error: the guard did its job; say which pairs and why.
                auto* box = new QMessageBox(QMessageBox::Information, tr("Extract features"),
                                            summary, QMessageBox::Ok, this);
                box->setObjectName(QStringLiteral("cohortSkippedForModality"));
                box->setDetailedText(skipped.join('\n'));
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->open();
            }
            statusBar()->showMessage(summary, 15000);
            emit featureExtractionFinished(!r.cancelled, summary);
        });
}

bool MainWindow::showExtraction(storage::Id extractionId) {
    try {
        const StoredFeatures stored = readStoredFeatures(*db_, extractionId);
        featureTable_->showExtraction(stored.provenance, stored.table);
        return true;
    } catch (const std::exception& e) {
        featureTable_->clear(tr("The stored features cannot be read."));
        showError(tr("Features"), tr("Cannot read extraction %1:\n%2")
                                      .arg(extractionId)
                                      .arg(QString::fromStdString(rgw::failureMessage(e))));
        return false;
    }
}

bool MainWindow::showFeaturesOfSelection() {
    const QTreeWidgetItem* item = browser_->currentItem();
    if (!db_ || !item ||
        static_cast<DatabaseBrowser::ItemKind>(
            item->data(DatabaseBrowser::NameColumn, DatabaseBrowser::KindRole).toInt()) !=
            DatabaseBrowser::ItemKind::Segmentation) {
        featureTable_->clear(tr("Select a segmentation to see its stored features."));
        return false;
    }
    const auto [series, ids] = selectedExtractionTarget();
    std::optional<storage::Id> latest;
    try {
        latest = latestExtraction(*db_, series.toStdString(), ids.front());
    } catch (const std::exception& e) {
        featureTable_->clear(tr("The stored features cannot be read."));
        showError(tr("Features"), tr("Cannot read the stored features:\n%1")
                                      .arg(QString::fromStdString(rgw::failureMessage(e))));
        return false;
    }
    if (!latest) {
        featureTable_->clear(tr("No features stored for this segmentation: Analysis > Extract "
                                "features (Ctrl+E)."));
        return false;
    }
    if (!showExtraction(*latest))
        return false;
    revealDock(featureDock_);
    return true;
}

} // namespace rgw::ui
