// PyRadiomics-compatible mode: the LoG and Gradient image types
// (imageoperations getLoGImage, getGradientImage), i.e. SimpleITK's
// LaplacianRecursiveGaussianImageFilter (NormalizeAcrossScale on, sigma in
// mm) and GradientMagnitudeImageFilter (UseImageSpacing), both with a
// float32 output.
//
// Against ITK 5.2.1 itself (tests/reference/pyradiomics_image_types, made by
// itk_reference.cpp with the pixel types SimpleITK instantiates): every voxel
// of int16, float32, float64 and uint8 volumes with odd, even and minimal
// sizes and anisotropic spacing, and of 2D images (ITK's two-axis filters, as
// SimpleITK runs them on a 2D file) given as a one-slice grid of dimension 2.
// Required: within 1e-6 · max |output|; on x86-64 with glibc the results are
// bit-identical (the test reports how many).
//
// Independently of ITK: the gradient of a linear ramp is its slope inside and
// half of it on the border (the edge voxel stands for its missing neighbour);
// the LoG of a constant is 0; normalised across scale, the LoG of x² (mm) is
// σ² ∇² x² = 2σ² away from the borders; the LoG is linear. And PyRadiomics'
// names and skip rules (size < 4; size < ⌈σ/spacing⌉ + 1 in numpy's double
// arithmetic; σ ≤ 0).
#include "CsvLine.h"
#include "ErrorMessage.h"
#include "Reference.h"
#include "radiomics/pyradiomics/GradientMagnitude.h"
#include "radiomics/pyradiomics/RecursiveGaussian.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace py = rgw::radiomics::pyradiomics;
using rgw::test::errorOf;

// ---- the ITK reference ------------------------------------------------------------

/// One volume of itk_cases.csv with ITK's outputs from itk_<case>.csv.
struct ItkCase {
    std::string name;
    std::string dtype;
    py::FilterGrid grid;
    std::vector<std::string> sigmas;
    std::vector<double> input;
    std::map<std::string, std::vector<double>>
        outputs; ///< by column: "log:1.0", "gradient:spacing"
};

std::vector<std::vector<std::string>> readCsv(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error("cannot read " + file.string());
    std::vector<std::vector<std::string>> rows;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
        rows.push_back(rgw::test::splitCsvLine(line, n, file));
    return rows;
}

std::filesystem::path referencePath(const std::string& file) {
    return rgw::test::referenceFile("pyradiomics_image_types/" + file);
}

std::vector<ItkCase> itkCases() {
    std::vector<ItkCase> cases;
    const auto index = readCsv(referencePath("itk_cases.csv"));
    for (std::size_t r = 1; r < index.size(); ++r) {
        const auto& row = index[r];
        ItkCase c;
        c.name = row[0];
        c.dtype = row[1];
        // A 2D image has no z axis: size_z and spacing_z are empty. It is
        // filtered as a one-slice grid of dimension 2.
        c.grid.dimension = row[4].empty() ? 2 : 3;
        for (int d = 0; d < c.grid.dimension; ++d) {
            c.grid.size[d] = std::stoi(row[2 + d]);
            c.grid.spacing[d] = std::stod(row[5 + d]);
        }
        if (c.grid.dimension == 2)
            c.grid.size[2] = 1;
        std::istringstream sigmas(row[8]);
        for (std::string s; sigmas >> s;)
            c.sigmas.push_back(s);
        // i,j,k,input,outputs... (i,j,input,outputs... in 2D)
        const auto table = readCsv(referencePath("itk_" + c.name + ".csv"));
        const auto& header = table.front();
        const auto input = static_cast<std::size_t>(
            std::find(header.begin(), header.end(), "input") - header.begin());
        if (input != static_cast<std::size_t>(c.grid.dimension))
            throw std::runtime_error("itk_" + c.name + ".csv: no input column after the indices");
        for (std::size_t t = 1; t < table.size(); ++t) {
            c.input.push_back(std::stod(table[t][input]));
            for (std::size_t col = input + 1; col < header.size(); ++col)
                c.outputs[header[col]].push_back(std::stod(table[t][col]));
        }
        cases.push_back(std::move(c));
    }
    return cases;
}

/// The cases of itk_cases.csv with `dimension` axes.
std::vector<ItkCase> itkCases(int dimension) {
    std::vector<ItkCase> cases;
    for (auto& c : itkCases())
        if (c.grid.dimension == dimension)
            cases.push_back(std::move(c));
    return cases;
}

/// How far `ours` is from ITK's `theirs`: the largest |difference| relative
/// to max |theirs|, and how many voxels are bit-identical.
struct Deviation {
    double relative = 0.0;
    std::size_t identical = 0;
};

Deviation deviation(const std::vector<double>& ours, const std::vector<double>& theirs) {
    Deviation dev;
    double scale = 0.0, worst = 0.0;
    for (std::size_t v = 0; v < theirs.size(); ++v) {
        scale = std::max(scale, std::fabs(theirs[v]));
        worst = std::max(worst, std::fabs(ours[v] - theirs[v]));
        dev.identical += ours[v] == theirs[v];
    }
    dev.relative = worst / scale;
    return dev;
}

void expectMatchesItk(const ItkCase& c, const std::string& column,
                      const std::vector<double>& ours) {
    const auto& theirs = c.outputs.at(column);
    ASSERT_EQ(ours.size(), theirs.size());
    const Deviation dev = deviation(ours, theirs);
    std::printf("[ ITK      ] %-16s %-19s max |ours - ITK| / max |ITK| = %.3g, "
                "bit-identical %zu / %zu\n",
                c.name.c_str(), column.c_str(), dev.relative, dev.identical, theirs.size());
    EXPECT_LE(dev.relative, 1e-6) << c.name << " " << column;
#if defined(__x86_64__) && defined(__GLIBC__)
    // Same operation order, same libm, no FMA: the same float32 bits as ITK.
    EXPECT_EQ(dev.identical, theirs.size()) << c.name << " " << column;
#endif
}

TEST(PyRadiomicsLoG, MatchesItkOnEveryVoxel) {
    ASSERT_EQ(itkCases().size(), 8u);
    const auto cases = itkCases(3);
    ASSERT_EQ(cases.size(), 4u);
    for (const auto& c : cases)
        for (const auto& sigma : c.sigmas)
            expectMatchesItk(c, "log:" + sigma,
                             py::laplacianOfGaussian(c.grid, c.input, c.dtype, std::stod(sigma)));
}

TEST(PyRadiomicsGradient, MatchesItkOnEveryVoxelWithAndWithoutSpacing) {
    for (const auto& c : itkCases(3)) {
        expectMatchesItk(c, "gradient:spacing",
                         py::gradientMagnitudeImage(c.grid, c.input, c.dtype, true));
        expectMatchesItk(c, "gradient:nospacing",
                         py::gradientMagnitudeImage(c.grid, c.input, c.dtype, false));
    }
}

TEST(PyRadiomicsLoG, ImagesOfTheReferenceCasesAreNamedAndOrderedLikePyRadiomics) {
    const auto cases = itkCases(3);
    const ItkCase& c = cases.front(); // odd_int16: 11 x 9 x 7, spacing 0.7, 1.1, 2.5
    std::vector<py::LoGSigma> sigmas;
    for (const auto& s : c.sigmas)
        sigmas.push_back({std::stod(s), s});
    const auto images = py::logImages(c.grid, c.input, c.dtype, sigmas);
    ASSERT_EQ(images.size(), c.sigmas.size());
    EXPECT_EQ(images[0].name, "log-sigma-0-5-mm-3D");
    EXPECT_EQ(images[1].name, "log-sigma-1-0-mm-3D");
    EXPECT_EQ(images[2].name, "log-sigma-2-5-mm-3D");
    for (std::size_t s = 0; s < images.size(); ++s)
        EXPECT_EQ(images[s].image, c.outputs.at("log:" + c.sigmas[s]));
}

// ---- analytic ---------------------------------------------------------------------

/// f(i, j, k) on `grid`, i fastest.
template <typename F> std::vector<double> sample(const py::FilterGrid& grid, F f) {
    std::vector<double> image;
    for (int k = 0; k < grid.size[2]; ++k)
        for (int j = 0; j < grid.size[1]; ++j)
            for (int i = 0; i < grid.size[0]; ++i)
                image.push_back(f(i, j, k));
    return image;
}

std::size_t at(const py::FilterGrid& grid, int i, int j, int k) {
    return static_cast<std::size_t>((k * grid.size[1] + j) * grid.size[0] + i);
}

TEST(PyRadiomicsGradient, LinearRampHasItsSlopeInsideAndHalfOfItOnTheBorder) {
    const py::FilterGrid grid{{6, 5, 4}, {0.7, 1.1, 2.5}};
    // f = 3 i − 2 j + 5 k (int16 voxels): per mm, a = 3/0.7, b = −2/1.1, c = 5/2.5
    const auto ramp = sample(grid, [](int i, int j, int k) { return 3.0 * i - 2.0 * j + 5.0 * k; });
    const double a = 3 / 0.7, b = -2 / 1.1, c = 5 / 2.5;
    const auto mm = py::gradientMagnitudeImage(grid, ramp, "int16", true);
    const auto voxels = py::gradientMagnitudeImage(grid, ramp, "int16", false);
    const float tol = 1e-6f;
    // inside: |∇f| = √(a² + b² + c²)
    EXPECT_NEAR(mm[at(grid, 2, 2, 1)], std::sqrt(a * a + b * b + c * c), tol * 10);
    EXPECT_NEAR(voxels[at(grid, 2, 2, 1)], std::sqrt(9.0 + 4.0 + 25.0), tol * 10);
    // i = 0 (and k = 0): the difference x[1] − x[0] over 2h, half the slope
    EXPECT_NEAR(mm[at(grid, 0, 2, 1)], std::sqrt(a * a / 4 + b * b + c * c), tol * 10);
    EXPECT_NEAR(mm[at(grid, 0, 2, 0)], std::sqrt(a * a / 4 + b * b + c * c / 4), tol * 10);
    // the far corner: every axis halved
    EXPECT_NEAR(mm[at(grid, 5, 4, 3)], std::sqrt(a * a + b * b + c * c) / 2, tol * 10);
    EXPECT_NEAR(voxels[at(grid, 5, 4, 3)], std::sqrt(38.0) / 2, tol * 10);
}

TEST(PyRadiomicsGradient, IsFloat32AndReadsFloat32InputAsFloat) {
    const py::FilterGrid grid{{4, 4, 4}, {1.0, 1.0, 1.0}};
    const auto x = sample(grid, [](int i, int j, int k) { return 0.1 * i + 0.3 * j * j - k; });
    const auto asFloat32 = py::gradientMagnitudeImage(grid, x, "float32", true);
    std::vector<double> rounded(x.size());
    for (std::size_t v = 0; v < x.size(); ++v)
        rounded[v] = static_cast<float>(x[v]);
    EXPECT_EQ(asFloat32, py::gradientMagnitudeImage(grid, rounded, "float64", true));
    for (double g : py::gradientMagnitudeImage(grid, x, "float64", true))
        EXPECT_EQ(g, static_cast<float>(g));
}

TEST(PyRadiomicsLoG, OfAConstantIsZero) {
    const py::FilterGrid grid{{9, 6, 5}, {0.7, 1.1, 2.5}};
    const std::vector<double> constant(grid.voxelCount(), -1234.0);
    for (double sigma : {0.5, 1.0, 3.0}) {
        const auto log = py::laplacianOfGaussian(grid, constant, "int16", sigma);
        for (double v : log)
            EXPECT_LE(std::fabs(v), 1e-12 * 1234.0) << "sigma " << sigma;
    }
}

TEST(PyRadiomicsLoG, OfXSquaredIsTwoSigmaSquaredAwayFromTheBorders) {
    // f = x² with x in mm along one axis: normalised across scale, the filter
    // gives σ² ∇²(G_σ * f) = σ² · 2 (the Gaussian keeps the curvature of a
    // quadratic); the edge-extending boundary bends it only near the ends.
    for (int axis = 0; axis < 3; ++axis) {
        py::FilterGrid grid{{6, 6, 6}, {1.1, 0.7, 2.5}};
        grid.size[axis] = 80;
        const double h = grid.spacing[axis];
        const auto f = sample(grid, [&](int i, int j, int k) {
            const int n = axis == 0 ? i : axis == 1 ? j : k;
            const double x = (n - 40) * h;
            return x * x;
        });
        for (double sigma : {1.0, 2.5}) {
            const auto log = py::laplacianOfGaussian(grid, f, "float64", sigma);
            for (int n = 30; n <= 50; ++n) {
                std::array<int, 3> index{2, 3, 4};
                index[axis] = n;
                EXPECT_NEAR(log[at(grid, index[0], index[1], index[2])], 2 * sigma * sigma,
                            1e-4 * 2 * sigma * sigma)
                    << "axis " << axis << " sigma " << sigma << " n " << n;
            }
        }
    }
}

TEST(PyRadiomicsLoG, IsLinear) {
    const py::FilterGrid grid{{7, 8, 5}, {0.7, 1.1, 2.5}};
    const auto f =
        sample(grid, [](int i, int j, int k) { return std::sin(i + 2.0 * j) * (k - 2); });
    const auto g = sample(grid, [](int i, int j, int k) { return (i - 3.0) * (j - 4.0) + k * k; });
    std::vector<double> combined(f.size());
    for (std::size_t v = 0; v < f.size(); ++v)
        combined[v] = 3.0 * f[v] - 0.5 * g[v];
    const auto lf = py::laplacianOfGaussian(grid, f, "float64", 1.5);
    const auto lg = py::laplacianOfGaussian(grid, g, "float64", 1.5);
    const auto lc = py::laplacianOfGaussian(grid, combined, "float64", 1.5);
    double scale = 0.0;
    for (double v : lc)
        scale = std::max(scale, std::fabs(v));
    for (std::size_t v = 0; v < f.size(); ++v)
        EXPECT_NEAR(lc[v], 3.0 * lf[v] - 0.5 * lg[v], 1e-6 * scale);
}

TEST(PyRadiomicsLoG, IsFloat32AndReadsFloat32InputAsFloat) {
    const py::FilterGrid grid{{5, 4, 6}, {1.0, 0.5, 2.0}};
    const auto x = sample(grid, [](int i, int j, int k) { return 0.1 * i * j - 0.7 * k; });
    std::vector<double> rounded(x.size());
    for (std::size_t v = 0; v < x.size(); ++v)
        rounded[v] = static_cast<float>(x[v]);
    EXPECT_EQ(py::laplacianOfGaussian(grid, x, "float32", 1.0),
              py::laplacianOfGaussian(grid, rounded, "float64", 1.0));
    for (double v : py::laplacianOfGaussian(grid, x, "float64", 1.0))
        EXPECT_EQ(v, static_cast<float>(v));
}

// ---- names and skip rules ----------------------------------------------------------

TEST(PyRadiomicsLoG, NamesFollowPythonsStrOfTheSigma) {
    EXPECT_EQ(py::logImageName({1.0, "1.0"}), "log-sigma-1-0-mm-3D");
    EXPECT_EQ(py::logImageName({3.0, "3"}), "log-sigma-3-mm-3D");
    EXPECT_EQ(py::logImageName({0.5, "0.5"}), "log-sigma-0-5-mm-3D");
    EXPECT_EQ(py::logImageName({2.25, "2.25"}), "log-sigma-2-25-mm-3D");
}

TEST(PyRadiomicsLoG, AnImageSmallerThanFourVoxelsAlongAnAxisYieldsNothing) {
    const py::FilterGrid grid{{11, 9, 3}, {1.0, 1.0, 1.0}};
    const std::vector<double> image(grid.voxelCount(), 1.0);
    std::vector<std::string> warnings;
    EXPECT_TRUE(py::logImages(grid, image, "int16", {{1.0, "1.0"}}, &warnings).empty());
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0], "Image too small to apply LoG filter, size: [11  9  3]");
    EXPECT_NE(errorOf([&] { py::laplacianOfGaussian(grid, image, "int16", 1.0); }), "");
}

TEST(PyRadiomicsLoG, SkipsSigmasThatAreNotPositiveOrTooWideForTheImage) {
    // size 5 along x at 0.5 mm: ⌈σ / 0.5⌉ + 1 ≤ 5 up to σ = 2.0 (the limit)
    const py::FilterGrid grid{{5, 8, 6}, {0.5, 1.0, 1.25}};
    const auto image = sample(grid, [](int i, int j, int k) { return i * j - k; });
    std::vector<std::string> warnings;
    const auto images = py::logImages(
        grid, image, "int16", {{0.0, "0"}, {2.0, "2.0"}, {2.01, "2.01"}, {-1.0, "-1"}, {1.0, "1"}},
        &warnings);
    ASSERT_EQ(images.size(), 2u);
    EXPECT_EQ(images[0].name, "log-sigma-2-0-mm-3D");
    EXPECT_EQ(images[1].name, "log-sigma-1-mm-3D");
    EXPECT_EQ(images[0].image, py::laplacianOfGaussian(grid, image, "int16", 2.0));
    ASSERT_EQ(warnings.size(), 3u);
    EXPECT_EQ(warnings[0], "applyLoG: sigma must be greater than 0.0: 0");
    EXPECT_EQ(warnings[1], "applyLoG: sigma(2.01)/spacing([0.5  1.   1.25]) + 1 must be greater "
                           "than the size([5 8 6]) of the inputImage");
    EXPECT_EQ(warnings[2], "applyLoG: sigma must be greater than 0.0: -1");
    // no warnings wanted: none collected, same images
    EXPECT_EQ(py::logImages(grid, image, "int16", {{2.01, "2.01"}, {1.0, "1"}}).size(), 1u);
}

TEST(PyRadiomicsLoG, TheSizeRuleUsesNumpysDoubleDivision) {
    // 2.1 / 0.7 = 3.0000000000000004 in double: ⌈·⌉ + 1 = 5 > 4, so numpy
    // skips what exact arithmetic (3 + 1 = 4) would filter; 1.4 / 0.7 = 2.
    const py::FilterGrid grid{{4, 6, 6}, {0.7, 1.0, 1.0}};
    const std::vector<double> image(grid.voxelCount(), 2.0);
    EXPECT_NE(py::logSigmaSkipReason(grid, {2.1, "2.1"}), "");
    EXPECT_EQ(py::logSigmaSkipReason(grid, {1.4, "1.4"}), "");
    EXPECT_NE(py::logSigmaSkipReason(grid, {2.8, "2.8"}), ""); // 2.8 / 0.7 = 4: needs 5
    const auto images = py::logImages(grid, image, "float64", {{2.1, "2.1"}, {1.4, "1.4"}});
    ASSERT_EQ(images.size(), 1u);
    EXPECT_EQ(images[0].name, "log-sigma-1-4-mm-3D");
}

TEST(PyRadiomicsLoGAndGradient, RefuseAGridThatDoesNotFitTheImageOrAnUnknownDtype) {
    const py::FilterGrid grid{{4, 4, 4}, {1.0, 1.0, 1.0}};
    const std::vector<double> image(63, 1.0);
    EXPECT_NE(errorOf([&] { py::logImages(grid, image, "int16", {{1.0, "1.0"}}); }), "");
    EXPECT_NE(errorOf([&] { py::gradientMagnitudeImage(grid, image, "int16", true); }), "");
    const std::vector<double> fits(64, 1.0);
    EXPECT_NE(errorOf([&] { py::logImages(grid, fits, "float16", {{1.0, "1.0"}}); }), "");
    EXPECT_NE(errorOf([&] { py::gradientMagnitudeImage(grid, fits, "complex64", true); }), "");
    const py::FilterGrid flat{{4, 4, 4}, {1.0, 0.0, 1.0}};
    EXPECT_NE(errorOf([&] { py::gradientMagnitudeImage(flat, fits, "int16", true); }), "");
}

// ---- 2D images: ITK's two-axis filters ---------------------------------------------

const ItkCase& itkCase(const std::vector<ItkCase>& cases, const std::string& name) {
    const auto c = std::find_if(cases.begin(), cases.end(),
                                [&](const ItkCase& each) { return each.name == name; });
    if (c == cases.end())
        throw std::runtime_error("no ITK case " + name);
    return *c;
}

TEST(PyRadiomicsLoG2D, MatchesItk2DOnEveryVoxel) {
    const auto cases = itkCases(2);
    ASSERT_EQ(cases.size(), 4u);
    for (const auto& c : cases) {
        ASSERT_EQ(c.grid.size[2], 1);
        ASSERT_EQ(c.input.size(), c.grid.voxelCount());
        // every sigma ITK ran, also those PyRadiomics skips (sigma 6 on 9 x 7)
        for (const auto& sigma : c.sigmas)
            expectMatchesItk(c, "log:" + sigma,
                             py::laplacianOfGaussian(c.grid, c.input, c.dtype, std::stod(sigma)));
    }
}

TEST(PyRadiomicsGradient2D, MatchesItk2DOnEveryVoxelWithAndWithoutSpacing) {
    for (const auto& c : itkCases(2)) {
        expectMatchesItk(c, "gradient:spacing",
                         py::gradientMagnitudeImage(c.grid, c.input, c.dtype, true));
        expectMatchesItk(c, "gradient:nospacing",
                         py::gradientMagnitudeImage(c.grid, c.input, c.dtype, false));
        // The same image as a one-slice volume: its z difference is exactly 0,
        // so ITK's 2D filter and the 3D one give the same bits.
        py::FilterGrid volume = c.grid;
        volume.dimension = 3;
        for (double spacingZ : {1.0, 0.3})
            for (bool useSpacing : {true, false}) {
                volume.spacing[2] = spacingZ;
                EXPECT_EQ(py::gradientMagnitudeImage(volume, c.input, c.dtype, useSpacing),
                          c.outputs.at(useSpacing ? "gradient:spacing" : "gradient:nospacing"))
                    << c.name;
            }
    }
}

// logImages on the 2D references: PyRadiomics' names (always "-3D"), its skip
// rule over the two axes and its warning with numpy arrays of two entries
// (getLoGImage's '%s' of numpy.array(GetSize()) / numpy.array(GetSpacing())).
TEST(PyRadiomicsLoG2D, ImagesAndWarningsOfTheReferenceCasesAreLikePyRadiomics) {
    const auto cases = itkCases(2);
    struct Expected {
        std::string name;
        std::vector<std::string> kept;
        std::vector<std::string> warnings;
    };
    const std::vector<Expected> expected = {
        {"2d_odd_int16", // 9 x 7 at 0.7 x 1.3 mm: ⌈6 / 0.7⌉ + 1 = 10 > 9
         {"1.0", "2.5"},
         {"applyLoG: sigma(6)/spacing([0.7 1.3]) + 1 must be greater than the size([9 7]) of "
          "the inputImage"}},
        {"2d_even_float32", {"0.5", "3"}, {}},
        {"2d_mixed_float64", {"0.7", "2.0"}, {}},
        {"2d_square4_uint8", // 4 x 4 at 0.5 x 1 mm: ⌈2 / 0.5⌉ + 1 = 5 > 4
         {"1.0"},
         {"applyLoG: sigma(2)/spacing([0.5 1. ]) + 1 must be greater than the size([4 4]) of "
          "the inputImage"}},
    };
    for (const auto& e : expected) {
        const ItkCase& c = itkCase(cases, e.name);
        SCOPED_TRACE(c.name);
        std::vector<py::LoGSigma> sigmas;
        for (const auto& s : c.sigmas)
            sigmas.push_back({std::stod(s), s});
        std::vector<std::string> warnings;
        const auto images = py::logImages(c.grid, c.input, c.dtype, sigmas, &warnings);
        EXPECT_EQ(warnings, e.warnings);
        ASSERT_EQ(images.size(), e.kept.size());
        for (std::size_t n = 0; n < images.size(); ++n) {
            EXPECT_EQ(images[n].name, py::logImageName({std::stod(e.kept[n]), e.kept[n]}));
            EXPECT_EQ(images[n].image, c.outputs.at("log:" + e.kept[n])) << images[n].name;
        }
    }
    EXPECT_EQ(py::logImageName({2.5, "2.5"}), "log-sigma-2-5-mm-3D"); // "-3D" on 2D images too
}

TEST(PyRadiomicsLoG2D, AnImageSmallerThanFourVoxelsAlongAnAxisYieldsNothing) {
    py::FilterGrid grid{{9, 3, 1}, {1.0, 1.0, 1.0}, 2};
    const std::vector<double> image(grid.voxelCount(), 1.0);
    std::vector<std::string> warnings;
    EXPECT_TRUE(py::logImages(grid, image, "int16", {{1.0, "1.0"}}, &warnings).empty());
    EXPECT_EQ(warnings,
              std::vector<std::string>{"Image too small to apply LoG filter, size: [9 3]"});
    EXPECT_NE(errorOf([&] { py::laplacianOfGaussian(grid, image, "int16", 1.0); }), "");
    // 12 x 10: large enough in 2D; the one-slice volume of it is not
    grid.size = {12, 10, 1};
    const std::vector<double> flat(grid.voxelCount(), 1.0);
    warnings.clear();
    EXPECT_EQ(py::logImages(grid, flat, "int16", {{1.0, "1.0"}}, &warnings).size(), 1u);
    EXPECT_TRUE(warnings.empty());
    grid.dimension = 3;
    EXPECT_TRUE(py::logImages(grid, flat, "int16", {{1.0, "1.0"}}, &warnings).empty());
    EXPECT_EQ(warnings,
              std::vector<std::string>{"Image too small to apply LoG filter, size: [12 10  1]"});
}

TEST(PyRadiomicsLoG2D, SkipsSigmasTooWideForTheImageOverItsTwoAxes) {
    // 5 x 12 at 0.45 x 1.25 mm: ⌈σ / 0.45⌉ + 1 ≤ 5 up to σ = 1.8; the z spacing
    // and the single slice play no part.
    const py::FilterGrid grid{{5, 12, 1}, {0.45, 1.25, 1.0}, 2};
    const auto image = sample(grid, [](int i, int j, int) { return i * j - 3 * i; });
    std::vector<std::string> warnings;
    const auto images = py::logImages(
        grid, image, "int16", {{1.8, "1.8"}, {2.5, "2.5"}, {0.0, "0.0"}, {1, "1"}}, &warnings);
    ASSERT_EQ(images.size(), 2u);
    EXPECT_EQ(images[0].name, "log-sigma-1-8-mm-3D");
    EXPECT_EQ(images[1].name, "log-sigma-1-mm-3D");
    EXPECT_EQ(warnings, (std::vector<std::string>{
                            "applyLoG: sigma(2.5)/spacing([0.45 1.25]) + 1 must be greater than "
                            "the size([ 5 12]) of the inputImage",
                            "applyLoG: sigma must be greater than 0.0: 0"}));
    EXPECT_EQ(py::logSigmaSkipReason(grid, {1.8, "1.8"}), "");
    EXPECT_NE(py::logSigmaSkipReason(grid, {1.81, "1.81"}), "");
}

TEST(PyRadiomicsLoG2D, RefusesADimensionOtherThanTwoOrThreeOrA2DGridOfSeveralSlices) {
    const std::vector<double> image(4 * 4 * 4, 1.0);
    const py::FilterGrid slices{{4, 4, 4}, {1.0, 1.0, 1.0}, 2};
    EXPECT_NE(errorOf([&] { py::laplacianOfGaussian(slices, image, "int16", 1.0); }), "");
    EXPECT_NE(errorOf([&] { py::logImages(slices, image, "int16", {{1.0, "1.0"}}); }), "");
    const py::FilterGrid four{{4, 4, 4}, {1.0, 1.0, 1.0}, 4};
    EXPECT_NE(errorOf([&] { py::laplacianOfGaussian(four, image, "int16", 1.0); }), "");
}

} // namespace
