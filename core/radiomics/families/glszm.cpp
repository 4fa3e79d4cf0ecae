#include "radiomics/families/glszm.h"

#include "radiomics/texture/Aggregation.h"
#include "radiomics/texture/FamilyFeatures.h"
#include "radiomics/texture/Zones.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <array>

namespace rgw::radiomics {

namespace {

// Formulas in levelCountFeatures() (LevelCountMatrix.h), with j = zone size s,
// N_s = number of zones, N_v = voxels.
constexpr std::array<texture::FeatureDef, 16> kFeatures{{
    {"Small zone emphasis", "5QRC"},                  // Σ p/s²
    {"Large zone emphasis", "48P8"},                  // Σ p s²
    {"Low grey level zone emphasis", "XMSY"},         // Σ p/i²
    {"High grey level zone emphasis", "5GN9"},        // Σ p i²
    {"Small zone low grey level emphasis", "5RAI"},   // Σ p/(i²s²)
    {"Small zone high grey level emphasis", "HW1V"},  // Σ p i²/s²
    {"Large zone low grey level emphasis", "YH51"},   // Σ p s²/i²
    {"Large zone high grey level emphasis", "J17V"},  // Σ p i²s²
    {"Grey level non-uniformity", "JNSA"},            // Σ_i r_i² / N_s
    {"Normalised grey level non-uniformity", "Y1RO"}, // Σ_i r_i² / N_s²
    {"Zone size non-uniformity", "4JP3"},             // Σ_s c_s² / N_s
    {"Normalised zone size non-uniformity", "VB3A"},  // Σ_s c_s² / N_s²
    {"Zone percentage", "P30P"},                      // N_s / N_v
    {"Grey level variance", "BYLV"},                  // Σ (i−μ_i)² p
    {"Zone size variance", "3NSA"},                   // Σ (s−μ_s)² p
    {"Zone size entropy", "GU8N"},                    // −Σ p log2 p
}};

} // namespace

std::vector<double> glszmFeatureValues(const texture::LevelCountMatrix& m) {
    auto f = texture::levelCountFeatures(m);
    f.resize(kFeatures.size());
    return f;
}

std::vector<texture::LevelCountMatrix> buildGlszmSlices(const texture::PaddedGrid& grid,
                                                        int distance) {
    const texture::Zones zones = texture::labelZones(grid, true, distance);
    std::vector<std::vector<std::pair<int, int>>> pairs(static_cast<std::size_t>(grid.nz));
    for (std::size_t z = 0; z < zones.level.size(); ++z)
        pairs[zones.slice[z]].emplace_back(zones.level[z], zones.size[z]);
    std::vector<texture::LevelCountMatrix> out(pairs.size(),
                                               texture::LevelCountMatrix(grid.greyLevels));
    for (int k = 0; k < grid.nz; ++k) {
        out[k].assignPairs(std::move(pairs[k]), *grid.levels);
        out[k].voxels = static_cast<double>(grid.sliceVoxels(k));
    }
    return out;
}

texture::LevelCountMatrix buildGlszmVolume(const texture::PaddedGrid& grid, int distance) {
    const texture::Zones zones = texture::labelZones(grid, false, distance);
    std::vector<std::pair<int, int>> pairs;
    pairs.reserve(zones.level.size());
    for (std::size_t z = 0; z < zones.level.size(); ++z)
        pairs.emplace_back(zones.level[z], zones.size[z]);
    texture::LevelCountMatrix m(grid.greyLevels);
    m.assignPairs(std::move(pairs), *grid.levels);
    m.voxels = static_cast<double>(grid.roiVoxels());
    return m;
}

FeatureTable computeGlszm(const DiscretisedRoi& roi, const TextureSettings& settings) {
    const int distance = texture::usefulDistance(roi, settings.distance);
    const texture::PaddedGrid grid = texture::makePaddedGrid(roi, distance);
    // assignPairs counts in a compact-levels × max(64, 2·zones/levels) table.
    texture::requireTextureMemory(
        "GLSZM", grid.distinctLevels(),
        budget::sum(budget::product(
                        {static_cast<std::uint64_t>(grid.distinctLevels()), 64, sizeof(double)}),
                    budget::product({grid.roiVoxels(), 2 * sizeof(double)})));
    FeatureTable out;
    texture::aggregateSliceOrVolume(
        out, "glszm", kFeatures, grid, settings, texture::LevelCountMatrix(roi.greyLevels),
        [&](std::vector<texture::LevelCountMatrix>& perSlice) {
            perSlice = buildGlszmSlices(grid, distance);
        },
        [&](texture::LevelCountMatrix& m) { m = buildGlszmVolume(grid, distance); },
        glszmFeatureValues);
    return out;
}

std::span<const texture::FeatureDef> texture::glszmFeatures() {
    return kFeatures;
}

} // namespace rgw::radiomics
