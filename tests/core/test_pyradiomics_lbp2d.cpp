// PyRadiomics-compatible mode: the LBP2D image type (imageoperations
// getLBP2DImage = skimage.feature.local_binary_pattern on every slice across
// numpy axis force2Ddimension, assigned back into the image's dtype).
//  - against the real skimage 0.19.3 / numpy 1.24 (make_lbp2d.py): every
//    method, P = 1…32, R = 1…3, force2Ddimension 0, 1, 2 on 4 × 5 × 7
//    volumes (non-square slices), ties, negatives, flat blocks, int16 /
//    uint8 / uint16 / int32 / int64 / float32 / float64, and numpy's cast
//    of awkward float64 values into every dtype;
//  - analytic cases: a constant image gives the all-ones pattern, a single
//    dark pixel clears exactly the bits whose bilinear footprint holds it,
//    and 'ror' / 'uniform' / 'var' are invariant under a 90° rotation.
#include "ErrorMessage.h"
#include "Reference.h"
#include "radiomics/pyradiomics/LocalBinaryPattern2D.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <numbers>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace py = rgw::radiomics::pyradiomics;
using rgw::test::errorOf;

const double kNaN = std::nan("");

// ---------------------------------------------------------------------------
// The committed skimage reference

struct RefVolume {
    std::string dtype;
    py::FilterGrid grid; ///< size {nx, ny, nz}
    std::vector<double> voxels;
};

struct RefCase {
    std::string volume;
    std::string method;
    int samples = 0;
    double radius = 0.0;
    int axis = 0;
    std::vector<double> image;
};

struct RefCast {
    std::string dtype;
    double value = 0.0;
    std::vector<double> stored; ///< one value, or every value numpy produced
    bool varies = false;
};

struct Reference {
    std::map<std::string, RefVolume> volumes;
    std::vector<RefCase> cases;
    std::vector<RefCast> casts;
};

double parseNumber(const std::string& token) {
    return token == "nan" ? kNaN : std::strtod(token.c_str(), nullptr);
}

std::vector<double> parseNumbers(std::istream& in) {
    std::vector<double> values;
    std::string token;
    while (in >> token)
        values.push_back(parseNumber(token));
    return values;
}

std::vector<double> numberLine(std::ifstream& file) {
    std::string line;
    std::getline(file, line);
    std::istringstream in(line);
    return parseNumbers(in);
}

const Reference& reference() {
    static const Reference ref = [] {
        Reference r;
        std::ifstream file(rgw::test::referenceFile("pyradiomics_image_types/lbp2d_reference.txt"));
        std::string line;
        while (std::getline(file, line)) {
            std::istringstream in(line);
            std::string tag;
            in >> tag;
            if (tag == "volume") {
                std::string name;
                RefVolume v;
                int nz = 0, ny = 0, nx = 0;
                in >> name >> v.dtype >> nz >> ny >> nx;
                v.grid.size = {nx, ny, nz};
                v.voxels = numberLine(file);
                r.volumes[name] = v;
            } else if (tag == "case") {
                RefCase c;
                in >> c.volume >> c.method >> c.samples >> c.radius >> c.axis;
                c.image = numberLine(file);
                r.cases.push_back(c);
            } else if (tag == "cast" || tag == "cast_varies") {
                RefCast c;
                std::string value;
                in >> c.dtype >> value;
                c.value = parseNumber(value);
                c.stored = parseNumbers(in);
                c.varies = tag == "cast_varies";
                r.casts.push_back(c);
            }
        }
        return r;
    }();
    return ref;
}

bool sameValue(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

// ---------------------------------------------------------------------------
// Independent definitions for the analytic cases

/// Rounded circle offset p: (−R sin 2πp/P, R cos 2πp/P) to 5 decimals.
std::pair<double, double> offset(double radius, int samples, int p) {
    const double theta = 2.0 * std::numbers::pi * p / samples;
    return {std::nearbyint(-radius * std::sin(theta) * 1e5) / 1e5,
            std::nearbyint(radius * std::cos(theta) * 1e5) / 1e5};
}

/// The value of a pattern (bit p of `bits`) for each method, by definition:
/// uniform = at most 2 changes around the circle.
double codeOf(std::uint32_t bits, int samples, const std::string& method) {
    const std::uint32_t mask = samples == 32 ? ~0u : (1u << samples) - 1;
    const auto rotate = [&](std::uint32_t v, int k) {
        return k == 0 ? v : ((v >> k) | (v << (samples - k))) & mask;
    };
    const int ones = std::popcount(bits);
    const int changes = std::popcount(bits ^ rotate(bits, 1));
    if (method == "default")
        return bits;
    if (method == "ror") {
        std::uint32_t smallest = bits;
        for (int k = 1; k < samples; ++k)
            smallest = std::min(smallest, rotate(bits, k));
        return smallest;
    }
    if (method == "uniform")
        return changes <= 2 ? ones : samples + 1;
    // nri_uniform: 1 + (n−1)P + (P − start) mod P, start = first bit of the run of ones
    if (ones == 0)
        return 0;
    if (ones == samples)
        return samples * (samples - 1) + 1;
    if (changes > 2)
        return samples * (samples - 1) + 2;
    int start = 0;
    while (!((bits >> start) & 1u) || ((bits >> ((start + samples - 1) % samples)) & 1u))
        ++start;
    return 1 + (ones - 1) * samples + (samples - start) % samples;
}

const std::vector<std::string> kBitMethods = {"default", "ror", "uniform", "nri_uniform"};

// ---------------------------------------------------------------------------
// Against skimage

TEST(PyRadiomicsLbp2D, ReferenceCoversTheBrief) {
    const Reference& ref = reference();
    ASSERT_GE(ref.cases.size(), 150u);
    std::set<std::string> methods, dtypes;
    std::set<int> samples, axes;
    std::set<double> radii;
    for (const RefCase& c : ref.cases) {
        methods.insert(c.method);
        samples.insert(c.samples);
        radii.insert(c.radius);
        axes.insert(c.axis);
        dtypes.insert(ref.volumes.at(c.volume).dtype);
        const auto& size = ref.volumes.at(c.volume).grid.size;
        EXPECT_EQ(c.image.size(), static_cast<std::size_t>(size[0] * size[1] * size[2]));
    }
    for (const char* m : {"default", "ror", "uniform", "nri_uniform", "var"})
        EXPECT_TRUE(methods.count(m)) << m;
    for (int p : {4, 8, 16, 32})
        EXPECT_TRUE(samples.count(p)) << p;
    for (double r : {1.0, 1.5, 2.5})
        EXPECT_TRUE(radii.count(r)) << r;
    EXPECT_EQ(axes, (std::set<int>{0, 1, 2}));
    for (const char* d : {"int16", "uint8", "float32", "float64"})
        EXPECT_TRUE(dtypes.count(d)) << d;
}

TEST(PyRadiomicsLbp2D, MatchesSkimageOnEveryReferenceCase) {
    double largestVarDeviation = 0.0; // relative, float64 'var'
    int float32VarMismatches = 0;
    std::size_t voxels = 0;
    for (const RefCase& c : reference().cases) {
        const RefVolume& v = reference().volumes.at(c.volume);
        SCOPED_TRACE(c.volume + " " + c.method + " P=" + std::to_string(c.samples) +
                     " R=" + std::to_string(c.radius) + " axis " + std::to_string(c.axis));
        const std::vector<double> ours =
            py::lbp2DImage(v.grid, v.voxels, v.dtype, c.radius, c.samples, c.method, c.axis);
        ASSERT_EQ(ours.size(), c.image.size());
        const bool varFloat64 = c.method == "var" && v.dtype == "float64";
        for (std::size_t i = 0; i < ours.size(); ++i, ++voxels) {
            if (varFloat64 && !std::isnan(c.image[i])) {
                const double rel = std::fabs(ours[i] - c.image[i]) / std::fabs(c.image[i]);
                largestVarDeviation = std::max(largestVarDeviation, rel);
                EXPECT_LE(rel, 1e-12) << "voxel " << i;
                continue;
            }
            if (c.method == "var" && v.dtype == "float32" && !sameValue(ours[i], c.image[i]))
                ++float32VarMismatches;
            // every other method and dtype, and float32 'var': exactly skimage's value
            EXPECT_TRUE(sameValue(ours[i], c.image[i]))
                << "voxel " << i << ": ours " << ours[i] << ", skimage " << c.image[i];
        }
    }
    EXPECT_EQ(float32VarMismatches, 0);
    std::printf("[ lbp2d    ] %zu voxels of %zu cases; largest relative deviation of float64 "
                "'var' %.3g; float32 'var' voxels differing: %d\n",
                voxels, reference().cases.size(), largestVarDeviation, float32VarMismatches);
}

TEST(PyRadiomicsLbp2D, CastsIntoTheDtypeAsNumpyAssigns) {
    ASSERT_GE(reference().casts.size(), 200u);
    for (const RefCast& c : reference().casts) {
        const double ours = py::assignIntoNumpyScalar(c.value, c.dtype);
        SCOPED_TRACE(c.dtype + " <- " + std::to_string(c.value));
        if (!c.varies) {
            ASSERT_EQ(c.stored.size(), 1u);
            EXPECT_TRUE(sameValue(ours, c.stored[0])) << ours << " vs numpy " << c.stored[0];
        } else {
            // numpy's SIMD body and scalar tail disagree (uint32 out of range): one of them
            EXPECT_TRUE(std::any_of(c.stored.begin(), c.stored.end(), [&](double s) {
                return sameValue(ours, s);
            })) << ours;
        }
    }
}

// ---------------------------------------------------------------------------
// Analytic cases

/// A 3D grid of nx × ny × nz voxels.
py::FilterGrid gridOf(int nx, int ny, int nz) {
    py::FilterGrid g;
    g.size = {nx, ny, nz};
    return g;
}

TEST(PyRadiomicsLbp2D, ConstantImageGivesTheAllOnesPattern) {
    // g_p − g_c = 0 ≥ 0 everywhere for a constant ≤ 0 (outside reads 0 ≥ it too)
    const py::FilterGrid grid = gridOf(7, 6, 5);
    for (double value : {0.0, -7.0})
        for (auto [samples, radius] : {std::pair{4, 1.0}, {8, 1.0}, {8, 1.5}, {16, 2.5}})
            for (int axis : {0, 1, 2}) {
                const std::vector<double> image(grid.voxelCount(), value);
                const std::uint32_t allOnes = (1u << samples) - 1;
                for (const std::string& m : kBitMethods) {
                    const auto lbp =
                        py::lbp2DImage(grid, image, "float64", radius, samples, m, axis);
                    for (double code : lbp)
                        ASSERT_EQ(code, codeOf(allOnes, samples, m)) << m << " P=" << samples;
                }
                if (value != 0.0)
                    continue; // −7 meets the 0 outside at the border: a variance there
                // variance 0 → NaN, stored as 0 in int16 and NaN in float32
                const auto var16 =
                    py::lbp2DImage(grid, image, "int16", radius, samples, "var", axis);
                const auto var32 =
                    py::lbp2DImage(grid, image, "float32", radius, samples, "var", axis);
                for (std::size_t i = 0; i < image.size(); ++i) {
                    ASSERT_EQ(var16[i], 0.0);
                    ASSERT_TRUE(std::isnan(var32[i]));
                }
            }
    // uniform → P, default/ror → 2^P − 1, nri_uniform → P(P−1)+1
    EXPECT_EQ(codeOf(0xFFu, 8, "uniform"), 8);
    EXPECT_EQ(codeOf(0xFFu, 8, "nri_uniform"), 57);
    EXPECT_EQ(codeOf(0xFFFFu, 16, "ror"), 65535);
}

TEST(PyRadiomicsLbp2D, PositiveConstantGivesAllOnesAwayFromTheBorder) {
    // outside the slice reads 0 < 5: only pixels whose circle stays inside keep all ones
    const int rows = 9, cols = 11;
    const std::vector<double> slice(static_cast<std::size_t>(rows * cols), 5.0);
    for (auto [samples, radius] : {std::pair{4, 1.5}, {8, 1.0}, {16, 2.5}}) {
        const int margin = static_cast<int>(std::ceil(radius));
        const auto lbp = py::localBinaryPattern(slice, rows, cols, radius, samples, "uniform");
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) {
                const bool inside =
                    r >= margin && c >= margin && r < rows - margin && c < cols - margin;
                if (inside)
                    EXPECT_EQ(lbp[static_cast<std::size_t>(r * cols + c)], samples);
                else
                    EXPECT_NE(lbp[static_cast<std::size_t>(r * cols + c)], samples);
            }
    }
}

TEST(PyRadiomicsLbp2D, SingleDarkPixelClearsTheBitsWhoseFootprintHoldsIt) {
    // zeros with D = −10 at (5, 5): sample p of pixel (r, c) is −10·w, w > 0 iff
    // |5 − (r + dr_p)| < 1 and |5 − (c + dc_p)| < 1; bit p = sample ≥ 0
    const int rows = 11, cols = 11, dark = 5;
    std::vector<double> slice(static_cast<std::size_t>(rows * cols), 0.0);
    slice[static_cast<std::size_t>(dark * cols + dark)] = -10.0;
    int clearedBits = 0;
    for (auto [samples, radius] : {std::pair{4, 1.0}, {8, 1.0}, {8, 1.5}, {16, 2.5}}) {
        std::map<std::string, std::vector<double>> lbp;
        for (const std::string& m : kBitMethods)
            lbp[m] = py::localBinaryPattern(slice, rows, cols, radius, samples, m);
        const auto var = py::localBinaryPattern(slice, rows, cols, radius, samples, "var");
        for (int r = dark - 4; r <= dark + 4; ++r)
            for (int c = dark - 4; c <= dark + 4; ++c) {
                std::uint32_t bits = 0;
                std::vector<double> texture;
                for (int p = 0; p < samples; ++p) {
                    const auto [dr, dc] = offset(radius, samples, p);
                    const double wr = 1 - std::fabs(dark - (r + dr));
                    const double wc = 1 - std::fabs(dark - (c + dc));
                    const double w = wr > 0 && wc > 0 ? wr * wc : 0.0;
                    texture.push_back(-10.0 * w);
                    const bool isCentre = r == dark && c == dark; // every sample ≥ −10
                    if (w == 0 || isCentre)
                        bits |= 1u << p;
                    else
                        ++clearedBits;
                }
                const std::size_t at = static_cast<std::size_t>(r * cols + c);
                for (const std::string& m : kBitMethods)
                    EXPECT_EQ(lbp[m][at], codeOf(bits, samples, m))
                        << m << " P=" << samples << " R=" << radius << " at " << r << "," << c;
                // var: mean of squares − squared mean (two-pass), NaN when 0
                double mean = 0.0, spread = 0.0;
                for (double g : texture)
                    mean += g / samples;
                for (double g : texture)
                    spread += (g - mean) * (g - mean) / samples;
                if (spread == 0)
                    EXPECT_TRUE(std::isnan(var[at]));
                else
                    EXPECT_NEAR(var[at], spread, 1e-12 * spread);
            }
    }
    EXPECT_GT(clearedBits, 50); // the neighbours do see D
}

TEST(PyRadiomicsLbp2D, RorUniformAndVarAreInvariantUnderAQuarterTurn) {
    // rotated[r][c] = slice[c][W−1−r] (numpy rot90): P = 8 or 4 maps the circle onto itself
    const int rows = 6, cols = 9;
    std::vector<double> slice(static_cast<std::size_t>(rows * cols));
    std::uint32_t state = 12345;
    for (double& g : slice) {
        state = state * 1664525u + 1013904223u; // LCG, values −3…4: ties and negatives
        g = static_cast<double>(state >> 29) - 3.0;
    }
    std::vector<double> rotated(slice.size());
    for (int r = 0; r < cols; ++r)
        for (int c = 0; c < rows; ++c)
            rotated[static_cast<std::size_t>(r * rows + c)] =
                slice[static_cast<std::size_t>(c * cols + (cols - 1 - r))];
    bool defaultChanged = false;
    for (auto [samples, radius] : {std::pair{8, 1.0}, {8, 1.5}, {4, 1.0}, {4, 2.5}})
        for (const std::string m : {"ror", "uniform", "var", "default"}) {
            const auto a = py::localBinaryPattern(slice, rows, cols, radius, samples, m);
            const auto b = py::localBinaryPattern(rotated, cols, rows, radius, samples, m);
            for (int r = 0; r < cols; ++r)
                for (int c = 0; c < rows; ++c) {
                    const double turned = a[static_cast<std::size_t>(c * cols + (cols - 1 - r))];
                    const double direct = b[static_cast<std::size_t>(r * rows + c)];
                    if (m == "default")
                        defaultChanged |= turned != direct;
                    else if (m == "var" && !std::isnan(direct))
                        EXPECT_NEAR(direct, turned, 1e-12 * std::fabs(turned));
                    else
                        EXPECT_TRUE(sameValue(direct, turned))
                            << m << " P=" << samples << " R=" << radius;
                }
        }
    EXPECT_TRUE(defaultChanged); // 'default' is not rotation invariant
}

TEST(PyRadiomicsLbp2D, SlicesFollowForce2Ddimension) {
    // one dark voxel at (i, j, k) = (2, 2, 2) in zeros; the voxel one step along x:
    // axes 0 and 1 see D to its left (col − 1), axis 2 (rows y, cols z) misses it
    const py::FilterGrid grid = gridOf(5, 5, 5);
    std::vector<double> image(grid.voxelCount(), 0.0);
    const auto at = [](int i, int j, int k) {
        return static_cast<std::size_t>(i + 5 * (j + 5 * k));
    };
    image[at(2, 2, 2)] = -10.0;
    // P = 4, R = 1: samples right, up, left, down = bits 0, 1, 2, 3; left cleared → 0b1011
    for (int axis : {0, 1})
        EXPECT_EQ(py::lbp2DImage(grid, image, "int16", 1.0, 4, "default", axis)[at(3, 2, 2)], 11);
    EXPECT_EQ(py::lbp2DImage(grid, image, "int16", 1.0, 4, "default", 2)[at(3, 2, 2)], 15);
    // one step along z: axis 1 puts z on the rows (D above: bit 1), axis 2 on the cols (left)
    EXPECT_EQ(py::lbp2DImage(grid, image, "int16", 1.0, 4, "default", 1)[at(2, 2, 3)], 13);
    EXPECT_EQ(py::lbp2DImage(grid, image, "int16", 1.0, 4, "default", 2)[at(2, 2, 3)], 11);
    EXPECT_EQ(py::lbp2DImage(grid, image, "int16", 1.0, 4, "default", 0)[at(2, 2, 3)], 15);
}

TEST(PyRadiomicsLbp2D, StoresCodesInTheImageDtype) {
    // P = 16 default codes reach 65535: uint8 keeps them mod 256, int16 wraps to negatives
    EXPECT_EQ(py::assignIntoNumpyScalar(65535, "uint8"), 255);
    EXPECT_EQ(py::assignIntoNumpyScalar(65535, "int16"), -1);
    EXPECT_EQ(py::assignIntoNumpyScalar(300.7, "int16"), 300); // 'var' truncates
    EXPECT_EQ(py::assignIntoNumpyScalar(kNaN, "int16"), 0);
    EXPECT_EQ(py::assignIntoNumpyScalar(kNaN, "int32"), -2147483648.0);
    EXPECT_EQ(py::assignIntoNumpyScalar(0.1, "float32"), static_cast<double>(0.1f));
    EXPECT_EQ(py::assignIntoNumpyScalar(0.1, "float64"), 0.1);
}

TEST(PyRadiomicsLbp2D, AcceptsTheMethodInAnyCaseLikeSkimage) {
    const std::vector<double> slice = {1, 2, 3, 4, 5, 6};
    EXPECT_EQ(py::localBinaryPattern(slice, 2, 3, 1.0, 8, "NRI_Uniform"),
              py::localBinaryPattern(slice, 2, 3, 1.0, 8, "nri_uniform"));
}

TEST(PyRadiomicsLbp2D, RefusesWhatSkimageOrPyRadiomicsCannotCompute) {
    const py::FilterGrid grid = gridOf(3, 2, 2);
    const std::vector<double> image(grid.voxelCount(), 1.0);
    const auto call = [&](double radius, int samples, const std::string& method, int axis,
                          const std::string& dtype = "int16") {
        return errorOf([&] { py::lbp2DImage(grid, image, dtype, radius, samples, method, axis); });
    };
    const std::string unknown = call(1, 8, "lbp", 0);
    EXPECT_NE(unknown.find("lbp2DMethod"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("default, ror, uniform, nri_uniform, var"), std::string::npos);
    for (int samples : {0, -3})
        EXPECT_NE(call(1, samples, "uniform", 0).find("lbp2DSamples"), std::string::npos);
    EXPECT_NE(call(1, 33, "default", 0).find("lbp2DSamples"), std::string::npos);
    EXPECT_NE(call(1, 33, "ror", 0).find("lbp2DSamples"), std::string::npos);
    EXPECT_EQ(call(1, 33, "uniform", 0), ""); // counts, no 32-bit code
    for (double radius : {0.0, -1.0, kNaN, HUGE_VAL, 1e39, 1e-50})
        EXPECT_NE(call(radius, 8, "uniform", 0).find("lbp2DRadius"), std::string::npos) << radius;
    for (int axis : {-1, 3})
        EXPECT_NE(call(1, 8, "uniform", axis).find("force2Ddimension"), std::string::npos);
    EXPECT_NE(call(1, 8, "uniform", 0, "complex64").find("complex64"), std::string::npos);
    const std::vector<double> tooFew(5, 1.0);
    EXPECT_NE(errorOf([&] { py::lbp2DImage(grid, tooFew, "int16", 1, 8, "uniform", 0); }), "");
    EXPECT_NE(errorOf([&] { py::localBinaryPattern(tooFew, 2, 3, 1, 8, "uniform"); }), "");
}

} // namespace
