#include "AssociationsPage.h"

#include "AssociationCharts.h"
#include "ClusteredHeatmap.h"
#include "CohortVariables.h"
#include "Database.h"
#include "FileDialogs.h"
#include "GenomicsRepository.h"
#include "GseaView.h"
#include "SnpView.h"
#include "SourceLists.h"
#include "TaskProgress.h"
#include "association/AssociationCsv.h"
#include "util/AtomicFile.h"
#include "util/Error.h"
#include "util/Failure.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPdfWriter>
#include <QPushButton>
#include <QScatterSeries>
#include <QSettings>
#include <QSvgGenerator>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>

namespace rgw::ui {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromStdString(text);
}

/// hclust's merge matrix as the heatmap draws it, its leaves (which number
/// the clustered subset) renumbered as rows of the whole map. Absent when
/// some rows were not clustered (no tested pair): the order still shows them.
std::optional<DendrogramShape> shapeOf(const std::optional<association::Dendrogram>& tree,
                                       const std::vector<Eigen::Index>& clustered,
                                       Eigen::Index all) {
    if (!tree || static_cast<Eigen::Index>(clustered.size()) != all)
        return std::nullopt;
    DendrogramShape shape;
    const auto node = [&](int id) {
        return id < 0 ? -static_cast<int>(clustered[static_cast<std::size_t>(-id - 1)] + 1) : id;
    };
    for (Eigen::Index i = 0; i < tree->merge.rows(); ++i)
        shape.merges.emplace_back(node(tree->merge(i, 0)), node(tree->merge(i, 1)));
    shape.heights = tree->height;
    return shape;
}

std::vector<int> orderOf(const std::vector<Eigen::Index>& order) {
    return {order.begin(), order.end()};
}

QStringList namesOf(const std::vector<std::string>& names) {
    QStringList out;
    for (const auto& name : names)
        out << fromStd(name);
    return out;
}

/// The cohort columns the page offers, from one reading of the catalogue:
/// those that make groups (gene statuses, subtypes, clinical categories) and
/// the numeric non-genomic ones (SNP outcomes and covariates).
struct PageColumns {
    QStringList groups;
    QStringList numeric;
};

PageColumns pageColumns(storage::Database& db) {
    PageColumns columns;
    storage::CohortVariables variables(db);
    for (const auto& v : variables.catalogue()) {
        const bool genomic = v.name.rfind("mut_", 0) == 0 || v.name.rfind("subtype_", 0) == 0;
        const bool category = v.source == storage::VariableSource::Clinical && !v.numeric;
        if (genomic || category)
            columns.groups << QString::fromStdString(v.name);
        if (v.numeric && v.source != storage::VariableSource::Genomic)
            columns.numeric << QString::fromStdString(v.name);
    }
    return columns;
}

} // namespace

AssociationsPage::AssociationsPage(QWidget* parent)
    : QWidget(parent), work_(new AssociationWork(this)) {
    setObjectName(QStringLiteral("associationsPage"));
    heatmap_ = new ClusteredHeatmap(this);
    heatmap_->setObjectName(QStringLiteral("associationHeatmap"));
    scatter_ = new QChartView(this);
    scatter_->setObjectName(QStringLiteral("associationScatter"));
    scatter_->setRenderHint(QPainter::Antialiasing);
    volcano_ = new QChartView(this);
    volcano_->setObjectName(QStringLiteral("associationVolcano"));
    volcano_->setRenderHint(QPainter::Antialiasing);
    box_ = new QChartView(this);
    box_->setObjectName(QStringLiteral("associationBoxPlot"));
    box_->setRenderHint(QPainter::Antialiasing);
    tabs_ = new QTabWidget(this);
    tabs_->addTab(heatmap_, tr("&Heatmap"));
    tabs_->addTab(scatter_, tr("&Scatter"));
    tabs_->addTab(volcano_, tr("&Volcano"));
    tabs_->addTab(box_, tr("&Box plot"));
    gsea_ = new GseaView(this);
    snps_ = new SnpView(this);
    tabs_->addTab(gsea_, tr("GSE&A"));
    tabs_->addTab(snps_, tr("S&NPs"));
    summary_ = new QLabel(tr("Choose a cohort and the molecular values, then Compute map."), this);
    summary_->setObjectName(QStringLiteral("associationSummary"));
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_ = new TaskProgress(this);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(createForm());
    layout->addWidget(progress_);
    layout->addWidget(summary_);
    layout->addWidget(tabs_, 1);

    connect(heatmap_, &ClusteredHeatmap::cellClicked, this, &AssociationsPage::showScatter);
    connect(progress_, &TaskProgress::cancelRequested, this, &AssociationsPage::cancel);
    connect(work_, &AssociationWork::progress, progress_, &TaskProgress::setProgress);
    connect(work_, &AssociationWork::finished, this, &AssociationsPage::showResult);
    connect(work_, &AssociationWork::gseaFinished, this,
            [this](std::shared_ptr<const GseaRun> run) {
                endRun();
                gsea_->showRun(run);
                summary_->setText(tr("GSEA of %1 by %2: %3 sets tested.")
                                      .arg(fromStd(run->cohort), fromStd(run->request.feature))
                                      .arg(run->result.sets.size()));
                export_->setEnabled(true);
                exportCsv_->setEnabled(true);
                tabs_->setCurrentWidget(gsea_);
                emit gseaFinished(true, summary_->text());
            });
    connect(work_, &AssociationWork::snpFinished, this, [this](std::shared_ptr<const SnpRun> run) {
        endRun();
        snps_->showRun(run);
        summary_->setText(tr("SNP association of %1 with %2: %3 SNPs tested.")
                              .arg(fromStd(run->cohort), fromStd(run->result.outcome))
                              .arg(run->result.testedCount()));
        export_->setEnabled(true);
        exportCsv_->setEnabled(true);
        tabs_->setCurrentWidget(snps_);
        emit snpFinished(true, summary_->text());
    });
    connect(work_, &AssociationWork::failed, this, [this](const QString& error) {
        endRun();
        fail(job_ == Job::Map    ? tr("The map could not be computed:\n%1").arg(error)
             : job_ == Job::Gsea ? tr("GSEA could not be run:\n%1").arg(error)
                                 : tr("The SNPs could not be tested:\n%1").arg(error));
        reportEnd(false, error);
    });
    connect(work_, &AssociationWork::cancelled, this, [this] {
        endRun();
        summary_->setText(tr("Cancelled; the previous results are kept."));
        reportEnd(false, tr("cancelled"));
    });
    connect(gsea_, &GseaView::runRequested, this, &AssociationsPage::startGsea);
    connect(snps_, &SnpView::runRequested, this, &AssociationsPage::startSnp);
    restore();
}

AssociationsPage::~AssociationsPage() {
    work_->cancel();
}

QWidget* AssociationsPage::createForm() {
    auto* box = new QGroupBox(tr("Association map"), this);
    kind_ = new QComboBox(box);
    kind_->setObjectName(QStringLiteral("associationKind"));
    kind_->addItem(tr("Feature × molecular (correlation)"), QStringLiteral("correlation"));
    kind_->addItem(tr("Feature × group (mutation, subtype)"), QStringLiteral("groups"));
    kind_->setToolTip(tr("Correlate every feature with every molecular value, or compare every "
                         "feature between the groups of a column"));
    group_ = new QComboBox(box);
    group_->setEditable(true);
    group_->setObjectName(QStringLiteral("associationGroup"));
    group_->setToolTip(tr("The grouping column: mut_<GENE> (mutated vs wild-type; not profiled "
                          "patients are left out, never wild-type), subtype_, or a clinical "
                          "category"));
    connect(kind_, &QComboBox::currentIndexChanged, this, &AssociationsPage::updateEnabled);
    cohort_ = new QComboBox(box);
    cohort_->setObjectName(QStringLiteral("associationCohort"));
    cohort_->setToolTip(tr("The named cohort whose patients are correlated"));
    parameterSet_ = new QComboBox(box);
    parameterSet_->setObjectName(QStringLiteral("associationParameterSet"));
    parameterSet_->setToolTip(tr("The radiomic parameter set whose features are the rows"));
    molecular_ = new QComboBox(box);
    molecular_->setEditable(true);
    molecular_->setObjectName(QStringLiteral("associationMolecular"));
    molecular_->addItem(tr("Expression (expr_)"), QStringLiteral("expr_"));
    molecular_->addItem(tr("Methylation (meth_)"), QStringLiteral("meth_"));
    molecular_->addItem(tr("Copy number (cna_)"), QStringLiteral("cna_"));
    molecular_->addItem(tr("Protein (prot_)"), QStringLiteral("prot_"));
    molecular_->setToolTip(tr("The molecular values (columns) correlated with every feature; "
                              "patients not profiled are left out of each pair"));
    method_ = new QComboBox(box);
    method_->addItem(tr("Spearman ρ"), QStringLiteral("spearman"));
    method_->addItem(tr("Pearson r"), QStringLiteral("pearson"));
    method_->setToolTip(tr("Spearman is robust to skewed radiomic features; p-values as R's "
                           "cor.test, FDR (Benjamini–Hochberg) over the whole map"));
    linkage_ = new QComboBox(box);
    linkage_->addItem(tr("Average"), QStringLiteral("average"));
    linkage_->addItem(tr("Complete"), QStringLiteral("complete"));
    linkage_->addItem(tr("Ward (ward.D2)"), QStringLiteral("ward.D2"));
    linkage_->addItem(tr("None (table order)"), QString());
    linkage_->setToolTip(tr("Hierarchical clustering of rows and columns by their correlation "
                            "profiles (as R's hclust)"));
    fdr_ = new QDoubleSpinBox(box);
    fdr_->setRange(0.001, 0.5);
    fdr_->setDecimals(3);
    fdr_->setSingleStep(0.01);
    fdr_->setValue(0.05);
    fdr_->setToolTip(tr("Cells whose FDR q is at most this are marked"));
    run_ = new QPushButton(tr("&Compute map"), box);
    run_->setObjectName(QStringLiteral("computeMapButton"));
    run_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    run_->setToolTip(tr("Compute the map in the background (Ctrl+Return)"));
    connect(run_, &QPushButton::clicked, this, &AssociationsPage::startMap);
    export_ = new QPushButton(tr("E&xport figure..."), box);
    export_->setEnabled(false);
    exportCsv_ = new QPushButton(tr("Export &CSV..."), box);
    exportCsv_->setEnabled(false);
    connect(exportCsv_, &QPushButton::clicked, this, [this] {
        const QString file =
            chooseSaveFile(this, tr("Export the map"), QStringLiteral("association-map.csv"),
                           tr("CSV tables (*.csv)"));
        if (!file.isEmpty())
            exportCsv(file);
    });
    connect(export_, &QPushButton::clicked, this, [this] {
        const QString file =
            chooseSaveFile(this, tr("Export the heatmap"), QStringLiteral("association-map.svg"),
                           tr("SVG (*.svg);;PNG (*.png);;PDF (*.pdf)"));
        if (!file.isEmpty())
            exportFigure(file);
    });
    connect(fdr_, &QDoubleSpinBox::valueChanged, this, [this] {
        if (result_)
            showResult(result_);
    });

    auto* form = new QGridLayout(box);
    form->addWidget(new QLabel(tr("Cohort:"), box), 0, 0);
    form->addWidget(cohort_, 0, 1);
    form->addWidget(new QLabel(tr("Parameter set:"), box), 0, 2);
    form->addWidget(parameterSet_, 0, 3);
    form->addWidget(new QLabel(tr("Map:"), box), 0, 4);
    form->addWidget(kind_, 0, 5);
    form->addWidget(new QLabel(tr("Molecular:"), box), 1, 0);
    form->addWidget(molecular_, 1, 1);
    form->addWidget(new QLabel(tr("Correlation:"), box), 1, 2);
    form->addWidget(method_, 1, 3);
    form->addWidget(new QLabel(tr("Clustering:"), box), 1, 4);
    form->addWidget(linkage_, 1, 5);
    form->addWidget(new QLabel(tr("Groups of:"), box), 2, 0);
    form->addWidget(group_, 2, 1);
    form->addWidget(new QLabel(tr("Mark FDR q ≤"), box), 2, 2);
    form->addWidget(fdr_, 2, 3);
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(run_);
    buttons->addWidget(export_);
    buttons->addWidget(exportCsv_);
    form->addLayout(buttons, 0, 6, 3, 1);
    updateEnabled();
    for (int c : {1, 3, 5})
        form->setColumnStretch(c, 1);
    return box;
}

void AssociationsPage::setDatabase(const std::filesystem::path& file) {
    database_ = file;
    const QSettings s;
    if (file.empty()) {
        cohort_->clear();
        parameterSet_->clear();
        snps_->setSources({}, {});
        return;
    }
    try {
        fillAnalysisSources(QString::fromStdWString(file.wstring()), cohort_, parameterSet_, false,
                            s.value("associations/cohort").toString(),
                            s.value("associations/parameterSet").toString());
        group_->clear();
        group_->addItems(fillColumnSources());
        group_->setCurrentText(s.value("associations/group").toString());
    } catch (const std::exception& e) {
        summary_->setText(tr("Cohorts could not be listed: %1").arg(fromStd(failureMessage(e))));
    }
}

void AssociationsPage::refreshSources() {
    if (database_.empty() || isBusy())
        return;
    try {
        fillAnalysisSources(QString::fromStdWString(database_.wstring()), cohort_, parameterSet_,
                            false, cohort_->currentText(), parameterSet_->currentText());
        const QString group = group_->currentText();
        group_->clear();
        group_->addItems(fillColumnSources());
        group_->setCurrentText(group);
    } catch (const std::exception& e) {
        summary_->setText(tr("Cohorts could not be listed: %1").arg(fromStd(failureMessage(e))));
    }
}

CorrelationMapRequest AssociationsPage::request() const {
    CorrelationMapRequest r;
    r.database = database_;
    if (database_.empty())
        throw Error("open a database first");
    r.cohort = cohort_->currentText().toStdString();
    if (r.cohort.empty())
        throw Error("choose a named cohort (Cohort page: save a filter as a cohort)");
    r.parameterSet = parameterSet_->currentText().toStdString();
    if (r.parameterSet.empty())
        throw Error("choose the radiomic parameter set (extract features first)");
    if (kind_->currentData().toString() == QStringLiteral("groups")) {
        r.kind = CorrelationMapRequest::Kind::Groups;
        r.groupColumn = group_->currentText().trimmed().toStdString();
        if (r.groupColumn.empty())
            throw Error("choose the column whose groups are compared (e.g. mut_EGFR)");
        return r;
    }
    const int index = molecular_->findText(molecular_->currentText());
    r.molecularPrefix =
        (index >= 0 ? molecular_->itemData(index).toString() : molecular_->currentText().trimmed())
            .toStdString();
    if (r.molecularPrefix.empty())
        throw Error("choose the molecular values");
    r.method = method_->currentData().toString() == QStringLiteral("pearson")
                   ? association::CorrelationMethod::Pearson
                   : association::CorrelationMethod::Spearman;
    const QString linkage = linkage_->currentData().toString();
    if (linkage.isEmpty())
        r.linkage.reset();
    else if (linkage == QStringLiteral("complete"))
        r.linkage = association::Linkage::Complete;
    else if (linkage == QStringLiteral("ward.D2"))
        r.linkage = association::Linkage::WardD2;
    else
        r.linkage = association::Linkage::Average;
    return r;
}

bool AssociationsPage::startMap() {
    CorrelationMapRequest r;
    try {
        r = request();
    } catch (const std::exception& e) {
        fail(fromStd(failureMessage(e)));
        return false;
    }
    if (!work_->start(r)) {
        fail(tr("Wait for the running map to finish or cancel it."));
        return false;
    }
    remember();
    lastError_.clear();
    job_ = Job::Map;
    run_->setEnabled(false);
    gsea_->setRunning(true);
    snps_->setRunning(true);
    progress_->start(tr("Computing the map of %1").arg(fromStd(r.cohort)), true);
    return true;
}

bool AssociationsPage::startGsea() {
    GseaRequest r;
    try {
        const CorrelationMapRequest form = request();
        if (form.molecularPrefix.empty())
            throw Error("GSEA ranks molecular values: choose the correlation map and its "
                        "molecular values (e.g. expr_)");
        r.database = form.database;
        r.cohort = form.cohort;
        r.parameterSet = form.parameterSet;
        r.molecularPrefix = form.molecularPrefix;
        r.method = form.method;
        gsea_->fillRequest(r);
    } catch (const std::exception& e) {
        fail(fromStd(failureMessage(e)));
        return false;
    }
    if (!work_->startGsea(r)) {
        fail(tr("Wait for the running analysis to finish or cancel it."));
        return false;
    }
    remember();
    gsea_->remember();
    lastError_.clear();
    job_ = Job::Gsea;
    run_->setEnabled(false);
    gsea_->setRunning(true);
    snps_->setRunning(true);
    progress_->start(tr("Gene-set enrichment of %1").arg(fromStd(r.feature)), true);
    return true;
}

bool AssociationsPage::startSnp() {
    SnpRequest r;
    try {
        if (database_.empty())
            throw Error("open a database first");
        r.database = database_;
        r.cohort = cohort_->currentText().toStdString();
        if (r.cohort.empty())
            throw Error("choose a named cohort (Cohort page: save a filter as a cohort)");
        snps_->fillRequest(r);
    } catch (const std::exception& e) {
        fail(fromStd(failureMessage(e)));
        return false;
    }
    if (!work_->startSnp(r)) {
        fail(tr("Wait for the running analysis to finish or cancel it."));
        return false;
    }
    remember();
    snps_->remember();
    lastError_.clear();
    job_ = Job::Snp;
    run_->setEnabled(false);
    gsea_->setRunning(true);
    snps_->setRunning(true);
    progress_->start(tr("Testing the SNPs of %1").arg(fromStd(r.cohort)), true);
    return true;
}

void AssociationsPage::endRun() {
    progress_->finish();
    run_->setEnabled(true);
    gsea_->setRunning(false);
    snps_->setRunning(false);
}

void AssociationsPage::reportEnd(bool succeeded, const QString& summary) {
    switch (job_) {
    case Job::Map:
        emit mapFinished(succeeded, summary);
        break;
    case Job::Gsea:
        emit gseaFinished(succeeded, summary);
        break;
    case Job::Snp:
        emit snpFinished(succeeded, summary);
        break;
    }
}

QStringList AssociationsPage::fillColumnSources() {
    storage::Database db(database_);
    QStringList profiles;
    for (const auto& p : storage::GenomicsRepository(db).profiles())
        if (p.kind == genomics::ProfileKind::GermlineGenotype)
            profiles << fromStd(p.stableId);
    PageColumns columns = pageColumns(db);
    snps_->setSources(profiles, columns.numeric);
    return columns.groups;
}

void AssociationsPage::cancel() {
    work_->cancel();
}

bool AssociationsPage::isBusy() const {
    return work_->isBusy();
}

void AssociationsPage::showResult(std::shared_ptr<const CorrelationMapResult> result) {
    endRun();
    result_ = std::move(result);
    gsea_->setFeatures(result_->features);
    if (result_->groups)
        showGroups(*result_);
    else
        showCorrelation(*result_);
    export_->setEnabled(true);
    exportCsv_->setEnabled(true);
    emit mapFinished(true, summary_->text());
}

void AssociationsPage::showCorrelation(const CorrelationMapResult& r) {
    HeatmapData data;
    data.rowNames = namesOf(r.features);
    data.columnNames = namesOf(r.molecular);
    const auto rows = r.map.r.rows(), columns = r.map.r.cols();
    data.values.resize(static_cast<std::size_t>(rows * columns));
    data.q.resize(data.values.size());
    int significant = 0;
    for (Eigen::Index f = 0; f < rows; ++f)
        for (Eigen::Index g = 0; g < columns; ++g) {
            const auto at = static_cast<std::size_t>(f * columns + g);
            data.values[at] = r.map.r(f, g);
            data.q[at] = r.map.q(f, g);
            significant += r.map.q(f, g) <= fdr_->value();
        }
    data.markAtQ = fdr_->value();
    data.valueName = r.request.method == association::CorrelationMethod::Spearman
                         ? QStringLiteral("Spearman ρ")
                         : QStringLiteral("Pearson r");
    if (r.clustering) {
        const auto& c = *r.clustering;
        data.rowTree = shapeOf(c.featureTree, c.clusteredFeatures, rows);
        data.columnTree = shapeOf(c.molecularTree, c.clusteredMolecular, columns);
        data.rowOrder = orderOf(c.featureOrder);
        data.columnOrder = orderOf(c.molecularOrder);
    }
    heatmap_->setData(std::move(data));
    summary_->setText(
        tr("%1, parameter set %2: %3 features × %4 %5 values over %6 patients; %7 pairs tested, "
           "%8 with FDR q ≤ %9.%10")
            .arg(fromStd(r.cohort), fromStd(r.parameterSetHash.substr(0, 12)))
            .arg(r.features.size())
            .arg(r.molecular.size())
            .arg(fromStd(r.request.molecularPrefix))
            .arg(r.patients.size())
            .arg(r.map.tested)
            .arg(significant)
            .arg(fdr_->value())
            .arg(r.clusteringNote.empty()
                     ? QString()
                     : tr(" Not clustered: %1").arg(fromStd(r.clusteringNote))));
    tabs_->setCurrentWidget(heatmap_);
}

void AssociationsPage::showGroups(const CorrelationMapResult& r) {
    const association::GroupMap& map = *r.groups;
    QChart* chart = volcanoChart(map, fdr_->value(), volcanoFeatures_);
    const auto series = chart->series();
    for (int s = 0; s < series.size(); ++s) {
        auto* points = qobject_cast<QScatterSeries*>(series[s]);
        connect(points, &QScatterSeries::clicked, this, [this, points, s](const QPointF& point) {
            const auto all = points->points();
            for (int k = 0; k < all.size(); ++k)
                if (all[k] == point) {
                    showBoxPlot(volcanoFeatures_[std::size_t(s)][std::size_t(k)]);
                    return;
                }
        });
    }
    QChart* old = volcano_->chart();
    volcano_->setChart(chart);
    delete old;
    int significant = 0;
    for (const auto& test : map.features)
        significant += volcanoQ(test, map.twoGroups()) <= fdr_->value();
    QStringList groups;
    for (const auto& level : map.levels)
        groups << fromStd(level);
    summary_->setText(tr("%1, parameter set %2: %3 features by %4 (%5); %6 patients without a "
                         "group left out; %7 features with FDR q ≤ %8.")
                          .arg(fromStd(r.cohort), fromStd(r.parameterSetHash.substr(0, 12)))
                          .arg(r.features.size())
                          .arg(fromStd(r.request.groupColumn), groups.join(QStringLiteral(" / ")))
                          .arg(map.unknownPatients)
                          .arg(significant)
                          .arg(fdr_->value()));
    tabs_->setCurrentWidget(volcano_);
}

void AssociationsPage::showBoxPlot(int feature) {
    if (!result_ || !result_->groups || feature < 0 ||
        feature >= static_cast<int>(result_->features.size()))
        return;
    const auto& r = *result_;
    const auto& map = *r.groups;
    QChart* chart =
        groupBoxChart(r.features[std::size_t(feature)], r.featureValues.col(feature), r.grouping,
                      map.levels, map.features[std::size_t(feature)], map.twoGroups());
    QChart* old = box_->chart();
    box_->setChart(chart);
    delete old;
    tabs_->setCurrentWidget(box_);
}

void AssociationsPage::showScatter(int feature, int molecular) {
    if (!result_ || feature < 0 || molecular < 0 ||
        feature >= static_cast<int>(result_->features.size()) ||
        molecular >= static_cast<int>(result_->molecular.size()))
        return;
    const auto& r = *result_;
    auto* series = new QScatterSeries;
    series->setMarkerSize(8);
    scatterPatients_.clear();
    for (Eigen::Index i = 0; i < r.featureValues.rows(); ++i) {
        const double x = r.molecularValues(i, molecular), y = r.featureValues(i, feature);
        if (std::isnan(x) || std::isnan(y))
            continue; // left out of this pair, as in its test
        series->append(x, y);
        scatterPatients_.push_back(r.patients[static_cast<std::size_t>(i)]);
    }
    connect(series, &QScatterSeries::clicked, this, [this, series](const QPointF& point) {
        const auto points = series->points();
        for (int k = 0; k < points.size(); ++k)
            if (points[k] == point) {
                emit openImagesRequested(fromStd(scatterPatients_[static_cast<std::size_t>(k)]));
                return;
            }
    });
    auto* chart = new QChart;
    chart->addSeries(series);
    chart->legend()->hide();
    auto* xAxis = new QValueAxis;
    xAxis->setTitleText(fromStd(r.molecular[static_cast<std::size_t>(molecular)]));
    auto* yAxis = new QValueAxis;
    yAxis->setTitleText(fromStd(r.features[static_cast<std::size_t>(feature)]));
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    series->attachAxis(xAxis);
    series->attachAxis(yAxis);
    chart->setTitle(tr("%1 = %2, p = %3, FDR q = %4, n = %5 (click a patient to open its images)")
                        .arg(r.request.method == association::CorrelationMethod::Spearman
                                 ? QStringLiteral("ρ")
                                 : QStringLiteral("r"))
                        .arg(r.map.r(feature, molecular), 0, 'g', 3)
                        .arg(r.map.p(feature, molecular), 0, 'g', 3)
                        .arg(r.map.q(feature, molecular), 0, 'g', 3)
                        .arg(r.map.n(feature, molecular))
                        .toHtmlEscaped());
    QChart* old = scatter_->chart();
    scatter_->setChart(chart);
    delete old;
    tabs_->setCurrentWidget(scatter_);
}

bool AssociationsPage::exportFigure(const QString& file) {
    // The figure of the tab shown: the heatmap, or a chart (scatter, volcano,
    // box plots) drawn by its view at the export size.
    auto* chart = qobject_cast<QChartView*>(tabs_->currentWidget());
    if (tabs_->currentWidget() == gsea_)
        chart = gsea_->plotView();
    else if (tabs_->currentWidget() == snps_)
        chart = snps_->plotView();
    const bool hasChart = chart && chart->chart() && !chart->chart()->series().isEmpty();
    const bool ownTab = tabs_->currentWidget() == gsea_ || tabs_->currentWidget() == snps_;
    if (!hasChart && (ownTab || !heatmap_->hasData())) {
        fail(ownTab ? tr("Run the analysis of this tab first.") : tr("Compute a map first."));
        return false;
    }
    const QSize size(1600, 1200);
    const auto draw = [&](QPainter& painter, const QRect& area) {
        if (hasChart)
            chart->render(&painter, area);
        else
            heatmap_->render(painter, area);
    };
    const QString suffix = QFileInfo(file).suffix().toLower();
    bool written = false;
    if (suffix == QStringLiteral("svg")) {
        QSvgGenerator svg;
        svg.setFileName(file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(summary_->text());
        QPainter painter;
        written = painter.begin(&svg);
        if (written)
            draw(painter, QRect(QPoint(0, 0), size));
    } else if (suffix == QStringLiteral("pdf")) {
        QPdfWriter pdf(file);
        pdf.setTitle(summary_->text());
        QPainter painter;
        written = painter.begin(&pdf);
        if (written) {
            painter.scale(pdf.width() / double(size.width()), pdf.width() / double(size.width()));
            draw(painter, QRect(QPoint(0, 0), size));
        }
    } else {
        QImage image(size, QImage::Format_RGB32);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            draw(painter, image.rect());
        }
        written = image.save(file, "PNG");
    }
    if (!written)
        fail(tr("Cannot write %1.").arg(file));
    return written;
}

bool AssociationsPage::exportCsv(const QString& file) {
    if (tabs_->currentWidget() == gsea_ || tabs_->currentWidget() == snps_) {
        try {
            if (tabs_->currentWidget() == gsea_)
                gsea_->exportCsv(file);
            else
                snps_->exportCsv(file);
        } catch (const std::exception& e) {
            fail(tr("Cannot export the table:\n%1").arg(fromStd(failureMessage(e))));
            return false;
        }
        return true;
    }
    if (!result_) {
        fail(tr("Compute a map first."));
        return false;
    }
    const auto& r = *result_;
    try {
        association::AssociationProvenance provenance;
        provenance.cohort = r.cohort;
        provenance.parameterSetHash = r.parameterSetHash;
        std::string csv;
        if (r.groups) {
            association::describeGroupMap(provenance, *r.groups, r.grouping, r.request.groupColumn,
                                          r.features, r.patients.size());
            csv = association::groupMapCsv(*r.groups, r.features);
        } else {
            association::describeCorrelationMap(provenance, r.map, r.request.molecularPrefix,
                                                r.features, r.molecular.size(), r.patients.size(),
                                                r.request.linkage);
            csv = association::correlationMapCsv(r.map, r.features, r.molecular,
                                                 r.clustering ? &*r.clustering : nullptr);
        }
        const std::filesystem::path path = file.toStdWString();
        writeTextFileAtomically(path, csv);
        association::writeProvenanceFile(path, provenance);
    } catch (const std::exception& e) {
        fail(tr("Cannot export the map:\n%1").arg(fromStd(failureMessage(e))));
        return false;
    }
    return true;
}

void AssociationsPage::updateEnabled() {
    const bool groups = kind_->currentData().toString() == QStringLiteral("groups");
    for (QWidget* w : std::initializer_list<QWidget*>{molecular_, method_, linkage_})
        w->setEnabled(!groups);
    group_->setEnabled(groups);
}

void AssociationsPage::fail(const QString& text) {
    lastError_ = text;
    auto* box =
        new QMessageBox(QMessageBox::Warning, tr("Associations"), text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("associationMessage"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void AssociationsPage::remember() const {
    QSettings s;
    s.setValue("associations/cohort", cohort_->currentText());
    s.setValue("associations/parameterSet", parameterSet_->currentText());
    s.setValue("associations/kind", kind_->currentData());
    s.setValue("associations/group", group_->currentText());
    s.setValue("associations/molecular", molecular_->currentText());
    s.setValue("associations/method", method_->currentData());
    s.setValue("associations/linkage", linkage_->currentData());
    s.setValue("associations/fdr", fdr_->value());
}

void AssociationsPage::restore() {
    const QSettings s;
    kind_->setCurrentIndex(
        std::max(0, kind_->findData(s.value("associations/kind", "correlation"))));
    const QString molecular = s.value("associations/molecular").toString();
    if (!molecular.isEmpty())
        molecular_->setCurrentText(molecular);
    const int method = method_->findData(s.value("associations/method", "spearman"));
    method_->setCurrentIndex(std::max(0, method));
    const int linkage = linkage_->findData(s.value("associations/linkage", "average"));
    linkage_->setCurrentIndex(std::max(0, linkage));
    fdr_->setValue(s.value("associations/fdr", 0.05).toDouble());
}

} // namespace rgw::ui
