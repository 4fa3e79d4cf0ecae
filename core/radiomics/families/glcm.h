#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"
#include "radiomics/texture/PaddedGrid.h"

#include <memory>
#include <vector>

namespace rgw::radiomics {

/// Symmetric grey level co-occurrence counts, stored sparsely: one cell per
/// pair of compact level indices a ≤ b that co-occurs (grey levels
/// levels->value[a], levels->value[b]), sorted by (a, b). Its size follows the
/// co-occurring pairs actually present, never n² (n = levels->count()), so a
/// ROI with thousands of distinct levels costs what its voxels cost.
struct GlcmMatrix {
    struct Cell {
        int a;    ///< compact index of the lower level
        int b;    ///< compact index of the higher level (a ≤ b)
        double n; ///< n_ab = n_ba of the symmetric matrix (> 0)
    };

    std::shared_ptr<const texture::LevelTable> levels = std::make_shared<texture::LevelTable>();
    int greyLevels = 0;      ///< N_g (highest grey level), for the normalised features
    int size = 0;            ///< n: distinct grey levels
    std::vector<Cell> cells; ///< sorted by (a, b), no duplicates, n > 0

    GlcmMatrix() = default;
    /// An empty matrix over the levels of `grid`.
    explicit GlcmMatrix(const texture::PaddedGrid& grid);
    /// Count of grey levels (i, j) (= (j, i)), 0 when the pair does not occur.
    double at(int i, int j) const;
    void clear() { cells.clear(); }
    bool empty() const { return cells.empty(); }
    /// Merges the two sorted cell lists: O(cells of both).
    GlcmMatrix& operator+=(const GlcmMatrix& other);
};

/// Adds the co-occurrences at `distance` × `direction` (both ways: symmetric)
/// of plane `slice` of the grid, or of the whole volume when slice < 0:
/// O(pairs log pairs) time and O(pairs) memory, whatever the number of levels.
void accumulateGlcm(GlcmMatrix& m, const texture::PaddedGrid& grid, int slice,
                    const texture::Offset& direction, int distance);

/// Every GLCM feature (IBSI 3.6) for each aggregation `settings` asks for.
/// Throws rgw::Error naming the level count when the co-occurring pairs that
/// can exist exceed the budget.
FeatureTable computeGlcm(const DiscretisedRoi& roi, const TextureSettings& settings);

} // namespace rgw::radiomics
