#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"
#include "radiomics/texture/PaddedGrid.h"

#include <memory>
#include <vector>

namespace rgw::radiomics {

/// Symmetric grey level co-occurrence counts over the grey levels present in
/// the ROI: n × n, row-major, n = levels->count(), compact index c at c − 1
/// (grey level levels->value[c]). Sized by the levels present, not by N_g.
struct GlcmMatrix {
    std::shared_ptr<const texture::LevelTable> levels = std::make_shared<texture::LevelTable>();
    int greyLevels = 0; ///< N_g (highest grey level), for the normalised features
    int size = 0;       ///< n: distinct grey levels
    std::vector<double> counts;

    GlcmMatrix() = default;
    /// An empty matrix over the levels of `grid`.
    explicit GlcmMatrix(const texture::PaddedGrid& grid);
    /// Count of grey levels (i, j), 0 when either does not occur in the ROI.
    double at(int i, int j) const;
    void clear();
    bool empty() const;
    GlcmMatrix& operator+=(const GlcmMatrix& other);
};

/// Adds the co-occurrences at `distance` × `direction` (both ways: symmetric)
/// of plane `slice` of the grid, or of the whole volume when slice < 0.
void accumulateGlcm(GlcmMatrix& m, const texture::PaddedGrid& grid, int slice,
                    const texture::Offset& direction, int distance);

/// Every GLCM feature (IBSI 3.6) for each aggregation `settings` asks for.
/// Throws rgw::Error naming the level count when the matrices exceed the budget.
FeatureTable computeGlcm(const DiscretisedRoi& roi, const TextureSettings& settings);

} // namespace rgw::radiomics
