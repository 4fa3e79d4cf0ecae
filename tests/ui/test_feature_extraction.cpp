// Drives Analysis > Extract features of the real main window under Xvfb:
// imports the IBSI-1 CT phantom (DICOM + RTSTRUCT), selects its GTV-1
// segmentation, extracts with preset ibsi-config-C through the entry point the
// menu uses after its dialog, and checks the feature table against the IBSI
// reference values (reference_values.csv, config_C), its sorting, its
// provenance line and its CSV export.
#include "Database.h"
#include "DatabaseBrowser.h"
#include "FeatureRepository.h"
#include "FeatureTableView.h"
#include "IbsiReference.h"
#include "MainWindow.h"
#include "TestData.h"
#include "radiomics/FeatureCsv.h"
#include "radiomics/ParameterSet.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTreeWidgetItemIterator>
#include <fstream>
#include <sstream>

using namespace rgw;
using rgw::ui::DatabaseBrowser;
using rgw::ui::FeatureTableView;

namespace {

QTreeWidgetItem* findSegmentation(DatabaseBrowser& browser, const QString& roiName) {
    for (QTreeWidgetItemIterator it(&browser); *it; ++it)
        if ((*it)->data(DatabaseBrowser::NameColumn, DatabaseBrowser::KindRole).toInt() ==
                int(DatabaseBrowser::ItemKind::Segmentation) &&
            (*it)->text(DatabaseBrowser::NameColumn) == roiName)
            return *it;
    return nullptr;
}

/// Proxy row of (code, aggregation), -1 when absent.
int findRow(const QSortFilterProxyModel& model, const QString& code, const QString& aggregation) {
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.index(r, FeatureTableView::CodeColumn).data().toString() == code &&
            model.index(r, FeatureTableView::AggregationColumn).data().toString() == aggregation)
            return r;
    return -1;
}

} // namespace

class FeatureExtractionTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void extractConfigCOfCtPhantomShowsIbsiValues() {
        if (!test::hasData())
            QSKIP("shared test data not found (set RGW_TEST_DATA)");
        const auto phantom = test::ibsiDataSets() / "ibsi_1_ct_radiomics_phantom" / "dicom";
        test::TempDir temp;
        const QString dbPath = QString::fromStdString((temp.path() / "cohort.rgwdb").string());

        ui::MainWindow window;
        window.resize(1280, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openDatabase(dbPath));

        QSignalSpy imported(&window, &ui::MainWindow::importFinished);
        window.startImport({QString::fromStdString(phantom.string())});
        QVERIFY(imported.wait(120000));
        QVERIFY2(imported.first().at(0).toBool(), qPrintable(imported.first().at(1).toString()));

        FeatureTableView* table = window.featureTable();
        QVERIFY(table);
        QCOMPARE(table->proxyModel()->rowCount(), 0);

        QTreeWidgetItem* gtv = findSegmentation(*window.browser(), "GTV-1");
        QVERIFY(gtv);
        QSignalSpy shown(&window, &ui::MainWindow::seriesShown);
        window.browser()->setCurrentItem(gtv);
        QCOMPARE(table->extractionId(), storage::Id(0)); // nothing stored yet
        // Picking the segmentation shows its series; the segmentation stays selected.
        QVERIFY(shown.wait(60000));
        QCOMPARE(window.browser()->currentItem(), gtv);
        const QString seriesUid =
            gtv->data(DatabaseBrowser::NameColumn, DatabaseBrowser::SeriesUidRole).toString();
        const storage::Id segmentationId =
            gtv->data(DatabaseBrowser::NameColumn, DatabaseBrowser::UidRole).toLongLong();

        QSignalSpy extracted(&window, &ui::MainWindow::featureExtractionFinished);
        window.startFeatureExtraction("ibsi-config-C", 2);
        QVERIFY(window.isBusy()); // off the GUI thread
        QVERIFY(extracted.wait(240000));
        QVERIFY2(extracted.first().at(0).toBool(), qPrintable(extracted.first().at(1).toString()));
        QVERIFY(!window.isBusy());
        QVERIFY(table->extractionId() != 0);

        // One row per stored value (read back independently of the view).
        const radiomics::ParameterSet params = radiomics::loadParameterSet("ibsi-config-C");
        storage::Database db(std::filesystem::path(dbPath.toStdU16String()));
        storage::FeatureRepository repo(db);
        const auto row = repo.find(seriesUid.toStdString(), segmentationId, params.hash);
        QVERIFY(row);
        QCOMPARE(row->id, table->extractionId());
        const auto stored = repo.values(row->id);
        QVERIFY(stored.values.size() > 100);
        QCOMPARE(table->proxyModel()->rowCount(), int(stored.values.size()));
        QCOMPARE(row->valueCount, int(stored.values.size()));

        // Provenance: parameter set name and hash prefix, version, date, user.
        const QString provenance = table->provenanceLabel()->text();
        QVERIFY2(provenance.contains("ibsi-config-C"), qPrintable(provenance));
        QVERIFY2(provenance.contains(QString::fromStdString(params.hash.substr(0, 12))),
                 qPrintable(provenance));
        QVERIFY2(provenance.contains(RGW_VERSION), qPrintable(provenance));
        QVERIFY2(provenance.contains(QString::fromStdString(row->createdAt)),
                 qPrintable(provenance));
        QVERIFY2(provenance.contains(QString::fromStdString(row->createdBy).toHtmlEscaped()),
                 qPrintable(provenance));

        // Volume (mesh) against the IBSI-1 reference of config C.
        const auto references = test::ibsiReferences("morphology", "config_C");
        const auto reference = std::find_if(references.begin(), references.end(),
                                            [](const auto& r) { return r.code == "RNU0"; });
        QVERIFY(reference != references.end());
        QSortFilterProxyModel* model = table->proxyModel();
        const int volumeRow = findRow(*model, "RNU0", "");
        QVERIFY(volumeRow >= 0);
        QCOMPARE(model->index(volumeRow, FeatureTableView::FeatureColumn).data().toString(),
                 QString("Volume (mesh)"));
        const double volume = model->index(volumeRow, FeatureTableView::ValueColumn)
                                  .data(FeatureTableView::SortRole)
                                  .toDouble();
        QVERIFY2(
            reference->matches(volume),
            qPrintable(
                QString("%1 = %2").arg(QString::fromStdString(reference->label())).arg(volume)));

        // Sorting by value (the header click): ascending, then descending, numerically.
        table->tableView()->sortByColumn(FeatureTableView::ValueColumn, Qt::AscendingOrder);
        for (int r = 1; r < model->rowCount(); ++r)
            QVERIFY(model->index(r - 1, FeatureTableView::ValueColumn)
                        .data(FeatureTableView::SortRole)
                        .toDouble() <= model->index(r, FeatureTableView::ValueColumn)
                                           .data(FeatureTableView::SortRole)
                                           .toDouble());
        table->tableView()->sortByColumn(FeatureTableView::ValueColumn, Qt::DescendingOrder);
        for (int r = 1; r < model->rowCount(); ++r)
            QVERIFY(model->index(r - 1, FeatureTableView::ValueColumn)
                        .data(FeatureTableView::SortRole)
                        .toDouble() >= model->index(r, FeatureTableView::ValueColumn)
                                           .data(FeatureTableView::SortRole)
                                           .toDouble());

        // The filter box narrows the rows; clearing it restores them.
        table->filterEdit()->setText("RNU0");
        QCOMPARE(model->rowCount(), 1);
        table->filterEdit()->clear();
        QCOMPARE(model->rowCount(), int(stored.values.size()));

        // Export CSV (the file dialog bypassed): header and one line per row.
        const QString csvPath = QString::fromStdString((temp.path() / "features.csv").string());
        table->exportCsv(csvPath);
        std::ifstream in(temp.path() / "features.csv");
        QVERIFY(in.good());
        std::string line;
        std::getline(in, line);
        QCOMPARE(QString::fromStdString(line),
                 QString("family,feature,ibsi_code,aggregation,value,unit,missing_reason"));
        int lines = 0;
        while (std::getline(in, line))
            lines += !line.empty();
        QCOMPARE(lines, model->rowCount());
        // The exported values read back are the stored ones (as a multiset of codes).
        std::ostringstream text;
        text << std::ifstream(temp.path() / "features.csv").rdbuf();
        const auto readBack = radiomics::readFeatureCsv(text.str(), csvPath.toStdString());
        QCOMPARE(readBack.values.size(), stored.values.size());

        // Selecting the series and back: the stored features are shown again.
        window.browser()->setCurrentItem(gtv->parent());
        QCOMPARE(table->extractionId(), storage::Id(0));
        window.browser()->setCurrentItem(gtv);
        QCOMPARE(table->extractionId(), row->id);
        QCOMPARE(model->rowCount(), int(stored.values.size()));

        // Whole cohort with the same preset: the pair is already stored, nothing recomputed.
        extracted.clear();
        window.startCohortExtraction("ibsi-config-C", 2);
        QVERIFY(window.isBusy());
        QVERIFY(extracted.wait(240000));
        QVERIFY2(extracted.first().at(0).toBool(), qPrintable(extracted.first().at(1).toString()));
        QVERIFY2(extracted.first().at(1).toString().contains("1 pair(s), 0 extracted, 1 already"),
                 qPrintable(extracted.first().at(1).toString()));
        QCOMPARE(table->extractionId(), row->id);

        // Another preset is another extraction; the selected pair shows the newest one.
        extracted.clear();
        window.startCohortExtraction("ibsi-config-B", 1);
        QVERIFY(extracted.wait(240000));
        QVERIFY2(extracted.first().at(0).toBool(), qPrintable(extracted.first().at(1).toString()));
        const auto rowB = repo.find(seriesUid.toStdString(), segmentationId,
                                    radiomics::loadParameterSet("ibsi-config-B").hash);
        QVERIFY(rowB);
        QCOMPARE(table->extractionId(), rowB->id);
        QVERIFY(table->provenanceLabel()->text().contains("ibsi-config-B"));
        const auto referenceB = test::ibsiReferences("morphology", "config_B");
        const auto volumeB = std::find_if(referenceB.begin(), referenceB.end(),
                                          [](const auto& r) { return r.code == "RNU0"; });
        QVERIFY(volumeB != referenceB.end());
        const int rowVolumeB = findRow(*model, "RNU0", "");
        QVERIFY(rowVolumeB >= 0);
        QVERIFY(volumeB->matches(model->index(rowVolumeB, FeatureTableView::ValueColumn)
                                     .data(FeatureTableView::SortRole)
                                     .toDouble()));

        // A bad parameter file is refused with a message naming it; nothing runs.
        extracted.clear();
        window.startFeatureExtraction("/nonexistent/params.yaml", 1);
        QCOMPARE(extracted.size(), 1);
        QVERIFY(!extracted.first().at(0).toBool());
        QVERIFY2(window.lastError().contains("/nonexistent/params.yaml"),
                 qPrintable(window.lastError()));
        QVERIFY(!window.isBusy());
    }
};

QTEST_MAIN(FeatureExtractionTest)
#include "test_feature_extraction.moc"
