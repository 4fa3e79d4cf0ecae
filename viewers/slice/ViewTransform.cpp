#include "slice/ViewTransform.h"

#include <algorithm>
#include <cmath>

namespace rgw::viewers {

void ViewTransform::fit(double uMin, double uMax, double vMin, double vMax, double margin) {
    centreU = (uMin + uMax) / 2.0;
    centreV = (vMin + vMax) / 2.0;
    const double w = std::max(uMax - uMin, 1e-6);
    const double h = std::max(vMax - vMin, 1e-6);
    mmPerPixel = (1.0 + 2.0 * margin) *
                 std::max(w / std::max(viewWidth, 1.0), h / std::max(viewHeight, 1.0));
}

void ViewTransform::zoomAbout(const Eigen::Vector2d& viewPoint, double factor) {
    if (!(factor > 0.0))
        return;
    const Eigen::Vector2d fixed = viewToPlane(viewPoint);
    // 1e-4 .. 1e3 mm per pixel: from microscopy detail to whole-body overviews.
    mmPerPixel = std::clamp(mmPerPixel / factor, 1e-4, 1e3);
    centreU = fixed.x() - (viewPoint.x() - viewWidth / 2.0) * mmPerPixel;
    centreV = fixed.y() - (viewPoint.y() - viewHeight / 2.0) * mmPerPixel;
}

void ViewTransform::pan(double dx, double dy) {
    centreU -= dx * mmPerPixel;
    centreV -= dy * mmPerPixel;
}

double niceScaleBarLength(double maxMm) {
    if (!(maxMm > 0.0) || !std::isfinite(maxMm))
        return 0.0;
    const double decade = std::pow(10.0, std::floor(std::log10(maxMm)));
    for (double m : {5.0, 2.0, 1.0})
        if (m * decade <= maxMm * (1.0 + 1e-12))
            return m * decade;
    return decade;
}

} // namespace rgw::viewers
