#pragma once

#include "CohortVariables.h"
#include "ModelRepository.h"

#include <QAbstractTableModel>
#include <QString>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rgw::ui {

/// One stored model's predictions as the patient table shows them.
struct PredictionColumns {
    QString modelName;
    QString modelId; ///< SHA-256 hex
    std::map<std::string, storage::StoredPrediction> byPatient;
};

/// The cohort page's patient table: one row per patient (its primary sample)
/// of a storage::VariableTable, the columns patient, sample and every
/// variable in catalogue order (imaging availability, genomic profile
/// statuses, clinical variables and outcomes). A missing value shows as an
/// empty grey cell with the tooltip "missing" (never 0); "not-profiled" is a
/// value of its own. SortRole gives numbers as numbers, so a
/// QSortFilterProxyModel sorts 9 before 10; missing values sort first.
/// With predictions set, three columns follow the sample id: the model's
/// score, its predicted class or risk group and the model's name (empty and
/// grey for a patient it did not score).
class PatientTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int FixedColumns = 2;          ///< patient id, sample id
    static constexpr int PredictionColumnCount = 3; ///< score, class / risk group, model

    explicit PatientTableModel(QObject* parent = nullptr);

    void setTable(storage::VariableTable table);
    const storage::VariableTable& table() const { return table_; }
    /// Shows (or, with std::nullopt, hides) one model's prediction columns.
    void setPredictions(std::optional<PredictionColumns> predictions);
    const std::optional<PredictionColumns>& predictions() const { return predictions_; }
    /// The column of the prediction score, -1 without predictions.
    int scoreColumn() const { return predictions_ ? FixedColumns : -1; }
    QString patientId(int row) const;
    /// The column of `variable`, or -1.
    int columnOf(const QString& variable) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    int shownPredictionColumns() const { return predictions_ ? PredictionColumnCount : 0; }
    QVariant predictionData(std::size_t row, int column, int role) const;

    storage::VariableTable table_;
    std::optional<PredictionColumns> predictions_;
};

/// Per variable of a table: how many of its rows miss it.
struct MissingCount {
    std::string variable;
    std::size_t missing = 0;
    std::size_t rows = 0;
};
std::vector<MissingCount> missingOverview(const storage::VariableTable& table);

} // namespace rgw::ui
