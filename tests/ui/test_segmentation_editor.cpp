// SegmentationEditor's sharing rules, without a window: worker threads read
// segment masks in place (no copy on the GUI thread), so edits must wait
// while they read — a running or cancelled tool, or a save holding the
// edits — and masks must not move when segments are added.
#include "image/LabelMap.h"
#include "segmentation/SegmentationEditor.h"
#include "slice/ColourMap.h"

#include <QColor>
#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>
#include <cmath>
#include <future>

using namespace rgw;
using namespace rgw::viewers;

namespace {

std::shared_ptr<const Volume> smallImage() {
    Geometry g;
    g.size = {16, 12, 6};
    g.spacing = {1.0, 1.0, 2.0};
    return std::make_shared<const Volume>(g, 10.0f);
}

} // namespace

class SegmentationEditorTest : public QObject {
    Q_OBJECT
private slots:
    void sharedMasksAliasTheSegmentsAndStayPutWhenSegmentsAreAdded() {
        SegmentationEditor editor;
        editor.setImage(smallImage());
        Mask first(editor.image()->geometry, 0);
        first.at(3, 4, 2) = 1;
        editor.addSegment("First", {255, 0, 0}, first);
        const std::shared_ptr<const Mask> shared = editor.sharedMask(0);
        const auto overlays = editor.overlays();
        QCOMPARE(shared.get(), &editor.segments().segment(0).mask); // in place, no copy
        QCOMPARE(overlays.front().mask.get(), shared.get());
        for (int n = 0; n < 100; ++n)
            editor.addSegment(QString("More %1").arg(n), {0, 255, 0});
        QCOMPARE(shared.get(), &editor.segments().segment(0).mask);
        QCOMPARE(shared->at(3, 4, 2), std::uint8_t{1});
        // A new session leaves the old segments alive for whoever still reads them.
        editor.setImage(smallImage());
        QCOMPARE(shared->at(3, 4, 2), std::uint8_t{1});
    }

    void heldEditsAreRefusedUntilReleased() {
        SegmentationEditor editor;
        editor.setImage(smallImage());
        editor.addSegment("GTV", {255, 0, 0});
        QSignalSpy failed(&editor, &SegmentationEditor::toolFailed);
        const int saving = editor.holdEdits("saving");
        const int statistics = editor.holdEdits("the statistics"); // holds overlap
        QVERIFY(editor.isBusy());
        QCOMPARE(editor.addSegment("Other", {0, 0, 255}), -1);
        QVERIFY(!editor.runTool("Clear", [](const Volume&, const Mask& m) { return m; }));
        QCOMPARE(failed.count(), 2);
        QVERIFY(failed.last().at(0).toString().contains("statistics") ||
                failed.last().at(0).toString().contains("saving"));
        // A stroke does nothing while held.
        SlicePlane plane;
        plane.width = plane.height = 16;
        editor.strokePoint(plane, editor.image()->geometry.physicalPoint({8.0, 6.0, 3.0}), true,
                           false);
        editor.strokeFinished();
        QVERIFY(!editor.canUndo());
        editor.releaseEdits(statistics);
        QVERIFY(editor.isBusy()); // the save still reads
        editor.releaseEdits(saving);
        QVERIFY(!editor.isBusy());
        QCOMPARE(editor.addSegment("Other", {0, 0, 255}), 1);
        // A hold belongs to its session: a new image can be edited at once.
        const int old = editor.holdEdits("saving");
        editor.setImage(smallImage());
        QVERIFY(!editor.isBusy());
        QCOMPARE(editor.addSegment("New", {0, 0, 255}), 0);
        editor.releaseEdits(old);
        QVERIFY(!editor.isBusy());
    }

    void cancelledToolKeepsEditsRefusedUntilItStops() {
        SegmentationEditor editor;
        editor.setImage(smallImage());
        editor.addSegment("GTV", {255, 0, 0});
        std::promise<void> gate;
        std::shared_future<void> open = gate.get_future().share();
        QVERIFY(editor.runTool("Fill", [open](const Volume&, const Mask& m) {
            open.wait(); // still reading `m` when the user cancels
            Mask filled = m;
            std::fill(filled.voxels.begin(), filled.voxels.end(), std::uint8_t{1});
            return filled;
        }));
        QVERIFY(editor.isBusy());
        editor.cancelTool();
        QVERIFY(editor.isBusy()); // it still reads the mask in place
        QSignalSpy failed(&editor, &SegmentationEditor::toolFailed);
        QCOMPARE(editor.addSegment("Other", {0, 0, 255}), -1);
        QVERIFY(failed.last().at(0).toString().contains("stopping"));
        QSignalSpy busy(&editor, &SegmentationEditor::busyChanged);
        gate.set_value();
        QVERIFY(busy.wait(10000));
        QCOMPARE(busy.last().at(0).toBool(), false);
        QVERIFY(!editor.isBusy());
        // Its result was dropped: the mask is unchanged and nothing to undo.
        const auto& mask = editor.segments().segment(0).mask;
        QCOMPARE(std::count(mask.voxels.begin(), mask.voxels.end(), 1), 0);
        QVERIFY(!editor.canUndo());
        QCOMPARE(editor.addSegment("Other", {0, 0, 255}), 1);
    }

    // Issue #11: new segments must stand out from a fused PET in the hot map.
    void defaultSegmentColoursAvoidTheHotColourMap() {
        const auto hot = colourTable(ColourMap::Hot);
        for (int n = 0; n < 16; ++n) {
            const auto c = defaultRoiColour(n);
            const QColor colour(c[0], c[1], c[2]);
            // Hot runs from red (0 deg) through orange to yellow (60 deg), then white.
            const double hue = colour.hsvHueF() * 360.0;
            QVERIFY2(hue >= 90.0 && hue <= 330.0,
                     qPrintable(QString("colour %1 has hue %2").arg(colour.name()).arg(hue)));
            QVERIFY(colour.hsvSaturationF() > 0.4); // a colour, not a grey
            double nearest = 1e9;
            for (const Rgb8& h : hot)
                nearest = std::min(nearest, std::hypot(c[0] - h.r, c[1] - h.g, c[2] - h.b));
            QVERIFY2(
                nearest > 120.0,
                qPrintable(
                    QString("colour %1 is %2 from the hot map").arg(colour.name()).arg(nearest)));
        }
        // Successive segments differ.
        for (int n = 0; n < 8; ++n)
            QVERIFY(defaultRoiColour(n) != defaultRoiColour(n + 1));
    }
};

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    SegmentationEditorTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_segmentation_editor.moc"
