// The Associations page through the main window under Xvfb (issue #14 §1,
// §5): the demo cohort imported and its features extracted with ct-default,
// a named cohort, then the page's feature × expression map computed in the
// background equals core::association::correlationMap on the same cohort
// table (itself equal to R's cor.test / p.adjust in test_association_*);
// the heatmap shows its values in the clustering's order; a clicked cell
// shows the scatter plot of exactly the patients that pair used; clicking
// a patient opens its images; the figure exports as SVG, PNG and PDF; a
// molecular prefix the cohort lacks is refused with a named error; Cancel
// leaves the page usable.
#include "CohortAnalysisTable.h"
#include "CohortCreation.h"
#include "Database.h"
#include "DatabaseBrowser.h"
#include "DemoWindow.h"
#include "MainWindow.h"
#include "TestData.h"
#include "association/AssociationCsv.h"
#include "association/AssociationTable.h"
#include "associations/AssociationsPage.h"
#include "associations/ClusteredHeatmap.h"

#include <QApplication>
#include <QChartView>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QPushButton>
#include <QScatterSeries>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidgetItem>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>

using namespace rgw;

namespace {

std::string head(const std::filesystem::path& file, std::size_t bytes) {
    std::ifstream in(file, std::ios::binary);
    std::string text(bytes, '\0');
    in.read(text.data(), static_cast<std::streamsize>(bytes));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

} // namespace

class AssociationsPageTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName("RadiogenomicsTest");
        QApplication::setApplicationName("test_associations_page");
        QSettings().clear();
    }
    void mapOfTheDemoCohort();
};

void AssociationsPageTest::mapOfTheDemoCohort() {
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

    // The page offers the new cohort and ct-default once shown.
    ui::AssociationsPage* page = window.associationsPage();
    window.findChild<QTabWidget*>("workTabs")->setCurrentWidget(page);
    QVERIFY(page->cohortBox()->findText("all@1") >= 0);
    page->cohortBox()->setCurrentText("all@1");
    QCOMPARE(page->parameterSetBox()->currentText(), QString("ct-default"));
    page->molecularBox()->setCurrentIndex(page->molecularBox()->findData("expr_"));

    // A prefix the cohort has no column of: refused, naming it.
    page->molecularBox()->setEditText("meth_");
    QSignalSpy finished(page, &ui::AssociationsPage::mapFinished);
    QVERIFY(page->startMap());
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    QVERIFY2(page->lastError().contains("meth_"), qPrintable(page->lastError()));
    for (QDialog* dialog : page->findChildren<QDialog*>())
        dialog->close();

    page->molecularBox()->setCurrentIndex(page->molecularBox()->findData("expr_"));
    finished.clear();
    QVERIFY(page->startMap());
    QVERIFY(page->isBusy());
    QVERIFY(finished.wait(300000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    const auto result = page->result();
    QVERIFY(result);
    QCOMPARE(result->cohort, std::string("all@1"));

    // The same numbers as the core on the same table.
    storage::Database db(file);
    storage::CohortExportOptions options;
    options.cohort = "all";
    options.parameterSet = "ct-default";
    const auto input = storage::cohortAnalysisTable(db, options);
    QCOMPARE(result->features, input.featureColumns);
    std::vector<std::size_t> rows(input.table.rows());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    association::CorrelationOptions spearman;
    spearman.method = association::CorrelationMethod::Spearman;
    const auto expression = association::prefixedColumns(input.table, "expr_");
    QCOMPARE(result->molecular, expression.names);
    const auto direct = association::correlationMap(input.table.matrix(result->features, rows),
                                                    expression.values, spearman);
    QVERIFY(direct.tested > 0);
    QCOMPARE(result->map.tested, direct.tested);
    for (Eigen::Index f = 0; f < direct.r.rows(); ++f)
        for (Eigen::Index g = 0; g < direct.r.cols(); ++g) {
            const bool both = std::isnan(direct.q(f, g)) && std::isnan(result->map.q(f, g));
            QVERIFY(both || direct.q(f, g) == result->map.q(f, g));
        }
    // Clustered as `rgw-cli assoc map --cluster average` orders it.
    QVERIFY2(result->clustering, result->clusteringNote.c_str());
    const auto clustering =
        association::clusterCorrelationMap(direct, association::Linkage::Average);
    const ui::HeatmapData& shown = page->heatmap()->data();
    QCOMPARE(shown.rows(), int(result->features.size()));
    QCOMPARE(shown.columns(), int(result->molecular.size()));
    QCOMPARE(shown.rowOrder,
             std::vector<int>(clustering.featureOrder.begin(), clustering.featureOrder.end()));
    QCOMPARE(shown.columnOrder,
             std::vector<int>(clustering.molecularOrder.begin(), clustering.molecularOrder.end()));
    QVERIFY(page->summaryLabel()->text().contains("all@1"));

    // Click the tested cell with the most patients: its scatter plot has them all.
    Eigen::Index bestF = 0, bestG = 0;
    for (Eigen::Index f = 0; f < direct.r.rows(); ++f)
        for (Eigen::Index g = 0; g < direct.r.cols(); ++g)
            if (!std::isnan(direct.r(f, g)) && direct.n(f, g) > direct.n(bestF, bestG))
                bestF = f, bestG = g;
    page->resultTabs()->setCurrentWidget(page->heatmap());
    QTest::mouseClick(page->heatmap(), Qt::LeftButton, {},
                      page->heatmap()->cellRect(int(bestF), int(bestG)).center());
    QCOMPARE(page->resultTabs()->currentWidget(), static_cast<QWidget*>(page->scatterView()));
    auto* series = qobject_cast<QScatterSeries*>(page->scatterView()->chart()->series().front());
    QVERIFY(series);
    QCOMPARE(series->count(), int(direct.n(bestF, bestG)));
    QCOMPARE(page->scatterPatients().size(), std::size_t(direct.n(bestF, bestG)));

    // A patient of the plot opens its images in the viewer (the last point:
    // DEMO-001's CT is already shown after the import).
    QSignalSpy shownSeries(&window, &ui::MainWindow::seriesShown);
    const int last = series->count() - 1;
    const QString patient = QString::fromStdString(page->scatterPatients().back());
    QVERIFY(patient != "DEMO-001");
    emit series->clicked(series->at(last));
    QVERIFY(shownSeries.count() > 0 || shownSeries.wait(60000));
    QTreeWidgetItem* item = window.browser()->currentItem();
    while (item && item->parent())
        item = item->parent();
    QVERIFY(item);
    QCOMPARE(item, window.browser()->findPatient(patient));
    window.findChild<QTabWidget*>("workTabs")->setCurrentWidget(page);

    // Figures.
    const auto svg = temp.path() / "map.svg", png = temp.path() / "map.png",
               pdf = temp.path() / "map.pdf";
    QVERIFY(page->exportFigure(test::qPath(svg)));
    QVERIFY(page->exportFigure(test::qPath(png)));
    QVERIFY(page->exportFigure(test::qPath(pdf)));
    QVERIFY(head(svg, 200).find("<svg") != std::string::npos);
    QCOMPARE(head(png, 4), std::string("\x89PNG"));
    QCOMPARE(head(pdf, 4), std::string("%PDF"));

    // CSV as `rgw-cli assoc map` writes it, with its provenance.
    const auto csv = temp.path() / "map.csv";
    QVERIFY(page->exportCsv(test::qPath(csv)));
    const std::string text = head(csv, 1 << 20);
    QCOMPARE(text, association::correlationMapCsv(direct, result->features, result->molecular,
                                                  &clustering));
    const std::string provenance = head(temp.path() / "map.csv.provenance.json", 1 << 20);
    QVERIFY2(provenance.find("\"cohort\": \"all@1\"") != std::string::npos, provenance.c_str());
    QVERIFY(provenance.find("\"method\": \"spearman\"") != std::string::npos);

    // Feature × group: mut_EGFR, not-profiled patients left out (never wild-type).
    page->kindBox()->setCurrentIndex(page->kindBox()->findData("groups"));
    QVERIFY(page->groupBox()->findText("mut_EGFR") >= 0);
    page->groupBox()->setCurrentText("mut_EGFR");
    finished.clear();
    QVERIFY(page->startMap());
    QVERIFY(finished.wait(300000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    const auto groups = page->result();
    QVERIFY(groups->groups);
    const auto grouping = association::groupingOfColumn(input.table, "mut_EGFR");
    const auto directGroups =
        association::groupMap(input.table.matrix(result->features, rows), grouping);
    QCOMPARE(groups->groups->levels, (std::vector<std::string>{"wild-type", "mutated"}));
    std::size_t notProfiled = 0;
    for (const auto& cell : input.table.text("mut_EGFR"))
        notProfiled += cell.empty();
    QVERIFY(notProfiled > 0);
    QCOMPARE(std::size_t(groups->groups->unknownPatients), notProfiled);
    for (std::size_t f = 0; f < directGroups.features.size(); ++f) {
        const double a = groups->groups->features[f].mannWhitneyQ,
                     b = directGroups.features[f].mannWhitneyQ;
        QVERIFY((std::isnan(a) && std::isnan(b)) || a == b);
    }
    QCOMPARE(page->resultTabs()->currentWidget(), static_cast<QWidget*>(page->volcanoView()));
    // The planted EGFR effect on mean intensity is significant; its point opens its box plots.
    const auto mean = std::find(result->features.begin(), result->features.end(),
                                "intensity_statistics.mean_intensity");
    QVERIFY(mean != result->features.end());
    const int meanIndex = int(mean - result->features.begin());
    QVERIFY(directGroups.features[std::size_t(meanIndex)].mannWhitneyQ <= 0.05);
    const auto& marked = page->volcanoFeatures()[1];
    const auto at = std::find(marked.begin(), marked.end(), meanIndex);
    QVERIFY(at != marked.end());
    auto* red = qobject_cast<QScatterSeries*>(page->volcanoView()->chart()->series()[1]);
    emit red->clicked(red->at(int(at - marked.begin())));
    QCOMPARE(page->resultTabs()->currentWidget(), static_cast<QWidget*>(page->boxView()));
    QVERIFY(page->boxView()->chart()->title().contains("mean_intensity"));
    const auto boxSvg = temp.path() / "box.svg";
    QVERIFY(page->exportFigure(test::qPath(boxSvg))); // the box plots, the tab shown
    const std::string boxText = head(boxSvg, 1 << 22);
    QVERIFY(boxText.find("<svg") != std::string::npos);
    QVERIFY(boxText != head(svg, 1 << 22)); // not the heatmap
    QVERIFY(page->exportCsv(test::qPath(temp.path() / "groups.csv")));
    QCOMPARE(head(temp.path() / "groups.csv", 1 << 20),
             association::groupMapCsv(directGroups, result->features));

    // Cancel: the page ends the run and can start again.
    finished.clear();
    QVERIFY(page->startMap());
    page->cancel();
    QVERIFY(finished.wait(300000));
    QVERIFY(!page->isBusy());
    QVERIFY(page->runButton()->isEnabled());
}

QTEST_MAIN(AssociationsPageTest)
#include "test_associations_page.moc"
