#pragma once

#include "FeatureRepository.h"
#include "radiomics/Feature.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace rgw::ui {

/// One stored feature extraction as a table (family, feature, IBSI code,
/// aggregation, value, unit), sortable and filterable, with a compact
/// provenance line (details in its tooltip) and an "Export CSV..." button.
/// Missing values show "—" with their reason. It only shows what storage returns; it never
/// computes features.
class FeatureTableView : public QWidget {
    Q_OBJECT
public:
    enum Column {
        FamilyColumn,
        FeatureColumn,
        CodeColumn,
        AggregationColumn,
        ValueColumn,
        UnitColumn
    };
    /// Why a value is missing (empty when it was computed), on the value cell.
    static constexpr int MissingReasonRole = Qt::UserRole + 2;
    /// Sort key of every cell: the number for values, the text otherwise.
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit FeatureTableView(QWidget* parent = nullptr);

    void showExtraction(const storage::FeatureProvenance& provenance,
                        const radiomics::FeatureTable& table);
    /// Empties the table; `why` says what to do to see features.
    void clear(const QString& why);

    /// The extraction shown, 0 when none.
    storage::Id extractionId() const { return extractionId_; }
    /// The rows as shown (filtered and sorted), as a feature table.
    radiomics::FeatureTable shownTable() const;
    /// Writes the shown rows with radiomics::writeFeatureCsv. Throws rgw::Error
    /// naming the file when it cannot be written.
    void exportCsv(const QString& path) const;

    QTableView* tableView() const { return view_; }
    QSortFilterProxyModel* proxyModel() const { return proxy_; }
    QLineEdit* filterEdit() const { return filter_; }
    QLabel* provenanceLabel() const { return provenance_; }
    QPushButton* exportButton() const { return export_; }

private:
    void exportDialog();

    QStandardItemModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* view_;
    QLineEdit* filter_;
    QLabel* provenance_;
    QPushButton* export_;
    storage::Id extractionId_ = 0;
    QString suggestedName_;
};

} // namespace rgw::ui
