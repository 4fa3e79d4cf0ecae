#pragma once

#include "image/Image.h"

#include <QColor>
#include <QString>
#include <memory>

namespace rgw::viewers {

/// A segmentation drawn over the image: a mask on the image grid, its colour
/// and how it is drawn. `opacity` applies to the fill; an outline (the mask's
/// border pixels on the displayed plane) is drawn opaque.
struct MaskOverlay {
    QString name;
    std::shared_ptr<const Mask> mask;
    QColor colour;
    bool visible = true;
    double opacity = 0.45;
    bool outline = false;
};

} // namespace rgw::viewers
