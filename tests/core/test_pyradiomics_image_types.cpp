// PyRadiomics-compatible mode: the image types with closed formulas
// (PyRadiomics' imageoperations getSquareImage, getSquareRootImage,
// getLogarithmImage, getExponentialImage; M = max |x| over the whole image):
//   Square       (x / √M)²
//   SquareRoot   sign(x) √(|x| M)
//   Logarithm    sign(x) ln(|x| + 1), rescaled so that its max |·| is M
//   Exponential  exp(x ln(M) / M) = M^(x/M)
// Checked by hand on four voxels, and on brain1 against the feature classes
// run on the derived image this test computes itself from those formulas.
#include "ErrorMessage.h"
#include "PyRadiomicsBaseline.h"
#include "radiomics/pyradiomics/Extraction.h"
#include "radiomics/pyradiomics/ImageTypes.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace py = rgw::radiomics::pyradiomics;
namespace base = rgw::test::pyradiomics;

/// The documented formulas, written independently of the mode's code.
std::vector<double> byFormula(const std::string& type, const std::vector<double>& x) {
    double m = 0.0;
    for (double v : x)
        m = std::max(m, std::fabs(v));
    std::vector<double> y(x.size());
    auto sign = [](double v) { return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0; };
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (type == "Square")
            y[i] = x[i] * x[i] / m;
        else if (type == "SquareRoot")
            y[i] = sign(x[i]) * std::sqrt(std::fabs(x[i]) * m);
        else if (type == "Logarithm")
            y[i] = sign(x[i]) * std::log1p(std::fabs(x[i]));
        else if (type == "Exponential")
            y[i] = std::pow(m, x[i] / m);
    }
    if (type == "Logarithm") {
        double ym = 0.0;
        for (double v : y)
            ym = std::max(ym, std::fabs(v));
        for (double& v : y)
            v = v / ym * m;
    }
    return y;
}

/// A 2 × 2 × 1 image (-1, 0, 3, 4), every voxel in the ROI (M = 4).
struct Tiny {
    rgw::Volume image;
    rgw::LabelMap labels;
};

Tiny tiny() {
    rgw::Geometry g;
    g.size = {2, 2, 1};
    Tiny t{rgw::Volume(g), rgw::LabelMap(g, 1)};
    t.image.voxels = {-1.0f, 0.0f, 3.0f, 4.0f};
    return t;
}

// By hand, with M = 4:
//  Square       (x/2)²: 1/4, 0, 9/4, 4                      mean 13/8
//  SquareRoot   √(4x):  −2, 0, 2√3, 4                       mean (1 + √3)/2
//  Logarithm    (−ln 2, 0, ln 4, ln 5) · 4/ln 5              mean ln 10 / ln 5
//  Exponential  4^(x/4): 1/√2, 1, 2√2, 4                    mean (1/√2 + 5 + 2√2)/4
TEST(PyRadiomicsImageTypes, FourVoxelsByHand) {
    const std::vector<double> x = {-1.0, 0.0, 3.0, 4.0};
    const double r2 = std::sqrt(2.0), r3 = std::sqrt(3.0), l2 = std::log(2.0), l5 = std::log(5.0);
    const std::map<std::string, std::vector<double>> expected = {
        {"Square", {0.25, 0.0, 2.25, 4.0}},
        {"SquareRoot", {-2.0, 0.0, 2.0 * r3, 4.0}},
        {"Logarithm", {-4.0 * l2 / l5, 0.0, 8.0 * l2 / l5, 4.0}},
        {"Exponential", {1.0 / r2, 1.0, 2.0 * r2, 4.0}},
    };
    const std::map<std::string, double> mean = {
        {"Square", 13.0 / 8.0},
        {"SquareRoot", (1.0 + r3) / 2.0},
        {"Logarithm", std::log(10.0) / l5},
        {"Exponential", (1.0 / r2 + 5.0 + 2.0 * r2) / 4.0},
    };
    for (const auto& [type, values] : expected) {
        const auto y = py::derivedImage(type, x);
        ASSERT_EQ(y.size(), values.size());
        for (std::size_t i = 0; i < y.size(); ++i)
            EXPECT_NEAR(y[i], values[i], 1e-14) << type << " voxel " << i;
    }
    // Through the extraction: firstorder Mean of each type, shape only once.
    const Tiny t = tiny();
    const auto parameters = py::parseParameters("imageType:\n"
                                                "  Original: {}\n"
                                                "  Square: {}\n"
                                                "  SquareRoot: {}\n"
                                                "  Logarithm: {}\n"
                                                "  Exponential: {}\n"
                                                "featureClass:\n"
                                                "  shape: [VoxelVolume]\n"
                                                "  firstorder: [Mean]\n",
                                                "tiny.yaml");
    const auto types = py::PixelType::named("float32", 3, "tiny");
    const auto result = py::extract(t.image, types, t.labels, types, parameters, "hash");
    std::map<std::string, double> features(result.features.begin(), result.features.end());
    EXPECT_EQ(features.size(), 6u); // 1 shape + 5 means
    EXPECT_EQ(features.count("original_shape_VoxelVolume"), 1u);
    EXPECT_DOUBLE_EQ(features.at("original_firstorder_Mean"), 1.5);
    for (const auto& [type, m] : mean) {
        const std::string name = py::featurePrefix(type) + "_firstorder_Mean";
        ASSERT_EQ(features.count(name), 1u) << name;
        EXPECT_NEAR(features.at(name), m, 1e-14) << name;
        EXPECT_EQ(features.count(py::featurePrefix(type) + "_shape_VoxelVolume"), 0u);
    }
    EXPECT_EQ(py::featurePrefix("SquareRoot"), "squareroot");
    const std::map<std::string, std::string> diagnostics(result.diagnostics.begin(),
                                                         result.diagnostics.end());
    EXPECT_EQ(diagnostics.at("diagnostics_Configuration_EnabledImageTypes"),
              "{'Original': {}, 'Square': {}, 'SquareRoot': {}, 'Logarithm': {}, "
              "'Exponential': {}}");
}

// An image type's own settings are kept for its features and printed as
// PyRadiomics prints them.
TEST(PyRadiomicsImageTypes, CustomSettingsOfAType) {
    const auto p = py::parseParameters("setting:\n  binWidth: 25\n"
                                       "imageType:\n  Original: {}\n  Square:\n    binWidth: 5\n",
                                       "custom.yaml");
    EXPECT_EQ(p.imageTypes.at("Square").settings.binWidth, 5.0);
    EXPECT_EQ(p.imageTypes.at("Original").settings.binWidth, 25.0);
    EXPECT_EQ(py::enabledImageTypesDict(p), "{'Original': {}, 'Square': {'binWidth': 5}}");
    const auto parsed = py::parseImageTypesDict(py::enabledImageTypesDict(p), p.settings, "back");
    EXPECT_EQ(parsed.at("Square").binWidth, 5.0);
}

// Every image type of PyRadiomics is read with its own settings; an unknown
// one is an error naming the type and its line.
TEST(PyRadiomicsImageTypes, EveryPyRadiomicsTypeIsReadAndAnUnknownOneRefused) {
    const auto p = py::parseParameters("imageType:\n"
                                       "  Original: {}\n"
                                       "  LoG: {sigma: [1, 2.5]}\n"
                                       "  Wavelet: {wavelet: haar, level: 2}\n"
                                       "  Gradient: {gradientUseSpacing: False}\n"
                                       "  LBP2D: {lbp2DRadius: 2, lbp2DMethod: ror}\n"
                                       "  LBP3D: {lbp3DLevels: 3}\n",
                                       "params.yaml");
    const auto& log = p.imageTypes.at("LoG").settings.sigma;
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0].str(), "1"); // an int in the file names log-sigma-1-mm-3D
    EXPECT_EQ(log[1].str(), "2.5");
    EXPECT_EQ(p.imageTypes.at("Wavelet").settings.wavelet, "haar");
    EXPECT_EQ(p.imageTypes.at("Wavelet").settings.level, 2);
    EXPECT_FALSE(p.imageTypes.at("Gradient").settings.gradientUseSpacing);
    EXPECT_EQ(p.imageTypes.at("LBP2D").settings.lbp2DRadius, 2.0);
    EXPECT_EQ(p.imageTypes.at("LBP2D").settings.lbp2DMethod, "ror");
    EXPECT_EQ(p.imageTypes.at("LBP3D").settings.lbp3DLevels, 3);
    EXPECT_EQ(p.imageTypes.at("Original").settings.sigma.size(), 0u);
    // The filter settings print as PyRadiomics prints the type's own dict.
    EXPECT_NE(py::enabledImageTypesDict(p).find("'LoG': {'sigma': [1, 2.5]}"), std::string::npos)
        << py::enabledImageTypesDict(p);
    // and survive the canonical text (the parameter hash's input).
    const std::string canonical = py::canonicalText(p);
    EXPECT_NE(canonical.find("sigma: [1, 2.5]"), std::string::npos) << canonical;
    EXPECT_NE(canonical.find("wavelet: 'haar'"), std::string::npos) << canonical;
    for (const auto& [entry, setting] :
         std::vector<std::pair<std::string, std::string>>{{"wavelet: db99", "wavelet"},
                                                          {"level: 0", "level"},
                                                          {"lbp2DMethod: fancy", "lbp2DMethod"},
                                                          {"lbp2DSamples: 0", "lbp2DSamples"},
                                                          {"sigma: 1.0", "sigma"}}) {
        const std::string yaml = "imageType:\n  Original: {" + entry + "}\n";
        const std::string message =
            rgw::test::errorOf([&] { py::parseParameters(yaml, "bad.yaml"); });
        EXPECT_NE(message.find("setting " + setting), std::string::npos) << message;
        EXPECT_NE(message.find("bad.yaml line 2"), std::string::npos) << message;
    }
    // Numbers print as Python prints what PyYAML read: 2.50 is the float 2.5,
    // +3 the int 3 (and names log-sigma-3-mm-3D).
    const auto spelled =
        py::parseParameters("imageType:\n  LoG: {sigma: [2.50, +3]}\n", "spelled.yaml");
    EXPECT_EQ(py::enabledImageTypesDict(spelled), "{'LoG': {'sigma': [2.5, 3]}}");
    EXPECT_EQ(spelled.imageTypes.at("LoG").settings.sigma.at(1).str(), "3");
    // PyRadiomics keeps the file's order of image types (a Python dict).
    const auto reordered = py::parseParameters(
        "imageType:\n  Wavelet: {}\n  Original: {}\n  LoG: {sigma: [2.0]}\n", "order.yaml");
    EXPECT_EQ(py::enabledImageTypes(reordered),
              (std::vector<std::string>{"Wavelet", "Original", "LoG"}));
    EXPECT_EQ(py::enabledImageTypesDict(reordered),
              "{'Wavelet': {}, 'Original': {}, 'LoG': {'sigma': [2.0]}}");
    // label_channel (PyRadiomics' schema has it; it picks a channel of a
    // multi-channel segmentation) is read and printed only when given.
    const auto channel = py::parseParameters("setting:\n  label_channel: 2\n", "channel.yaml");
    EXPECT_EQ(channel.settings.label_channel, 2);
    EXPECT_NE(py::settingsDict(channel.settings).find("'label_channel': 2"), std::string::npos);
    EXPECT_EQ(py::settingsDict(py::Settings{}).find("label_channel"), std::string::npos);
    const std::string message =
        rgw::test::errorOf([] { py::parseParameters("imageType:\n  Sqare: {}\n", "typo.yaml"); });
    EXPECT_NE(message.find("typo.yaml line 2"), std::string::npos) << message;
    EXPECT_NE(message.find("Sqare"), std::string::npos) << message;
}

// brain1 (label 1, PyRadiomics' defaults): every non-shape feature of each
// derived image equals the same class run on the image this test derives
// from the formulas above.
TEST(PyRadiomicsImageTypes, Brain1AgainstTheFormulas) {
    if (!fs::exists(base::dataDir() / "brain1_image.nrrd"))
        GTEST_SKIP() << "no PyRadiomics data";
    const auto& c = base::brain1();
    const auto parameters = py::parseParameters("imageType:\n"
                                                "  Square: {}\n"
                                                "  SquareRoot: {}\n"
                                                "  Logarithm: {}\n"
                                                "  Exponential: {}\n",
                                                "brain1.yaml");
    const auto result =
        py::extract(c.image, base::kShort, c.labels, base::kInt, parameters, "hash");
    const std::map<std::string, double> features(result.features.begin(), result.features.end());
    const py::Prepared prepared =
        py::prepare(c.image, base::kShort, c.labels, base::kInt, parameters.settings);
    for (const std::string type : {"Square", "SquareRoot", "Logarithm", "Exponential"}) {
        py::Prepared derived = prepared;
        derived.intensity.image = byFormula(type, prepared.intensity.image);
        int compared = 0;
        double worst = 0.0;
        for (const std::string className :
             {"firstorder", "glcm", "glrlm", "glszm", "gldm", "ngtdm"}) {
            for (const auto& [feature, value] :
                 py::computeClass(className, derived, parameters.settings)) {
                std::string prefix = type;
                std::transform(prefix.begin(), prefix.end(), prefix.begin(), [](unsigned char ch) {
                    return static_cast<char>(std::tolower(ch));
                });
                const std::string name = prefix + "_" + className + "_" + feature;
                const auto it = features.find(name);
                if (it == features.end()) {
                    ADD_FAILURE() << "no " << name;
                    continue;
                }
                ++compared;
                const double rel = value == it->second ? 0.0
                                                       : std::abs(it->second - value) /
                                                             std::max(std::abs(value), 1e-300);
                worst = std::max(worst, rel);
                EXPECT_LE(rel, 1e-9) << name << ": " << it->second << " vs " << value;
            }
        }
        EXPECT_GT(compared, 90) << type;
        std::printf("%s: %d features compared, max relative difference %.3g\n", type.c_str(),
                    compared, worst);
    }
    // No shape features on the derived images, and none at all without an
    // Original type (the file lists no classes: shape is computed once).
    for (const auto& [name, value] : result.features)
        EXPECT_TRUE(name.find("_shape") == std::string::npos || name.rfind("original_", 0) == 0)
            << name;
}

} // namespace

namespace {

// The filters get the image in the type SimpleITK holds it in: sitk.Normalize
// returns double voxels, which resampling keeps (it casts to the type it is
// given), and a float32 image is resampled into float32.
TEST(PyRadiomicsImageTypes, PreprocessedImageKeepsSimpleItksPixelType) {
    if (!fs::exists(base::dataDir() / "brain1_image.nrrd"))
        GTEST_SKIP() << "no PyRadiomics data";
    const auto& c = base::brain1();
    py::Settings s;
    s.normalize = true;
    s.resampledPixelSpacing = std::vector<double>{2.0, 2.0, 2.0};
    const py::Prepared normalised = py::prepare(c.image, base::kShort, c.labels, base::kInt, s);
    EXPECT_EQ(normalised.pixelType.scalar, "float64");
    std::size_t fractional = 0;
    for (double v : normalised.intensity.image)
        fractional += v != std::trunc(v) ? 1 : 0;
    // Truncated into int16, normalised values (mostly within ±3) would all be whole.
    EXPECT_GT(fractional, normalised.intensity.image.size() / 2);

    s.normalize = false;
    const auto asFloat = py::PixelType::named("float32", 3, "brain1 as float32");
    const py::Prepared single = py::prepare(c.image, asFloat, c.labels, base::kInt, s);
    EXPECT_EQ(single.pixelType.scalar, "float32");
    std::size_t notFloat = 0;
    fractional = 0;
    for (double v : single.intensity.image) {
        notFloat += static_cast<double>(static_cast<float>(v)) != v ? 1 : 0;
        fractional += v != std::trunc(v) ? 1 : 0;
    }
    EXPECT_EQ(notFloat, 0u);
    EXPECT_GT(fractional, 0u);
    EXPECT_EQ(py::prepare(c.image, base::kShort, c.labels, base::kInt, s).pixelType.scalar,
              "int16");
}

// A filter whose images would not fit the memory budget is refused before
// anything is allocated, naming the type and the grid.
TEST(PyRadiomicsImageTypes, FilterOverTheMemoryBudgetIsRefused) {
    if (!fs::exists(base::dataDir() / "brain1_image.nrrd"))
        GTEST_SKIP() << "no PyRadiomics data";
    const auto& c = base::brain1();
    const auto parameters =
        py::parseParameters("imageType:\n  Wavelet: {level: 2}\n", "budget.yaml");
    const std::uint64_t before = rgw::budget::memoryBytes();
    rgw::budget::setMemoryBytes(64u << 20);
    const std::string message = rgw::test::errorOf(
        [&] { py::extract(c.image, base::kShort, c.labels, base::kInt, parameters, ""); });
    rgw::budget::setMemoryBytes(before);
    EXPECT_NE(message.find("PyRadiomics image type Wavelet"), std::string::npos) << message;
    EXPECT_NE(message.find("256 × 256 × 25 voxels"), std::string::npos) << message;
    EXPECT_NE(message.find("memory budget"), std::string::npos) << message;
}

// LBP3D's kurtosis is NaN where a voxel's samples are all equal (a flat
// image): the image is refused by name instead of binned (PyRadiomics'
// binning fails on NaN too).
TEST(PyRadiomicsImageTypes, NonFiniteDerivedImageIsRefusedByName) {
    rgw::Geometry g;
    g.size = {6, 6, 6};
    const rgw::Volume flat(g, 100.0f);
    rgw::LabelMap labels(g, 0);
    for (int k = 2; k < 4; ++k)
        for (int j = 2; j < 4; ++j)
            for (int i = 2; i < 4; ++i)
                labels.at(i, j, k) = 1;
    const auto parameters = py::parseParameters("imageType:\n  LBP3D: {}\n", "flat.yaml");
    const std::string message = rgw::test::errorOf(
        [&] { py::extract(flat, base::kShort, labels, base::kInt, parameters, ""); });
    EXPECT_NE(message.find("lbp-3D-k"), std::string::npos) << message;
    EXPECT_NE(message.find("8 voxels of the ROI are not finite"), std::string::npos) << message;
}

// A 2D image (SimpleITK holds it with two axes): the filters work on x and y
// as PyRadiomics' do — two wavelet letters, LBP2D on the image itself, no
// LBP3D (a warning) — and the features are named as PyRadiomics names them.
TEST(PyRadiomicsImageTypes, TwoDimensionalImageIsFilteredInTwoDimensions) {
    rgw::Geometry g;
    g.size = {24, 20, 1};
    g.spacing = Eigen::Vector3d(0.8, 0.8, 1.0);
    rgw::Volume image(g);
    rgw::LabelMap labels(g, 0);
    for (int j = 0; j < 20; ++j)
        for (int i = 0; i < 24; ++i) {
            image.at(i, j, 0) = static_cast<float>((i * 7 + j * 13) % 50 + (i > 12 ? 40 : 0));
            if (i >= 5 && i < 19 && j >= 4 && j < 16)
                labels.at(i, j, 0) = 1;
        }
    const auto parameters = py::parseParameters("setting:\n  binWidth: 5\n"
                                                "imageType:\n"
                                                "  LoG: {sigma: [1.0]}\n"
                                                "  Wavelet: {}\n"
                                                "  Gradient: {}\n"
                                                "  LBP2D: {binWidth: 1}\n"
                                                "  LBP3D: {}\n"
                                                "featureClass:\n  firstorder: [Mean]\n",
                                                "2d.yaml");
    const auto result = py::extract(image, py::PixelType::named("int16", 2, "2D image"), labels,
                                    py::PixelType::named("uint8", 2, "2D label"), parameters, "");
    std::vector<std::string> names;
    for (const auto& [name, value] : result.features)
        names.push_back(name);
    EXPECT_EQ(names,
              (std::vector<std::string>{"log-sigma-1-0-mm-3D_firstorder_Mean",
                                        "wavelet-LH_firstorder_Mean", "wavelet-HL_firstorder_Mean",
                                        "wavelet-HH_firstorder_Mean", "wavelet-LL_firstorder_Mean",
                                        "gradient_firstorder_Mean", "lbp-2D_firstorder_Mean"}));
    ASSERT_EQ(result.warnings.size(), 1u);
    EXPECT_NE(result.warnings[0].find("LBP3D"), std::string::npos) << result.warnings[0];
    // LBP2D of a 2D image needs no force2D (PyRadiomics warns only for 3D).
    for (const auto& w : result.warnings)
        EXPECT_EQ(w.find("LBP2D"), std::string::npos) << w;
}

} // namespace
