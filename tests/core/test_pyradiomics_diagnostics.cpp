// PyRadiomics-compatible mode: the diagnostics_* provenance rows
// (radiomics/generalinfo.py). Every diagnostics row of every column of every
// baseline/baseline_<class>.csv (PyRadiomics' own output, shared data) must
// be among ours with the same value: numbers and tuples of numbers to
// relative 1e-12, hashes and texts exactly, Configuration_Settings and
// Configuration_EnabledImageTypes as parsed dictionaries. Not compared: the
// Versions_* rows (we write our own program's version instead) and
// Configuration_TestCase (the name PyRadiomics' test harness gives the case,
// not a generalinfo row). Prints the rows compared per column. Also Python's
// float repr and SHA-1 against published values, and the mask rows of a
// hand-built mask.
#include "ErrorMessage.h"
#include "PyRadiomicsBaseline.h"
#include "radiomics/Sha1.h"
#include "radiomics/pyradiomics/Extraction.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <gtest/gtest.h>
#include <map>
#include <optional>
#include <string>
#include <vector>
#include <zlib.h>

namespace {

namespace fs = std::filesystem;
namespace py = rgw::radiomics::pyradiomics;
namespace base = rgw::test::pyradiomics;

void compareFile(const std::string& className) {
    const fs::path file = base::dataDir() / "baseline" / ("baseline_" + className + ".csv");
    ASSERT_TRUE(fs::exists(file)) << file;
    const base::Baseline b = base::readBaseline(file);
    const auto& c = base::brain1();
    for (std::size_t col = 0; col < b.columns.size(); ++col) {
        const std::string where = file.filename().string() + " " + b.columns[col];
        py::Parameters parameters;
        parameters.settings =
            py::parseSettingsDict(b.rows.at("diagnostics_Configuration_Settings")[col], where);
        parameters.imageTypes["Original"] = py::ImageType{parameters.settings, "{}"};
        // Diagnostics do not depend on the classes: the cheapest one.
        parameters.featureClasses["firstorder"] = {"Mean"};
        const auto testCase = b.rows.find("diagnostics_Configuration_TestCase");
        const bool twoD = testCase != b.rows.end() && testCase->second[col] == "brain1_2D";
        const rgw::LabelMap labels = twoD ? base::sliceGridOf(c.labels, 16) : c.labels;
        const py::Result result =
            py::extract(c.image, base::kShort, labels, base::kInt, parameters, "hash");
        const std::map<std::string, std::string> ours(result.diagnostics.begin(),
                                                      result.diagnostics.end());
        const auto counts = base::expectDiagnostics(b, col, ours, parameters.settings, where);
        EXPECT_GT(counts.compared, 0) << where;
        std::printf("%s: %d diagnostics rows compared (%d Versions rows not), max relative "
                    "difference %.3g\n",
                    where.c_str(), counts.compared, counts.versions, counts.worst);
    }
}

class PyRadiomicsDiagnostics : public ::testing::TestWithParam<std::string> {};

TEST_P(PyRadiomicsDiagnostics, EveryRowOfEveryColumn) {
    if (!fs::exists(base::dataDir() / "brain1_image.nrrd"))
        GTEST_SKIP() << "no PyRadiomics data";
    compareFile(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Classes, PyRadiomicsDiagnostics,
                         ::testing::Values("firstorder", "shape", "shape2D", "glcm", "glrlm",
                                           "glszm", "gldm", "ngtdm"));

// Python 3's repr of these floats (the language's documented shortest
// round-trip form, switching to exponents below 1e-4 and from 1e16).
TEST(PyRadiomicsDiagnostics, PythonFloatRepr) {
    EXPECT_EQ(py::pythonFloat(0.7812499999999999), "0.7812499999999999");
    EXPECT_EQ(py::pythonFloat(6.499999999999998), "6.499999999999998");
    EXPECT_EQ(py::pythonFloat(2.0), "2.0");
    EXPECT_EQ(py::pythonFloat(3057.0), "3057.0");
    EXPECT_EQ(py::pythonFloat(-128.0), "-128.0");
    EXPECT_EQ(py::pythonFloat(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(py::pythonFloat(0.0001), "0.0001");
    EXPECT_EQ(py::pythonFloat(0.00001), "1e-05");
    EXPECT_EQ(py::pythonFloat(1.5e-7), "1.5e-07");
    EXPECT_EQ(py::pythonFloat(1e15), "1000000000000000.0");
    EXPECT_EQ(py::pythonFloat(1e16), "1e+16");
    EXPECT_EQ(py::pythonFloat(123456789012345680.0), "1.2345678901234568e+17");
    EXPECT_EQ(py::pythonFloat(-0.5), "-0.5");
    EXPECT_EQ(py::pythonFloat(0.0), "0.0");
    EXPECT_EQ(py::pythonFloat(1e300 * 10), "1e+301");
}

// FIPS 180-2, appendix A: SHA-1("abc") and the empty message.
TEST(PyRadiomicsDiagnostics, Sha1OfPublishedExamples) {
    EXPECT_EQ(rgw::radiomics::sha1Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    EXPECT_EQ(rgw::radiomics::sha1Hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

// A 4 × 3 × 2 mask by hand: voxels (0,0,0), (1,1,0) (diagonal neighbours:
// one fully connected volume) and (3,2,1) (apart): bounding box from (0, 0, 0)
// of size (4, 3, 2), 3 voxels, 2 volumes, centre of mass index
// ((0+1+3)/3, (0+1+2)/3, (0+0+1)/3) = (4/3, 1, 1/3); with spacing (2, 1, 0.5)
// and origin (10, 20, 30): (10 + 8/3, 21, 30 + 1/6). Image values 1, 2, 6 on
// them: mean 3, minimum 1, maximum 6.
TEST(PyRadiomicsDiagnostics, MaskRowsByHand) {
    rgw::Geometry g;
    g.size = {4, 3, 2};
    g.spacing = Eigen::Vector3d(2.0, 1.0, 0.5);
    g.origin = Eigen::Vector3d(10.0, 20.0, 30.0);
    rgw::Mask mask(g, 0);
    std::vector<double> image(g.voxelCount(), 100.0);
    mask.voxels[g.linearIndex(0, 0, 0)] = 1;
    mask.voxels[g.linearIndex(1, 1, 0)] = 1;
    mask.voxels[g.linearIndex(3, 2, 1)] = 1;
    image[g.linearIndex(0, 0, 0)] = 1.0;
    image[g.linearIndex(1, 1, 0)] = 2.0;
    image[g.linearIndex(3, 2, 1)] = 6.0;
    py::Diagnostics rows;
    py::addMaskRows(rows, "test", mask, &image, 3, nullptr);
    const std::map<std::string, std::string> m(rows.begin(), rows.end());
    EXPECT_EQ(m.at("Mask-test_Spacing"), "(2.0, 1.0, 0.5)");
    EXPECT_EQ(m.at("Mask-test_Size"), "(4, 3, 2)");
    EXPECT_EQ(m.at("Mask-test_BoundingBox"), "(0, 0, 0, 4, 3, 2)");
    EXPECT_EQ(m.at("Mask-test_VoxelNum"), "3");
    EXPECT_EQ(m.at("Mask-test_VolumeNum"), "2");
    EXPECT_EQ(m.at("Mask-test_CenterOfMassIndex"),
              "(" + py::pythonFloat(4.0 / 3.0) + ", 1.0, " + py::pythonFloat(1.0 / 3.0) + ")");
    const auto com = base::numbers(m.at("Mask-test_CenterOfMass"));
    ASSERT_TRUE(com);
    EXPECT_NEAR((*com)[0], 10.0 + 8.0 / 3.0, 1e-12);
    EXPECT_NEAR((*com)[1], 21.0, 1e-12);
    EXPECT_NEAR((*com)[2], 30.0 + 1.0 / 6.0, 1e-12);
    EXPECT_EQ(m.at("Mask-test_Mean"), "3.0");
    EXPECT_EQ(m.at("Mask-test_Minimum"), "1.0");
    EXPECT_EQ(m.at("Mask-test_Maximum"), "6.0");
}

// A mask on another grid is refused unless correctMask is set, naming the
// setting.
TEST(PyRadiomicsDiagnostics, MaskOnAnotherGridNeedsCorrectMask) {
    if (!fs::exists(base::dataDir() / "brain1_image.nrrd"))
        GTEST_SKIP() << "no PyRadiomics data";
    const auto& c = base::brain1();
    py::Settings s;
    const std::string message = rgw::test::errorOf([&] {
        py::prepare(c.image, base::kShort, base::sliceGridOf(c.labels, 16), base::kInt, s);
    });
    EXPECT_NE(message.find("correctMask"), std::string::npos) << message;
}

} // namespace

namespace {

/// SHA-1 of a NIfTI file's voxel bytes as stored (after vox_offset), read
/// here with zlib alone: SimpleITK's hash of a little-endian file whose
/// datatype it keeps.
std::string storedVoxelSha1(const fs::path& file) {
    gzFile f = gzopen(file.c_str(), "rb");
    EXPECT_NE(f, nullptr) << file;
    std::string bytes;
    char buffer[1 << 16];
    int n = 0;
    while (f && (n = gzread(f, buffer, sizeof buffer)) > 0)
        bytes.append(buffer, static_cast<std::size_t>(n));
    if (f)
        gzclose(f);
    if (bytes.size() < 352)
        return "short file";
    std::int16_t dim[8];
    std::int16_t bitpix = 0;
    float voxOffset = 0.0f;
    std::memcpy(dim, bytes.data() + 40, sizeof dim);
    std::memcpy(&bitpix, bytes.data() + 72, sizeof bitpix);
    std::memcpy(&voxOffset, bytes.data() + 108, sizeof voxOffset);
    std::size_t count = 1;
    for (int a = 1; a <= dim[0]; ++a)
        count *= static_cast<std::size_t>(dim[a]);
    return rgw::radiomics::sha1Hex(std::string_view(bytes).substr(
        static_cast<std::size_t>(voxOffset), count * static_cast<std::size_t>(bitpix / 8)));
}

// The NIfTI route (IBSI digital phantom, int16 image and mask): the hashes
// are those of the stored bytes, the pixel type is the file's.
TEST(PyRadiomicsDiagnostics, NiftiHashesAreThoseOfTheStoredVoxels) {
    const fs::path dir = rgw::test::ibsiDataSets() / "ibsi_1_digital_phantom" / "nifti";
    if (!fs::exists(dir / "image" / "phantom.nii.gz"))
        GTEST_SKIP() << "no IBSI digital phantom";
    const fs::path image = dir / "image" / "phantom.nii.gz";
    const fs::path mask = dir / "mask" / "mask.nii.gz";
    const auto parameters =
        py::parseParameters("featureClass:\n  firstorder: [Mean]\n", "phantom.yaml");
    const auto result = py::extractFiles(image, mask, parameters, "hash", std::nullopt);
    const std::map<std::string, std::string> rows(result.diagnostics.begin(),
                                                  result.diagnostics.end());
    EXPECT_EQ(rows.at("diagnostics_Image-original_Hash"), storedVoxelSha1(image));
    EXPECT_EQ(rows.at("diagnostics_Mask-original_Hash"), storedVoxelSha1(mask));
    EXPECT_EQ(rows.at("diagnostics_Image-original_Size"), "(5, 4, 4)");
    EXPECT_EQ(rows.at("diagnostics_Image-original_Dimensionality"), "3D");
}

} // namespace

namespace {

// Re-segmentation in sigma mode, whose Mask-resegmented_* rows the baseline
// predates (and whose ±3 σ column keeps every brain1 voxel): with [-1, 1],
// derived here from PyRadiomics' rule (keep ROI voxels within mean ± σ, σ
// the population standard deviation of the ROI).
TEST(PyRadiomicsDiagnostics, ResegmentedRowsOfBrain1) {
    if (!fs::exists(base::dataDir() / "brain1_image.nrrd"))
        GTEST_SKIP() << "no PyRadiomics data";
    const auto& c = base::brain1();
    py::Settings s;
    s.resegmentRange = std::vector<double>{-1.0, 1.0};
    s.resegmentMode = py::ResegmentMode::Sigma;
    std::vector<double> roi;
    for (std::size_t v = 0; v < c.labels.voxels.size(); ++v)
        if (c.labels.voxels[v] == 1)
            roi.push_back(c.image.voxels[v]);
    double mean = 0.0;
    for (double x : roi)
        mean += x;
    mean /= static_cast<double>(roi.size());
    double variance = 0.0;
    for (double x : roi)
        variance += (x - mean) * (x - mean);
    const double sd = std::sqrt(variance / static_cast<double>(roi.size()));
    std::vector<double> kept;
    for (double x : roi)
        if (x >= mean - sd && x <= mean + sd)
            kept.push_back(x);
    double keptMean = 0.0;
    for (double x : kept)
        keptMean += x;
    keptMean /= static_cast<double>(kept.size());
    const auto prepared = py::prepare(c.image, base::kShort, c.labels, base::kInt, s);
    const std::map<std::string, std::string> rows(prepared.diagnostics.begin(),
                                                  prepared.diagnostics.end());
    ASSERT_LT(kept.size(), roi.size()); // the range removes voxels here
    EXPECT_EQ(rows.at("Mask-resegmented_VoxelNum"), std::to_string(kept.size()));
    EXPECT_EQ(rows.at("Mask-resegmented_Size"), "(256, 256, 25)");
    EXPECT_NEAR(std::stod(rows.at("Mask-resegmented_Mean")), keptMean, 1e-12 * keptMean);
    EXPECT_EQ(std::stod(rows.at("Mask-resegmented_Minimum")),
              *std::min_element(kept.begin(), kept.end()));
    EXPECT_EQ(std::stod(rows.at("Mask-resegmented_Maximum")),
              *std::max_element(kept.begin(), kept.end()));
    std::printf("resegmented: %zu of %zu voxels kept\n", kept.size(), roi.size());
}

} // namespace

namespace {

// SimpleITK hashes the buffer in the stored type, little-endian: 1 and -2
// as int16 are the bytes 01 00 fe ff; as uint8 a value of 300 does not fit.
TEST(PyRadiomicsDiagnostics, HashEncodesTheStoredType) {
    const std::vector<float> voxels = {1.0f, -2.0f};
    EXPECT_EQ(py::simpleItkHash(voxels, py::PixelType::named("int16", 3, "test")),
              rgw::radiomics::sha1Hex(std::string("\x01\x00\xfe\xff", 4)));
    EXPECT_EQ(py::simpleItkHash(std::vector<std::uint16_t>{258},
                                py::PixelType::named("int32", 3, "test")),
              rgw::radiomics::sha1Hex(std::string("\x02\x01\x00\x00", 4)));
    const std::string message = rgw::test::errorOf([] {
        py::simpleItkHash(std::vector<float>{300.0f}, py::PixelType::named("uint8", 3, "test"));
    });
    EXPECT_NE(message.find("uint8"), std::string::npos) << message;
}

} // namespace

namespace {

// resampledPixelSpacing equal to the image's (0 = keep): PyRadiomics only
// crops, to the ROI's bounding box (162, 84, 11) + (47, 70, 7) padded by
// padDistance 5 within the image: x 157..213, y 79..158, z 6..22, so the
// "interpolated" image is 57 × 80 × 17 voxels of unchanged values.
TEST(PyRadiomicsDiagnostics, ResamplingToTheSameSpacingOnlyCrops) {
    if (!fs::exists(base::dataDir() / "brain1_image.nrrd"))
        GTEST_SKIP() << "no PyRadiomics data";
    const auto& c = base::brain1();
    py::Settings s;
    s.resampledPixelSpacing = std::vector<double>{0.0, 0.0, 0.0};
    const auto prepared = py::prepare(c.image, base::kShort, c.labels, base::kInt, s);
    const std::map<std::string, std::string> rows(prepared.diagnostics.begin(),
                                                  prepared.diagnostics.end());
    EXPECT_EQ(rows.at("Image-interpolated_Size"), "(57, 80, 17)");
    EXPECT_EQ(rows.at("Image-interpolated_Spacing"), rows.at("Image-original_Spacing"));
    EXPECT_EQ(rows.at("Mask-interpolated_BoundingBox"), "(5, 5, 5, 47, 70, 7)");
    EXPECT_EQ(rows.at("Mask-interpolated_VoxelNum"), "4137");
    const auto& g = prepared.intensity.geometry;
    for (std::int64_t k = 0; k < g.size[2]; k += 4)
        for (std::int64_t j = 0; j < g.size[1]; j += 7)
            for (std::int64_t i = 0; i < g.size[0]; i += 5)
                ASSERT_EQ(prepared.intensity.image[g.linearIndex(i, j, k)],
                          c.image.at(i + 157, j + 79, k + 6));
}

// A mask on its own one-slice grid (brain1_2D) with in-plane resampling:
// PyRadiomics derives the grid from the mask, keeping its spacing along the
// one-voxel-thick axis, so the ROI's resampled intensities are those of the
// same slice given on the image grid (same physical points, same spline; the
// image taken as float32 so that no truncation hides a difference).
TEST(PyRadiomicsDiagnostics, ResamplingAMaskOnItsOwnGrid) {
    if (!fs::exists(base::dataDir() / "brain1_image.nrrd"))
        GTEST_SKIP() << "no PyRadiomics data";
    const auto& c = base::brain1();
    const auto float32 = py::PixelType::named("float32", 3, "brain1 as float");
    py::Settings s;
    s.resampledPixelSpacing = std::vector<double>{1.0, 1.0, 1.0};
    const auto own = py::prepare(c.image, float32, base::sliceGridOf(c.labels, 16), base::kInt, s);
    const auto onImage = py::prepare(c.image, float32, base::sliceOf(c.labels, 16), base::kInt, s);
    EXPECT_EQ(own.intensity.geometry.spacing[2], c.image.geometry.spacing[2]);
    EXPECT_EQ(own.intensity.geometry.size[2], 1);
    std::vector<double> a, b;
    for (std::size_t v = 0; v < own.intensity.image.size(); ++v)
        if (own.intensity.mask.voxels[v])
            a.push_back(own.intensity.image[v]);
    for (std::size_t v = 0; v < onImage.intensity.image.size(); ++v)
        if (onImage.intensity.mask.voxels[v])
            b.push_back(onImage.intensity.image[v]);
    ASSERT_EQ(a.size(), b.size());
    ASSERT_FALSE(a.empty());
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        worst = std::max(worst, std::abs(a[i] - b[i]));
        EXPECT_NEAR(a[i], b[i], 1e-9 * std::max(1.0, std::abs(b[i])));
    }
    std::printf("mask on its own grid: %zu resampled ROI voxels, max difference %.3g\n", a.size(),
                worst);
}

} // namespace

namespace {

// loadImage resamples only when both interpolator and resampledPixelSpacing
// are set: `interpolator: None` keeps the original grid (no interpolated
// rows), and prints as None.
TEST(PyRadiomicsDiagnostics, InterpolatorNoneDisablesResampling) {
    if (!fs::exists(base::dataDir() / "brain1_image.nrrd"))
        GTEST_SKIP() << "no PyRadiomics data";
    const auto s =
        py::parseSettingsDict("{'interpolator': None, 'resampledPixelSpacing': [2, 2, 2]}", "test");
    EXPECT_TRUE(s.interpolator.empty());
    EXPECT_NE(py::settingsDict(s).find("'interpolator': None"), std::string::npos);
    const auto& c = base::brain1();
    const auto prepared = py::prepare(c.image, base::kShort, c.labels, base::kInt, s);
    for (const auto& [name, value] : prepared.diagnostics)
        EXPECT_EQ(name.find("interpolated"), std::string::npos) << name;
    EXPECT_EQ(prepared.intensity.geometry.size, c.image.geometry.size);
}

} // namespace
