// View logic of the slice viewer, without a window: slice navigation,
// window/level arithmetic, presets, colour maps, zoom/pan, the scale bar,
// CPU composition of image + fusion + overlays, and layout names. Expected
// values are derived by hand from the definitions in the headers.
#include "layout/ViewerLayout.h"
#include "slice/AnnotationLayout.h"
#include "slice/ColourMap.h"
#include "slice/SliceComposer.h"
#include "slice/SliceNavigator.h"
#include "slice/ViewTransform.h"
#include "slice/WindowLevel.h"
#include "util/Error.h"

#include <QTest>
#include <cmath>
#include <random>

using namespace rgw;
using namespace rgw::viewers;

namespace {

// A monospaced stand-in for the annotation fonts: 7 px a character, 15 high
// (corner text) or 10 x 19 (edge letters).
QSizeF cornerFont(const QString& text) {
    return {7.0 * double(text.size()), 15.0};
}
QSizeF edgeFont(const QString& text) {
    return {10.0 * double(text.size()), 19.0};
}

// A slice view's annotations: long caption and names, three lines at the
// bottom left, the three-line probe, letters, scale bar and colour bar.
AnnotationRequest busyRequest(QSizeF viewport) {
    AnnotationRequest r;
    r.viewport = viewport;
    r.cornerFont = cornerFont;
    r.edgeFont = edgeFont;
    r.corners[0] = {"IBSI_1_STS_003_CT_image CT 2003-01-01 a very long series description"};
    r.corners[1] = {"GTV_Mass_CT", "GTV_Mass_PET (other grid, not shown)"};
    r.corners[2] = {"Axial 26 / 51   z = -123.4 mm", "W 400  L 50 HU",
                    "fusion W 5  L 2.5 SUVbw, Hot 50 %"};
    r.corners[3] = {"LPS (-12.3, 45.6, -78.9) mm", "voxel [12, 34, 5]  -1000 HU",
                    "fusion 2.41 SUVbw"};
    r.edges = {"R", "L", "A", "P"};
    r.scaleBar = QSizeF(50, std::min(120.0, scaleBarRoom(r)));
    r.colourBar = QSizeF(70, 120);
    return r;
}

// Every drawn box lies in the viewport and meets no other; a shortened
// corner says its full text as tooltip over each of its lines.
void checkPlacement(const AnnotationRequest& request, const AnnotationPlacement& placed) {
    const auto rects = placed.rects();
    const QRectF viewport(QPointF(0, 0), request.viewport);
    for (std::size_t a = 0; a < rects.size(); ++a) {
        QVERIFY2(viewport.contains(rects[a]), qPrintable(QString("box %1 outside %2 x %3")
                                                             .arg(a)
                                                             .arg(request.viewport.width())
                                                             .arg(request.viewport.height())));
        for (std::size_t b = a + 1; b < rects.size(); ++b)
            QVERIFY2(!rects[a].intersects(rects[b]),
                     qPrintable(QString("boxes %1 and %2 meet in %3 x %4")
                                    .arg(a)
                                    .arg(b)
                                    .arg(request.viewport.width())
                                    .arg(request.viewport.height())));
    }
    for (std::size_t c = 0; c < 4; ++c) {
        const auto& lines = placed.corners[c];
        // Shortened: a line elided, or a requested line with text left out
        // (an empty line left out loses nothing).
        const QStringList& requested = request.corners[c];
        bool shortened =
            std::any_of(lines.begin(), lines.end(), [](const PlacedLine& l) { return l.elided(); });
        for (auto row = qsizetype(lines.size()); row < requested.size(); ++row)
            shortened = shortened || !requested[row].isEmpty();
        QCOMPARE(placed.cornerToolTips[c].isEmpty(), !shortened);
        for (const auto& line : lines) {
            QVERIFY(line.rect.isEmpty() ||
                    line.rect.width() >= cornerFont(line.text).width() - 1e-9);
            if (shortened && !line.rect.isEmpty())
                QCOMPARE(placed.toolTipAt(line.rect.center()), request.corners[c].join('\n'));
        }
    }
}

} // namespace

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

    void percentileWindowOfALargeVolumeIsSampledClosely() {
        // 1.6 M voxels spread evenly over 0..9999 (in scrambled order): the
        // exact 1st/99th percentiles are 99 and 9899; the strided sample must
        // land within 0.2 % of the range.
        Geometry g;
        g.size = {200, 200, 40};
        Volume v(g);
        for (std::size_t i = 0; i < v.voxels.size(); ++i)
            v.voxels[i] = static_cast<float>((i * 7919) % 10000);
        const auto wl = percentileWindow(v, 1.0, 99.0);
        QVERIFY(std::abs(wl.lower() - 99.0) <= 20.0);
        QVERIFY(std::abs(wl.upper() - 9899.0) <= 20.0);
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
        // PET: inverted grey (reading) and hot (fusion) for both ranges.
        QVERIFY(pet.at(0).colourMap == ColourMap::InvertedGrey);
        QVERIFY(pet.at(1).colourMap == ColourMap::InvertedGrey);
        QVERIFY(pet.at(2).colourMap == ColourMap::Hot);
        QCOMPARE(pet.at(2).windowLevel.upper(), 5.0);
        QVERIFY(pet.at(3).colourMap == ColourMap::Hot);
        QCOMPARE(pet.at(3).windowLevel.upper(), 10.0);

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

    void colourMaps() {
        // Grey and inverted grey: linear ramps.
        QCOMPARE(int(colourAt(ColourMap::Grey, 0.0).r), 0);
        QCOMPARE(int(colourAt(ColourMap::Grey, 1.0).b), 255);
        QCOMPARE(int(colourAt(ColourMap::InvertedGrey, 0.0).g), 255);
        QCOMPARE(int(colourAt(ColourMap::InvertedGrey, 1.0).g), 0);
        // Hot: t = 0.5 -> red full, green (0.5 - 0.375) / 0.375 = 1/3, no blue.
        const Rgb8 half = colourAt(ColourMap::Hot, 0.5);
        QCOMPARE(int(half.r), 255);
        QCOMPARE(int(half.g), 85);
        QCOMPARE(int(half.b), 0);
        const Rgb8 top = colourAt(ColourMap::Hot, 1.0);
        QCOMPARE(int(top.r) + int(top.g) + int(top.b), 765);
        QCOMPARE(int(colourAt(ColourMap::Hot, -3.0).r), 0); // clamped
        const auto table = colourTable(ColourMap::Hot);
        QCOMPARE(int(table[255].b), 255);
        QCOMPARE(int(table[0].r), 0);
    }

    void zoomKeepsThePointUnderTheCursorAndPanFollowsTheMouse() {
        ViewTransform t;
        t.viewWidth = 400;
        t.viewHeight = 200;
        // 100 x 50 mm plane into 400 x 200 px, no margin: 0.25 mm per pixel.
        t.fit(0.0, 100.0, 0.0, 50.0, 0.0);
        QCOMPARE(t.mmPerPixel, 0.25);
        QCOMPARE(t.centreU, 50.0);
        const Eigen::Vector2d cursor(300.0, 50.0);
        const Eigen::Vector2d before = t.viewToPlane(cursor);
        QCOMPARE(before.x(), 75.0); // 50 + (300 - 200) * 0.25
        t.zoomAbout(cursor, 2.0);
        QCOMPARE(t.mmPerPixel, 0.125);
        QVERIFY((t.viewToPlane(cursor) - before).norm() < 1e-12);
        const Eigen::Vector2d view = t.planeToView({20.0, 10.0});
        t.pan(15.0, -5.0); // the plane point moves with the mouse
        QVERIFY((t.planeToView({20.0, 10.0}) - (view + Eigen::Vector2d(15.0, -5.0))).norm() < 1e-9);
    }

    void scaleBarLengthsAreRound() {
        QCOMPARE(niceScaleBarLength(73.0), 50.0);
        QCOMPARE(niceScaleBarLength(20.0), 20.0);
        QCOMPARE(niceScaleBarLength(19.9), 10.0);
        QCOMPARE(niceScaleBarLength(9.9), 5.0);
        QCOMPARE(niceScaleBarLength(1.5), 1.0);
        QCOMPARE(niceScaleBarLength(0.3), 0.2);
        QCOMPARE(niceScaleBarLength(0.0), 0.0);
    }

    void composerMapsWindowFusionAndOverlays() {
        // CT: 40 x 40 x 10 voxels of 1 mm, 0 HU everywhere. Soft-tissue window
        // W 400 L 40: 0 HU is at (0 - (-160)) / 400 = 0.4 of the ramp.
        Geometry g;
        g.size = {40, 40, 10};
        auto ct = std::make_shared<Volume>(g, 0.0f);
        SliceComposer composer;
        composer.setImage(ct);
        composer.setImageDisplay({400.0, 40.0}, ColourMap::Grey);
        const SlicePlane plane = SliceStack(g, SliceOrientation::Axial).plane(5);
        const RgbaImage& plain = composer.compose(plane);
        QCOMPARE(plain.width, 40);
        QCOMPARE(plain.height, 40);
        const int grey = int(plain.pixel(3, 3)[0]);
        QVERIFY(std::abs(grey - 102) <= 1); // 0.4 * 255
        QCOMPARE(int(plain.pixel(3, 3)[3]), 255);

        // PET on its own 2 mm grid covering x, y in [9, 31) mm: SUV 4 in a
        // block around (20, 20) mm, 0 elsewhere. SUV 0-5 hot, opacity 0.5:
        // SUV 4 -> t = 0.8 -> hot (255, 255, 51); SUV 0 (at or below the
        // window) is transparent: the CT alone, as PET/CT viewers show it.
        Geometry pg;
        pg.size = {11, 11, 5};
        pg.spacing = {2.0, 2.0, 2.0};
        pg.origin = {10.0, 10.0, 0.0};
        auto pet = std::make_shared<Volume>(pg, 0.0f);
        pet->unit = IntensityUnit::SuvBodyWeight;
        for (std::int64_t k = 0; k < 5; ++k)
            for (std::int64_t j = 4; j <= 6; ++j)
                for (std::int64_t i = 4; i <= 6; ++i)
                    pet->at(i, j, k) = 4.0f;
        composer.setFusion(pet, WindowLevel::fromRange(0.0, 5.0), ColourMap::Hot, 0.5);
        const RgbaImage& fused = composer.compose(plane);
        const std::uint8_t* hot = fused.pixel(20, 20);
        QVERIFY2(std::abs(int(hot[0]) - (102 + 255) / 2) <= 2, qPrintable(QString::number(hot[0])));
        QVERIFY(std::abs(int(hot[1]) - (102 + 255) / 2) <= 2);
        QVERIFY(std::abs(int(hot[2]) - (102 + 51) / 2) <= 2);
        const std::uint8_t* cold = fused.pixel(12, 12); // in the PET, SUV 0
        QCOMPARE(int(cold[0]), grey);
        QCOMPARE(int(cold[2]), grey);
        const std::uint8_t* outside = fused.pixel(3, 3); // beyond the PET grid
        QCOMPARE(int(outside[0]), grey);
        QCOMPARE(int(outside[2]), grey);

        // The CT window changes without resampling; the fusion keeps its own.
        composer.setImageDisplay({400.0, 140.0}, ColourMap::Grey); // 0 HU -> 0.15
        QVERIFY(std::abs(int(composer.compose(plane).pixel(3, 3)[0]) - 38) <= 1);
        composer.setImageDisplay({400.0, 40.0}, ColourMap::Grey);
        composer.clearFusion();

        // Overlay: a 10 x 10 voxel square at i, j in [5, 15) on slice 5.
        auto mask = std::make_shared<Mask>(g);
        for (std::int64_t j = 5; j < 15; ++j)
            for (std::int64_t i = 5; i < 15; ++i)
                mask->at(i, j, 5) = 1;
        MaskOverlay overlay{"GTV", mask, QColor(255, 0, 0)};
        overlay.opacity = 0.5;
        composer.setOverlays({overlay});
        const RgbaImage& filled = composer.compose(plane);
        // Fill: every inside pixel half-way to red; outside untouched.
        QVERIFY(std::abs(int(filled.pixel(10, 10)[0]) - (102 + 255) / 2) <= 2);
        QVERIFY(std::abs(int(filled.pixel(10, 10)[1]) - 102 / 2) <= 2);
        QVERIFY(std::abs(int(filled.pixel(5, 5)[0]) - (102 + 255) / 2) <= 2);
        QCOMPARE(int(filled.pixel(4, 10)[0]), grey);
        QCOMPARE(int(filled.pixel(15, 10)[0]), grey);
        // Outline: the square's border pixels pure red, its interior grey.
        overlay.outline = true;
        composer.setOverlays({overlay});
        const RgbaImage& outlined = composer.compose(plane);
        for (int c = 5; c < 15; ++c) {
            QCOMPARE(int(outlined.pixel(c, 5)[0]), 255);
            QCOMPARE(int(outlined.pixel(c, 14)[1]), 0);
        }
        QCOMPARE(int(outlined.pixel(5, 10)[0]), 255);
        QCOMPARE(int(outlined.pixel(10, 10)[0]), grey);
        QCOMPARE(int(outlined.pixel(6, 6)[0]), grey);
        // Hidden overlay: nothing drawn.
        overlay.visible = false;
        composer.setOverlays({overlay});
        QCOMPARE(int(composer.compose(plane).pixel(5, 5)[0]), grey);
        // Masks edited in place show after overlaysChanged().
        overlay.visible = true;
        overlay.outline = false;
        composer.setOverlays({overlay});
        composer.compose(plane);
        mask->at(30, 30, 5) = 1;
        composer.overlaysChanged();
        QVERIFY(int(composer.compose(plane).pixel(30, 30)[0]) > grey + 60);
    }

    void layoutNames() {
        for (auto layout : {Layout::Axial, Layout::Mpr, Layout::ThreeD, Layout::FourUp})
            QVERIFY(parseLayout(layoutName(layout)) == layout);
        QCOMPARE(layoutName(Layout::FourUp), QString("four-up"));
        QCOMPARE(layoutName(Layout::ThreeD), QString("3d"));
        QVERIFY(parseLayout("MPR") == Layout::Mpr);
        try {
            parseLayout("quad");
            QFAIL("no error for an unknown layout");
        } catch (const rgw::Error& e) {
            QVERIFY(QString(e.what()).contains("quad"));
            QVERIFY(QString(e.what()).contains("four-up"));
        }
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

    // Issue #11: corner texts, edge letters, scale bar and colour bar never
    // overlap, at any viewport size.
    void annotationsNeverOverlapAndShortenWithTooltips() {
        // Roomy: everything in full.
        const AnnotationRequest roomy = busyRequest({1200, 900});
        const AnnotationPlacement big = layoutAnnotations(roomy);
        checkPlacement(roomy, big);
        QVERIFY(!big.anyElided());
        for (std::size_t c = 0; c < 4; ++c)
            QCOMPARE(big.corners[c].size(), std::size_t(roomy.corners[c].size()));
        QVERIFY(big.scaleBar && big.colourBar);
        for (const auto& r : big.edges)
            QVERIFY(!r.isEmpty());
        // The title shares its row with the top letter: it stops before it.
        QVERIFY(big.corners[0][0].rect.right() < big.edges[2].left());

        // A third of a laptop screen: the caption is elided, the letters stay.
        const AnnotationRequest small = busyRequest({300, 220});
        const AnnotationPlacement tight = layoutAnnotations(small);
        checkPlacement(small, tight);
        QVERIFY(tight.anyElided());
        QVERIFY(tight.corners[0][0].elided());
        QVERIFY(tight.corners[0][0].text.endsWith(QChar(0x2026)));
        for (const auto& r : tight.edges)
            QVERIFY(!r.isEmpty());

        // A corner whose only line is empty, in a viewport too low for it:
        // nothing is lost, so no ellipsis and no tooltip.
        AnnotationRequest emptyLine = busyRequest({153, 53});
        emptyLine.corners[2] = QStringList{QString()};
        const AnnotationPlacement low = layoutAnnotations(emptyLine);
        checkPlacement(emptyLine, low);
        QVERIFY(low.cornerToolTips[2].isEmpty());

        // Every size from tiny to large, with random text lengths.
        std::mt19937 random(11);
        std::uniform_int_distribution<int> width(30, 1600), height(30, 1000), chars(0, 60),
            lines(0, 4);
        for (int trial = 0; trial < 400; ++trial) {
            // Sequenced draws: arguments have no evaluation order, and every
            // compiler must test the same sizes (height first, as recorded).
            const int h = height(random);
            const int w = width(random);
            AnnotationRequest r = busyRequest(QSizeF(w, h));
            for (auto& corner : r.corners) {
                corner.clear();
                for (int n = lines(random); n > 0; --n)
                    corner << QString(chars(random), QChar('x'));
            }
            if (trial % 3 == 0)
                r.colourBar.reset();
            if (trial % 4 == 0)
                r.cornerMarker = QSizeF(72, 72);
            checkPlacement(r, layoutAnnotations(r));
        }
    }

    void elidingFitsTheWidth() {
        const QString text = "IBSI_1_STS_003_CT_image";
        QCOMPARE(elideToWidth(text, 1000, cornerFont), text);
        const QString cut = elideToWidth(text, 70, cornerFont);
        QVERIFY(cornerFont(cut).width() <= 70);
        QVERIFY(cut.endsWith(QChar(0x2026)));
        QVERIFY(text.startsWith(cut.chopped(1)));
        QCOMPARE(elideToWidth(text, 3, cornerFont), QString());
    }
};

QTEST_GUILESS_MAIN(SliceLogicTest)
#include "test_slice_logic.moc"
