#pragma once

// The grey-level x size matrices of PyRadiomics' GLRLM, GLSZM and GLDM share
// their coefficients: counts P(i,j) over present grey-level values i and
// sizes j (run length, zone size, dependence + 1), with marginals.

#include <cstddef>
#include <vector>

namespace rgw::radiomics::pyradiomics::detail {

struct SizeMatrix {
    std::vector<double> i;  // grey-level values (rows)
    std::vector<double> j;  // sizes (columns), those with at least one count
    std::vector<double> P;  // i.size() * j.size(), row-major
    std::vector<double> pg; // sum over j
    std::vector<double> ps; // sum over i
    double total = 0;       // sum of P (runs, zones or voxels)

    double at(std::size_t r, std::size_t c) const { return P[r * j.size() + c]; }
};

/// Builds the matrix from counts[row][size - 1], dropping sizes never seen (PyRadiomics
/// deletes empty columns, keeping their true size values).
SizeMatrix sizeMatrix(const std::vector<double>& grayValues,
                      const std::vector<std::vector<double>>& countsBySize);

/// Sum over i, j of P(i,j) f(i, j) / total.
template <class F> double meanOver(const SizeMatrix& m, F&& f) {
    double s = 0.0;
    for (std::size_t r = 0; r < m.i.size(); ++r)
        for (std::size_t c = 0; c < m.j.size(); ++c)
            s += m.at(r, c) * f(m.i[r], m.j[c]);
    return s / m.total;
}

/// sum_i pg(i)^2 / total (the non-uniformity of grey levels).
double grayLevelNonUniformity(const SizeMatrix& m);
/// sum_j ps(j)^2 / total (the non-uniformity of sizes).
double sizeNonUniformity(const SizeMatrix& m);
/// sum p(i,j) (i - mu_i)^2, p = P / total.
double grayLevelVariance(const SizeMatrix& m);
/// sum p(i,j) (j - mu_j)^2, p = P / total.
double sizeVariance(const SizeMatrix& m);
/// -sum p(i,j) log2(p(i,j) + eps), p = P / total.
double matrixEntropy(const SizeMatrix& m);

} // namespace rgw::radiomics::pyradiomics::detail
