#include "radiomics/families/gldzm.h"

#include "radiomics/texture/Aggregation.h"
#include "radiomics/texture/FamilyFeatures.h"
#include "radiomics/texture/Zones.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <array>
#include <limits>

namespace rgw::radiomics {

namespace {

// Formulas in levelCountFeatures() (LevelCountMatrix.h), with j = zone distance
// d, N_s = number of zones, N_v = voxels.
constexpr std::array<texture::FeatureDef, 16> kFeatures{{
    {"Small distance emphasis", "0GBI"},                 // Σ p/d²
    {"Large distance emphasis", "MB4I"},                 // Σ p d²
    {"Low grey level zone emphasis", "S1RA"},            // Σ p/i²
    {"High grey level zone emphasis", "K26C"},           // Σ p i²
    {"Small distance low grey level emphasis", "RUVG"},  // Σ p/(i²d²)
    {"Small distance high grey level emphasis", "DKNJ"}, // Σ p i²/d²
    {"Large distance low grey level emphasis", "A7WM"},  // Σ p d²/i²
    {"Large distance high grey level emphasis", "KLTH"}, // Σ p i²d²
    {"Grey level non-uniformity", "VFT7"},               // Σ_i r_i² / N_s
    {"Normalised grey level non-uniformity", "7HP3"},    // Σ_i r_i² / N_s²
    {"Zone distance non-uniformity", "V294"},            // Σ_d c_d² / N_s
    {"Normalised zone distance non-uniformity", "IATH"}, // Σ_d c_d² / N_s²
    {"Zone percentage", "VIWW"},                         // N_s / N_v
    {"Grey level variance", "QK93"},                     // Σ (i−μ_i)² p
    {"Zone distance variance", "7WT1"},                  // Σ (d−μ_d)² p
    {"Zone distance entropy", "GBDU"},                   // −Σ p log2 p
}};

} // namespace

std::vector<double> gldzmFeatureValues(const texture::LevelCountMatrix& m) {
    auto f = texture::levelCountFeatures(m);
    f.resize(kFeatures.size());
    return f;
}

namespace {

/// (level, distance) of every zone: distance = min over the zone's voxels.
std::vector<std::pair<int, int>> zoneDistances(const texture::PaddedGrid& grid,
                                               const texture::Zones& zones, bool inPlane) {
    const std::vector<int> dist = texture::borderDistance(grid, inPlane);
    std::vector<int> zoneDist(zones.level.size(), std::numeric_limits<int>::max());
    for (std::size_t r = 0; r < grid.roi.size(); ++r) {
        int& d = zoneDist[zones.zoneOfRoiVoxel[r]];
        d = std::min(d, dist[grid.roi[r]]);
    }
    std::vector<std::pair<int, int>> pairs(zones.level.size());
    for (std::size_t z = 0; z < pairs.size(); ++z)
        pairs[z] = {zones.level[z], zoneDist[z]};
    return pairs;
}

} // namespace

std::vector<texture::LevelCountMatrix> buildGldzmSlices(const texture::PaddedGrid& grid,
                                                        int distance) {
    const texture::Zones zones = texture::labelZones(grid, true, distance);
    const auto all = zoneDistances(grid, zones, true);
    std::vector<std::vector<std::pair<int, int>>> pairs(static_cast<std::size_t>(grid.nz));
    for (std::size_t z = 0; z < all.size(); ++z)
        pairs[zones.slice[z]].push_back(all[z]);
    std::vector<texture::LevelCountMatrix> out(pairs.size(),
                                               texture::LevelCountMatrix(grid.greyLevels));
    for (int k = 0; k < grid.nz; ++k) {
        out[k].assignPairs(std::move(pairs[k]), *grid.levels);
        out[k].voxels = static_cast<double>(grid.sliceVoxels(k));
    }
    return out;
}

texture::LevelCountMatrix buildGldzmVolume(const texture::PaddedGrid& grid, int distance) {
    const texture::Zones zones = texture::labelZones(grid, false, distance);
    texture::LevelCountMatrix m(grid.greyLevels);
    m.assignPairs(zoneDistances(grid, zones, false), *grid.levels);
    m.voxels = static_cast<double>(grid.roiVoxels());
    return m;
}

FeatureTable computeGldzm(const DiscretisedRoi& roi, const TextureSettings& settings) {
    const int distance = texture::usefulDistance(roi, settings.distance);
    const texture::PaddedGrid grid = texture::makePaddedGrid(roi, distance);
    // assignPairs counts in a compact-levels × max(64, 2·zones/levels) table.
    texture::requireTextureMemory(
        "GLDZM", grid.distinctLevels(),
        budget::sum(budget::product(
                        {static_cast<std::uint64_t>(grid.distinctLevels()), 64, sizeof(double)}),
                    budget::product({grid.roiVoxels(), 2 * sizeof(double)})));
    FeatureTable out;
    texture::aggregateSliceOrVolume(
        out, "gldzm", kFeatures, grid, settings, texture::LevelCountMatrix(roi.greyLevels),
        [&](std::vector<texture::LevelCountMatrix>& perSlice) {
            perSlice = buildGldzmSlices(grid, distance);
        },
        [&](texture::LevelCountMatrix& m) { m = buildGldzmVolume(grid, distance); },
        gldzmFeatureValues);
    return out;
}

std::span<const texture::FeatureDef> texture::gldzmFeatures() {
    return kFeatures;
}

} // namespace rgw::radiomics
