// View logic of the slice viewer, without a window: slice navigation,
// window/level arithmetic, presets. Expected values are derived by hand from
// the definitions in WindowLevel.h / SliceNavigator.h.
#include "slice/SliceNavigator.h"
#include "slice/WindowLevel.h"
#include "util/Error.h"

#include <QTest>

using namespace rgw;
using namespace rgw::viewers;

class SliceLogicTest : public QObject {
    Q_OBJECT
private slots:
    void navigatorStartsInTheMiddleAndClamps() {
        SliceNavigator nav;
        QVERIFY(nav.empty());
        QVERIFY(!nav.step(1)); // nothing to move through
        nav.reset(90);
        QCOMPARE(nav.current(), 44); // (90 - 1) / 2
        QCOMPARE(nav.pageStep(), 9);
        QVERIFY(nav.pageUp());
        QCOMPARE(nav.current(), 53);
        QVERIFY(nav.last());
        QCOMPARE(nav.current(), 89);
        QVERIFY(!nav.step(1)); // clamped at the top: no change reported
        QCOMPARE(nav.current(), 89);
        QVERIFY(nav.setCurrent(-5));
        QCOMPARE(nav.current(), 0);
        QVERIFY(!nav.pageDown());
        nav.reset(3);
        QCOMPARE(nav.pageStep(), 1); // at least one slice per page
        QCOMPARE(nav.current(), 1);
    }

    void windowLevelRange() {
        const WindowLevel wl{400.0, 40.0};
        QCOMPARE(wl.lower(), -160.0);
        QCOMPARE(wl.upper(), 240.0);
        const auto pet = WindowLevel::fromRange(0.0, 5.0);
        QCOMPARE(pet.window, 5.0);
        QCOMPARE(pet.level, 2.5);
        const auto swapped = WindowLevel::fromRange(10.0, -10.0);
        QCOMPARE(swapped.window, 20.0);
        QCOMPARE(swapped.level, 0.0);
    }

    void dragChangesWindowHorizontallyAndLevelVertically() {
        const WindowLevel start{400.0, 40.0};
        // 50 px right in a 200 px wide view: +50 * 2 * 400 / 200 = +200.
        auto wl = dragWindowLevel(start, 50.0, 0.0, 200.0, 100.0);
        QCOMPARE(wl.window, 600.0);
        QCOMPARE(wl.level, 40.0);
        // 25 px up (dy = -25) in a 100 px high view: +25 * 2 * 400 / 100 = +200.
        wl = dragWindowLevel(start, 0.0, -25.0, 200.0, 100.0);
        QCOMPARE(wl.window, 400.0);
        QCOMPARE(wl.level, 240.0);
        // Dragging far left never makes the window zero or negative.
        wl = dragWindowLevel(start, -1000.0, 0.0, 200.0, 100.0);
        QCOMPARE(wl.window, kMinimumWindow);
        // The gain follows the window: the same drag on an SUV 0-5 window.
        wl = dragWindowLevel(WindowLevel::fromRange(0.0, 5.0), 20.0, 0.0, 200.0, 100.0);
        QCOMPARE(wl.window, 6.0);
    }

    void percentileWindowUsesNearestRank() {
        // Values 1..100 (shuffled order): the 1st and 99th percentiles by
        // nearest rank are 1 and 99.
        Geometry g;
        g.size = {10, 5, 2};
        Volume v(g);
        for (std::size_t i = 0; i < v.voxels.size(); ++i)
            v.voxels[i] = static_cast<float>((i * 37) % 100 + 1);
        const auto wl = percentileWindow(v, 1.0, 99.0);
        QCOMPARE(wl.lower(), 1.0);
        QCOMPARE(wl.upper(), 99.0);
        QCOMPARE(wl.window, 98.0);
        QCOMPARE(wl.level, 50.0);
        QVERIFY_THROWS_EXCEPTION(rgw::Error, percentileWindow(Volume{}));
    }

    void presetsPerModality() {
        const auto ct = presetsFor(IntensityUnit::HounsfieldUnit, "CT");
        QStringList names;
        for (const auto& p : ct)
            names << QString::fromStdString(p.name);
        for (const char* expected : {"Lung", "Mediastinum", "Soft tissue", "Bone", "Brain"})
            QVERIFY2(names.contains(expected), expected);
        const auto lung =
            std::find_if(ct.begin(), ct.end(), [](auto& p) { return p.name == "Lung"; });
        QCOMPARE(lung->windowLevel.window, 1500.0);
        QCOMPARE(lung->windowLevel.level, -600.0);

        const auto pet = presetsFor(IntensityUnit::SuvBodyWeight, "PT");
        QCOMPARE(pet.at(0).windowLevel.lower(), 0.0);
        QCOMPARE(pet.at(0).windowLevel.upper(), 5.0);
        QCOMPARE(pet.at(1).windowLevel.upper(), 10.0);

        const auto mr = presetsFor(IntensityUnit::RescaledValue, "MR");
        QCOMPARE(mr.size(), std::size_t(1));
        QVERIFY(mr.front().automatic);
        Geometry g;
        g.size = {100, 1, 1};
        Volume v(g);
        for (int i = 0; i < 100; ++i)
            v.voxels[static_cast<std::size_t>(i)] = static_cast<float>(i + 1);
        const auto resolved = resolvePreset(mr.front(), v);
        QCOMPARE(resolved.lower(), 1.0);
        QCOMPARE(resolved.upper(), 99.0);
    }

    void busiestSliceOfAMask() {
        Geometry g;
        g.size = {4, 4, 5};
        Mask m(g);
        QCOMPARE(sliceWithMostVoxels(m), -1);
        m.at(0, 0, 1) = 1;
        m.at(1, 1, 3) = 1;
        m.at(2, 2, 3) = 1;
        QCOMPARE(sliceWithMostVoxels(m), 3);
    }
};

QTEST_GUILESS_MAIN(SliceLogicTest)
#include "test_slice_logic.moc"
