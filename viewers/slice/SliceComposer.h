#pragma once

#include "image/Reslice.h"
#include "slice/ColourMap.h"
#include "slice/MaskOverlay.h"
#include "slice/WindowLevel.h"

#include <QThreadPool>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace rgw::viewers {

/// One composed slice: RGBA8, row-major, row 0 at the top of the screen.
struct RgbaImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;

    const std::uint8_t* pixel(int column, int row) const {
        return rgba.data() + 4 * (static_cast<std::size_t>(row) * width + column);
    }
};

/// Builds the displayed slice on the CPU, headless: the image through its
/// window/level and colour map; optionally a fusion volume (on its own grid)
/// resampled onto the same plane and blended with its own window/level,
/// colour map and opacity (transparent at or below its window, so the image
/// shows through where e.g. the PET uptake is low); then the mask overlays (fill blended with the
/// overlay's opacity, or an opaque outline). Resampled planes are cached, so
/// a window/level or opacity change only re-maps colours.
class SliceComposer {
public:
    /// Drops fusion and overlays' cached samples too.
    void setImage(std::shared_ptr<const Volume> image);
    const std::shared_ptr<const Volume>& image() const { return image_; }
    void setImageDisplay(const WindowLevel& wl, ColourMap map);

    void setFusion(std::shared_ptr<const Volume> fusion, const WindowLevel& wl, ColourMap map,
                   double opacity);
    void setFusionDisplay(const WindowLevel& wl, ColourMap map, double opacity);
    void clearFusion();
    const std::shared_ptr<const Volume>& fusion() const { return fusion_; }

    /// Overlays are drawn in order (later ones on top). Each mask is sampled
    /// on the plane through its own geometry.
    void setOverlays(std::vector<MaskOverlay> overlays);
    /// Masks were edited in place: resample them on the next compose.
    void overlaysChanged();

    /// Composes the slice on `plane`. Outside the image's voxel extent the
    /// pixels are black.
    const RgbaImage& compose(const SlicePlane& plane);
    const RgbaImage& result() const { return result_; }

private:
    void sample(const SlicePlane& plane);
    void composeRows(int first, int last);
    /// work(first, last) over the rows: for large planes the top half on a
    /// helper thread while the calling thread does the bottom half.
    void inBands(int rows, const std::function<void(int, int)>& work);

    std::shared_ptr<const Volume> image_;
    WindowLevel imageWl_;
    ColourMap imageMap_ = ColourMap::Grey;
    std::shared_ptr<const Volume> fusion_;
    /// The fusion volume has undefined (NaN) voxels, as a feature map outside
    /// its ROI: it is sampled over its finite voxels only (resliceFiniteRows).
    bool fusionHasUndefined_ = false;
    WindowLevel fusionWl_;
    ColourMap fusionMap_ = ColourMap::Hot;
    double fusionOpacity_ = 0.5;
    std::vector<MaskOverlay> overlays_;

    SlicePlane sampledPlane_;
    bool imageSampled_ = false;
    bool fusionSampled_ = false;
    bool masksSampled_ = false;
    std::vector<float> imageSamples_;
    std::vector<float> fusionSamples_;
    std::vector<std::vector<std::uint8_t>> maskSamples_;
    RgbaImage result_;
    std::unique_ptr<QThreadPool> helper_; ///< one thread, kept between frames
};

} // namespace rgw::viewers
