#pragma once

// The model builder (issue #13 §6): the source (a named cohort with its
// parameter set, or a CSV table), the task (logistic / multinomial target or
// Cox time and event, filled from the table's columns), the candidate
// features (a checklist with a filter box), preprocessing, ComBat, the
// selection steps (SelectionStepsChoice), the learner (LearnerChoice), and the validated protocol
// (repeated stratified k-fold CV with everything fitted inside the folds; optional bootstrap
// optimism) — the choices and defaults of `rgw-cli model train`. Reading the table and training run
// in the background with progress and Cancel (ModelTrainingWork); the result opens on the Results
// tab (ModelResultsView). The last choices are remembered (QSettings "models/").

#include "ModelTrainingWork.h"

#include <QWidget>
#include <filesystem>
#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTabWidget;

namespace rgw::ui {

class LearnerChoice;
class ModelResultsView;
class RadScoreChoice;
class SelectionStepsChoice;
class StabilityChoice;
class TaskProgress;

class ModelBuilderPage : public QWidget {
    Q_OBJECT
public:
    explicit ModelBuilderPage(QWidget* parent = nullptr);
    ~ModelBuilderPage() override;

    /// The database whose named cohorts are offered (empty: none).
    void setDatabase(const std::filesystem::path& file);
    /// Re-reads the database's named cohorts and the parameter sets in use
    /// (after a cohort was saved or features extracted), keeping the choices.
    void refreshSources();
    /// Reads a CSV table in the background (emits tableLoaded).
    void loadCsv(const QString& file);
    /// Reads the selected cohort in the background (emits tableLoaded).
    void loadSelectedCohort();
    bool hasTable() const { return table_ != nullptr; }
    std::shared_ptr<const AnalysisTable> table() const { return table_; }

    /// The request the form describes; throws rgw::Error naming what is
    /// missing (no table, no target, no feature checked, ...).
    modeling::TrainingRequest request() const;
    /// Starts training in the background; false (with the reason in a
    /// message box and lastError()) when the form is incomplete or busy.
    bool startTraining();
    void cancelTraining();
    bool isBusy() const;
    QString lastError() const { return lastError_; }
    /// Turns message boxes off (tests); errors stay in lastError() and the status line.
    void setInteractive(bool interactive);

    ModelResultsView* resultsView() const { return results_; }
    QTabWidget* pageTabs() const { return tabs_; }
    TaskProgress* progress() const { return progress_; }
    QComboBox* cohortBox() const { return cohort_; }
    QComboBox* parameterSetBox() const { return parameterSet_; }
    QComboBox* kindBox() const { return kind_; }
    QComboBox* targetBox() const { return target_; }
    QComboBox* timeBox() const { return time_; }
    QComboBox* eventBox() const { return event_; }
    QListWidget* featureList() const { return features_; }
    QLineEdit* featureFilter() const { return filter_; }
    QComboBox* imputationBox() const { return imputation_; }
    QCheckBox* zScoreBox() const { return zScore_; }
    QCheckBox* combatBox() const { return combat_; }
    QComboBox* batchBox() const { return batch_; }
    /// ComBat's biological covariates: a comma list of candidate features.
    QLineEdit* combatCovariatesEdit() const { return combatCovariates_; }
    QCheckBox* combatNonParametricBox() const { return combatNonParametric_; }
    QCheckBox* combatMeanOnlyBox() const { return combatMeanOnly_; }
    QCheckBox* nearZeroVarianceBox() const { return nzv_; }
    QCheckBox* correlationBox() const { return correlation_; }
    QDoubleSpinBox* correlationSpin() const { return correlationR_; }
    QCheckBox* fdrBox() const { return fdr_; }
    QDoubleSpinBox* fdrSpin() const { return fdrQ_; }
    QCheckBox* topBox() const { return top_; }
    QSpinBox* topSpin() const { return topK_; }
    QComboBox* testBox() const { return test_; }
    SelectionStepsChoice* selectionSteps() const { return steps_; }
    StabilityChoice* stabilityChoice() const { return stability_; }
    RadScoreChoice* radScoreChoice() const { return radScore_; }
    LearnerChoice* learnerChoice() const { return learner_; }
    QComboBox* penaltyBox() const { return penalty_; }
    QDoubleSpinBox* alphaSpin() const { return alpha_; }
    QComboBox* lambdaRuleBox() const { return lambdaRule_; }
    QSpinBox* innerFoldsSpin() const { return innerFolds_; }
    QSpinBox* foldsSpin() const { return folds_; }
    QSpinBox* repeatsSpin() const { return repeats_; }
    QSpinBox* seedSpin() const { return seed_; }
    QCheckBox* optimismBox() const { return optimism_; }
    QSpinBox* bootstrapsSpin() const { return bootstraps_; }
    QLineEdit* nameEdit() const { return name_; }
    QPushButton* trainButton() const { return train_; }
    QLabel* statusLabel() const { return status_; }

signals:
    void tableLoaded(int rows, int columns);
    void trainingFinished(bool succeeded, const QString& summary);

private:
    QWidget* createSourceBox();
    QWidget* createTaskBox();
    QWidget* createFeatureBox();
    QWidget* createPipelineBox();
    QWidget* createValidationBox();
    void showTable(std::shared_ptr<const AnalysisTable> table);
    void refreshSources(const QString& cohort, const QString& parameterSet);
    void fillColumns();
    void fillFeatures();
    void fillTests();
    void updateEnabled();
    void fail(const QString& title, const QString& text);
    void restoreChoices();
    void rememberChoices() const;

    std::filesystem::path database_;
    std::shared_ptr<const AnalysisTable> table_;
    ModelTrainingWork* work_;
    bool interactive_ = true;
    QString lastError_;

    QTabWidget* tabs_;
    ModelResultsView* results_;
    TaskProgress* progress_;
    QRadioButton* fromCohort_ = nullptr;
    QRadioButton* fromCsv_ = nullptr;
    QComboBox* cohort_ = nullptr;
    QComboBox* parameterSet_ = nullptr;
    QLineEdit* csv_ = nullptr;
    QLabel* tableInfo_ = nullptr;
    QComboBox* kind_ = nullptr;
    QComboBox* target_ = nullptr;
    QComboBox* time_ = nullptr;
    QComboBox* event_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QListWidget* features_ = nullptr;
    QComboBox* imputation_ = nullptr;
    QCheckBox* zScore_ = nullptr;
    QLineEdit* logColumns_ = nullptr;
    QCheckBox* combat_ = nullptr;
    QComboBox* batch_ = nullptr;
    QLineEdit* combatCovariates_ = nullptr;
    QCheckBox* combatNonParametric_ = nullptr;
    QCheckBox* combatMeanOnly_ = nullptr;
    QCheckBox* nzv_ = nullptr;
    QCheckBox* correlation_ = nullptr;
    QDoubleSpinBox* correlationR_ = nullptr;
    QCheckBox* fdr_ = nullptr;
    QDoubleSpinBox* fdrQ_ = nullptr;
    QCheckBox* top_ = nullptr;
    QSpinBox* topK_ = nullptr;
    QComboBox* test_ = nullptr;
    SelectionStepsChoice* steps_ = nullptr;
    StabilityChoice* stability_ = nullptr;
    RadScoreChoice* radScore_ = nullptr;
    LearnerChoice* learner_ = nullptr;
    QComboBox* penalty_ = nullptr;
    QDoubleSpinBox* alpha_ = nullptr;
    QComboBox* lambdaRule_ = nullptr;
    QSpinBox* innerFolds_ = nullptr;
    QComboBox* ties_ = nullptr;
    QSpinBox* folds_ = nullptr;
    QSpinBox* repeats_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QCheckBox* optimism_ = nullptr;
    QSpinBox* bootstraps_ = nullptr;
    QLineEdit* name_ = nullptr;
    QPushButton* train_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QLabel* status_ = nullptr;
};

} // namespace rgw::ui
