#pragma once

#include "CohortVariables.h"

#include <QAbstractTableModel>
#include <vector>

namespace rgw::ui {

/// The cohort page's patient table: one row per patient (its primary sample)
/// of a storage::VariableTable, the columns patient, sample and every
/// variable in catalogue order (imaging availability, genomic profile
/// statuses, clinical variables and outcomes). A missing value shows as an
/// empty grey cell with the tooltip "missing" (never 0); "not-profiled" is a
/// value of its own. SortRole gives numbers as numbers, so a
/// QSortFilterProxyModel sorts 9 before 10; missing values sort first.
class PatientTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int FixedColumns = 2; ///< patient id, sample id

    explicit PatientTableModel(QObject* parent = nullptr);

    void setTable(storage::VariableTable table);
    const storage::VariableTable& table() const { return table_; }
    QString patientId(int row) const;
    /// The column of `variable`, or -1.
    int columnOf(const QString& variable) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    storage::VariableTable table_;
};

/// Per variable of a table: how many of its rows miss it.
struct MissingCount {
    std::string variable;
    std::size_t missing = 0;
    std::size_t rows = 0;
};
std::vector<MissingCount> missingOverview(const storage::VariableTable& table);

} // namespace rgw::ui
