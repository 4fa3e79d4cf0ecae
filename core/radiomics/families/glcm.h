#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"
#include "radiomics/texture/PaddedGrid.h"

#include <memory>
#include <vector>

namespace rgw::radiomics {

/// Symmetric grey level co-occurrence counts, stored sparsely: one cell per
/// pair of compact level indices a ≤ b that co-occurs (grey levels
/// levels->value[a], levels->value[b]). Its size follows the co-occurring
/// pairs actually present, never n² (n = levels->count()), so a ROI with
/// thousands of distinct levels costs what its voxels cost.
///
/// The cells are kept in sorted runs whose sizes at least halve from one to
/// the next (≤ 33 runs): += appends a run and merges the last runs while they
/// are of similar size, so summing many small matrices into a large one (the
/// slice-wise aggregations) costs O(cells log cells) in all, not O(slices ×
/// cells). Counts are integers, exact in double, so the merge order never
/// changes a count.
struct GlcmMatrix {
    struct Cell {
        int a;    ///< compact index of the lower level
        int b;    ///< compact index of the higher level (a ≤ b)
        double n; ///< n_ab = n_ba of the symmetric matrix (> 0)
    };

    std::shared_ptr<const texture::LevelTable> levels = std::make_shared<texture::LevelTable>();
    int greyLevels = 0; ///< N_g (highest grey level), for the normalised features
    int size = 0;       ///< n: distinct grey levels

    GlcmMatrix() = default;
    /// An empty matrix over the levels of `grid`.
    explicit GlcmMatrix(const texture::PaddedGrid& grid);
    /// Count of grey levels (i, j) (= (j, i)), 0 when the pair does not occur.
    double at(int i, int j) const;
    void clear() { runs_.clear(); }
    bool empty() const { return runs_.empty(); }
    /// Adds the cells of `other` (amortised O(its cells × log cells)).
    GlcmMatrix& operator+=(const GlcmMatrix& other);
    /// Adds a run of cells sorted by (a, b), without duplicates, counts > 0.
    void add(std::vector<Cell> run);
    /// All cells, sorted by (a, b), equal pairs merged: the single run, or the
    /// runs merged into `scratch` (O(cells log runs)).
    const std::vector<Cell>& cells(std::vector<Cell>& scratch) const;

private:
    std::vector<std::vector<Cell>> runs_; ///< each non-empty; sizes at least halve
};

/// Adds the co-occurrences at `distance` × `direction` (both ways: symmetric)
/// of plane `slice` of the grid, or of the whole volume when slice < 0:
/// O(pairs log pairs) time and O(pairs) memory, whatever the number of levels.
void accumulateGlcm(GlcmMatrix& m, const texture::PaddedGrid& grid, int slice,
                    const texture::Offset& direction, int distance);

/// The 25 GLCM feature values of one matrix, in texture::glcmFeatures()
/// order: the family's one set of formulas, also used by the sliding-kernel
/// feature maps.
std::vector<double> glcmFeatureValues(const GlcmMatrix& m);

/// Every GLCM feature (IBSI 3.6) for each aggregation `settings` asks for.
/// Throws rgw::Error naming the level count when the co-occurring pairs that
/// can exist exceed the budget.
FeatureTable computeGlcm(const DiscretisedRoi& roi, const TextureSettings& settings);

} // namespace rgw::radiomics
