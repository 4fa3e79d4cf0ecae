#pragma once

#include "BackgroundWork.h"
#include "CohortWork.h"

#include <QMainWindow>
#include <QPointer>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QAction;
class QKeySequence;
class QDockWidget;
class QLabel;
class QMenu;
class QSplitter;
class QStackedWidget;
class QTabWidget;

namespace rgw::storage {
class Database;
struct CohortRow;
} // namespace rgw::storage
namespace rgw::viewers {
class SegmentationEditor;
class SliceView;
class ViewerLayout;
enum class Layout;
} // namespace rgw::viewers

namespace rgw::ui {

class CohortPage;
class DatabaseBrowser;
class FeatureMapDialog;
struct FeatureMapRequest;
class FeatureTableView;
class FilterResponseDialog;
struct FilterResponseRequest;
class HabitatDialog;
class RobustnessDialog;
struct HabitatRequest;
class PatientReportDialog;
struct PatientReportRequest;
class SharingExportDialog;
struct SharingExportRequest;
class StudyReportDialog;
struct StudyReportRequest;
class AssociationsPage;
class ModelBuilderPage;
class MapPanel;
struct ComputedMap;
class SegmentationPanel;
class StatusStrip;
class TaskProgress;
class WelcomePage;
class WindowPlacement;

/// The workstation's main window: cohort browser, slice view, File menu
/// (databases, DICOM import, demo cohort). Imports and series loads run on
/// worker threads with their own database connections; errors are shown in
/// non-blocking message boxes and never end the program.
///
/// The frame: the window opens fitted to its screen (WindowPlacement); the
/// segment editor and the features table are docks on the right, hidden while
/// one only reads images and shown when a segmentation tool is picked or
/// features are there; an empty database shows the WelcomePage instead of
/// the browser and viewer. Actions that need an image or a selection are
/// disabled without one.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens (or with `create`, creates) a cohort database and lists it.
    /// On failure shows the reason, keeps the previous database and returns false.
    bool openDatabase(const QString& path, bool create = true);
    QString databasePath() const;
    /// True when no patient is stored (or no database is open).
    bool databaseIsEmpty() const;

    /// Imports DICOM files/folders in the background — what File > Import does
    /// after its folder dialog. Emits importFinished when done.
    void startImport(const QStringList& roots);
    /// Reads a genomic / clinical source and imports it (importGenomicSource)
    /// in the background, then shows the GenomicImportReportDialog — what File
    /// > Import genomic / clinical data does after its dialog. Emits
    /// genomicImportFinished when done.
    void startGenomicImport(const GenomicImportRequest& request);
    /// Writes the demo cohort into <app data folder>/demo-cohort and imports
    /// it (startDemoCohortIn). Emits importFinished when done.
    void startDemoCohort();
    /// Writes the demo cohort into `outputFolder` (created) and imports it in
    /// the background; shows the import report. Emits importFinished when done.
    void startDemoCohortIn(const QString& outputFolder);
    /// Asks once (first launch) whether to generate the demo cohort when the
    /// database is empty.
    void offerDemoCohortIfEmpty();
    /// Loads an image series in the background and shows it with its
    /// segmentations (the newest version of each) ready for editing. Emits
    /// seriesShown or seriesLoadFailed.
    void openSeries(const QString& seriesInstanceUid);
    /// Loads a second image series in the background and blends it over the
    /// shown one (PET: hot colour map, SUV 0-10; others grey), resampled in
    /// patient space. Emits fusionShown or fusionFailed.
    void fuseSeries(const QString& seriesInstanceUid);
    void setViewerLayout(viewers::Layout layout);
    /// Resamples a stored segmentation of another series onto the shown
    /// series (patient space) and adds it as a new, unsaved segment.
    /// Emits segmentCopied.
    void copySegmentationToShownSeries(storage::Id segmentationId);
    /// Imports a NIfTI mask or label map on the shown series' grid as stored
    /// segmentations and adds them to the editor. Emits seriesShown again.
    void importNiftiIntoShownSeries(const QString& file);

    /// Stores the edited segments of the shown series as new versions (new
    /// ROIs as new lineages) in the background. Emits segmentationsSaved.
    void saveSegmentations();
    /// Writes the shown series' stored segments (SEG/RTSTRUCT: all, NIfTI:
    /// the active one) to `file` in the background; unsaved edits are saved
    /// first. Emits segmentationsExported.
    void exportSegmentations(const QString& format, const QString& file);

    /// The segment editor's "Habitats...": opens the HabitatDialog (non-modal,
    /// deleted on close) for the active segment of the shown series, which
    /// must be stored without unsaved edits (refused with a message and
    /// nullptr otherwise, or while a task runs). Accepting it runs
    /// startHabitats.
    HabitatDialog* openHabitatDialog();
    /// storage::deriveHabitats of stored segmentation `segmentationId` in the
    /// background (progress, cancel), then shows the shown series again so
    /// the new habitat segments appear, and a summary (k, criterion, fraction
    /// per habitat). Emits habitatsFinished; a cancelled run stores nothing.
    void startHabitats(storage::Id segmentationId, const HabitatRequest& request);

    /// Analysis > Feature map: the FeatureMapDialog (non-modal, deleted on
    /// close) for the active segment of the shown series; accepting it runs
    /// startFeatureMaps. nullptr (with a message) without an image, an active
    /// segment, or while a task runs.
    FeatureMapDialog* openFeatureMapDialog();
    /// radiomics::featuremaps::computeFeatureMaps of the shown image (in the
    /// active segment when asked) in the background (progress, cancel: nothing
    /// shown), then the maps in the Maps dock, the first overlaid (fusion
    /// layer, the Maps dock's colour map (Hot or Viridis), window the
    /// 1st..99th percentile of its values in the segment, NaN and outside
    /// the segment transparent). Emits featureMapsFinished.
    void startFeatureMaps(const FeatureMapRequest& request);
    /// Analysis > Feature robustness: the RobustnessDialog (non-modal,
    /// deleted on close) on the open database's stored robustness runs;
    /// nullptr (with a message) without a database.
    RobustnessDialog* openRobustnessView();
    /// Analysis > Filter response: the FilterResponseDialog; accepting it
    /// runs startFilterResponse.
    FilterResponseDialog* openFilterResponseDialog();
    /// The response map of a filter of a parameter set's filters: section on
    /// the shown image (as rgw-cli filter) in the background, then overlaid
    /// like a feature map; the Maps dock can show it as the image. Emits
    /// filterResponseFinished.
    void startFilterResponse(const FilterResponseRequest& request);
    /// Writes the map picked in the Maps dock (as core computed it: 0 outside
    /// the segment for a feature map) to `file` (NIfTI) in the background.
    /// Emits mapSaved.
    void saveShownMap(const QString& file);
    MapPanel* mapPanel() const { return mapPanel_; }
    QDockWidget* mapDock() const { return mapDock_; }

    /// File > Export study report: the StudyReportDialog (non-modal, deleted
    /// on close) over the database's named cohorts; accepting it runs
    /// startStudyReport. nullptr (with a message) without a database, a
    /// named cohort, or while a task runs.
    StudyReportDialog* openStudyReportDialog();
    /// storage::studyReport then reportrender::writeReport in the background
    /// (progress, cancel: nothing written), then opens the file
    /// (setOpensExports). Emits reportExported.
    void startStudyReport(const StudyReportRequest& request);
    /// File > Export patient report: the PatientReportDialog for the
    /// browser's patient (any patient can be chosen); accepting it runs
    /// startPatientReport.
    PatientReportDialog* openPatientReportDialog();
    /// storage::patientReport, numbered, written in the background like
    /// startStudyReport. Emits reportExported.
    void startPatientReport(const PatientReportRequest& request);
    /// File > Export for sharing: the SharingExportDialog; accepting it runs
    /// startSharingExport.
    SharingExportDialog* openSharingExportDialog();
    /// storage::exportDeidentified in the background (progress, cancel:
    /// nothing written), then a summary box (patients, files, UIDs remapped)
    /// offering to open the folder. A folder that exists and is not empty is
    /// refused with a message. Emits sharingExported.
    void startSharingExport(const SharingExportRequest& request);
    /// File > Export cohort bundle: the SharingExportDialog of kind Bundle;
    /// accepting it runs startBundleExport.
    SharingExportDialog* openBundleExportDialog();
    /// storage::exportCohortBundle in the background (progress, cancel:
    /// nothing written), with report.pdf drawn by reportrender::writeReport
    /// when asked, then a summary box (patients, files, extractions, models)
    /// offering to open the bundle's folder. An occupied folder or existing
    /// zip is refused with a message. Emits bundleExported.
    void startBundleExport(const SharingExportRequest& request);
    /// File > Import cohort bundle: asks for a bundle (its bundle.json, or
    /// its .zip), then runs importBundle.
    void importBundleDialog();
    /// storage::importCohortBundle of `path` (a bundle folder, its
    /// bundle.json or a .zip) in the background (progress, cancel: nothing
    /// imported), then shows the new patients and cohort and a summary.
    /// Emits bundleImported.
    void importBundle(const QString& path);
    /// Written reports and "Open folder" open with the desktop's viewer
    /// (QDesktopServices); tests turn it off.
    void setOpensExports(bool open) { opensExports_ = open; }

    /// Extracts features of the browser's selected segmentation (or of every
    /// segmentation of the selected image series) with a preset name or YAML
    /// file, in the background, stores them and shows them in the feature
    /// table — what Analysis > Extract features does after its dialog.
    /// Emits featureExtractionFinished when done.
    /// `allowModalityMismatch` forces a set not declared for the series' modality.
    void startFeatureExtraction(const QString& parameterSpec, unsigned threads,
                                bool allowModalityMismatch = false);
    /// storage::extractCohort over every (image series, segmentation) pair of
    /// the database, in the background. Emits featureExtractionFinished.
    /// Pairs skipped for modality (storage::CohortOptions) are listed in the summary.
    void startCohortExtraction(const QString& parameterSpec, unsigned threads,
                               const storage::CohortOptions& options = {});
    /// Shows the newest stored extraction of the browser's selected
    /// segmentation, or empties the table. True when features are shown.
    bool showFeaturesOfSelection();

    /// Scripted runs (--screenshot, --db on the command line) turn this off:
    /// then neither the database, the viewer layout nor the window placement
    /// is written to the user's settings.
    void setRemembersSettings(bool remember);
    bool remembersSettings() const { return remember_; }

    /// The welcome page is shown instead of browser and viewer (no database or
    /// an empty one).
    bool showsWelcomePage() const;
    WelcomePage* welcomePage() const { return welcome_; }
    QDockWidget* segmentationDock() const { return segmentationDock_; }
    QDockWidget* featureDock() const { return featureDock_; }
    StatusStrip* statusStrip() const { return statusStrip_; }
    QSplitter* browserSplitter() const { return splitter_; }
    /// Help > Keyboard shortcuts and Help > User guide (non-modal).
    void showShortcutList();
    void showUserGuide();

    bool isBusy() const { return busy_; }
    bool isLoadingSeries() const { return loading_ != nullptr; }
    QString shownSeries() const { return shownSeries_; }
    QString lastError() const { return lastError_; }

    DatabaseBrowser* browser() const { return browser_; }
    /// The cohort page (patients, filters, named cohorts), a tab beside the images.
    CohortPage* cohortPage() const { return cohortPage_; }
    /// The model builder and its results (Models > Train model), a tab beside the cohort.
    ModelBuilderPage* modelBuilderPage() const { return modelPage_; }
    AssociationsPage* associationsPage() const { return associationsPage_; }
    void showModelBuilder();
    /// The tabs "Images" (browser and viewer) and "Cohort".
    QTabWidget* workTabs() const { return tabs_; }
    /// Shows the cohort page (true) or the images (false) — View > Cohort page.
    void showCohortPage(bool shown);
    bool showsCohortPage() const;
    /// Selects the patient's first image series in the browser, opens it and
    /// shows the images; false (with a status message) when it has none.
    bool openImagesOfPatient(const QString& patientId);
    /// The axial slice view of the viewer area.
    viewers::SliceView* sliceView() const;
    viewers::ViewerLayout* viewer() const { return viewer_; }
    viewers::SegmentationEditor* segmentationEditor() const { return editor_; }
    SegmentationPanel* segmentationPanel() const { return segmentationPanel_; }
    QString fusedSeries() const { return fusedSeries_; }
    TaskProgress* taskProgress() const;
    FeatureTableView* featureTable() const { return featureTable_; }

signals:
    void databaseOpened(const QString& path);
    void importFinished(bool succeeded, const QString& summary);
    /// `succeeded`: the data set is in the database (imported or already there).
    void genomicImportFinished(bool succeeded, const QString& summary);
    void seriesShown(const QString& seriesInstanceUid);
    void seriesLoadFailed(const QString& seriesInstanceUid, const QString& error);
    void featureExtractionFinished(bool succeeded, const QString& summary);
    void fusionShown(const QString& seriesInstanceUid);
    void segmentCopied(bool succeeded, const QString& name);
    void fusionFailed(const QString& seriesInstanceUid, const QString& error);
    void segmentationsSaved(bool succeeded, const QString& summary);
    void segmentationsExported(bool succeeded, const QString& file);
    void niftiMaskImported(bool succeeded, const QString& message);
    /// `summary`: the habitats stored, or why not ("cancelled" when cancelled).
    void habitatsFinished(bool succeeded, const QString& summary);
    /// A study or patient report: `fileOrError` the file written, or why not
    /// ("cancelled" when cancelled).
    void reportExported(bool succeeded, const QString& fileOrError);
    /// Export for sharing: its summary, or why not ("cancelled" when cancelled).
    void sharingExported(bool succeeded, const QString& summaryOrError);
    /// Export cohort bundle: its summary, or why not ("cancelled" when cancelled).
    void bundleExported(bool succeeded, const QString& summaryOrError);
    /// Import cohort bundle: its summary, or why not ("cancelled" when cancelled).
    void bundleImported(bool succeeded, const QString& summaryOrError);
    /// Feature maps / a filter response: the summary, or why not ("cancelled" when cancelled).
    void featureMapsFinished(bool succeeded, const QString& summaryOrError);
    void filterResponseFinished(bool succeeded, const QString& summaryOrError);
    /// Save map as NIfTI: the file written, or why not.
    void mapSaved(bool succeeded, const QString& fileOrError);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void createDocks();
    void createActions();
    void createMenus();
    void restoreSettings();
    void applyDefaultFrame();
    /// Shows, raises and (when it was hidden) sizes a right-hand dock.
    void revealDock(QDockWidget* dock);
    int defaultDockWidth(const QDockWidget* dock) const;
    void updateEmptyState();
    void rememberDatabase(const QString& path);
    void rebuildRecentMenu();
    void updateActions();
    void refreshBrowser();
    void showError(const QString& title, const QString& text);
    void showLoadedImage(LoadedImage& image); // moves the segments out

    void newDatabase();
    void openDatabaseDialog();
    void importDialog();
    void genomicImportDialog();
    void demoDialog();
    void about();
    void extractDialog();
    void exportDialog(const QString& format);
    void createViewerActions(QMenu* view);
    // MainWindowReports.cpp
    void createReportActions(QMenu* file);
    void updateReportActions();
    QStringList cohortChoices(); ///< NAME@VERSION, newest version of each name first
    /// cohortChoices() for the dialog `title`, or empty after saying why
    /// (no database, a task running, no cohort, a read error).
    QStringList cohortChoicesFor(const QString& title);
    bool reportsCanStart(const QString& title);
    void openExported(const QString& path);
    /// An action of the File menu: its object name (tests find it by it),
    /// shortcut and status tip, and what it does.
    QAction* fileAction(const QString& text, const char* objectName, const QKeySequence& shortcut,
                        const QString& statusTip, const std::function<void()>& triggered);
    /// The named cohort of an export for sharing or bundle, or nullopt after
    /// saying why (no database, a task running, an occupied folder or
    /// existing zip, an unknown cohort; lastError() has it).
    std::optional<storage::CohortRow> sharingCohort(const QString& title,
                                                    const SharingExportRequest& request);
    /// The summary of a finished export or import: in the status bar (its
    /// first line) and in a box named `objectName`, with "Open folder" when
    /// `folder` is given.
    void showExportSummary(const QString& title, const QString& summary, const char* objectName,
                           const QString& folder);
    // MainWindowMaps.cpp
    void createMapActions(QMenu* analysis);
    /// False after saying why (no image, a task running).
    bool mapsCanStart(const QString& title);
    void finishMaps(const QString& title, const std::shared_ptr<const Volume>& image,
                    std::vector<ComputedMap> maps, bool cancelled, const QString& error,
                    bool response);
    /// Overlays map `index` of the Maps dock (-1: none).
    void showMap(int index);
    /// Shows the picked response map as the image, or the series again.
    void showMapAsImage(bool asImage);
    void saveMapDialog();
    // MainWindowBundles.cpp
    void createBundleActions(QMenu* file);
    void cohortExtractDialog();
    /// Image series and segmentation ids the selection stands for; empty ids
    /// when nothing extractable is selected.
    std::pair<QString, std::vector<storage::Id>> selectedExtractionTarget() const;
    bool loadParameters(const QString& parameterSpec, radiomics::ParameterSet& parameters);
    bool showExtraction(storage::Id extractionId);

    template <class T, class Work, class Done>
    void runTask(const QString& title, Work work, Done done);

    std::unique_ptr<storage::Database> db_;
    DatabaseBrowser* browser_ = nullptr;
    viewers::ViewerLayout* viewer_ = nullptr;
    viewers::SegmentationEditor* editor_ = nullptr;
    SegmentationPanel* segmentationPanel_ = nullptr;
    QDockWidget* segmentationDock_ = nullptr;
    QSplitter* splitter_ = nullptr;
    QStackedWidget* pages_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    CohortPage* cohortPage_ = nullptr;
    ModelBuilderPage* modelPage_ = nullptr;
    AssociationsPage* associationsPage_ = nullptr;
    QAction* cohortPageAction_ = nullptr;
    WelcomePage* welcome_ = nullptr;
    StatusStrip* statusStrip_ = nullptr;
    std::unique_ptr<WindowPlacement> placement_;
    bool remember_ = true;
    bool placed_ = false;               ///< the first show kept the window on its screen
    bool openFirstAfterImport_ = false; ///< the demo cohort: show its first patient
    FeatureTableView* featureTable_ = nullptr;
    QDockWidget* featureDock_ = nullptr;

    QAction* newAction_ = nullptr;
    QAction* openAction_ = nullptr;
    QAction* importAction_ = nullptr;
    QAction* genomicImportAction_ = nullptr;
    QAction* demoAction_ = nullptr;
    QAction* refreshAction_ = nullptr;
    QAction* quitAction_ = nullptr;
    QAction* extractAction_ = nullptr;
    QAction* cohortExtractAction_ = nullptr;
    QAction* fuseAction_ = nullptr;
    QAction* unfuseAction_ = nullptr;
    QAction* saveSegmentationsAction_ = nullptr;
    QAction* copySegmentationAction_ = nullptr;
    QAction* importNiftiAction_ = nullptr;
    std::vector<QAction*> exportActions_;
    QAction* studyReportAction_ = nullptr;
    QAction* patientReportAction_ = nullptr;
    QAction* sharingExportAction_ = nullptr;
    QAction* bundleExportAction_ = nullptr;
    QAction* bundleImportAction_ = nullptr;
    QAction* featureMapAction_ = nullptr;
    QAction* filterResponseAction_ = nullptr;
    MapPanel* mapPanel_ = nullptr;
    QDockWidget* mapDock_ = nullptr;
    QString imageTitle_; ///< the series' title while a response map is shown as the image
    QString imageModality_;
    bool opensExports_ = true;
    QMenu* recentMenu_ = nullptr;

    bool busy_ = false;
    std::shared_ptr<CancelToken> taskCancel_;
    QObject* loading_ = nullptr; ///< watcher of the series load in flight
    std::shared_ptr<CancelToken> loadCancel_;
    QString requestedSeries_;
    QString shownSeries_;
    QString fusedSeries_;
    QString lastError_;
};

} // namespace rgw::ui
