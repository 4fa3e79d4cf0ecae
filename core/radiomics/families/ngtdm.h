#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"
#include "radiomics/texture/PaddedGrid.h"

#include <vector>

namespace rgw::radiomics {

/// Neighbourhood grey tone difference matrix: per grey level i (index i − 1),
/// n_i voxels that have at least one ROI neighbour and s_i = Σ |i − Ā| over
/// them, Ā the mean grey level of their ROI neighbours (Chebyshev δ, centre
/// excluded).
struct NgtdmMatrix {
    std::vector<double> n, s;

    explicit NgtdmMatrix(int ng = 0) : n(ng, 0.0), s(ng, 0.0) {}
    void clear();
    bool empty() const;
    NgtdmMatrix& operator+=(const NgtdmMatrix& other);
};

/// One matrix per plane k (in-plane neighbourhood); grid.pad must be ≥ distance.
std::vector<NgtdmMatrix> buildNgtdmSlices(const texture::PaddedGrid& grid, int distance);
/// The 3D matrix (26-neighbourhood at δ = 1).
NgtdmMatrix buildNgtdmVolume(const texture::PaddedGrid& grid, int distance);

/// Every NGTDM feature (IBSI 3.10) for each aggregation `settings` asks for.
FeatureTable computeNgtdm(const DiscretisedRoi& roi, const TextureSettings& settings);

} // namespace rgw::radiomics
