// "Score patients…" on the cohort page, offscreen: the demo's genomic study
// (no DICOM) imported, cohort "demo" created and split, a model trained on it
// by modeling::trainModel and stored through the repository; then, through
// the page: the dialog lists the stored model and fits a 1366x768 screen,
// scoring runs in the background and the patient table's prediction columns
// show exactly storage::predictionsForModel's stored scores and classes; the
// shown model is remembered in QSettings; Cancel leaves no prediction of the
// cancelled model and the others untouched; a failing scoring shows its
// error in a message box and writes nothing; patients refused for missing
// inputs are named with the features they miss.
#include "CohortCreation.h"
#include "CohortPage.h"
#include "CohortScoringPanel.h"
#include "CohortSplitting.h"
#include "Database.h"
#include "GenomicsImport.h"
#include "ModelRepository.h"
#include "PatientTableModel.h"
#include "ScorePatientsDialog.h"
#include "TaskProgress.h"
#include "TestData.h"
#include "WidgetLookup.h"
#include "demo/DemoGenomics.h"
#include "demo/DemoPhantom.h"
#include "genomics/GenomicSource.h"
#include "modeling/ModelEvaluation.h"
#include "modeling/ModelFile.h"
#include "modeling/Training.h"
#include "models/ModelBuilderPage.h"
#include "models/ModelResultsView.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QThreadPool>
#include <fstream>
#include <map>
#include <memory>

using namespace rgw;

namespace {

constexpr std::uint32_t kSeed = 1;
constexpr int kPatients = 40;

} // namespace

class CohortScoringPageTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void scoresTheCohortAndShowsTheStoredPredictions();
    void cancelLeavesNothingHalfWritten();
    void showsScoringErrorsInAMessageBox();
    void namesRefusedPatientsAndTheirMissingInputs();
    void trainedOnTheModelsPageStoredAndScored();
    void importsAModelFileAndNamesABadOne();

private:
    /// A page on the database, its table read, cohort demo@1 selected.
    std::unique_ptr<ui::CohortPage> openPage();
    /// Scores the page's cohort through the dialog with the model `modelId`.
    bool scoreThroughDialog(ui::CohortPage& page, const QString& modelId);

    std::unique_ptr<test::TempDir> dir_;
    std::filesystem::path file_;
    storage::StoredModel model_, other_, broken_, complete_;
};

void CohortScoringPageTest::initTestCase() {
    QStandardPaths::setTestModeEnabled(true); // keep the user's settings untouched
    QApplication::setOrganizationName("RadiogenomicsTest");
    QApplication::setApplicationName("test_cohort_scoring_page");
    QSettings().clear();
    dir_ = std::make_unique<test::TempDir>();
    file_ = dir_->path() / "cohort.rgwdb";
    storage::Database db(file_);
    std::vector<demo::DemoStudyPatient> patients;
    for (int number = 1; number <= kPatients; ++number)
        patients.push_back(demo::studyPatientOf(demo::makePatientPhantom(kSeed, number), number));
    const auto study = demo::writeGenomicStudy(dir_->path() / "study", kSeed, patients);
    QVERIFY(storage::importGenomicData(db, genomics::readGenomicSource(study.folder)).imported);
    const auto cohort = storage::createCohort(db, {"demo", "", ""}, "tester");
    storage::SplitRequest split;
    split.seed = 4;
    storage::splitCohort(db, cohort, split, "tester");

    // Trained on the cohort as the model builder does, stored as it saves.
    storage::CohortExportOptions options;
    options.cohort = "demo";
    const storage::CohortAnalysisTable input = storage::cohortAnalysisTable(db, options);
    modeling::TrainingRequest request;
    request.name = "egfr";
    request.task.target = "mut_EGFR";
    request.features = {"AGE", "expr_EGFR"};
    request.pipeline.learner.penalty = modeling::Penalty::Ridge;
    request.pipeline.learner.innerFolds = 3;
    request.validation.folds = 3;
    request.validation.threads = 1;
    const modeling::TrainingSource source{"cohort " + input.provenance.cohort,
                                          input.provenance.cohort, ""};
    modeling::TrainedModel trained = modeling::trainModel(input.table, request, source).model;
    model_ = storage::storeModel(db, trained, "tester");
    trained.name = "egfr-second";
    other_ = storage::storeModel(db, trained, "tester");
    // Without imputation: patients missing AGE or expr_EGFR are refused.
    modeling::TrainedModel complete = trained;
    complete.name = "egfr-complete-inputs";
    complete.pipeline.spec.preprocessing.imputation = modeling::Imputation::None;
    complete.pipeline.preprocessing.imputation = modeling::Imputation::None;
    complete_ = storage::storeModel(db, complete, "tester");
    // Features of a parameter set this database does not hold: refused.
    trained.name = "egfr-other-features";
    trained.training.parameterSetHash = std::string(64, 'a');
    broken_ = storage::storeModel(db, trained, "tester");
}

std::unique_ptr<ui::CohortPage> CohortScoringPageTest::openPage() {
    auto page = std::make_unique<ui::CohortPage>();
    page->resize(1366, 700);
    page->show();
    page->setDatabase(file_);
    if (!QTest::qWaitFor([&] { return !page->isLoading() && page->patientCount() == kPatients; },
                         20000))
        return nullptr;
    if (!page->selectCohort("demo@1"))
        return nullptr;
    return page;
}

bool CohortScoringPageTest::scoreThroughDialog(ui::CohortPage& page, const QString& modelId) {
    page.scoreAction()->trigger();
    auto* dialog = test::visibleChild<ui::ScorePatientsDialog>(&page, "scorePatientsDialog");
    if (!dialog)
        return false;
    // Every stored model is listed; the dialog fits a 1366x768 laptop screen.
    [&] {
        storage::Database db(file_);
        QCOMPARE(dialog->modelTable()->rowCount(),
                 static_cast<int>(storage::listModels(db).size()));
        QVERIFY(dialog->size().width() <= 1366 && dialog->size().height() <= 768);
        QVERIFY(dialog->minimumSizeHint().width() <= 1366);
        QVERIFY(dialog->minimumSizeHint().height() <= 768);
        QVERIFY(dialog->selectModel(modelId));
    }();
    if (QTest::currentTestFailed())
        return false;
    dialog->accept();
    return true;
}

void CohortScoringPageTest::scoresTheCohortAndShowsTheStoredPredictions() {
    auto page = openPage();
    QVERIFY(page);
    ui::CohortScoringPanel* panel = page->scoringPanel();
    QVERIFY(!panel->scoreAction()->toolTip().isEmpty());
    QVERIFY(!panel->scoreAction()->shortcut().isEmpty());
    QVERIFY(!page->model()->predictions());
    const int columnsBefore = page->model()->columnCount();

    QSignalSpy finished(panel, &ui::CohortScoringPanel::scoringFinished);
    QVERIFY(scoreThroughDialog(*page, QString::fromStdString(model_.modelId)));
    QVERIFY(panel->isBusy());
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));

    // The table shows the scored model's stored predictions.
    ui::PatientTableModel* model = page->model();
    QVERIFY(model->predictions());
    QCOMPARE(model->predictions()->modelId, QString::fromStdString(model_.modelId));
    QCOMPARE(model->columnCount(), columnsBefore + ui::PatientTableModel::PredictionColumnCount);
    QCOMPARE(QSettings().value("cohortPage/predictionModel").toString(),
             QString::fromStdString(model_.modelId));
    storage::Database db(file_);
    std::map<std::string, storage::StoredPrediction> stored;
    for (auto& p : storage::predictionsForModel(db, model_))
        stored.emplace(p.patientId, std::move(p));
    QVERIFY(!stored.empty());
    const int score = model->scoreColumn();
    int shown = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const auto found = stored.find(model->patientId(row).toStdString());
        const QVariant value =
            model->data(model->index(row, score), ui::PatientTableModel::SortRole);
        const QString group = model->data(model->index(row, score + 1)).toString();
        if (found == stored.end()) {
            QVERIFY(model->data(model->index(row, score)).toString().isEmpty());
            continue;
        }
        ++shown;
        QCOMPARE(value.toDouble(), found->second.score); // exactly the stored number
        QCOMPARE(group, QString::fromStdString(found->second.predictedClass));
        QCOMPARE(model->data(model->index(row, score + 2)).toString(), QString("egfr"));
    }
    QCOMPARE(shown, static_cast<int>(stored.size()));
    QCOMPARE(model->headerData(score, Qt::Horizontal).toString(), QString("score"));

    // Another page (the next launch) shows the remembered model's columns;
    // choosing "(none)" hides them.
    auto again = openPage();
    QVERIFY(again);
    QTRY_VERIFY(again->model()->predictions().has_value());
    QCOMPARE(again->model()->predictions()->byPatient.size(), stored.size());
    QVERIFY(again->scoringPanel()->showPredictionsOf(QString()));
    QVERIFY(!again->model()->predictions());
    QSettings().setValue("cohortPage/predictionModel", QString::fromStdString(model_.modelId));
}

void CohortScoringPageTest::cancelLeavesNothingHalfWritten() {
    auto page = openPage();
    QVERIFY(page);
    storage::Database db(file_);
    const auto before = storage::predictionsForModel(db, model_);
    ui::CohortScoringPanel* panel = page->scoringPanel();
    QSignalSpy finished(panel, &ui::CohortScoringPanel::scoringFinished);
    // The scoring job waits in the thread pool while every worker is held,
    // so Cancel is clicked before it has read anything (the storage test
    // cancels one while the cohort table is read).
    QThreadPool* pool = QThreadPool::globalInstance();
    QSemaphore release;
    for (int n = 0; n < pool->maxThreadCount(); ++n)
        pool->start([&release] { release.acquire(); });
    QVERIFY(panel->score(other_));
    QPushButton* cancel = panel->progress()->cancelButton();
    QVERIFY(cancel->isVisible() && cancel->isEnabled());
    cancel->click(); // no event processing (painting) while the pool is held
    release.release(pool->maxThreadCount());
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    QCOMPARE(finished.first().at(1).toString(), QString("cancelled"));
    QVERIFY(!panel->isBusy());
    QVERIFY(!panel->progress()->isVisible());
    QVERIFY(page->scoreAction()->isEnabled());
    QVERIFY(storage::predictionsForModel(db, other_).empty());
    const auto after = storage::predictionsForModel(db, model_);
    QCOMPARE(after.size(), before.size());
    for (std::size_t n = 0; n < after.size(); ++n) {
        QCOMPARE(after[n].score, before[n].score);
        QCOMPARE(after[n].scoredUtc, before[n].scoredUtc);
    }
}

void CohortScoringPageTest::showsScoringErrorsInAMessageBox() {
    auto page = openPage();
    QVERIFY(page);
    ui::CohortScoringPanel* panel = page->scoringPanel();
    QSignalSpy finished(panel, &ui::CohortScoringPanel::scoringFinished);
    QVERIFY(scoreThroughDialog(*page, QString::fromStdString(broken_.modelId)));
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    auto* box = test::visibleChild<QMessageBox>(panel, "scoringMessageBox");
    QVERIFY(box);
    QVERIFY2(box->text().contains("aaaaaaaaaaaa"), qPrintable(box->text()));
    QVERIFY(box->text().contains("egfr-other-features"));
    QCOMPARE(panel->lastError(), box->text());
    box->done(QMessageBox::Ok);
    storage::Database db(file_);
    QVERIFY(storage::predictionsForModel(db, broken_).empty());
}

void CohortScoringPageTest::namesRefusedPatientsAndTheirMissingInputs() {
    auto page = openPage();
    QVERIFY(page);
    ui::CohortScoringPanel* panel = page->scoringPanel();
    QSignalSpy finished(panel, &ui::CohortScoringPanel::scoringFinished);
    QVERIFY(panel->score(complete_));
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    auto* box = test::visibleChild<QMessageBox>(panel, "scoringMessageBox");
    QVERIFY(box);
    QVERIFY2(box->text().contains("could not be scored"), qPrintable(box->text()));
    QVERIFY(box->text().contains("DEMO-"));
    QVERIFY(box->text().contains("AGE") || box->text().contains("expr_EGFR"));
    box->done(QMessageBox::Ok);
    // The refused patients have no prediction shown; the scored ones do.
    storage::Database db(file_);
    QCOMPARE(page->model()->predictions()->byPatient.size(),
             storage::predictionsForModel(db, complete_).size());
    QVERIFY(page->model()->predictions()->byPatient.size() < static_cast<std::size_t>(kPatients));
}

// The GUI's own path (issue #13 §7): a model trained on the Models page from
// the named cohort, stored with its button, scored from the cohort page, its
// predictions shown there — the numbers the database holds.
void CohortScoringPageTest::trainedOnTheModelsPageStoredAndScored() {
    ui::ModelBuilderPage builder;
    builder.setInteractive(false);
    builder.setDatabase(file_); // offers demo@1, the database's cohort
    QSignalSpy loaded(&builder, &ui::ModelBuilderPage::tableLoaded);
    builder.loadSelectedCohort();
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 30000);
    builder.targetBox()->setCurrentText("mut_EGFR");
    for (int i = 0; i < builder.featureList()->count(); ++i) {
        QListWidgetItem* item = builder.featureList()->item(i);
        const bool wanted = item->text() == "AGE" || item->text() == "expr_EGFR";
        item->setCheckState(wanted ? Qt::Checked : Qt::Unchecked);
    }
    builder.foldsSpin()->setValue(3);
    builder.innerFoldsSpin()->setValue(3);
    builder.nameEdit()->setText("egfr-from-the-page");
    QSignalSpy trained(&builder, &ui::ModelBuilderPage::trainingFinished);
    QVERIFY2(builder.startTraining(), qPrintable(builder.lastError()));
    QVERIFY(trained.wait(120000));
    QVERIFY2(trained.first().at(0).toBool(), qPrintable(builder.lastError()));
    // Evaluated on the cohort's held-out test split as new patients are.
    const auto& output = builder.resultsView()->output();
    QVERIFY2(output->heldOut.has_value(), output->heldOutNote.c_str());
    const modeling::ModelEvaluation direct =
        modeling::evaluateModel(output->result.model, *builder.table()->table, {""});
    QCOMPARE(output->heldOut->rowsUsed, std::string("the test split"));
    QCOMPARE(output->heldOut->rowsThatTrainedTheModel, std::size_t{0});
    QVERIFY(output->heldOut->evaluation.binary && direct.evaluation.binary);
    QCOMPARE(output->heldOut->evaluation.binary->auc.auc, direct.evaluation.binary->auc.auc);
    QVERIFY(builder.resultsView()->heldOutLabel()->text().startsWith("AUC "));
    QSignalSpy stored(builder.resultsView(), &ui::ModelResultsView::modelStored);
    QTest::mouseClick(builder.resultsView()->storeButton(), Qt::LeftButton);
    QCOMPARE(stored.count(), 1);
    const QString id = stored.first().at(0).toString();

    auto page = openPage();
    QVERIFY(page);
    QSignalSpy finished(page->scoringPanel(), &ui::CohortScoringPanel::scoringFinished);
    QVERIFY(scoreThroughDialog(*page, id));
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    ui::PatientTableModel* model = page->model();
    QVERIFY(model->predictions());
    QCOMPARE(model->predictions()->modelId, id);
    storage::Database db(file_);
    const storage::StoredModel row = storage::findModel(db, id.toStdString());
    std::map<std::string, double> scores;
    for (const auto& p : storage::predictionsForModel(db, row))
        scores.emplace(p.patientId, p.score);
    QVERIFY(!scores.empty());
    int shown = 0;
    for (int r = 0; r < model->rowCount(); ++r) {
        const auto found = scores.find(model->patientId(r).toStdString());
        if (found == scores.end())
            continue;
        ++shown;
        QCOMPARE(model->data(model->index(r, model->scoreColumn()), ui::PatientTableModel::SortRole)
                     .toDouble(),
                 found->second);
        QCOMPARE(model->data(model->index(r, model->scoreColumn() + 2)).toString(),
                 QString("egfr-from-the-page"));
    }
    QCOMPARE(shown, static_cast<int>(scores.size()));
}

// Models > Import model file: a file written elsewhere is stored off the GUI
// thread and offered for scoring; a damaged one is refused with a message
// naming the file and leaves the stored models as they were.
void CohortScoringPageTest::importsAModelFileAndNamesABadOne() {
    auto page = openPage();
    QVERIFY(page);
    ui::CohortScoringPanel* panel = page->scoringPanel();
    QVERIFY(page->importModelAction()->isEnabled());
    modeling::TrainedModel model;
    std::size_t before = 0;
    {
        storage::Database db(file_);
        model = storage::loadStoredModel(db, model_);
        before = storage::listModels(db).size();
    }
    model.name = "egfr-from-a-colleague";
    const auto good = dir_->path() / "colleague.json";
    modeling::saveModelFile(model, good);
    QSignalSpy imported(panel, &ui::CohortScoringPanel::modelImported);
    QVERIFY(panel->importModelFile(QString::fromStdString(good.string())));
    QVERIFY(panel->isBusy());
    QVERIFY(!page->importModelAction()->isEnabled());
    QVERIFY(imported.wait(30000));
    QVERIFY2(imported.first().at(0).toBool(), qPrintable(imported.first().at(1).toString()));
    const QString id = imported.first().at(1).toString();
    auto* box = test::visibleChild<QMessageBox>(panel, "scoringMessageBox");
    QVERIFY(box);
    QVERIFY2(box->text().contains("egfr-from-a-colleague"), qPrintable(box->text()));
    box->done(QMessageBox::Ok);
    {
        storage::Database db(file_);
        QCOMPARE(storage::listModels(db).size(), before + 1);
        QCOMPARE(QString::fromStdString(storage::findModel(db, "egfr-from-a-colleague").modelId),
                 id);
    }

    // One byte of a coefficient changed: the content id no longer matches.
    std::string text = modeling::modelToJson(model);
    const auto at = text.find("\"beta\"");
    QVERIFY(at != std::string::npos);
    const auto digit = text.find_first_of("123456789", at);
    text[digit] = text[digit] == '9' ? '8' : '9';
    const auto bad = dir_->path() / "damaged.json";
    std::ofstream(bad, std::ios::binary) << text;
    imported.clear();
    QVERIFY(panel->importModelFile(QString::fromStdString(bad.string())));
    QVERIFY(imported.wait(30000));
    QCOMPARE(imported.first().at(0).toBool(), false);
    box = test::visibleChild<QMessageBox>(panel, "scoringMessageBox");
    QVERIFY(box);
    QVERIFY2(box->text().contains("damaged.json"), qPrintable(box->text()));
    QCOMPARE(panel->lastError(), box->text());
    box->done(QMessageBox::Ok);
    storage::Database db(file_);
    QCOMPARE(storage::listModels(db).size(), before + 1);
}

QTEST_MAIN(CohortScoringPageTest)
#include "test_cohort_scoring_page.moc"
