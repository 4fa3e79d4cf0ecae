// A feature map in the fusion layer (issue #16 §3), headless: NaN voxels of
// the overlaid volume (undefined values, and the outside of the segment the
// main window sets to NaN) leave the image pixel exactly as it is, in the
// axial, coronal and sagittal planes of the image grid; finite values above
// the window are blended in; opacity 0 leaves every pixel as it is; with
// Viridis, a value's pixel is its entry of matplotlib's published table.
#include "image/Reslice.h"
#include "slice/ColourMap.h"
#include "slice/SliceComposer.h"
#include "slice/WindowLevel.h"

#include <QTest>
#include <cmath>
#include <cstring>
#include <limits>

using namespace rgw;
using namespace rgw::viewers;

class MapOverlayComposerTest : public QObject {
    Q_OBJECT
private slots:
    void nanVoxelsAreTransparent() {
        // A 24 x 20 x 12 ramp image (every pixel a different grey) and a map on
        // its grid: NaN outside a block, inside it a checkerboard of NaN and
        // values in the upper half of the window.
        Geometry g;
        g.size = {24, 20, 12};
        g.spacing = Eigen::Vector3d(1.0, 1.0, 1.0);
        auto image = std::make_shared<Volume>(g, 0.0f);
        auto map = std::make_shared<Volume>(g, std::numeric_limits<float>::quiet_NaN());
        std::size_t nan = 0, finite = 0;
        for (std::int64_t k = 0; k < 12; ++k)
            for (std::int64_t j = 0; j < 20; ++j)
                for (std::int64_t i = 0; i < 24; ++i) {
                    image->at(i, j, k) = static_cast<float>(i * 10 + j * 3 + k);
                    const bool block = i >= 4 && i < 20 && j >= 3 && j < 17 && k >= 2 && k < 10;
                    if (block && (i + j + k) % 2 == 0)
                        map->at(i, j, k) = 60.0f + static_cast<float>(i);
                }
        const WindowLevel imageWindow = WindowLevel::fromRange(0.0, 300.0);
        const WindowLevel mapWindow = WindowLevel::fromRange(50.0, 90.0);

        for (SliceOrientation o :
             {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
            const SliceStack stack(g, o);
            for (int s = 0; s < stack.count(); ++s) {
                const SlicePlane plane = stack.plane(s);
                SliceComposer base;
                base.setImage(image);
                base.setImageDisplay(imageWindow, ColourMap::Grey);
                const RgbaImage plain = base.compose(plane);

                SliceComposer fused;
                fused.setImage(image);
                fused.setImageDisplay(imageWindow, ColourMap::Grey);
                fused.setFusion(map, mapWindow, ColourMap::Hot, 0.6);
                const RgbaImage& over = fused.compose(plane);
                QCOMPARE(over.width, plain.width);
                QCOMPARE(over.height, plain.height);

                std::vector<float> values;
                reslice(*map, plane, values, std::numeric_limits<float>::quiet_NaN(), 1);
                for (int r = 0; r < plain.height; ++r)
                    for (int c = 0; c < plain.width; ++c) {
                        const float v = values[static_cast<std::size_t>(r) * plain.width + c];
                        const bool same = std::memcmp(over.pixel(c, r), plain.pixel(c, r), 4) == 0;
                        if (std::isnan(v)) {
                            ++nan;
                            QVERIFY2(same, qPrintable(QString("%1 slice %2 pixel (%3, %4)")
                                                          .arg(toString(o))
                                                          .arg(s)
                                                          .arg(c)
                                                          .arg(r)));
                        } else {
                            ++finite;
                            QVERIFY(!same); // a map value above the window shows
                        }
                    }

                fused.setFusionDisplay(mapWindow, ColourMap::Hot, 0.0);
                const RgbaImage& none = fused.compose(plane);
                QVERIFY(none.rgba == plain.rgba);
            }
        }
        QVERIFY(nan > 1000);
        QVERIFY(finite > 1000);
    }

    // Viridis (issue #16 §3): a map voxel whose value maps to entry 16 k of
    // matplotlib's viridis table is drawn, at opacity 1, in that entry's
    // colour. The expected bytes are the published floats (_viridis_data in
    // lib/matplotlib/_cm_listed.py) times 255, rounded by hand:
    //   entry  16: 0.282327 0.094955 0.417331 -> 71.99 24.21 106.42
    //   entry 128: 0.127568 0.566949 0.550556 -> 32.53 144.57 140.39
    //   entry 255: 0.993248 0.906157 0.143936 -> 253.28 231.07 36.70
    void viridisPixelIsTheTableEntry() {
        Geometry g;
        g.size = {3, 1, 1};
        g.spacing = Eigen::Vector3d(1.0, 1.0, 1.0);
        auto image = std::make_shared<Volume>(g, 0.0f);
        auto map = std::make_shared<Volume>(g, 0.0f);
        // Window [0, 255]: value v is table entry v.
        map->at(0, 0, 0) = 16.0f;
        map->at(1, 0, 0) = 128.0f;
        map->at(2, 0, 0) = 255.0f;
        SliceComposer composer;
        composer.setImage(image);
        composer.setImageDisplay(WindowLevel::fromRange(0.0, 1.0), ColourMap::Grey);
        composer.setFusion(map, WindowLevel::fromRange(0.0, 255.0), ColourMap::Viridis, 1.0);
        const RgbaImage& out = composer.compose(SliceStack(g, SliceOrientation::Axial).plane(0));
        QCOMPARE(out.width, 3);
        const int expected[3][3] = {{72, 24, 106}, {33, 145, 140}, {253, 231, 37}};
        for (int i = 0; i < 3; ++i)
            for (int c = 0; c < 3; ++c)
                QCOMPARE(int(out.pixel(i, 0)[c]), expected[i][c]);
        QCOMPARE(QString::fromStdString(colourMapName(ColourMap::Viridis)), QString("Viridis"));
    }
};

QTEST_MAIN(MapOverlayComposerTest)
#include "test_map_overlay_composer.moc"
