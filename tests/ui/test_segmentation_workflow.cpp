// Real use of the segmentation workspace under Xvfb, through the mouse and the
// window's own actions: open the shared STS_001 CT with its RTSTRUCT GTV,
// change window/level by dragging, paint a stroke on the axial slice, undo,
// redo, grow a region from a clicked seed, save new versions, export DICOM SEG
// and import it back.
#include "Database.h"
#include "ImportService.h"
#include "MainWindow.h"
#include "SegmentationPanel.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "TestData.h"
#include "bridge/OpenGLSupport.h"
#include "bridge/VtkOpenGLWidget.h"
#include "layout/ViewerLayout.h"
#include "segmentation/Islands.h"
#include "segmentation/RegionGrowing.h"
#include "segmentation/RoiStatistics.h"
#include "segmentation/SegmentationEditor.h"
#include "slice/SliceView.h"

#include <QApplication>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <cmath>

using namespace rgw;

namespace {

const char* const kCtSeriesUid = "1.3.6.1.4.1.14519.5.2.1.5168.1900.449841255123215696894565592289";
const char* const kPetSeriesUid =
    "1.3.6.1.4.1.14519.5.2.1.5168.1900.811429268658319669943822548684";

std::size_t voxelCount(const Mask& mask) {
    std::size_t n = 0;
    for (const auto v : mask.voxels)
        n += v != 0;
    return n;
}

void mouse(QWidget* canvas, QEvent::Type type, const QPointF& at, Qt::MouseButton button,
           Qt::MouseButtons buttons, Qt::KeyboardModifiers modifiers = {}) {
    QMouseEvent event(type, at, canvas->mapToGlobal(at), button, buttons, modifiers);
    QApplication::sendEvent(canvas, &event);
}

/// A left-button drag from `from` to `to` in `steps` moves.
void drag(QWidget* canvas, const QPointF& from, const QPointF& to, int steps = 10) {
    mouse(canvas, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
    for (int s = 1; s <= steps; ++s)
        mouse(canvas, QEvent::MouseMove, from + (to - from) * (double(s) / steps), Qt::NoButton,
              Qt::LeftButton);
    mouse(canvas, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
}

} // namespace

class SegmentationWorkflowTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        const QString problem = viewers::openGLProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void paintUndoRedoGrowSaveExportReimport() {
        if (!test::hasData())
            QSKIP("shared test data not found (set RGW_TEST_DATA)");
        test::TempDir temp;
        const auto dbFile = temp.path() / "cohort.rgwdb";
        {
            storage::Database db(dbFile);
            storage::importPaths(db,
                                 {test::ibsiDataSets() / "ibsi_validation" / "dicom" / "STS_001"});
        }
        ui::MainWindow window;
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window)); // shortcuts go to the active window
        QVERIFY(window.openDatabase(QString::fromStdString(dbFile.string()), false));
        QSignalSpy shown(&window, &ui::MainWindow::seriesShown);
        window.openSeries(kCtSeriesUid);
        QVERIFY(shown.wait(60000));

        viewers::SegmentationEditor* editor = window.segmentationEditor();
        ui::SegmentationPanel* panel = window.segmentationPanel();
        viewers::SliceView* axial = window.sliceView();
        QWidget* canvas = axial->canvas();
        QCOMPARE(editor->segmentCount(), 1); // GTV_Mass_CT from the RTSTRUCT
        QCOMPARE(QString::fromStdString(editor->segments().segment(0).name),
                 QString("GTV_Mass_CT"));
        const std::size_t gtvVoxels = voxelCount(editor->segments().segment(0).mask);
        QVERIFY(gtvVoxels > 1000);

        // Statistics are computed on a worker reading the mask in place:
        // edits wait meanwhile; the voxel count is the mask's.
        QSignalSpy statistics(panel, &ui::SegmentationPanel::statisticsReady);
        panel->requestStatistics();
        QVERIFY(editor->isBusy());
        QVERIFY(statistics.wait(30000));
        QVERIFY(!editor->isBusy());
        QVERIFY2(
            statistics.first().at(0).toString().contains(QString("(%1 voxels)").arg(gtvVoxels)),
            qPrintable(statistics.first().at(0).toString()));
        QTRY_VERIFY_WITH_TIMEOUT(canvas->width() > 100, 5000);

        // Window/level by a left drag in Navigate mode: right widens the window.
        const viewers::WindowLevel before = axial->windowLevel();
        const QPointF centre(canvas->width() / 2.0, canvas->height() / 2.0);
        drag(canvas, centre, centre + QPointF(canvas->width() / 4.0, 0));
        QVERIFY2(axial->windowLevel().window > before.window * 1.2,
                 qPrintable(QString::number(axial->windowLevel().window)));

        // Paint: a new segment, a 20 mm stroke with a 5 mm brush on the axial slice,
        // 6 cm to the patient's left of the GTV centre.
        panel->newSegmentAction()->trigger();
        QCOMPARE(editor->segmentCount(), 2);
        const int painted = editor->activeSegment();
        panel->setBrushRadius(5.0);
        panel->setTool(ui::SegmentationPanel::Tool::Paint);
        const Eigen::Vector3d at = axial->crosshair() + Eigen::Vector3d(60.0, 0.0, 0.0);
        const QPointF from = axial->patientToCanvas(at);
        const QPointF to = axial->patientToCanvas(at + Eigen::Vector3d(0.0, 20.0, 0.0));
        drag(canvas, from, to);
        const auto& g = editor->image()->geometry;
        const double pixelArea = g.spacing[0] * g.spacing[1];
        const double expected = (M_PI * 25.0 + 2 * 5.0 * 20.0) / pixelArea; // capsule area
        const std::size_t strokeVoxels = voxelCount(editor->segments().segment(painted).mask);
        QVERIFY2(std::abs(double(strokeVoxels) - expected) < 0.15 * expected,
                 qPrintable(QString("%1 voxels, expected %2").arg(strokeVoxels).arg(expected)));
        const Mask strokeMask = editor->segments().segment(painted).mask;

        // Undo and redo through the window's shortcuts.
        QVERIFY(panel->undoAction()->isEnabled());
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(voxelCount(editor->segments().segment(painted).mask), std::size_t(0));
        QTest::keyClick(&window, Qt::Key_Y, Qt::ControlModifier);
        QVERIFY(editor->segments().segment(painted).mask.voxels == strokeMask.voxels);

        // Region growing from a click on the GTV centre into a new segment, off
        // the GUI thread. Sarcoma and muscle share HU values, so the range is
        // the GTV's mean +- 1 SD (as a user would read it from the statistics).
        const auto gtvStats = segmentation::computeRoiStatistics(
            *editor->image(), editor->segments().segment(0).mask);
        panel->setThresholdRange(gtvStats.mean - gtvStats.sd, gtvStats.mean + gtvStats.sd);
        panel->setRangeRestricted(true);
        panel->newSegmentAction()->trigger();
        const int grown = editor->activeSegment();
        panel->setTool(ui::SegmentationPanel::Tool::RegionGrow);
        const Eigen::Vector3d seed = axial->crosshair();
        mouse(canvas, QEvent::MouseButtonPress, axial->patientToCanvas(seed), Qt::LeftButton,
              Qt::LeftButton);
        mouse(canvas, QEvent::MouseButtonRelease, axial->patientToCanvas(seed), Qt::LeftButton,
              Qt::NoButton);
        QTRY_VERIFY_WITH_TIMEOUT(!editor->isBusy(), 30000);
        // The click ran the core region growing with the panel's range (its
        // accuracy is tested on analytic shapes in test_segmentation_regions).
        const Mask& region = editor->segments().segment(grown).mask;
        const auto seedVoxel = segmentation::nearestVoxel(editor->image()->geometry, seed);
        QVERIFY(seedVoxel);
        const Mask expectedRegion =
            segmentation::growRegion(*editor->image(), *seedVoxel,
                                     {gtvStats.mean - gtvStats.sd, gtvStats.mean + gtvStats.sd});
        QVERIFY(region.voxels == expectedRegion.voxels);
        QVERIFY(region.at((*seedVoxel)[0], (*seedVoxel)[1], (*seedVoxel)[2]));
        QCOMPARE(segmentation::islandSizes(region, segmentation::Connectivity::Six).size(),
                 std::size_t(1));
        qInfo("region growing: %zu voxels", voxelCount(region));
        // Undo removes the grown region in one step.
        editor->undo();
        QCOMPARE(voxelCount(editor->segments().segment(grown).mask), std::size_t(0));
        editor->redo();
        QVERIFY(editor->segments().segment(grown).mask.voxels == expectedRegion.voxels);

        // Deleting a segment is undoable too: it leaves the views, Ctrl+Z
        // brings it back with its voxels.
        const std::size_t shownBefore = window.viewer()->overlays().size();
        editor->removeSegment(painted);
        QCOMPARE(window.viewer()->overlays().size(), shownBefore - 1);
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(window.viewer()->overlays().size(), shownBefore);
        QVERIFY(!editor->segments().segment(painted).removed);
        QVERIFY(editor->segments().segment(painted).mask.voxels == strokeMask.voxels);

        // An edit of the stored GTV: erase a stroke through it.
        editor->setActiveSegment(0);
        panel->setTool(ui::SegmentationPanel::Tool::Erase);
        drag(canvas, axial->patientToCanvas(seed - Eigen::Vector3d(10, 0, 0)),
             axial->patientToCanvas(seed + Eigen::Vector3d(10, 0, 0)));
        QVERIFY(voxelCount(editor->segments().segment(0).mask) < gtvVoxels);

        // Save: GTV version 2 (parent version 1), two new lineages.
        // The worker reads the masks in place: an erase stroke meanwhile is
        // refused (the eraser is still the tool).
        QSignalSpy saved(&window, &ui::MainWindow::segmentationsSaved);
        const std::size_t beforeSave = voxelCount(editor->segments().segment(0).mask);
        QTest::keyClick(&window, Qt::Key_S, Qt::ControlModifier);
        QVERIFY(editor->isBusy());
        drag(canvas, axial->patientToCanvas(seed - Eigen::Vector3d(10, 8, 0)),
             axial->patientToCanvas(seed + Eigen::Vector3d(10, -8, 0)));
        QCOMPARE(voxelCount(editor->segments().segment(0).mask), beforeSave);
        QVERIFY(saved.wait(60000));
        QVERIFY2(saved.first().at(0).toBool(), qPrintable(saved.first().at(1).toString()));
        QVERIFY(!editor->isBusy());
        QVERIFY(!editor->hasUnsavedChanges());
        panel->setTool(ui::SegmentationPanel::Tool::Navigate);
        std::vector<storage::Id> storedIds;
        for (const auto& s : editor->segments().segments())
            storedIds.push_back(*s.storedId);
        {
            storage::Database db(dbFile);
            storage::SegmentationRepository repo(db);
            const auto gtvV2 = repo.find(storedIds[0]);
            QVERIFY(gtvV2);
            QCOMPARE(gtvV2->version, 2);
            QVERIFY(gtvV2->parentId);
            QCOMPARE(repo.find(*gtvV2->parentId)->version, 1);
            QVERIFY(storage::loadSegmentationMask(db, storedIds[0]).voxels ==
                    editor->segments().segment(0).mask.voxels);
            QCOMPARE(repo.find(storedIds[painted])->version, 1);
            QVERIFY(storage::loadSegmentationMask(db, storedIds[painted]).voxels ==
                    strokeMask.voxels);
        }

        // Export all three as one DICOM SEG, import it, compare voxel for voxel.
        const auto segFile = temp.path() / "export" / "edited-seg.dcm";
        std::filesystem::create_directories(segFile.parent_path());
        QSignalSpy exported(&window, &ui::MainWindow::segmentationsExported);
        window.exportSegmentations("seg", QString::fromStdString(segFile.string()));
        QVERIFY(exported.wait(60000));
        QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));
        {
            storage::Database db(dbFile);
            const auto report = storage::importPaths(db, {segFile.parent_path()});
            QCOMPARE(report.segmentationsAdded, std::size_t(3));
            storage::SegmentationRepository repo(db);
            int matched = 0;
            for (const auto& row : repo.listForSeries(kCtSeriesUid)) {
                if (row.source != storage::SegmentationSource::Seg)
                    continue;
                const Mask reimported = storage::loadSegmentationMask(db, row.id);
                for (int n = 0; n < editor->segmentCount(); ++n)
                    if (editor->segments().segment(n).name == row.roiName) {
                        QVERIFY2(reimported.voxels == editor->segments().segment(n).mask.voxels,
                                 row.roiName.c_str());
                        ++matched;
                    }
            }
            QCOMPARE(matched, 3);
            QCOMPARE(QString::fromStdString(db.integrityCheck()), QString("ok"));
        }

        // Copy the edited CT GTV onto the PET series (resampled in patient
        // space): same volume within a voxel layer of the coarser PET grid.
        const double ctVolume = double(voxelCount(editor->segments().segment(0).mask)) *
                                editor->image()->geometry.spacing.prod();
        shown.clear();
        window.openSeries(kPetSeriesUid);
        QVERIFY(shown.wait(60000));
        const int petSegments = editor->segmentCount();
        QSignalSpy copied(&window, &ui::MainWindow::segmentCopied);
        window.copySegmentationToShownSeries(storedIds[0]);
        QVERIFY(copied.wait(60000));
        QVERIFY(copied.first().at(0).toBool());
        QCOMPARE(editor->segmentCount(), petSegments + 1);
        const auto& pet = editor->image()->geometry;
        const double petVolume =
            double(voxelCount(editor->segments().segment(petSegments).mask)) * pet.spacing.prod();
        qInfo("GTV copied CT -> PET: %.1f ml -> %.1f ml", ctVolume / 1000, petVolume / 1000);
        QVERIFY(std::abs(petVolume - ctVolume) < 0.1 * ctVolume);
        QVERIFY(!editor->segments().segment(petSegments).storedId); // new until saved

        // Import the PET's NIfTI reference mask (in the background): after
        // saving, the series reopens with it, voxel for voxel the mask the
        // PET's RTSTRUCT GTV rasterises to (Dice 1 in test_reference_masks).
        saved.clear();
        QTest::keyClick(&window, Qt::Key_S, Qt::ControlModifier);
        QVERIFY(saved.wait(60000));
        QSignalSpy imported(&window, &ui::MainWindow::niftiMaskImported);
        shown.clear();
        const auto petMask =
            test::ibsiDataSets() / "ibsi_validation" / "nifti" / "STS_001" / "PET_mask.nii.gz";
        window.importNiftiIntoShownSeries(QString::fromStdString(petMask.string()));
        QVERIFY(window.isBusy()); // off the GUI thread
        QVERIFY(imported.wait(60000));
        QVERIFY2(imported.first().at(0).toBool(), qPrintable(imported.first().at(1).toString()));
        QVERIFY(shown.wait(60000));
        int niftiIndex = -1, rtstructIndex = -1;
        for (int n = 0; n < editor->segmentCount(); ++n) {
            const auto& name = editor->segments().segment(n).name;
            if (name == "PET_mask")
                niftiIndex = n;
            else if (name == "GTV_Mass_PET")
                rtstructIndex = n;
        }
        QVERIFY(niftiIndex >= 0 && rtstructIndex >= 0);
        const std::size_t niftiVoxels = voxelCount(editor->segments().segment(niftiIndex).mask);
        const std::size_t rtstructVoxels =
            voxelCount(editor->segments().segment(rtstructIndex).mask);
        qInfo("PET NIfTI mask imported: %zu voxels; RTSTRUCT GTV: %zu", niftiVoxels,
              rtstructVoxels);
        QVERIFY(niftiVoxels > 0);
        QVERIFY(std::abs(double(niftiVoxels) - double(rtstructVoxels)) < 0.01 * rtstructVoxels);
    }
};

QTEST_MAIN(SegmentationWorkflowTest)
#include "test_segmentation_workflow.moc"
