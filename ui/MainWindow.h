#pragma once

#include "BackgroundWork.h"

#include <QMainWindow>
#include <QPointer>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <utility>
#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;

namespace rgw::storage {
class Database;
}
namespace rgw::viewers {
class SliceView;
}

namespace rgw::ui {

class DatabaseBrowser;
class FeatureTableView;
class TaskProgress;

/// The workstation's main window: cohort browser, slice view, File menu
/// (databases, DICOM import, demo cohort). Imports and series loads run on
/// worker threads with their own database connections; errors are shown in
/// non-blocking message boxes and never end the program.
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
    /// segmentations. Emits seriesShown or seriesLoadFailed.
    void openSeries(const QString& seriesInstanceUid);

    /// Extracts features of the browser's selected segmentation (or of every
    /// segmentation of the selected image series) with a preset name or YAML
    /// file, in the background, stores them and shows them in the feature
    /// table — what Analysis > Extract features does after its dialog.
    /// Emits featureExtractionFinished when done.
    void startFeatureExtraction(const QString& parameterSpec, unsigned threads);
    /// storage::extractCohort over every (image series, segmentation) pair of
    /// the database, in the background. Emits featureExtractionFinished.
    void startCohortExtraction(const QString& parameterSpec, unsigned threads);
    /// Shows the newest stored extraction of the browser's selected
    /// segmentation, or empties the table. True when features are shown.
    bool showFeaturesOfSelection();

    bool isBusy() const { return busy_; }
    bool isLoadingSeries() const { return loading_ != nullptr; }
    QString shownSeries() const { return shownSeries_; }
    QString lastError() const { return lastError_; }

    DatabaseBrowser* browser() const { return browser_; }
    viewers::SliceView* sliceView() const { return sliceView_; }
    TaskProgress* taskProgress() const { return taskProgress_; }
    FeatureTableView* featureTable() const { return featureTable_; }

signals:
    void databaseOpened(const QString& path);
    void importFinished(bool succeeded, const QString& summary);
    void seriesShown(const QString& seriesInstanceUid);
    void seriesLoadFailed(const QString& seriesInstanceUid, const QString& error);
    void featureExtractionFinished(bool succeeded, const QString& summary);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void restoreSettings();
    void saveSettings();
    void rememberDatabase(const QString& path);
    void rebuildRecentMenu();
    void updateActions();
    void refreshBrowser();
    void showError(const QString& title, const QString& text);
    void showLoadedImage(const LoadedImage& image);

    void newDatabase();
    void openDatabaseDialog();
    void importDialog();
    void demoDialog();
    void about();
    void extractDialog();
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
    viewers::SliceView* sliceView_ = nullptr;
    QSplitter* splitter_ = nullptr;
    TaskProgress* taskProgress_ = nullptr;
    QProgressBar* loadBar_ = nullptr;
    QLabel* databaseLabel_ = nullptr;
    FeatureTableView* featureTable_ = nullptr;
    QDockWidget* featureDock_ = nullptr;

    QAction* newAction_ = nullptr;
    QAction* openAction_ = nullptr;
    QAction* importAction_ = nullptr;
    QAction* demoAction_ = nullptr;
    QAction* refreshAction_ = nullptr;
    QAction* quitAction_ = nullptr;
    QAction* extractAction_ = nullptr;
    QAction* cohortExtractAction_ = nullptr;
    QMenu* recentMenu_ = nullptr;

    bool busy_ = false;
    std::shared_ptr<CancelToken> taskCancel_;
    QObject* loading_ = nullptr; ///< watcher of the series load in flight
    std::shared_ptr<CancelToken> loadCancel_;
    QString requestedSeries_;
    QString shownSeries_;
    QString lastError_;
};

} // namespace rgw::ui
