#include "radiomics/families/glcm.h"

#include "radiomics/texture/Aggregation.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace rgw::radiomics {

namespace {

constexpr std::array<texture::FeatureDef, 25> kFeatures{{
    {"Joint maximum", "GYBY"},
    {"Joint average", "60VM"},
    {"Joint variance", "UR99"},
    {"Joint entropy", "TU9B"},
    {"Difference average", "TF7R"},
    {"Difference variance", "D3YU"},
    {"Difference entropy", "NTRS"},
    {"Sum average", "ZGXS"},
    {"Sum variance", "OEEB"},
    {"Sum entropy", "P6QZ"},
    {"Angular second moment", "8ZQL"},
    {"Contrast", "ACUI"},
    {"Dissimilarity", "8S9J"},
    {"Inverse difference", "IB1Z"},
    {"Normalised inverse difference", "NDRX"},
    {"Inverse difference moment", "WF0Z"},
    {"Normalised inverse difference moment", "1QCO"},
    {"Inverse variance", "E8JP"},
    {"Correlation", "NI2N"},
    {"Autocorrelation", "QWB0"},
    {"Cluster tendency", "DG8W"},
    {"Cluster shade", "7NFM"},
    {"Cluster prominence", "AE86"},
    {"Information correlation 1", "R8DG"},
    {"Information correlation 2", "JN9H"},
}};

double xlog2x(double p) {
    return p > 0.0 ? p * std::log2(p) : 0.0;
}

/// The 25 features of one GLCM, in kFeatures order. p_ij = n_ij / Σ n.
std::vector<double> glcmFeatures(const GlcmMatrix& m) {
    const int ng = m.greyLevels;
    double total = 0.0;
    for (double c : m.counts)
        total += c;
    std::vector<double> p(m.counts.size());
    for (std::size_t x = 0; x < p.size(); ++x)
        p[x] = m.counts[x] / total;

    // Marginals: p_i (= p_j, symmetric), p_{i-j,k} (k = |i-j|), p_{i+j,k} (k = i+j).
    std::vector<double> pi(ng + 1, 0.0), pDiff(ng, 0.0), pSum(2 * ng + 1, 0.0);
    for (int i = 1; i <= ng; ++i)
        for (int j = 1; j <= ng; ++j) {
            const double v = p[(i - 1) * ng + (j - 1)];
            pi[i] += v;
            pDiff[std::abs(i - j)] += v;
            pSum[i + j] += v;
        }

    double jointMax = 0.0, mu = 0.0, jointEntropy = 0.0, asm_ = 0.0, contrast = 0.0,
           dissimilarity = 0.0, invDiff = 0.0, normInvDiff = 0.0, idm = 0.0, normIdm = 0.0,
           autocorr = 0.0, hxy1 = 0.0, hxy2 = 0.0;
    const double ngd = ng;
    for (int i = 1; i <= ng; ++i)
        for (int j = 1; j <= ng; ++j) {
            const double v = p[(i - 1) * ng + (j - 1)];
            const double d = std::abs(i - j);
            jointMax = std::max(jointMax, v);
            mu += i * v;
            jointEntropy -= xlog2x(v);
            asm_ += v * v;
            contrast += d * d * v;
            dissimilarity += d * v;
            invDiff += v / (1.0 + d);
            normInvDiff += v / (1.0 + d / ngd);
            idm += v / (1.0 + d * d);
            normIdm += v / (1.0 + d * d / (ngd * ngd));
            autocorr += static_cast<double>(i) * j * v;
            const double pipj = pi[i] * pi[j];
            if (pipj > 0.0) {
                hxy1 -= v * std::log2(pipj);
                hxy2 -= pipj * std::log2(pipj);
            }
        }
    double jointVar = 0.0, sigma2 = 0.0, corrNum = 0.0, tendency = 0.0, shade = 0.0,
           prominence = 0.0;
    for (int i = 1; i <= ng; ++i) {
        sigma2 += (i - mu) * (i - mu) * pi[i];
        for (int j = 1; j <= ng; ++j) {
            const double v = p[(i - 1) * ng + (j - 1)];
            const double c = i + j - 2.0 * mu;
            jointVar += (i - mu) * (i - mu) * v;
            corrNum += (i - mu) * (j - mu) * v;
            tendency += c * c * v;
            shade += c * c * c * v;
            prominence += c * c * c * c * v;
        }
    }
    double diffAvg = 0.0, diffEntropy = 0.0, invVar = 0.0;
    for (int k = 0; k < ng; ++k) {
        diffAvg += k * pDiff[k];
        diffEntropy -= xlog2x(pDiff[k]);
        if (k > 0)
            invVar += pDiff[k] / (static_cast<double>(k) * k);
    }
    double diffVar = 0.0;
    for (int k = 0; k < ng; ++k)
        diffVar += (k - diffAvg) * (k - diffAvg) * pDiff[k];
    double sumAvg = 0.0, sumEntropy = 0.0;
    for (int k = 2; k <= 2 * ng; ++k) {
        sumAvg += k * pSum[k];
        sumEntropy -= xlog2x(pSum[k]);
    }
    double sumVar = 0.0;
    for (int k = 2; k <= 2 * ng; ++k)
        sumVar += (k - sumAvg) * (k - sumAvg) * pSum[k];
    double hx = 0.0;
    for (int i = 1; i <= ng; ++i)
        hx -= xlog2x(pi[i]);

    const double nan = std::nan("");
    return {
        jointMax,                              // GYBY max p_ij
        mu,                                    // 60VM Σ i p_ij
        jointVar,                              // UR99 Σ (i-μ)² p_ij
        jointEntropy,                          // TU9B −Σ p_ij log2 p_ij
        diffAvg,                               // TF7R Σ k p_{i-j,k}
        diffVar,                               // D3YU Σ (k-μ_d)² p_{i-j,k}
        diffEntropy,                           // NTRS −Σ p_{i-j,k} log2 p_{i-j,k}
        sumAvg,                                // ZGXS Σ k p_{i+j,k}
        sumVar,                                // OEEB Σ (k-μ_s)² p_{i+j,k}
        sumEntropy,                            // P6QZ −Σ p_{i+j,k} log2 p_{i+j,k}
        asm_,                                  // 8ZQL Σ p_ij²
        contrast,                              // ACUI Σ (i-j)² p_ij
        dissimilarity,                         // 8S9J Σ |i-j| p_ij
        invDiff,                               // IB1Z Σ p_ij / (1+|i-j|)
        normInvDiff,                           // NDRX Σ p_ij / (1+|i-j|/N_g)
        idm,                                   // WF0Z Σ p_ij / (1+(i-j)²)
        normIdm,                               // 1QCO Σ p_ij / (1+(i-j)²/N_g²)
        invVar,                                // E8JP Σ_{k≥1} p_{i-j,k} / k²
        sigma2 > 0.0 ? corrNum / sigma2 : nan, // NI2N Σ (i-μ)(j-μ) p_ij / σ² (σ_i = σ_j)
        autocorr,                              // QWB0 Σ i j p_ij
        tendency,                              // DG8W Σ (i+j-2μ)² p_ij
        shade,                                 // 7NFM Σ (i+j-2μ)³ p_ij
        prominence,                            // AE86 Σ (i+j-2μ)⁴ p_ij
        hx > 0.0 ? (jointEntropy - hxy1) / hx : nan, // R8DG (HXY − HXY1) / HX
        std::sqrt(std::max(0.0, 1.0 - std::exp(-2.0 * (hxy2 - jointEntropy)))), // JN9H
    };
}

} // namespace

void GlcmMatrix::clear() {
    std::fill(counts.begin(), counts.end(), 0.0);
}

bool GlcmMatrix::empty() const {
    return std::all_of(counts.begin(), counts.end(), [](double c) { return c == 0.0; });
}

GlcmMatrix& GlcmMatrix::operator+=(const GlcmMatrix& other) {
    for (std::size_t x = 0; x < counts.size(); ++x)
        counts[x] += other.counts[x];
    return *this;
}

void accumulateGlcm(GlcmMatrix& m, const texture::PaddedGrid& grid, int slice,
                    const texture::Offset& direction, int distance) {
    const std::ptrdiff_t step = grid.step(direction, distance);
    const std::size_t begin = slice < 0 ? 0 : grid.sliceStart[slice];
    const std::size_t end = slice < 0 ? grid.roi.size() : grid.sliceStart[slice + 1];
    const int ng = m.greyLevels;
    const int* level = grid.level.data();
    double* n = m.counts.data();
    for (std::size_t r = begin; r < end; ++r) {
        const std::ptrdiff_t v = grid.roi[r];
        const int b = level[v + step];
        if (b == 0)
            continue;
        const int a = level[v];
        n[(a - 1) * ng + (b - 1)] += 1.0;
        n[(b - 1) * ng + (a - 1)] += 1.0;
    }
}

FeatureTable computeGlcm(const DiscretisedRoi& roi, const TextureSettings& settings) {
    const int distance = std::max(1, settings.distance);
    const texture::PaddedGrid grid = texture::makePaddedGrid(roi, distance);
    FeatureTable out;
    texture::aggregateDirectional(
        out, "glcm", kFeatures, grid, settings, GlcmMatrix(roi.greyLevels),
        [distance](GlcmMatrix& m, const texture::PaddedGrid& g, int slice,
                   const texture::Offset& dir) { accumulateGlcm(m, g, slice, dir, distance); },
        glcmFeatures);
    return out;
}

} // namespace rgw::radiomics
