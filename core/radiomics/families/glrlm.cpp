#include "radiomics/families/glrlm.h"

#include "radiomics/texture/Aggregation.h"
#include "radiomics/texture/FamilyFeatures.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <array>

namespace rgw::radiomics {

namespace {

// Formulas in levelCountFeatures() (LevelCountMatrix.h), with j = run length r,
// N_s = number of runs, N_v = voxels (times directions once merged).
constexpr std::array<texture::FeatureDef, 16> kFeatures{{
    {"Short runs emphasis", "22OV"},                  // Σ p/r²
    {"Long runs emphasis", "W4KF"},                   // Σ p r²
    {"Low grey level run emphasis", "V3SW"},          // Σ p/i²
    {"High grey level run emphasis", "G3QZ"},         // Σ p i²
    {"Short run low grey level emphasis", "HTZT"},    // Σ p/(i²r²)
    {"Short run high grey level emphasis", "GD3A"},   // Σ p i²/r²
    {"Long run low grey level emphasis", "IVPO"},     // Σ p r²/i²
    {"Long run high grey level emphasis", "3KUM"},    // Σ p i²r²
    {"Grey level non-uniformity", "R5YN"},            // Σ_i r_i² / N_s
    {"Normalised grey level non-uniformity", "OVBL"}, // Σ_i r_i² / N_s²
    {"Run length non-uniformity", "W92Y"},            // Σ_r c_r² / N_s
    {"Normalised run length non-uniformity", "IC23"}, // Σ_r c_r² / N_s²
    {"Run percentage", "9ZK5"},                       // N_s / N_v
    {"Grey level variance", "8CE5"},                  // Σ (i−μ_i)² p
    {"Run length variance", "SXLW"},                  // Σ (r−μ_r)² p
    {"Run entropy", "HJ9O"},                          // −Σ p log2 p
}};

} // namespace

std::vector<double> glrlmFeatureValues(const texture::LevelCountMatrix& m) {
    auto f = texture::levelCountFeatures(m);
    f.resize(kFeatures.size());
    return f;
}

void buildGlrlm(texture::LevelCountMatrix& m, const texture::PaddedGrid& grid, int slice,
                const texture::Offset& direction) {
    const std::ptrdiff_t step = grid.step(direction);
    const std::size_t begin = slice < 0 ? 0 : grid.sliceStart[slice];
    const std::size_t end = slice < 0 ? grid.roi.size() : grid.sliceStart[slice + 1];
    const int ng = grid.distinctLevels();
    const int maxRun = std::max({grid.nx, grid.ny, grid.nz}) - 2 * grid.pad;
    std::vector<double> dense(static_cast<std::size_t>(ng) * maxRun, 0.0);
    const int* level = grid.level.data();
    for (std::size_t r = begin; r < end; ++r) {
        const std::ptrdiff_t v = grid.roi[r];
        const int a = level[v];
        if (level[v - step] == a)
            continue; // not the first voxel of its run
        int length = 1;
        for (std::ptrdiff_t w = v + step; level[w] == a; w += step)
            ++length;
        dense[static_cast<std::size_t>(a - 1) * maxRun + (length - 1)] += 1.0;
    }
    m.assignDense(dense, maxRun, *grid.levels);
    m.voxels = static_cast<double>(end - begin);
}

FeatureTable computeGlrlm(const DiscretisedRoi& roi, const TextureSettings& settings) {
    const texture::PaddedGrid grid = texture::makePaddedGrid(roi, 1);
    // One dense compact-levels × longest-run count table at a time.
    const int maxRun = std::max({grid.nx, grid.ny, grid.nz});
    texture::requireTextureMemory(
        "GLRLM", grid.distinctLevels(),
        budget::product({static_cast<std::uint64_t>(grid.distinctLevels()),
                         static_cast<std::uint64_t>(maxRun), sizeof(double)}),
        "runs up to " + std::to_string(maxRun) + " voxels");
    FeatureTable out;
    texture::aggregateDirectional(out, "glrlm", kFeatures, grid, settings,
                                  texture::LevelCountMatrix(roi.greyLevels), buildGlrlm,
                                  glrlmFeatureValues);
    return out;
}

std::span<const texture::FeatureDef> texture::glrlmFeatures() {
    return kFeatures;
}

} // namespace rgw::radiomics
