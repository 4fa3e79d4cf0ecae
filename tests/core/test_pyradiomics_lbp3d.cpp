// PyRadiomics-compatible mode: the LBP3D image type (getLBP3DImage). Checked
// against scipy 1.10.1 itself (tests/reference/pyradiomics_image_types/
// make_lbp3d.py: map_coordinates, sph_harm, kurtosis; trimesh's icosphere
// rebuilt in numpy) on synthetic volumes, and without scipy on what follows
// from the definitions:
//  - the icosphere has 10·4^s + 2 vertices on the sphere;
//  - closed forms of the spherical harmonics;
//  - a constant image: every sample equals the centre, the pattern is all
//    ones, m1 = Nv^{3/2}/(4π), the kurtosis NaN, and degree n ≥ 1 follows from
//    the addition theorem Σ_m Y_nm(u) Y_nm(v) = (2n+1)/(4π) P_n(cos γ). In
//    PyRadiomics those degrees are not 0: it passes the polar angle as
//    sph_harm's azimuth and omits the conjugate, so the pattern's spectrum is
//    not the one of the icosphere's directions;
//  - a half turn of the volume in the slice plane (i, j) maps the icosphere
//    onto itself and leaves the images unchanged. A quarter turn does not map
//    it onto itself (an icosahedron has no 4-fold axis), so the images are not
//    invariant under it; nor is degree 1 under a flip of k, which PyRadiomics
//    puts along the icosphere's x, because from subdivision 1 on atan2(0, 0)
//    gives the two pole vertices an azimuth 0 that the flip does not mirror.
#include "ErrorMessage.h"
#include "Reference.h"
#include "radiomics/pyradiomics/LocalBinaryPattern3D.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <numbers>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace py = rgw::radiomics::pyradiomics;
using Vec3 = std::array<double, 3>;

// ---- the reference file -----------------------------------------------------

struct RefVolume {
    std::string dtype;
    py::FilterGrid grid;
    std::vector<double> voxels;
    std::map<std::string, std::vector<std::uint8_t>> masks;
};

struct RefCase {
    std::string name, volume, mask;
    int levels = 0;
    double radius = 0.0;
    int subdivisions = 0;
    std::vector<py::DerivedImage> images;
};

struct RefIcosphere {
    int subdivisions = 0;
    double radius = 0.0;
    std::vector<Vec3> vertices;
};

struct Reference {
    std::vector<RefIcosphere> icospheres;
    std::map<std::string, RefVolume> volumes;
    std::vector<RefCase> cases;
};

std::vector<double> numbers(const std::string& line) {
    std::vector<double> out;
    std::istringstream in(line);
    std::string token;
    while (in >> token)
        out.push_back(std::strtod(token.c_str(), nullptr)); // "nan" included
    return out;
}

const Reference& reference() {
    static const Reference ref = [] {
        Reference r;
        std::ifstream file(rgw::test::referenceFile("pyradiomics_image_types/lbp3d_reference.txt"));
        std::string line;
        while (std::getline(file, line)) {
            std::istringstream head(line);
            std::string kind;
            head >> kind;
            if (kind == "icosphere") {
                RefIcosphere ico;
                std::size_t count = 0;
                head >> ico.subdivisions >> ico.radius >> count;
                for (std::size_t v = 0; v < count && std::getline(file, line); ++v) {
                    const auto xyz = numbers(line);
                    ico.vertices.push_back({xyz.at(0), xyz.at(1), xyz.at(2)});
                }
                r.icospheres.push_back(ico);
            } else if (kind == "volume") {
                std::string name;
                RefVolume vol;
                head >> name >> vol.dtype >> vol.grid.size[2] >> vol.grid.size[1] >>
                    vol.grid.size[0];
                std::getline(file, line);
                vol.voxels = numbers(line);
                r.volumes[name] = vol;
            } else if (kind == "mask") {
                std::string volume, name;
                head >> volume >> name;
                std::getline(file, line);
                const auto bits = numbers(line);
                auto& mask = r.volumes.at(volume).masks[name];
                for (double bit : bits)
                    mask.push_back(static_cast<std::uint8_t>(bit));
            } else if (kind == "case") {
                RefCase c;
                std::size_t images = 0;
                head >> c.name >> c.volume >> c.mask >> c.levels >> c.radius >> c.subdivisions >>
                    images;
                for (std::size_t n = 0; n < images; ++n) {
                    std::getline(file, line);
                    py::DerivedImage image{line.substr(std::string("image ").size()), {}};
                    std::getline(file, line);
                    image.image = numbers(line);
                    c.images.push_back(image);
                }
                r.cases.push_back(c);
            }
        }
        return r;
    }();
    return ref;
}

// ---- helpers ------------------------------------------------------------------

double maxAbs(const std::vector<double>& v) {
    double m = 0.0;
    for (double x : v)
        if (!std::isnan(x))
            m = std::max(m, std::fabs(x));
    return m;
}

/// The largest |ours − theirs| / max |theirs| (NaN must sit at the same voxels).
double relativeDeviation(const std::vector<double>& ours, const std::vector<double>& theirs) {
    EXPECT_EQ(ours.size(), theirs.size());
    const double scale = std::max(maxAbs(theirs), 1e-300);
    double worst = 0.0;
    for (std::size_t v = 0; v < std::min(ours.size(), theirs.size()); ++v) {
        EXPECT_EQ(std::isnan(ours[v]), std::isnan(theirs[v])) << "voxel " << v;
        if (!std::isnan(ours[v]) && !std::isnan(theirs[v]))
            worst = std::max(worst, std::fabs(ours[v] - theirs[v]) / scale);
    }
    return worst;
}

/// A reproducible volume of normal values (mean 100, sd 25).
std::vector<double> randomVolume(std::size_t voxels, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal(100.0, 25.0);
    std::vector<double> v(voxels);
    for (double& x : v)
        x = normal(rng);
    return v;
}

/// The ROI of the voxels at least `margin` from every face.
std::vector<std::uint8_t> innerMask(const py::FilterGrid& g, int margin) {
    std::vector<std::uint8_t> mask(g.voxelCount(), 0);
    std::size_t v = 0;
    for (int k = 0; k < g.size[2]; ++k)
        for (int j = 0; j < g.size[1]; ++j)
            for (int i = 0; i < g.size[0]; ++i, ++v)
                mask[v] = i >= margin && j >= margin && k >= margin && i < g.size[0] - margin &&
                          j < g.size[1] - margin && k < g.size[2] - margin;
    return mask;
}

/// Legendre polynomial P_n(x) by (l+1) P_{l+1} = (2l+1) x P_l − l P_{l−1}.
double legendre(int n, double x) {
    double below = 1.0, current = x;
    if (n == 0)
        return below;
    for (int l = 1; l < n; ++l) {
        const double next = ((2.0 * l + 1.0) * x * current - l * below) / (l + 1.0);
        below = current;
        current = next;
    }
    return current;
}

bool containsVertex(const std::vector<Vec3>& set, const Vec3& p) {
    return std::any_of(set.begin(), set.end(), [&](const Vec3& q) {
        return std::fabs(p[0] - q[0]) + std::fabs(p[1] - q[1]) + std::fabs(p[2] - q[2]) < 1e-12;
    });
}

// ---- the icosphere ------------------------------------------------------------

TEST(PyRadiomicsLbp3D, IcosphereHasTenTimesFourToTheSPlusTwoVerticesOnTheSphere) {
    for (double radius : {1.0, 1.5, 0.25}) {
        const std::size_t expected[] = {12, 42, 162, 642};
        for (int s = 0; s <= 3; ++s) {
            const auto vertices = py::lbp3DIcosphere(s, radius);
            EXPECT_EQ(vertices.size(), expected[s]) << "subdivisions " << s;
            for (const Vec3& v : vertices)
                EXPECT_NEAR(std::hypot(v[0], v[1], v[2]), radius, 1e-15 * radius);
            std::set<std::array<long long, 3>> distinct; // no vertex twice
            for (const Vec3& v : vertices)
                distinct.insert(
                    {std::llround(v[0] * 1e9), std::llround(v[1] * 1e9), std::llround(v[2] * 1e9)});
            EXPECT_EQ(distinct.size(), vertices.size());
        }
    }
}

TEST(PyRadiomicsLbp3D, IcosphereHasTrimeshsVerticesInTrimeshsOrder) {
    ASSERT_FALSE(reference().icospheres.empty());
    for (const RefIcosphere& ref : reference().icospheres) {
        SCOPED_TRACE("subdivisions " + std::to_string(ref.subdivisions) + ", radius " +
                     std::to_string(ref.radius));
        const auto ours = py::lbp3DIcosphere(ref.subdivisions, ref.radius);
        ASSERT_EQ(ours.size(), ref.vertices.size());
        for (std::size_t v = 0; v < ours.size(); ++v)
            for (std::size_t c = 0; c < 3; ++c)
                EXPECT_NEAR(ours[v][c], ref.vertices[v][c], 4e-16 * ref.radius) << "vertex " << v;
    }
}

TEST(PyRadiomicsLbp3D, HalfTurnInTheSlicePlaneMapsTheIcosphereOntoItselfAndAQuarterTurnDoesNot) {
    // The slice plane (i, j) is the icosphere's (z, y): numpy (k, j, i) + (x, y, z).
    for (int s = 0; s <= 2; ++s) {
        const auto vertices = py::lbp3DIcosphere(s, 1.0);
        int quarterTurnMisses = 0;
        for (const Vec3& v : vertices) {
            EXPECT_TRUE(containsVertex(vertices, {v[0], -v[1], -v[2]}));
            quarterTurnMisses += !containsVertex(vertices, {v[0], -v[2], v[1]});
        }
        EXPECT_GT(quarterTurnMisses, 0) << "subdivisions " << s;
    }
}

// ---- spherical harmonics ------------------------------------------------------

TEST(PyRadiomicsLbp3D, SphericalHarmonicsMatchClosedForms) {
    const double pi = std::numbers::pi;
    const std::complex<double> i(0.0, 1.0);
    for (double az : {0.0, 0.7, 2.9, -1.3})
        for (double pol : {0.0, 0.4, 1.9, 3.1}) {
            const double c = std::cos(pol), s = std::sin(pol);
            auto near = [](std::complex<double> a, std::complex<double> b) {
                return std::abs(a - b) <= 1e-14;
            };
            EXPECT_TRUE(near(py::sphericalHarmonic(0, 0, az, pol), 0.5 / std::sqrt(pi)));
            EXPECT_TRUE(near(py::sphericalHarmonic(0, 1, az, pol), std::sqrt(3 / (4 * pi)) * c));
            EXPECT_TRUE(near(py::sphericalHarmonic(1, 1, az, pol),
                             -std::sqrt(3 / (8 * pi)) * s * std::exp(i * az)));
            EXPECT_TRUE(near(py::sphericalHarmonic(-1, 1, az, pol),
                             std::sqrt(3 / (8 * pi)) * s * std::exp(-i * az)));
            EXPECT_TRUE(near(py::sphericalHarmonic(0, 2, az, pol),
                             std::sqrt(5 / (16 * pi)) * (3 * c * c - 1)));
            EXPECT_TRUE(near(py::sphericalHarmonic(1, 2, az, pol),
                             -std::sqrt(15 / (8 * pi)) * s * c * std::exp(i * az)));
            EXPECT_TRUE(near(py::sphericalHarmonic(-2, 2, az, pol),
                             std::sqrt(15 / (32 * pi)) * s * s * std::exp(-2.0 * i * az)));
            EXPECT_TRUE(near(py::sphericalHarmonic(3, 3, az, pol),
                             -std::sqrt(35 / (64 * pi)) * s * s * s * std::exp(3.0 * i * az)));
            // scipy evaluates P_n^m at cos(polar): a negative polar angle acts as |polar|
            EXPECT_TRUE(
                near(py::sphericalHarmonic(3, 5, az, -pol), py::sphericalHarmonic(3, 5, az, pol)));
        }
    for (int n = 0; n <= 85; ++n) { // P_n(1) = 1, and Y_n^{−m} = (−1)^m conj(Y_n^m)
        EXPECT_NEAR(py::sphericalHarmonic(0, n, 0.3, 0.0).real(), std::sqrt((2 * n + 1) / (4 * pi)),
                    1e-13 * n);
        for (int m = 1; m <= n; m += 7)
            EXPECT_LE(
                std::abs(py::sphericalHarmonic(-m, n, 0.3, 1.1) -
                         (m % 2 ? -1.0 : 1.0) * std::conj(py::sphericalHarmonic(m, n, 0.3, 1.1))),
                1e-15);
    }
    for (int n : {10, 40, 85}) { // Y_n^n = (−1)^n √((2n+1)!/(4π)) / (2^n n!) sinⁿ e^{inθ}
        const double pol = 1.2, az = 0.4;
        const double logMagnitude = 0.5 * (std::lgamma(2.0 * n + 2) - std::log(4 * pi)) -
                                    n * std::log(2.0) - std::lgamma(n + 1.0) +
                                    n * std::log(std::sin(pol));
        const std::complex<double> expected =
            (n % 2 ? -1.0 : 1.0) * std::exp(logMagnitude) * std::exp(i * (n * az));
        EXPECT_LE(std::abs(py::sphericalHarmonic(n, n, az, pol) - expected),
                  1e-12 * std::abs(expected));
    }
    EXPECT_TRUE(std::isnan(py::sphericalHarmonic(3, 2, 0.1, 0.2).real()));
}

// ---- against scipy ------------------------------------------------------------

TEST(PyRadiomicsLbp3D, MatchesScipyOnTheReferenceCases) {
    const Reference& ref = reference();
    std::set<std::string> names;
    for (const RefCase& c : ref.cases)
        names.insert(c.name);
    for (const char* required :
         {"default", "levels_3", "radius_1_5", "radius_2_5_outside", "subdivision_0",
          "subdivision_0_radius_2", "subdivision_2", "border_mask", "int16_border",
          "int16_levels_3_radius_1_5", "uint8_border", "int16_flat", "float32_border",
          "float32_radius_1_5_subdivision_2", "anisotropic"})
        EXPECT_TRUE(names.count(required)) << required;

    double worstDouble = 0.0, worstFloat32 = 0.0;
    for (const RefCase& c : ref.cases) {
        SCOPED_TRACE(c.name);
        const RefVolume& vol = ref.volumes.at(c.volume);
        const auto ours = py::lbp3DImages(vol.grid, vol.voxels, vol.masks.at(c.mask), vol.dtype,
                                          c.levels, c.radius, c.subdivisions);
        ASSERT_EQ(ours.size(), c.images.size());
        double worst = 0.0;
        for (std::size_t n = 0; n < ours.size(); ++n) {
            SCOPED_TRACE(c.images[n].name);
            EXPECT_EQ(ours[n].name, c.images[n].name);
            const double deviation = relativeDeviation(ours[n].image, c.images[n].image);
            EXPECT_LE(deviation, 1e-9);
            worst = std::max(worst, deviation);
        }
        (vol.dtype == "float32" ? worstFloat32 : worstDouble) =
            std::max(vol.dtype == "float32" ? worstFloat32 : worstDouble, worst);
        std::printf("  %-34s largest |C++ - scipy| / max|scipy| %.3g\n", c.name.c_str(), worst);
    }
    std::printf("  largest relative deviation: %.3g (float64 and integer images), %.3g (float32)\n",
                worstDouble, worstFloat32);
}

// ---- without scipy ------------------------------------------------------------

TEST(PyRadiomicsLbp3D, ConstantImageGivesAnAllOnesPattern) {
    py::FilterGrid grid;
    grid.size = {7, 7, 7};
    const auto mask = innerMask(grid, 2); // samples stay ≥ 1 voxel inside the image
    const int levels = 4;
    const auto vertices = py::lbp3DIcosphere(1, 1.0);
    const double nv = static_cast<double>(vertices.size());
    // Expected degree n from the addition theorem on the directions PyRadiomics
    // gives sph_harm (azimuth θ = arccos z, polar φ = atan2(y, x), no conjugate).
    std::vector<double> expected(levels);
    for (int n = 0; n < levels; ++n) {
        double sumOfSquares = 0.0;
        for (const Vec3& w : vertices) {
            double h = 0.0;
            for (const Vec3& v : vertices) {
                const double tv = std::acos(v[2]), pv = std::atan2(v[1], v[0]);
                const double tw = std::acos(w[2]), pw = std::atan2(w[1], w[0]);
                const double cosGamma = std::cos(pv) * std::cos(pw) +
                                        std::fabs(std::sin(pv) * std::sin(pw)) * std::cos(tv + tw);
                h += (2 * n + 1) / (4 * std::numbers::pi) * legendre(n, cosGamma);
            }
            sumOfSquares += h * h;
        }
        expected[static_cast<std::size_t>(n)] = std::sqrt(sumOfSquares);
    }
    EXPECT_NEAR(expected[0], nv * std::sqrt(nv) / (4 * std::numbers::pi), 1e-12);
    for (const char* scalar : {"int16", "float32"}) {
        SCOPED_TRACE(scalar);
        const auto images = py::lbp3DImages(grid, std::vector<double>(grid.voxelCount(), 100.0),
                                            mask, scalar, levels, 1.0, 1);
        ASSERT_EQ(images.size(), static_cast<std::size_t>(levels + 1));
        for (std::size_t v = 0; v < mask.size(); ++v) {
            for (int n = 0; n < levels; ++n) {
                const double value = images[static_cast<std::size_t>(n)].image[v];
                if (mask[v])
                    EXPECT_NEAR(value, expected[static_cast<std::size_t>(n)], 1e-11);
                else
                    EXPECT_EQ(value, 0.0);
            }
            EXPECT_EQ(std::isnan(images.back().image[v]), mask[v] == 1); // no spread: NaN
        }
    }
    EXPECT_GT(expected[1], 1.0); // PyRadiomics' degrees ≥ 1 are not 0 for an all-ones pattern
}

TEST(PyRadiomicsLbp3D, HalfTurnInTheSlicePlaneLeavesTheImagesUnchanged) {
    py::FilterGrid grid;
    grid.size = {9, 8, 7};
    const auto image = randomVolume(grid.voxelCount(), 7);
    const auto mask = innerMask(grid, 2);
    const int nx = grid.size[0], ny = grid.size[1];
    auto turned = [&](const std::vector<double>& v) { // (i, j) → (nx−1−i, ny−1−j)
        std::vector<double> out(v.size());
        for (std::size_t idx = 0; idx < v.size(); ++idx) {
            const auto i = static_cast<int>(idx % nx), j = static_cast<int>(idx / nx % ny);
            const auto k = static_cast<int>(idx / nx / ny);
            out[static_cast<std::size_t>((nx - 1 - i) + nx * ((ny - 1 - j) + ny * k))] = v[idx];
        }
        return out;
    };
    std::vector<std::uint8_t> turnedMask(mask.size());
    const auto maskAsDouble = turned(std::vector<double>(mask.begin(), mask.end()));
    std::transform(maskAsDouble.begin(), maskAsDouble.end(), turnedMask.begin(),
                   [](double x) { return static_cast<std::uint8_t>(x); });
    for (int s : {0, 1, 2}) {
        SCOPED_TRACE("subdivisions " + std::to_string(s));
        const auto straight = py::lbp3DImages(grid, image, mask, "float64", 3, 1.0, s);
        const auto rotated = py::lbp3DImages(grid, turned(image), turnedMask, "float64", 3, 1.0, s);
        for (std::size_t n = 0; n < straight.size(); ++n)
            EXPECT_LE(relativeDeviation(rotated[n].image, turned(straight[n].image)), 1e-12)
                << straight[n].name;
    }
}

TEST(PyRadiomicsLbp3D, SpacingIsIgnored) {
    py::FilterGrid grid;
    grid.size = {6, 5, 4};
    const auto image = randomVolume(grid.voxelCount(), 3);
    const auto mask = innerMask(grid, 1);
    py::FilterGrid anisotropic = grid;
    anisotropic.spacing = {0.5, 1.0, 3.0};
    const auto a = py::lbp3DImages(grid, image, mask, "float64", 2, 1.0, 1);
    const auto b = py::lbp3DImages(anisotropic, image, mask, "float64", 2, 1.0, 1);
    for (std::size_t n = 0; n < a.size(); ++n)
        for (std::size_t v = 0; v < image.size(); ++v)
            EXPECT_TRUE(a[n].image[v] == b[n].image[v] ||
                        (std::isnan(a[n].image[v]) && std::isnan(b[n].image[v])));
}

TEST(PyRadiomicsLbp3D, NamesTheImagesLikePyRadiomics) {
    py::FilterGrid grid;
    grid.size = {4, 4, 4};
    const auto images =
        py::lbp3DImages(grid, randomVolume(64, 1), innerMask(grid, 1), "float64", 3, 1.0, 1);
    std::vector<std::string> names;
    for (const auto& image : images)
        names.push_back(image.name);
    EXPECT_EQ(names, (std::vector<std::string>{"lbp-3D-m1", "lbp-3D-m2", "lbp-3D-m3", "lbp-3D-k"}));
}

TEST(PyRadiomicsLbp3D, RefusesInvalidSettingsNamingThem) {
    using rgw::test::errorOf;
    py::FilterGrid grid;
    grid.size = {4, 4, 4};
    const std::vector<double> image(64, 1.0);
    const std::vector<std::uint8_t> mask(64, 1);
    auto run = [&](const std::vector<double>& img, const std::vector<std::uint8_t>& m,
                   const std::string& scalar, int levels, double radius, int subdivision) {
        return errorOf([&] { py::lbp3DImages(grid, img, m, scalar, levels, radius, subdivision); });
    };
    for (int levels : {-1, 0, 1, 87})
        EXPECT_NE(run(image, mask, "float64", levels, 1.0, 1).find("lbp3DLevels"),
                  std::string::npos)
            << levels;
    std::vector<std::uint8_t> oneVoxel(64, 0);
    oneVoxel[21] = 1;
    EXPECT_EQ(run(image, oneVoxel, "float64", 86, 1.0, 0), ""); // degree 85: finite in scipy
    for (double radius : {0.0, -1.0, std::nan(""), HUGE_VAL})
        EXPECT_NE(run(image, mask, "float64", 2, radius, 1).find("lbp3DIcosphereRadius"),
                  std::string::npos)
            << radius;
    for (int subdivision : {-1, 7, 1000})
        EXPECT_NE(
            run(image, mask, "float64", 2, 1.0, subdivision).find("lbp3DIcosphereSubdivision"),
            std::string::npos)
            << subdivision;
    EXPECT_NE(run(image, mask, "float16", 2, 1.0, 1).find("float16"), std::string::npos);
    EXPECT_NE(run(std::vector<double>(64, 3.5), mask, "int16", 2, 1.0, 1).find("int16"),
              std::string::npos);
    EXPECT_NE(run(std::vector<double>(64, 70000.0), mask, "int16", 2, 1.0, 1).find("int16"),
              std::string::npos);
    EXPECT_NE(run(std::vector<double>(64, 0.1), mask, "float32", 2, 1.0, 1).find("float32"),
              std::string::npos);
    EXPECT_NE(run(std::vector<double>(63, 1.0), mask, "float64", 2, 1.0, 1).find("voxels"),
              std::string::npos);
    EXPECT_NE(run(image, std::vector<std::uint8_t>(65, 1), "float64", 2, 1.0, 1).find("voxels"),
              std::string::npos);
    EXPECT_NE(errorOf([] { py::lbp3DIcosphere(7, 1.0); }).find("lbp3DIcosphereSubdivision"),
              std::string::npos);
}

} // namespace
