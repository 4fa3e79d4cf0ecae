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

// The image types PyRadiomics has and this mode does not compute stay an
// error naming the type and its line; so does an unknown one.
TEST(PyRadiomicsImageTypes, UncomputedTypesAreRefusedWithTheirLine) {
    for (const std::string type : {"LoG", "Wavelet", "Gradient", "LBP2D", "LBP3D"}) {
        const std::string message = rgw::test::errorOf([&] {
            py::parseParameters("setting:\n  binWidth: 25\nimageType:\n  Original: {}\n  " + type +
                                    ": {}\n",
                                "params.yaml");
        });
        EXPECT_NE(message.find("params.yaml line 5"), std::string::npos) << message;
        EXPECT_NE(message.find(type), std::string::npos) << message;
        EXPECT_NE(message.find("not computed"), std::string::npos) << message;
    }
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
