#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"
#include "radiomics/texture/PaddedGrid.h"

#include <vector>

namespace rgw::radiomics {

/// Symmetric grey level co-occurrence counts, N_g × N_g, row-major, levels 1..N_g
/// at index level − 1.
struct GlcmMatrix {
    int greyLevels = 0;
    std::vector<double> counts;

    explicit GlcmMatrix(int ng = 0) : greyLevels(ng), counts(static_cast<std::size_t>(ng) * ng) {}
    double at(int i, int j) const { return counts[(i - 1) * greyLevels + (j - 1)]; }
    void clear();
    bool empty() const;
    GlcmMatrix& operator+=(const GlcmMatrix& other);
};

/// Adds the co-occurrences at `distance` × `direction` (both ways: symmetric)
/// of plane `slice` of the grid, or of the whole volume when slice < 0.
void accumulateGlcm(GlcmMatrix& m, const texture::PaddedGrid& grid, int slice,
                    const texture::Offset& direction, int distance);

/// Every GLCM feature (IBSI 3.6) for each aggregation `settings` asks for.
FeatureTable computeGlcm(const DiscretisedRoi& roi, const TextureSettings& settings);

} // namespace rgw::radiomics
