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
