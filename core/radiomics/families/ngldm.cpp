#include "radiomics/families/ngldm.h"

#include "radiomics/texture/Aggregation.h"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace rgw::radiomics {

namespace {

// Formulas in levelCountFeatures() (LevelCountMatrix.h), with j = dependence
// count, N_s = N_v = voxels (every ROI voxel has a dependence count).
constexpr std::array<texture::FeatureDef, 17> kFeatures{{
    {"Low dependence emphasis", "SODN"},                    // Σ p/j²
    {"High dependence emphasis", "IMOQ"},                   // Σ p j²
    {"Low grey level count emphasis", "TL9H"},              // Σ p/i²
    {"High grey level count emphasis", "OAE7"},             // Σ p i²
    {"Low dependence low grey level emphasis", "EQ3F"},     // Σ p/(i²j²)
    {"Low dependence high grey level emphasis", "JA6D"},    // Σ p i²/j²
    {"High dependence low grey level emphasis", "NBZI"},    // Σ p j²/i²
    {"High dependence high grey level emphasis", "9QMG"},   // Σ p i²j²
    {"Grey level non-uniformity", "FP8K"},                  // Σ_i r_i² / N_s
    {"Normalised grey level non-uniformity", "5SPA"},       // Σ_i r_i² / N_s²
    {"Dependence count non-uniformity", "Z87G"},            // Σ_j c_j² / N_s
    {"Normalised dependence count non-uniformity", "OKJI"}, // Σ_j c_j² / N_s²
    {"Dependence count percentage", "6XV8"},                // N_s / N_v
    {"Grey level variance", "1PFV"},                        // Σ (i−μ_i)² p
    {"Dependence count variance", "DNX2"},                  // Σ (j−μ_j)² p
    {"Dependence count entropy", "FCBV"},                   // −Σ p log2 p
    {"Dependence count energy", "CAS9"},                    // Σ p²
}};

/// Dense per-plane (or whole-volume, plane 0) counts of (level, dependence).
std::vector<std::vector<double>> dependenceCounts(const texture::PaddedGrid& grid, int distance,
                                                  int coarseness, bool inPlane, int maxJ) {
    std::vector<std::ptrdiff_t> neighbours;
    const int dz = inPlane ? 0 : distance;
    for (int dk = -dz; dk <= dz; ++dk)
        for (int dj = -distance; dj <= distance; ++dj)
            for (int di = -distance; di <= distance; ++di)
                if (di != 0 || dj != 0 || dk != 0)
                    neighbours.push_back(grid.step({di, dj, dk}));
    const std::size_t planes = inPlane ? static_cast<std::size_t>(grid.nz) : 1;
    std::vector<std::vector<double>> dense(planes);
    const int* level = grid.level.data();
    for (std::size_t plane = 0; plane < planes; ++plane) {
        const std::size_t begin = inPlane ? grid.sliceStart[plane] : 0;
        const std::size_t end = inPlane ? grid.sliceStart[plane + 1] : grid.roi.size();
        if (begin == end)
            continue;
        auto& d = dense[plane];
        d.assign(static_cast<std::size_t>(grid.greyLevels) * maxJ, 0.0);
        for (std::size_t r = begin; r < end; ++r) {
            const std::ptrdiff_t v = grid.roi[r];
            const int a = level[v];
            int j = 1;
            for (const auto s : neighbours) {
                const int b = level[v + s];
                j += (b > 0 && std::abs(b - a) <= coarseness) ? 1 : 0;
            }
            d[static_cast<std::size_t>(a - 1) * maxJ + (j - 1)] += 1.0;
        }
    }
    return dense;
}

int maxDependence(int distance, bool inPlane) {
    const int side = 2 * distance + 1;
    return inPlane ? side * side : side * side * side;
}

std::vector<double> ngldmFeatures(const texture::LevelCountMatrix& m) {
    return texture::levelCountFeatures(m);
}

} // namespace

std::vector<texture::LevelCountMatrix> buildNgldmSlices(const texture::PaddedGrid& grid,
                                                        int distance, int coarseness) {
    const int maxJ = maxDependence(distance, true);
    const auto dense = dependenceCounts(grid, distance, coarseness, true, maxJ);
    std::vector<texture::LevelCountMatrix> out(dense.size(),
                                               texture::LevelCountMatrix(grid.greyLevels));
    for (int k = 0; k < grid.nz; ++k) {
        if (dense[k].empty())
            continue;
        out[k].assignDense(dense[k], maxJ);
        out[k].voxels = static_cast<double>(grid.sliceVoxels(k));
    }
    return out;
}

texture::LevelCountMatrix buildNgldmVolume(const texture::PaddedGrid& grid, int distance,
                                           int coarseness) {
    const int maxJ = maxDependence(distance, false);
    const auto dense = dependenceCounts(grid, distance, coarseness, false, maxJ);
    texture::LevelCountMatrix m(grid.greyLevels);
    if (!dense[0].empty())
        m.assignDense(dense[0], maxJ);
    m.voxels = static_cast<double>(grid.roiVoxels());
    return m;
}

FeatureTable computeNgldm(const DiscretisedRoi& roi, const TextureSettings& settings) {
    const int distance = std::max(1, settings.distance);
    const int alpha = std::max(0, settings.ngldmCoarseness);
    const texture::PaddedGrid grid = texture::makePaddedGrid(roi, distance);
    FeatureTable out;
    texture::aggregateSliceOrVolume(
        out, "ngldm", kFeatures, grid, settings, texture::LevelCountMatrix(roi.greyLevels),
        [&](std::vector<texture::LevelCountMatrix>& perSlice) {
            perSlice = buildNgldmSlices(grid, distance, alpha);
        },
        [&](texture::LevelCountMatrix& m) { m = buildNgldmVolume(grid, distance, alpha); },
        ngldmFeatures);
    return out;
}

} // namespace rgw::radiomics
