#include "radiomics/families/ngldm.h"

#include "radiomics/texture/Aggregation.h"
#include "radiomics/texture/FamilyFeatures.h"
#include "util/ResourceBudget.h"

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

/// Offsets of the neighbourhood within Chebyshev `distance` (centre excluded).
std::vector<std::ptrdiff_t> neighbourhood(const texture::PaddedGrid& grid, int distance,
                                          bool inPlane) {
    std::vector<std::ptrdiff_t> neighbours;
    const int dz = inPlane ? 0 : distance;
    for (int dk = -dz; dk <= dz; ++dk)
        for (int dj = -distance; dj <= distance; ++dj)
            for (int di = -distance; di <= distance; ++di)
                if (di != 0 || dj != 0 || dk != 0)
                    neighbours.push_back(grid.step({di, dj, dk}));
    return neighbours;
}

/// The dependence matrix of roi[begin, end): counted in a dense compact-levels
/// × maxJ table (one plane at a time), then kept as cells.
texture::LevelCountMatrix dependenceMatrix(const texture::PaddedGrid& grid,
                                           const std::vector<std::ptrdiff_t>& neighbours,
                                           int coarseness, std::size_t begin, std::size_t end) {
    texture::LevelCountMatrix m(grid.greyLevels);
    if (begin == end)
        return m;
    // j = 1 + matching neighbours ≤ the ROI voxels of the plane (or volume).
    const int maxJ = static_cast<int>(std::min(neighbours.size() + 1, end - begin));
    std::vector<double> dense(static_cast<std::size_t>(grid.distinctLevels()) * maxJ, 0.0);
    const int* level = grid.level.data();
    const int* value = grid.levels->value.data();
    for (std::size_t r = begin; r < end; ++r) {
        const std::ptrdiff_t v = grid.roi[r];
        const int a = level[v];
        int j = 1;
        if (coarseness == 0) {
            // α = 0: equal grey levels, i.e. equal compact indices.
            for (const auto s : neighbours)
                j += level[v + s] == a ? 1 : 0;
        } else {
            // |x − y| ≤ α on the grey levels themselves (not their compact indices).
            const long long x = value[a];
            for (const auto s : neighbours) {
                const int b = level[v + s];
                j += (b > 0 && std::abs(value[b] - x) <= coarseness) ? 1 : 0;
            }
        }
        dense[static_cast<std::size_t>(a - 1) * maxJ + (j - 1)] += 1.0;
    }
    m.assignDense(dense, maxJ, *grid.levels);
    m.voxels = static_cast<double>(end - begin);
    return m;
}

/// Asks the budget for the neighbourhood list and one dense count table.
void requireNgldmMemory(const texture::PaddedGrid& grid, int distance, bool inPlane) {
    const auto side = static_cast<std::uint64_t>(2 * distance + 1);
    const std::uint64_t neighbours = budget::product({side, side, inPlane ? 1 : side});
    texture::requireNeighbourhoodWork("NGLDM", grid.roiVoxels(), neighbours, distance);
    const std::uint64_t maxJ = std::min<std::uint64_t>(neighbours, grid.roiVoxels());
    texture::requireTextureMemory(
        "NGLDM", grid.distinctLevels(),
        budget::sum(budget::product({neighbours, sizeof(std::ptrdiff_t)}),
                    budget::product(
                        {static_cast<std::uint64_t>(grid.distinctLevels()), maxJ, sizeof(double)})),
        "dependence counts up to " + std::to_string(maxJ));
}

} // namespace

std::vector<double> ngldmFeatureValues(const texture::LevelCountMatrix& m) {
    return texture::levelCountFeatures(m);
}

std::vector<texture::LevelCountMatrix> buildNgldmSlices(const texture::PaddedGrid& grid,
                                                        int distance, int coarseness) {
    requireNgldmMemory(grid, distance, true);
    const auto neighbours = neighbourhood(grid, distance, true);
    std::vector<texture::LevelCountMatrix> out;
    out.reserve(static_cast<std::size_t>(grid.nz));
    for (int k = 0; k < grid.nz; ++k)
        out.push_back(dependenceMatrix(grid, neighbours, coarseness, grid.sliceStart[k],
                                       grid.sliceStart[k + 1]));
    return out;
}

texture::LevelCountMatrix buildNgldmVolume(const texture::PaddedGrid& grid, int distance,
                                           int coarseness) {
    requireNgldmMemory(grid, distance, false);
    texture::LevelCountMatrix m = dependenceMatrix(grid, neighbourhood(grid, distance, false),
                                                   coarseness, 0, grid.roi.size());
    m.voxels = static_cast<double>(grid.roiVoxels());
    return m;
}

FeatureTable computeNgldm(const DiscretisedRoi& roi, const TextureSettings& settings) {
    const int distance = texture::usefulDistance(roi, settings.distance);
    const int alpha = std::max(0, settings.ngldmCoarseness);
    const texture::PaddedGrid grid = texture::makePaddedGrid(roi, distance);
    FeatureTable out;
    texture::aggregateSliceOrVolume(
        out, "ngldm", kFeatures, grid, settings, texture::LevelCountMatrix(roi.greyLevels),
        [&](std::vector<texture::LevelCountMatrix>& perSlice) {
            perSlice = buildNgldmSlices(grid, distance, alpha);
        },
        [&](texture::LevelCountMatrix& m) { m = buildNgldmVolume(grid, distance, alpha); },
        ngldmFeatureValues);
    return out;
}

std::span<const texture::FeatureDef> texture::ngldmFeatures() {
    return kFeatures;
}

} // namespace rgw::radiomics
