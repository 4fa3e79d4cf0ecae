#include "radiomics/families/glcm.h"

#include "radiomics/texture/Aggregation.h"
#include "radiomics/texture/FamilyFeatures.h"
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

using Cell = GlcmMatrix::Cell;
using KeyedTerms = std::vector<std::pair<std::int64_t, double>>;

bool before(const Cell& x, const Cell& y) {
    return x.a < y.a || (x.a == y.a && x.b < y.b);
}

/// A cell stands for (a, b) and, off the diagonal, for (b, a) as well.
double weight(const Cell& c) {
    return c.a == c.b ? 1.0 : 2.0;
}

/// The marginal p_a (= p_b: symmetric) of the levels present, each level's
/// terms added in cell order. A dense n-vector when n is within a small
/// multiple of the cells, else a sorted (a, p_a) list looked up by binary
/// search: both give the same sums, in time and memory O(cells + what is
/// present), so a matrix of a few cells over many levels stays cheap.
class Marginal {
public:
    Marginal(const std::vector<Cell>& cells, double total, int n) {
        std::vector<std::pair<int, double>> terms;
        const bool dense = static_cast<std::size_t>(n) <= 4 * cells.size() + 1024;
        if (dense)
            dense_.assign(static_cast<std::size_t>(n) + 1, 0.0);
        for (const Cell& c : cells) {
            const double v = c.n / total;
            if (dense) {
                dense_[static_cast<std::size_t>(c.a)] += v;
                if (c.b != c.a)
                    dense_[static_cast<std::size_t>(c.b)] += v;
            } else {
                terms.emplace_back(c.a, v);
                if (c.b != c.a)
                    terms.emplace_back(c.b, v);
            }
        }
        if (dense) {
            for (int a = 1; a <= n; ++a)
                if (const double p = dense_[static_cast<std::size_t>(a)]; p > 0.0)
                    present_.emplace_back(a, p);
            return;
        }
        std::stable_sort(terms.begin(), terms.end(),
                         [](const auto& x, const auto& y) { return x.first < y.first; });
        for (const auto& [a, v] : terms) {
            if (present_.empty() || present_.back().first != a)
                present_.emplace_back(a, 0.0);
            present_.back().second += v;
        }
    }
    double at(int a) const {
        if (!dense_.empty())
            return dense_[static_cast<std::size_t>(a)];
        const auto it = std::lower_bound(present_.begin(), present_.end(), a,
                                         [](const auto& x, int key) { return x.first < key; });
        return it != present_.end() && it->first == a ? it->second : 0.0;
    }
    /// (a, p_a > 0) in ascending a.
    const std::vector<std::pair<int, double>>& present() const { return present_; }

private:
    std::vector<double> dense_;
    std::vector<std::pair<int, double>> present_;
};

/// keyedSums over a wide key range: the heap merge of the sorted rows.
template <class Key>
KeyedTerms mergedKeyedSums(const std::vector<Cell>& cells, const std::vector<std::size_t>& rowStart,
                           double total, Key key) {
    struct Cursor {
        std::int64_t key;
        std::size_t row;
        std::size_t x;
    };
    const auto later = [](const Cursor& p, const Cursor& q) {
        return p.key > q.key || (p.key == q.key && p.row > q.row);
    };
    std::vector<Cursor> heap;
    heap.reserve(rowStart.size());
    for (std::size_t r = 0; r + 1 < rowStart.size(); ++r)
        heap.push_back({key(cells[rowStart[r]]), r, rowStart[r]});
    std::make_heap(heap.begin(), heap.end(), later);
    KeyedTerms out;
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        Cursor& c = heap.back();
        const Cell& cell = cells[c.x];
        if (out.empty() || out.back().first != c.key)
            out.emplace_back(c.key, 0.0);
        out.back().second += weight(cell) * (cell.n / total);
        if (++c.x < rowStart[c.row + 1]) {
            c.key = key(cells[c.x]);
            std::push_heap(heap.begin(), heap.end(), later);
        } else {
            heap.pop_back();
        }
    }
    return out;
}

/// Σ of the probabilities p_ij over every (i, j) per key(cell) — |i − j| or
/// i + j — keys ascending, each key's terms summed in cell order. When the
/// keys span a range not much larger than the cells (the usual case: tens of
/// levels) they are summed in a dense array over that range; otherwise the
/// sorted rows (within a row the keys ascend with b, as levels ascend with the
/// compact index) are merged with a heap of one cursor per row: O(cells log
/// rows) time, O(rows) extra memory. Never an array sized by N_g.
template <class Key>
KeyedTerms keyedSums(const std::vector<Cell>& cells, const std::vector<std::size_t>& rowStart,
                     double total, Key key) {
    if (cells.empty())
        return {};
    std::int64_t lo = key(cells.front()), hi = lo;
    for (const Cell& cell : cells) {
        const std::int64_t k = key(cell);
        lo = std::min(lo, k);
        hi = std::max(hi, k);
    }
    const auto range = static_cast<std::uint64_t>(hi - lo) + 1;
    if (range <= 4 * static_cast<std::uint64_t>(cells.size()) + 256) {
        std::vector<double> sums(static_cast<std::size_t>(range), 0.0);
        std::vector<unsigned char> seen(static_cast<std::size_t>(range), 0);
        for (const Cell& cell : cells) {
            const auto at = static_cast<std::size_t>(key(cell) - lo);
            sums[at] += weight(cell) * (cell.n / total);
            seen[at] = 1;
        }
        KeyedTerms out;
        for (std::size_t at = 0; at < sums.size(); ++at)
            if (seen[at])
                out.emplace_back(lo + static_cast<std::int64_t>(at), sums[at]);
        return out;
    }
    return mergedKeyedSums(cells, rowStart, total, key);
}

/// The 25 features of one GLCM, in kFeatures order. p_ij = n_ij / Σ n; i, j
/// are grey levels. Sums run over the nonzero cells in sorted order (a cell
/// a < b counts for (i, j) and (j, i)) and over the levels present: the terms
/// left out are zero, so the result equals the dense N_g × N_g sum.
std::vector<double> glcmFeatures(const GlcmMatrix& m) {
    const auto& level = m.levels->value; // level[c]: grey level of compact index c
    std::vector<Cell> scratch;
    const std::vector<Cell>& cells = m.cells(scratch);
    double total = 0.0;
    for (const Cell& c : cells)
        total += weight(c) * c.n;
    const Marginal pm(cells, total, m.size); // p_i = p_j (symmetric)
    std::vector<std::size_t> rowStart;       // cells of row r: [rowStart[r], rowStart[r + 1])
    for (std::size_t x = 0; x < cells.size(); ++x)
        if (x == 0 || cells[x].a != cells[x - 1].a)
            rowStart.push_back(x);
    rowStart.push_back(cells.size());

    double jointMax = 0.0, mu = 0.0, jointEntropy = 0.0, asm_ = 0.0, contrast = 0.0,
           dissimilarity = 0.0, invDiff = 0.0, normInvDiff = 0.0, idm = 0.0, normIdm = 0.0,
           autocorr = 0.0, hxy1 = 0.0;
    const double ngd = m.greyLevels;
    for (const Cell& c : cells) {
        const double i = level[static_cast<std::size_t>(c.a)];
        const double j = level[static_cast<std::size_t>(c.b)];
        const double v = c.n / total, w = weight(c);
        const double d = j - i; // ≥ 0: a ≤ b
        jointMax = std::max(jointMax, v);
        mu += (c.a == c.b ? i : i + j) * v;
        jointEntropy -= w * xlog2x(v);
        asm_ += w * v * v;
        contrast += w * d * d * v;
        dissimilarity += w * d * v;
        invDiff += w * v / (1.0 + d);
        normInvDiff += w * v / (1.0 + d / ngd);
        idm += w * v / (1.0 + d * d);
        normIdm += w * v / (1.0 + d * d / (ngd * ngd));
        autocorr += w * i * j * v;
        if (const double pipj = pm.at(c.a) * pm.at(c.b); pipj > 0.0)
            hxy1 -= w * v * std::log2(pipj);
    }
    double jointVar = 0.0, corrNum = 0.0, tendency = 0.0, shade = 0.0, prominence = 0.0;
    for (const Cell& c : cells) {
        const double i = level[static_cast<std::size_t>(c.a)] - mu;
        const double j = level[static_cast<std::size_t>(c.b)] - mu;
        const double v = c.n / total, w = weight(c);
        const double s = i + j; // i + j − 2μ in grey levels
        jointVar += (c.a == c.b ? i * i : i * i + j * j) * v;
        corrNum += w * i * j * v;
        tendency += w * s * s * v;
        shade += w * s * s * s * v;
        prominence += w * s * s * s * s * v;
    }
    double sigma2 = 0.0, hx = 0.0;
    for (const auto& [a, pa] : pm.present()) {
        const double i = level[static_cast<std::size_t>(a)];
        sigma2 += (i - mu) * (i - mu) * pa;
        hx -= xlog2x(pa);
    }
    // HXY2 = −Σ_i Σ_j p_i p_j log2(p_i p_j) over all level pairs
    //      = −Σ_i p_i log2 p_i Σ_j p_j − Σ_j p_j log2 p_j Σ_i p_i = 2 HX, as Σ_j p_j = 1:
    // no n² loop over the level pairs is needed.
    const double hxy2 = 2.0 * hx;

    // p_{i-j,k} (k = |i-j|) and p_{i+j,k} (k = i+j), one list at a time.
    double diffAvg = 0.0, diffEntropy = 0.0, invVar = 0.0, diffVar = 0.0;
    {
        const KeyedTerms pDiff = keyedSums(cells, rowStart, total, [&](const Cell& c) {
            return static_cast<std::int64_t>(level[static_cast<std::size_t>(c.b)]) -
                   level[static_cast<std::size_t>(c.a)];
        });
        for (const auto& [k, pk] : pDiff) {
            diffAvg += static_cast<double>(k) * pk;
            diffEntropy -= xlog2x(pk);
            if (k > 0)
                invVar += pk / (static_cast<double>(k) * static_cast<double>(k));
        }
        for (const auto& [k, pk] : pDiff)
            diffVar += (static_cast<double>(k) - diffAvg) * (static_cast<double>(k) - diffAvg) * pk;
    }
    double sumAvg = 0.0, sumEntropy = 0.0, sumVar = 0.0;
    {
        const KeyedTerms pSum = keyedSums(cells, rowStart, total, [&](const Cell& c) {
            return static_cast<std::int64_t>(level[static_cast<std::size_t>(c.a)]) +
                   level[static_cast<std::size_t>(c.b)];
        });
        for (const auto& [k, pk] : pSum) {
            sumAvg += static_cast<double>(k) * pk;
            sumEntropy -= xlog2x(pk);
        }
        for (const auto& [k, pk] : pSum)
            sumVar += (static_cast<double>(k) - sumAvg) * (static_cast<double>(k) - sumAvg) * pk;
    }

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

/// A dense count table is used to build a matrix when its n² entries are
/// within this bound of the voxels visited (so still O(pairs)), sorting else.
bool denseBuild(std::uint64_t n, std::uint64_t voxels) {
    return n * n <= 2 * voxels + 4096; // n < 2^31: no overflow
}

/// Cells, not n², bound the memory: a run built from p neighbour pairs has at
/// most min(n(n+1)/2, p) cells (one per level pair a ≤ b), and a direction
/// gives at most one pair per ROI voxel; a matrix's runs hold at most twice
/// its largest run, so min(n(n+1), p) cells in all (≤ min(n², 2p) + n).
/// Alive at once: slice-wise, the working matrix and its built cells, the
/// slice sum, the 4 per-direction sums, the overall sum (and each sum's merge
/// output or merged copy); volumetric, the working matrix and the 13-direction
/// sum (and its merge output or merged copy). Plus the build buffer (8 bytes a
/// pair, or a dense table of ≤ 2p + 4096 counts) and, per evaluation, O(n)
/// marginals and cursors and the p_{i±j} lists (≤ 2 N_g + 1 keys).
void requireGlcmMemory(const texture::PaddedGrid& grid, const TextureSettings& settings) {
    using budget::product;
    using budget::sum;
    const auto n = static_cast<std::uint64_t>(grid.distinctLevels());
    const std::uint64_t voxels = grid.roiVoxels();
    std::uint64_t sliceVoxels = 0;
    for (int k = 0; k < grid.nz; ++k)
        sliceVoxels = std::max<std::uint64_t>(sliceVoxels, grid.sliceVoxels(k));
    const std::uint64_t levelPairs = product({n, n + 1});
    const auto cellsOf = [&](std::uint64_t factor, std::uint64_t pairs) {
        return product({factor, std::min(levelPairs, pairs)});
    };
    std::uint64_t cells = 0;
    if (texture::wantsSliceWise(settings)) {
        const std::uint64_t in2D = texture::directions2D().size();
        cells = sum(sum(cellsOf(3, sliceVoxels), cellsOf(2, product({in2D, sliceVoxels}))),
                    sum(cellsOf(in2D + 1, voxels), cellsOf(2, product({in2D, voxels}))));
    }
    if (texture::wantsVolumetric(settings)) {
        const std::uint64_t in3D = texture::directions3D().size();
        cells = std::max(cells, sum(cellsOf(2, voxels), cellsOf(2, product({in3D, voxels}))));
    }
    const std::uint64_t build = sum(product({voxels, 8}), 16384);
    const std::uint64_t keys = product({2, static_cast<std::uint64_t>(grid.greyLevels) + 1});
    const std::uint64_t evaluation =
        sum(product({n + 1, 64}), product({std::min(cells, keys), sizeof(KeyedTerms::value_type)}));
    texture::requireTextureMemory(
        "GLCM", grid.distinctLevels(), sum(sum(product({cells, sizeof(Cell)}), build), evaluation),
        "up to " + std::to_string(cells) + " co-occurrence cells at once");
}

/// Merges sorted cell lists, adding the counts of equal cells.
std::vector<Cell> merged(const std::vector<Cell>& x, const std::vector<Cell>& y) {
    std::vector<Cell> out;
    out.reserve(x.size() + y.size());
    auto p = x.begin();
    auto q = y.begin();
    while (p != x.end() || q != y.end()) {
        if (q == y.end() || (p != x.end() && before(*p, *q)))
            out.push_back(*p++);
        else if (p == x.end() || before(*q, *p))
            out.push_back(*q++);
        else
            out.push_back({p->a, p->b, (p++)->n + (q++)->n});
    }
    return out;
}

} // namespace

std::vector<double> glcmFeatureValues(const GlcmMatrix& m) {
    return glcmFeatures(m);
}

GlcmMatrix::GlcmMatrix(const texture::PaddedGrid& grid)
    : levels(grid.levels), greyLevels(grid.greyLevels), size(grid.distinctLevels()) {}

double GlcmMatrix::at(int i, int j) const {
    int a = levels->indexOf(i), b = levels->indexOf(j);
    if (a == 0 || b == 0)
        return 0.0;
    if (a > b)
        std::swap(a, b);
    const Cell key{a, b, 0.0};
    double n = 0.0;
    for (const auto& run : runs_)
        if (const auto it = std::lower_bound(run.begin(), run.end(), key, before);
            it != run.end() && it->a == a && it->b == b)
            n += it->n;
    return n;
}

GlcmMatrix& GlcmMatrix::operator+=(const GlcmMatrix& other) {
    for (const auto& run : other.runs_)
        add(run);
    return *this;
}

void GlcmMatrix::add(std::vector<Cell> run) {
    if (run.empty())
        return;
    runs_.push_back(std::move(run));
    while (runs_.size() >= 2 && 2 * runs_.back().size() >= runs_[runs_.size() - 2].size()) {
        std::vector<Cell> both = merged(runs_[runs_.size() - 2], runs_.back());
        runs_.pop_back();
        runs_.back() = std::move(both);
    }
}

const std::vector<GlcmMatrix::Cell>& GlcmMatrix::cells(std::vector<Cell>& scratch) const {
    scratch.clear();
    if (runs_.size() == 1)
        return runs_.front();
    // k-way merge with a heap of one cursor per run (ties: lower run first).
    std::size_t total = 0;
    std::vector<std::pair<std::size_t, std::size_t>> heap; // (run, position)
    for (std::size_t r = 0; r < runs_.size(); ++r) {
        total += runs_[r].size();
        heap.emplace_back(r, 0);
    }
    const auto later = [this](const auto& x, const auto& y) {
        const Cell& p = runs_[x.first][x.second];
        const Cell& q = runs_[y.first][y.second];
        return before(q, p) || (!before(p, q) && x.first > y.first);
    };
    std::make_heap(heap.begin(), heap.end(), later);
    scratch.reserve(total);
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        auto& [r, x] = heap.back();
        const Cell& c = runs_[r][x];
        if (!scratch.empty() && scratch.back().a == c.a && scratch.back().b == c.b)
            scratch.back().n += c.n;
        else
            scratch.push_back(c);
        if (++x < runs_[r].size())
            std::push_heap(heap.begin(), heap.end(), later);
        else
            heap.pop_back();
    }
    return scratch;
}

namespace {

/// Calls pair(min, max) with the compact levels of each neighbour pair at
/// `step` among roi[begin, end), skipping neighbours outside the ROI.
template <class Pair>
void forEachNeighbourPair(const texture::PaddedGrid& grid, std::size_t begin, std::size_t end,
                          std::ptrdiff_t step, Pair pair) {
    const int* level = grid.level.data();
    for (std::size_t r = begin; r < end; ++r) {
        const std::ptrdiff_t v = grid.roi[r];
        const int b = level[v + step];
        if (b != 0)
            pair(std::min(level[v], b), std::max(level[v], b));
    }
}

} // namespace

void accumulateGlcm(GlcmMatrix& m, const texture::PaddedGrid& grid, int slice,
                    const texture::Offset& direction, int distance) {
    const std::ptrdiff_t step = grid.step(direction, distance);
    const std::size_t begin = slice < 0 ? 0 : grid.sliceStart[slice];
    const std::size_t end = slice < 0 ? grid.roi.size() : grid.sliceStart[slice + 1];
    const auto n = static_cast<std::size_t>(m.size); // compact indices 1..n, as in grid.level
    // Each neighbour pair (a, b) adds 1 to n_ab and 1 to n_ba: 1 to the cell
    // min ≤ max off the diagonal, 2 on it.
    std::vector<Cell> cells;
    if (denseBuild(n, end - begin)) {
        std::vector<std::uint32_t> count(n * n, 0);
        forEachNeighbourPair(grid, begin, end, step, [&](int a, int b) {
            ++count[static_cast<std::size_t>(a - 1) * n + static_cast<std::size_t>(b - 1)];
        });
        for (std::size_t a = 0; a < n; ++a)
            for (std::size_t b = a; b < n; ++b)
                if (const std::uint32_t c = count[a * n + b])
                    cells.push_back({static_cast<int>(a) + 1, static_cast<int>(b) + 1,
                                     (a == b ? 2.0 : 1.0) * static_cast<double>(c)});
    } else {
        std::vector<std::uint64_t> keys; // (min << 32) | max
        keys.reserve(end - begin);
        forEachNeighbourPair(grid, begin, end, step, [&](int a, int b) {
            keys.push_back(static_cast<std::uint64_t>(a) << 32 | static_cast<std::uint64_t>(b));
        });
        std::sort(keys.begin(), keys.end());
        for (std::size_t x = 0; x < keys.size();) {
            std::size_t y = x;
            while (y < keys.size() && keys[y] == keys[x])
                ++y;
            const int a = static_cast<int>(keys[x] >> 32);
            const int b = static_cast<int>(keys[x] & 0xffffffffu);
            cells.push_back({a, b, (a == b ? 2.0 : 1.0) * static_cast<double>(y - x)});
            x = y;
        }
    }
    m.add(std::move(cells));
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

std::span<const texture::FeatureDef> texture::glcmFeatures() {
    return kFeatures;
}

} // namespace rgw::radiomics
