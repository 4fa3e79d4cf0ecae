#include "segmentation/Threshold.h"

#include "segmentation/detail/Flood.h"
#include "util/Error.h"

#include <cmath>

namespace rgw::segmentation {

Mask threshold(const Volume& image, const IntensityRange& range, const Mask* region) {
    if (image.voxels.size() != image.geometry.voxelCount())
        throw Error("threshold: image data does not match its geometry");
    if (region)
        requireSameGrid(image, *region, "threshold");
    Mask out(image.geometry, 0);
    for (std::size_t v = 0; v < image.voxels.size(); ++v)
        out.voxels[v] = (!region || region->voxels[v]) && range.contains(image.voxels[v]) ? 1 : 0;
    return out;
}

namespace {

/// Index of the region's maximum voxel (first in voxel order), or npos.
std::size_t maxVoxel(const Volume& pet, const Mask& region) {
    std::size_t best = static_cast<std::size_t>(-1);
    for (std::size_t v = 0; v < pet.voxels.size(); ++v)
        if (region.voxels[v] &&
            (best == static_cast<std::size_t>(-1) || pet.voxels[v] > pet.voxels[best]))
            best = v;
    return best;
}

} // namespace

std::optional<double> petThresholdValue(const Volume& pet, const Mask& region,
                                        const PetThreshold& criterion) {
    requireSameGrid(pet, region, "PET threshold");
    if (!std::isfinite(criterion.value))
        throw Error("PET threshold: the threshold value must be finite");
    if (criterion.mode == PetThreshold::Mode::PercentOfMax &&
        (criterion.value <= 0.0 || criterion.value > 100.0))
        throw Error("PET threshold: percent of SUVmax must be in (0, 100], not " +
                    std::to_string(criterion.value));
    const std::size_t best = maxVoxel(pet, region);
    if (best == static_cast<std::size_t>(-1))
        return std::nullopt;
    if (criterion.mode == PetThreshold::Mode::AbsoluteSuv)
        return criterion.value;
    return criterion.value / 100.0 * pet.voxels[best];
}

Mask petThreshold(const Volume& pet, const Mask& region, const PetThreshold& criterion) {
    const std::optional<double> thr = petThresholdValue(pet, region, criterion);
    Mask out(pet.geometry, 0);
    if (!thr)
        return out;
    auto inside = [&](std::size_t v) { return region.voxels[v] && pet.voxels[v] >= *thr; };
    if (!criterion.connectedToMax) {
        for (std::size_t v = 0; v < pet.voxels.size(); ++v)
            out.voxels[v] = inside(v) ? 1 : 0;
        return out;
    }
    const std::size_t seed = maxVoxel(pet, region);
    // `out` doubles as the visited set: voxels reached are the result.
    detail::flood(pet.geometry, seed, criterion.connectivity, out.voxels, inside);
    return out;
}

Mask petThreshold(const Volume& pet, const Box& region, const PetThreshold& criterion) {
    Mask r(pet.geometry, 0);
    const Box b = clampTo(region, pet.geometry);
    if (!b.empty())
        for (std::int64_t k = b.lo[2]; k <= b.hi[2]; ++k)
            for (std::int64_t j = b.lo[1]; j <= b.hi[1]; ++j)
                for (std::int64_t i = b.lo[0]; i <= b.hi[0]; ++i)
                    r.at(i, j, k) = 1;
    return petThreshold(pet, r, criterion);
}

} // namespace rgw::segmentation
