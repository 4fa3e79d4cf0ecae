#pragma once

#include <QTreeWidget>

namespace rgw::storage {
class Database;
}

namespace rgw::ui {

/// The cohort tree: patients -> studies -> series, with each image series'
/// segmentations under it. Rows come from the storage repositories.
class DatabaseBrowser : public QTreeWidget {
    Q_OBJECT
public:
    enum class ItemKind { Patient = 1, Study, Series, Segmentation };
    enum Column {
        NameColumn,
        ModalityColumn,
        DateColumn,
        InstancesColumn,
        SegmentationsColumn,
        DescriptionColumn, ///< last: it takes the remaining width
        ColumnCount
    };
    static constexpr int KindRole = Qt::UserRole + 1;
    static constexpr int UidRole = Qt::UserRole + 2;       ///< DICOM UID / Patient ID
    static constexpr int SeriesUidRole = Qt::UserRole + 3; ///< series shown for this item
    static constexpr int IsImageRole = Qt::UserRole + 4;

    explicit DatabaseBrowser(QWidget* parent = nullptr);

    /// Re-reads the whole tree from `db`, keeping the selected series
    /// selected when it is still there. Throws rgw::Error on database errors.
    void reload(storage::Database& db);
    void clearContents();

    QTreeWidgetItem* findPatient(const QString& patientId) const;
    QTreeWidgetItem* findSeries(const QString& seriesInstanceUid) const;
    /// Selects (and scrolls to) the series; false when it is not listed.
    bool selectSeries(const QString& seriesInstanceUid);
    int patientCount() const { return topLevelItemCount(); }

signals:
    /// The user picked an image series (or one of its segmentations).
    void imageSeriesActivated(const QString& seriesInstanceUid);
    /// The user picked a series that is not an image (RTSTRUCT, SEG, SR, ...).
    void nonImageSeriesActivated(const QString& seriesInstanceUid, const QString& modality);

private:
    void onCurrentItemChanged(QTreeWidgetItem* current);
};

} // namespace rgw::ui
