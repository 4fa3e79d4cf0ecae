#pragma once

// Pixel checks on a rendered slice view, shared by the GUI tests: grab the
// window once the VTK canvas has painted, locate the slice image on the grab,
// and measure whether an image and a mask overlay are visible there.

#include "bridge/VtkOpenGLWidget.h"
#include "bridge/WidgetGrab.h"
#include "image/Image.h"
#include "slice/SliceView.h"

#include <QColor>
#include <QImage>
#include <QRect>
#include <QTest>
#include <QWidget>
#include <algorithm>
#include <cmath>
#include <memory>

namespace rgw::test {

/// 64 x 48 x 20 voxels, 1 x 1 x 2 mm, axis-aligned LPS. Intensity rises with
/// i (a horizontal ramp -1000..890 HU) so slices and window/level show.
inline std::shared_ptr<Volume> rampVolume() {
    Geometry g;
    g.size = {64, 48, 20};
    g.spacing = {1.0, 1.0, 2.0};
    g.origin = {-32.0, -24.0, 100.0};
    auto v = std::make_shared<Volume>(g);
    v->unit = IntensityUnit::HounsfieldUnit;
    for (std::int64_t k = 0; k < 20; ++k)
        for (std::int64_t j = 0; j < 48; ++j)
            for (std::int64_t i = 0; i < 64; ++i)
                v->at(i, j, k) = static_cast<float>(-1000 + 30 * i);
    return v;
}

/// The window as it is on screen after the canvas painted at least one more
/// frame (as rgw --screenshot does); null image on timeout.
inline QImage grabAfterNextFrame(QWidget& window, viewers::SliceView& view, int timeoutMs = 10000) {
    const int frames = view.canvas()->renderedFrames();
    view.canvas()->requestRender();
    if (!QTest::qWaitFor([&] { return view.canvas()->renderedFrames() > frames; }, timeoutMs))
        return {};
    return viewers::grabWithCanvases(window).convertToFormat(QImage::Format_RGB32);
}

/// Where the slice image lies on a grab of `window` (device pixels).
inline QRect sliceImageOnGrab(const QImage& shot, QWidget& window, viewers::SliceView& view) {
    const double ratio = shot.devicePixelRatio();
    const QRect local = view.imageRectOnCanvas();
    return {view.canvas()->mapTo(&window, local.topLeft()) * ratio, local.size() * ratio};
}

/// Standard deviation of the grey levels in `area` (every third pixel): an
/// image shows structure, an empty view is flat.
inline double greyStandardDeviation(const QImage& shot, const QRect& area) {
    double sum = 0, sum2 = 0;
    int n = 0;
    for (int y = area.top(); y < area.bottom(); y += 3)
        for (int x = area.left(); x < area.right(); x += 3) {
            const int g = qGray(shot.pixel(x, y));
            sum += g;
            sum2 += double(g) * g;
            ++n;
        }
    if (n == 0)
        return 0;
    const double mean = sum / n;
    return std::sqrt(std::max(0.0, sum2 / n - mean * mean));
}

struct OverlayTint {
    int inside = 0; ///< mask voxels on the slice
    int tinted = 0; ///< of which the pixel at the voxel centre leans towards the colour
};

/// For each voxel of `mask` on `slice`, whether the grabbed pixel at its centre
/// leans towards `colour`: the pixel's departure from grey, projected on the
/// colour's departure from grey, exceeds 40 levels. Radiological display: i to
/// the right, j downwards over `area`.
inline OverlayTint overlayTint(const QImage& shot, const QRect& area, const Mask& mask, int slice,
                               const QColor& colour) {
    const double cm = (colour.red() + colour.green() + colour.blue()) / 3.0;
    const double c[3] = {colour.red() - cm, colour.green() - cm, colour.blue() - cm};
    const double norm = std::sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
    OverlayTint t;
    const auto& g = mask.geometry;
    for (std::int64_t j = 0; j < g.size[1]; ++j)
        for (std::int64_t i = 0; i < g.size[0]; ++i) {
            if (!mask.at(i, j, slice))
                continue;
            ++t.inside;
            const QPoint p(area.left() + int((i + 0.5) / g.size[0] * area.width()),
                           area.top() + int((j + 0.5) / g.size[1] * area.height()));
            const QRgb px = shot.pixel(p);
            const double pm = (qRed(px) + qGreen(px) + qBlue(px)) / 3.0;
            const double along =
                ((qRed(px) - pm) * c[0] + (qGreen(px) - pm) * c[1] + (qBlue(px) - pm) * c[2]) /
                norm;
            t.tinted += norm > 0 && along > 40;
        }
    return t;
}

} // namespace rgw::test
