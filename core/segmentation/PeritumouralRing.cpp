#include "segmentation/PeritumouralRing.h"

#include "segmentation/Margin.h"
#include "segmentation/ResampleMask.h"
#include "util/Error.h"

#include <cmath>

namespace rgw::segmentation {

namespace {

/// `mask` on `grid`: itself when already there, else resampled.
Mask onGrid(const Mask& mask, const Geometry& grid, const char* what) {
    if (mask.voxels.size() != mask.geometry.voxelCount())
        throw Error(std::string("peritumoural ring: the ") + what +
                    " mask's data do not match its grid");
    if (mask.geometry.sameGrid(grid))
        return mask;
    return resampleMask(mask, grid);
}

} // namespace

Mask peritumouralRing(const Mask& tumour, const RingOptions& options) {
    if (!(options.widthMm > 0.0) || !std::isfinite(options.widthMm))
        throw Error("peritumoural ring: the width must be a finite distance > 0 mm");
    if (!(options.innerMm >= 0.0) || !std::isfinite(options.innerMm))
        throw Error("peritumoural ring: the inner distance must be a finite distance >= 0 mm");
    if (tumour.voxels.size() != tumour.geometry.voxelCount())
        throw Error("peritumoural ring: the tumour mask's data do not match its grid");

    Mask ring = growMargin(tumour, options.innerMm + options.widthMm);
    const Mask inner = options.innerMm > 0.0 ? growMargin(tumour, options.innerMm) : tumour;
    for (std::size_t v = 0; v < ring.voxels.size(); ++v)
        ring.voxels[v] = ring.voxels[v] && !inner.voxels[v] && !tumour.voxels[v] ? 1 : 0;
    for (const Mask* structure : options.excluded) {
        if (!structure)
            throw Error("peritumoural ring: an excluded structure has no mask");
        const Mask m = onGrid(*structure, tumour.geometry, "excluded structure's");
        for (std::size_t v = 0; v < ring.voxels.size(); ++v)
            if (m.voxels[v])
                ring.voxels[v] = 0;
    }
    if (options.within) {
        const Mask m = onGrid(*options.within, tumour.geometry, "enclosing");
        for (std::size_t v = 0; v < ring.voxels.size(); ++v)
            if (!m.voxels[v])
                ring.voxels[v] = 0;
    }
    return ring;
}

} // namespace rgw::segmentation
