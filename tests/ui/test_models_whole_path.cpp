// Issue #13's whole path through the real main window under Xvfb, as a
// researcher clicks it: the demo cohort imported (DICOM and its genomic
// study), features of the whole cohort extracted with ct-default, a named
// cohort saved from a filter on the cohort page and split, a Cox model of
// overall survival trained on the Models page from that cohort's radiomic features (the parameter
// set offered by the page), stored, scored from the cohort page through the Models menu, and the
// predictions shown in the patient table — the numbers the database holds, from features of the
// parameter set the model names. The model file is then imported into a second database through
// Models > Import model file and scores there to the same numbers.
#include "CohortPage.h"
#include "CohortScoringPanel.h"
#include "CohortSplitting.h"
#include "Database.h"
#include "DemoWindow.h"
#include "FeatureRepository.h"
#include "FilterBuilder.h"
#include "MainWindow.h"
#include "ModelRepository.h"
#include "PatientTableModel.h"
#include "ScorePatientsDialog.h"
#include "TestData.h"
#include "WidgetLookup.h"
#include "modeling/ModelFile.h"
#include "models/ModelBuilderPage.h"
#include "models/ModelResultsView.h"
#include "radiomics/ParameterSet.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <map>

using namespace rgw;

namespace {

/// The radiomic features the model is trained on (ct-default computes them).
const QStringList kFeatures = {"intensity_statistics.mean_intensity", "morphology.volume_mesh"};

/// Closes the import report and any message box the window left open.
void closeReports(ui::MainWindow& window) {
    for (QWidget* top : QApplication::topLevelWidgets())
        if (top != &window && top->isVisible() && top->isWindow())
            top->close();
    for (QDialog* dialog : window.findChildren<QDialog*>())
        dialog->close();
}

/// The patient id -> stored score of `modelId` in `file`.
std::map<std::string, double> storedScores(const std::filesystem::path& file,
                                           const QString& modelId) {
    storage::Database db(file);
    std::map<std::string, double> scores;
    for (const auto& p :
         storage::predictionsForModel(db, storage::findModel(db, modelId.toStdString())))
        scores.emplace(p.patientId, p.score);
    return scores;
}

} // namespace

class ModelsWholePathTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName("RadiogenomicsTest");
        QApplication::setApplicationName("test_models_whole_path");
        QSettings().clear();
    }

    void extractCohortTrainStoreScore();

private:
    /// Scores the cohort page's cohort with `modelId` through Models > Score
    /// patients and its dialog; true when the scoring succeeded.
    static bool scoreFromTheMenu(ui::MainWindow& window, const QString& modelId);
    /// Prediction column of the cohort page's table equals `expected`.
    static void checkShownScores(ui::CohortPage& page, const QString& modelName,
                                 const std::map<std::string, double>& expected);
};

bool ModelsWholePathTest::scoreFromTheMenu(ui::MainWindow& window, const QString& modelId) {
    QAction* score = window.findChild<QAction*>("scorePatientsAction");
    if (!score || !score->isEnabled())
        return false;
    ui::CohortPage* page = window.cohortPage();
    QSignalSpy finished(page->scoringPanel(), &ui::CohortScoringPanel::scoringFinished);
    score->trigger();
    auto* dialog = test::visibleChild<ui::ScorePatientsDialog>(page, "scorePatientsDialog");
    if (!dialog || !dialog->selectModel(modelId))
        return false;
    dialog->accept();
    if (!finished.wait(120000))
        return false;
    if (!finished.first().at(0).toBool())
        qWarning("%s", qPrintable(finished.first().at(1).toString()));
    return finished.first().at(0).toBool();
}

void ModelsWholePathTest::checkShownScores(ui::CohortPage& page, const QString& modelName,
                                           const std::map<std::string, double>& expected) {
    ui::PatientTableModel* table = page.model();
    QVERIFY(table->predictions());
    int shown = 0;
    for (int r = 0; r < table->rowCount(); ++r) {
        const auto found = expected.find(table->patientId(r).toStdString());
        if (found == expected.end())
            continue;
        ++shown;
        QCOMPARE(table->data(table->index(r, table->scoreColumn()), ui::PatientTableModel::SortRole)
                     .toDouble(),
                 found->second);
        QCOMPARE(table->data(table->index(r, table->scoreColumn() + 2)).toString(), modelName);
    }
    QCOMPARE(shown, static_cast<int>(expected.size()));
}

void ModelsWholePathTest::extractCohortTrainStoreScore() {
    test::TempDir temp;
    const auto file = temp.path() / "cohort.rgwdb";
    ui::MainWindow window;
    // 1-2. The demo cohort (its DICOM and cBioPortal study), then Analysis >
    //      Extract features for whole cohort with ct-default.
    test::openDemoWithFeatures(window, file, temp.path() / "demo-cohort", "ct-default");
    if (QTest::currentTestFailed())
        return;
    const std::string ctDefault = radiomics::loadParameterSet("ct-default").hash;

    // 3. Cohort page: the segmented patients with follow-up saved as a cohort, then split.
    window.showCohortPage(true);
    ui::CohortPage* page = window.cohortPage();
    QTRY_VERIFY_WITH_TIMEOUT(!page->isLoading() && page->patientCount() > 0, 30000);
    page->filterBuilder()->setText("has_segmentation is true and os_time is not missing");
    QSignalSpy created(page, &ui::CohortPage::cohortCreated);
    page->saveAsCohort("followed");
    QVERIFY(created.wait(30000));
    QCOMPARE(created.first().at(0).toString(), QString("followed@1"));
    QTRY_COMPARE_WITH_TIMEOUT(page->selectedCohort(), QString("followed@1"), 10000);
    storage::SplitRequest split;
    split.testFraction = 0.25;
    split.variable = "os_event";
    split.seed = 4;
    QVERIFY2(page->splitSelected(split), qPrintable(page->lastError()));

    // 4. Models page: the new cohort and the parameter set just used are offered.
    window.showModelBuilder();
    ui::ModelBuilderPage* builder = window.modelBuilderPage();
    builder->setInteractive(false);
    QVERIFY(builder->cohortBox()->findText("followed@1") >= 0);
    builder->cohortBox()->setCurrentText("followed@1");
    QCOMPARE(builder->parameterSetBox()->currentText(), QString("ct-default"));
    QSignalSpy loaded(builder, &ui::ModelBuilderPage::tableLoaded);
    builder->loadSelectedCohort();
    QVERIFY(loaded.wait(60000));
    // Overall survival, which the demo study gives every patient (the
    // 24-patient demo has too few EGFR-mutated patients for a classifier).
    builder->kindBox()->setCurrentIndex(builder->kindBox()->findData("cox"));
    builder->timeBox()->setCurrentText("os_time");
    builder->eventBox()->setCurrentText("os_event");
    int checked = 0;
    for (int i = 0; i < builder->featureList()->count(); ++i) {
        QListWidgetItem* item = builder->featureList()->item(i);
        const bool wanted = kFeatures.contains(item->text());
        checked += wanted;
        item->setCheckState(wanted ? Qt::Checked : Qt::Unchecked);
    }
    QCOMPARE(checked, int(kFeatures.size()));
    builder->penaltyBox()->setCurrentIndex(builder->penaltyBox()->findData("ridge"));
    builder->foldsSpin()->setValue(3);
    builder->innerFoldsSpin()->setValue(3);
    builder->nameEdit()->setText("os-whole-path");
    QSignalSpy trained(builder, &ui::ModelBuilderPage::trainingFinished);
    QVERIFY2(builder->startTraining(), qPrintable(builder->lastError()));
    QVERIFY(trained.wait(300000));
    QVERIFY2(trained.first().at(0).toBool(), qPrintable(builder->lastError()));
    const auto& output = builder->resultsView()->output();
    QCOMPARE(output->result.model.training.cohort, std::string("followed@1"));
    QCOMPARE(output->result.model.training.parameterSetHash, ctDefault);
    QVERIFY(output->heldOut.has_value()); // the cohort's test split, scored as new patients
    QSignalSpy stored(builder->resultsView(), &ui::ModelResultsView::modelStored);
    QTest::mouseClick(builder->resultsView()->storeButton(), Qt::LeftButton);
    QCOMPARE(stored.count(), 1);
    const QString modelId = stored.first().at(0).toString();

    // 5. Models > Score patients on the cohort page; the table shows the stored scores.
    window.showCohortPage(true);
    QVERIFY(page->selectCohort("followed@1"));
    QVERIFY(scoreFromTheMenu(window, modelId));
    const auto scores = storedScores(file, modelId);
    QVERIFY(!scores.empty());
    QCOMPARE(page->model()->predictions()->modelId, modelId);
    checkShownScores(*page, "os-whole-path", scores);

    // 6. The same model file imported into a second database (Models >
    //    Import model file) scores its patients to the same numbers.
    const auto modelFile = temp.path() / "os.json";
    modeling::saveModelFile(output->result.model, modelFile);
    const auto second = temp.path() / "second.rgwdb";
    {
        // A consistent copy of the first database (its WAL included).
        storage::Database db(file);
        db.exec("VACUUM INTO '" + second.string() + "'");
    }
    {
        storage::Database db(second);
        db.exec("DELETE FROM predictions");
        db.exec("DELETE FROM models");
    }
    QVERIFY(window.openDatabase(test::qPath(second), false));
    QAction* import = window.findChild<QAction*>("importModelAction");
    QVERIFY(import && import->isEnabled());
    QSignalSpy importedModel(page->scoringPanel(), &ui::CohortScoringPanel::modelImported);
    QVERIFY(page->scoringPanel()->importModelFile(test::qPath(modelFile)));
    QVERIFY(importedModel.wait(30000));
    QVERIFY2(importedModel.first().at(0).toBool(),
             qPrintable(importedModel.first().at(1).toString()));
    QCOMPARE(importedModel.first().at(1).toString(), modelId);
    closeReports(window);
    window.showCohortPage(true);
    QTRY_VERIFY_WITH_TIMEOUT(!page->isLoading(), 30000);
    QVERIFY(page->selectCohort("followed@1"));
    QVERIFY(scoreFromTheMenu(window, modelId));
    QCOMPARE(storedScores(second, modelId), scores);
}

QTEST_MAIN(ModelsWholePathTest)
#include "test_models_whole_path.moc"
