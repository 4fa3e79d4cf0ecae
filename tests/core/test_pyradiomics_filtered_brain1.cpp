// PyRadiomics mode, filtered image types end to end on PyRadiomics' test case
// brain1: the first-order features of the LoG (σ = 1.0, 3.0, 5.0 mm) and
// coif1 wavelet images against PyRadiomics' own printed output
// (tests/reference/pyradiomics_image_types/hello_feature_class_brain1.csv,
// from PyRadiomics' helloFeatureClass notebook: whole image, label 1, no
// resampling, binWidth 25). This checks what the filters' own tests cannot:
// the grid they are run on, the image's dtype reaching ITK and PyWavelets,
// the sub-band names and the features' names.
#include "PyRadiomicsBaseline.h"
#include "Reference.h"
#include "radiomics/pyradiomics/Extraction.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <string>

namespace {

namespace fs = std::filesystem;
namespace py = rgw::radiomics::pyradiomics;
namespace base = rgw::test::pyradiomics;

/// "<image type>_<feature>" -> value, as the notebook printed them.
std::map<std::string, double> notebookValues() {
    const fs::path file =
        rgw::test::referenceFile("pyradiomics_image_types/hello_feature_class_brain1.csv");
    std::ifstream in(file);
    EXPECT_TRUE(in) << file;
    std::map<std::string, double> values;
    std::string line;
    int lineNumber = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (line.empty() || line[0] == '#' || line == "feature,value")
            continue;
        const auto cells = rgw::test::splitCsvLine(line, lineNumber, file);
        values[cells.at(0)] = std::stod(cells.at(1));
    }
    return values;
}

TEST(PyRadiomicsFilteredBrain1, FirstOrderOfLoGAndWaveletImagesEqualPyRadiomics) {
    if (!fs::exists(base::dataDir() / "brain1_image.nrrd"))
        GTEST_SKIP() << "no PyRadiomics data";
    const auto expected = notebookValues();
    ASSERT_EQ(expected.size(), 3u * 18u + 8u * 18u);
    const auto& c = base::brain1();
    const auto parameters = py::parseParameters("setting:\n"
                                                "  binWidth: 25\n"
                                                "  label: 1\n"
                                                "imageType:\n"
                                                "  LoG: {sigma: [1.0, 3.0, 5.0]}\n"
                                                "  Wavelet: {}\n"
                                                "featureClass:\n"
                                                "  firstorder: []\n",
                                                "helloFeatureClass.yaml");
    const auto result = py::extract(c.image, base::kShort, c.labels, base::kInt, parameters, "");
    std::map<std::string, double> ours;
    for (const auto& [name, value] : result.features)
        ours[name] = value;
    // 3 LoG images + 7 sub-bands + the approximation, each with every
    // first-order feature and nothing else.
    EXPECT_EQ(ours.size() % 11u, 0u);
    int passed = 0;
    double worst = 0.0;
    std::string worstName;
    for (const auto& [key, value] : expected) {
        // "log-sigma-1-0-mm-3D_Mean" -> "log-sigma-1-0-mm-3D_firstorder_Mean"
        const std::size_t cut = key.find('_');
        const std::string name = key.substr(0, cut) + "_firstorder" + key.substr(cut);
        const auto it = ours.find(name);
        if (it == ours.end()) {
            ADD_FAILURE() << "missing " << name;
            continue;
        }
        const double relative = std::abs(it->second - value) / std::max(std::abs(value), 1e-300);
        if (relative > worst) {
            worst = relative;
            worstName = name;
        }
        EXPECT_LE(relative, 1e-6) << name << ": ours " << it->second << ", PyRadiomics " << value;
        passed += relative <= 1e-6 ? 1 : 0;
    }
    std::printf("brain1 LoG + wavelet first order: %d of %zu within 1e-6 (largest relative "
                "difference %.3g, %s)\n",
                passed, expected.size(), worst, worstName.c_str());
}

} // namespace
