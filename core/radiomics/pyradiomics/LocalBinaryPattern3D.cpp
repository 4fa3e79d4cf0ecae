#include "radiomics/pyradiomics/LocalBinaryPattern3D.h"

#include "radiomics/pyradiomics/NumpyDtype.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>
#include <utility>

namespace rgw::radiomics::pyradiomics {
namespace {

using Vec3 = std::array<double, 3>;
using Face = std::array<int, 3>;
using Complex = std::complex<double>;

constexpr int kMaxSubdivision = 6; // 40962 samples per ROI voxel
constexpr int kMinLevels = 2;      // PyRadiomics raises IndexError for 1
constexpr int kMaxLevels = 86;     // scipy's sph_harm is NaN from degree 86
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- settings --------------------------------------------------------------

void checkIcosphereSettings(int subdivisions, double radius) {
    if (subdivisions < 0 || subdivisions > kMaxSubdivision)
        throw Error("LBP3D: lbp3DIcosphereSubdivision must be 0 to " +
                    std::to_string(kMaxSubdivision) + " (10·4^s + 2 samples per voxel), not " +
                    std::to_string(subdivisions));
    if (!(radius > 0.0) || !std::isfinite(radius))
        throw Error("LBP3D: lbp3DIcosphereRadius must be a positive finite number, not " +
                    std::to_string(radius));
}

void checkLevels(int levels) {
    if (levels < kMinLevels || levels > kMaxLevels)
        throw Error("LBP3D: lbp3DLevels must be 2 to 86, not " + std::to_string(levels) +
                    " (PyRadiomics fails with IndexError for 1; scipy's sph_harm is NaN "
                    "from degree 86 on)");
}

void checkSizes(const FilterGrid& grid, const std::vector<double>& image,
                const std::vector<std::uint8_t>& mask) {
    requireOnGrid(grid, image.size(), "LBP3D: the image");
    requireOnGrid(grid, mask.size(), "LBP3D: the mask");
}

// ---- numpy dtypes ----------------------------------------------------------

/// Whether numpy's `dtype` holds `value` exactly.
bool holds(const NumpyDtype& dtype, double value) {
    if (!dtype.integer)
        return !dtype.single() || std::isnan(value) ||
               static_cast<double>(static_cast<float>(value)) == value;
    return value == std::trunc(value) && value >= dtype.lowest() && value <= dtype.highest();
}

void checkHeldBy(const std::vector<double>& image, const NumpyDtype& dtype) {
    for (double v : image)
        if (!holds(dtype, v))
            throw Error("LBP3D: image value " + std::to_string(v) + " is not a " + dtype.name +
                        ", the dtype the image is said to have");
}

/// The value map_coordinates stores for the interpolated t in `dtype`:
/// float32 rounds to nearest; integers round half away from zero (unsigned:
/// t ≤ 0 → 0), clamped to the dtype's range.
double storedAs(double t, const NumpyDtype& dtype) {
    if (!dtype.integer)
        return dtype.single() ? static_cast<double>(static_cast<float>(t)) : t;
    const double rounded = dtype.isSigned ? (t > 0 ? t + 0.5 : t - 0.5) : (t > 0 ? t + 0.5 : 0.0);
    return std::trunc(std::clamp(rounded, dtype.lowest(), dtype.highest()));
}

// ---- trimesh's icosphere ---------------------------------------------------

struct Mesh {
    std::vector<Vec3> vertices;
    std::vector<Face> faces;
};

/// trimesh's icosahedron: (±1, ±t, 0) and cyclic permutations over √(2 + t).
Mesh icosahedron() {
    const double t = (1.0 + std::sqrt(5.0)) / 2.0;
    const double s = std::sqrt(2.0 + t);
    const double raw[12][3] = {{-1, t, 0}, {1, t, 0}, {-1, -t, 0}, {1, -t, 0},
                               {0, -1, t}, {0, 1, t}, {0, -1, -t}, {0, 1, -t},
                               {t, 0, -1}, {t, 0, 1}, {-t, 0, -1}, {-t, 0, 1}};
    Mesh mesh;
    for (const auto& v : raw)
        mesh.vertices.push_back({v[0] / s, v[1] / s, v[2] / s});
    mesh.faces = {{0, 11, 5}, {0, 5, 1},  {0, 1, 7},   {0, 7, 10}, {0, 10, 11},
                  {1, 5, 9},  {5, 11, 4}, {11, 10, 2}, {10, 7, 6}, {7, 1, 8},
                  {3, 9, 4},  {3, 4, 2},  {3, 2, 6},   {3, 6, 8},  {3, 8, 9},
                  {4, 9, 5},  {2, 4, 11}, {6, 2, 10},  {8, 6, 7},  {9, 8, 1}};
    return mesh;
}

/// The face's edges 01, 12, 20, each as (smaller, larger) vertex index.
std::array<std::pair<int, int>, 3> sortedEdges(const Face& f) {
    auto edge = [](int a, int b) { return std::make_pair(std::min(a, b), std::max(a, b)); };
    return {edge(f[0], f[1]), edge(f[1], f[2]), edge(f[2], f[0])};
}

/// trimesh's remesh.subdivide: midpoints (a + b)/2 of the unique edges in
/// (larger, smaller) order appended, every face split into 4.
Mesh subdivided(const Mesh& mesh) {
    std::vector<std::pair<int, int>> edges; // (larger, smaller): trimesh's sort key
    for (const Face& f : mesh.faces)
        for (const auto& [lo, hi] : sortedEdges(f))
            edges.emplace_back(hi, lo);
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());

    Mesh out{mesh.vertices, {}};
    for (const auto& [hi, lo] : edges) {
        const Vec3& a = mesh.vertices[static_cast<std::size_t>(lo)];
        const Vec3& b = mesh.vertices[static_cast<std::size_t>(hi)];
        out.vertices.push_back({(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2});
    }
    auto midpoint = [&](const std::pair<int, int>& e) {
        const auto at =
            std::lower_bound(edges.begin(), edges.end(), std::make_pair(e.second, e.first));
        return static_cast<int>(mesh.vertices.size()) + static_cast<int>(at - edges.begin());
    };
    for (const Face& f : mesh.faces) {
        const auto e = sortedEdges(f);
        const int m01 = midpoint(e[0]), m12 = midpoint(e[1]), m20 = midpoint(e[2]);
        out.faces.push_back({f[0], m01, m20});
        out.faces.push_back({m01, f[1], m12});
        out.faces.push_back({m20, m12, f[2]});
        out.faces.push_back({m01, m12, m20});
    }
    return out;
}

/// trimesh's projection onto the sphere: v ← v + v/|v| · (radius − |v|).
void moveOntoSphere(std::vector<Vec3>& vertices, double radius) {
    for (Vec3& v : vertices) {
        const double norm = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        for (double& x : v)
            x += x / norm * (radius - norm);
    }
}

// ---- spherical harmonics ---------------------------------------------------

/// √((2n+1)/(4π) · (n−m)!/(n+m)!) P_n^m(x) for 0 ≤ m ≤ n, Condon–Shortley
/// phase, by the recurrences of the normalised functions:
/// P̄_m^m = −√((2m+1)/(2m)) √(1−x²) P̄_{m−1}^{m−1}, P̄_0^0 = 1/√(4π),
/// P̄_{m+1}^m = √(2m+3) x P̄_m^m,
/// P̄_l^m = √((4l²−1)/(l²−m²)) (x P̄_{l−1}^m − √(((l−1)²−m²)/(4(l−1)²−1)) P̄_{l−2}^m).
double normalisedLegendre(int m, int n, double x) {
    const double s = std::sqrt((1.0 - x) * (1.0 + x));
    double below = 1.0 / std::sqrt(4.0 * std::numbers::pi); // P̄_m^m
    for (int k = 1; k <= m; ++k)
        below *= -std::sqrt((2.0 * k + 1.0) / (2.0 * k)) * s;
    if (n == m)
        return below;
    double current = std::sqrt(2.0 * m + 3.0) * x * below; // P̄_{m+1}^m
    for (int l = m + 2; l <= n; ++l) {
        const double l2 = static_cast<double>(l) * l, m2 = static_cast<double>(m) * m;
        const double prev2 = static_cast<double>(l - 1) * (l - 1);
        const double next = std::sqrt((4.0 * l2 - 1.0) / (l2 - m2)) *
                            (x * current - std::sqrt((prev2 - m2) / (4.0 * prev2 - 1.0)) * below);
        below = current;
        current = next;
    }
    return current;
}

/// The columns sph_harm(m, n, θ_v, φ_v) of getLBP3DImage, n = 0 … levels−1,
/// m = −n … n (degree n in columns n² … n² + 2n), with θ_v = arccos(z/radius)
/// and φ_v = atan2(y, x).
struct HarmonicBasis {
    std::vector<std::vector<Complex>> values; ///< [column][vertex]

    static std::size_t firstColumn(int n) {
        return static_cast<std::size_t>(n) * static_cast<std::size_t>(n);
    }
};

HarmonicBasis harmonicsAt(const std::vector<Vec3>& vertices, double radius, int levels) {
    HarmonicBasis basis;
    for (int n = 0; n < levels; ++n)
        for (int m = -n; m <= n; ++m) {
            std::vector<Complex> column;
            column.reserve(vertices.size());
            for (const Vec3& v : vertices)
                column.push_back(
                    sphericalHarmonic(m, n, std::acos(v[2] / radius), std::atan2(v[1], v[0])));
            basis.values.push_back(std::move(column));
        }
    return basis;
}

// ---- scipy.ndimage cubic spline --------------------------------------------

/// The pole of the cubic B-spline prefilter, √3 − 2.
constexpr double kSplinePole = -0.267949192431122706472553658494127633;

/// scipy's in-place prefilter of one line with mirror boundaries: gain
/// (1−z)(1−1/z), causal pass c_i += z c_{i−1}, anticausal c_i = z (c_{i+1} − c_i).
void prefilterLine(std::vector<double>& c) {
    const std::size_t n = c.size();
    const double z = kSplinePole;
    const double gain = (1.0 - z) * (1.0 - 1.0 / z);
    for (double& x : c)
        x *= gain;
    // c_0 = (c_0 + z^(n−1) c_(n−1) + Σ_{i=1}^{n−2} z^i (c_i + z^(n−1) c_(n−1−i))) / (1 − z^(2n−2))
    const double zLast = std::pow(z, static_cast<double>(n - 1));
    double zi = z;
    c[0] = c[0] + zLast * c[n - 1];
    for (std::size_t i = 1; i + 1 < n; ++i) {
        c[0] += zi * (c[i] + zLast * c[n - 1 - i]);
        zi *= z;
    }
    c[0] /= 1 - zLast * zLast;
    for (std::size_t i = 1; i < n; ++i)
        c[i] += z * c[i - 1];
    // c_(n−1) = z (z c_(n−2) + c_(n−1)) / (z² − 1)
    c[n - 1] = (z * c[n - 2] + c[n - 1]) * z / (z * z - 1);
    for (std::size_t i = n - 1; i-- > 0;)
        c[i] = z * (c[i + 1] - c[i]);
}

/// scipy's cubic B-spline weights of the 4 coefficients around x, by the
/// fraction f = x − ⌊x⌋: (1−f)³/6, (3f²(f−2) + 4)/6, (3g²(g−2) + 4)/6 with
/// g = 1 − f, and 1 minus the others.
std::array<double, 4> splineWeights(double x) {
    const double y = x - std::floor(x);
    const double z = 1.0 - y;
    std::array<double, 4> w{};
    w[1] = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
    w[2] = (z * z * (z - 2.0) * 3.0 + 4.0) / 6.0;
    w[0] = z * z * z / 6.0;
    w[3] = 1.0;
    for (int i = 0; i < 3; ++i)
        w[3] -= w[i];
    return w;
}

/// scipy's mirror extension of an index: −1 → 1, len → len − 2 (period 2 len − 2).
std::ptrdiff_t mirrored(std::ptrdiff_t index, std::ptrdiff_t len) {
    if (len <= 1)
        return 0;
    const std::ptrdiff_t period = 2 * len - 2;
    if (index < 0) {
        index += period * (-index / period);
        return index <= 1 - len ? index + period : -index;
    }
    if (index > len - 1) {
        index -= period * (index / period);
        return index >= len ? period - index : index;
    }
    return index;
}

/// scipy.ndimage.map_coordinates(image, ·, order=3, mode='constant', cval=0)
/// of one volume: the B-spline coefficients (prefiltered along numpy axes 0,
/// 1, 2 with mirror boundaries), then 4×4×4 weighted coefficients at any
/// position inside the first and last voxel centres, 0 beyond.
class CubicSplineSampler {
public:
    /// `shape` in numpy order (z, y, x); `values` with x fastest.
    CubicSplineSampler(const std::array<int, 3>& shape, std::vector<double> values)
        : shape_{shape[0], shape[1], shape[2]}, stride_{shape_[1] * shape_[2], shape_[2], 1},
          coefficients_(std::move(values)) {
        for (std::size_t axis = 0; axis < 3; ++axis)
            prefilterAxis(axis);
    }

    /// The interpolated value at numpy position (axis 0, 1, 2).
    double at(const Vec3& position) const {
        std::array<std::array<double, 4>, 3> weights{};
        std::array<std::array<std::ptrdiff_t, 4>, 3> offsets{};
        for (std::size_t axis = 0; axis < 3; ++axis) {
            const double x = position[axis];
            if (!(x >= 0.0 && x <= static_cast<double>(shape_[axis] - 1)))
                return 0.0; // mode 'constant': no interpolation beyond the edges
            weights[axis] = splineWeights(x);
            const auto start = static_cast<std::ptrdiff_t>(std::floor(x)) - 1;
            for (std::size_t t = 0; t < 4; ++t)
                offsets[axis][t] =
                    mirrored(start + static_cast<std::ptrdiff_t>(t), shape_[axis]) * stride_[axis];
        }
        double sum = 0.0; // Σ c[a,b,c] w0[a] w1[b] w2[c], axis 2 fastest
        for (std::size_t a = 0; a < 4; ++a)
            for (std::size_t b = 0; b < 4; ++b)
                for (std::size_t c = 0; c < 4; ++c) {
                    double term = coefficient(offsets[0][a] + offsets[1][b] + offsets[2][c]);
                    term *= weights[0][a];
                    term *= weights[1][b];
                    term *= weights[2][c];
                    sum += term;
                }
        return sum;
    }

private:
    double& coefficient(std::ptrdiff_t offset) {
        return coefficients_[static_cast<std::size_t>(offset)];
    }
    double coefficient(std::ptrdiff_t offset) const {
        return coefficients_[static_cast<std::size_t>(offset)];
    }

    /// Every line along `axis` through prefilterLine.
    void prefilterAxis(std::size_t axis) {
        const std::ptrdiff_t len = shape_[axis];
        if (len <= 1)
            return; // scipy leaves single-voxel lines as they are
        const std::size_t o1 = (axis + 1) % 3, o2 = (axis + 2) % 3;
        std::vector<double> line(static_cast<std::size_t>(len));
        for (std::ptrdiff_t p = 0; p < shape_[o1]; ++p)
            for (std::ptrdiff_t q = 0; q < shape_[o2]; ++q) {
                const std::ptrdiff_t base = p * stride_[o1] + q * stride_[o2];
                for (std::ptrdiff_t t = 0; t < len; ++t)
                    line[static_cast<std::size_t>(t)] = coefficient(base + t * stride_[axis]);
                prefilterLine(line);
                for (std::ptrdiff_t t = 0; t < len; ++t)
                    coefficient(base + t * stride_[axis]) = line[static_cast<std::size_t>(t)];
            }
    }

    std::array<std::ptrdiff_t, 3> shape_;
    std::array<std::ptrdiff_t, 3> stride_;
    std::vector<double> coefficients_;
};

// ---- kurtosis --------------------------------------------------------------

/// numpy's pairwise summation (blocks of 8 accumulators up to 128 values,
/// halves beyond), in the array's own precision.
template <typename Real> Real pairwiseSum(const Real* a, std::size_t n) {
    if (n < 8) {
        Real sum = 0;
        for (std::size_t i = 0; i < n; ++i)
            sum += a[i];
        return sum;
    }
    if (n <= 128) {
        std::array<Real, 8> r{};
        std::copy(a, a + 8, r.begin());
        std::size_t i = 8;
        for (; i < n - n % 8; i += 8)
            for (std::size_t j = 0; j < 8; ++j)
                r[j] += a[i + j];
        Real sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i)
            sum += a[i];
        return sum;
    }
    std::size_t half = n / 2;
    half -= half % 8;
    return pairwiseSum(a, half) + pairwiseSum(a + half, n - half);
}

/// scipy.stats.kurtosis(samples) (Fisher, biased) in `Real`: m4/m2² − 3 with
/// m_k = Σ(x − mean)^k / n, NaN when m2 ≤ (resolution · mean)².
template <typename Real>
double fisherKurtosis(const std::vector<double>& samples, Real resolution) {
    std::vector<Real> x(samples.size());
    std::transform(samples.begin(), samples.end(), x.begin(),
                   [](double v) { return static_cast<Real>(v); });
    const auto n = static_cast<Real>(x.size());
    const Real mean = pairwiseSum(x.data(), x.size()) / n;
    std::vector<Real> squares(x.size()), fourths(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const Real d = x[i] - mean;
        squares[i] = d * d;
        fourths[i] = squares[i] * squares[i];
    }
    const Real m2 = pairwiseSum(squares.data(), squares.size()) / n;
    const Real m4 = pairwiseSum(fourths.data(), fourths.size()) / n;
    const Real floor = resolution * mean;
    if (m2 <= floor * floor)
        return kNaN;
    const Real ratio = m4 / (m2 * m2);
    return static_cast<double>(ratio - Real(3));
}

/// The kurtosis in the samples' dtype: float32 stays float32, integers and
/// float64 are float64 (numpy's mean of integers is float64).
double sphericalKurtosis(const std::vector<double>& samples, const NumpyDtype& dtype) {
    if (dtype.single())
        return fisherKurtosis<float>(samples, 1e-6f);
    return fisherKurtosis<double>(samples, 1e-15);
}

// ---- the pattern's spectrum ------------------------------------------------

/// Per degree n: Re √(Σ_v h_n(v)²), h_n(v) = Σ_m c_nm Y_nm(v),
/// c_nm = Σ_v [sample_v ≥ centre] Y_nm(v).
std::vector<double> patternNorms(const std::vector<double>& samples, double centre,
                                 const HarmonicBasis& basis, int levels) {
    std::vector<Complex> c(basis.values.size());
    for (std::size_t col = 0; col < c.size(); ++col)
        for (std::size_t v = 0; v < samples.size(); ++v)
            if (samples[v] >= centre)
                c[col] += basis.values[col][v];
    std::vector<double> norms(static_cast<std::size_t>(levels));
    for (int n = 0; n < levels; ++n) {
        const std::size_t first = HarmonicBasis::firstColumn(n),
                          last = HarmonicBasis::firstColumn(n + 1);
        Complex sumOfSquares = 0.0;
        for (std::size_t v = 0; v < samples.size(); ++v) {
            Complex h = 0.0;
            for (std::size_t col = first; col < last; ++col)
                h += c[col] * basis.values[col][v];
            sumOfSquares += h * h;
        }
        norms[static_cast<std::size_t>(n)] = std::sqrt(sumOfSquares).real();
    }
    return norms;
}

/// "lbp-3D-m1" … "lbp-3D-m<levels>", "lbp-3D-k", all 0.
std::vector<DerivedImage> emptyImages(int levels, std::size_t voxels) {
    std::vector<DerivedImage> images;
    for (int n = 1; n <= levels; ++n)
        images.push_back({"lbp-3D-m" + std::to_string(n), std::vector<double>(voxels, 0.0)});
    images.push_back({"lbp-3D-k", std::vector<double>(voxels, 0.0)});
    return images;
}

} // namespace

std::vector<std::array<double, 3>> lbp3DIcosphere(int subdivisions, double radius) {
    checkIcosphereSettings(subdivisions, radius);
    Mesh mesh = icosahedron();
    for (int s = 0; s < subdivisions; ++s) {
        mesh = subdivided(mesh);
        moveOntoSphere(mesh.vertices, radius);
    }
    if (subdivisions == 0)
        moveOntoSphere(mesh.vertices, radius);
    return mesh.vertices;
}

std::complex<double> sphericalHarmonic(int m, int n, double azimuth, double polar) {
    if (n < 0 || std::abs(m) > n)
        return {kNaN, kNaN};
    const int order = std::abs(m);
    double p = normalisedLegendre(order, n, std::cos(polar));
    if (m < 0 && order % 2 == 1)
        p = -p; // Y_n^{−m} = (−1)^m conj(Y_n^m)
    const double angle = m * azimuth;
    return {p * std::cos(angle), p * std::sin(angle)};
}

std::vector<DerivedImage> lbp3DImages(const FilterGrid& grid, const std::vector<double>& image,
                                      const std::vector<std::uint8_t>& mask,
                                      const std::string& scalar, int levels, double icosphereRadius,
                                      int icosphereSubdivision) {
    checkLevels(levels);
    const std::vector<Vec3> vertices = lbp3DIcosphere(icosphereSubdivision, icosphereRadius);
    const NumpyDtype& dtype = numpyDtype(scalar, "LBP3D");
    checkSizes(grid, image, mask);
    checkHeldBy(image, dtype);

    const HarmonicBasis basis = harmonicsAt(vertices, icosphereRadius, levels);
    const CubicSplineSampler sampler({grid.size[2], grid.size[1], grid.size[0]}, image);
    std::vector<DerivedImage> images = emptyImages(levels, image.size());
    std::vector<double> samples(vertices.size());
    std::size_t voxel = 0;
    for (int k = 0; k < grid.size[2]; ++k)
        for (int j = 0; j < grid.size[1]; ++j)
            for (int i = 0; i < grid.size[0]; ++i, ++voxel) {
                if (mask[voxel] != 1)
                    continue;
                for (std::size_t v = 0; v < vertices.size(); ++v) { // numpy (k, j, i) + (x, y, z)
                    const Vec3& d = vertices[v];
                    samples[v] = storedAs(sampler.at({k + d[0], j + d[1], i + d[2]}), dtype);
                }
                const std::vector<double> norms =
                    patternNorms(samples, image[voxel], basis, levels);
                for (std::size_t n = 0; n < norms.size(); ++n)
                    images[n].image[voxel] = norms[n];
                images.back().image[voxel] = sphericalKurtosis(samples, dtype);
            }
    return images;
}

} // namespace rgw::radiomics::pyradiomics
