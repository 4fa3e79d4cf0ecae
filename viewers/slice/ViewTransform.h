#pragma once

#include <Eigen/Core>

namespace rgw::viewers {

/// Zoom and pan of a slice view: maps view pixels (logical, origin top-left,
/// y down) to plane millimetres (u along the plane's screen x, v along its
/// screen y, measured from the centre of pixel (0, 0)) and back. Isotropic:
/// one millimetre is the same number of pixels across and down.
struct ViewTransform {
    double centreU = 0.0; ///< plane point shown at the view centre (mm)
    double centreV = 0.0;
    double mmPerPixel = 1.0;
    double viewWidth = 1.0; ///< logical pixels
    double viewHeight = 1.0;

    Eigen::Vector2d viewToPlane(const Eigen::Vector2d& view) const {
        return {centreU + (view.x() - viewWidth / 2.0) * mmPerPixel,
                centreV + (view.y() - viewHeight / 2.0) * mmPerPixel};
    }
    Eigen::Vector2d planeToView(const Eigen::Vector2d& plane) const {
        return {viewWidth / 2.0 + (plane.x() - centreU) / mmPerPixel,
                viewHeight / 2.0 + (plane.y() - centreV) / mmPerPixel};
    }

    /// Shows the rectangle [uMin, uMax] x [vMin, vMax] whole and centred, with
    /// `margin` (fraction) to spare on its tighter side.
    void fit(double uMin, double uMax, double vMin, double vMax, double margin = 0.04);
    /// Zooms by `factor` (> 1 magnifies) keeping the plane point under
    /// `viewPoint` where it is. Magnification is clamped to a sane range.
    void zoomAbout(const Eigen::Vector2d& viewPoint, double factor);
    /// Moves the image with the mouse by (dx, dy) view pixels.
    void pan(double dx, double dy);
};

/// Scale bar length: the largest 1, 2 or 5 x 10^n mm not above `maxMm`.
double niceScaleBarLength(double maxMm);

} // namespace rgw::viewers
