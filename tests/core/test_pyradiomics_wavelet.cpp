// PyRadiomics-compatible mode: the Wavelet image type (imageoperations
// getWaveletImage / _swt3 on pywt.swtn). Checked against the real PyWavelets
// (tests/reference/pyradiomics_image_types/wavelet.txt on volumes and
// wavelet_2d.txt on 2D images, a one-slice grid of dimension 2; both by
// make_wavelet.py) and by properties that need no reference:
//   constant c        →  approximation c (Σ dec_lo)^(axes · levels), details 0
//   a x + b y         →  a W(x) + b W(y)
//   an x ramp         →  details without H along x vanish (letter m ↔ m-th axis)
#include "ErrorMessage.h"
#include "Reference.h"
#include "radiomics/pyradiomics/Wavelet.h"
#include "radiomics/pyradiomics/WaveletFilters.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <numeric>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace {

namespace py = rgw::radiomics::pyradiomics;

/// One case of wavelet.txt: the settings, the input and the yielded images.
struct ReferenceCase {
    std::string name;
    py::FilterGrid grid;
    std::string scalar;
    std::string wavelet;
    int level = 1;
    int startLevel = 0;
    bool force2D = false;
    int force2Ddimension = 0;
    std::vector<double> input;
    std::vector<py::DerivedImage> images;
};

std::vector<double> numbersOf(std::istringstream& in) {
    std::vector<double> values;
    double v = 0.0;
    while (in >> v)
        values.push_back(v);
    return values;
}

ReferenceCase caseFromSettings(std::istringstream& in) {
    ReferenceCase c;
    std::string key;
    int force2D = 0;
    in >> c.name;
    while (in >> key) {
        if (key == "size")
            in >> c.grid.size[0] >> c.grid.size[1] >> c.grid.size[2];
        else if (key == "dimension")
            in >> c.grid.dimension;
        else if (key == "scalar")
            in >> c.scalar;
        else if (key == "wavelet")
            in >> c.wavelet;
        else if (key == "level")
            in >> c.level;
        else if (key == "start_level")
            in >> c.startLevel;
        else if (key == "force2D")
            in >> force2D;
        else if (key == "force2Ddimension")
            in >> c.force2Ddimension;
    }
    c.force2D = force2D != 0;
    return c;
}

/// The cases of wavelet.txt (volumes) or wavelet_2d.txt (2D images); the
/// latter's `refusal` lines (settings getWaveletImage raises for) go to
/// `refusals`.
std::vector<ReferenceCase> referenceCases(const std::string& name = "wavelet.txt",
                                          std::vector<std::string>* refusals = nullptr) {
    std::ifstream file(rgw::test::referenceFile("pyradiomics_image_types/" + name));
    if (!file)
        throw std::runtime_error("cannot read " + name);
    std::vector<ReferenceCase> cases;
    std::string line;
    while (std::getline(file, line)) {
        std::istringstream in(line);
        std::string tag;
        in >> tag;
        if (tag == "refusal" && refusals) {
            refusals->push_back(line);
        } else if (tag == "case") {
            cases.push_back(caseFromSettings(in));
        } else if (tag == "input") {
            cases.back().input = numbersOf(in);
        } else if (tag == "image") {
            py::DerivedImage image;
            in >> image.name;
            image.image = numbersOf(in);
            cases.back().images.push_back(std::move(image));
        }
    }
    return cases;
}

std::vector<py::DerivedImage> run(const ReferenceCase& c) {
    return py::waveletImages(c.grid, c.input, c.scalar, c.wavelet, c.level, c.startLevel, c.force2D,
                             c.force2Ddimension);
}

double maxAbs(const std::vector<double>& v) {
    double m = 0.0;
    for (double x : v)
        m = std::max(m, std::abs(x));
    return m;
}

/// Units in the last place between two floats of the same sign.
std::int64_t ulpsApart(float a, float b) {
    auto ordered = [](float f) {
        const auto bits = static_cast<std::int64_t>(std::bit_cast<std::int32_t>(f));
        return bits < 0 ? -(bits & 0x7fffffff) : bits;
    };
    return std::llabs(ordered(a) - ordered(b));
}

std::vector<std::string> namesOf(const std::vector<py::DerivedImage>& images) {
    std::vector<std::string> names;
    for (const auto& image : images)
        names.push_back(image.name);
    return names;
}

py::FilterGrid gridOf(int nx, int ny, int nz) {
    py::FilterGrid grid;
    grid.size = {nx, ny, nz};
    return grid;
}

/// A deterministic image with negative values: (37 v mod 101) − 50 over voxels v.
std::vector<double> pattern(const py::FilterGrid& grid, double scale = 1.0) {
    std::vector<double> x(grid.voxelCount());
    for (std::size_t v = 0; v < x.size(); ++v)
        x[v] = scale * static_cast<double>(static_cast<long>((37 * v + 11) % 101) - 50);
    return x;
}

// Every case of a reference: the names and their order, and every voxel;
// double paths within 1e-12 · max |image|, the float32 path bit for bit.
void expectMatchesPyWavelets(const std::vector<ReferenceCase>& cases) {
    double worstDouble = 0.0; // relative to max |image|
    std::int64_t worstSingleUlps = 0;
    for (const ReferenceCase& c : cases) {
        SCOPED_TRACE(c.name);
        ASSERT_EQ(c.input.size(), c.grid.voxelCount());
        const auto images = run(c);
        ASSERT_EQ(namesOf(images), namesOf(c.images));
        const double scale = maxAbs(c.input);
        for (std::size_t n = 0; n < images.size(); ++n) {
            const auto& got = images[n].image;
            const auto& want = c.images[n].image;
            ASSERT_EQ(got.size(), want.size()) << images[n].name;
            for (std::size_t v = 0; v < got.size(); ++v) {
                if (c.scalar == "float32") {
                    const auto ulps =
                        ulpsApart(static_cast<float>(got[v]), static_cast<float>(want[v]));
                    worstSingleUlps = std::max(worstSingleUlps, ulps);
                    EXPECT_EQ(got[v], want[v]) << images[n].name << " voxel " << v;
                } else {
                    const double deviation = std::abs(got[v] - want[v]) / scale;
                    worstDouble = std::max(worstDouble, deviation);
                    EXPECT_LE(deviation, 1e-12) << images[n].name << " voxel " << v;
                }
            }
        }
    }
    std::printf("[ wavelet ] %zu cases, largest deviation: double %.3g x max|image|, "
                "float32 %lld ulp\n",
                cases.size(), worstDouble, static_cast<long long>(worstSingleUlps));
}

TEST(PyRadiomicsWavelet, MatchesPyWavelets) {
    const auto cases = referenceCases();
    ASSERT_EQ(cases.size(), 14u);
    expectMatchesPyWavelets(cases);
}

// A 2D image (SimpleITK's two-axis image of a 2D file): getWaveletImage's
// axes (1, 0), i.e. x then y, two letters; with force2D one axis and one
// letter (force2Ddimension 0 keeps x, 1 keeps y).
TEST(PyRadiomicsWavelet, MatchesPyWaveletsOn2DImages) {
    const auto cases = referenceCases("wavelet_2d.txt");
    ASSERT_EQ(cases.size(), 14u);
    for (const auto& c : cases) {
        ASSERT_EQ(c.grid.dimension, 2) << c.name;
        ASSERT_EQ(c.grid.size[2], 1) << c.name;
        const std::size_t letters = c.force2D ? 1 : 2;
        for (const auto& image : c.images)
            EXPECT_EQ(image.name.size() - image.name.find('-') - 1, letters) << image.name;
    }
    expectMatchesPyWavelets(cases);
}

// force2Ddimension 2 is no numpy axis of a 2D array: PyRadiomics'
// axes.remove(2) raises ValueError (recorded in wavelet_2d.txt), and so does
// waveletImages (rgw::Error); 0 and 1 are accepted.
TEST(PyRadiomicsWavelet, Force2DDimension2IsRefusedOnA2DImage) {
    std::vector<std::string> refusals;
    referenceCases("wavelet_2d.txt", &refusals);
    ASSERT_EQ(refusals.size(), 1u);
    EXPECT_NE(refusals[0].find("dimension 2 force2D 1 force2Ddimension 2 ValueError"),
              std::string::npos)
        << refusals[0];
    py::FilterGrid grid = gridOf(5, 4, 1);
    grid.dimension = 2;
    const auto x = pattern(grid);
    const std::string error =
        rgw::test::errorOf([&] { py::waveletImages(grid, x, "float64", "coif1", 1, 0, true, 2); });
    EXPECT_NE(error.find("force2Ddimension"), std::string::npos) << error;
    // without force2D the setting plays no part
    EXPECT_EQ(py::waveletImages(grid, x, "float64", "coif1", 1, 0, false, 2).size(), 4u);
    for (int dimension : {0, 1})
        EXPECT_EQ(namesOf(py::waveletImages(grid, x, "float64", "coif1", 1, 0, true, dimension)),
                  (std::vector<std::string>{"wavelet-H", "wavelet-L"}));
    // the same one-slice grid as a volume transforms three axes, force2D 2 included
    grid.dimension = 3;
    EXPECT_EQ(py::waveletImages(grid, x, "float64", "coif1", 1, 0, true, 2).size(), 4u);
    EXPECT_EQ(py::waveletImages(grid, x, "float64", "coif1", 1, 0, false, 0).size(), 8u);
}

TEST(PyRadiomicsWavelet, NamesAndOrder) {
    const auto grid = gridOf(4, 3, 2);
    const auto x = pattern(grid);
    EXPECT_EQ(
        namesOf(py::waveletImages(grid, x, "int16", "coif1", 1, 0, false, 0)),
        (std::vector<std::string>{"wavelet-LLH", "wavelet-LHL", "wavelet-LHH", "wavelet-HLL",
                                  "wavelet-HLH", "wavelet-HHL", "wavelet-HHH", "wavelet-LLL"}));
    EXPECT_EQ(namesOf(py::waveletImages(grid, x, "int16", "haar", 2, 1, false, 0)),
              (std::vector<std::string>{
                  "wavelet-LLH", "wavelet-LHL", "wavelet-LHH", "wavelet-HLL", "wavelet-HLH",
                  "wavelet-HHL", "wavelet-HHH", "wavelet2-LLH", "wavelet2-LHL", "wavelet2-LHH",
                  "wavelet2-HLL", "wavelet2-HLH", "wavelet2-HHL", "wavelet2-HHH", "wavelet2-LLL"}));
    EXPECT_EQ(namesOf(py::waveletImages(grid, x, "float32", "db2", 1, 0, true, 0)),
              (std::vector<std::string>{"wavelet-LH", "wavelet-HL", "wavelet-HH", "wavelet-LL"}));
    EXPECT_EQ(namesOf(py::waveletImages(grid, x, "float64", "db2", 3, 0, true, 1)).back(),
              "wavelet3-LL");
    for (const auto& image : py::waveletImages(grid, x, "uint8", "sym3", 1, 0, false, 0))
        EXPECT_EQ(image.image.size(), grid.voxelCount()) << image.name;
}

// Letter m is the filter along the m-th transformed axis in x, y, z order:
// an image that varies along x alone has zero details wherever x is 'L'.
TEST(PyRadiomicsWavelet, LettersFollowTheImageAxes) {
    for (const auto& [force2D, dimension, along] :
         {std::tuple{false, 0, 0}, std::tuple{false, 0, 2}, std::tuple{true, 0, 1},
          std::tuple{true, 2, 2}, std::tuple{true, 1, 0}}) {
        const auto grid = gridOf(6, 5, 4);
        std::vector<double> x(grid.voxelCount());
        const std::array<std::size_t, 3> stride = {1, 6, 30};
        const auto length = static_cast<std::size_t>(grid.size[static_cast<std::size_t>(along)]);
        for (std::size_t v = 0; v < x.size(); ++v)
            x[v] =
                static_cast<double>((v / stride[static_cast<std::size_t>(along)]) % length) * 3.0 -
                4.0;
        std::vector<int> axes; // transformed image axes, x y z order
        for (int a = 0; a < 3; ++a)
            if (!force2D || a != 2 - dimension)
                axes.push_back(a);
        const int letter =
            static_cast<int>(std::find(axes.begin(), axes.end(), along) - axes.begin());
        for (const auto& image :
             py::waveletImages(grid, x, "float64", "db2", 1, 0, force2D, dimension)) {
            const std::string letters = image.name.substr(image.name.find('-') + 1);
            const bool highAlongVariation = letter < static_cast<int>(letters.size()) &&
                                            letters[static_cast<std::size_t>(letter)] == 'H';
            const bool otherHigh =
                std::count(letters.begin(), letters.end(), 'H') > (highAlongVariation ? 1 : 0);
            SCOPED_TRACE(image.name + " along " + std::to_string(along));
            if (otherHigh)
                EXPECT_LT(maxAbs(image.image), 1e-12);
            else
                EXPECT_GT(maxAbs(image.image), 0.1);
        }
    }
}

double tapSum(std::span<const double> taps) {
    return std::accumulate(taps.begin(), taps.end(), 0.0);
}

// A constant c: every sub-band of kept level n is c (Σ lo)^(axes · (start + n − 1)) times
// Π over its letters of Σ lo (L) or Σ hi (H); the approximation c (Σ lo)^(axes · levels).
TEST(PyRadiomicsWavelet, ConstantImage) {
    const double c = -7.25;
    for (const std::string wavelet :
         {"coif1", "haar", "db2", "sym3", "bior1.3", "rbio2.2", "dmey"}) {
        const auto filters = py::decompositionFilters(wavelet, py::FilterPrecision::Double);
        const double low = tapSum(filters->lowPass), high = tapSum(filters->highPass);
        for (const auto& [force2D, level, start] :
             {std::tuple{false, 1, 0}, std::tuple{false, 2, 1}, std::tuple{true, 1, 2}}) {
            SCOPED_TRACE(wavelet);
            const auto grid = gridOf(5, 4, 3);
            const std::vector<double> x(grid.voxelCount(), c);
            const auto images =
                py::waveletImages(grid, x, "float64", wavelet, level, start, force2D, 0);
            const int axes = force2D ? 2 : 3;
            for (std::size_t n = 0; n < images.size(); ++n) {
                const bool last = n + 1 == images.size();
                const int kept = last ? level : static_cast<int>(n) / ((1 << axes) - 1) + 1;
                const std::string letters = images[n].name.substr(images[n].name.find('-') + 1);
                double expected = c * std::pow(low, axes * (start + kept - (last ? 0 : 1)));
                for (char letter : last ? std::string() : letters)
                    expected *= letter == 'L' ? low : high;
                for (double v : images[n].image)
                    EXPECT_NEAR(v, expected, 1e-12 * std::abs(c)) << images[n].name;
            }
        }
    }
}

// Where Σ hi is 0 to rounding (all but sym3 and dmey, whose pywt filters sum to
// -3.0e-12 and 1.1e-3), every detail of a constant is 0.
TEST(PyRadiomicsWavelet, DetailsOfAConstantVanish) {
    const auto grid = gridOf(6, 3, 4);
    const std::vector<double> x(grid.voxelCount(), 1000.0);
    for (const std::string wavelet : {"coif1", "haar", "db2", "bior1.3", "rbio2.2"}) {
        for (const std::string scalar : {"int16", "float32"}) {
            const auto images = py::waveletImages(grid, x, scalar, wavelet, 2, 0, false, 0);
            const double tolerance = scalar == "float32" ? 1e-4 : 1e-12;
            for (std::size_t n = 0; n + 1 < images.size(); ++n)
                EXPECT_LE(maxAbs(images[n].image), tolerance * 1000.0)
                    << wavelet << " " << scalar << " " << images[n].name;
        }
    }
}

TEST(PyRadiomicsWavelet, Linear) {
    const auto grid = gridOf(7, 4, 3);
    const auto x = pattern(grid, 0.5), y = pattern(gridOf(3, 4, 7), -1.75);
    std::vector<double> combined(x.size());
    for (std::size_t v = 0; v < x.size(); ++v)
        combined[v] = 2.0 * x[v] - 3.0 * y[v];
    for (const std::string wavelet : {"coif1", "bior1.3", "dmey"}) {
        const auto wx = py::waveletImages(grid, x, "float64", wavelet, 2, 0, false, 0);
        const auto wy = py::waveletImages(grid, y, "float64", wavelet, 2, 0, false, 0);
        const auto wc = py::waveletImages(grid, combined, "float64", wavelet, 2, 0, false, 0);
        ASSERT_EQ(wc.size(), wx.size());
        for (std::size_t n = 0; n < wc.size(); ++n)
            for (std::size_t v = 0; v < x.size(); ++v)
                EXPECT_NEAR(wc[n].image[v], 2.0 * wx[n].image[v] - 3.0 * wy[n].image[v],
                            1e-12 * maxAbs(combined))
                    << wavelet << " " << wc[n].name;
    }
}

// float32 data is filtered in single precision (pywt keeps its dtype),
// integers in double precision.
TEST(PyRadiomicsWavelet, PrecisionFollowsTheScalarType) {
    const auto grid = gridOf(4, 4, 2);
    const auto x = pattern(grid);
    const auto asInt = py::waveletImages(grid, x, "int16", "coif1", 1, 0, false, 0);
    const auto asDouble = py::waveletImages(grid, x, "float64", "coif1", 1, 0, false, 0);
    const auto asFloat = py::waveletImages(grid, x, "float32", "coif1", 1, 0, false, 0);
    bool differs = false;
    for (std::size_t n = 0; n < asInt.size(); ++n) {
        EXPECT_EQ(asInt[n].image, asDouble[n].image);
        for (std::size_t v = 0; v < x.size(); ++v) {
            const double d = asDouble[n].image[v], f = asFloat[n].image[v];
            EXPECT_EQ(static_cast<double>(static_cast<float>(f)), f);
            EXPECT_NEAR(f, d, 1e-5 * maxAbs(x));
            differs = differs || f != d;
        }
    }
    EXPECT_TRUE(differs);
}

TEST(PyRadiomicsWavelet, FilterTable) {
    const auto& names = py::discreteWavelets();
    EXPECT_EQ(names.size(),
              106u); // pywt 1.1.1: 15 bior, 17 coif, 38 db, dmey, haar, 15 rbio, 19 sym
    EXPECT_EQ(py::knownWavelets(), names);
    for (const std::string& name : names) {
        SCOPED_TRACE(name);
        const auto d = py::decompositionFilters(name, py::FilterPrecision::Double);
        const auto s = py::decompositionFilters(name, py::FilterPrecision::Single);
        ASSERT_TRUE(d && s);
        ASSERT_EQ(d->lowPass.size(), d->highPass.size());
        ASSERT_EQ(s->lowPass.size(), d->lowPass.size());
        EXPECT_NEAR(tapSum(d->lowPass), std::sqrt(2.0), 1e-9);
        EXPECT_NEAR(tapSum(d->highPass), 0.0, name == "dmey" ? 2e-3 : 1e-9);
        for (std::size_t t = 0; t < s->lowPass.size(); ++t) {
            EXPECT_LE(
                ulpsApart(static_cast<float>(s->lowPass[t]), static_cast<float>(d->lowPass[t])), 1);
            EXPECT_LE(
                ulpsApart(static_cast<float>(s->highPass[t]), static_cast<float>(d->highPass[t])),
                1);
        }
    }
    EXPECT_EQ(py::decompositionFilters("dmey", py::FilterPrecision::Double)->lowPass.size(), 62u);
    EXPECT_EQ(py::decompositionFilters("coif1", py::FilterPrecision::Double)->lowPass[0],
              -0.015655728135791993);
    // pywt's single-precision coif1 bank is not the double bank rounded.
    EXPECT_EQ(py::decompositionFilters("coif1", py::FilterPrecision::Single)->lowPass[3],
              0.852571964263916);
    EXPECT_NE(static_cast<float>(
                  py::decompositionFilters("coif1", py::FilterPrecision::Double)->lowPass[3]),
              0.852571964263916f);
    EXPECT_FALSE(py::decompositionFilters("morl", py::FilterPrecision::Double));
}

TEST(PyRadiomicsWavelet, Refusals) {
    using rgw::test::errorOf;
    const auto grid = gridOf(3, 2, 2);
    const auto x = pattern(grid);
    const auto call = [&](const std::vector<double>& image, const std::string& scalar,
                          const std::string& wavelet, int level, int start, int dimension) {
        return errorOf([&] {
            py::waveletImages(grid, image, scalar, wavelet, level, start, true, dimension);
        });
    };
    const std::string unknown = call(x, "int16", "coif99", 1, 0, 0);
    EXPECT_NE(unknown.find("wavelet"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("coif99"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("coif1..coif17"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("haar"), std::string::npos) << unknown;
    EXPECT_NE(call(x, "int16", "coif1", 0, 0, 0).find("level"), std::string::npos);
    EXPECT_NE(call(x, "int16", "coif1", 1, -1, 0).find("start_level"), std::string::npos);
    EXPECT_NE(call(x, "int16", "coif1", 1, 0, 3).find("force2Ddimension"), std::string::npos);
    EXPECT_NE(call(x, "int16", "coif1", 1, 0, -1).find("force2Ddimension"), std::string::npos);
    EXPECT_NE(call({1.0, 2.0}, "int16", "coif1", 1, 0, 0).find("12"), std::string::npos);
    EXPECT_NE(call(x, "complex64", "coif1", 1, 0, 0).find("complex64"), std::string::npos);
    EXPECT_EQ(py::knownWaveletFamilies(), "bior1.1..bior6.8, coif1..coif17, db1..db38, dmey, "
                                          "haar, rbio1.1..rbio6.8, sym2..sym20");
}

} // namespace
