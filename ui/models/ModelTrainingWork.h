#pragma once

// The long work of the model builder, off the GUI thread: reading the
// analysis table (a named cohort through storage::cohortAnalysisTable on its
// own database connection, or a CSV file) and modeling::trainModel with a
// CancelToken. The free functions never touch widgets; ModelTrainingWork runs
// them with QtConcurrent and reports progress, results and errors as signals
// on the GUI thread.

#include "modeling/ModelEvaluation.h"
#include "modeling/Nomogram.h"
#include "modeling/Training.h"
#include "stats/DataTable.h"
#include "util/Cancel.h"

#include <QObject>
#include <QString>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rgw::ui {

/// A table to train on and where it came from (recorded in the model).
struct AnalysisTable {
    std::shared_ptr<const stats::DataTable> table;
    modeling::TrainingSource source;
    /// A named cohort's: the database, the cohort and parameter set as they
    /// were asked for, and the table's radiomic columns (all empty for a CSV
    /// table) — what the stability filter across segmentation versions reads.
    std::filesystem::path database = {};
    std::string cohort = {};
    std::string parameterSet = {};
    std::vector<std::string> featureColumns = {};
    /// Patients with features and, of them, those with an earlier
    /// segmentation version extracted with the parameter set
    /// (storage::segmentationVersionPairs; 0 without a parameter set).
    std::size_t patientsWithFeatures = 0;
    std::size_t versionPairs = 0;
};

/// Where the stability filter's repeated extraction comes from: a CSV table
/// (`--stability REPEATS.csv`) or the stored segmentation versions of the
/// table's cohort (`--stability versions`); neither when the filter is off.
struct StabilityRepeats {
    std::filesystem::path file = {};
    bool segmentationVersions = false;
};

/// The analysis table of cohort `cohort` ("NAME" or "NAME@VERSION") with the
/// features of `parameterSet` (name or hash prefix; empty = no features),
/// read on its own connection to `databaseFile`. Throws rgw::Error as
/// storage::cohortAnalysisTable ("cancelled" when `cancel` is set).
AnalysisTable loadCohortTable(const std::filesystem::path& databaseFile, const std::string& cohort,
                              const std::string& parameterSet, const ProgressFn& progress,
                              const CancelToken* cancel);

/// A CSV table with the provenance of its side file (TableProvenance.h), as
/// `rgw-cli model train --table FILE`. Throws rgw::Error for an unreadable table.
AnalysisTable loadCsvTable(const std::filesystem::path& file);

/// What the results page shows: the training result and, when the model can
/// be drawn as one, its nomogram (else the reason why not).
struct TrainingOutput {
    modeling::TrainingResult result;
    std::optional<modeling::NomogramModel> nomogram;
    std::string nomogramNote; ///< why there is no nomogram (empty when there is one)
    /// The final model on the table's held-out "test" split, scored as new
    /// patients are (modeling::evaluateModel); nullopt without a split, or
    /// with the reason in heldOutNote when it cannot be evaluated.
    std::optional<modeling::ModelEvaluation> heldOut;
    std::string heldOutNote;
};

/// modeling::trainModel on `input`, then the nomogram of the final model.
/// The stability filter's repeated extraction (TrainingRequest::repeats) is
/// read from `repeats`: a CSV file, or the cohort's segmentation versions
/// through storage::stabilityVersionRepeats on its own connection to
/// input.database (rgw::Error when input is not a cohort with a parameter
/// set, or a candidate is not one of its radiomic features).
TrainingOutput trainOnTable(const AnalysisTable& input, modeling::TrainingRequest request,
                            const StabilityRepeats& repeats, const ProgressFn& progress,
                            const CancelToken* cancel);

/// Runs loading and training on worker threads, one job at a time. Signals
/// arrive on the GUI thread; the job's CancelToken is set by cancel().
class ModelTrainingWork : public QObject {
    Q_OBJECT
public:
    explicit ModelTrainingWork(QObject* parent = nullptr);
    ~ModelTrainingWork() override;

    bool isBusy() const { return busy_; }
    /// Starts reading a cohort / CSV table; emits tableLoaded or failed.
    bool loadCohort(const std::filesystem::path& databaseFile, const QString& cohort,
                    const QString& parameterSet);
    bool loadCsv(const QString& file);
    /// Starts training; emits trained, cancelled or failed.
    bool train(const AnalysisTable& input, modeling::TrainingRequest request,
               const StabilityRepeats& repeats = {});
    /// Asks the running job to stop (it ends with cancelled()).
    void cancel();

signals:
    void started(const QString& what);
    void progress(qint64 done, qint64 total, const QString& what);
    void tableLoaded(std::shared_ptr<const rgw::ui::AnalysisTable> table);
    void trained(std::shared_ptr<const rgw::ui::TrainingOutput> output);
    void failed(const QString& error);
    void cancelled();
    /// After every job, whatever its end.
    void idle();

private:
    template <class T, class Work> void run(const QString& what, Work work);

    bool busy_ = false;
    std::shared_ptr<CancelToken> cancel_;
};

} // namespace rgw::ui
