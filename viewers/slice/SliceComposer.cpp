#include "slice/SliceComposer.h"

#include "util/Error.h"

#include <QFuture>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

namespace rgw::viewers {

namespace {

constexpr float kOutside = std::numeric_limits<float>::quiet_NaN();

// Maps values through a window onto a 256-entry colour table index.
struct Mapper {
    float lower, scale;
    explicit Mapper(const WindowLevel& wl)
        : lower(static_cast<float>(wl.lower())),
          scale(static_cast<float>(255.0 / std::max(wl.window, kMinimumWindow))) {}
    int operator()(float v) const {
        const float t = (v - lower) * scale;
        return t <= 0.0f ? 0 : t >= 255.0f ? 255 : static_cast<int>(t + 0.5f);
    }
};

} // namespace

void SliceComposer::setImage(std::shared_ptr<const Volume> image) {
    image_ = std::move(image);
    imageSampled_ = fusionSampled_ = masksSampled_ = false;
}

void SliceComposer::setImageDisplay(const WindowLevel& wl, ColourMap map) {
    imageWl_ = wl;
    imageMap_ = map;
}

void SliceComposer::setFusion(std::shared_ptr<const Volume> fusion, const WindowLevel& wl,
                              ColourMap map, double opacity) {
    if (fusion && fusion->voxels.size() != fusion->geometry.voxelCount())
        throw Error("fusion volume: voxel count does not match its grid");
    fusion_ = std::move(fusion);
    fusionHasUndefined_ = fusion_ && std::any_of(fusion_->voxels.begin(), fusion_->voxels.end(),
                                                 [](float v) { return std::isnan(v); });
    fusionSampled_ = false;
    setFusionDisplay(wl, map, opacity);
}

void SliceComposer::setFusionDisplay(const WindowLevel& wl, ColourMap map, double opacity) {
    fusionWl_ = wl;
    fusionMap_ = map;
    fusionOpacity_ = std::clamp(opacity, 0.0, 1.0);
}

void SliceComposer::clearFusion() {
    fusion_.reset();
    fusionSamples_.clear();
    fusionSampled_ = false;
}

void SliceComposer::setOverlays(std::vector<MaskOverlay> overlays) {
    overlays_ = std::move(overlays);
    masksSampled_ = false;
}

void SliceComposer::overlaysChanged() {
    masksSampled_ = false;
}

void SliceComposer::inBands(int rows, const std::function<void(int, int)>& work) {
    // Below this many pixels handing half to the helper thread costs more than it saves.
    constexpr std::size_t kParallelPixels = 1u << 16;
    const std::size_t pixels =
        static_cast<std::size_t>(rows) * static_cast<std::size_t>(result_.width);
    if (pixels < kParallelPixels || rows < 2) {
        work(0, rows);
        return;
    }
    if (!helper_) {
        helper_ = std::make_unique<QThreadPool>();
        helper_->setMaxThreadCount(1);
        helper_->setExpiryTimeout(-1); // stays ready between frames
    }
    const int middle = rows / 2;
    std::exception_ptr helperError;
    QFuture<void> top = QtConcurrent::run(helper_.get(), [&] {
        try {
            work(0, middle);
        } catch (...) {
            helperError = std::current_exception();
        }
    });
    std::exception_ptr ownError;
    try {
        work(middle, rows);
    } catch (...) {
        ownError = std::current_exception();
    }
    top.waitForFinished();
    if (helperError)
        std::rethrow_exception(helperError);
    if (ownError)
        std::rethrow_exception(ownError);
}

void SliceComposer::sample(const SlicePlane& plane) {
    if (!sampledPlane_.sameGrid(plane)) {
        imageSampled_ = fusionSampled_ = masksSampled_ = false;
        sampledPlane_ = plane;
    }
    const std::size_t n = static_cast<std::size_t>(plane.width) * plane.height;
    const bool image = !imageSampled_;
    const bool fusion = fusion_ && !fusionSampled_;
    const bool masks = !masksSampled_;
    if (image)
        imageSamples_.assign(n, kOutside);
    if (fusion)
        fusionSamples_.assign(n, kOutside);
    if (masks) {
        maskSamples_.resize(overlays_.size());
        for (std::size_t m = 0; m < overlays_.size(); ++m) {
            if (overlays_[m].mask && overlays_[m].visible)
                maskSamples_[m].assign(n, 0);
            else
                maskSamples_[m].clear();
        }
    }
    // Rows are independent: the two halves of the plane are sampled at once.
    inBands(plane.height, [&](int first, int last) {
        if (image)
            resliceRows(*image_, plane, first, last, imageSamples_, kOutside);
        if (fusion && fusionHasUndefined_)
            resliceFiniteRows(*fusion_, plane, first, last, fusionSamples_, kOutside);
        else if (fusion)
            resliceRows(*fusion_, plane, first, last, fusionSamples_, kOutside);
        if (masks)
            for (std::size_t m = 0; m < overlays_.size(); ++m)
                if (!maskSamples_[m].empty())
                    resliceRows(*overlays_[m].mask, plane, first, last, maskSamples_[m]);
    });
    imageSampled_ = true;
    fusionSampled_ = fusionSampled_ || fusion;
    masksSampled_ = true;
}

const RgbaImage& SliceComposer::compose(const SlicePlane& plane) {
    if (!image_)
        throw Error("nothing to compose: no image set");
    const int w = plane.width, h = plane.height;
    result_.width = w;
    result_.height = h;
    result_.rgba.resize(4 * static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    sample(plane);
    // Colours after all sampling: an outline looks at the neighbouring rows.
    inBands(h, [&](int first, int last) { composeRows(first, last); });
    return result_;
}

void SliceComposer::composeRows(int first, int last) {
    const int w = result_.width, h = result_.height;
    const std::size_t begin = static_cast<std::size_t>(first) * w;
    const std::size_t end = static_cast<std::size_t>(last) * w;
    std::uint8_t* out = result_.rgba.data();

    const auto imageTable = colourTable(imageMap_);
    const Mapper imageMapper(imageWl_);
    for (std::size_t p = begin; p < end; ++p) {
        const float v = imageSamples_[p];
        const Rgb8 c =
            std::isnan(v) ? Rgb8{} : imageTable[static_cast<std::size_t>(imageMapper(v))];
        out[4 * p] = c.r;
        out[4 * p + 1] = c.g;
        out[4 * p + 2] = c.b;
        out[4 * p + 3] = 255;
    }

    if (fusion_ && fusionOpacity_ > 0.0) {
        const auto table = colourTable(fusionMap_);
        const Mapper mapper(fusionWl_);
        const int a = static_cast<int>(std::lround(256.0 * fusionOpacity_));
        for (std::size_t p = begin; p < end; ++p) {
            const float v = fusionSamples_[p];
            if (std::isnan(v))
                continue; // outside the fusion volume: the image alone
            const int index = mapper(v);
            if (index == 0)
                continue; // at or below the fusion window: transparent, as PET/CT viewers show it
            const Rgb8 c = table[static_cast<std::size_t>(index)];
            std::uint8_t* o = out + 4 * p;
            o[0] = static_cast<std::uint8_t>((o[0] * (256 - a) + c.r * a) >> 8);
            o[1] = static_cast<std::uint8_t>((o[1] * (256 - a) + c.g * a) >> 8);
            o[2] = static_cast<std::uint8_t>((o[2] * (256 - a) + c.b * a) >> 8);
        }
    }

    for (std::size_t m = 0; m < overlays_.size(); ++m) {
        const MaskOverlay& overlay = overlays_[m];
        const auto& mask = maskSamples_[m];
        if (!overlay.visible || mask.empty())
            continue;
        const int cr = overlay.colour.red(), cg = overlay.colour.green(),
                  cb = overlay.colour.blue();
        const int a =
            overlay.outline
                ? 256
                : static_cast<int>(std::lround(256.0 * std::clamp(overlay.opacity, 0.0, 1.0)));
        for (int r = first; r < last; ++r) {
            const std::uint8_t* row = mask.data() + static_cast<std::size_t>(r) * w;
            for (int c = 0; c < w; ++c) {
                if (!row[c])
                    continue;
                // Outline: inside pixels with a 4-neighbour outside (or the
                // plane's edge).
                if (overlay.outline && c > 0 && c + 1 < w && r > 0 && r + 1 < h && row[c - 1] &&
                    row[c + 1] && row[c - w] && row[c + w])
                    continue;
                std::uint8_t* o = out + 4 * (static_cast<std::size_t>(r) * w + c);
                o[0] = static_cast<std::uint8_t>((o[0] * (256 - a) + cr * a) >> 8);
                o[1] = static_cast<std::uint8_t>((o[1] * (256 - a) + cg * a) >> 8);
                o[2] = static_cast<std::uint8_t>((o[2] * (256 - a) + cb * a) >> 8);
            }
        }
    }
}

} // namespace rgw::viewers
