// rgw-cli extract in PyRadiomics-compatible mode on PyRadiomics' test case
// brain1 (shared data): the feature CSV against the baseline's brain1 column
// (baseline_firstorder.csv, relative 1e-6) and the diagnostics CSV written
// beside it against every diagnostics row of that column (Versions_* aside:
// we name our own program), then --diagnostics-out, and a failed run that
// leaves neither file.
#ifndef _WIN32

#include "CliTestSupport.h"
#include "PyRadiomicsBaseline.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using rgw::test::cliPath;
using rgw::test::run;
namespace base = rgw::test::pyradiomics;

namespace {

/// The settings of baseline_firstorder.csv's brain1 column, as a parameter file.
const char* const kBrain1Params = R"(setting:
  label: 1
  binWidth: 25
  voxelArrayShift: 2000
  minimumROIDimensions: 1
  distances: [1]
  interpolator: None
  resampledPixelSpacing: None
  normalize: False
  normalizeScale: 1
  force2D: False
  padDistance: 5
  preCrop: False
imageType:
  Original: {}
featureClass:
  firstorder: []
)";

std::vector<std::vector<std::string>> csvRecords(const fs::path& file) {
    std::ifstream in(file);
    std::vector<std::vector<std::string>> out;
    std::string line;
    int lineNumber = 0;
    while (std::getline(in, line))
        out.push_back(rgw::test::splitCsvLine(line, ++lineNumber, file));
    return out;
}

class CliPyRadiomics : public ::testing::Test {
protected:
    void SetUp() override {
        if (!fs::exists(base::dataDir() / "brain1_image.nrrd"))
            GTEST_SKIP() << "no PyRadiomics data";
        std::ofstream(tmp.path() / "brain1.yaml") << kBrain1Params;
    }
    rgw::test::ProcessResult extract(const std::vector<std::string>& extra) {
        std::vector<std::string> args = {"extract",
                                         "--image",
                                         (base::dataDir() / "brain1_image.nrrd").string(),
                                         "--mask",
                                         (base::dataDir() / "brain1_label.nrrd").string(),
                                         "--params",
                                         (tmp.path() / "brain1.yaml").string(),
                                         "--out",
                                         (tmp.path() / "features.csv").string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return run(cliPath(), args, tmp.path());
    }
    rgw::test::TempDir tmp;
};

TEST_F(CliPyRadiomics, FeaturesAndDiagnosticsOfBrain1) {
    const auto r = extract({});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const fs::path diagnostics = tmp.path() / "features_diagnostics.csv";
    EXPECT_NE(r.out.find(diagnostics.string()), std::string::npos) << r.out;

    const base::Baseline b =
        base::readBaseline(base::dataDir() / "baseline" / "baseline_firstorder.csv");
    const std::size_t col = 0;
    ASSERT_EQ(b.columns[col], "brain1");

    // Features: every original_firstorder_* row of the column.
    std::map<std::string, double> features;
    const auto featureRows = csvRecords(tmp.path() / "features.csv");
    ASSERT_FALSE(featureRows.empty());
    for (std::size_t i = 1; i < featureRows.size(); ++i) {
        ASSERT_EQ(featureRows[i].size(), 7u);
        features[featureRows[i][1]] = std::stod(featureRows[i][4]);
    }
    int comparedFeatures = 0;
    double worstFeature = 0.0;
    for (const auto& [name, cells] : b.rows) {
        if (name.rfind("original_firstorder_", 0) != 0 || cells[col].empty())
            continue;
        ASSERT_EQ(features.count(name), 1u) << name;
        const double expected = std::stod(cells[col]);
        const double got = features.at(name);
        const double rel = got == expected ? 0.0 : std::abs(got - expected) / std::abs(expected);
        worstFeature = std::max(worstFeature, rel);
        EXPECT_LE(rel, 1e-6) << name;
        ++comparedFeatures;
    }
    EXPECT_EQ(comparedFeatures, 18);

    // Diagnostics: a two-column CSV of diagnostics_* rows.
    const auto rows = csvRecords(diagnostics);
    ASSERT_GT(rows.size(), 1u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"name", "value"}));
    std::map<std::string, std::string> ours;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].size(), 2u) << "line " << i + 1;
        EXPECT_EQ(rows[i][0].rfind("diagnostics_", 0), 0u) << rows[i][0];
        ours[rows[i][0]] = rows[i][1];
    }
    // generalinfo's order (addGeneralSettings, addEnabledImageTypes,
    // addImageElements, addMaskElements), with our version, hash and path rows.
    const std::vector<std::string> order = {"Versions_RadiogenomicsWorkstation",
                                            "Configuration_Settings",
                                            "Configuration_EnabledImageTypes",
                                            "Configuration_ParameterHash",
                                            "Image-original_Path",
                                            "Image-original_Hash",
                                            "Image-original_Dimensionality",
                                            "Image-original_Spacing",
                                            "Image-original_Size",
                                            "Image-original_Mean",
                                            "Image-original_Minimum",
                                            "Image-original_Maximum",
                                            "Mask-original_Path",
                                            "Mask-original_Hash",
                                            "Mask-original_Spacing",
                                            "Mask-original_Size",
                                            "Mask-original_BoundingBox",
                                            "Mask-original_VoxelNum",
                                            "Mask-original_VolumeNum",
                                            "Mask-original_CenterOfMassIndex",
                                            "Mask-original_CenterOfMass"};
    ASSERT_EQ(rows.size(), order.size() + 1);
    for (std::size_t i = 0; i < order.size(); ++i)
        EXPECT_EQ(rows[i + 1][0], "diagnostics_" + order[i]);
    EXPECT_EQ(ours.at("diagnostics_Image-original_Dimensionality"), "3D");
    EXPECT_EQ(ours.count("diagnostics_Versions_PyRadiomics"), 0u);
    const auto settings = rgw::radiomics::pyradiomics::parseSettingsDict(
        b.rows.at("diagnostics_Configuration_Settings")[col], "baseline brain1");
    const auto counts = base::expectDiagnostics(b, col, ours, settings, "CLI brain1");
    EXPECT_EQ(counts.compared, 8);
    std::printf("CLI: %d features compared (max relative difference %.3g), %d diagnostics rows "
                "compared (%d Versions rows not, max relative difference %.3g)\n",
                comparedFeatures, worstFeature, counts.compared, counts.versions, counts.worst);
}

TEST_F(CliPyRadiomics, DiagnosticsOutChoosesThePath) {
    const fs::path chosen = tmp.path() / "sub" / "provenance.csv";
    fs::create_directories(chosen.parent_path());
    const auto r = extract({"--diagnostics-out", chosen.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(fs::exists(chosen));
    EXPECT_FALSE(fs::exists(tmp.path() / "features_diagnostics.csv"));
    EXPECT_NE(r.out.find(chosen.string()), std::string::npos) << r.out;
}

TEST_F(CliPyRadiomics, AFailedRunLeavesNeitherFile) {
    const auto r = extract({"--label", "7"});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.err.find("label 7"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "features.csv"));
    EXPECT_FALSE(fs::exists(tmp.path() / "features_diagnostics.csv"));
}

// Filtered image types through the CLI: PyRadiomics' feature names, its own
// printed values for brain1 (tests/reference/pyradiomics_image_types/
// hello_feature_class_brain1.csv), a σ PyRadiomics skips with a warning, and
// the image types' own settings in the diagnostics.
TEST_F(CliPyRadiomics, FilteredImageTypesOfBrain1) {
    std::ofstream(tmp.path() / "filtered.yaml") << "setting:\n"
                                                   "  binWidth: 25\n"
                                                   "imageType:\n"
                                                   "  LoG: {sigma: [1.0, 200.0]}\n"
                                                   "  Wavelet: {}\n"
                                                   "featureClass:\n"
                                                   "  firstorder: [Mean]\n";
    const auto r = run(cliPath(),
                       {"extract", "--image", (base::dataDir() / "brain1_image.nrrd").string(),
                        "--mask", (base::dataDir() / "brain1_label.nrrd").string(), "--params",
                        (tmp.path() / "filtered.yaml").string(), "--out",
                        (tmp.path() / "features.csv").string()},
                       tmp.path());
    ASSERT_EQ(r.exitCode, 0) << r.err;
    // σ = 200 mm needs more than the image's 256 voxels along x: skipped, said.
    EXPECT_NE(r.err.find("warning: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("sigma(200)"), std::string::npos) << r.err;
    std::map<std::string, double> features;
    const auto rows = csvRecords(tmp.path() / "features.csv");
    for (std::size_t i = 1; i < rows.size(); ++i)
        features[rows[i][1]] = std::stod(rows[i][4]);
    // One LoG image and eight wavelet images, first-order Mean only.
    EXPECT_EQ(features.size(), 9u);
    const std::map<std::string, double> notebook = {
        {"log-sigma-1-0-mm-3D_firstorder_Mean", -22.046027443210075},
        {"wavelet-LLH_firstorder_Mean", 9.941090785026738},
        {"wavelet-HHH_firstorder_Mean", 0.1648763594289033},
        {"wavelet-LLL_firstorder_Mean", 2255.1595095005646}};
    for (const auto& [name, expected] : notebook) {
        ASSERT_EQ(features.count(name), 1u) << name;
        EXPECT_NEAR(features.at(name), expected, 1e-6 * std::abs(expected)) << name;
    }
    const auto diagnostics = csvRecords(tmp.path() / "features_diagnostics.csv");
    const auto enabled = std::find_if(diagnostics.begin(), diagnostics.end(), [](const auto& row) {
        return row[0] == "diagnostics_Configuration_EnabledImageTypes";
    });
    ASSERT_NE(enabled, diagnostics.end());
    EXPECT_EQ((*enabled)[1], "{'LoG': {'sigma': [1.0, 200.0]}, 'Wavelet': {}}");
}

} // namespace

#endif // _WIN32
