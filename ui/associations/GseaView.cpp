#include "GseaView.h"

#include "AssociationCharts.h"
#include "FileDialogs.h"
#include "association/AssociationCsv.h"
#include "util/AtomicFile.h"
#include "util/Error.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

namespace rgw::ui {

namespace {

constexpr int kSetRole = Qt::UserRole + 1;

QTableWidgetItem* numberItem(double value) {
    auto* item = new QTableWidgetItem;
    if (std::isnan(value))
        item->setText(QStringLiteral("NA"));
    else
        item->setData(Qt::DisplayRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

GseaView::GseaView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("associationGsea"));
    const QSettings s;
    feature_ = new QComboBox(this);
    feature_->setEditable(true);
    feature_->setObjectName(QStringLiteral("gseaFeature"));
    feature_->setToolTip(tr("The radiomic feature whose correlation (the page's method) with each "
                            "gene of the page's molecular values ranks the genes"));
    feature_->setMinimumContentsLength(16);
    feature_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    feature_->setCurrentText(s.value("associations/gseaFeature").toString());
    gmt_ = new QLineEdit(this);
    gmt_->setObjectName(QStringLiteral("gseaGmt"));
    gmt_->setPlaceholderText(tr("gene sets (.gmt)"));
    gmt_->setText(s.value("associations/gseaGmt").toString());
    auto* browse = new QPushButton(tr("GMT..."), this);
    browse->setToolTip(tr("Choose the gene sets: a GMT file (MSigDB format)"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file =
            chooseOpenFile(this, tr("Gene sets"), gmt_->text(), tr("GMT files (*.gmt);;All (*)"));
        if (!file.isEmpty())
            gmt_->setText(file);
    });
    permutations_ = new QSpinBox(this);
    permutations_->setRange(1, 100000);
    permutations_->setValue(s.value("associations/gseaPermutations", 1000).toInt());
    permutations_->setToolTip(tr("Gene-set-size-matched permutations of the null (recorded)"));
    seed_ = new QSpinBox(this);
    seed_->setRange(0, 2147483647);
    seed_->setValue(s.value("associations/gseaSeed", 1).toInt());
    seed_->setToolTip(tr("The permutations' seed (recorded in the provenance)"));
    minSize_ = new QSpinBox(this);
    minSize_->setRange(1, 100000);
    minSize_->setValue(s.value("associations/gseaMinSize", 15).toInt());
    minSize_->setToolTip(tr("Sets with fewer of their genes in the data are left out (GSEA's "
                            "default 15; at most 500 genes)"));
    runButton_ = new QPushButton(tr("Run &GSEA"), this);
    runButton_->setObjectName(QStringLiteral("gseaRunButton"));
    connect(runButton_, &QPushButton::clicked, this, &GseaView::runRequested);
    notes_ = new QPlainTextEdit(this);
    notes_->setReadOnly(true);
    notes_->setObjectName(QStringLiteral("gseaNotes"));
    notes_->setPlaceholderText(
        tr("Ranks the page's molecular values by one feature; needs a GMT file."));
    notes_->setMaximumHeight(4 * notes_->fontMetrics().lineSpacing() + 10);
    notes_->setMinimumHeight(2 * notes_->fontMetrics().lineSpacing() + 10);

    table_ = new QTableWidget(0, 7, this);
    table_->setObjectName(QStringLiteral("gseaTable"));
    table_->setHorizontalHeaderLabels(
        {tr("set"), tr("size"), tr("ES"), tr("NES"), tr("p"), tr("q"), tr("leading edge")});
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setMinimumSize(200, 80);
    connect(table_, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto rows = table_->selectionModel()->selectedRows();
        if (!rows.isEmpty()) {
            const int set = table_->item(rows.front().row(), 0)->data(kSetRole).toInt();
            if (set != shownSet_)
                showSet(set);
        }
    });
    plot_ = new QChartView(this);
    plot_->setObjectName(QStringLiteral("gseaRunningSum"));
    plot_->setRenderHint(QPainter::Antialiasing);
    plot_->setMinimumSize(200, 80);

    auto* form = new QGridLayout;
    form->addWidget(new QLabel(tr("Feature:"), this), 0, 0);
    form->addWidget(feature_, 0, 1);
    form->addWidget(gmt_, 0, 2);
    form->addWidget(browse, 0, 3);
    form->addWidget(new QLabel(tr("Permutations:"), this), 0, 4);
    form->addWidget(permutations_, 0, 5);
    form->addWidget(new QLabel(tr("Seed:"), this), 0, 6);
    form->addWidget(seed_, 0, 7);
    form->addWidget(new QLabel(tr("Min size:"), this), 0, 8);
    form->addWidget(minSize_, 0, 9);
    form->addWidget(runButton_, 0, 10);
    form->setColumnStretch(1, 2);
    form->setColumnStretch(2, 2);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(table_);
    split->addWidget(plot_);
    split->setSizes({450, 550});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(form);
    layout->addWidget(notes_);
    layout->addWidget(split, 1);
}

void GseaView::setFeatures(const std::vector<std::string>& features) {
    const QString current = feature_->currentText();
    feature_->clear();
    for (const auto& f : features)
        feature_->addItem(QString::fromStdString(f));
    feature_->setCurrentText(current);
}

void GseaView::fillRequest(GseaRequest& request) const {
    request.feature = feature_->currentText().trimmed().toStdString();
    if (request.feature.empty())
        throw Error("choose the feature whose correlation ranks the genes");
    request.gmtFile = gmt_->text().trimmed().toStdWString();
    if (request.gmtFile.empty())
        throw Error("choose a GMT file of gene sets");
    if (!QFileInfo(gmt_->text().trimmed()).isFile())
        throw Error("no such GMT file: " + gmt_->text().trimmed().toStdString());
    request.options.permutations = static_cast<std::size_t>(permutations_->value());
    request.options.seed = static_cast<std::uint64_t>(seed_->value());
    request.options.size.minSize = static_cast<std::size_t>(minSize_->value());
}

void GseaView::setRunning(bool running) {
    runButton_->setEnabled(!running);
}

void GseaView::remember() const {
    QSettings s;
    s.setValue("associations/gseaFeature", feature_->currentText());
    s.setValue("associations/gseaGmt", gmt_->text());
    s.setValue("associations/gseaPermutations", permutations_->value());
    s.setValue("associations/gseaSeed", seed_->value());
    s.setValue("associations/gseaMinSize", minSize_->value());
}

void GseaView::showRun(std::shared_ptr<const GseaRun> run) {
    run_ = std::move(run);
    shownSet_ = -1;
    setFeatures(run_->features);
    const association::GseaResult& r = run_->result;
    table_->setSortingEnabled(false);
    table_->clearContents();
    table_->setRowCount(static_cast<int>(r.sets.size()));
    for (std::size_t k = 0; k < r.sets.size(); ++k) {
        const auto& set = r.sets[k];
        const int row = static_cast<int>(k);
        auto* name = new QTableWidgetItem(QString::fromStdString(set.name));
        name->setData(kSetRole, row);
        table_->setItem(row, 0, name);
        auto* size = new QTableWidgetItem;
        size->setData(Qt::DisplayRole, static_cast<qulonglong>(set.size));
        table_->setItem(row, 1, size);
        table_->setItem(row, 2, numberItem(set.es));
        table_->setItem(row, 3, numberItem(set.nes));
        table_->setItem(row, 4, numberItem(set.pValue));
        table_->setItem(row, 5, numberItem(set.fdr));
        auto* edge = new QTableWidgetItem;
        edge->setData(Qt::DisplayRole, static_cast<qulonglong>(set.leadingEdge.size()));
        table_->setItem(row, 6, edge);
    }
    table_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder); // input order
    table_->setSortingEnabled(true);
    table_->resizeColumnsToContents();
    // The GMT file's problems, as `rgw-cli assoc gsea` warns of them, then the data's.
    QStringList notes;
    notes << tr("%1 genes ranked by %2 (%3 dropped); %4 permutations, seed %5: %6 sets tested, %7 "
                "left out.")
                 .arg(run_->ranking.ranking.genes.size())
                 .arg(QString::fromStdString(run_->request.feature))
                 .arg(run_->ranking.dropped.size())
                 .arg(r.permutations)
                 .arg(r.seed)
                 .arg(r.sets.size())
                 .arg(r.excludedSets.size());
    for (const auto& problem : run_->gmt.problems)
        notes << tr("warning: %1").arg(QString::fromStdString(problem.describe()));
    for (const auto& problem : r.problems)
        notes << tr("warning: %1").arg(QString::fromStdString(problem.describe()));
    notes_->setPlainText(notes.join(QLatin1Char('\n')));
    if (!r.sets.empty())
        showSet(0);
}

void GseaView::showSet(int set) {
    if (!run_ || set < 0 || set >= static_cast<int>(run_->result.sets.size()))
        return;
    shownSet_ = set;
    const auto& s = run_->result.sets[static_cast<std::size_t>(set)];
    const association::EnrichmentCurve curve =
        association::enrichmentCurve(run_->result, static_cast<std::size_t>(set));
    QChart* chart =
        runningSumChart(curve, tr("%1: ES %2, NES %3, p %4, FDR q %5 (%6 genes, leading edge %7)")
                                   .arg(QString::fromStdString(s.name))
                                   .arg(s.es, 0, 'g', 4)
                                   .arg(s.nes, 0, 'g', 4)
                                   .arg(s.pValue, 0, 'g', 3)
                                   .arg(s.fdr, 0, 'g', 3)
                                   .arg(s.size)
                                   .arg(s.leadingEdge.size()));
    QChart* old = plot_->chart();
    plot_->setChart(chart);
    delete old;
    for (int row = 0; row < table_->rowCount(); ++row)
        if (table_->item(row, 0)->data(kSetRole).toInt() == set) {
            if (table_->currentRow() != row)
                table_->selectRow(row);
            break;
        }
}

void GseaView::exportCsv(const QString& file) const {
    if (!run_)
        throw Error("run GSEA first");
    const std::filesystem::path path = file.toStdWString();
    writeTextFileAtomically(path, association::gseaCsv(run_->result, &run_->gmt.sets));
    association::writeProvenanceFile(path, run_->provenance());
}

} // namespace rgw::ui
