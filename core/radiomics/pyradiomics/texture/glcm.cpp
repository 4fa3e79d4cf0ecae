// PyRadiomics' Gray Level Co-occurrence Matrix class (radiomics/glcm.py and its C
// extension): one matrix per angle over the ROI's present grey levels, made symmetrical
// (symmetricalGLCM), combined per weightingNorm, normalised; every feature computed per
// angle and averaged over angles. i, j are grey-level values; Ng the highest level.

#include "radiomics/pyradiomics/texture/AngleMatrices.h"
#include "radiomics/pyradiomics/texture/TextureInput.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>

namespace rgw::radiomics::pyradiomics {
namespace {

using detail::kEps;

// One normalised GLCM p(i,j) with PyRadiomics' coefficients.
struct Glcm {
    std::size_t L = 0;     // present grey levels (rows/columns)
    std::vector<double> g; // their values
    std::vector<double> p; // L*L, row i, column j
    int Ng = 0;
    std::vector<double> px, py; // marginals
    double ux = 0, uy = 0;      // means of i and j
    std::vector<double> pxAddy; // p_{x+y}(k), k = 2..2Ng
    std::vector<double> pxSuby; // p_{x-y}(k), k = 0..Ng-1
    double HXY = 0;

    double at(std::size_t i, std::size_t j) const { return p[i * L + j]; }
};

Glcm coefficients(std::vector<double> p, const std::vector<double>& g, int Ng) {
    Glcm m;
    m.L = g.size();
    m.g = g;
    m.p = std::move(p);
    m.Ng = Ng;
    m.px.assign(m.L, 0.0);
    m.py.assign(m.L, 0.0);
    m.pxAddy.assign(static_cast<std::size_t>(2 * Ng - 1), 0.0);
    m.pxSuby.assign(static_cast<std::size_t>(Ng), 0.0);
    for (std::size_t i = 0; i < m.L; ++i)
        for (std::size_t j = 0; j < m.L; ++j) {
            const double v = m.at(i, j);
            m.px[i] += v;
            m.py[j] += v;
            m.ux += g[i] * v;
            m.uy += g[j] * v;
            m.pxAddy[static_cast<std::size_t>(g[i] + g[j]) - 2] += v;
            m.pxSuby[static_cast<std::size_t>(std::abs(g[i] - g[j]))] += v;
            m.HXY -= v * std::log2(v + kEps);
        }
    return m;
}

// Sum over i, j of p(i,j) * f(i, j) with i, j grey-level values.
template <class F> double sumP(const Glcm& m, F&& f) {
    double s = 0.0;
    for (std::size_t i = 0; i < m.L; ++i)
        for (std::size_t j = 0; j < m.L; ++j)
            s += m.at(i, j) * f(m.g[i], m.g[j]);
    return s;
}

// Sum over k = 0..Ng-1 of p_{x-y}(k) * f(k).
template <class F> double sumDiff(const Glcm& m, F&& f) {
    double s = 0.0;
    for (std::size_t k = 0; k < m.pxSuby.size(); ++k)
        s += m.pxSuby[k] * f(static_cast<double>(k));
    return s;
}

// -sum p log2(p + eps) of a distribution.
double entropy(const std::vector<double>& p) {
    double h = 0.0;
    for (const double v : p)
        h -= v * std::log2(v + kEps);
    return h;
}

// Autocorrelation = sum p(i,j) i j
double autocorrelation(const Glcm& m) {
    return sumP(m, [](double i, double j) { return i * j; });
}
// JointAverage = mu_x = sum p(i,j) i
double jointAverage(const Glcm& m) {
    return m.ux;
}
// ClusterProminence = sum (i + j - mu_x - mu_y)^4 p(i,j)
double clusterProminence(const Glcm& m) {
    return sumP(m, [&](double i, double j) { return std::pow(i + j - m.ux - m.uy, 4); });
}
// ClusterShade = sum (i + j - mu_x - mu_y)^3 p(i,j)
double clusterShade(const Glcm& m) {
    return sumP(m, [&](double i, double j) { return std::pow(i + j - m.ux - m.uy, 3); });
}
// ClusterTendency = sum (i + j - mu_x - mu_y)^2 p(i,j)
double clusterTendency(const Glcm& m) {
    return sumP(m, [&](double i, double j) { return std::pow(i + j - m.ux - m.uy, 2); });
}
// Contrast = sum (i - j)^2 p(i,j)
double contrast(const Glcm& m) {
    return sumP(m, [](double i, double j) { return (i - j) * (i - j); });
}
// Correlation = sum p(i,j)(i - mu_x)(j - mu_y) / (sigma_x sigma_y + eps); 1 if sigma_x sigma_y = 0
double correlation(const Glcm& m) {
    const double sx = std::sqrt(sumP(m, [&](double i, double) { return (i - m.ux) * (i - m.ux); }));
    const double sy = std::sqrt(sumP(m, [&](double, double j) { return (j - m.uy) * (j - m.uy); }));
    if (sx * sy == 0.0)
        return 1.0;
    return sumP(m, [&](double i, double j) { return (i - m.ux) * (j - m.uy); }) / (sx * sy + kEps);
}
// DifferenceAverage = sum_k k p_{x-y}(k)
double differenceAverage(const Glcm& m) {
    return sumDiff(m, [](double k) { return k; });
}
// DifferenceEntropy = -sum_k p_{x-y}(k) log2(p_{x-y}(k) + eps)
double differenceEntropy(const Glcm& m) {
    return entropy(m.pxSuby);
}
// DifferenceVariance = sum_k (k - DA)^2 p_{x-y}(k)
double differenceVariance(const Glcm& m) {
    const double da = differenceAverage(m);
    return sumDiff(m, [&](double k) { return (k - da) * (k - da); });
}
// JointEnergy = sum p(i,j)^2
double jointEnergy(const Glcm& m) {
    double s = 0.0;
    for (const double v : m.p)
        s += v * v;
    return s;
}
// JointEntropy = HXY = -sum p(i,j) log2(p(i,j) + eps)
double jointEntropy(const Glcm& m) {
    return m.HXY;
}
// Imc1 = (HXY - HXY1) / max(HX, HY); 0 if both are 0
double imc1(const Glcm& m) {
    const double hx = entropy(m.px);
    const double hy = entropy(m.py);
    double hxy1 = 0.0;
    for (std::size_t i = 0; i < m.L; ++i)
        for (std::size_t j = 0; j < m.L; ++j)
            hxy1 -= m.at(i, j) * std::log2(m.px[i] * m.py[j] + kEps);
    const double div = std::max(hx, hy);
    return div == 0.0 ? 0.0 : (m.HXY - hxy1) / div;
}
// Imc2 = sqrt(1 - exp(-2 (HXY2 - HXY))); 0 if HXY2 = HXY
double imc2(const Glcm& m) {
    double hxy2 = 0.0;
    for (std::size_t i = 0; i < m.L; ++i)
        for (std::size_t j = 0; j < m.L; ++j) {
            const double q = m.px[i] * m.py[j];
            hxy2 -= q * std::log2(q + kEps);
        }
    if (hxy2 == m.HXY)
        return 0.0;
    const double v = 1.0 - std::exp(-2.0 * (hxy2 - m.HXY));
    return v < 0.0 ? std::numeric_limits<double>::quiet_NaN() : std::sqrt(v);
}
// Idm = sum_k p_{x-y}(k) / (1 + k^2)
double idm(const Glcm& m) {
    return sumDiff(m, [](double k) { return 1.0 / (1.0 + k * k); });
}
// MCC = sqrt(second largest eigenvalue of Q), Q(i,j) = sum_k p(i,k) p(j,k) / (px(i) py(k) + eps);
// 1 for a single grey level
double mcc(const Glcm& m) {
    if (m.L < 2)
        return 1.0;
    if (std::isnan(m.p.front()))
        return std::numeric_limits<double>::quiet_NaN();
    Eigen::MatrixXd q =
        Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(m.L), static_cast<Eigen::Index>(m.L));
    for (std::size_t i = 0; i < m.L; ++i)
        for (std::size_t j = 0; j < m.L; ++j) {
            double s = 0.0;
            for (std::size_t k = 0; k < m.L; ++k)
                s += m.at(i, k) * m.at(j, k) / (m.px[i] * m.py[k] + kEps);
            q(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = s;
        }
    const Eigen::VectorXcd ev = Eigen::EigenSolver<Eigen::MatrixXd>(q, false).eigenvalues();
    std::vector<std::complex<double>> sorted(ev.data(), ev.data() + ev.size());
    // numpy sorts complex numbers by real part, then imaginary part.
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
        return a.real() < b.real() || (a.real() == b.real() && a.imag() < b.imag());
    });
    const std::complex<double> second = sorted[sorted.size() - 2];
    const bool real =
        std::all_of(sorted.begin(), sorted.end(), [](const auto& v) { return v.imag() == 0.0; });
    if (real) // numpy keeps real eigenvalues real: sqrt of a negative one is NaN
        return second.real() < 0.0 ? std::numeric_limits<double>::quiet_NaN()
                                   : std::sqrt(second.real());
    return std::sqrt(second).real();
}
// Idmn = sum_k p_{x-y}(k) / (1 + k^2 / Ng^2)
double idmn(const Glcm& m) {
    const double ng = m.Ng;
    return sumDiff(m, [&](double k) { return 1.0 / (1.0 + k * k / (ng * ng)); });
}
// Id = sum_k p_{x-y}(k) / (1 + k)
double id(const Glcm& m) {
    return sumDiff(m, [](double k) { return 1.0 / (1.0 + k); });
}
// Idn = sum_k p_{x-y}(k) / (1 + k / Ng)
double idn(const Glcm& m) {
    const double ng = m.Ng;
    return sumDiff(m, [&](double k) { return 1.0 / (1.0 + k / ng); });
}
// InverseVariance = sum_{k>=1} p_{x-y}(k) / k^2
double inverseVariance(const Glcm& m) {
    return sumDiff(m, [](double k) { return k == 0.0 ? 0.0 : 1.0 / (k * k); });
}
// MaximumProbability = max p(i,j)
double maximumProbability(const Glcm& m) {
    return *std::max_element(m.p.begin(), m.p.end());
}
// SumAverage = sum_k k p_{x+y}(k), k = 2..2Ng
double sumAverage(const Glcm& m) {
    double s = 0.0;
    for (std::size_t k = 0; k < m.pxAddy.size(); ++k)
        s += static_cast<double>(k + 2) * m.pxAddy[k];
    return s;
}
// SumEntropy = -sum_k p_{x+y}(k) log2(p_{x+y}(k) + eps)
double sumEntropy(const Glcm& m) {
    return entropy(m.pxAddy);
}
// SumSquares = sum (i - mu_x)^2 p(i,j)
double sumSquares(const Glcm& m) {
    return sumP(m, [&](double i, double) { return (i - m.ux) * (i - m.ux); });
}

struct Feature {
    const char* name;
    double (*value)(const Glcm&);
};

constexpr Feature kFeatures[] = {
    {"Autocorrelation", autocorrelation},
    {"JointAverage", jointAverage},
    {"ClusterProminence", clusterProminence},
    {"ClusterShade", clusterShade},
    {"ClusterTendency", clusterTendency},
    {"Contrast", contrast},
    {"Correlation", correlation},
    {"DifferenceAverage", differenceAverage},
    {"DifferenceEntropy", differenceEntropy},
    {"DifferenceVariance", differenceVariance},
    {"JointEnergy", jointEnergy},
    {"JointEntropy", jointEntropy},
    {"Imc1", imc1},
    {"Imc2", imc2},
    {"Idm", idm},
    {"MCC", mcc},
    {"Idmn", idmn},
    {"Id", id},
    {"Idn", idn},
    {"InverseVariance", inverseVariance},
    {"MaximumProbability", maximumProbability},
    {"SumAverage", sumAverage},
    {"SumEntropy", sumEntropy},
    {"SumSquares", sumSquares},
};

} // namespace

FeatureValues glcmFeatures(const TextureInput& input) {
    validate(input);
    const auto present = grayLevelsPresent(input);
    const auto rows = levelRows(input, present);
    const std::size_t L = present.size();
    const auto dirs = angles(input, false);

    // P(i,j|a): voxel of level i with a neighbour of level j at offset a.
    std::vector<std::vector<double>> perAngle(dirs.size(), std::vector<double>(L * L, 0.0));
    detail::forEachRoiVoxel(input, [&](std::size_t i, std::size_t x, std::size_t y, std::size_t z) {
        const auto r = static_cast<std::size_t>(rows[static_cast<std::size_t>(input.levels[i])]);
        detail::forEachRoiNeighbour(input, dirs, i, x, y, z, [&](std::size_t a, std::size_t j) {
            const auto c =
                static_cast<std::size_t>(rows[static_cast<std::size_t>(input.levels[j])]);
            perAngle[a][r * L + c] += 1.0;
        });
    });
    if (input.settings.symmetricalGLCM)
        for (auto& m : perAngle)
            for (std::size_t r = 0; r < L; ++r)
                for (std::size_t c = r; c < L; ++c) {
                    const double s = m[r * L + c] + m[c * L + r];
                    m[r * L + c] = s;
                    m[c * L + r] = s;
                }
    const auto matrices = detail::combineAngles(std::move(perAngle), dirs, input);

    std::vector<double> g(present.begin(), present.end());
    std::vector<Glcm> glcms;
    for (auto m : matrices) {
        double total = 0.0;
        for (const double v : m)
            total += v;
        for (double& v : m)
            v = total == 0.0 ? std::numeric_limits<double>::quiet_NaN() : v / total;
        glcms.push_back(coefficients(std::move(m), g, input.Ng));
    }
    FeatureValues out;
    for (const auto& f : kFeatures) {
        std::vector<double> values;
        for (const auto& m : glcms)
            values.push_back(f.value(m));
        out.emplace_back(f.name, detail::nanMean(values));
    }
    return out;
}

} // namespace rgw::radiomics::pyradiomics
