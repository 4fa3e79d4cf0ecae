#include "radiomics/pyradiomics/texture/SizeMatrix.h"

#include "radiomics/pyradiomics/texture/AngleMatrices.h"

#include <cmath>

namespace rgw::radiomics::pyradiomics::detail {

SizeMatrix sizeMatrix(const std::vector<double>& grayValues,
                      const std::vector<std::vector<double>>& countsBySize) {
    SizeMatrix m;
    m.i = grayValues;
    const std::size_t maxSize = countsBySize.empty() ? 0 : countsBySize.front().size();
    std::vector<std::size_t> kept;
    for (std::size_t s = 0; s < maxSize; ++s) {
        double column = 0.0;
        for (const auto& row : countsBySize)
            column += row[s];
        if (column != 0.0) {
            kept.push_back(s);
            m.j.push_back(static_cast<double>(s + 1));
        }
    }
    m.P.assign(m.i.size() * m.j.size(), 0.0);
    m.pg.assign(m.i.size(), 0.0);
    m.ps.assign(m.j.size(), 0.0);
    for (std::size_t r = 0; r < m.i.size(); ++r)
        for (std::size_t c = 0; c < kept.size(); ++c) {
            const double v = countsBySize[r][kept[c]];
            m.P[r * m.j.size() + c] = v;
            m.pg[r] += v;
            m.ps[c] += v;
            m.total += v;
        }
    return m;
}

double grayLevelNonUniformity(const SizeMatrix& m) {
    double s = 0.0;
    for (const double v : m.pg)
        s += v * v;
    return s / m.total;
}

double sizeNonUniformity(const SizeMatrix& m) {
    double s = 0.0;
    for (const double v : m.ps)
        s += v * v;
    return s / m.total;
}

double grayLevelVariance(const SizeMatrix& m) {
    const double mu = meanOver(m, [](double i, double) { return i; });
    return meanOver(m, [&](double i, double) { return (i - mu) * (i - mu); });
}

double sizeVariance(const SizeMatrix& m) {
    const double mu = meanOver(m, [](double, double j) { return j; });
    return meanOver(m, [&](double, double j) { return (j - mu) * (j - mu); });
}

double matrixEntropy(const SizeMatrix& m) {
    double h = 0.0;
    for (const double v : m.P) {
        const double p = v / m.total;
        h -= p * std::log2(p + kEps);
    }
    return h;
}

} // namespace rgw::radiomics::pyradiomics::detail
