#include "radiomics/pyradiomics/RecursiveGaussian.h"

#include "radiomics/pyradiomics/NumpyDtype.h"
#include "util/Error.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <span>

// Operation order matters here: every expression below is evaluated in the
// order ITK 5.2 evaluates it (left to right, no fused multiply-add), so that
// the float32 results are bit-identical to SimpleITK's.

namespace rgw::radiomics::pyradiomics {
namespace {

// ---- input ------------------------------------------------------------------

/// Refuses a numpy dtype SimpleITK holds no image of.
const NumpyDtype& checkDtype(const std::string& scalar) {
    return numpyDtype(scalar, "PyRadiomics LoG");
}

/// The image as the ITK filter reads it: the voxels of the numpy dtype,
/// converted to double (NumericTraits<T>::RealType is double for every
/// dtype SimpleITK holds).
std::vector<double> asPixelValues(const std::vector<double>& image, const std::string& scalar) {
    if (!checkDtype(scalar).single())
        return image;
    std::vector<double> pixels(image.size());
    std::transform(image.begin(), image.end(), pixels.begin(),
                   [](double x) { return static_cast<double>(static_cast<float>(x)); });
    return pixels;
}

void checkGrid(const FilterGrid& grid, const std::vector<double>& image) {
    requireOnGrid(grid, image.size(), "PyRadiomics LoG: the image");
    requirePositiveSpacing(grid, "PyRadiomics LoG");
}

// ---- Deriche's coefficients ------------------------------------------------------

/// Deriche's fit of a kernel by two damped cosines per side,
/// h(x) = Σ_t (a_t cos(w_t x/σ) + b_t sin(w_t x/σ)) e^(l_t x/σ), x ≥ 0 in voxels.
struct DampedCosines {
    double a1, b1, a2, b2;
};
constexpr double kW1 = 0.6681, kL1 = -1.3932, kW2 = 2.0787, kL2 = -1.3732;
constexpr DampedCosines kGaussianFit{1.3530, 1.8151, -0.3531, 0.0902};
constexpr DampedCosines kSecondDerivativeFit{-1.3563, 5.2318, 0.3446, -2.2355};

/// cos(w_t/σ), sin(w_t/σ), e^(l_t/σ) of both terms at σ in voxels.
struct Poles {
    double c1, s1, e1, c2, s2, e2;
    explicit Poles(double sigmaVoxels)
        : c1(std::cos(kW1 / sigmaVoxels)), s1(std::sin(kW1 / sigmaVoxels)),
          e1(std::exp(kL1 / sigmaVoxels)), c2(std::cos(kW2 / sigmaVoxels)),
          s2(std::sin(kW2 / sigmaVoxels)), e2(std::exp(kL2 / sigmaVoxels)) {}
};

/// Σ c_k, Σ k c_k, Σ k² c_k of a coefficient sequence c_0..c_4 (the value,
/// first and second moment of its z-transform at z = 1).
struct Moments {
    double s, d, e;
};

/// The recursion y[i] = Σ_{k=0..3} n_k x[i−k] − Σ_{k=1..4} d_k y[i−k] and its
/// mirror z[i] = Σ_{k=1..4} m_k x[i+k] − Σ_{k=1..4} d_k z[i+k]; bn_k and bm_k
/// stand for d_k y[i−k] (d_k z[i+k]) before the line, where the edge value
/// is assumed to extend to infinity. Index 0 of d, m, bn, bm is unused.
struct Recursion {
    double n[4]{};
    double d[5]{};
    double m[5]{};
    double bn[5]{};
    double bm[5]{};
};

/// Denominator: d1 = −2(e2 c2 + e1 c1), d2 = 4 c1 c2 e1 e2 + e1² + e2²,
/// d3 = −2 c1 e1 e2² − 2 c2 e2 e1², d4 = e1² e2²; with its moments.
Moments setDenominator(const Poles& p, Recursion& r) {
    r.d[4] = p.e1 * p.e1 * p.e2 * p.e2;
    r.d[3] = -2 * p.c1 * p.e1 * p.e2 * p.e2 + -2 * p.c2 * p.e2 * p.e1 * p.e1;
    r.d[2] = 4 * p.c2 * p.c1 * p.e1 * p.e2 + (p.e1 * p.e1 + p.e2 * p.e2);
    r.d[1] = -2 * (p.e2 * p.c2 + p.e1 * p.c1);
    return {1.0 + r.d[1] + r.d[2] + r.d[3] + r.d[4], r.d[1] + 2 * r.d[2] + 3 * r.d[3] + 4 * r.d[4],
            r.d[1] + 4 * r.d[2] + 9 * r.d[3] + 16 * r.d[4]};
}

/// Causal numerator of the fit h: n_k from the z-transform of h sampled at
/// x = 0, 1, 2, …; with its moments.
Moments numerator(const Poles& p, const DampedCosines& h, double n[4]) {
    n[0] = h.a1 + h.a2;
    // n1 = e2 (b2 s2 − (a2 + 2 a1) c2) + e1 (b1 s1 − (a1 + 2 a2) c1)
    n[1] = p.e2 * (h.b2 * p.s2 - (h.a2 + 2 * h.a1) * p.c2) +
           p.e1 * (h.b1 * p.s1 - (h.a1 + 2 * h.a2) * p.c1);
    // n2 = 2 e1 e2 ((a1 + a2) c1 c2 − b1 c2 s1 − b2 c1 s2) + a2 e1² + a1 e2²
    double n2 = (h.a1 + h.a2) * p.c2 * p.c1;
    n2 = n2 - (h.b1 * p.c2 * p.s1 + h.b2 * p.c1 * p.s2);
    n2 = n2 * (2 * p.e1 * p.e2);
    n[2] = n2 + (h.a2 * p.e1 * p.e1 + h.a1 * p.e2 * p.e2);
    // n3 = e1² e2 (b2 s2 − a2 c2) + e1 e2² (b1 s1 − a1 c1)
    n[3] = p.e2 * p.e1 * p.e1 * (h.b2 * p.s2 - h.a2 * p.c2) +
           p.e1 * p.e2 * p.e2 * (h.b1 * p.s1 - h.a1 * p.c1);
    return {n[0] + n[1] + n[2] + n[3], n[1] + 2 * n[2] + 3 * n[3], n[1] + 4 * n[2] + 9 * n[3]};
}

/// Anti-causal numerator of a symmetric kernel, m_k = n_k − d_k n_0 (m4 =
/// −d4 n0), and the edge terms bn_k = d_k Σn / Σd, bm_k = d_k Σm / Σd.
void setMirrorAndEdges(Recursion& r) {
    for (int k = 1; k <= 3; ++k)
        r.m[k] = r.n[k] - r.d[k] * r.n[0];
    r.m[4] = -r.d[4] * r.n[0];
    const double sumN = r.n[0] + r.n[1] + r.n[2] + r.n[3];
    const double sumM = r.m[1] + r.m[2] + r.m[3] + r.m[4];
    const double sumD = 1.0 + r.d[1] + r.d[2] + r.d[3] + r.d[4];
    for (int k = 1; k <= 4; ++k) {
        r.bn[k] = r.d[k] * sumN / sumD;
        r.bm[k] = r.d[k] * sumM / sumD;
    }
}

/// Gaussian smoothing, scaled so that the kernel sums to 1:
/// n_k ← n_k / (2 Σn / Σd − n0).
Recursion smoothing(double sigmaVoxels) {
    const Poles poles(sigmaVoxels);
    Recursion r;
    const Moments den = setDenominator(poles, r);
    const Moments num = numerator(poles, kGaussianFit, r.n);
    const double scale = 1.0 / (2 * num.s / den.s - r.n[0]);
    for (double& nk : r.n)
        nk *= scale;
    setMirrorAndEdges(r);
    return r;
}

/// Second derivative of the Gaussian, normalised across scale: the second
/// derivative fit plus β times the Gaussian fit (β makes the kernel sum to
/// 0), scaled so that its second moment is 2 (it maps x² to 2), times
/// `scaleNormalisation` = σ² in mm².
Recursion secondDerivative(double sigmaVoxels, double scaleNormalisation) {
    const Poles poles(sigmaVoxels);
    Recursion r;
    const Moments den = setDenominator(poles, r);
    double n0[4], n2[4];
    const Moments g = numerator(poles, kGaussianFit, n0);
    const Moments h = numerator(poles, kSecondDerivativeFit, n2);
    // β = −(2 Σn₂ − Σd n₂,0) / (2 Σn₀ − Σd n₀,0)
    const double beta = -(2 * h.s - den.s * n2[0]) / (2 * g.s - den.s * n0[0]);
    for (int k = 0; k < 4; ++k)
        r.n[k] = n2[k] + beta * n0[k];
    const Moments num{h.s + beta * g.s, h.d + beta * g.d, h.e + beta * g.e};
    // α = (En Sd² − Ed Sn Sd − 2 Dn Dd Sd + 2 Dd² Sn) / Sd³
    double alpha = num.e * den.s * den.s - den.e * num.s * den.s - 2 * num.d * den.d * den.s +
                   2 * den.d * den.d * num.s;
    alpha = alpha / (den.s * den.s * den.s);
    const double scale = scaleNormalisation / alpha;
    for (double& nk : r.n)
        nk *= scale;
    setMirrorAndEdges(r);
    return r;
}

// ---- filtering -------------------------------------------------------------------

/// One line (length ≥ 4) through the causal and anti-causal recursions;
/// out[i] = y[i] + z[i]. `scratch` holds z.
void filterLine(const Recursion& r, const std::vector<double>& x, std::vector<double>& out,
                std::vector<double>& scratch) {
    const int n = static_cast<int>(x.size());
    const double first = x[0], last = x[n - 1];
    // y[i] = Σ_k n_k x[i−k] − Σ_k d_k y[i−k], x before the line = x[0]
    for (int i = 0; i < n; ++i) {
        double forward = 0.0, feedback = 0.0;
        for (int k = 0; k < 4; ++k) {
            const double term = (i - k >= 0 ? x[i - k] : first) * r.n[k];
            forward = k == 0 ? term : forward + term;
        }
        for (int k = 1; k <= 4; ++k) {
            const double term = i - k >= 0 ? out[i - k] * r.d[k] : first * r.bn[k];
            feedback = k == 1 ? term : feedback + term;
        }
        out[i] = forward - feedback;
    }
    // z[i] = Σ_k m_k x[i+k] − Σ_k d_k z[i+k], x after the line = x[n−1]
    for (int i = n - 1; i >= 0; --i) {
        double forward = 0.0, feedback = 0.0;
        for (int k = 1; k <= 4; ++k) {
            const double term = (i + k < n ? x[i + k] : last) * r.m[k];
            forward = k == 1 ? term : forward + term;
        }
        for (int k = 1; k <= 4; ++k) {
            const double term = i + k < n ? scratch[i + k] * r.d[k] : last * r.bm[k];
            feedback = k == 1 ? term : feedback + term;
        }
        scratch[i] = forward - feedback;
    }
    for (int i = 0; i < n; ++i)
        out[i] += scratch[i];
}

/// The recursion along `axis` on every line of the image; float32 output.
template <typename T>
std::vector<float> filterAlong(const Recursion& r, const FilterGrid& grid, int axis,
                               const std::vector<T>& image) {
    const std::size_t nx = grid.size[0], ny = grid.size[1];
    const std::size_t stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
    const std::size_t length = grid.size[axis];
    std::vector<float> result(image.size());
    std::vector<double> line(length), out(length), scratch(length);
    for (std::size_t start = 0; start < image.size(); ++start) {
        if ((start / stride) % length != 0)
            continue; // not the first voxel of a line along `axis`
        for (std::size_t i = 0; i < length; ++i)
            line[i] = static_cast<double>(image[start + i * stride]);
        filterLine(r, line, out, scratch);
        for (std::size_t i = 0; i < length; ++i)
            result[start + i * stride] = static_cast<float>(out[i]);
    }
    return result;
}

// ---- PyRadiomics' messages ---------------------------------------------------------

/// The image's axes as SimpleITK holds it (a 2D file: two, k of size 1 left out).
int axesOf(const FilterGrid& grid) {
    if (grid.dimension != 2 && grid.dimension != 3)
        throw Error("PyRadiomics LoG: images have 2 or 3 axes, not " +
                    std::to_string(grid.dimension));
    if (grid.dimension == 2 && grid.size[2] != 1)
        throw Error("PyRadiomics LoG: a 2D image has one slice, not " +
                    std::to_string(grid.size[2]));
    return grid.dimension;
}

/// SimpleITK's GetSize() / GetSpacing() of the image.
std::span<const int> sizeOf(const FilterGrid& grid) {
    return std::span<const int>(grid.size).first(static_cast<std::size_t>(axesOf(grid)));
}
std::span<const double> spacingOf(const FilterGrid& grid) {
    return std::span<const double>(grid.spacing).first(static_cast<std::size_t>(axesOf(grid)));
}

int smallestSize(const FilterGrid& grid) {
    const auto size = sizeOf(grid);
    return *std::min_element(size.begin(), size.end());
}

/// numpy's str() of an int array: right-aligned to a common width.
std::string numpyInts(std::span<const int> v) {
    std::size_t width = 0;
    for (int x : v)
        width = std::max(width, std::to_string(x).size());
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string x = std::to_string(v[i]);
        s += (i ? " " : "") + std::string(width - x.size(), ' ') + x;
    }
    return s + "]";
}

/// numpy's str() of a float array (shortest digits, at most 8 decimals,
/// decimal points aligned: "[0.5  1.25 2.  ]").
std::string numpyFloats(std::span<const double> v) {
    std::string whole[3], fraction[3];
    std::size_t wholeWidth = 0, fractionWidth = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        char buf[64];
        auto end = std::to_chars(buf, buf + sizeof buf, v[i], std::chars_format::fixed).ptr;
        std::string text(buf, end);
        if (const auto dot = text.find('.'); dot != std::string::npos && text.size() - dot > 9) {
            std::snprintf(buf, sizeof buf, "%.8f", v[i]);
            text = buf;
            text.erase(text.find_last_not_of('0') + 1);
        }
        if (text.find('.') == std::string::npos)
            text += '.';
        const auto dot = text.find('.');
        whole[i] = text.substr(0, dot);
        fraction[i] = text.substr(dot);
        wholeWidth = std::max(wholeWidth, whole[i].size());
        fractionWidth = std::max(fractionWidth, fraction[i].size());
    }
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i)
        s += (i ? " " : "") + std::string(wholeWidth - whole[i].size(), ' ') + whole[i] +
             fraction[i] + std::string(fractionWidth - fraction[i].size(), ' ');
    return s + "]";
}

/// Python's '%g' % x.
std::string percentG(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return buf;
}

} // namespace

std::string logImageName(const LoGSigma& sigma) {
    std::string text = sigma.text;
    std::replace(text.begin(), text.end(), '.', '-');
    return "log-sigma-" + text + "-mm-3D";
}

std::string logSigmaSkipReason(const FilterGrid& grid, const LoGSigma& sigma) {
    if (!(sigma.value > 0.0))
        return "applyLoG: sigma must be greater than 0.0: " + percentG(sigma.value);
    for (int d = 0; d < axesOf(grid); ++d)
        // size ≥ ⌈σ / spacing⌉ + 1 along every axis
        if (!(grid.size[d] >= std::ceil(sigma.value / grid.spacing[d]) + 1))
            return "applyLoG: sigma(" + percentG(sigma.value) + ")/spacing(" +
                   numpyFloats(spacingOf(grid)) + ") + 1 must be greater than the size(" +
                   numpyInts(sizeOf(grid)) + ") of the inputImage";
    return {};
}

std::vector<double> laplacianOfGaussian(const FilterGrid& grid, const std::vector<double>& image,
                                        const std::string& scalar, double sigmaMm) {
    checkGrid(grid, image);
    if (smallestSize(grid) < 4) {
        const std::string size = numpyInts(sizeOf(grid));
        throw Error("PyRadiomics LoG: the recursive Gaussian needs 4 voxels per axis, got " + size);
    }
    if (!(sigmaMm > 0))
        throw Error("PyRadiomics LoG: sigma must be greater than 0, got " + percentG(sigmaMm));
    const std::vector<double> pixels = asPixelValues(image, scalar);
    std::vector<float> sum(pixels.size(), 0.0f);
    for (int axis = 0; axis < axesOf(grid); ++axis) {
        const double spacing = grid.spacing[axis];
        // L_axis = G_other2 * G_other1 * (σ² ∂²/∂axis² G) * image, in voxel units
        std::vector<float> term =
            filterAlong(secondDerivative(sigmaMm / spacing, sigmaMm * sigmaMm), grid, axis, pixels);
        for (int other = 0; other < axesOf(grid); ++other)
            if (other != axis)
                term = filterAlong(smoothing(sigmaMm / grid.spacing[other]), grid, other, term);
        // Σ ← Σ + L_axis · (1 / spacing²), in double, stored as float
        const double inverseSpacing2 = 1.0 / (spacing * spacing);
        for (std::size_t v = 0; v < sum.size(); ++v)
            sum[v] = static_cast<float>(static_cast<double>(sum[v]) +
                                        static_cast<double>(term[v]) * inverseSpacing2);
    }
    return std::vector<double>(sum.begin(), sum.end());
}

std::vector<DerivedImage> logImages(const FilterGrid& grid, const std::vector<double>& image,
                                    const std::string& scalar, const std::vector<LoGSigma>& sigmas,
                                    std::vector<std::string>* warnings) {
    checkGrid(grid, image);
    checkDtype(scalar);
    auto warn = [&](const std::string& message) {
        if (warnings)
            warnings->push_back(message);
    };
    std::vector<DerivedImage> images;
    if (smallestSize(grid) < 4) {
        warn("Image too small to apply LoG filter, size: " + numpyInts(sizeOf(grid)));
        return images;
    }
    for (const LoGSigma& sigma : sigmas) {
        if (const std::string reason = logSigmaSkipReason(grid, sigma); !reason.empty()) {
            warn(reason);
            continue;
        }
        images.push_back(
            {logImageName(sigma), laplacianOfGaussian(grid, image, scalar, sigma.value)});
    }
    return images;
}

} // namespace rgw::radiomics::pyradiomics
