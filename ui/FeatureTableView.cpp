#include "FeatureTableView.h"

#include "radiomics/FeatureCsv.h"
#include "util/Error.h"
#include "util/Failure.h"

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

namespace rgw::ui {

namespace {

QStandardItem* textItem(const std::string& text) {
    auto* item = new QStandardItem(QString::fromStdString(text));
    item->setData(item->text(), FeatureTableView::SortRole);
    item->setEditable(false);
    return item;
}

QStandardItem* valueItem(double value) {
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
    model_ = new QStandardItemModel(0, 5, this);
    model_->setHorizontalHeaderLabels(
        {tr("Family"), tr("Feature"), tr("IBSI code"), tr("Aggregation"), tr("Value")});
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
    view_->horizontalHeader()->setStretchLastSection(true);

    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("featureFilter"));
    filter_->setPlaceholderText(tr("Filter features (family, name, code, aggregation)"));
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);

    export_ = new QPushButton(tr("Export CSV..."), this);
    export_->setObjectName(QStringLiteral("exportFeatureCsv"));
    connect(export_, &QPushButton::clicked, this, &FeatureTableView::exportDialog);

    provenance_ = new QLabel(this);
    provenance_->setObjectName(QStringLiteral("featureProvenance"));
    provenance_->setWordWrap(true);
    provenance_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* top = new QHBoxLayout;
    top->addWidget(filter_, 1);
    top->addWidget(export_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(provenance_);
    layout->addLayout(top);
    layout->addWidget(view_, 1);
    clear(tr("Select a segmentation with stored features, or run Analysis > Extract features."));
}

void FeatureTableView::showExtraction(const storage::FeatureProvenance& provenance,
                                      const radiomics::FeatureTable& table) {
    model_->removeRows(0, model_->rowCount());
    for (const auto& v : table.values)
        model_->appendRow({textItem(v.family), textItem(v.name), textItem(v.ibsiCode),
                           textItem(v.aggregation), valueItem(v.value)});
    view_->resizeColumnsToContents();
    const auto& e = provenance.extraction;
    const auto& p = provenance.parameterSet;
    QString text = tr("<b>%1</b> on series %2<br>Parameters: %3 (hash %4)  |  %5 %6  |  "
                      "%7 by %8  |  %n value(s)",
                      nullptr, static_cast<int>(table.values.size()))
                       .arg(QString::fromStdString(e.maskDescription).toHtmlEscaped(),
                            QString::fromStdString(e.seriesInstanceUid).toHtmlEscaped(),
                            QString::fromStdString(p.name).toHtmlEscaped(),
                            QString::fromStdString(p.hash.substr(0, 12)), QStringLiteral("rgw"),
                            QString::fromStdString(e.softwareVersion).toHtmlEscaped(),
                            QString::fromStdString(e.createdAt),
                            QString::fromStdString(e.createdBy).toHtmlEscaped());
    for (const auto& note : table.notes)
        text += QStringLiteral("<br>%1: %2")
                    .arg(QString::fromStdString(note.family).toHtmlEscaped(),
                         QString::fromStdString(note.note).toHtmlEscaped());
    provenance_->setText(text);
    provenance_->setToolTip(QString::fromStdString(p.canonicalText));
    extractionId_ = e.id;
    suggestedName_ = QStringLiteral("features-%1.csv").arg(e.id);
    export_->setEnabled(true);
}

void FeatureTableView::clear(const QString& why) {
    model_->removeRows(0, model_->rowCount());
    provenance_->setText(why.toHtmlEscaped());
    provenance_->setToolTip({});
    extractionId_ = 0;
    export_->setEnabled(false);
}

radiomics::FeatureTable FeatureTableView::shownTable() const {
    radiomics::FeatureTable table;
    for (int row = 0; row < proxy_->rowCount(); ++row) {
        const auto text = [&](int column) {
            return proxy_->index(row, column).data(SortRole).toString().toStdString();
        };
        table.add(text(FamilyColumn), text(FeatureColumn), text(CodeColumn),
                  text(AggregationColumn),
                  proxy_->index(row, ValueColumn).data(SortRole).toDouble());
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
