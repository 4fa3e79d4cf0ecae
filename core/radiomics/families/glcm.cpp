#include "radiomics/families/glcm.h"

#include "radiomics/texture/Aggregation.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <utility>

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

using KeyedTerms = std::vector<std::pair<std::int64_t, double>>;

/// Σ of the values per integer key (|i − j| or i + j, up to 2 N_g), each
/// key's values summed in the order added: a dense array indexed by the key
/// when that is small next to the number of terms, else terms sorted stably
/// by key — never an array sized by N_g alone.
class KeyedSums {
public:
    KeyedSums(std::int64_t maxKey, std::size_t terms)
        : dense_(static_cast<std::uint64_t>(maxKey) <= 2 * terms + 1024) {
        if (dense_) {
            sum_.assign(static_cast<std::size_t>(maxKey) + 1, 0.0);
            used_.assign(sum_.size(), 0);
        }
    }
    void add(std::int64_t key, double v) {
        if (dense_) {
            sum_[static_cast<std::size_t>(key)] += v;
            used_[static_cast<std::size_t>(key)] = 1;
        } else {
            terms_.emplace_back(key, v);
        }
    }
    /// (key, Σ) for every key added, keys ascending.
    KeyedTerms sums() {
        KeyedTerms out;
        if (dense_) {
            for (std::size_t k = 0; k < sum_.size(); ++k)
                if (used_[k])
                    out.emplace_back(static_cast<std::int64_t>(k), sum_[k]);
            return out;
        }
        std::stable_sort(terms_.begin(), terms_.end(),
                         [](const auto& x, const auto& y) { return x.first < y.first; });
        for (const auto& [k, v] : terms_) {
            if (out.empty() || out.back().first != k)
                out.emplace_back(k, 0.0);
            out.back().second += v;
        }
        return out;
    }

private:
    bool dense_;
    std::vector<double> sum_;
    std::vector<std::uint8_t> used_;
    KeyedTerms terms_;
};

/// The 25 features of one GLCM, in kFeatures order. p_ij = n_ij / Σ n; i, j
/// are grey levels. Sums run over the levels with p_i > 0 in ascending order:
/// the terms left out are zero, so the result equals the dense N_g × N_g sum.
std::vector<double> glcmFeatures(const GlcmMatrix& m) {
    const int n = m.size;
    const auto& level = m.levels->value; // level[c + 1]: grey level of row c
    double total = 0.0;
    for (double c : m.counts)
        total += c;
    std::vector<double> p(m.counts.size());
    for (std::size_t x = 0; x < p.size(); ++x)
        p[x] = m.counts[x] / total;
    const auto at = [&](int a, int b) {
        return p[static_cast<std::size_t>(a) * n + static_cast<std::size_t>(b)];
    };

    // Marginals: p_i (= p_j, symmetric), p_{i-j,k} (k = |i-j|), p_{i+j,k} (k = i+j).
    std::vector<double> pi(static_cast<std::size_t>(n), 0.0);
    for (int a = 0; a < n; ++a)
        for (int b = 0; b < n; ++b)
            pi[a] += at(a, b);
    std::vector<int> present; // rows with p_i > 0 (every p_ij elsewhere is 0)
    for (int a = 0; a < n; ++a)
        if (pi[a] > 0.0)
            present.push_back(a);
    const std::int64_t highest = present.empty() ? 0 : level[present.back() + 1];
    const std::size_t cells = present.size() * present.size();
    KeyedSums diffSums(highest, cells), sumSums(2 * highest, cells);
    for (const int a : present)
        for (const int b : present)
            if (const double v = at(a, b); v > 0.0) {
                const std::int64_t i = level[a + 1], j = level[b + 1];
                diffSums.add(i > j ? i - j : j - i, v);
                sumSums.add(i + j, v);
            }
    const KeyedTerms pDiff = diffSums.sums();
    const KeyedTerms pSum = sumSums.sums();

    double jointMax = 0.0, mu = 0.0, jointEntropy = 0.0, asm_ = 0.0, contrast = 0.0,
           dissimilarity = 0.0, invDiff = 0.0, normInvDiff = 0.0, idm = 0.0, normIdm = 0.0,
           autocorr = 0.0, hxy1 = 0.0, hxy2 = 0.0;
    const double ngd = m.greyLevels;
    for (const int a : present)
        for (const int b : present) {
            const double i = level[a + 1], j = level[b + 1];
            const double v = at(a, b);
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
            autocorr += i * j * v;
            const double pipj = pi[a] * pi[b];
            if (pipj > 0.0) {
                hxy1 -= v * std::log2(pipj);
                hxy2 -= pipj * std::log2(pipj);
            }
        }
    double jointVar = 0.0, sigma2 = 0.0, corrNum = 0.0, tendency = 0.0, shade = 0.0,
           prominence = 0.0;
    for (const int a : present) {
        const double i = level[a + 1];
        sigma2 += (i - mu) * (i - mu) * pi[a];
        for (const int b : present) {
            const double j = level[b + 1];
            const double v = at(a, b);
            const double c = i + j - 2.0 * mu;
            jointVar += (i - mu) * (i - mu) * v;
            corrNum += (i - mu) * (j - mu) * v;
            tendency += c * c * v;
            shade += c * c * c * v;
            prominence += c * c * c * c * v;
        }
    }
    double diffAvg = 0.0, diffEntropy = 0.0, invVar = 0.0;
    for (const auto& [k, pk] : pDiff) {
        diffAvg += static_cast<double>(k) * pk;
        diffEntropy -= xlog2x(pk);
        if (k > 0)
            invVar += pk / (static_cast<double>(k) * static_cast<double>(k));
    }
    double diffVar = 0.0;
    for (const auto& [k, pk] : pDiff)
        diffVar += (static_cast<double>(k) - diffAvg) * (static_cast<double>(k) - diffAvg) * pk;
    double sumAvg = 0.0, sumEntropy = 0.0;
    for (const auto& [k, pk] : pSum) {
        sumAvg += static_cast<double>(k) * pk;
        sumEntropy -= xlog2x(pk);
    }
    double sumVar = 0.0;
    for (const auto& [k, pk] : pSum)
        sumVar += (static_cast<double>(k) - sumAvg) * (static_cast<double>(k) - sumAvg) * pk;
    double hx = 0.0;
    for (const int a : present)
        hx -= xlog2x(pi[a]);

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

/// n × n matrices alive at once: the working matrix, the slice and overall
/// sums and one per in-plane direction (2D aggregations), or the working and
/// merged matrices (3D); plus the probabilities of the one being evaluated.
void requireGlcmMemory(const texture::PaddedGrid& grid, const TextureSettings& settings) {
    const std::uint64_t matrices =
        texture::wantsSliceWise(settings) ? 3 + texture::directions2D().size() + 1 : 2 + 1;
    const auto n = static_cast<std::uint64_t>(grid.distinctLevels());
    texture::requireTextureMemory(
        "GLCM", grid.distinctLevels(), budget::product({matrices, n, n, sizeof(double)}),
        std::to_string(matrices) + " matrices of " + std::to_string(n) + " × " + std::to_string(n));
}

} // namespace

GlcmMatrix::GlcmMatrix(const texture::PaddedGrid& grid)
    : levels(grid.levels), greyLevels(grid.greyLevels), size(grid.distinctLevels()),
      counts(static_cast<std::size_t>(size) * static_cast<std::size_t>(size), 0.0) {}

double GlcmMatrix::at(int i, int j) const {
    const int a = levels->indexOf(i), b = levels->indexOf(j);
    if (a == 0 || b == 0)
        return 0.0;
    return counts[static_cast<std::size_t>(a - 1) * size + static_cast<std::size_t>(b - 1)];
}

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
    const int ng = m.size; // compact indices, as in grid.level
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
    const int distance = texture::usefulDistance(roi, settings.distance);
    const texture::PaddedGrid grid = texture::makePaddedGrid(roi, distance);
    requireGlcmMemory(grid, settings);
    FeatureTable out;
    texture::aggregateDirectional(
        out, "glcm", kFeatures, grid, settings, GlcmMatrix(grid),
        [distance](GlcmMatrix& m, const texture::PaddedGrid& g, int slice,
                   const texture::Offset& dir) { accumulateGlcm(m, g, slice, dir, distance); },
        glcmFeatures);
    return out;
}

} // namespace rgw::radiomics
