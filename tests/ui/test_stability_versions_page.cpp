// The model builder's stability filter across segmentation versions (issue
// #16 §4): on the demo database of tests/app/test_cli_stability_versions
// (every lesion given a second version moved sideways by more than its own
// width, both versions extracted with ct-default), training from the page
// with "Segmentation versions" gives the selected features, the training
// ICCs and the model file's "repeats" entry of `rgw-cli model train
// --stability versions` with the same options. The source is offered only
// for a cohort read with a parameter set, and says why otherwise; a
// candidate without versions (a genomic column) is refused, named.

#include "Database.h"
#include "ModelBuilderTesting.h"
#include "SegmentationVersionFixture.h"
#include "modeling/ModelFile.h"
#include "models/ModelBuilderPage.h"
#include "models/ModelResultsView.h"
#include "models/StabilityChoice.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace rgw;
using rgw::ui::ModelBuilderPage;

namespace {

constexpr const char* kStable = "morphology.volume_mesh";
constexpr const char* kUnstable = "intensity_statistics.mean_intensity";
constexpr int kTrainTimeoutMs = 300000;

void choose(QComboBox* box, const QString& data) {
    const int index = box->findData(data);
    QVERIFY2(index >= 0, qPrintable(data));
    box->setCurrentIndex(index);
}

} // namespace

class TestStabilityVersionsPage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void trainsWhatTheCliTrains();
    void offeredOnlyForACohortWithVersions();
    void refusesACandidateWithoutVersions();

private:
    /// rgw-cli on the test database; QVERIFY-style on its exit code.
    QByteArray cli(QStringList args, int expectedExit = 0);
    QString database() const { return dir_.filePath("versions.rgwdb"); }
    /// A page on the database with cohort "sequenced" read with ct-default.
    void loadCohort(ModelBuilderPage& page, const QString& parameterSet);
    /// The CLI's options on the page: logistic mut_EGFR, ridge, 3 inner
    /// folds, 3 folds, seed 5, only `features` checked.
    static void chooseCliOptions(ModelBuilderPage& page, const QStringList& features);

    QTemporaryDir dir_;
};

QByteArray TestStabilityVersionsPage::cli(QStringList args, int expectedExit) {
    args.prepend(database());
    args.prepend("--db");
    QProcess p;
    p.setWorkingDirectory(dir_.path());
    p.start(QStringLiteral(RGW_CLI_PATH), args);
    if (!p.waitForFinished(900000))
        qWarning("rgw-cli %s did not finish", qPrintable(args.join(' ')));
    const QByteArray err = p.readAllStandardError();
    if (p.exitCode() != expectedExit)
        qWarning("rgw-cli %s: exit %d\n%s", qPrintable(args.join(' ')), p.exitCode(),
                 err.constData());
    [&] { QCOMPARE(p.exitCode(), expectedExit); }();
    return p.readAllStandardOutput();
}

void TestStabilityVersionsPage::initTestCase() {
    QStandardPaths::setTestModeEnabled(true); // keep the user's settings untouched
    QApplication::setOrganizationName("RadiogenomicsTest");
    QApplication::setApplicationName("test_stability_versions_page");
    QSettings().clear();
    QVERIFY(dir_.isValid());
    cli({"demo", "--out", dir_.filePath("demo"), "--patients", "48", "--import"});
    cli({"extract-cohort", "--params", "ct-default"});
    QVERIFY(!QTest::currentTestFailed());
    try {
        // A second reader's version of every lesion, through the storage API.
        storage::Database db(database().toStdString());
        QVERIFY(test::addSidewaysVersions(db) > 0);
    } catch (const std::exception& e) {
        QFAIL(e.what());
    }
    cli({"extract-cohort", "--params", "ct-default"});
    cli({"cohort", "create", "sequenced", "--where", "mut_EGFR is not not-profiled"});
    cli({"cohort", "split", "sequenced", "--test-fraction", "0.3", "--seed", "4", "--stratify",
         "mut_EGFR"});
}

void TestStabilityVersionsPage::loadCohort(ModelBuilderPage& page, const QString& parameterSet) {
    page.setInteractive(false);
    page.setDatabase(database().toStdString());
    page.cohortBox()->setCurrentText("sequenced@1");
    QCOMPARE(page.cohortBox()->currentText(), QString("sequenced@1"));
    page.parameterSetBox()->setEditText(parameterSet);
    QSignalSpy loaded(&page, &ModelBuilderPage::tableLoaded);
    page.loadSelectedCohort();
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 120000);
}

void TestStabilityVersionsPage::chooseCliOptions(ModelBuilderPage& page,
                                                 const QStringList& features) {
    choose(page.kindBox(), "logistic");
    page.targetBox()->setCurrentText("mut_EGFR");
    QCOMPARE(page.targetBox()->currentText(), QString("mut_EGFR"));
    choose(page.penaltyBox(), "ridge");
    page.innerFoldsSpin()->setValue(3);
    page.foldsSpin()->setValue(3);
    page.repeatsSpin()->setValue(1);
    page.seedSpin()->setValue(5);
    int checked = 0;
    for (int i = 0; i < page.featureList()->count(); ++i) {
        QListWidgetItem* item = page.featureList()->item(i);
        const bool on = features.contains(item->text());
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
        checked += on ? 1 : 0;
    }
    QCOMPARE(checked, features.size());
}

void TestStabilityVersionsPage::trainsWhatTheCliTrains() {
    const QString cliModel = dir_.filePath("cli.json");
    const QByteArray out = cli({"model",           "train",
                                "--cohort",        "sequenced",
                                "--parameter-set", "ct-default",
                                "--target",        "mut_EGFR",
                                "--model",         "logistic",
                                "--penalty",       "ridge",
                                "--inner-folds",   "3",
                                "--folds",         "3",
                                "--seed",          "5",
                                "--stability",     "versions",
                                "--features",      QString(kStable) + "," + kUnstable,
                                "--name",          "versions",
                                "--out",           cliModel,
                                "--json"});
    QVERIFY(!QTest::currentTestFailed());
    const QJsonObject printed = QJsonDocument::fromJson(out).object();
    std::vector<std::string> cliSelected;
    for (const auto& f : printed["selected_features"].toArray())
        cliSelected.push_back(f.toString().toStdString());
    // The design of the data, so that the comparison below is not vacuous.
    QVERIFY(std::find(cliSelected.begin(), cliSelected.end(), kStable) != cliSelected.end());
    QVERIFY(std::find(cliSelected.begin(), cliSelected.end(), kUnstable) == cliSelected.end());

    QSettings().clear();
    ModelBuilderPage page;
    loadCohort(page, "ct-default");
    QVERIFY(!QTest::currentTestFailed());
    chooseCliOptions(page, {kStable, kUnstable});
    QVERIFY(!QTest::currentTestFailed());
    page.nameEdit()->setText("versions");
    ui::StabilityChoice* stability = page.stabilityChoice();
    QVERIFY(stability->versionsAvailable());
    // Every patient of the cohort with features has its earlier version.
    const std::size_t withFeatures = page.table()->patientsWithFeatures;
    QVERIFY(withFeatures > 0);
    QCOMPARE(page.table()->versionPairs, withFeatures);
    QVERIFY2(
        stability->versionsNote()->text().contains(QString("%1 of %1 patients").arg(withFeatures)),
        qPrintable(stability->versionsNote()->text()));
    stability->enabledBox()->setChecked(true);
    choose(stability->sourceBox(), "versions");
    QVERIFY(!stability->repeatsEdit()->isEnabled()); // no CSV with this source
    QVERIFY(rgw::test::trainToTheEnd(page, kTrainTimeoutMs));
    const QString guiModel = dir_.filePath("gui.json");
    QVERIFY(page.resultsView()->saveModel(guiModel));

    const modeling::TrainedModel gui = modeling::loadModelFile(guiModel.toStdString());
    const modeling::TrainedModel fromCli = modeling::loadModelFile(cliModel.toStdString());
    QCOMPARE(gui.pipeline.model.features, cliSelected);
    QCOMPARE(gui.pipeline.model.features, fromCli.pipeline.model.features);
    QVERIFY(gui.pipeline.spec.stability && fromCli.pipeline.spec.stability);
    QCOMPARE(gui.pipeline.spec.stability->repeatsSource, std::string("segmentation versions"));
    QCOMPARE(gui.pipeline.spec.stability->repeatsSource,
             fromCli.pipeline.spec.stability->repeatsSource);
    // The same ICCs on the same training rows, hence the same model.
    QCOMPARE(gui.pipeline.inputFeatures, fromCli.pipeline.inputFeatures);
    QCOMPARE(gui.pipeline.stabilityIcc, fromCli.pipeline.stabilityIcc);
    QCOMPARE(gui.validation.mean, fromCli.validation.mean);
    QCOMPARE(gui.pipeline.model.beta, fromCli.pipeline.model.beta);

    // Remembered for the next page.
    ModelBuilderPage next;
    QCOMPARE(next.stabilityChoice()->sourceBox()->currentData().toString(), QString("versions"));
}

void TestStabilityVersionsPage::offeredOnlyForACohortWithVersions() {
    QSettings().clear();
    const auto versionsItem = [](ui::StabilityChoice* s) {
        auto* model = qobject_cast<QStandardItemModel*>(s->sourceBox()->model());
        return model->item(s->sourceBox()->findData("versions"));
    };
    {
        ModelBuilderPage page; // nothing loaded
        QVERIFY(!page.stabilityChoice()->versionsAvailable());
        QVERIFY(!versionsItem(page.stabilityChoice())->isEnabled());
    }
    {
        // The cohort without a parameter set: no features to compare.
        ModelBuilderPage page;
        loadCohort(page, "");
        QVERIFY(!QTest::currentTestFailed());
        ui::StabilityChoice* s = page.stabilityChoice();
        QVERIFY(!s->versionsAvailable());
        QVERIFY(!versionsItem(s)->isEnabled());
        QVERIFY2(s->versionsNote()->text().contains("without a parameter set"),
                 qPrintable(s->versionsNote()->text()));
        // A remembered "versions" the table cannot serve is refused, saying why.
        s->enabledBox()->setChecked(true);
        choose(s->sourceBox(), "versions");
        try {
            (void)s->spec();
            QFAIL("spec() accepted segmentation versions without a parameter set");
        } catch (const std::exception& e) {
            QVERIFY2(QString(e.what()).contains("without a parameter set"), e.what());
        }
    }
    {
        // A CSV table (the cohort's own, exported by the CLI) has no versions.
        const QString csv = dir_.filePath("table.csv");
        cli({"cohort", "export", "sequenced", "--features", "ct-default", "--out", csv});
        QVERIFY(!QTest::currentTestFailed());
        ModelBuilderPage page;
        page.setInteractive(false);
        QSignalSpy loaded(&page, &ModelBuilderPage::tableLoaded);
        page.loadCsv(csv);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
        QVERIFY(!page.stabilityChoice()->versionsAvailable());
        QVERIFY(!versionsItem(page.stabilityChoice())->isEnabled());
        QVERIFY2(page.stabilityChoice()->versionsNote()->text().contains("CSV table has none"),
                 qPrintable(page.stabilityChoice()->versionsNote()->text()));
    }
}

void TestStabilityVersionsPage::refusesACandidateWithoutVersions() {
    QSettings().clear();
    ModelBuilderPage page;
    loadCohort(page, "ct-default");
    QVERIFY(!QTest::currentTestFailed());
    chooseCliOptions(page, {kStable, "mut_KRAS"});
    QVERIFY(!QTest::currentTestFailed());
    page.stabilityChoice()->enabledBox()->setChecked(true);
    choose(page.stabilityChoice()->sourceBox(), "versions");
    QVERIFY(!rgw::test::trainToTheEnd(page, kTrainTimeoutMs));
    QVERIFY2(page.lastError().contains("'mut_KRAS'"), qPrintable(page.lastError()));
    QVERIFY2(page.lastError().contains("uncheck"), qPrintable(page.lastError()));
    QVERIFY(page.resultsView()->output() == nullptr);
}

QTEST_MAIN(TestStabilityVersionsPage)
#include "test_stability_versions_page.moc"
