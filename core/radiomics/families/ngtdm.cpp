#include "radiomics/families/ngtdm.h"

#include "radiomics/texture/Aggregation.h"
#include "radiomics/texture/BoxSum.h"
#include "radiomics/texture/FamilyFeatures.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace rgw::radiomics {

namespace {

constexpr std::array<texture::FeatureDef, 5> kFeatures{{
    {"Coarseness", "QCDE"},
    {"Contrast", "65HE"},
    {"Busyness", "NQ30"},
    {"Complexity", "HDEZ"},
    {"Strength", "1X9X"},
}};

} // namespace

/// p_i = n_i / N_v,c; sums over grey levels with p_i > 0 only (N_g,p of them),
/// i and j the grey levels of the compact indices a and b.
std::vector<double> ngtdmFeatureValues(const NgtdmMatrix& m) {
    const int ng = static_cast<int>(m.n.size());
    double nvc = 0.0, sumS = 0.0;
    std::vector<int> present; // compact indices with p > 0, ascending
    for (int i = 0; i < ng; ++i) {
        nvc += m.n[i];
        sumS += m.s[i];
        if (m.n[i] > 0.0)
            present.push_back(i);
    }
    const int ngp = static_cast<int>(present.size());
    std::vector<double> p(ng);
    double sumPS = 0.0;
    for (int i = 0; i < ng; ++i) {
        p[i] = m.n[i] / nvc;
        sumPS += p[i] * m.s[i];
    }
    double contrastSum = 0.0, busyDenominator = 0.0, complexity = 0.0, strengthSum = 0.0;
    for (const int a : present)
        for (const int b : present) {
            const double i = m.levels->value[static_cast<std::size_t>(a) + 1];
            const double j = m.levels->value[static_cast<std::size_t>(b) + 1];
            const double d2 = (i - j) * (i - j);
            contrastSum += p[a] * p[b] * d2;
            busyDenominator += std::abs(i * p[a] - j * p[b]);
            complexity += std::abs(i - j) * (p[a] * m.s[a] + p[b] * m.s[b]) / (p[a] + p[b]);
            strengthSum += (p[a] + p[b]) * d2;
        }
    const double nan = std::nan("");
    return {
        // QCDE 1 / Σ p_i s_i (undefined when every s_i = 0: a uniform ROI)
        sumPS > 0.0 ? 1.0 / sumPS : nan,
        // 65HE [Σ_i Σ_j p_i p_j (i−j)² / (N_g,p (N_g,p − 1))] · Σ s_i / N_v,c
        ngp > 1 ? contrastSum / (ngp * (ngp - 1.0)) * sumS / nvc : 0.0,
        // NQ30 Σ p_i s_i / Σ_i Σ_j |i p_i − j p_j| (0 for a single grey level)
        busyDenominator > 0.0 ? sumPS / busyDenominator : 0.0,
        // HDEZ Σ_i Σ_j |i−j| (p_i s_i + p_j s_j) / (p_i + p_j) / N_v,c
        complexity / nvc,
        // 1X9X Σ_i Σ_j (p_i + p_j)(i−j)² / Σ s_i (0 when Σ s_i = 0)
        sumS > 0.0 ? strengthSum / sumS : 0.0,
    };
}

namespace {

/// Adds every ROI voxel of roi[begin, end) that has ROI neighbours to `m`, from
/// box sums of the grey levels and of the ROI indicator.
void accumulate(NgtdmMatrix& m, const texture::PaddedGrid& grid, const std::vector<double>& sumL,
                const std::vector<double>& count, std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) {
        const int v = grid.roi[r];
        const int c = grid.level[v];
        const double neighbours = count[v] - 1.0;
        if (neighbours < 0.5)
            continue; // no ROI neighbour: not counted in N_v,c
        const double a = grid.value(c);
        const double mean = (sumL[v] - a) / neighbours;
        m.n[c - 1] += 1.0;
        m.s[c - 1] += std::abs(a - mean);
    }
}

std::pair<std::vector<double>, std::vector<double>> boxSums(const texture::PaddedGrid& grid,
                                                            int distance, bool inPlane) {
    // One field at a time: the grey levels' sums, then the ROI indicator's.
    std::vector<double> levels(grid.voxelCount(), 0.0);
    for (const int v : grid.roi)
        levels[v] = grid.value(grid.level[v]); // Ā averages grey levels, not indices
    std::vector<double> sumL = texture::boxSum(grid, std::move(levels), distance, inPlane);
    std::vector<double> inside(grid.voxelCount(), 0.0);
    for (const int v : grid.roi)
        inside[v] = 1.0;
    return {std::move(sumL), texture::boxSum(grid, std::move(inside), distance, inPlane)};
}

} // namespace

void NgtdmMatrix::clear() {
    std::fill(n.begin(), n.end(), 0.0);
    std::fill(s.begin(), s.end(), 0.0);
}

bool NgtdmMatrix::empty() const {
    return std::all_of(n.begin(), n.end(), [](double x) { return x == 0.0; });
}

NgtdmMatrix& NgtdmMatrix::operator+=(const NgtdmMatrix& other) {
    for (std::size_t i = 0; i < n.size(); ++i) {
        n[i] += other.n[i];
        s[i] += other.s[i];
    }
    return *this;
}

std::vector<NgtdmMatrix> buildNgtdmSlices(const texture::PaddedGrid& grid, int distance) {
    const auto [sumL, count] = boxSums(grid, distance, true);
    std::vector<NgtdmMatrix> out(static_cast<std::size_t>(grid.nz), NgtdmMatrix(grid.levels));
    for (int k = 0; k < grid.nz; ++k)
        accumulate(out[k], grid, sumL, count, grid.sliceStart[k], grid.sliceStart[k + 1]);
    return out;
}

NgtdmMatrix buildNgtdmVolume(const texture::PaddedGrid& grid, int distance) {
    const auto [sumL, count] = boxSums(grid, distance, false);
    NgtdmMatrix m(grid.levels);
    accumulate(m, grid, sumL, count, 0, grid.roi.size());
    return m;
}

FeatureTable computeNgtdm(const DiscretisedRoi& roi, const TextureSettings& settings) {
    const int distance = texture::usefulDistance(roi, settings.distance);
    const texture::PaddedGrid grid = texture::makePaddedGrid(roi, distance);
    // One (n_i, s_i) pair per compact level for every plane, the merged and the 3D matrix.
    texture::requireTextureMemory(
        "NGTDM", grid.distinctLevels(),
        budget::product({static_cast<std::uint64_t>(grid.nz) + 2,
                         static_cast<std::uint64_t>(grid.distinctLevels()), 2 * sizeof(double)}));
    FeatureTable out;
    texture::aggregateSliceOrVolume(
        out, "ngtdm", kFeatures, grid, settings, NgtdmMatrix(grid.levels),
        [&](std::vector<NgtdmMatrix>& perSlice) { perSlice = buildNgtdmSlices(grid, distance); },
        [&](NgtdmMatrix& m) { m = buildNgtdmVolume(grid, distance); }, ngtdmFeatureValues);
    return out;
}

std::span<const texture::FeatureDef> texture::ngtdmFeatures() {
    return kFeatures;
}

} // namespace rgw::radiomics
