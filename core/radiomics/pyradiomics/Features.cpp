#include "radiomics/pyradiomics/Features.h"

#include "radiomics/pyradiomics/ClassicMarchingCubes.h"
#include "util/Error.h"

#include <Eigen/Eigenvalues>
#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace rgw::radiomics::pyradiomics {
namespace {

constexpr double kPi = 3.14159265358979323846;

/// numpy.percentile with linear interpolation on sorted values.
double percentile(const std::vector<double>& sorted, double q) {
    const double index = q / 100.0 * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(index));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    const double t = index - static_cast<double>(lo);
    const double a = sorted[lo], b = sorted[hi];
    // numpy's _lerp: a + (b − a) t, computed from b when t ≥ 0.5.
    return t >= 0.5 ? b - (b - a) * (1.0 - t) : a + (b - a) * t;
}

double voxelVolume(const Geometry& g) {
    return g.spacing[0] * g.spacing[1] * g.spacing[2];
}

/// Eigenvalues (ascending) of the population covariance of the physical
/// voxel-centre coordinates of the mask (PyRadiomics: index × spacing).
Eigen::VectorXd principalMoments(const Mask& mask, int dimensions, int dropAxis) {
    const Geometry& g = mask.geometry;
    std::vector<Eigen::Vector3d> points;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                if (mask.voxels[g.linearIndex(i, j, k)])
                    points.emplace_back(static_cast<double>(i) * g.spacing[0],
                                        static_cast<double>(j) * g.spacing[1],
                                        static_cast<double>(k) * g.spacing[2]);
    Eigen::Vector3d mean = Eigen::Vector3d::Zero();
    for (const auto& p : points)
        mean += p;
    mean /= static_cast<double>(points.size());
    Eigen::Matrix3d cov = Eigen::Matrix3d::Zero();
    for (const auto& p : points) {
        const Eigen::Vector3d d = p - mean;
        cov += d * d.transpose();
    }
    cov /= static_cast<double>(points.size());
    Eigen::MatrixXd m = cov;
    if (dimensions == 2) {
        std::vector<int> keep;
        for (int a = 0; a < 3; ++a)
            if (a != dropAxis)
                keep.push_back(a);
        Eigen::Matrix2d c2;
        for (int r = 0; r < 2; ++r)
            for (int c = 0; c < 2; ++c)
                c2(r, c) =
                    cov(keep[static_cast<std::size_t>(r)], keep[static_cast<std::size_t>(c)]);
        m = c2;
    }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(m);
    Eigen::VectorXd e = solver.eigenvalues();
    for (Eigen::Index i = 0; i < e.size(); ++i)
        e[i] = std::max(e[i], 0.0);
    return e;
}

} // namespace

FeatureValues firstOrder(const Roi& roi, const Discretised& discretised, const Settings& s) {
    std::vector<double> x;
    std::map<int, std::size_t> counts;
    for (std::size_t v = 0; v < roi.image.size(); ++v)
        if (roi.mask.voxels[v]) {
            x.push_back(roi.image[v]);
            ++counts[discretised.levels[v]];
        }
    if (x.empty())
        throw Error("PyRadiomics firstorder: empty ROI");
    const double n = static_cast<double>(x.size());
    const double c = s.voxelArrayShift;
    double energy = 0.0, sum = 0.0;
    for (double v : x) {
        energy += (v + c) * (v + c);
        sum += v;
    }
    const double mean = sum / n;
    double m2 = 0.0, m3 = 0.0, m4 = 0.0, mad = 0.0;
    for (double v : x) {
        const double d = v - mean;
        m2 += d * d;
        m3 += d * d * d;
        m4 += d * d * d * d;
        mad += std::abs(d);
    }
    m2 /= n;
    m3 /= n;
    m4 /= n;
    mad /= n;
    std::vector<double> sorted = x;
    std::sort(sorted.begin(), sorted.end());
    const double p10 = percentile(sorted, 10), p90 = percentile(sorted, 90);
    double robustSum = 0.0;
    std::size_t robustN = 0;
    for (double v : x)
        if (v >= p10 && v <= p90) {
            robustSum += v;
            ++robustN;
        }
    const double robustMean = robustSum / static_cast<double>(robustN);
    double rmad = 0.0;
    for (double v : x)
        if (v >= p10 && v <= p90)
            rmad += std::abs(v - robustMean);
    rmad /= static_cast<double>(robustN);
    // p_i over the grey levels; eps = numpy.spacing(1).
    const double eps = std::numeric_limits<double>::epsilon();
    double entropy = 0.0, uniformity = 0.0;
    for (const auto& [level, count] : counts) {
        const double p = static_cast<double>(count) / n;
        entropy -= p * std::log2(p + eps);
        uniformity += p * p;
    }
    return {
        {"Energy", energy},                                  // Σ (X + c)²
        {"TotalEnergy", voxelVolume(roi.geometry) * energy}, // V_voxel Σ (X + c)²
        {"Entropy", entropy},                                // −Σ p log2(p + ε)
        {"Minimum", sorted.front()},
        {"10Percentile", p10},
        {"90Percentile", p90},
        {"Maximum", sorted.back()},
        {"Mean", mean},
        {"Median", percentile(sorted, 50)},
        {"InterquartileRange", percentile(sorted, 75) - percentile(sorted, 25)},
        {"Range", sorted.back() - sorted.front()},
        {"MeanAbsoluteDeviation", mad},                       // mean |X − X̄|
        {"RobustMeanAbsoluteDeviation", rmad},                // over P10 ≤ X ≤ P90
        {"RootMeanSquared", std::sqrt(energy / n)},           // √(Σ (X + c)² / N_p)
        {"Skewness", m2 == 0 ? 0.0 : m3 / std::pow(m2, 1.5)}, // μ3 / σ³
        {"Kurtosis", m2 == 0 ? 0.0 : m4 / (m2 * m2)},         // μ4 / σ⁴ (not excess)
        {"Variance", m2},                                     // population
        {"Uniformity", uniformity},                           // Σ p²
    };
}

FeatureValues shape(const Roi& roi) {
    const Mask& mask = roi.mask;
    // PyRadiomics' mesh: classic marching cubes (cshape.c), not the IBSI mesh.
    const ClassicMesh mesh = classicMeshMeasures(mask);
    const Eigen::Vector3d halfSpacing = 0.5 * mask.geometry.spacing;
    std::vector<Eigen::Vector3d> vertices;
    vertices.reserve(mesh.vertices.size());
    for (const auto& l : mesh.vertices)
        vertices.push_back(l.cast<double>().cwiseProduct(halfSpacing));
    // Diameters between mesh vertices: all pairs, and pairs in one axial
    // (same k), coronal (same j) and sagittal (same i) plane.
    double d3 = 0, dSlice = 0, dColumn = 0, dRow = 0;
    for (std::size_t a = 0; a < vertices.size(); ++a)
        for (std::size_t b = a + 1; b < vertices.size(); ++b) {
            const double d = (vertices[a] - vertices[b]).squaredNorm();
            d3 = std::max(d3, d);
            if (mesh.vertices[a][2] == mesh.vertices[b][2])
                dSlice = std::max(dSlice, d);
            if (mesh.vertices[a][1] == mesh.vertices[b][1])
                dColumn = std::max(dColumn, d);
            if (mesh.vertices[a][0] == mesh.vertices[b][0])
                dRow = std::max(dRow, d);
        }
    const Eigen::VectorXd e = principalMoments(mask, 3, -1); // ascending
    const double least = e[0], minor = e[1], major = e[2];
    const double V = mesh.volume, A = mesh.surfaceArea;
    return {
        {"MeshVolume", V},
        {"VoxelVolume", static_cast<double>(roi.voxelCount()) * voxelVolume(mask.geometry)},
        {"SurfaceArea", A},
        {"SurfaceVolumeRatio", A / V},
        {"Sphericity", std::cbrt(36 * kPi * V * V) / A}, // (36 π V²)^(1/3) / A
        {"Maximum3DDiameter", std::sqrt(d3)},
        {"Maximum2DDiameterSlice", std::sqrt(dSlice)},
        {"Maximum2DDiameterColumn", std::sqrt(dColumn)},
        {"Maximum2DDiameterRow", std::sqrt(dRow)},
        {"MajorAxisLength", 4 * std::sqrt(major)},
        {"MinorAxisLength", 4 * std::sqrt(minor)},
        {"LeastAxisLength", 4 * std::sqrt(least)},
        {"Elongation", std::sqrt(minor / major)},
        {"Flatness", std::sqrt(least / major)},
    };
}

FeatureValues shape2D(const Roi& roi, const Settings& s) {
    // force2Ddimension is a numpy (z, y, x) axis: 0 = k, 1 = j, 2 = i.
    const int normal = 2 - s.force2Ddimension;
    const Geometry& g = roi.mask.geometry;
    std::int64_t lo = g.size[static_cast<std::size_t>(normal)], hi = -1;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                if (roi.mask.voxels[g.linearIndex(i, j, k)]) {
                    const std::int64_t p[3] = {i, j, k};
                    lo = std::min(lo, p[normal]);
                    hi = std::max(hi, p[normal]);
                }
    if (hi < 0 || lo != hi)
        throw Error("PyRadiomics shape2D: the ROI must lie in one slice (force2D)");
    const int ua = normal == 0 ? 1 : 0, va = normal == 2 ? 1 : 2;
    const std::int64_t nu = g.size[static_cast<std::size_t>(ua)];
    const std::int64_t nv = g.size[static_cast<std::size_t>(va)];
    const double su = g.spacing[ua], sv = g.spacing[va];
    auto inside = [&](std::int64_t u, std::int64_t v) {
        if (u < 0 || v < 0 || u >= nu || v >= nv)
            return false;
        std::int64_t p[3];
        p[ua] = u;
        p[va] = v;
        p[normal] = lo;
        return roi.mask.voxels[g.linearIndex(p[0], p[1], p[2])] != 0;
    };
    // Marching squares on the pixel-centre lattice, vertices half-way along
    // edges (lattice = 2 × index); segments oriented with the ROI on the left.
    struct Segment {
        Eigen::Vector2i a, b;
    };
    std::vector<Segment> segments;
    for (std::int64_t v = -1; v < nv; ++v)
        for (std::int64_t u = -1; u < nu; ++u) {
            // Corners counter-clockwise: (u,v) (u+1,v) (u+1,v+1) (u,v+1).
            const bool c0 = inside(u, v), c1 = inside(u + 1, v), c2 = inside(u + 1, v + 1),
                       c3 = inside(u, v + 1);
            const int code = c0 | c1 << 1 | c2 << 2 | c3 << 3;
            if (code == 0 || code == 15)
                continue;
            const auto U = static_cast<int>(2 * u), V = static_cast<int>(2 * v);
            const Eigen::Vector2i e0(U + 1, V), e1(U + 2, V + 1), e2(U + 1, V + 2), e3(U, V + 1);
            auto add = [&](const Eigen::Vector2i& a, const Eigen::Vector2i& b) {
                segments.push_back({a, b});
            };
            switch (code) {
            case 1:
                add(e3, e0);
                break;
            case 2:
                add(e0, e1);
                break;
            case 3:
                add(e3, e1);
                break;
            case 4:
                add(e1, e2);
                break;
            case 5:
                add(e3, e0);
                add(e1, e2);
                break; // diagonal pixels kept apart
            case 6:
                add(e0, e2);
                break;
            case 7:
                add(e3, e2);
                break;
            case 8:
                add(e2, e3);
                break;
            case 9:
                add(e2, e0);
                break;
            case 10:
                add(e0, e1);
                add(e2, e3);
                break;
            case 11:
                add(e2, e1);
                break;
            case 12:
                add(e1, e3);
                break;
            case 13:
                add(e1, e0);
                break;
            case 14:
                add(e0, e3);
                break;
            default:
                break;
            }
        }
    double area2 = 0.0, perimeter = 0.0;
    std::vector<Eigen::Vector2d> points;
    for (const auto& sgm : segments) {
        const Eigen::Vector2d a(0.5 * su * sgm.a[0], 0.5 * sv * sgm.a[1]);
        const Eigen::Vector2d b(0.5 * su * sgm.b[0], 0.5 * sv * sgm.b[1]);
        area2 += a[0] * b[1] - a[1] * b[0];
        perimeter += (b - a).norm();
        points.push_back(a);
    }
    const double A = std::abs(area2) / 2.0;
    double dmax = 0.0;
    for (std::size_t a = 0; a < points.size(); ++a)
        for (std::size_t b = a + 1; b < points.size(); ++b)
            dmax = std::max(dmax, (points[a] - points[b]).squaredNorm());
    const Eigen::VectorXd e = principalMoments(roi.mask, 2, normal);
    const double pixel = su * sv;
    return {
        {"MeshSurface", A},
        {"PixelSurface", static_cast<double>(roi.voxelCount()) * pixel},
        {"Perimeter", perimeter},
        {"PerimeterSurfaceRatio", perimeter / A},
        {"Sphericity", 2 * std::sqrt(kPi * A) / perimeter}, // 2 √(π A) / P
        {"MaximumDiameter", std::sqrt(dmax)},
        {"MajorAxisLength", 4 * std::sqrt(e[1])},
        {"MinorAxisLength", 4 * std::sqrt(e[0])},
        {"Elongation", std::sqrt(e[0] / e[1])},
    };
}

} // namespace rgw::radiomics::pyradiomics
