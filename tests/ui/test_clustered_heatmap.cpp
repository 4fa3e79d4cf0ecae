// The clustered heatmap of the association maps (offscreen): cells drawn in
// the clustering's leaf order with the diverging colour of their value,
// clicks and hit tests in the data's own indices, FDR marks, dendrograms in
// hclust's merge convention, bad shapes refused with a named error, and a
// 1000 x 2000 map drawn in one image.
#include "associations/ClusteredHeatmap.h"
#include "util/Error.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>
#include <cmath>

using rgw::ui::ClusteredHeatmap;
using rgw::ui::DendrogramShape;
using rgw::ui::HeatmapData;

namespace {

/// 3 features x 4 genes, rows shown in order 2, 0, 1 and columns 3, 1, 0, 2,
/// with trees that produce exactly those leaf orders.
HeatmapData smallMap() {
    HeatmapData d;
    d.rowNames = {"glcm.contrast", "morphology.volume", "firstorder.mean"};
    d.columnNames = {"EGFR", "KRAS", "TP53", "STK11"};
    d.values = {0.9, -0.9, 0.1, 0.0, -0.5, 0.5, NAN, 0.2, 0.3, -0.3, 0.7, -1.0};
    d.q = {0.001, 0.01, 0.5, 0.9, 0.2, 0.04, NAN, 0.8, 0.3, 0.3, 0.02, 0.0001};
    d.rowOrder = {2, 0, 1};
    d.columnOrder = {3, 1, 0, 2};
    // hclust convention: -k is leaf k (1-based), +j the cluster of step j.
    d.rowTree = DendrogramShape{{{-3, -1}, {-2, 1}}, {0.4, 0.9}};
    d.columnTree = DendrogramShape{{{-4, -2}, {-1, -3}, {1, 2}}, {0.3, 0.5, 1.2}};
    return d;
}

} // namespace

class ClusteredHeatmapTest : public QObject {
    Q_OBJECT
private slots:
    void cellsAreHitAndClickedInDataIndices() {
        ClusteredHeatmap map;
        map.resize(700, 500);
        map.setData(smallMap());
        map.show();
        QVERIFY(QTest::qWaitForWindowExposed(&map));
        QSignalSpy clicked(&map, &ClusteredHeatmap::cellClicked);
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 4; ++c) {
                const QRect cell = map.cellRect(r, c);
                QVERIFY(cell.width() > 20 && cell.height() > 20);
                const auto hit = map.cellAt(cell.center());
                QVERIFY(hit);
                QCOMPARE(hit->first, r);
                QCOMPARE(hit->second, c);
            }
        // Row 2 is drawn first, column 3 left-most.
        QVERIFY(map.cellRect(2, 0).top() < map.cellRect(0, 0).top());
        QVERIFY(map.cellRect(0, 3).left() < map.cellRect(0, 1).left());
        QTest::mouseClick(&map, Qt::LeftButton, {}, map.cellRect(1, 2).center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.first().at(0).toInt(), 1);
        QCOMPARE(clicked.first().at(1).toInt(), 2);
        QVERIFY(!map.cellAt(QPoint(1, 1))); // the tree corner is no cell
    }

    void cellsHaveTheColourOfTheirValueAndMarks() {
        ClusteredHeatmap map;
        map.resize(700, 500);
        const HeatmapData data = smallMap();
        map.setData(data);
        QImage image(map.size(), QImage::Format_RGB32);
        {
            QPainter painter(&image);
            map.render(painter, image.rect());
        }
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 4; ++c) {
                const QRect cell = map.cellRect(r, c);
                // A corner away from the mark at the centre.
                const QColor shown = image.pixelColor(cell.left() + 3, cell.top() + 3);
                const QColor expected = ClusteredHeatmap::colourOf(data.value(r, c), 1.0);
                QVERIFY2(std::abs(shown.red() - expected.red()) <= 1 &&
                             std::abs(shown.green() - expected.green()) <= 1 &&
                             std::abs(shown.blue() - expected.blue()) <= 1,
                         qPrintable(QString("cell %1,%2").arg(r).arg(c)));
                const bool marked = data.qValue(r, c) <= 0.05;
                QCOMPARE(image.pixelColor(cell.center()) == QColor(Qt::black), marked);
            }
        // The colour scale: white at 0, saturated at the limit, grey for NaN.
        QCOMPARE(ClusteredHeatmap::colourOf(0.0, 1.0), QColor(Qt::white));
        QCOMPARE(ClusteredHeatmap::colourOf(1.0, 1.0), QColor(178, 24, 43));
        QCOMPARE(ClusteredHeatmap::colourOf(-2.0, 1.0), QColor(33, 102, 172));
        QCOMPARE(ClusteredHeatmap::colourOf(NAN, 1.0), QColor(200, 200, 200));
    }

    void badShapesAreRefusedKeepingThePicture() {
        ClusteredHeatmap map;
        map.setData(smallMap());
        HeatmapData d = smallMap();
        d.values.pop_back();
        QVERIFY_THROWS_EXCEPTION(rgw::Error, map.setData(d));
        d = smallMap();
        d.rowOrder = {0, 0, 1};
        QVERIFY_THROWS_EXCEPTION(rgw::Error, map.setData(d));
        d = smallMap();
        d.columnTree->merges[2] = {3, 2}; // a cluster not made yet
        QVERIFY_THROWS_EXCEPTION(rgw::Error, map.setData(d));
        d = smallMap();
        d.rowTree->merges.pop_back();
        QVERIFY_THROWS_EXCEPTION(rgw::Error, map.setData(d));
        QCOMPARE(map.data().rows(), 3); // the previous map is kept
    }

    void zoomAndPanShowOnlyTheVisibleCells() {
        ClusteredHeatmap map;
        map.resize(700, 500);
        const HeatmapData data = smallMap();
        map.setData(data);
        map.show();
        QVERIFY(QTest::qWaitForWindowExposed(&map));
        // Display rows 1..2 (data rows 0, 1) and display columns 1..2 (data 1, 0).
        map.setVisibleRange(1, 2, 1, 2);
        QCOMPARE(map.visibleRange(), QRect(1, 1, 2, 2));
        QImage image(map.size(), QImage::Format_RGB32);
        {
            QPainter painter(&image);
            map.render(painter, image.rect());
        }
        QVERIFY(map.lastPaintedCells() <= 4u);
        for (const int r : {0, 1})
            for (const int c : {1, 0}) {
                const QRect cell = map.cellRect(r, c);
                const auto hit = map.cellAt(cell.center());
                QVERIFY(hit);
                QCOMPARE(hit->first, r);
                QCOMPARE(hit->second, c);
                const QColor shown = image.pixelColor(cell.left() + 3, cell.top() + 3);
                const QColor expected = ClusteredHeatmap::colourOf(data.value(r, c), 1.0);
                QVERIFY(std::abs(shown.red() - expected.red()) <= 1 &&
                        std::abs(shown.blue() - expected.blue()) <= 1);
            }
        // Row 2 (display 0) and column 3 (display 0) are scrolled out of view.
        QVERIFY(!map.cellAt(map.cellRect(2, 1).center()));
        QVERIFY(!map.cellAt(map.cellRect(0, 3).center()));
        // Ranges are clamped to the map.
        map.setVisibleRange(2, 5, -3, 0);
        QCOMPARE(map.visibleRange(), QRect(0, 0, 1, 3));

        // The wheel zooms about the cursor: the cell under it stays under it.
        map.resetView();
        QCOMPARE(map.visibleRange(), QRect(0, 0, 4, 3));
        const QPoint at = map.cellRect(1, 0).center(); // display row 1, column 2
        QWheelEvent in(at, map.mapToGlobal(at), {}, QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                       Qt::NoScrollPhase, false);
        QApplication::sendEvent(&map, &in);
        QVERIFY(map.visibleRange().width() < 4);
        const auto under = map.cellAt(at);
        QVERIFY(under);
        QCOMPARE(*under, std::make_pair(1, 0));

        // A drag pans (and is no click); a click is still a click.
        QSignalSpy clicked(&map, &ClusteredHeatmap::cellClicked);
        map.setVisibleRange(0, 1, 0, 2); // one row (data 2), two columns (data 3, 1)
        const QRect first = map.cellRect(2, 3);
        const QPointF from = first.center();
        const QPointF to = from - QPointF(first.width() * 1.2, 0); // one column to the left
        QMouseEvent press(QEvent::MouseButtonPress, from, map.mapToGlobal(from), Qt::LeftButton,
                          Qt::LeftButton, Qt::NoModifier);
        QMouseEvent move(QEvent::MouseMove, to, map.mapToGlobal(to), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QMouseEvent release(QEvent::MouseButtonRelease, to, map.mapToGlobal(to), Qt::LeftButton,
                            Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(&map, &press);
        QApplication::sendEvent(&map, &move);
        QApplication::sendEvent(&map, &release);
        QCOMPARE(map.visibleRange().x(), 1); // the map followed the pointer
        QCOMPARE(clicked.count(), 0);
        QTest::mouseClick(&map, Qt::LeftButton, {}, map.rect().center());
        QCOMPARE(clicked.count(), 1);
        // Home shows the whole map again.
        QTest::keyClick(&map, Qt::Key_Home);
        QCOMPARE(map.visibleRange(), QRect(0, 0, 4, 3));
    }

    void aMapOfTwentyThousandGenesDrawsOnlyWhatIsVisible() {
        // Issue #14 §6: 1 000 features x 20 000 genes stay interactive.
        HeatmapData d;
        for (int r = 0; r < 1000; ++r)
            d.rowNames << QString("f%1").arg(r);
        for (int c = 0; c < 20000; ++c)
            d.columnNames << QString("g%1").arg(c);
        d.values.resize(20'000'000);
        for (std::size_t i = 0; i < d.values.size(); ++i)
            d.values[i] = std::sin(static_cast<double>(i % 9973));
        ClusteredHeatmap map;
        map.resize(900, 600);
        map.setData(std::move(d));
        QImage image(map.size(), QImage::Format_RGB32);
        {
            QPainter painter(&image);
            map.render(painter, image.rect());
        }
        // At most one sample per pixel: far fewer than the 2e7 cells.
        QVERIFY(map.lastPaintedCells() <= std::size_t(900) * 600);
        // Zoomed in to 10 x 10 cells, each is drawn with its own colour.
        map.setVisibleRange(500, 10, 12345, 10);
        {
            QPainter painter(&image);
            map.render(painter, image.rect());
        }
        QCOMPARE(map.lastPaintedCells(), std::size_t(100));
        const QRect cell = map.cellRect(503, 12347);
        const auto hit = map.cellAt(cell.center());
        QVERIFY(hit);
        QCOMPARE(*hit, std::make_pair(503, 12347));
        const QColor expected =
            ClusteredHeatmap::colourOf(map.data().value(503, 12347), map.data().limit);
        const QColor shown = image.pixelColor(cell.left() + 2, cell.top() + 2);
        QVERIFY(std::abs(shown.red() - expected.red()) <= 1 &&
                std::abs(shown.green() - expected.green()) <= 1);
    }

    void aLargeMapDrawsAsOneImage() {
        HeatmapData d;
        for (int r = 0; r < 1000; ++r)
            d.rowNames << QString("f%1").arg(r);
        for (int c = 0; c < 2000; ++c)
            d.columnNames << QString("g%1").arg(c);
        d.values.resize(2000000);
        for (std::size_t i = 0; i < d.values.size(); ++i)
            d.values[i] = std::sin(static_cast<double>(i));
        ClusteredHeatmap map;
        map.resize(1000, 700);
        map.setData(std::move(d));
        QImage image(map.size(), QImage::Format_RGB32);
        QPainter painter(&image);
        map.render(painter, image.rect());
        QVERIFY(map.cellAt(map.cellRect(999, 1999).center()).has_value());
    }
};

QTEST_MAIN(ClusteredHeatmapTest)
#include "test_clustered_heatmap.moc"
