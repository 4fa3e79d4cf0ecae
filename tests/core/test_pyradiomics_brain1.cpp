// PyRadiomics-compatible mode on PyRadiomics' own test case brain1: every
// column brain1* of every baseline/baseline_<class>.csv (PyRadiomics'
// reference output, shared data) is re-computed with that column's
// diagnostics_Configuration_Settings and each feature compared to relative
// 1e-6 (the four mesh features of a column written before PyRadiomics 2.1:
// see kPyRadiomics310Brain1). Prints "<class> <column> passed/total" per
// column. Classes not computed here are reported as skipped.
#include "PyRadiomicsBaseline.h"
#include "radiomics/pyradiomics/Extraction.h"
#include "util/Error.h"

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

namespace fs = std::filesystem;
namespace py = rgw::radiomics::pyradiomics;

using rgw::test::pyradiomics::Baseline;
using rgw::test::pyradiomics::brain1;
using rgw::test::pyradiomics::kInt;
using rgw::test::pyradiomics::kShort;
using rgw::test::pyradiomics::readBaseline;
using rgw::test::pyradiomics::sliceOf;

/// The shape features drawn from the mesh's area and enclosed volume. Our
/// PyRadiomics mode draws PyRadiomics' own mesh (classic marching cubes,
/// ClassicMarchingCubes.h), and the columns written by PyRadiomics 2.1
/// (brain1_resampling) agree to 1e-6 like every other feature. The column
/// brain1 was written by a development build before 2.1
/// (diagnostics_Versions_PyRadiomics 2.0.1b1.post11+g127d134) and its mesh
/// values were not regenerated since (PyRadiomics' own tests accept 3 %):
/// with the same vertices and the same triangle table (the diameters agree
/// exactly), SurfaceArea is 0.079 % above its value and MeshVolume 0.012 %
/// below it (SurfaceVolumeRatio 0.091 %, Sphericity 0.087 %); neither the
/// other resolution of the cubes' ambiguous faces (4 cubes here, ±4.2 mm² each)
/// nor any axis permutation or mirror of the grid reproduces that column, so
/// that build's mesh is unknown. PyRadiomics 3.1.0 itself gives for brain1
/// (label 1, original grid) the values below, taken from a published
/// batch-processing run (examples/batchprocessing.py, its pyrad_log.txt
/// reporting "pyradiomics version: v3.1.0", and its radiomics_features.csv).
/// So these four features of a column written before 2.1 are held to 1e-3
/// against the baseline and to 1e-6 against PyRadiomics 3.1.0; every other
/// value to 1e-6 against the baseline.
const std::map<std::string, double> kPyRadiomics310Brain1 = {
    {"MeshVolume", 16147.51180013021},
    {"SurfaceArea", 6438.821603779402},
    {"SurfaceVolumeRatio", 0.3987500788652454},
    {"Sphericity", 0.4798234536231475},
};

bool isMeshAreaOrVolume(const std::string& className, const std::string& feature) {
    return className == "shape" && (feature == "MeshVolume" || feature == "SurfaceArea" ||
                                    feature == "SurfaceVolumeRatio" || feature == "Sphericity");
}

bool writtenBefore21(const Baseline& b, std::size_t column) {
    const auto version = b.rows.find("diagnostics_Versions_PyRadiomics");
    return version != b.rows.end() && (version->second[column].rfind("1.", 0) == 0 ||
                                       version->second[column].rfind("2.0", 0) == 0);
}

void compareClass(const std::string& className) {
    const fs::path file =
        rgw::test::dataRoot() / "pyradiomics" / "baseline" / ("baseline_" + className + ".csv");
    if (!fs::exists(file))
        GTEST_SKIP() << "no " << file;
    const Baseline b = readBaseline(file);
    const auto& c = brain1();
    std::map<std::string, double> meshMaxRelative;
    for (std::size_t col = 0; col < b.columns.size(); ++col) {
        const std::string& column = b.columns[col];
        const auto settings = py::parseSettingsDict(
            b.rows.at("diagnostics_Configuration_Settings")[col], file.string() + " " + column);
        rgw::LabelMap labels = c.labels;
        const auto testCase = b.rows.find("diagnostics_Configuration_TestCase");
        if (testCase != b.rows.end() && testCase->second[col] == "brain1_2D") {
            labels = sliceOf(c.labels, 16);
            std::size_t n = 0;
            for (auto v : labels.voxels)
                n += v == settings.label;
            EXPECT_EQ(std::to_string(n), b.rows.at("diagnostics_Mask-original_VoxelNum")[col]);
        }
        const auto prepared = py::prepare(c.image, kShort, labels, kInt, settings);
        const auto values = py::computeClass(className, prepared, settings);
        int passed = 0, total = 0;
        for (const auto& [feature, value] : values) {
            const auto row = b.rows.find("original_" + className + "_" + feature);
            if (row == b.rows.end() || row->second[col].empty())
                continue;
            const double expected = std::stod(row->second[col]);
            ++total;
            const double rel = std::abs(value - expected) / std::max(std::abs(expected), 1e-300);
            if (isMeshAreaOrVolume(className, feature) && !writtenBefore21(b, col))
                meshMaxRelative[feature] = std::max(meshMaxRelative[feature], rel);
            if (rel <= 1e-6 || (expected == 0 && std::abs(value) <= 1e-12))
                ++passed;
            else if (isMeshAreaOrVolume(className, feature) && writtenBefore21(b, col) &&
                     rel <= 1e-3) {
                ASSERT_EQ(column, "brain1") << "no PyRadiomics 3.1.0 value for this column";
                const double v310 = kPyRadiomics310Brain1.at(feature);
                const double rel310 = std::abs(value - v310) / v310;
                EXPECT_LE(rel310, 1e-6)
                    << feature << ": " << value << " vs PyRadiomics 3.1.0 " << v310;
                std::printf("pre-2.1 mesh column: %s %s %s %.10g vs %.10g (relative %.2g); "
                            "PyRadiomics 3.1.0 %.16g (relative %.2g)\n",
                            className.c_str(), column.c_str(), feature.c_str(), value, expected,
                            rel, v310, rel310);
            } else
                ADD_FAILURE() << className << " " << column << " " << feature << ": " << value
                              << " vs " << expected << " (relative " << rel << ")";
        }
        // Every baseline feature row of the class must have been computed.
        int rowsInBaseline = 0;
        for (const auto& [name, cells] : b.rows)
            rowsInBaseline +=
                name.rfind("original_" + className + "_", 0) == 0 && !cells[col].empty();
        EXPECT_EQ(total, rowsInBaseline) << className << " " << column;
        std::printf("%s %s %d/%d\n", className.c_str(), column.c_str(), passed, rowsInBaseline);
    }
    for (const auto& [feature, rel] : meshMaxRelative)
        std::printf("%s %s max relative difference (columns of 2.1 and later) %.3g\n",
                    className.c_str(), feature.c_str(), rel);
}

class PyRadiomicsBrain1 : public ::testing::TestWithParam<std::string> {};

TEST_P(PyRadiomicsBrain1, EveryColumnOfTheBaseline) {
    if (!fs::exists(rgw::test::dataRoot() / "pyradiomics" / "brain1_image.nrrd"))
        GTEST_SKIP() << "no PyRadiomics data";
    compareClass(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Classes, PyRadiomicsBrain1,
                         ::testing::Values("firstorder", "shape", "shape2D", "glcm", "glrlm",
                                           "glszm", "gldm", "ngtdm"));

} // namespace
