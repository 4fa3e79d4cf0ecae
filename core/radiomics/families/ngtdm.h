#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"
#include "radiomics/texture/PaddedGrid.h"

#include <memory>
#include <utility>
#include <vector>

namespace rgw::radiomics {

/// Neighbourhood grey tone difference matrix: per grey level i present in the
/// ROI (compact index c − 1, grey level levels->value[c]), n_i voxels that have
/// at least one ROI neighbour and s_i = Σ |i − Ā| over them, Ā the mean grey
/// level of their ROI neighbours (Chebyshev δ, centre excluded).
struct NgtdmMatrix {
    std::shared_ptr<const texture::LevelTable> levels = std::make_shared<texture::LevelTable>();
    std::vector<double> n, s;

    NgtdmMatrix() = default;
    explicit NgtdmMatrix(std::shared_ptr<const texture::LevelTable> table)
        : levels(std::move(table)), n(static_cast<std::size_t>(levels->count()), 0.0),
          s(n.size(), 0.0) {}
    /// n_i and s_i of grey level i (0 when i does not occur in the ROI).
    double count(int i) const { return at(n, i); }
    double sum(int i) const { return at(s, i); }
    void clear();
    bool empty() const;
    NgtdmMatrix& operator+=(const NgtdmMatrix& other);

private:
    double at(const std::vector<double>& v, int i) const {
        const int c = levels->indexOf(i);
        return c > 0 ? v[static_cast<std::size_t>(c - 1)] : 0.0;
    }
};

/// One matrix per plane k (in-plane neighbourhood); grid.pad must be ≥ distance.
std::vector<NgtdmMatrix> buildNgtdmSlices(const texture::PaddedGrid& grid, int distance);
/// The 3D matrix (26-neighbourhood at δ = 1).
NgtdmMatrix buildNgtdmVolume(const texture::PaddedGrid& grid, int distance);

/// The 5 NGTDM feature values of one matrix, in texture::ngtdmFeatures() order:
/// the family's one set of formulas, also used by the sliding-kernel
/// feature maps.
std::vector<double> ngtdmFeatureValues(const NgtdmMatrix& m);

/// Every NGTDM feature (IBSI 3.10) for each aggregation `settings` asks for.
FeatureTable computeNgtdm(const DiscretisedRoi& roi, const TextureSettings& settings);

} // namespace rgw::radiomics
