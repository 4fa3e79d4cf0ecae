#pragma once

// Issue #11 checks shared by test_viewer_fit (scale 1) and
// test_viewer_fit_scaled (QT_SCALE_FACTOR=2): each viewer layout with a real
// soft-tissue-sarcoma CT (STS_003, ROI GTV_Mass_CT), optionally fused with its
// PET in SUV, at the viewer area of common laptop and desktop windows:
// - the layout's minimum size fits 1280 x 720 with room for the window frame;
// - no two annotation boxes of any view intersect, all inside their canvas;
// - every shortened text (overlay lines, header labels) has its full text as tooltip;
// - the window preset box is as wide as its longest item;
// - a fused view draws a colour bar; the 3D view shows the textured slice planes.
// Screenshots of each case go next to the test executable (viewer_fit_*.png).

#include "GuiTestSupport.h"
#include "TestData.h"
#include "bridge/WidgetGrab.h"
#include "io/nifti/Nifti.h"
#include "layout/ViewerLayout.h"
#include "volume/VolumeView3D.h"
#include "widgets/ElidedLabel.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QStyle>
#include <QStyleOptionComboBox>
#include <QTest>
#include <filesystem>

namespace rgw::test {

/// Room the main window leaves the viewer area on a 1280 x 720 screen:
/// title bar, menu, tool bar and status bar (~130 px) and the series browser
/// and tool panels beside it (~380 px).
inline constexpr int kChromeWidth = 380;
inline constexpr int kChromeHeight = 130;

struct StsCase {
    std::shared_ptr<Volume> ct, pet;
    std::shared_ptr<Mask> gtv;
};

inline StsCase loadSts003() {
    const auto dir = ibsiDataSets() / "ibsi_validation" / "nifti" / "STS_003";
    StsCase c;
    if (!std::filesystem::exists(dir / "CT_image.nii.gz"))
        return c;
    c.ct = std::make_shared<Volume>(nifti::readVolume(dir / "CT_image.nii.gz"));
    c.ct->unit = IntensityUnit::HounsfieldUnit;
    c.pet = std::make_shared<Volume>(nifti::readVolume(dir / "PET_image.nii.gz"));
    c.pet->unit = IntensityUnit::SuvBodyWeight; // the IBSI export is in SUV already
    c.gtv = std::make_shared<Mask>(nifti::readMask(dir / "CT_mask.nii.gz"));
    return c;
}

/// Width the preset box's text field needs for its longest item.
inline int longestItemWidth(const QComboBox& box) {
    int widest = 0;
    for (int n = 0; n < box.count(); ++n)
        widest = std::max(widest, box.fontMetrics().horizontalAdvance(box.itemText(n)));
    return widest;
}

inline int comboTextFieldWidth(const QComboBox& box) {
    QStyleOptionComboBox option;
    option.initFrom(&box);
    option.editable = box.isEditable();
    return box.style()
        ->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, &box)
        .width();
}

/// Boxes inside `canvas` (device pixels) and pairwise disjoint.
inline QString overlapProblem(const std::vector<QRectF>& rects, const QSizeF& canvas) {
    const QRectF area(QPointF(0, 0), canvas);
    for (std::size_t a = 0; a < rects.size(); ++a) {
        if (!area.adjusted(-0.5, -0.5, 0.5, 0.5).contains(rects[a]))
            return QString("box %1 outside the canvas").arg(a);
        for (std::size_t b = a + 1; b < rects.size(); ++b)
            if (rects[a].intersects(rects[b]))
                return QString("boxes %1 and %2 intersect").arg(a).arg(b);
    }
    return {};
}

/// Every elided corner line of `placement` has its corner's full text as tooltip.
template <typename View>
QString tooltipProblem(const View& view, const viewers::AnnotationPlacement& placement) {
    const double ratio = view.canvas()->devicePixelRatioF();
    for (std::size_t c = 0; c < 4; ++c)
        for (const auto& line : placement.corners[c])
            if (line.elided() && !line.rect.isEmpty()) {
                const QString tip = view.annotationToolTipAt(line.rect.center() / ratio);
                if (!tip.contains(line.fullText))
                    return QString("'%1' elided without its full text as tooltip").arg(line.text);
            }
    return {};
}

/// Waits until every view of `layout` painted a frame after now.
inline bool waitForFrames(viewers::ViewerLayout& layout) {
    std::vector<std::pair<viewers::VtkOpenGLWidget*, int>> canvases;
    for (QWidget* view : layout.visibleViews()) {
        viewers::VtkOpenGLWidget* canvas = nullptr;
        if (auto* slice = qobject_cast<viewers::SliceView*>(view))
            canvas = slice->canvas();
        else if (auto* volume = qobject_cast<viewers::VolumeView3D*>(view))
            canvas = volume->canvas();
        canvases.emplace_back(canvas, canvas->renderedFrames());
        canvas->requestRender();
    }
    return QTest::qWaitFor(
        [&] {
            return std::all_of(canvases.begin(), canvases.end(),
                               [](const auto& c) { return c.first->renderedFrames() > c.second; });
        },
        20000);
}

/// Runs every check on `layout` at its current size; `name` labels messages
/// and the screenshot. Returns the first problem, empty when all hold.
inline QString checkViewerLayout(viewers::ViewerLayout& layout, const QString& name, bool fused) {
    if (!waitForFrames(layout))
        return name + ": views did not paint";
    for (QWidget* view : layout.visibleViews()) {
        if (auto* slice = qobject_cast<viewers::SliceView*>(view)) {
            const QSizeF canvas =
                QSizeF(slice->canvas()->size()) * slice->canvas()->devicePixelRatioF();
            const auto& placement = slice->annotationPlacement();
            if (QString p = overlapProblem(placement.rects(), canvas); !p.isEmpty())
                return name + ", " + slice->objectName() + ": " + p;
            if (QString p = tooltipProblem(*slice, placement); !p.isEmpty())
                return name + ", " + slice->objectName() + ": " + p;
            const auto* label = slice->geometryLabel();
            if (label->isElided() && label->toolTip() != label->fullText())
                return name + ": geometry text elided without tooltip";
            if (slice->geometryText().isEmpty())
                return name + ": no geometry text";
            const QComboBox* box = slice->presetBox();
            if (comboTextFieldWidth(*box) < longestItemWidth(*box))
                return name + QString(": preset box text field %1 px < longest item %2 px")
                                  .arg(comboTextFieldWidth(*box))
                                  .arg(longestItemWidth(*box));
            if (fused && !slice->colourBarVisible())
                return name + ", " + slice->objectName() + ": fused view without colour bar";
            if (placement.edges[0].isEmpty() || placement.edges[2].isEmpty())
                return name + ", " + slice->objectName() + ": orientation letters left out";
        } else if (auto* volume = qobject_cast<viewers::VolumeView3D*>(view)) {
            const QSizeF canvas =
                QSizeF(volume->canvas()->size()) * volume->canvas()->devicePixelRatioF();
            if (QString p = overlapProblem(volume->annotationPlacement().rects(), canvas);
                !p.isEmpty())
                return name + ", 3D: " + p;
            if (QString p = tooltipProblem(*volume, volume->annotationPlacement()); !p.isEmpty())
                return name + ", 3D: " + p;
            if (volume->texturedSlicePlanes() != 3 && !volume->volumeRenderingVisible())
                return name + ": the 3D view shows neither the slice planes nor the volume";
            if (!volume->orientationMarkerVisible())
                return name + ": no orientation cube in the 3D view";
            if (volume->presetBox()->isEnabled() != volume->volumeRenderingVisible())
                return name + ": 3D preset box active while volume rendering is off";
        }
    }
    const QString file = QCoreApplication::applicationDirPath() + "/viewer_fit_" + name + ".png";
    viewers::grabWithCanvases(layout).save(file);
    return {};
}

} // namespace rgw::test
