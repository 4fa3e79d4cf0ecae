// The model builder page (issue #13 §6): defaults of the validated protocol,
// training through the page's worker with the numbers of a direct
// modeling::trainModel call, cancel, saving, and the 1366x768 fit; the
// non-linear learners (options, importance chart), the multivariate
// selection steps, ComBat's options and their remembered choices.

#include "CohortRepositories.h"
#include "Database.h"
#include "ModelBuilderTesting.h"
#include "ModelRepository.h"
#include "NamedCohorts.h"
#include "TaskProgress.h"
#include "modeling/ModelFile.h"
#include "modeling/TaskData.h"
#include "models/LearnerChoice.h"
#include "models/ModelBuilderPage.h"
#include "models/ModelCharts.h"
#include "models/ModelResultsView.h"
#include "models/NomogramView.h"
#include "models/RadScoreChoice.h"
#include "models/SelectionStepsChoice.h"
#include "models/StabilityChoice.h"
#include "stats/DataTable.h"
#include "util/Error.h"
#include "util/Random.h"

#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <cmath>

using namespace rgw;
using rgw::ui::ModelBuilderPage;

namespace {

constexpr int kTrainTimeoutMs = 240000;

/// 120 patients, six features of which only f1 carries the outcome: a binary
/// outcome (logistic in f1) and a survival time (exponential, rate exp(f1))
/// with administrative censoring at 3.
void writeTable(const QString& file) {
    Rng rng(20261205);
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Text));
    QTextStream s(&out);
    s << "patient_id,site,f1,f2,f3,f4,f5,f6,outcome,time,event\n";
    for (int i = 0; i < 120; ++i) {
        double f[6];
        for (double& v : f)
            v = rng.uniform(-2.0, 2.0);
        const double p = 1.0 / (1.0 + std::exp(-2.5 * f[0]));
        const int outcome = rng.uniform() < p ? 1 : 0;
        const double t = -std::log(1.0 - rng.uniform()) / std::exp(f[0]);
        const bool died = t < 3.0;
        s << "P" << i << ",A";
        for (const double v : f)
            s << "," << QString::number(v, 'g', 17);
        s << "," << outcome << "," << QString::number(died ? t : 3.0, 'g', 17) << ","
          << (died ? 1 : 0) << "\n";
    }
}

/// The nomogram's total points of each training row against the model's own
/// prediction: the logistic probability, or the Cox linear predictor up to
/// the nomogram's centring (compared as differences from the first row).
/// Returns the largest difference.
double nomogramAgainstModel(const ui::TrainingOutput& output, const stats::DataTable& table) {
    const modeling::TrainedModel& m = output.result.model;
    const modeling::Nomogram nomogram(*output.nomogram);
    modeling::ModelTask task = m.task;
    const auto rows = modeling::taskRows(table, task, std::nullopt);
    const modeling::PipelineData data =
        modeling::taskData(table, task, m.pipeline.inputFeatures, rows, true);
    const modeling::Prediction p = modeling::predictPipeline(m.pipeline, data);
    double worst = 0, first = 0;
    for (Eigen::Index i = 0; i < data.x.rows(); ++i) {
        std::vector<double> values;
        for (const auto& name : m.pipeline.model.features) {
            const auto at = std::find(data.features.begin(), data.features.end(), name);
            values.push_back(data.x(i, at - data.features.begin()));
        }
        const double points = nomogram.totalPoints(values);
        if (m.task.kind == modeling::ModelKind::Logistic) {
            worst = std::max(worst, std::abs(nomogram.probabilityAt(points) - p.score(i)));
        } else {
            const double shift = nomogram.lpAt(points) - p.score(i);
            if (i == 0)
                first = shift;
            worst = std::max(worst, std::abs(shift - first));
        }
    }
    return worst;
}

QStringList comboData(const QComboBox* box) {
    QStringList out;
    for (int i = 0; i < box->count(); ++i)
        out << box->itemData(i).toString();
    return out;
}

void choose(QComboBox* box, const QString& data) {
    const int i = box->findData(data);
    QVERIFY2(i >= 0, qPrintable(data));
    box->setCurrentIndex(i);
}

QString chartTitle(QWidget* tab) {
    auto* view = qobject_cast<QChartView*>(tab);
    return view ? view->chart()->title() : QString();
}

} // namespace

class TestModelBuilder : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void defaultsAreTheValidatedProtocol();
    void trainsLogisticWithTheNumbersOfTrainModel();
    void trainsCoxWithKaplanMeierAndNomogram();
    void showsTrainingErrors();
    void cancelStopsALongRunAndLeavesThePageUsable();
    void fitsALaptopScreen();
    void readsANamedCohortOnItsOwnConnection();
    void chosenLearnerReachesTheRequest();
    void trainsALearnerWithItsImportanceChart();
    void selectionStepsAndComBatReachTheRequest();
    void remembersTheLearnerStepsAndComBat();
    void storesTheTrainedModelInTheDatabase();
    void stabilityFilterReadsTheRepeatsTable();
    void radScorePlusClinicalModelWithItsNomogram();

private:
    /// A page with the synthetic table loaded.
    void loadTable(ModelBuilderPage& page);
    /// Target "outcome"; time and event are not candidates.
    static void chooseBinaryTarget(ModelBuilderPage& page);

    QTemporaryDir dir_;
    QString csv_;
};

void TestModelBuilder::initTestCase() {
    QStandardPaths::setTestModeEnabled(true); // keep the user's settings untouched
    QApplication::setOrganizationName("RadiogenomicsTest");
    QApplication::setApplicationName("test_model_builder");
    QSettings().clear();
    QVERIFY(dir_.isValid());
    csv_ = dir_.filePath("table.csv");
    writeTable(csv_);
}

void TestModelBuilder::loadTable(ModelBuilderPage& page) {
    page.setInteractive(false);
    QSignalSpy loaded(&page, &ModelBuilderPage::tableLoaded);
    page.loadCsv(csv_);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 30000);
    QCOMPARE(loaded.at(0).at(0).toInt(), 120);
}

void TestModelBuilder::chooseBinaryTarget(ModelBuilderPage& page) {
    page.targetBox()->setCurrentText("outcome");
    for (int i = 0; i < page.featureList()->count(); ++i)
        if (page.featureList()->item(i)->text() == "time" ||
            page.featureList()->item(i)->text() == "event")
            page.featureList()->item(i)->setCheckState(Qt::Unchecked);
}

void TestModelBuilder::defaultsAreTheValidatedProtocol() {
    QSettings().clear();
    ModelBuilderPage page;
    QCOMPARE(page.kindBox()->currentData().toString(), QString("logistic"));
    QCOMPARE(page.penaltyBox()->currentData().toString(), QString("lasso"));
    QCOMPARE(page.lambdaRuleBox()->currentData().toString(), QString("min"));
    QCOMPARE(page.innerFoldsSpin()->value(), 10);
    QCOMPARE(page.imputationBox()->currentData().toString(), QString("median"));
    QVERIFY(page.zScoreBox()->isChecked());
    QVERIFY(!page.combatBox()->isChecked());
    QVERIFY(!page.nearZeroVarianceBox()->isChecked());
    QVERIFY(!page.correlationBox()->isChecked());
    QVERIFY(!page.fdrBox()->isChecked());
    QVERIFY(!page.topBox()->isChecked());
    QCOMPARE(page.foldsSpin()->value(), 5);
    QCOMPARE(page.repeatsSpin()->value(), 1);
    QCOMPARE(page.seedSpin()->value(), 1);
    QVERIFY(!page.optimismBox()->isChecked());
    QCOMPARE(page.bootstrapsSpin()->value(), 200);
    QVERIFY(!page.trainButton()->isEnabled());  // no table yet
    QVERIFY(!page.pageTabs()->isTabEnabled(1)); // no results yet
    QVERIFY_THROWS_EXCEPTION(rgw::Error, page.request());

    loadTable(page);
    QVERIFY(page.trainButton()->isEnabled());
    page.targetBox()->setCurrentText("outcome");
    // Candidates: every numeric column but the response (f1..f6, time, event).
    QStringList shown;
    for (int i = 0; i < page.featureList()->count(); ++i) {
        QCOMPARE(page.featureList()->item(i)->checkState(), Qt::Checked);
        shown << page.featureList()->item(i)->text();
    }
    QCOMPARE(shown, QStringList({"f1", "f2", "f3", "f4", "f5", "f6", "time", "event"}));
    // The same defaults as rgw-cli model train.
    const modeling::TrainingRequest r = page.request();
    QCOMPARE(r.pipeline.learner.penalty, modeling::Penalty::Lasso);
    QCOMPARE(r.pipeline.learner.lambdaRule, modeling::LambdaRule::Min);
    QCOMPARE(r.pipeline.learner.innerFolds, 10);
    QCOMPARE(r.pipeline.preprocessing.imputation, modeling::Imputation::Median);
    QVERIFY(r.pipeline.preprocessing.zScore);
    QVERIFY(r.pipeline.selection.empty());
    QVERIFY(!r.pipeline.combat);
    QCOMPARE(r.validation.folds, 5);
    QCOMPARE(r.validation.repeats, 1);
    QCOMPARE(r.validation.seed, std::uint64_t(1));
    QVERIFY(!r.optimism);
    // The filter hides, select none unchecks only what is shown.
    page.featureFilter()->setText("f");
    QVERIFY(page.featureList()->item(6)->isHidden());
    page.featureFilter()->clear();
    QVERIFY(!page.featureList()->item(6)->isHidden());

    // Options reach the request.
    page.correlationBox()->setChecked(true);
    page.correlationSpin()->setValue(0.8);
    page.topBox()->setChecked(true);
    page.topSpin()->setValue(3);
    page.nearZeroVarianceBox()->setChecked(true);
    page.penaltyBox()->setCurrentIndex(page.penaltyBox()->findData("elastic-net"));
    page.alphaSpin()->setValue(0.3);
    const modeling::TrainingRequest o = page.request();
    QCOMPARE(o.pipeline.selection.size(), std::size_t(3));
    QCOMPARE(o.pipeline.selection[0].kind, modeling::SelectionKind::NearZeroVariance);
    QCOMPARE(o.pipeline.selection[1].threshold, 0.8);
    QCOMPARE(o.pipeline.selection[2].maxFeatures, 3);
    QCOMPARE(o.pipeline.selection[2].threshold, 0.0); // no FDR cut without the box
    QCOMPARE(o.pipeline.learner.penalty, modeling::Penalty::ElasticNet);
    QCOMPARE(*o.pipeline.learner.alpha, 0.3);
}

void TestModelBuilder::trainsLogisticWithTheNumbersOfTrainModel() {
    QSettings().clear();
    ModelBuilderPage page;
    page.resize(1280, 680);
    loadTable(page);
    chooseBinaryTarget(page);
    page.seedSpin()->setValue(7);
    page.repeatsSpin()->setValue(2);
    page.optimismBox()->setChecked(true);
    page.bootstrapsSpin()->setValue(10);
    page.nameEdit()->setText("f1-model");
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QVERIFY(page.grab().save("/tmp/rgw-model-builder.png"));

    const modeling::TrainingRequest request = page.request();
    QCOMPARE(request.features.size(), std::size_t(6));
    QVERIFY(rgw::test::trainToTheEnd(page, kTrainTimeoutMs));
    QCOMPARE(page.pageTabs()->currentWidget(), page.resultsView());

    // The same request, trained directly.
    const modeling::TrainingResult direct =
        modeling::trainModel(*page.table()->table, request, page.table()->source);
    const ui::ModelResultsView* results = page.resultsView();
    const modeling::TrainedModel& shown = results->output()->result.model;
    QCOMPARE(shown.validation.mean, direct.model.validation.mean);
    QCOMPARE(shown.pipeline.model.features, direct.model.pipeline.model.features);
    QVERIFY(results->validationLabel()->text().startsWith(
        QString("AUC %1 ± %2")
            .arg(ui::metricText(direct.validation.meanDiscrimination),
                 ui::metricText(direct.validation.sdDiscrimination))));
    QCOMPARE(results->validationLabel()->text().contains("5-fold × 2, seed 7"), true);
    QCOMPARE(results->decisionLabel()->text(),
             QString("threshold %1 (Youden's J of the out-of-fold training predictions)")
                 .arg(ui::metricText(direct.model.decision.threshold)));
    QVERIFY(results->lambdaLabel()->text().contains(
        QString("λ %1").arg(QString::number(direct.model.pipeline.model.lambda, 'g', 4))));
    QVERIFY(results->featuresLabel()->text().contains("f1"));
    const auto& b = *direct.crossValidated.binary;
    QVERIFY(results->crossValidatedLabel()->text().startsWith(
        QString("AUC %1 (95 % CI %2–%3, DeLong)")
            .arg(ui::metricText(b.auc.auc), ui::metricText(b.auc.lower),
                 ui::metricText(b.auc.upper))));
    // Optimism table: one row per index with the direct numbers.
    QVERIFY(direct.optimism);
    QCOMPARE(results->optimismTable()->rowCount(), int(direct.optimism->indices.size()));
    QCOMPARE(results->optimismTable()->item(0, 5)->text(),
             ui::metricText(direct.optimism->indices[0].corrected));

    QCOMPARE(results->tabTitles(), QStringList({"Summary", "ROC", "Calibration", "Decision curve",
                                                "Coefficients", "Nomogram"}));
    QTabWidget* tabs = results->tabs();
    QCOMPARE(chartTitle(tabs->widget(1)),
             QString("ROC — AUC %1 (95 % CI %2–%3, DeLong)")
                 .arg(ui::metricText(b.auc.auc), ui::metricText(b.auc.lower),
                      ui::metricText(b.auc.upper)));
    QVERIFY(chartTitle(tabs->widget(2))
                .contains(QString("slope %1").arg(ui::metricText(b.calibration.slope))));
    QVERIFY(results->nomogramView()->hasNomogram());
    const double nomogramError = nomogramAgainstModel(*results->output(), *page.table()->table);
    qInfo("nomogram vs model probability: max |difference| %.3g", nomogramError);
    QVERIFY(nomogramError < 1e-9);
    tabs->setCurrentIndex(1);
    QApplication::processEvents();
    QVERIFY(page.grab().save("/tmp/rgw-model-results.png"));
    tabs->setCurrentIndex(5);
    QApplication::processEvents();
    QVERIFY(page.grab().save("/tmp/rgw-model-nomogram.png"));
    tabs->setCurrentIndex(0);
    QApplication::processEvents();
    QVERIFY(page.grab().save("/tmp/rgw-model-summary.png"));

    // With every results tab built, the page still fits the laptop screen.
    QVERIFY(page.minimumSizeHint().width() <= 1300 && page.minimumSizeHint().height() <= 700);

    // Save model: the file reads back to the same model.
    const QString file = dir_.filePath("f1-model.json");
    QVERIFY(const_cast<ui::ModelResultsView*>(results)->saveModel(file));
    const modeling::TrainedModel read = modeling::loadModelFile(file.toStdString());
    QCOMPARE(read.name, std::string("f1-model"));
    QCOMPARE(read.pipeline.model.features, shown.pipeline.model.features);
    QCOMPARE(modeling::modelId(read), modeling::modelId(shown));
    QVERIFY(!const_cast<ui::ModelResultsView*>(results)->saveModel(
        dir_.filePath("no-such-folder/x.json")));
    QVERIFY(!results->lastError().isEmpty());
}

void TestModelBuilder::trainsCoxWithKaplanMeierAndNomogram() {
    QSettings().clear();
    ModelBuilderPage page;
    loadTable(page);
    page.kindBox()->setCurrentIndex(page.kindBox()->findData("cox"));
    page.timeBox()->setCurrentText("time");
    page.eventBox()->setCurrentText("event");
    for (int i = 0; i < page.featureList()->count(); ++i)
        if (page.featureList()->item(i)->text() == "outcome")
            page.featureList()->item(i)->setCheckState(Qt::Unchecked);
    const modeling::TrainingRequest request = page.request();
    QCOMPARE(request.task.kind, modeling::ModelKind::Cox);
    QVERIFY(rgw::test::trainToTheEnd(page, kTrainTimeoutMs));
    const modeling::TrainingResult direct =
        modeling::trainModel(*page.table()->table, request, page.table()->source);
    const ui::ModelResultsView* results = page.resultsView();
    QCOMPARE(results->tabTitles(),
             QStringList({"Summary", "Kaplan–Meier", "Coefficients", "Nomogram"}));
    QVERIFY(results->validationLabel()->text().startsWith(
        QString("Harrell's C %1 ± %2")
            .arg(ui::metricText(direct.validation.meanDiscrimination),
                 ui::metricText(direct.validation.sdDiscrimination))));
    const auto& s = *direct.crossValidated.survival;
    QVERIFY(s.logRank);
    QVERIFY(chartTitle(results->tabs()->widget(1))
                .endsWith(QString("p %1").arg(ui::pValueText(s.logRank->p)).toHtmlEscaped()));
    QVERIFY(results->decisionLabel()->text().contains(
        ui::metricText(direct.model.decision.riskCutoffs.at(0))));
    QVERIFY(results->nomogramView()->hasNomogram());
    QVERIFY(results->nomogramNote()->text().contains("survival"));
    page.resize(1280, 680);
    results->tabs()->setCurrentIndex(1);
    QVERIFY(page.grab().save("/tmp/rgw-model-km.png"));
    const double nomogramError = nomogramAgainstModel(*results->output(), *page.table()->table);
    qInfo("nomogram vs model linear predictor: max |difference| %.3g", nomogramError);
    QVERIFY(nomogramError < 1e-9);
}

void TestModelBuilder::showsTrainingErrors() {
    QSettings().clear();
    ModelBuilderPage page;
    loadTable(page);
    // The form's own check names the columns.
    page.kindBox()->setCurrentIndex(page.kindBox()->findData("cox"));
    page.timeBox()->setCurrentText("time");
    page.eventBox()->setCurrentText("time");
    QVERIFY(!page.startTraining());
    QVERIFY(page.lastError().contains("'time'"));
    QCOMPARE(page.statusLabel()->text(), page.lastError());
    // An error of training itself (one class only: every 'site' is "A").
    page.kindBox()->setCurrentIndex(page.kindBox()->findData("logistic"));
    page.targetBox()->setCurrentText("site");
    QVERIFY(!rgw::test::trainToTheEnd(page, kTrainTimeoutMs));
    QVERIFY(!page.lastError().isEmpty());
    QVERIFY(page.lastError().contains("site"));
    QVERIFY(page.trainButton()->isEnabled());
}

void TestModelBuilder::cancelStopsALongRunAndLeavesThePageUsable() {
    QSettings().clear();
    ModelBuilderPage page;
    loadTable(page);
    page.targetBox()->setCurrentText("outcome");
    page.repeatsSpin()->setValue(500);
    QSignalSpy finished(&page, &ModelBuilderPage::trainingFinished);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QVERIFY(page.startTraining());
    QVERIFY(page.isBusy());
    QVERIFY(!page.trainButton()->isEnabled());
    // The progress strip shows the run, with its Cancel, and advances by folds.
    QVERIFY(page.progress()->isVisible());
    QVERIFY(page.progress()->cancelButton()->isEnabled());
    auto* bar = page.progress()->findChild<QProgressBar*>();
    QVERIFY(bar);
    QTRY_VERIFY_WITH_TIMEOUT(bar->value() > bar->minimum(), 30000);
    page.cancelTraining();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY(!page.isBusy());
    QVERIFY(page.statusLabel()->text().startsWith("Cancelled"));
    QVERIFY(!page.resultsView()->hasOutput());
    QVERIFY(!page.progress()->isVisible());
    // Usable again: a short run trains.
    page.repeatsSpin()->setValue(1);
    QVERIFY(page.trainButton()->isEnabled());
    QVERIFY(rgw::test::trainToTheEnd(page, kTrainTimeoutMs));
    QVERIFY(page.resultsView()->hasOutput());
}

void TestModelBuilder::fitsALaptopScreen() {
    // 1366x768 less the window frame, menu bar, tab bar and status bar.
    const QSize room(1300, 700);
    ModelBuilderPage page;
    const QSize minimum = page.minimumSizeHint();
    const QSize hint = page.sizeHint();
    QVERIFY2(minimum.width() <= room.width() && minimum.height() <= room.height(),
             qPrintable(QString("minimum %1x%2").arg(minimum.width()).arg(minimum.height())));
    QVERIFY2(hint.width() <= room.width() && hint.height() <= room.height(),
             qPrintable(QString("hint %1x%2").arg(hint.width()).arg(hint.height())));
}

void TestModelBuilder::readsANamedCohortOnItsOwnConnection() {
    const std::filesystem::path file = dir_.filePath("cohort.rgwdb").toStdString();
    try {
        storage::Database db(file);
        for (const char* id : {"P1", "P2", "P3"}) {
            dicom::InstanceHeader h;
            h.patientId = id;
            h.patientName = std::string("Doe^") + id;
            storage::PatientRepository(db).upsert(h);
        }
        storage::NamedCohortRepository(db).create("pilot", "", "", 3, {"P1", "P2", "P3"}, "tester");
    } catch (const std::exception& e) {
        QFAIL(e.what());
    }
    QSettings().clear();
    ModelBuilderPage page;
    page.setInteractive(false);
    page.setDatabase(file);
    QSignalSpy loaded(&page, &ModelBuilderPage::tableLoaded);
    page.loadSelectedCohort();
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 30000);
    QCOMPARE(loaded.at(0).at(0).toInt(), 3);
    QCOMPARE(page.table()->source.cohort, std::string("pilot@1"));
    // Patients without features or clinical numbers: the page says so, no candidates.
    QCOMPARE(page.featureList()->count(), 0);
    QVERIFY(page.statusLabel()->text().contains("no numeric column"));
    // Without a database the page says what to do.
    page.setDatabase({});
    page.loadSelectedCohort();
    QVERIFY(page.lastError().contains("named cohort"));
}

void TestModelBuilder::chosenLearnerReachesTheRequest() {
    using modeling::LearnerKind;
    QSettings().clear();
    ModelBuilderPage page;
    ui::LearnerChoice* learner = page.learnerChoice();
    // Every hyperparameter starts at the core's defaults of its learner.
    for (const LearnerKind kind : {LearnerKind::RandomForest, LearnerKind::GradientBoosting}) {
        const modeling::LearnerOptions d = modeling::defaultLearnerOptions(kind);
        QCOMPARE(learner->intSpin(kind, "trees")->value(), d.trees);
        QCOMPARE(learner->intSpin(kind, "depth")->value(), d.depth);
        QVERIFY(learner->realSpin(kind, "svm-c") == nullptr);
    }
    QCOMPARE(learner->realSpin(LearnerKind::GradientBoosting, "eta")->value(),
             modeling::defaultLearnerOptions(LearnerKind::GradientBoosting).eta);
    QVERIFY(learner->realSpin(LearnerKind::RandomForest, "eta") == nullptr);
    QCOMPARE(learner->realSpin(LearnerKind::SvmRbf, "svm-c")->value(),
             modeling::defaultLearnerOptions(LearnerKind::SvmRbf).svmC);
    QCOMPARE(learner->realSpin(LearnerKind::SvmRbf, "svm-gamma")->value(),
             modeling::defaultLearnerOptions(LearnerKind::SvmRbf).svmGamma);
    QVERIFY(learner->realSpin(LearnerKind::SvmLinear, "svm-gamma") == nullptr);
    QCOMPARE(learner->kindBox()->currentData().toString(), QString("linear"));
    QVERIFY(!learner->algorithm());

    loadTable(page);
    page.targetBox()->setCurrentText("outcome");
    QVERIFY(page.penaltyBox()->isEnabled());
    choose(learner->kindBox(), "gradient-boosting");
    // Only the chosen learner's options are shown; the penalty does not apply.
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QVERIFY(learner->intSpin(LearnerKind::GradientBoosting, "trees")->isVisible());
    QVERIFY(!learner->intSpin(LearnerKind::RandomForest, "trees")->isVisible());
    QVERIFY(!page.penaltyBox()->isEnabled());
    QVERIFY(!page.alphaSpin()->isEnabled());
    QVERIFY(!page.lambdaRuleBox()->isEnabled());
    learner->intSpin(LearnerKind::GradientBoosting, "trees")->setValue(20);
    page.resize(1280, 680);
    QVERIFY(page.grab().save("/tmp/rgw-model-learner.png"));
    const modeling::TrainingRequest r = page.request();
    QVERIFY(r.pipeline.learner.algorithm);
    QCOMPARE(*r.pipeline.learner.algorithm, LearnerKind::GradientBoosting);
    const modeling::LearnerOptions defaults =
        modeling::defaultLearnerOptions(LearnerKind::GradientBoosting);
    QCOMPARE(r.pipeline.learner.algorithmOptions.trees, 20);
    QCOMPARE(r.pipeline.learner.algorithmOptions.depth, defaults.depth);
    QCOMPARE(r.pipeline.learner.algorithmOptions.eta, defaults.eta);
    QCOMPARE(r.pipeline.learner.algorithmOptions.subsample, defaults.subsample);

    // The univariate tests valid for a binary outcome; no SVM for Cox.
    QCOMPARE(comboData(page.testBox()), QStringList({"auto", "mann-whitney", "welch-t", "auc"}));
    choose(learner->kindBox(), "svm-rbf");
    QCOMPARE(*page.request().pipeline.learner.algorithm, LearnerKind::SvmRbf);
    page.kindBox()->setCurrentIndex(page.kindBox()->findData("cox"));
    QCOMPARE(comboData(learner->kindBox()),
             QStringList({"linear", "random-forest", "gradient-boosting"}));
    QCOMPARE(learner->kindBox()->currentData().toString(), QString("linear"));
    QVERIFY(page.penaltyBox()->isEnabled());
    QCOMPARE(comboData(page.testBox()), QStringList({"auto", "cox"}));
    page.kindBox()->setCurrentIndex(page.kindBox()->findData("multinomial"));
    QCOMPARE(comboData(page.testBox()), QStringList({"auto"}));
    QCOMPARE(comboData(learner->kindBox()).size(), 5);
}

void TestModelBuilder::trainsALearnerWithItsImportanceChart() {
    QSettings().clear();
    ModelBuilderPage page;
    loadTable(page);
    chooseBinaryTarget(page);
    choose(page.learnerChoice()->kindBox(), "gradient-boosting");
    page.learnerChoice()->intSpin(modeling::LearnerKind::GradientBoosting, "trees")->setValue(20);
    QVERIFY(rgw::test::trainToTheEnd(page, kTrainTimeoutMs));
    const ui::ModelResultsView* results = page.resultsView();
    const modeling::TrainedModel& m = results->output()->result.model;
    QVERIFY(m.pipeline.algorithm);
    QCOMPARE(m.pipeline.spec.learner.algorithmOptions.trees, 20);
    const modeling::TrainedLearner& learner = *m.pipeline.algorithm;
    QCOMPARE(results->tabTitles(), QStringList({"Summary", "ROC", "Calibration", "Decision curve",
                                                "Importance", "Nomogram"}));
    QVERIFY(results->lambdaLabel()->text().startsWith("gradient-boosting: 20 rounds"));
    auto* scroll = qobject_cast<QScrollArea*>(results->tabs()->widget(4));
    QVERIFY(scroll);
    auto* view = qobject_cast<QChartView*>(scroll->widget());
    QVERIFY(view);
    QCOMPARE(view->objectName(), QString("importanceChart"));
    const auto series = view->chart()->series();
    QCOMPARE(series.size(), 1);
    auto* bars = qobject_cast<QHorizontalBarSeries*>(series[0]);
    QVERIFY(bars);
    QCOMPARE(bars->barSets().size(), 1);
    const QBarSet* set = bars->barSets()[0];
    const auto axes = view->chart()->axes(Qt::Vertical);
    QCOMPARE(axes.size(), 1);
    const QStringList categories = qobject_cast<QBarCategoryAxis*>(axes[0])->categories();
    // One bar per feature of the learner, with its importance, sorted (largest on top).
    QCOMPARE(learner.importance.size(), Eigen::Index(learner.features.size()));
    QCOMPARE(set->count(), int(learner.features.size()));
    QCOMPARE(categories.size(), int(learner.features.size()));
    for (int i = 0; i < set->count(); ++i) {
        const auto at = std::find(learner.features.begin(), learner.features.end(),
                                  categories[i].toStdString());
        QVERIFY(at != learner.features.end());
        QCOMPARE(set->at(i), learner.importance(at - learner.features.begin()));
        if (i > 0)
            QVERIFY(set->at(i - 1) <= set->at(i));
    }
    QCOMPARE(categories.last(), QString("f1")); // the only informative feature
    // No nomogram: the core's reason is shown.
    QVERIFY(!results->nomogramView()->hasNomogram());
    QVERIFY(!results->output()->nomogramNote.empty());
    QCOMPARE(
        results->nomogramNote()->text(),
        QString("No nomogram: %1").arg(QString::fromStdString(results->output()->nomogramNote)));
    page.resize(1280, 680);
    results->tabs()->setCurrentIndex(4);
    QVERIFY(page.grab().save("/tmp/rgw-model-importance.png"));
}

void TestModelBuilder::selectionStepsAndComBatReachTheRequest() {
    using modeling::SelectionKind;
    QSettings().clear();
    ModelBuilderPage page;
    loadTable(page);
    page.targetBox()->setCurrentText("outcome");
    ui::SelectionStepsChoice* steps = page.selectionSteps();
    page.nearZeroVarianceBox()->setChecked(true);
    page.fdrBox()->setChecked(true);
    choose(page.testBox(), "auc");
    steps->lassoBox()->setChecked(true);
    choose(steps->lassoRuleBox(), "1se");
    steps->svmRfeBox()->setChecked(true);
    steps->svmRfeSpin()->setValue(2);
    steps->mrmrBox()->setChecked(true);
    steps->mrmrSpin()->setValue(3);
    steps->reliefBox()->setChecked(true);
    steps->reliefSpin()->setValue(4);
    const modeling::TrainingRequest r = page.request();
    // The CLI's order whatever the order of the clicks.
    QCOMPARE(r.pipeline.selection.size(), std::size_t(6));
    const std::vector<SelectionKind> kinds = {
        SelectionKind::NearZeroVariance, SelectionKind::Univariate,
        SelectionKind::ReliefF,          SelectionKind::Mrmr,
        SelectionKind::SvmRfe,           SelectionKind::Lasso};
    for (std::size_t i = 0; i < kinds.size(); ++i)
        QCOMPARE(r.pipeline.selection[i].kind, kinds[i]);
    QCOMPARE(r.pipeline.selection[1].test, modeling::UnivariateTest::Auc);
    QCOMPARE(r.pipeline.selection[2].maxFeatures, 4);
    QCOMPARE(r.pipeline.selection[3].maxFeatures, 3);
    QCOMPARE(r.pipeline.selection[4].maxFeatures, 2);
    QCOMPARE(r.pipeline.selection[5].lambdaRule, modeling::LambdaRule::OneStandardError);
    // SVM-RFE is for binary outcomes only.
    page.kindBox()->setCurrentIndex(page.kindBox()->findData("multinomial"));
    QVERIFY(!steps->svmRfeBox()->isEnabled());
    for (const auto& step : page.request().pipeline.selection)
        QVERIFY(step.kind != SelectionKind::SvmRfe);
    page.kindBox()->setCurrentIndex(page.kindBox()->findData("logistic"));

    // ComBat's options: only with ComBat, and then they reach the request.
    QVERIFY(!page.combatCovariatesEdit()->isEnabled());
    QVERIFY(page.request().pipeline.combatCovariates.empty());
    page.combatBox()->setChecked(true);
    page.batchBox()->setCurrentText("site");
    QVERIFY(page.combatCovariatesEdit()->isEnabled());
    page.combatCovariatesEdit()->setText("f2, f3");
    page.combatNonParametricBox()->setChecked(true);
    page.combatMeanOnlyBox()->setChecked(true);
    const modeling::TrainingRequest c = page.request();
    QVERIFY(c.pipeline.combat);
    QCOMPARE(c.task.batchColumn, std::string("site"));
    QCOMPARE(c.pipeline.combatCovariates, std::vector<std::string>({"f2", "f3"}));
    QVERIFY(!c.pipeline.combatParametric);
    QVERIFY(c.pipeline.combatMeanOnly);
    page.combatNonParametricBox()->setChecked(false);
    QVERIFY(page.request().pipeline.combatParametric);
}

void TestModelBuilder::remembersTheLearnerStepsAndComBat() {
    QSettings().clear();
    {
        ModelBuilderPage page;
        loadTable(page);
        page.targetBox()->setCurrentText("outcome");
        choose(page.learnerChoice()->kindBox(), "random-forest");
        page.learnerChoice()->intSpin(modeling::LearnerKind::RandomForest, "trees")->setValue(50);
        page.learnerChoice()->intSpin(modeling::LearnerKind::RandomForest, "depth")->setValue(4);
        page.topBox()->setChecked(true);
        choose(page.testBox(), "auc");
        page.selectionSteps()->mrmrBox()->setChecked(true);
        page.selectionSteps()->mrmrSpin()->setValue(3);
        page.selectionSteps()->lassoBox()->setChecked(true);
        choose(page.selectionSteps()->lassoRuleBox(), "1se");
        page.combatBox()->setChecked(true);
        page.batchBox()->setCurrentText("site");
        page.combatCovariatesEdit()->setText("f2");
        page.combatMeanOnlyBox()->setChecked(true);
        // Training remembers the choices (whether or not it succeeds: one site only).
        QSignalSpy finished(&page, &ModelBuilderPage::trainingFinished);
        QVERIFY(page.startTraining());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTrainTimeoutMs);
    }
    ModelBuilderPage page;
    QCOMPARE(page.learnerChoice()->kindBox()->currentData().toString(), QString("random-forest"));
    QCOMPARE(page.learnerChoice()->intSpin(modeling::LearnerKind::RandomForest, "trees")->value(),
             50);
    QCOMPARE(page.learnerChoice()->intSpin(modeling::LearnerKind::RandomForest, "depth")->value(),
             4);
    QCOMPARE(page.testBox()->currentData().toString(), QString("auc"));
    QVERIFY(page.selectionSteps()->mrmrBox()->isChecked());
    QCOMPARE(page.selectionSteps()->mrmrSpin()->value(), 3);
    QVERIFY(!page.selectionSteps()->reliefBox()->isChecked());
    QVERIFY(page.selectionSteps()->lassoBox()->isChecked());
    QCOMPARE(page.selectionSteps()->lassoRuleBox()->currentData().toString(), QString("1se"));
    QVERIFY(page.combatBox()->isChecked());
    QCOMPARE(page.combatCovariatesEdit()->text(), QString("f2"));
    QVERIFY(page.combatMeanOnlyBox()->isChecked());
    QVERIFY(!page.combatNonParametricBox()->isChecked());
    QVERIFY(!page.penaltyBox()->isEnabled());
    // With everything shown, the page still fits the laptop screen.
    QVERIFY(page.minimumSizeHint().width() <= 1300 && page.minimumSizeHint().height() <= 700);
    QVERIFY(page.sizeHint().width() <= 1300 && page.sizeHint().height() <= 700);
    QSettings().clear();
}

void TestModelBuilder::storesTheTrainedModelInTheDatabase() {
    QSettings().clear();
    ModelBuilderPage page;
    loadTable(page);
    chooseBinaryTarget(page);
    QPushButton* store = page.resultsView()->storeButton();
    QVERIFY(!store->isEnabled()); // nothing trained, no database
    QVERIFY(rgw::test::trainToTheEnd(page, kTrainTimeoutMs));
    QVERIFY(!store->isEnabled()); // trained, but no database to store in
    const std::filesystem::path file = dir_.filePath("models.rgwdb").toStdString();
    page.setDatabase(file);
    QVERIFY(store->isEnabled());
    QSignalSpy stored(page.resultsView(), &ui::ModelResultsView::modelStored);
    QTest::mouseClick(store, Qt::LeftButton);
    QCOMPARE(stored.count(), 1);
    const std::string id = modeling::modelId(page.resultsView()->output()->result.model);
    QCOMPARE(stored.at(0).at(0).toString().toStdString(), id);
    // Again: the same model is not stored twice.
    QVERIFY(page.resultsView()->storeModel());
    storage::Database db(file);
    const auto models = storage::listModels(db);
    QCOMPARE(models.size(), std::size_t{1});
    QCOMPARE(models[0].modelId, id);
    QCOMPARE(modeling::modelId(storage::loadStoredModel(db, models[0])), id);
}

// The stability filter (--stability REPEATS.csv): the repeated extraction is
// read off the GUI thread, f1 and f2 repeat closely and are kept, f3..f6 are
// re-drawn (unstable) and dropped; the numbers are trainModel's with the same
// repeats; the choices are remembered; checked without a table, it says so.
void TestModelBuilder::stabilityFilterReadsTheRepeatsTable() {
    QSettings().clear();
    const QString repeatsFile = dir_.filePath("repeats.csv");
    {
        const auto table = stats::DataTable::read(csv_.toStdString());
        Rng rng(77);
        QFile out(repeatsFile);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Text));
        QTextStream s(&out);
        s << "patient_id,f1,f2,f3,f4,f5,f6\n";
        for (std::size_t r = 0; r < table.rows(); r += 2) { // every other patient
            s << QString::fromStdString(table.text("patient_id")[r]);
            for (const char* f : {"f1", "f2"})
                s << ","
                  << QString::number(table.numbers(f)[r] + rng.uniform(-0.05, 0.05), 'g', 17);
            for (int k = 0; k < 4; ++k)
                s << "," << QString::number(rng.uniform(-2.0, 2.0), 'g', 17);
            s << "\n";
        }
    }
    ModelBuilderPage page;
    loadTable(page);
    chooseBinaryTarget(page);
    page.nameEdit()->setText("stable-features");
    ui::StabilityChoice* stability = page.stabilityChoice();
    QVERIFY(!stability->enabledBox()->isChecked());
    QVERIFY(!stability->repeatsEdit()->isEnabled());
    QVERIFY(!page.request().pipeline.stability);
    stability->enabledBox()->setChecked(true);
    QVERIFY(stability->repeatsEdit()->isEnabled());
    QVERIFY(!page.startTraining()); // no repeats table yet
    QVERIFY2(page.lastError().contains("repeated extraction"), qPrintable(page.lastError()));
    stability->repeatsEdit()->setText(repeatsFile);
    stability->thresholdSpin()->setValue(0.9);
    const modeling::TrainingRequest request = page.request();
    QVERIFY(request.pipeline.stability);
    QCOMPARE(request.pipeline.stability->kind, stats::IccKind::TwoWayAgreement);
    QCOMPARE(request.pipeline.stability->threshold, 0.9);
    QVERIFY(rgw::test::trainToTheEnd(page, kTrainTimeoutMs));

    const modeling::TrainedModel& shown = page.resultsView()->output()->result.model;
    QCOMPARE(shown.pipeline.spec.stability->threshold, 0.9);
    // The stored model keeps the inputs it uses, each with its training ICC:
    // only the stable f1 and f2 can be among them.
    const auto& inputs = shown.pipeline.inputFeatures;
    QVERIFY(!inputs.empty());
    QCOMPARE(shown.pipeline.stabilityIcc.size(), inputs.size());
    for (std::size_t j = 0; j < inputs.size(); ++j) {
        QVERIFY2(inputs[j] == "f1" || inputs[j] == "f2", inputs[j].c_str());
        QVERIFY(shown.pipeline.stabilityIcc[j] >= 0.9);
    }
    modeling::TrainingRequest withRepeats = request;
    withRepeats.repeats =
        std::make_shared<const stats::DataTable>(stats::DataTable::read(repeatsFile.toStdString()));
    const modeling::TrainingResult direct =
        modeling::trainModel(*page.table()->table, withRepeats, page.table()->source);
    QCOMPARE(shown.validation.mean, direct.model.validation.mean);
    QCOMPARE(shown.pipeline.stabilityIcc, direct.model.pipeline.stabilityIcc);

    // Remembered for the next page.
    ModelBuilderPage next;
    QVERIFY(next.stabilityChoice()->enabledBox()->isChecked());
    QCOMPARE(next.stabilityChoice()->repeatsEdit()->text(), repeatsFile);
    QCOMPARE(next.stabilityChoice()->thresholdSpin()->value(), 0.9);
    QCOMPARE(next.stabilityChoice()->kindBox()->currentData().toString(), QString("ICC(2,1)"));
}

// Rad-score + clinical: f1..f4 form the rad-score (lasso, cross-fitted),
// f5 and f6 stay clinical; the page trains what trainModel trains and draws
// the two-stage model's nomogram (rad-score, f5, f6).
void TestModelBuilder::radScorePlusClinicalModelWithItsNomogram() {
    QSettings().clear();
    ModelBuilderPage page;
    loadTable(page);
    chooseBinaryTarget(page);
    page.nameEdit()->setText("rad-score + clinical");
    ui::RadScoreChoice* radScore = page.radScoreChoice();
    radScore->enabledBox()->setChecked(true);
    QVERIFY(!page.startTraining()); // no clinical variable named
    QVERIFY2(page.lastError().contains("clinical"), qPrintable(page.lastError()));
    radScore->clinicalEdit()->setText("f5, f6");
    const modeling::TrainingRequest request = page.request();
    QVERIFY(request.pipeline.radScore);
    QCOMPARE(request.pipeline.radScore->features,
             (std::vector<std::string>{"f1", "f2", "f3", "f4"}));
    QCOMPARE(request.pipeline.learner.penalty, modeling::Penalty::None); // the second stage
    QCOMPARE(request.pipeline.radScore->penalty, modeling::Penalty::Lasso);
    QVERIFY(rgw::test::trainToTheEnd(page, kTrainTimeoutMs));
    const ui::TrainingOutput& output = *page.resultsView()->output();
    const modeling::TrainedModel& shown = output.result.model;
    QVERIFY(shown.pipeline.radScore);
    QCOMPARE(shown.pipeline.model.features.front(), std::string(modeling::kRadScoreName));
    const modeling::TrainingResult direct =
        modeling::trainModel(*page.table()->table, request, page.table()->source);
    QCOMPARE(shown.validation.mean, direct.model.validation.mean);
    QCOMPARE(shown.pipeline.model.beta, direct.model.pipeline.model.beta);
    QVERIFY2(output.nomogram.has_value(), output.nomogramNote.c_str());
    QVERIFY(page.resultsView()->nomogramView()->hasNomogram());
    ModelBuilderPage next; // remembered
    QVERIFY(next.radScoreChoice()->enabledBox()->isChecked());
    QCOMPARE(next.radScoreChoice()->clinicalEdit()->text(), QString("f5, f6"));
}

QTEST_MAIN(TestModelBuilder)
#include "test_model_builder.moc"
