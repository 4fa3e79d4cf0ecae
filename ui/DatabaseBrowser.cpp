#include "DatabaseBrowser.h"

#include "CohortRepositories.h"
#include "SegmentationRepository.h"
#include "SeriesContents.h"

#include <QDate>
#include <QHeaderView>
#include <QPainter>
#include <QPixmap>
#include <QRegularExpression>
#include <map>

namespace rgw::ui {

namespace {

using Kind = DatabaseBrowser::ItemKind;

QString text(const std::string& s) {
    return QString::fromStdString(s);
}

// DICOM DA (YYYYMMDD) shown as ISO 8601; anything else as stored.
QString displayDate(const std::string& da) {
    const QDate date = QDate::fromString(text(da), QStringLiteral("yyyyMMdd"));
    return date.isValid() ? date.toString(Qt::ISODate) : text(da);
}

// DICOM PN uses '^' between name components.
QString displayName(const std::string& pn) {
    return text(pn).replace(QLatin1Char('^'), QLatin1Char(' ')).simplified();
}

QIcon colourSwatch(const std::array<int, 3>& rgb) {
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setPen(QColor(40, 40, 40));
    painter.setBrush(QColor(rgb[0], rgb[1], rgb[2]));
    painter.drawRoundedRect(QRectF(0.5, 0.5, 11, 11), 2, 2);
    return QIcon(pixmap);
}

QTreeWidgetItem* makeItem(Kind kind, const QString& uid) {
    auto* item = new QTreeWidgetItem;
    item->setData(DatabaseBrowser::NameColumn, DatabaseBrowser::KindRole, static_cast<int>(kind));
    item->setData(DatabaseBrowser::NameColumn, DatabaseBrowser::UidRole, uid);
    return item;
}

void setCount(QTreeWidgetItem* item, int column, int value) {
    item->setData(column, Qt::DisplayRole, value);
    item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
}

// "CT  IBSI_1_STS_003_CT_image", "RTSTRUCT  GTV_Mass_CT": what the series holds.
QString seriesName(const storage::SeriesRow& s, const std::vector<std::string>* roiNames) {
    QStringList parts{text(s.modality)};
    if (roiNames && !roiNames->empty()) {
        QStringList rois;
        for (const auto& roi : *roiNames)
            rois << text(roi);
        parts << rois.join(QStringLiteral(", "));
    } else if (!s.seriesDescription.empty()) {
        parts << text(s.seriesDescription);
    } else if (s.seriesNumber) {
        parts << DatabaseBrowser::tr("series %1").arg(*s.seriesNumber);
    }
    return parts.filter(QRegularExpression(".+")).join(QStringLiteral("  "));
}

// Series of one study may carry different Study Descriptions (the database
// keeps the first one imported), so a study is named by date and accession.
QString studyName(const storage::StudyRow& study) {
    QStringList parts;
    if (!study.studyDate.empty())
        parts << displayDate(study.studyDate);
    if (!study.accessionNumber.empty())
        parts << DatabaseBrowser::tr("Acc. %1").arg(text(study.accessionNumber));
    return parts.isEmpty() ? DatabaseBrowser::tr("Study") : parts.join(QStringLiteral("  "));
}

} // namespace

DatabaseBrowser::DatabaseBrowser(QWidget* parent) : QTreeWidget(parent) {
    setColumnCount(ColumnCount);
    setHeaderLabels({tr("Patient / study / series"), tr("Modality"), tr("Date"), tr("Inst."),
                     tr("Seg."), tr("Description")});
    headerItem()->setToolTip(InstancesColumn, tr("Number of DICOM instances (files/objects)"));
    headerItem()->setToolTip(SegmentationsColumn, tr("Number of segmentations (ROIs)"));
    setAlternatingRowColors(true);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setExpandsOnDoubleClick(true);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(QHeaderView::Interactive);
    for (int c = 0; c < ColumnCount; ++c)
        resizeColumnToContents(c); // the headers themselves stay readable
    setMinimumWidth(minimumReadableWidth());
    connect(this, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem* current) { onCurrentItemChanged(current); });
}

void DatabaseBrowser::clearContents() {
    clear();
}

void DatabaseBrowser::reload(storage::Database& db) {
    QString selectedSeries;
    if (const auto* item = currentItem())
        selectedSeries = item->data(NameColumn, SeriesUidRole).toString();

    storage::PatientRepository patients(db);
    storage::StudyRepository studies(db);
    storage::SeriesRepository series(db);
    storage::SegmentationRepository segmentations(db);

    // Segmentations grouped by the image series they lie on.
    const auto roiNames = storage::roiNamesBySourceSeries(db);
    std::map<std::string, std::vector<storage::SegmentationRow>> segmentationsBySeries;
    for (auto& row : segmentations.listAll())
        segmentationsBySeries[row.referencedSeriesInstanceUid].push_back(std::move(row));

    QList<QTreeWidgetItem*> roots;
    for (const auto& patient : patients.list()) {
        auto* patientItem = makeItem(Kind::Patient, text(patient.patientId));
        const QString name = displayName(patient.patientName);
        patientItem->setText(NameColumn, name.isEmpty() || name == text(patient.patientId)
                                             ? text(patient.patientId)
                                             : text(patient.patientId) + "  " + name);
        patientItem->setText(
            DescriptionColumn,
            QStringList{text(patient.patientSex),
                        patient.patientBirthDate.empty()
                            ? QString()
                            : tr("born %1").arg(displayDate(patient.patientBirthDate))}
                .filter(QRegularExpression(".+"))
                .join(", "));
        QFont bold = patientItem->font(NameColumn);
        bold.setBold(true);
        patientItem->setFont(NameColumn, bold);
        int patientSeries = 0;
        int patientSegmentations = 0;
        for (const auto& study : studies.listForPatient(patient.id)) {
            auto* studyItem = makeItem(Kind::Study, text(study.studyInstanceUid));
            studyItem->setText(NameColumn, studyName(study));
            studyItem->setText(DateColumn, displayDate(study.studyDate));
            studyItem->setText(DescriptionColumn,
                               study.accessionNumber.empty()
                                   ? QString()
                                   : tr("Accession %1").arg(text(study.accessionNumber)));
            studyItem->setToolTip(
                NameColumn,
                study.studyDescription.empty()
                    ? text(study.studyInstanceUid)
                    : tr("%1\nStudy Description (first series imported): %2")
                          .arg(text(study.studyInstanceUid), text(study.studyDescription)));
            for (const auto& s : series.listForStudy(study.id)) {
                auto* seriesItem = makeItem(Kind::Series, text(s.seriesInstanceUid));
                const bool isImage = s.kind == dicom::ObjectKind::Image;
                seriesItem->setData(NameColumn, SeriesUidRole, text(s.seriesInstanceUid));
                seriesItem->setData(NameColumn, IsImageRole, isImage);
                const auto rois = roiNames.find(s.seriesInstanceUid);
                const QString name =
                    seriesName(s, rois == roiNames.end() ? nullptr : &rois->second);
                seriesItem->setText(NameColumn, name);
                seriesItem->setText(ModalityColumn, text(s.modality));
                seriesItem->setText(DateColumn, displayDate(s.studyDate));
                seriesItem->setText(
                    DescriptionColumn,
                    QStringList{s.seriesNumber ? tr("Series %1").arg(*s.seriesNumber) : QString(),
                                text(s.seriesDescription)}
                        .filter(QRegularExpression(".+"))
                        .join(QStringLiteral(", ")));
                setCount(seriesItem, InstancesColumn, s.instanceCount);
                setCount(seriesItem, SegmentationsColumn, s.segmentationCount);
                seriesItem->setToolTip(NameColumn,
                                       name + QLatin1Char('\n') + text(s.seriesInstanceUid));
                if (!isImage)
                    seriesItem->setForeground(NameColumn,
                                              palette().color(QPalette::PlaceholderText));
                patientSegmentations += s.segmentationCount;
                if (auto it = segmentationsBySeries.find(s.seriesInstanceUid);
                    it != segmentationsBySeries.end()) {
                    for (const auto& seg : it->second) {
                        auto* segItem = makeItem(Kind::Segmentation, QString::number(seg.id));
                        segItem->setData(NameColumn, SeriesUidRole, text(s.seriesInstanceUid));
                        segItem->setData(NameColumn, IsImageRole, isImage);
                        segItem->setIcon(NameColumn, colourSwatch(seg.color));
                        segItem->setText(NameColumn, text(seg.roiName));
                        segItem->setText(ModalityColumn, storage::toString(seg.source));
                        segItem->setText(DescriptionColumn, tr("version %1").arg(seg.version));
                        segItem->setToolTip(DescriptionColumn,
                                            tr("created %1 by %2, from %3")
                                                .arg(text(seg.createdAt), text(seg.createdBy),
                                                     text(seg.sourceFile)));
                        seriesItem->addChild(segItem);
                    }
                }
                studyItem->addChild(seriesItem);
                ++patientSeries;
            }
            patientItem->addChild(studyItem);
        }
        patientItem->setText(ModalityColumn, tr("%n series", nullptr, patientSeries));
        setCount(patientItem, SegmentationsColumn, patientSegmentations);
        roots << patientItem;
    }

    const QSignalBlocker block(this);
    clear();
    addTopLevelItems(roots);
    expandAll();
    for (int c = 0; c < ColumnCount; ++c)
        resizeColumnToContents(c);
    if (!selectedSeries.isEmpty())
        if (auto* item = findSeries(selectedSeries))
            setCurrentItem(item);
}

int DatabaseBrowser::minimumReadableWidth() const {
    // A patient ID with a short name, or "CT  " and a short description, beside the indent.
    const QFontMetrics metrics(font());
    return metrics.horizontalAdvance(QStringLiteral("STS_000  Patient name")) + 3 * indentation() +
           2 * frameWidth() + 24;
}

QString DatabaseBrowser::firstImageSeries() const {
    for (QTreeWidgetItemIterator it(const_cast<DatabaseBrowser*>(this)); *it; ++it)
        if ((*it)->data(NameColumn, KindRole).toInt() == static_cast<int>(Kind::Series) &&
            (*it)->data(NameColumn, IsImageRole).toBool())
            return (*it)->data(NameColumn, SeriesUidRole).toString();
    return {};
}

QTreeWidgetItem* DatabaseBrowser::findPatient(const QString& patientId) const {
    for (int i = 0; i < topLevelItemCount(); ++i)
        if (topLevelItem(i)->data(NameColumn, UidRole).toString() == patientId)
            return topLevelItem(i);
    return nullptr;
}

QTreeWidgetItem* DatabaseBrowser::findSeries(const QString& seriesInstanceUid) const {
    for (QTreeWidgetItemIterator it(const_cast<DatabaseBrowser*>(this)); *it; ++it)
        if ((*it)->data(NameColumn, KindRole).toInt() == static_cast<int>(Kind::Series) &&
            (*it)->data(NameColumn, UidRole).toString() == seriesInstanceUid)
            return *it;
    return nullptr;
}

bool DatabaseBrowser::selectSeries(const QString& seriesInstanceUid) {
    auto* item = findSeries(seriesInstanceUid);
    if (!item)
        return false;
    setCurrentItem(item);
    scrollToItem(item);
    return true;
}

void DatabaseBrowser::onCurrentItemChanged(QTreeWidgetItem* current) {
    if (!current)
        return;
    const QString seriesUid = current->data(NameColumn, SeriesUidRole).toString();
    if (seriesUid.isEmpty())
        return; // patient or study
    if (current->data(NameColumn, IsImageRole).toBool())
        emit imageSeriesActivated(seriesUid);
    else
        emit nonImageSeriesActivated(seriesUid, current->text(ModalityColumn));
}

} // namespace rgw::ui
