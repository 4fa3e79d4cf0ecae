#include "FeatureTableView.h"

#include "radiomics/FeatureCsv.h"
#include "util/Error.h"
#include "util/Failure.h"

#include <QColor>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <filesystem>
#include <fstream>
#include <limits>

namespace rgw::ui {

namespace {

QStandardItem* textItem(const std::string& text) {
    auto* item = new QStandardItem(QString::fromStdString(text));
    item->setData(item->text(), FeatureTableView::SortRole);
    item->setEditable(false);
    return item;
}

QStandardItem* valueItem(const radiomics::FeatureValue& v) {
    if (v.missing()) {
        // Missing, never 0: a dash, the reason in the tooltip; sorts last.
        auto* item = new QStandardItem(QStringLiteral("\u2014"));
        item->setData(QVariant(), FeatureTableView::SortRole); // sorts before every number
        item->setData(QString::fromStdString(v.missingReason), FeatureTableView::MissingReasonRole);
        item->setData(QObject::tr("Missing: %1").arg(QString::fromStdString(v.missingReason)),
                      Qt::ToolTipRole);
        item->setData(int(Qt::AlignRight | Qt::AlignVCenter), Qt::TextAlignmentRole);
        item->setForeground(QColor(Qt::gray));
        item->setEditable(false);
        return item;
    }
    const double value = v.value;
    // 10 significant digits on screen; the CSV keeps all 17.
    auto* item = new QStandardItem(QString::number(value, 'g', 10));
    item->setData(value, FeatureTableView::SortRole);
    item->setData(QString::number(value, 'g', 17), Qt::ToolTipRole);
    item->setData(int(Qt::AlignRight | Qt::AlignVCenter), Qt::TextAlignmentRole);
    item->setEditable(false);
    return item;
}

} // namespace

FeatureTableView::FeatureTableView(QWidget* parent) : QWidget(parent) {
    model_ = new QStandardItemModel(0, 6, this);
    model_->setHorizontalHeaderLabels(
        {tr("Family"), tr("Feature"), tr("IBSI code"), tr("Aggregation"), tr("Value"), tr("Unit")});
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(SortRole);
    proxy_->setFilterKeyColumn(-1); // any column
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);

    view_ = new QTableView(this);
    view_->setObjectName(QStringLiteral("featureTable"));
    view_->setModel(proxy_);
    view_->setSortingEnabled(true);
    view_->sortByColumn(-1, Qt::AscendingOrder); // stored (engine) order until the user sorts
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->verticalHeader()->hide();
    // Compact rows: as many features as possible in a docked table.
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 4);
    view_->setWordWrap(false);
    view_->horizontalHeader()->setStretchLastSection(true);

    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("featureFilter"));
    filter_->setPlaceholderText(tr("Filter features (family, name, code, aggregation)"));
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);

    export_ = new QPushButton(tr("Export CSV..."), this);
    export_->setObjectName(QStringLiteral("exportFeatureCsv"));
    connect(export_, &QPushButton::clicked, this, &FeatureTableView::exportDialog);

    // One elided line of provenance; the whole of it in the tooltip. Rich
    // text is declared, never guessed: entities are rendered, not shown.
    provenance_ = new QLabel(this);
    provenance_->setObjectName(QStringLiteral("featureProvenance"));
    provenance_->setTextFormat(Qt::RichText);
    provenance_->setWordWrap(false);
    provenance_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    provenance_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* top = new QHBoxLayout;
    top->setSpacing(4);
    top->addWidget(filter_, 1);
    top->addWidget(export_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addWidget(provenance_);
    layout->addLayout(top);
    layout->addWidget(view_, 1);
    clear(tr("Select a segmentation with stored features, or run Analysis > Extract features."));
}

void FeatureTableView::showExtraction(const storage::FeatureProvenance& provenance,
                                      const radiomics::FeatureTable& table) {
    model_->removeRows(0, model_->rowCount());
    int missing = 0;
    for (const auto& v : table.values) {
        missing += v.missing() ? 1 : 0;
        model_->appendRow({textItem(v.family), textItem(v.name), textItem(v.ibsiCode),
                           textItem(v.aggregation), valueItem(v), textItem(v.unit)});
    }
    view_->resizeColumnsToContents();
    const auto& e = provenance.extraction;
    const auto& p = provenance.parameterSet;
    const auto html = [](const std::string& text) {
        return QString::fromStdString(text).toHtmlEscaped();
    };
    const QString modality =
        e.imageModality.empty() ? tr("unknown modality") : html(e.imageModality);
    QString line =
        tr("<b>%1</b> · %2 (%3) · %4 · rgw %5 · %6 by %7 · %n value(s)", nullptr,
           static_cast<int>(table.values.size()))
            .arg(html(e.maskDescription), html(p.name), html(p.hash.substr(0, 12)), modality,
                 html(e.softwareVersion), html(e.createdAt), html(e.createdBy));
    if (missing > 0)
        line += tr(" (%n missing)", nullptr, missing);
    if (e.modalityMismatchAllowed)
        line += QStringLiteral(" · <b>%1</b>").arg(tr("modality mismatch allowed"));
    provenance_->setText(line);
    QString details =
        tr("%1 on series %2\nParameters: %3 (sha256 %4), declared for the image's modality: "
           "%5\nrgw %6, %7 by %8")
            .arg(QString::fromStdString(e.maskDescription),
                 QString::fromStdString(e.seriesInstanceUid), QString::fromStdString(p.name),
                 QString::fromStdString(p.hash),
                 e.modalityMismatchAllowed ? tr("no (mismatch allowed by the user)") : tr("yes"),
                 QString::fromStdString(e.softwareVersion), QString::fromStdString(e.createdAt),
                 QString::fromStdString(e.createdBy));
    for (const auto& note : table.notes)
        details += QStringLiteral("\n%1: %2")
                       .arg(QString::fromStdString(note.family), QString::fromStdString(note.note));
    details += QStringLiteral("\n\n") + QString::fromStdString(p.canonicalText);
    provenance_->setToolTip(details);
    extractionId_ = e.id;
    suggestedName_ = QStringLiteral("features-%1.csv").arg(e.id);
    export_->setEnabled(true);
}

void FeatureTableView::clear(const QString& why) {
    model_->removeRows(0, model_->rowCount());
    provenance_->setText(why.toHtmlEscaped()); // rich text: the escaped '>' shows as '>'
    provenance_->setToolTip(why);
    extractionId_ = 0;
    export_->setEnabled(false);
}

radiomics::FeatureTable FeatureTableView::shownTable() const {
    radiomics::FeatureTable table;
    for (int row = 0; row < proxy_->rowCount(); ++row) {
        const auto text = [&](int column) {
            return proxy_->index(row, column).data(SortRole).toString().toStdString();
        };
        const QModelIndex value = proxy_->index(row, ValueColumn);
        const std::string reason = value.data(MissingReasonRole).toString().toStdString();
        table.values.push_back({text(FamilyColumn), text(FeatureColumn), text(CodeColumn),
                                text(AggregationColumn),
                                reason.empty() ? value.data(SortRole).toDouble()
                                               : std::numeric_limits<double>::quiet_NaN(),
                                text(UnitColumn), reason});
    }
    return table;
}

void FeatureTableView::exportCsv(const QString& path) const {
    const std::filesystem::path file(path.toStdU16String());
    std::ofstream out(file, std::ios::binary);
    if (!out)
        throw Error("cannot write " + file.string());
    radiomics::writeFeatureCsv(out, shownTable());
    out.close();
    if (!out)
        throw Error("writing " + file.string() + " failed");
}

void FeatureTableView::exportDialog() {
    QSettings settings;
    const QString start =
        QDir(settings.value("features/exportFolder").toString()).filePath(suggestedName_);
    const QString path = QFileDialog::getSaveFileName(this, tr("Export features"), start,
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue("features/exportFolder", QFileInfo(path).absolutePath());
    try {
        exportCsv(path);
    } catch (const std::exception& e) {
        auto* box =
            new QMessageBox(QMessageBox::Critical, tr("Export features"),
                            QString::fromStdString(rgw::failureMessage(e)), QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
}

} // namespace rgw::ui
