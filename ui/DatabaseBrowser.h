#pragma once

#include <QTreeWidget>

namespace rgw::storage {
class Database;
}

namespace rgw::ui {

/// The cohort tree: patients -> studies -> series, with each image series'
/// segmentations under it. Rows come from the storage repositories. Series are
/// named by their content (modality + Series Description; RTSTRUCT/SEG by
/// their ROI names), studies by date and accession. The columns size to their
/// content; the tree never gets narrower than minimumReadableWidth().
class DatabaseBrowser : public QTreeWidget {
    Q_OBJECT
public:
    enum class ItemKind { Patient = 1, Study, Series, Segmentation };
    /// Descriptive columns first, so a narrow browser still names each row.
    enum Column {
        NameColumn,        ///< modality + description for series, ROI name for segmentations
        DateColumn,        ///< ISO 8601
        DescriptionColumn, ///< sex and birth date, accession, series number, version
        ModalityColumn,
        InstancesColumn,
        SegmentationsColumn,
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
    /// The narrowest width at which patient IDs and series names stay readable.
    int minimumReadableWidth() const;
    /// The first image series of the tree (for opening something after an import).
    QString firstImageSeries() const;

signals:
    /// The user picked an image series (or one of its segmentations).
    void imageSeriesActivated(const QString& seriesInstanceUid);
    /// The user picked a series that is not an image (RTSTRUCT, SEG, SR, ...).
    void nonImageSeriesActivated(const QString& seriesInstanceUid, const QString& modality);

private:
    void onCurrentItemChanged(QTreeWidgetItem* current);
};

} // namespace rgw::ui
