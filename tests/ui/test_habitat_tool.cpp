// The segment editor's Habitats tool (issue #14 §4, §5) through the main
// window under Xvfb: a one-patient demo cohort, its CT shown with its stored
// RTSTRUCT segmentation, the Habitats dialog opened from the panel's button
// and run with k = 2 and a seed: the segment list gains the two habitats, the
// database holds two segmentations derived from the shown one that are
// voxel-identical to storage::deriveHabitats called directly with the same
// inputs; a cancelled run leaves the database unchanged; unsaved edits are
// refused with a message.
#include "Database.h"
#include "DerivedSegmentations.h"
#include "HabitatDerivation.h"
#include "HabitatDialog.h"
#include "ImportService.h"
#include "MainWindow.h"
#include "SegmentationPanel.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "TaskProgress.h"
#include "TestData.h"
#include "demo/DemoCohort.h"
#include "segmentation/SegmentationEditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>

using namespace rgw;

namespace {

std::int64_t count(storage::Database& db, const std::string& sql) {
    storage::Statement s(db, sql);
    if (!s.step())
        return -1;
    return s.int64(0);
}

std::int64_t storedRows(const std::filesystem::path& file) {
    storage::Database db(file);
    return count(db, "SELECT COUNT(*) FROM segmentations") +
           count(db, "SELECT COUNT(*) FROM derivation_runs") +
           count(db, "SELECT COUNT(*) FROM segmentation_derivations");
}

} // namespace

class HabitatToolTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // the dialog's settings stay out of the user's
        demo::DemoOptions options;
        options.outputFolder = temp_.path() / "demo";
        options.patients = 1;
        const demo::DemoSummary summary = demo::writeCohort(options);
        file_ = temp_.path() / "cohort.rgwdb";
        storage::Database db(file_);
        storage::importPaths(db, {options.outputFolder});
        series_ = summary.patients[0].ctSeriesInstanceUid;
        QVERIFY(!storage::SegmentationRepository(db).listForSeries(series_).empty());
    }

    void dialogRunStoresTheHabitatsAndShowsThem() {
        ui::MainWindow window;
        QVERIFY(show(window));
        auto* editor = window.segmentationEditor();
        const int segmentsBefore = editor->segmentCount();
        QVERIFY(segmentsBefore > 0);
        editor->setActiveSegment(0);
        const auto segId = editor->segments().segment(0).storedId;
        QVERIFY(segId);

        // The panel's button opens the dialog for the active stored segment.
        auto* button = window.segmentationPanel()->findChild<QPushButton*>("habitatsButton");
        QVERIFY(button);
        QVERIFY(button->isEnabled());
        button->click();
        auto* dialog = window.findChild<ui::HabitatDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->seriesList()->count(), 0); // the demo patient has one image series
        dialog->methodBox()->setCurrentIndex(dialog->methodBox()->findData("kmeans"));
        dialog->automaticBox()->setChecked(false);
        dialog->kBox()->setValue(2);
        dialog->seedBox()->setValue(13);
        dialog->ringBox()->setChecked(false);
        QVERIFY(!dialog->kMinBox()->isEnabled());
        // Fits the smallest supported screen (1366x768) with room for the frame.
        QVERIFY(dialog->sizeHint().width() <= 1300 && dialog->sizeHint().height() <= 700);
        if (const QByteArray folder = qgetenv("RGW_TEST_ARTEFACTS"); !folder.isEmpty())
            dialog->grab().save(QString::fromLocal8Bit(folder) + "/habitat-dialog.png");
        const ui::HabitatRequest request = dialog->request();
        QCOMPARE(request.seriesUids, std::vector<std::string>{series_});
        QCOMPARE(request.options.k, 2);

        QSignalSpy finished(&window, &ui::MainWindow::habitatsFinished);
        QSignalSpy shown(&window, &ui::MainWindow::seriesShown);
        auto* box = dialog->findChild<QDialogButtonBox*>();
        QVERIFY(box);
        box->button(QDialogButtonBox::Ok)->click();
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        const QString summary = finished.first().at(1).toString();
        QVERIFY2(summary.contains("habitat 1:") && summary.contains("habitat 2:"),
                 qPrintable(summary));
        QVERIFY(shown.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(!window.isBusy(), 60000);

        // The segment list gains the two habitats.
        QCOMPARE(editor->segmentCount(), segmentsBefore + 2);
        int habitatRows = 0;
        for (const auto& s : editor->segments().segments())
            habitatRows += QString::fromStdString(s.name).contains(" habitat ");
        QCOMPARE(habitatRows, 2);
        auto* table = window.segmentationPanel()->findChild<QTableWidget*>();
        QVERIFY(table);
        QCOMPARE(table->rowCount(), segmentsBefore + 2);

        // Stored, derived from the shown segmentation, identical to a direct call.
        storage::Database db(file_);
        const auto derived = storage::listDerived(db, *segId);
        QCOMPARE(derived.size(), std::size_t(2));
        const storage::HabitatDerivationResult direct = storage::deriveHabitats(
            db, *segId, request.seriesUids, request.options, std::nullopt, "tester");
        QCOMPARE(direct.saved.segmentationIds.size(), std::size_t(2));
        for (std::size_t i = 0; i < 2; ++i) {
            QCOMPARE(derived[i].run.parentId, *segId);
            QCOMPARE(derived[i].label, static_cast<int>(i) + 1);
            const Mask gui = storage::loadSegmentationMask(db, derived[i].segmentation.id);
            const Mask again = storage::loadSegmentationMask(db, direct.saved.segmentationIds[i]);
            QVERIFY(gui.voxels == again.voxels);
        }
        closeDialogs(window);
    }

    void cancelLeavesTheDatabaseUnchanged() {
        ui::MainWindow window;
        QVERIFY(show(window));
        const auto segId = window.segmentationEditor()->segments().segment(0).storedId;
        QVERIFY(segId);
        const std::int64_t before = storedRows(file_);
        ui::HabitatRequest request;
        request.seriesUids = {series_};
        request.options.k = 2;
        request.options.seed = 3;
        QSignalSpy finished(&window, &ui::MainWindow::habitatsFinished);
        window.startHabitats(*segId, request);
        QVERIFY(window.isBusy());
        window.taskProgress()->cancelButton()->click();
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("cancelled"));
        QCOMPARE(storedRows(file_), before);
    }

    void dialogPutsTheShownSeriesFirstAndRemembersItsSettings() {
        const std::vector<ui::HabitatSeriesChoice> others{{"1.2.3.pet", "PT · PET"},
                                                          {"1.2.3.t2", "MR · T2"}};
        {
            ui::HabitatDialog dialog("target", "1.2.3.ct", others);
            QCOMPARE(dialog.seriesList()->count(), 2);
            dialog.seriesList()->item(1)->setCheckState(Qt::Checked);
            dialog.methodBox()->setCurrentIndex(dialog.methodBox()->findData("gmm"));
            dialog.automaticBox()->setChecked(true);
            QVERIFY(!dialog.kBox()->isEnabled());
            QCOMPARE(dialog.kMinBox()->minimum(), 1); // a mixture may find one habitat
            dialog.kMinBox()->setValue(1);
            dialog.kMaxBox()->setValue(4);
            dialog.seedBox()->setValue(42);
            dialog.ringBox()->setChecked(true);
            dialog.ringWidthBox()->setValue(7.5);
            dialog.ringInnerBox()->setValue(2.0);
            const ui::HabitatRequest r = dialog.request();
            QCOMPARE(r.seriesUids, (std::vector<std::string>{"1.2.3.ct", "1.2.3.t2"}));
            QCOMPARE(r.options.method, segmentation::HabitatMethod::GaussianMixture);
            QCOMPARE(r.options.k, 0);
            QCOMPARE(r.options.kMin, 1);
            QCOMPARE(r.options.kMax, 4);
            QCOMPARE(r.options.seed, std::uint64_t(42));
            QVERIFY(r.ring);
            QCOMPARE(r.ring->widthMm, 7.5);
            QCOMPARE(r.ring->innerMm, 2.0);
            // k-means cannot choose k = 1 (the silhouette needs two clusters).
            dialog.methodBox()->setCurrentIndex(dialog.methodBox()->findData("kmeans"));
            QCOMPARE(dialog.kMinBox()->value(), 2);
            dialog.methodBox()->setCurrentIndex(dialog.methodBox()->findData("gmm"));
            dialog.kMinBox()->setValue(1);
            dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        ui::HabitatDialog again("target", "1.2.3.ct", others);
        const ui::HabitatRequest r = again.request();
        QCOMPARE(r.seriesUids, std::vector<std::string>{"1.2.3.ct"}); // series are per patient
        QCOMPARE(r.options.method, segmentation::HabitatMethod::GaussianMixture);
        QCOMPARE(r.options.k, 0);
        QCOMPARE(r.options.kMin, 1);
        QCOMPARE(r.options.kMax, 4);
        QCOMPARE(r.options.seed, std::uint64_t(42));
        QVERIFY(r.ring);
        QCOMPARE(r.ring->widthMm, 7.5);
        QCOMPARE(r.ring->innerMm, 2.0);
        QSettings().remove("habitats");
    }

    void unsavedEditsAreRefused() {
        ui::MainWindow window;
        QVERIFY(show(window));
        auto* editor = window.segmentationEditor();
        editor->addSegment(QStringLiteral("Unsaved"), {1, 2, 3},
                           Mask(editor->image()->geometry, 0));
        editor->setActiveSegment(editor->segmentCount() - 1);
        QVERIFY(window.openHabitatDialog() == nullptr);
        QVERIFY2(window.lastError().contains("unsaved"), qPrintable(window.lastError()));
        QVERIFY(window.findChild<ui::HabitatDialog*>() == nullptr);
        closeDialogs(window);
    }

private:
    bool show(ui::MainWindow& window) {
        window.setRemembersSettings(false);
        window.resize(1366, 768);
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            return false;
        if (!window.openDatabase(QString::fromStdString(file_.string())))
            return false;
        if (!QTest::qWaitFor([&] { return !window.isBusy() && !window.isLoadingSeries(); }, 60000))
            return false;
        QSignalSpy shown(&window, &ui::MainWindow::seriesShown);
        window.openSeries(QString::fromStdString(series_));
        if (!shown.wait(60000) && window.shownSeries() != QString::fromStdString(series_))
            return false;
        if (!QTest::qWaitFor([&] { return !window.isLoadingSeries(); }, 60000))
            return false;
        return window.segmentationEditor()->segmentCount() > 0;
    }

    static void closeDialogs(ui::MainWindow& window) {
        for (QDialog* d : window.findChildren<QDialog*>())
            d->close();
    }

    test::TempDir temp_;
    std::filesystem::path file_;
    std::string series_;
};

QTEST_MAIN(HabitatToolTest)
#include "test_habitat_tool.moc"
