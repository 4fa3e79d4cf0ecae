#include "SnpView.h"

#include "AssociationCharts.h"
#include "association/AssociationCsv.h"
#include "util/AtomicFile.h"
#include "util/Error.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QScatterSeries>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

namespace rgw::ui {

namespace {

constexpr int kSnpRole = Qt::UserRole + 1;

QTableWidgetItem* numberItem(double value) {
    auto* item = new QTableWidgetItem;
    if (std::isnan(value))
        item->setText(QString());
    else
        item->setData(Qt::DisplayRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTableWidgetItem* countItem(qulonglong value) {
    auto* item = new QTableWidgetItem;
    item->setData(Qt::DisplayRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

SnpView::SnpView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("associationSnps"));
    notice_ = new QLabel(tr("Open a database."), this);
    notice_->setObjectName(QStringLiteral("snpNotice"));
    notice_->setWordWrap(true);
    notice_->setAlignment(Qt::AlignCenter);

    auto* content = new QWidget(this);
    profile_ = new QComboBox(content);
    profile_->setToolTip(tr("The stored germline genotype profile (VCF or PLINK .raw import)"));
    outcome_ = new QComboBox(content);
    outcome_->setObjectName(QStringLiteral("snpOutcome"));
    outcome_->setToolTip(tr("0/1: additive logistic regression (as PLINK --logistic); other "
                            "numbers: linear (--linear); with an event column, the time (Cox)"));
    event_ = new QComboBox(content);
    event_->setObjectName(QStringLiteral("snpEvent"));
    event_->setToolTip(tr("For a time to event: the event column (1 event, 0 censored)"));
    covariates_ = new QListWidget(content);
    covariates_->setObjectName(QStringLiteral("snpCovariates"));
    covariates_->setToolTip(tr("Covariates (e.g. dose, age): a patient missing one is left out"));
    covariates_->setMaximumHeight(2 * covariates_->fontMetrics().lineSpacing() + 12);
    covariates_->setFlow(QListView::LeftToRight);
    covariates_->setWrapping(true);
    runButton_ = new QPushButton(tr("Test &SNPs"), content);
    runButton_->setObjectName(QStringLiteral("snpRunButton"));
    connect(runButton_, &QPushButton::clicked, this, &SnpView::runRequested);
    summary_ = new QLabel(content);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    plot_ = new QChartView(content);
    plot_->setObjectName(QStringLiteral("snpManhattan"));
    plot_->setRenderHint(QPainter::Antialiasing);
    plot_->setMinimumSize(200, 80);
    table_ = new QTableWidget(0, 12, content);
    table_->setObjectName(QStringLiteral("snpTable"));
    table_->setHorizontalHeaderLabels({tr("snp"), tr("chr"), tr("bp"), tr("n"), tr("beta"),
                                       tr("se"), tr("ratio"), tr("p"), tr("q"), tr("maf"),
                                       tr("hwe_p"), tr("status")});
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->setMinimumSize(200, 80);
    connect(table_, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto rows = table_->selectionModel()->selectedRows();
        if (!rows.isEmpty()) {
            const int snp = table_->item(rows.front().row(), 0)->data(kSnpRole).toInt();
            if (snp != selected_)
                selectSnp(snp);
        }
    });

    auto* form = new QGridLayout;
    form->addWidget(new QLabel(tr("Genotypes:"), content), 0, 0);
    form->addWidget(profile_, 0, 1);
    form->addWidget(new QLabel(tr("Outcome:"), content), 0, 2);
    form->addWidget(outcome_, 0, 3);
    form->addWidget(new QLabel(tr("Event:"), content), 0, 4);
    form->addWidget(event_, 0, 5);
    form->addWidget(runButton_, 0, 6);
    form->addWidget(new QLabel(tr("Covariates:"), content), 1, 0);
    form->addWidget(covariates_, 1, 1, 1, 6);
    for (int c : {1, 3, 5})
        form->setColumnStretch(c, 1);
    auto* split = new QSplitter(Qt::Horizontal, content);
    split->addWidget(plot_);
    split->addWidget(table_);
    split->setSizes({600, 400});
    auto* inner = new QVBoxLayout(content);
    inner->setContentsMargins(0, 0, 0, 0);
    inner->addLayout(form);
    inner->addWidget(summary_);
    inner->addWidget(split, 1);

    stack_ = new QStackedWidget(this);
    stack_->addWidget(notice_);
    stack_->addWidget(content);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(stack_);
}

void SnpView::setSources(const QStringList& genotypeProfiles, const QStringList& numericColumns) {
    const QSettings s;
    const auto keep = [&](QComboBox* box, const QStringList& items, const QString& key, bool none) {
        const QString current = box->count() > 0 ? box->currentText() : s.value(key).toString();
        box->clear();
        if (none)
            box->addItem(QString());
        box->addItems(items);
        const int at = box->findText(current);
        if (at >= 0)
            box->setCurrentIndex(at);
    };
    keep(profile_, genotypeProfiles, QStringLiteral("associations/snpProfile"), false);
    keep(outcome_, numericColumns, QStringLiteral("associations/snpOutcome"), false);
    keep(event_, numericColumns, QStringLiteral("associations/snpEvent"), true);
    event_->setItemText(0, QString());
    QStringList checked;
    for (int i = 0; i < covariates_->count(); ++i)
        if (covariates_->item(i)->checkState() == Qt::Checked)
            checked << covariates_->item(i)->text();
    if (covariates_->count() == 0)
        checked = s.value("associations/snpCovariates").toStringList();
    covariates_->clear();
    for (const QString& name : numericColumns) {
        auto* item = new QListWidgetItem(name, covariates_);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(name) ? Qt::Checked : Qt::Unchecked);
    }
    if (genotypeProfiles.isEmpty()) {
        notice_->setText(tr("This database has no germline genotype profile: import a germline "
                            "VCF or a PLINK .raw (File > Import genomic / clinical data) to test "
                            "SNPs."));
        stack_->setCurrentWidget(notice_);
    } else {
        stack_->setCurrentIndex(1);
    }
}

bool SnpView::hasGenotypes() const {
    return profile_->count() > 0;
}

void SnpView::fillRequest(SnpRequest& request) const {
    if (!hasGenotypes())
        throw Error("the database has no germline genotype profile");
    request.profile = profile_->count() > 1 ? profile_->currentText().toStdString() : "";
    request.outcome = outcome_->currentText().toStdString();
    if (request.outcome.empty())
        throw Error("choose the outcome column");
    request.eventColumn = event_->currentText().toStdString();
    request.covariates.clear();
    for (int i = 0; i < covariates_->count(); ++i)
        if (covariates_->item(i)->checkState() == Qt::Checked) {
            const std::string name = covariates_->item(i)->text().toStdString();
            if (name == request.outcome || name == request.eventColumn)
                throw Error("covariate '" + name + "' is the outcome itself");
            request.covariates.push_back(name);
        }
}

void SnpView::setRunning(bool running) {
    runButton_->setEnabled(!running);
}

void SnpView::remember() const {
    QSettings s;
    s.setValue("associations/snpProfile", profile_->currentText());
    s.setValue("associations/snpOutcome", outcome_->currentText());
    s.setValue("associations/snpEvent", event_->currentText());
    QStringList checked;
    for (int i = 0; i < covariates_->count(); ++i)
        if (covariates_->item(i)->checkState() == Qt::Checked)
            checked << covariates_->item(i)->text();
    s.setValue("associations/snpCovariates", checked);
}

void SnpView::showRun(std::shared_ptr<const SnpRun> run) {
    run_ = std::move(run);
    selected_ = -1;
    const association::SnpAssociationResult& r = run_->result;
    QChart* chart = manhattanChart(r, pointSnps_);
    for (int s = 0; s < 2; ++s) {
        auto* points = qobject_cast<QScatterSeries*>(chart->series()[s]);
        connect(points, &QScatterSeries::clicked, this, [this, points, s](const QPointF& point) {
            const auto all = points->points();
            for (int k = 0; k < all.size(); ++k)
                if (all[k] == point) {
                    selectSnp(pointSnps_[std::size_t(s)][std::size_t(k)]);
                    return;
                }
        });
    }
    marker_ = new QScatterSeries;
    marker_->setName(tr("selected"));
    marker_->setColor(QColor(230, 140, 20));
    marker_->setMarkerSize(13);
    chart->addSeries(marker_);
    for (QAbstractAxis* axis : chart->axes())
        marker_->attachAxis(axis);
    QChart* old = plot_->chart();
    plot_->setChart(chart);
    delete old;

    const bool continuous = r.kind == association::OutcomeKind::Continuous;
    table_->setSortingEnabled(false);
    table_->clearContents();
    table_->setRowCount(static_cast<int>(r.snps.size()));
    for (std::size_t k = 0; k < r.snps.size(); ++k) {
        const auto& t = r.snps[k];
        const int row = static_cast<int>(k);
        auto* id = new QTableWidgetItem(QString::fromStdString(t.snp.id));
        id->setData(kSnpRole, row);
        table_->setItem(row, 0, id);
        table_->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(t.snp.chromosome)));
        table_->setItem(row, 2, countItem(static_cast<qulonglong>(t.snp.position)));
        table_->setItem(row, 3, countItem(t.samples));
        table_->setItem(row, 4, numberItem(t.beta));
        table_->setItem(row, 5, numberItem(t.standardError));
        table_->setItem(row, 6, numberItem(continuous ? std::nan("") : t.effect));
        table_->setItem(row, 7, numberItem(t.p));
        table_->setItem(row, 8, numberItem(t.fdr));
        table_->setItem(row, 9, numberItem(t.qc.minorAlleleFrequency));
        table_->setItem(row, 10, numberItem(t.qc.hweP));
        auto* status =
            new QTableWidgetItem(QString::fromLatin1(association::snpStatusName(t.status)));
        status->setToolTip(QString::fromStdString(t.reason));
        table_->setItem(row, 11, status);
    }
    table_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder); // input order
    table_->setSortingEnabled(true);
    table_->resizeColumnsToContents();
    summary_->setText(tr("%1 (%2) of %3 on %4 SNPs: %5 patients genotyped, %6 analysable, %7 SNPs "
                         "tested. Click a point or a row.")
                          .arg(QString::fromLatin1(association::snpModelName(r.kind)),
                               QString::fromStdString(run_->cohort),
                               QString::fromStdString(r.outcome))
                          .arg(r.snps.size())
                          .arg(run_->samplesGenotyped)
                          .arg(r.analysableSamples)
                          .arg(r.testedCount()));
}

void SnpView::selectSnp(int snp) {
    if (!run_ || snp < 0 || snp >= static_cast<int>(run_->result.snps.size()))
        return;
    selected_ = snp;
    if (marker_) {
        marker_->clear();
        for (std::size_t s = 0; s < pointSnps_.size(); ++s) {
            auto* series = qobject_cast<QScatterSeries*>(plot_->chart()->series()[int(s)]);
            for (std::size_t k = 0; k < pointSnps_[s].size(); ++k)
                if (pointSnps_[s][k] == snp)
                    marker_->append(series->at(static_cast<int>(k)));
        }
    }
    for (int row = 0; row < table_->rowCount(); ++row)
        if (table_->item(row, 0)->data(kSnpRole).toInt() == snp) {
            if (table_->currentRow() != row)
                table_->selectRow(row);
            table_->scrollToItem(table_->item(row, 0));
            break;
        }
}

void SnpView::exportCsv(const QString& file) const {
    if (!run_)
        throw Error("test the SNPs first");
    const std::filesystem::path path = file.toStdWString();
    writeTextFileAtomically(path, association::snpAssociationCsv(run_->result));
    association::writeProvenanceFile(path, run_->provenance());
}

} // namespace rgw::ui
