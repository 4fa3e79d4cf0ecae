#pragma once

// The results page of a trained model: tabs Summary (validation mean ± SD,
// per repeat, λ, selected features, the decision rule, the optimism table),
// ROC, Calibration, Decision curve (logistic), Kaplan–Meier (Cox), Confusion
// matrix (multinomial, ConfusionMatrixView),
// Coefficients (linear model) or Importance (non-linear learner) and Nomogram
// (the core's reason when there is none); "Save model…" writes the portable model file.
// Only the tabs a model has are shown; every number comes from the
// TrainingResult (ModelTrainingWork.h).

#include "ModelTrainingWork.h"

#include <QWidget>
#include <filesystem>
#include <memory>

class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace rgw::ui {

class NomogramView;

class ModelResultsView : public QWidget {
    Q_OBJECT
public:
    explicit ModelResultsView(QWidget* parent = nullptr);

    /// Shows `output` (replacing what was shown).
    void setOutput(std::shared_ptr<const TrainingOutput> output);
    bool hasOutput() const { return output_ != nullptr; }
    std::shared_ptr<const TrainingOutput> output() const { return output_; }

    /// Writes the model file (saveModelFile); false with the reason in a
    /// message box and lastError() when it cannot be written.
    bool saveModel(const QString& file);
    /// The database "Store in database" writes to (empty: the button is off).
    void setDatabase(const std::filesystem::path& file);
    /// Stores the model in the database (storage::storeModel; the same model
    /// again is not an error), where the cohort page can score with it; false
    /// with the reason in a message box and lastError() when it cannot.
    bool storeModel();
    QString lastError() const { return lastError_; }
    /// Turns message boxes off (tests); errors stay in lastError().
    void setInteractive(bool interactive) { interactive_ = interactive; }

    QTabWidget* tabs() const { return tabs_; }
    /// The tab titles now shown, in order.
    QStringList tabTitles() const;
    /// "auc 0.812 ± 0.041 (5-fold × 1, seed 1)".
    QLabel* validationLabel() const { return validation_; }
    QLabel* lambdaLabel() const { return lambda_; }
    QLabel* featuresLabel() const { return features_; }
    QLabel* decisionLabel() const { return decision_; }
    QLabel* crossValidatedLabel() const { return crossValidated_; }
    /// The final model on the table's test split (TrainingOutput::heldOut).
    QLabel* heldOutLabel() const { return heldOut_; }
    QTableWidget* optimismTable() const { return optimism_; }
    NomogramView* nomogramView() const { return nomogram_; }
    QLabel* nomogramNote() const { return nomogramNote_; }
    QPushButton* saveButton() const { return save_; }
    QPushButton* storeButton() const { return store_; }

    QSize sizeHint() const override { return {1000, 620}; }

signals:
    void modelSaved(const QString& file);
    /// The model is in the database under this id (SHA-256 hex).
    void modelStored(const QString& modelId);

private:
    void showSummary(const TrainingOutput& output);
    void addChartTab(QWidget* chart, const QString& title);
    void saveDialog();

    std::shared_ptr<const TrainingOutput> output_;
    QTabWidget* tabs_;
    QWidget* summary_;
    QLabel* title_;
    QLabel* validation_;
    QLabel* perRepeat_;
    QLabel* crossValidated_;
    QLabel* heldOut_;
    QLabel* lambda_;
    QLabel* features_;
    QLabel* decision_;
    QLabel* optimismTitle_;
    QTableWidget* optimism_;
    QWidget* nomogramPage_;
    NomogramView* nomogram_;
    QLabel* nomogramNote_;
    QPushButton* save_;
    QPushButton* store_;
    std::filesystem::path database_;
    QString lastError_;
    bool interactive_ = true;
};

} // namespace rgw::ui
