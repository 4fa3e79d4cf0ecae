#pragma once

#include "radiomics/texture/LevelTable.h"

#include <utility>
#include <vector>

namespace rgw::radiomics::texture {

/// Counts n(i, j) of grey level i (1..N_g) against a positive integer j: run
/// length (GLRLM), zone size (GLSZM), zone distance (GLDZM) or dependence count
/// (NGLDM). Stored as sorted (i, j, n) cells with the real grey level i: zone
/// sizes can reach the ROI size and grey levels N_g, so a dense N_g × max(j)
/// array would be mostly zeros. Builders count in dense tables indexed by the
/// compact level index (LevelTable) and translate when assigning.
class LevelCountMatrix {
public:
    struct Cell {
        int i;
        int j;
        double n;
    };

    explicit LevelCountMatrix(int greyLevels = 0) : greyLevels_(greyLevels) {}

    /// Replaces the content with the dense counts dense[(c−1)·maxJ + (j−1)] of
    /// compact level index c (grey level table.value[c]).
    void assignDense(const std::vector<double>& dense, int maxJ, const LevelTable& table);
    /// Replaces the content with one count per (c, j) pair listed (any order),
    /// c a compact level index of `table`.
    void assignPairs(std::vector<std::pair<int, int>> pairs, const LevelTable& table);

    void clear() {
        cells_.clear();
        voxels = 0.0;
    }
    bool empty() const { return cells_.empty(); }
    LevelCountMatrix& operator+=(const LevelCountMatrix& other);

    int greyLevels() const { return greyLevels_; } ///< N_g
    const std::vector<Cell>& cells() const { return cells_; }
    double count(int i, int j) const;

    /// N_v behind the matrix (voxels of its slice or volume); merging adds them.
    double voxels = 0.0;

private:
    int greyLevels_ = 0;
    std::vector<Cell> cells_; ///< sorted by (i, j), n > 0
};

/// The features shared by GLRLM, GLSZM, GLDZM and NGLDM (IBSI 3.7–3.9, 3.11),
/// in this order; p_ij = n_ij / N_s, r_i = Σ_j n_ij, c_j = Σ_i n_ij:
///  0 Σ p/j²  1 Σ p j²  2 Σ p/i²  3 Σ p i²  4 Σ p/(i²j²)  5 Σ p i²/j²
///  6 Σ p j²/i²  7 Σ p i²j²  8 Σ r_i²/N_s  9 Σ r_i²/N_s²  10 Σ c_j²/N_s
///  11 Σ c_j²/N_s²  12 N_s/N_v  13 Σ (i−μ_i)² p  14 Σ (j−μ_j)² p
///  15 −Σ p log2 p  16 Σ p²
std::vector<double> levelCountFeatures(const LevelCountMatrix& m);

} // namespace rgw::radiomics::texture
