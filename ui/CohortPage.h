#pragma once

#include "CohortPageWork.h"
#include "CohortSplitting.h"
#include "NamedCohorts.h"

#include <QWidget>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <vector>

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTableWidget;
class QTreeWidget;

namespace rgw::storage {
class Database;
}

namespace rgw::ui {

class CohortScoringPanel;
class FilterBuilder;
class PatientTableModel;
class CohortMemberProxy;

/// The cohort page (issue #12): every patient of the database in a sortable
/// table with a compact missing-data overview, a filter (FilterBuilder) with
/// a "Matching: n of N" preview that hides the rows it does not match, the
/// named cohorts (definition, flow, member state shown in the table), and the
/// curation actions: save the filter as a cohort, exclude / include the
/// selected patient with a reason, split, export; scoring the cohort with a
/// stored model and showing its predictions as columns (CohortScoringPanel).
/// The selected patient's
/// samples, mutations and clinical values are shown below the table.
///
/// The table is read and cohorts are created and exported on worker threads
/// with their own connections (CohortPageWork.h); the quick reads and the
/// exclusions use the page's own connection. Errors are shown in a message
/// box naming the problem and kept in lastError().
class CohortPage : public QWidget {
    Q_OBJECT
public:
    explicit CohortPage(QWidget* parent = nullptr);
    ~CohortPage() override;

    /// Shows the database at `file` (re-reads the table in the background);
    /// an empty path empties the page.
    void setDatabase(const std::filesystem::path& file);
    /// Re-reads the table and the cohorts (after an import).
    void reload();

    bool isLoading() const { return loading_; }
    bool isBusy() const { return busy_; }
    QString lastError() const { return lastError_; }

    /// Patients matching the filter / all patients of the table.
    int matchingCount() const;
    int patientCount() const;
    /// "NAME@VERSION" of the selected cohort, empty for none.
    QString selectedCohort() const;
    bool selectCohort(const QString& nameAtVersion);
    /// Selects the table row of `patientId` (false when it is not shown).
    bool selectPatient(const QString& patientId);
    QString selectedPatient() const;

    /// Creates cohort `name` from the filter text in the background; emits
    /// cohortCreated or shows the error.
    void saveAsCohort(const QString& name);
    /// Excludes / includes the selected patient in the selected cohort.
    bool excludeSelected(const QString& reason);
    bool includeSelected(const QString& reason);
    bool splitSelected(const storage::SplitRequest& request);
    /// Exports the selected cohort (every patient with none selected) in the
    /// background; emits exportFinished.
    void exportTo(storage::CohortExportOptions options, const QString& file);

    FilterBuilder* filterBuilder() const { return filter_; }
    QLabel* previewLabel() const { return preview_; }
    QLabel* flowLabel() const { return flow_; }
    QComboBox* cohortBox() const { return cohorts_; }
    QTableView* patientView() const { return view_; }
    QTableWidget* missingTable() const { return missing_; }
    QTreeWidget* detailTree() const { return detail_; }
    PatientTableModel* model() const { return model_; }
    QAction* saveAction() const { return saveAction_; }
    QAction* excludeAction() const { return excludeAction_; }
    QAction* includeAction() const { return includeAction_; }
    QAction* splitAction() const { return splitAction_; }
    QAction* exportAction() const { return exportAction_; }
    QAction* openImagesAction() const { return openImagesAction_; }
    /// "Score patients..." and the prediction columns (CohortScoringPanel.h).
    CohortScoringPanel* scoringPanel() const { return scoring_; }
    QAction* scoreAction() const;
    /// The scoring panel's "Import model file…" (the Models menu shows it).
    QAction* importModelAction() const;

signals:
    void tableLoaded(int patients);
    void cohortCreated(const QString& nameAtVersion);
    void exportFinished(bool succeeded, const QString& summary);
    /// "Open images": show the patient's first image series.
    void openImagesRequested(const QString& patientId);

private:
    void createActions();
    void showTable(PatientTableData data);
    void applyFilter();
    void reloadCohorts(const QString& select = {});
    void showCohort();
    void showPatientDetail();
    void updateActions();
    bool includeOrExclude(bool exclude, const QString& reason);
    void showError(const QString& title, const QString& text);
    std::optional<storage::CohortRow> currentCohort();
    void saveDialog();
    void reasonDialog(bool exclude);
    void splitDialog();
    void exportDialog();

    std::filesystem::path file_;
    std::unique_ptr<storage::Database> db_;
    std::vector<storage::VariableInfo> catalogue_;
    std::vector<std::map<std::string, cohort::Value>> rowValues_;
    std::uint64_t loadGeneration_ = 0;

    FilterBuilder* filter_;
    QLabel* preview_;
    QComboBox* cohorts_;
    QLabel* definition_;
    QLabel* flow_;
    QTableWidget* missing_;
    PatientTableModel* model_;
    CohortMemberProxy* proxy_;
    QTableView* view_;
    QTreeWidget* detail_;
    QLabel* detailTitle_;
    QProgressBar* progress_;
    CohortScoringPanel* scoring_;
    QAction* saveAction_ = nullptr;
    QAction* excludeAction_ = nullptr;
    QAction* includeAction_ = nullptr;
    QAction* splitAction_ = nullptr;
    QAction* exportAction_ = nullptr;
    QAction* openImagesAction_ = nullptr;
    bool loading_ = false;
    bool busy_ = false;
    QString lastError_;
};

} // namespace rgw::ui
