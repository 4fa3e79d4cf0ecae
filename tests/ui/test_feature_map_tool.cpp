// Analysis > Feature map and Filter response (issue #16 §3, §5) through the
// main window under Xvfb, on a one-patient demo cohort (CT + RTSTRUCT lesion):
// - the Feature map action opens the dialog, the maps are computed in the
//   background and the overlaid (fusion) volume equals core's
//   FeatureMaps::volume(f) for the same image, segment, parameter set,
//   features and radius at every kernel centre, and is NaN (transparent)
//   everywhere else; the probe names the map; Save map as NIfTI writes
//   volume(f) itself; Clear removes the overlay;
// - a cancelled run leaves no overlay, no map and no busy state;
// - the Filter response dialog lists a parameter file's filters and the
//   overlaid response equals filters::applyFilter on the processed image;
//   shown as the image and back;
// - both dialogs remember their settings.
#include "Database.h"
#include "FeatureMapDialog.h"
#include "FilterResponseDialog.h"
#include "ImageFilterEditor.h"
#include "ImportService.h"
#include "MainWindow.h"
#include "MapPanel.h"
#include "SegmentationRepository.h"
#include "TaskProgress.h"
#include "TestData.h"
#include "bridge/WidgetGrab.h"
#include "demo/DemoCohort.h"
#include "filters/FilterSpec.h"
#include "io/nifti/Nifti.h"
#include "layout/ViewerLayout.h"
#include "radiomics/ParameterSet.h"
#include "radiomics/featuremaps/FeatureMaps.h"
#include "radiomics/processing/Pipeline.h"
#include "segmentation/SegmentationEditor.h"
#include "slice/SliceView.h"
#include "slice/WindowLevel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <QTreeWidget>
#include <cmath>
#include <cstring>
#include <fstream>

using namespace rgw;

namespace {

/// Value-for-value equality, NaN equal to NaN; the first difference in `why`.
bool sameValues(const Volume& a, const Volume& b, QString& why) {
    if (a.voxels.size() != b.voxels.size()) {
        why = "different voxel counts";
        return false;
    }
    for (std::size_t v = 0; v < a.voxels.size(); ++v) {
        const float x = a.voxels[v], y = b.voxels[v];
        if (std::isnan(x) != std::isnan(y) || (!std::isnan(x) && x != y)) {
            why = QString("voxel %1: %2 vs %3").arg(v).arg(x).arg(y);
            return false;
        }
    }
    return true;
}

/// sameValues on the same grid.
bool sameVoxels(const Volume& a, const Volume& b, QString& why) {
    if (!a.geometry.sameGrid(b.geometry)) {
        why = "different grids";
        return false;
    }
    return sameValues(a, b, why);
}

const char* const kFilterYaml = R"(name: map test filters
modalities: [CT]
slice_wise: false
interpolation:
  enabled: false
filters:
  - type: mean
    support: 5
    dimensions: 3D
    boundary: mirror
  - type: log
    sigma_mm: 1.5
    truncation: 4
    dimensions: 3D
    boundary: mirror
)";

} // namespace

class FeatureMapToolTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // the dialogs' settings stay out of the user's
        QSettings().remove("featureMaps");
        QSettings().remove("filterResponse");
        demo::DemoOptions options;
        options.outputFolder = temp_.path() / "demo";
        options.patients = 1;
        const demo::DemoSummary summary = demo::writeCohort(options);
        file_ = temp_.path() / "cohort.rgwdb";
        storage::Database db(file_);
        storage::importPaths(db, {options.outputFolder});
        series_ = summary.patients[0].ctSeriesInstanceUid;
        QVERIFY(!storage::SegmentationRepository(db).listForSeries(series_).empty());
        filterYaml_ = temp_.path() / "filters.yaml";
        std::ofstream(filterYaml_) << kFilterYaml;
    }

    void cleanupTestCase() {
        QSettings().remove("featureMaps");
        QSettings().remove("filterResponse");
    }

    void dialogOverlaysCoresFeatureMap() {
        ui::MainWindow window;
        QVERIFY(show(window));
        auto* editor = window.segmentationEditor();
        editor->setActiveSegment(0);
        auto* action = window.findChild<QAction*>("featureMapAction");
        QVERIFY(action);
        QVERIFY(action->isEnabled());
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
        action->trigger();
        auto* dialog = window.findChild<ui::FeatureMapDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->sizeHint().width() <= 1300 && dialog->sizeHint().height() <= 700);
        const QStringList columns{"intensity_statistics.mean_intensity",
                                  "glcm.joint_entropy.3d_mrg"};
        // A set that interpolates cannot make maps on the image grid: said, not run.
        dialog->parameterBox()->setCurrentIndex(dialog->parameterBox()->findData("ct-default"));
        QVERIFY(!dialog->computeButton()->isEnabled());
        QVERIFY2(dialog->note()->text().contains("interpolates"),
                 qPrintable(dialog->note()->text()));
        dialog->parameterBox()->setCurrentIndex(dialog->parameterBox()->findData("ibsi-config-A"));
        QVERIFY(dialog->note()->text().isEmpty());
        dialog->setCheckedFeatures({});
        QVERIFY(!dialog->computeButton()->isEnabled()); // nothing ticked
        dialog->setCheckedFeatures(columns);
        QVERIFY(dialog->computeButton()->isEnabled());
        dialog->radiusBox()->setValue(1);
        dialog->maskBox()->setChecked(true);
        QCOMPARE(dialog->request().features, columns);

        QSignalSpy finished(&window, &ui::MainWindow::featureMapsFinished);
        dialog->computeButton()->click();
        QVERIFY(finished.wait(300000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY(!window.isBusy());
        ui::MapPanel* panel = window.mapPanel();
        QCOMPARE(panel->count(), 2);
        QCOMPARE(panel->shownIndex(), 0);
        QVERIFY(window.mapDock()->isVisible());

        // Core, called directly with the same inputs.
        const radiomics::ParameterSet parameters = radiomics::loadParameterSet("ibsi-config-A");
        const std::shared_ptr<const Mask> mask = editor->sharedMask(0);
        const auto maps = radiomics::featuremaps::computeFeatureMaps(
            *editor->image(), mask.get(), parameters.settings,
            radiomics::featuremaps::selectMapFeatures(columns.join(',').toStdString()), {1, 1});
        QVERIFY2(maps.voxels.size() > 50, qPrintable(QString::number(maps.voxels.size())));
        auto* axial = window.viewer()->sliceView(SliceOrientation::Axial);
        for (int f = 0; f < 2; ++f) {
            panel->choiceBox()->setCurrentIndex(f + 1);
            QCOMPARE(panel->shownIndex(), f);
            const Volume expected = maps.volume(static_cast<std::size_t>(f));
            // What the viewer overlays: core's map at the kernel centres, NaN elsewhere.
            Volume display = expected;
            std::fill(display.voxels.begin(), display.voxels.end(), std::nanf(""));
            for (const std::size_t v : maps.voxels)
                display.voxels[v] = expected.voxels[v];
            for (auto o :
                 {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
                const auto& fusion = window.viewer()->sliceView(o)->fusion();
                QVERIFY(fusion);
                QString why;
                QVERIFY2(sameVoxels(*fusion, display, why), qPrintable(why));
            }
            QVERIFY(axial->fusionName().startsWith(columns[f]));
            // Window: the 1st..99th percentile of the map's finite values in the segment.
            const WindowLevel wl = axial->fusionWindowLevel();
            const WindowLevel want = percentileWindow(display, 1.0, 99.0);
            QVERIFY(wl.window > 0.0);
            QCOMPARE(wl.level, want.level);
            QCOMPARE(wl.window, std::max(want.window, viewers::kMinimumWindow));
            QString why;
            QVERIFY2(sameVoxels(*panel->map(f).values, expected, why), qPrintable(why));
        }
        if (const QByteArray folder = qgetenv("RGW_TEST_ARTEFACTS"); !folder.isEmpty())
            viewers::grabWithCanvases(window).save(QString::fromLocal8Bit(folder) +
                                                   "/feature-map-overlay.png");
        // The probe names the map at the segment's centre (where the series opened).
        const QString probe = axial->probeAt(window.viewer()->crosshair());
        QVERIFY2(probe.contains(columns[1]), qPrintable(probe));

        // Save map as NIfTI writes core's map (0 outside the segment).
        const QString out =
            QString::fromStdString((temp_.path() / "joint_entropy.nii.gz").string());
        QSignalSpy saved(&window, &ui::MainWindow::mapSaved);
        window.saveShownMap(out);
        QVERIFY(saved.wait(60000));
        QVERIFY2(saved.first().at(0).toBool(), qPrintable(saved.first().at(1).toString()));
        const Volume written = nifti::readVolume(out.toStdString());
        QString why;
        QVERIFY2(sameValues(written, maps.volume(1), why), qPrintable(why));

        // Clear: no overlay, no map.
        panel->clearButton()->click();
        QCOMPARE(panel->count(), 0);
        QVERIFY(!axial->hasFusion());
    }

    void cancelLeavesNoOverlay() {
        ui::MainWindow window;
        QVERIFY(show(window));
        window.segmentationEditor()->setActiveSegment(0);
        ui::FeatureMapRequest request;
        request.parameterSpec = "ibsi-config-A";
        for (const auto& f : radiomics::featuremaps::selectMapFeatures("glcm,intensity_histogram"))
            request.features << QString::fromStdString(f.columnName);
        request.radius = 4;
        request.useMask = false; // every voxel of the CT: long enough to cancel
        QSignalSpy finished(&window, &ui::MainWindow::featureMapsFinished);
        window.startFeatureMaps(request);
        QVERIFY(window.isBusy());
        window.taskProgress()->cancelButton()->click();
        QVERIFY(finished.wait(300000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("cancelled"));
        QVERIFY(!window.isBusy());
        QCOMPARE(window.mapPanel()->count(), 0);
        QCOMPARE(window.mapPanel()->shownIndex(), -1);
        QVERIFY(!window.mapDock()->isVisible());
        for (auto o :
             {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal})
            QVERIFY(!window.viewer()->sliceView(o)->hasFusion());
        QVERIFY(window.findChild<QAction*>("featureMapAction")->isEnabled());
    }

    void filterResponseEqualsCoresResponse() {
        QSettings().setValue("filterResponse/parameters",
                             QString::fromStdString(filterYaml_.string()));
        QSettings().setValue("filterResponse/filter", 1);
        ui::MainWindow window;
        QVERIFY(show(window));
        window.segmentationEditor()->setActiveSegment(0);
        auto* action = window.findChild<QAction*>("filterResponseAction");
        QVERIFY(action);
        QVERIFY(action->isEnabled());
        action->trigger();
        auto* dialog = window.findChild<ui::FilterResponseDialog*>();
        QVERIFY(dialog);
        QCOMPARE(dialog->filterBox()->count(), 2);
        QCOMPARE(dialog->filterBox()->currentIndex(), 1); // remembered
        QVERIFY(dialog->filterBox()->currentText().contains("log"));
        // A preset without filters: said so, and nothing to compute.
        const int yaml = dialog->parameterBox()->currentIndex();
        dialog->parameterBox()->setCurrentIndex(dialog->parameterBox()->findData("ct-default"));
        QVERIFY(!dialog->computeButton()->isEnabled());
        QVERIFY(dialog->note()->text().contains("filters"));
        dialog->parameterBox()->setCurrentIndex(yaml);
        dialog->filterBox()->setCurrentIndex(1);
        QVERIFY(dialog->computeButton()->isEnabled());

        QSignalSpy finished(&window, &ui::MainWindow::filterResponseFinished);
        dialog->computeButton()->click();
        QVERIFY(finished.wait(300000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));

        const radiomics::ParameterSet parameters =
            radiomics::loadParameterSet(filterYaml_.string());
        const auto image = window.segmentationEditor()->image();
        const Volume expected =
            filters::applyFilter(radiomics::processing::processedImage(*image, parameters.settings),
                                 parameters.settings.filters[1]);
        auto* axial = window.viewer()->sliceView(SliceOrientation::Axial);
        QVERIFY(axial->hasFusion());
        QString why;
        QVERIFY2(sameVoxels(*axial->fusion(), expected, why), qPrintable(why));
        QVERIFY(axial->fusionName().contains("log"));

        // Viewable as a series: the response as the image, then the CT again.
        ui::MapPanel* panel = window.mapPanel();
        const QString imageTitle = window.viewer()->title();
        QVERIFY(panel->asImageBox()->isEnabled());
        panel->asImageBox()->setChecked(true);
        QVERIFY(window.viewer()->volume() == panel->map(0).display);
        QVERIFY(!axial->hasFusion());
        panel->asImageBox()->setChecked(false);
        QVERIFY(window.viewer()->volume() == image);
        QVERIFY(axial->fusion() == panel->map(0).display);
        QCOMPARE(window.viewer()->title(), imageTitle);
        // View > Remove fusion takes the map off, also while it is shown as the image.
        panel->asImageBox()->setChecked(true);
        auto* unfuse = window.findChild<QAction*>("unfuseAction");
        QVERIFY(unfuse && unfuse->isEnabled());
        unfuse->trigger();
        QVERIFY(window.viewer()->volume() == image);
        QCOMPARE(window.viewer()->title(), imageTitle);
        QVERIFY(!axial->hasFusion());
        QCOMPARE(panel->shownIndex(), -1);
        QVERIFY(!panel->asImageBox()->isChecked());
        QCOMPARE(panel->count(), 1); // still there to pick again
        for (QDialog* d : window.findChildren<QDialog*>())
            d->close();
    }

    void everyMapFamilyIsListedWithItsTitle() {
        // The tree lists core's map features (featuremaps::mapFeatures), one
        // titled branch per family, in core's order; no raw family key shows.
        std::vector<std::string> families;
        std::size_t features = 0;
        for (const auto& f : radiomics::featuremaps::mapFeatures()) {
            if (families.empty() || families.back() != f.family)
                families.push_back(f.family);
            ++features;
        }
        ui::FeatureMapDialog dialog("target");
        auto* tree = dialog.findChild<QTreeWidget*>("mapFeatures");
        QVERIFY(tree);
        QCOMPARE(tree->topLevelItemCount(), int(families.size()));
        std::size_t listed = 0;
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            const QTreeWidgetItem* branch = tree->topLevelItem(i);
            QVERIFY2(branch->text(0) != QString::fromStdString(families[std::size_t(i)]),
                     qPrintable(branch->text(0)));
            listed += std::size_t(branch->childCount());
        }
        QCOMPARE(listed, features);
    }

    void dialogsRememberTheirSettings() {
        {
            ui::FeatureMapDialog dialog("target");
            dialog.parameterBox()->setCurrentIndex(
                dialog.parameterBox()->findData("ibsi-config-A"));
            dialog.setCheckedFeatures(
                {"glcm.contrast.3d_avg", "intensity_histogram.median_discretised_intensity"});
            dialog.radiusBox()->setValue(5);
            dialog.maskBox()->setChecked(false);
            dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        {
            ui::FeatureMapDialog again("target");
            const ui::FeatureMapRequest r = again.request();
            QCOMPARE(r.parameterSpec, QStringLiteral("ibsi-config-A"));
            QCOMPARE(r.features, (QStringList{"intensity_histogram.median_discretised_intensity",
                                              "glcm.contrast.3d_avg"})); // list order
            QCOMPARE(r.radius, 5);
            QCOMPARE(r.useMask, false);
            // Cancel does not store.
            again.radiusBox()->setValue(9);
            again.reject();
        }
        QCOMPARE(ui::FeatureMapDialog("target").radiusBox()->value(), 5);

        QSettings().setValue("filterResponse/parameters",
                             QString::fromStdString(filterYaml_.string()));
        QSettings().setValue("filterResponse/filter", 1);
        {
            ui::FilterResponseDialog dialog("target");
            QCOMPARE(dialog.filterBox()->currentIndex(), 1);
            dialog.filterBox()->setCurrentIndex(0);
            dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        }
        ui::FilterResponseDialog again("target");
        QCOMPARE(again.request().parameterSpec, QString::fromStdString(filterYaml_.string()));
        QCOMPARE(again.request().filter, 0);
    }

    // "Filters..." in the response dialog: the same editor as the extraction
    // dialog's, on the chosen set; its new copy becomes the chosen set, and
    // the entry selected in the editor the filter. The file itself is unchanged.
    void responseDialogEditsTheFiltersInANewSet() {
        ui::FilterResponseDialog dialog("target");
        dialog.parameterBox()->setCurrentIndex(
            dialog.parameterBox()->findData(QString::fromStdString(filterYaml_.string())));
        QCOMPARE(dialog.filterBox()->count(), 2);
        QVERIFY(dialog.filtersButton()->isEnabled());
        QPointer<ui::ImageFilterEditor> editor = dialog.openFilterEditor();
        QVERIFY(editor);
        QCOMPARE(editor->entryList()->count(), 2);
        editor->setSaveFolder(QString::fromStdString((temp_.path() / "sets").string()));
        QSettings().setValue("filterEditor/lastType", "mean");
        editor->entryList()->setCurrentRow(1);
        editor->addEntry(); // a mean filter below the LoG, selected
        QCOMPARE(editor->entryList()->currentRow(), 2);
        QVERIFY2(editor->okButton()->isEnabled(), qPrintable(editor->error()));
        QTest::mouseClick(editor->okButton(), Qt::LeftButton);
        QTRY_VERIFY(!editor);

        const QString chosen = dialog.request().parameterSpec;
        QVERIFY(chosen.startsWith(QString::fromStdString((temp_.path() / "sets").string())));
        QCOMPARE(dialog.filterBox()->count(), 3);
        QCOMPARE(dialog.request().filter, 2);
        QVERIFY(dialog.filterBox()->currentText().contains("mean"));
        QCOMPARE(radiomics::loadParameterSet(filterYaml_.string()).settings.filters.size(),
                 std::size_t(2));

        // A set that cannot be loaded: said in the note, no editor.
        dialog.parameterBox()->addItem("missing", QStringLiteral("/nonexistent/set.yaml"));
        dialog.parameterBox()->setCurrentIndex(dialog.parameterBox()->count() - 1);
        QVERIFY(!dialog.openFilterEditor());
        QVERIFY(dialog.note()->text().contains("set.yaml"));
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

    test::TempDir temp_;
    std::filesystem::path file_;
    std::filesystem::path filterYaml_;
    std::string series_;
};

QTEST_MAIN(FeatureMapToolTest)
#include "test_feature_map_tool.moc"
