#include "radiomics/texture/LevelCountMatrix.h"

#include <algorithm>
#include <cmath>

namespace rgw::radiomics::texture {

void LevelCountMatrix::assignDense(const std::vector<double>& dense, int maxJ,
                                   const LevelTable& table) {
    cells_.clear();
    const auto width = static_cast<std::size_t>(maxJ);
    for (int c = 1; c <= table.count(); ++c)
        for (int j = 1; j <= maxJ; ++j)
            if (const double n = dense[static_cast<std::size_t>(c - 1) * width + (j - 1)]; n > 0.0)
                cells_.push_back({table.value[static_cast<std::size_t>(c)], j, n});
}

void LevelCountMatrix::assignPairs(std::vector<std::pair<int, int>> pairs,
                                   const LevelTable& table) {
    // Counting for j ≤ jDense (dense rows × jDense table, bounded by the number
    // of pairs), sorting for the rest: pairs with a large j (zones of many
    // voxels) are necessarily few, so the whole stays ~linear. Rows are the
    // compact levels up to the highest one listed.
    int rows = 1;
    for (const auto& p : pairs)
        rows = std::max(rows, p.first);
    const auto ng = static_cast<std::size_t>(rows);
    const int jDense = static_cast<int>(std::max<std::size_t>(64, 2 * pairs.size() / ng));
    std::vector<double> dense(ng * static_cast<std::size_t>(jDense), 0.0);
    std::vector<std::pair<int, int>> large;
    int maxDenseJ = 0;
    for (const auto& [i, j] : pairs) {
        if (j <= jDense) {
            dense[static_cast<std::size_t>(i - 1) * jDense + (j - 1)] += 1.0;
            maxDenseJ = std::max(maxDenseJ, j);
        } else {
            large.emplace_back(i, j);
        }
    }
    std::sort(large.begin(), large.end());
    cells_.clear();
    auto next = large.begin();
    for (int i = 1; i <= rows; ++i) {
        const int level = table.value[static_cast<std::size_t>(i)];
        for (int j = 1; j <= maxDenseJ; ++j)
            if (const double n = dense[static_cast<std::size_t>(i - 1) * jDense + (j - 1)]; n > 0)
                cells_.push_back({level, j, n});
        for (; next != large.end() && next->first == i; ++next) {
            if (!cells_.empty() && cells_.back().i == level && cells_.back().j == next->second)
                cells_.back().n += 1.0;
            else
                cells_.push_back({level, next->second, 1.0});
        }
    }
}

LevelCountMatrix& LevelCountMatrix::operator+=(const LevelCountMatrix& other) {
    std::vector<Cell> merged;
    merged.reserve(cells_.size() + other.cells_.size());
    auto a = cells_.begin();
    auto b = other.cells_.begin();
    const auto before = [](const Cell& x, const Cell& y) {
        return x.i < y.i || (x.i == y.i && x.j < y.j);
    };
    while (a != cells_.end() || b != other.cells_.end()) {
        if (b == other.cells_.end() || (a != cells_.end() && before(*a, *b)))
            merged.push_back(*a++);
        else if (a == cells_.end() || before(*b, *a))
            merged.push_back(*b++);
        else
            merged.push_back({a->i, a->j, (a++)->n + (b++)->n});
    }
    cells_ = std::move(merged);
    voxels += other.voxels;
    return *this;
}

double LevelCountMatrix::count(int i, int j) const {
    for (const auto& c : cells_)
        if (c.i == i && c.j == j)
            return c.n;
    return 0.0;
}

std::vector<double> levelCountFeatures(const LevelCountMatrix& m) {
    double ns = 0.0;
    int maxJ = 0;
    for (const auto& c : m.cells()) {
        ns += c.n;
        maxJ = std::max(maxJ, c.j);
    }
    std::vector<double> col(static_cast<std::size_t>(maxJ) + 1, 0.0);
    std::vector<double> f(17, 0.0);
    double muI = 0.0, muJ = 0.0;
    for (const auto& c : m.cells()) {
        const double p = c.n / ns, i2 = double(c.i) * c.i, j2 = double(c.j) * c.j;
        f[0] += p / j2;
        f[1] += p * j2;
        f[2] += p / i2;
        f[3] += p * i2;
        f[4] += p / (i2 * j2);
        f[5] += p * i2 / j2;
        f[6] += p * j2 / i2;
        f[7] += p * i2 * j2;
        f[15] -= p * std::log2(p);
        f[16] += p * p;
        col[c.j] += c.n;
        muI += c.i * p;
        muJ += c.j * p;
    }
    // r_i: cells are sorted by i, so each level's cells are adjacent (summed
    // in cell order, levels ascending: no table sized by N_g is needed).
    for (std::size_t a = 0; a < m.cells().size();) {
        double ri = 0.0;
        std::size_t b = a;
        for (; b < m.cells().size() && m.cells()[b].i == m.cells()[a].i; ++b)
            ri += m.cells()[b].n;
        f[8] += ri * ri;
        a = b;
    }
    for (double x : col)
        f[10] += x * x;
    f[9] = f[8] / (ns * ns);
    f[8] /= ns;
    f[11] = f[10] / (ns * ns);
    f[10] /= ns;
    f[12] = m.voxels > 0.0 ? ns / m.voxels : std::nan("");
    for (const auto& c : m.cells()) {
        const double p = c.n / ns;
        f[13] += (c.i - muI) * (c.i - muI) * p;
        f[14] += (c.j - muJ) * (c.j - muJ) * p;
    }
    return f;
}

} // namespace rgw::radiomics::texture
