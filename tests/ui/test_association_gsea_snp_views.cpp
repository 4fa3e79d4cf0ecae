// The Associations page's GSEA and SNP views (issue #14 §2, §3, §5) under
// Xvfb. GSEA: the demo cohort with ct-default features, a small GMT file
// written here (with an empty set, a duplicate and genes not in the data);
// the page's table equals association::preRankedGsea run directly on the
// same ranking and sets (ES, NES, p, q exactly), the running-sum plot's
// extreme is the selected set's ES, the GMT problems are shown, CSV and
// figures export, Cancel keeps the previous result, the page still fits
// 1366x768. SNPs: a database without genotypes says so; with the committed
// PLINK fixture imported (as the CLI test SnpOnACohortWithStoredGenotypes-
// EqualsPlink, whose CSV equals PLINK 1.9) the table equals
// association::associateSnps on the same cohort, the Manhattan plot has one
// point per tested SNP, point and row select each other, Cancel keeps the
// previous result.
#include "CohortAnalysisTable.h"
#include "CohortCreation.h"
#include "CohortGenotypes.h"
#include "Database.h"
#include "DemoWindow.h"
#include "GenomicsImport.h"
#include "MainWindow.h"
#include "Reference.h"
#include "SnpFixture.h"
#include "TestData.h"
#include "association/AssociationCsv.h"
#include "association/AssociationTable.h"
#include "associations/AssociationsPage.h"
#include "associations/GseaView.h"
#include "associations/SnpView.h"
#include "genomics/GenomicSource.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScatterSeries>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <fstream>

using namespace rgw;

namespace {

std::string head(const std::filesystem::path& file, std::size_t bytes) {
    std::ifstream in(file, std::ios::binary);
    std::string text(bytes, '\0');
    in.read(text.data(), static_cast<std::streamsize>(bytes));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

/// The number a table cell shows (NaN for "NA" or an empty cell).
double cellNumber(const QTableWidget* table, int row, int column) {
    const QVariant v = table->item(row, column)->data(Qt::DisplayRole);
    bool ok = false;
    const double x = v.toDouble(&ok);
    return ok && v.typeId() != QMetaType::QString ? x : std::nan("");
}

bool same(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

/// The running sum's value of largest magnitude (the maximum on a tie).
double extremeOf(const QLineSeries* curve) {
    double high = -INFINITY, low = INFINITY;
    for (const QPointF& p : curve->points()) {
        high = std::max(high, p.y());
        low = std::min(low, p.y());
    }
    return high >= -low ? high : low;
}

/// Saves a screenshot to $RGW_TEST_ARTEFACTS/NAME.png when that is set.
void saveShot(QWidget& widget, const char* name) {
    const QByteArray folder = qgetenv("RGW_TEST_ARTEFACTS");
    if (folder.isEmpty())
        return;
    std::filesystem::create_directories(folder.toStdString());
    widget.grab().save(QString::fromUtf8(folder) + "/" + name + ".png");
}

void closeDialogs(QWidget* page) {
    for (QDialog* dialog : page->findChildren<QDialog*>())
        dialog->close();
}

} // namespace

class GseaSnpViewsTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName("RadiogenomicsTest");
        QApplication::setApplicationName("test_association_gsea_snp_views");
        QSettings().clear();
    }
    void gseaOfTheDemoCohort();
    void snpsOfTheGenotypedCohort();
};

void GseaSnpViewsTest::gseaOfTheDemoCohort() {
    test::TempDir temp;
    const auto file = temp.path() / "cohort.rgwdb";
    ui::MainWindow window;
    test::openDemoWithFeatures(window, file, temp.path() / "demo-cohort", "ct-default");
    if (QTest::currentTestFailed())
        return;
    {
        storage::Database db(file);
        storage::createCohort(db, {"all", "", ""}, "tester");
    }
    storage::Database db(file);
    storage::CohortExportOptions options;
    options.cohort = "all";
    options.parameterSet = "ct-default";
    const auto input = storage::cohortAnalysisTable(db, options);
    const auto expression = association::prefixedColumns(input.table, "expr_");
    QVERIFY2(expression.names.size() >= 6, std::to_string(expression.names.size()).c_str());
    const std::string feature = "intensity_statistics.mean_intensity";
    QVERIFY(std::find(input.featureColumns.begin(), input.featureColumns.end(), feature) !=
            input.featureColumns.end());

    // A small GMT: two sets of the data's genes, one with a gene the data
    // lacks, an empty set and a repeated name (problems, as the CLI warns).
    const auto gmt = temp.path() / "sets.gmt";
    {
        const auto& g = expression.names;
        std::ofstream out(gmt, std::ios::binary);
        out << "TOP_HALF\tfirst genes";
        for (std::size_t i = 0; i < g.size() / 2; ++i)
            out << "\t" << g[i];
        out << "\nEVERY_THIRD\tx";
        for (std::size_t i = 0; i < g.size(); i += 3)
            out << "\t" << g[i];
        out << "\tNOT_A_GENE_XYZ\n";
        out << "EMPTY_SET\tnothing\n";
        out << "PAIR\tx\t" << g[1] << "\t" << g[g.size() - 1] << "\t" << g[g.size() / 2] << "\n";
        out << "TOP_HALF\tagain\t" << g[0] << "\t" << g[2] << "\n";
    }

    ui::AssociationsPage* page = window.associationsPage();
    window.findChild<QTabWidget*>("workTabs")->setCurrentWidget(page);
    page->cohortBox()->setCurrentText("all@1");
    QCOMPARE(page->parameterSetBox()->currentText(), QString("ct-default"));
    page->molecularBox()->setCurrentIndex(page->molecularBox()->findData("expr_"));
    ui::GseaView* view = page->gseaView();
    page->resultTabs()->setCurrentWidget(view);
    view->featureBox()->setEditText(QString::fromStdString(feature));
    view->gmtEdit()->setText(test::qPath(gmt));
    view->permutationsSpin()->setValue(300);
    view->seedSpin()->setValue(7);
    view->minSizeSpin()->setValue(2); // the demo profiles 7 genes
    QSignalSpy finished(page, &ui::AssociationsPage::gseaFinished);
    QTest::mouseClick(view->runButton(), Qt::LeftButton);
    QVERIFY(page->isBusy());
    QVERIFY(finished.wait(300000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    const auto run = view->run();
    QVERIFY(run);
    QCOMPARE(run->cohort, std::string("all@1"));

    // The same as the core run directly on the same inputs.
    const auto ranking = association::geneRanking(input.table, feature, expression,
                                                  association::CorrelationMethod::Spearman);
    const genomics::GmtFile sets = genomics::readGmt(gmt);
    QVERIFY(!sets.problems.empty());
    association::GseaOptions gseaOptions;
    gseaOptions.permutations = 300;
    gseaOptions.seed = 7;
    gseaOptions.size.minSize = 2;
    const auto direct = association::preRankedGsea(ranking.ranking, sets.sets, gseaOptions);
    QVERIFY(!direct.sets.empty());
    QTableWidget* table = view->table();
    QCOMPARE(table->rowCount(), int(direct.sets.size()));
    std::size_t checked = 0;
    for (int row = 0; row < table->rowCount(); ++row) {
        const std::string name = table->item(row, 0)->text().toStdString();
        const auto it = std::find_if(direct.sets.begin(), direct.sets.end(),
                                     [&](const auto& s) { return s.name == name; });
        QVERIFY2(it != direct.sets.end(), name.c_str());
        QCOMPARE(cellNumber(table, row, 1), double(it->size));
        QVERIFY2(same(cellNumber(table, row, 2), it->es), name.c_str());
        QVERIFY2(same(cellNumber(table, row, 3), it->nes), name.c_str());
        QVERIFY2(same(cellNumber(table, row, 4), it->pValue), name.c_str());
        QVERIFY2(same(cellNumber(table, row, 5), it->fdr), name.c_str());
        QCOMPARE(cellNumber(table, row, 6), double(it->leadingEdge.size()));
        ++checked;
    }
    QCOMPARE(checked, direct.sets.size());
    // The GMT file's problems are shown as warnings naming the file.
    const QString notes = view->notesView()->toPlainText();
    QVERIFY2(notes.contains("warning:") && notes.contains("sets.gmt"), qPrintable(notes));
    QVERIFY2(notes.contains("EMPTY_SET") && notes.contains("NOT_A_GENE_XYZ"), qPrintable(notes));

    // The running sum of each selected set peaks at its ES.
    for (int row = 0; row < table->rowCount(); ++row) {
        table->selectRow(row);
        const int set = view->shownSet();
        QCOMPARE(QString::fromStdString(run->result.sets[std::size_t(set)].name),
                 table->item(row, 0)->text());
        auto* curve = qobject_cast<QLineSeries*>(view->plotView()->chart()->series().front());
        QVERIFY(curve);
        QCOMPARE(curve->count(), int(direct.genes.size()));
        QCOMPARE(extremeOf(curve), run->result.sets[std::size_t(set)].es);
        auto* hits = qobject_cast<QScatterSeries*>(view->plotView()->chart()->series()[1]);
        QCOMPARE(hits->count(), int(run->result.sets[std::size_t(set)].size));
    }

    saveShot(window, "gsea-view");

    // Exports: the table as `rgw-cli assoc gsea` writes it, the plot as figures.
    const auto csv = temp.path() / "gsea.csv";
    QVERIFY2(page->exportCsv(test::qPath(csv)), qPrintable(page->lastError()));
    QCOMPARE(head(csv, 1 << 20), association::gseaCsv(direct, &sets.sets));
    const std::string provenance = head(temp.path() / "gsea.csv.provenance.json", 1 << 20);
    QVERIFY2(provenance.find("\"seed\": 7") != std::string::npos, provenance.c_str());
    QVERIFY(provenance.find("\"permutations\": 300") != std::string::npos);
    QVERIFY(provenance.find("\"min_size\": 2") != std::string::npos);
    QVERIFY(provenance.find("\"feature\": \"" + feature + "\"") != std::string::npos);
    QVERIFY(provenance.find("\"cohort\": \"all@1\"") != std::string::npos);
    for (const char* name : {"gsea.svg", "gsea.png", "gsea.pdf"})
        QVERIFY(page->exportFigure(test::qPath(temp.path() / name)));
    QVERIFY(head(temp.path() / "gsea.svg", 400).find("<svg") != std::string::npos);
    QCOMPARE(head(temp.path() / "gsea.png", 4), std::string("\x89PNG"));
    QCOMPARE(head(temp.path() / "gsea.pdf", 4), std::string("%PDF"));

    // Cancel: the previous result stays, the page can run again.
    finished.clear();
    view->permutationsSpin()->setValue(100000);
    QVERIFY(page->startGsea());
    page->cancel();
    QVERIFY(finished.wait(300000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    QCOMPARE(view->run(), run);
    QCOMPARE(table->rowCount(), int(direct.sets.size()));
    QVERIFY(view->runButton()->isEnabled());
    closeDialogs(page);

    // The page with the GSEA tab still fits a 1366x768 screen.
    QVERIFY(window.minimumSizeHint().width() <= 1366);
    QVERIFY(window.minimumSizeHint().height() <= 768);
    QVERIFY(page->minimumSizeHint().height() <= page->height());
}

void GseaSnpViewsTest::snpsOfTheGenotypedCohort() {
    test::TempDir temp;
    const auto file = temp.path() / "germline.rgwdb";
    const auto empty = temp.path() / "empty.rgwdb";
    { storage::Database db(empty); }
    ui::AssociationsPage page;
    page.resize(1366, 700);
    page.show();
    // A database without a genotype profile: the view says so, no plot.
    page.setDatabase(empty);
    ui::SnpView* view = page.snpView();
    QVERIFY(!view->hasGenotypes());
    QVERIFY(view->noticeLabel()->text().contains("no germline genotype profile"));
    QCOMPARE(view->findChild<QStackedWidget*>()->currentWidget(),
             static_cast<QWidget*>(view->noticeLabel()));
    QVERIFY(!page.startSnp());
    closeDialogs(&page);

    // The fixture imported as `rgw-cli genomics import` + `clinical import` do.
    {
        storage::Database db(file);
        auto report = storage::importGenomicData(
            db, genomics::readGenomicSource(test::referenceFile("snp/snp.vcf"), {}), {});
        QVERIFY(report.imported);
        genomics::GenomicSourceOptions tableOptions;
        tableOptions.tableMapping = test::snpOutcomesMapping(temp.path());
        report = storage::importGenomicData(
            db, genomics::readGenomicSource(test::snpOutcomes(temp.path()), tableOptions), {});
        QVERIFY(report.imported);
        storage::createCohort(db, {"germline", "", ""}, "tester");
    }
    page.setDatabase(file);
    QVERIFY(view->hasGenotypes());
    QVERIFY(view->findChild<QStackedWidget*>()->currentWidget() != view->noticeLabel());
    page.cohortBox()->setCurrentText("germline@1");
    QCOMPARE(page.cohortBox()->currentText(), QString("germline@1"));
    QVERIFY(view->outcomeBox()->findText("TOX") >= 0);
    view->outcomeBox()->setCurrentText("TOX");
    view->eventBox()->setCurrentIndex(0);
    for (int i = 0; i < view->covariateList()->count(); ++i) {
        auto* item = view->covariateList()->item(i);
        item->setCheckState(item->text() == "DOSE" || item->text() == "AGE" ? Qt::Checked
                                                                            : Qt::Unchecked);
    }
    page.resultTabs()->setCurrentWidget(view);
    QSignalSpy finished(&page, &ui::AssociationsPage::snpFinished);
    QVERIFY2(page.startSnp(), qPrintable(page.lastError()));
    QVERIFY(finished.wait(300000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    const auto run = view->run();
    QVERIFY(run);

    // The same as association::associateSnps on the same cohort.
    storage::Database db(file);
    storage::CohortExportOptions options;
    options.cohort = "germline@1";
    const auto input = storage::cohortAnalysisTable(db, options);
    const auto genotypes = storage::cohortGenotypes(db, input.table.text("patient_id"));
    const auto outcome =
        association::snpOutcomeOfTable(input.table, "patient_id", genotypes.samples, "TOX");
    QVERIFY(outcome.kind == association::OutcomeKind::Binary);
    // The covariates in the list's order (the order changes the last bits).
    auto chosen = run->request.covariates;
    std::sort(chosen.begin(), chosen.end());
    QCOMPARE(chosen, (std::vector<std::string>{"AGE", "DOSE"}));
    const auto covariates = association::snpCovariatesOfTable(
        input.table, "patient_id", genotypes.samples, run->request.covariates);
    const auto direct = association::associateSnps(genotypes, outcome, covariates);
    QVERIFY(direct.testedCount() > 10);
    QCOMPARE(run->result.snps.size(), direct.snps.size());
    QTableWidget* table = view->table();
    QCOMPARE(table->rowCount(), int(direct.snps.size()));
    for (int row = 0; row < table->rowCount(); ++row) {
        const std::string id = table->item(row, 0)->text().toStdString();
        const auto it = std::find_if(direct.snps.begin(), direct.snps.end(),
                                     [&](const auto& t) { return t.snp.id == id; });
        QVERIFY2(it != direct.snps.end(), id.c_str());
        QCOMPARE(table->item(row, 1)->text().toStdString(), it->snp.chromosome);
        QCOMPARE(cellNumber(table, row, 2), double(it->snp.position));
        QCOMPARE(cellNumber(table, row, 3), double(it->samples));
        QVERIFY2(same(cellNumber(table, row, 4), it->beta), id.c_str());
        QVERIFY2(same(cellNumber(table, row, 5), it->standardError), id.c_str());
        QVERIFY2(same(cellNumber(table, row, 6), it->effect), id.c_str());
        QVERIFY2(same(cellNumber(table, row, 7), it->p), id.c_str());
        QVERIFY2(same(cellNumber(table, row, 8), it->fdr), id.c_str());
        QVERIFY2(same(cellNumber(table, row, 9), it->qc.minorAlleleFrequency), id.c_str());
        QVERIFY2(same(cellNumber(table, row, 10), it->qc.hweP), id.c_str());
        QCOMPARE(table->item(row, 11)->text(), QString(association::snpStatusName(it->status)));
    }

    // One point per tested SNP; a point selects its row and a row its point.
    const auto& points = view->pointSnps();
    QCOMPARE(points.size(), std::size_t(2));
    QCOMPARE(points[0].size() + points[1].size(), direct.testedCount());
    auto* series = qobject_cast<QScatterSeries*>(view->plotView()->chart()->series()[0]);
    QCOMPARE(std::size_t(series->count()), points[0].size());
    const int clicked = points[0].back();
    emit series->clicked(series->at(series->count() - 1));
    QCOMPARE(view->selectedSnp(), clicked);
    QCOMPARE(table->item(table->currentRow(), 0)->text().toStdString(),
             direct.snps[std::size_t(clicked)].snp.id);
    saveShot(page, "snp-view");
    table->selectRow(0);
    const std::string firstRow = table->item(0, 0)->text().toStdString();
    QCOMPARE(run->result.snps[std::size_t(view->selectedSnp())].snp.id, firstRow);

    // Exports.
    const auto csv = temp.path() / "snps.csv";
    QVERIFY2(page.exportCsv(test::qPath(csv)), qPrintable(page.lastError()));
    QCOMPARE(head(csv, 1 << 22), association::snpAssociationCsv(direct));
    const std::string provenance = head(temp.path() / "snps.csv.provenance.json", 1 << 20);
    QVERIFY2(provenance.find("\"genotypes\": \"stored germline profile\"") != std::string::npos,
             provenance.c_str());
    QVERIFY(provenance.find("\"model\": \"logistic\"") != std::string::npos);
    QVERIFY(page.exportFigure(test::qPath(temp.path() / "manhattan.png")));
    QCOMPARE(head(temp.path() / "manhattan.png", 4), std::string("\x89PNG"));

    // Cancel keeps the previous result.
    finished.clear();
    QVERIFY(page.startSnp());
    page.cancel();
    QVERIFY(finished.wait(300000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    QCOMPARE(view->run(), run);
    QCOMPARE(table->rowCount(), int(direct.snps.size()));
    QVERIFY(view->runButton()->isEnabled());
}

QTEST_MAIN(GseaSnpViewsTest)
#include "test_association_gsea_snp_views.moc"
