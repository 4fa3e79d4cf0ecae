// rgw-cli featuremap as a user runs it: NIfTI image and mask in, one NIfTI
// map per feature out, equal to the core function's maps (the one the GUI
// calls), independent of --threads; unmasked maps; one-line errors. The
// DICOM route: the IBSI CT phantom's series and RTSTRUCT in, Parametric Maps
// out whose Float Pixel Data equal the NIfTI maps of the same run, valid for
// dicom3tools' dciodvfy.
#ifndef _WIN32

#include "../core/ExportTestSupport.h"
#include "CliTestSupport.h"
#include "TestData.h"
#include "io/nifti/Nifti.h"
#include "radiomics/ParameterSet.h"
#include "radiomics/featuremaps/FeatureMaps.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <gtest/gtest.h>
#include <zlib.h>

namespace fs = std::filesystem;
using rgw::test::cliPath;
using rgw::test::run;

namespace {

class CliFeatureMap : public ::testing::Test {
protected:
    rgw::test::TempDir tmp;
    fs::path image, mask;

    void SetUp() override {
        rgw::Geometry g;
        g.size = {11, 9, 7};
        g.spacing = {1.2, 1.0, 2.5};
        g.origin = {-12.0, 4.0, 30.0};
        rgw::Volume im(g), roi(g, 0.0f);
        for (std::int64_t k = 0; k < 7; ++k)
            for (std::int64_t j = 0; j < 9; ++j)
                for (std::int64_t i = 0; i < 11; ++i) {
                    im.at(i, j, k) = static_cast<float>(1 + (i * 7 + j * 3 + k * 5 + i * j) % 6);
                    if (i >= 2 && i <= 8 && j >= 1 && j <= 7 && k >= 1 && k <= 5)
                        roi.at(i, j, k) = 1.0f;
                }
        image = tmp.path() / "image.nii.gz";
        mask = tmp.path() / "mask.nii.gz";
        rgw::nifti::writeVolume(im, image);
        rgw::nifti::writeVolume(roi, mask);
    }
    rgw::test::ProcessResult cli(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", (tmp.path() / "none.rgwdb").string()});
        return run(cliPath(), args, tmp.path());
    }
    rgw::test::ProcessResult
    featuremap(const fs::path& out, std::vector<std::string> extra,
               const std::string& features =
                   "glcm.joint_entropy.3d_mrg,intensity_statistics.mean_intensity") {
        std::vector<std::string> args = {
            "featuremap", "--image", image.string(), "--params", "ibsi-digital-phantom",
            "--features", features,  "--radius",     "1",        "--out",
            out.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return cli(args);
    }
};

TEST_F(CliFeatureMap, WritesTheCoreMapsAtAnyThreadCount) {
    const auto r = featuremap(tmp.path() / "maps", {"--mask", mask.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("cube of radius 1 voxels, 245 centres"), std::string::npos) << r.out;

    const rgw::Volume im = rgw::nifti::readVolume(image);
    const rgw::Mask roi = rgw::nifti::readMask(mask);
    const auto features = rgw::radiomics::featuremaps::selectMapFeatures(
        "glcm.joint_entropy.3d_mrg,intensity_statistics.mean_intensity");
    const auto maps = rgw::radiomics::featuremaps::computeFeatureMaps(
        im, &roi, rgw::radiomics::loadParameterSet("ibsi-digital-phantom").settings, features,
        {1, 1});
    ASSERT_EQ(maps.voxels.size(), 245u);
    const auto threaded =
        featuremap(tmp.path() / "maps4", {"--mask", mask.string(), "--threads", "4"});
    ASSERT_EQ(threaded.exitCode, 0) << threaded.err;
    for (std::size_t f = 0; f < features.size(); ++f) {
        const std::string name = features[f].columnName + ".nii.gz";
        const rgw::Volume written = rgw::nifti::readVolume(tmp.path() / "maps" / name);
        ASSERT_TRUE(written.geometry.sameGrid(im.geometry)) << name;
        EXPECT_EQ(written.voxels, maps.volume(f).voxels) << name;
        EXPECT_EQ(rgw::nifti::readVolume(tmp.path() / "maps4" / name).voxels, written.voxels)
            << name;
    }
}

TEST_F(CliFeatureMap, WithoutMaskEveryVoxelIsACentre) {
    const auto r = featuremap(tmp.path() / "all", {});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("none (every voxel)"), std::string::npos) << r.out;
    const rgw::Volume mean =
        rgw::nifti::readVolume(tmp.path() / "all" / "intensity_statistics.mean_intensity.nii.gz");
    for (float v : mean.voxels)
        ASSERT_GE(v, 1.0f); // intensities are 1 … 6 everywhere
}

TEST_F(CliFeatureMap, OneLineErrors) {
    auto r = featuremap(tmp.path() / "x", {"--mask", mask.string()}, "glcm.nope");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("unknown feature 'glcm.nope'"), std::string::npos) << r.err;
    r = cli({"featuremap", "--image", image.string(), "--params", "ibsi-digital-phantom",
             "--features", "glcm", "--out", (tmp.path() / "y").string()});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--radius"), std::string::npos) << r.err;
    r = cli({"featuremap", "--image", image.string(), "--mask", mask.string(), "--params",
             "ibsi-config-C", "--features", "glcm", "--radius", "1", "--out",
             (tmp.path() / "z").string()});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("interpolation"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "z"));
}

/// The float32 voxels of a NIfTI-1 .nii.gz, read straight from the file
/// (header fields at their NIfTI-1 offsets): our reader refuses NaN, which
/// maps keep where a feature is undefined.
std::vector<float> rawNiftiFloats(const fs::path& file) {
    gzFile gz = gzopen(file.string().c_str(), "rb");
    EXPECT_NE(gz, nullptr) << file;
    if (!gz)
        return {};
    std::vector<char> bytes;
    char buffer[1 << 16];
    for (int n; (n = gzread(gz, buffer, sizeof buffer)) > 0;)
        bytes.insert(bytes.end(), buffer, buffer + n);
    gzclose(gz);
    const auto field = [&](std::size_t offset, auto value) {
        std::memcpy(&value, bytes.data() + offset, sizeof value);
        return value;
    };
    EXPECT_EQ(field(0, std::int32_t{}), 348) << file; // sizeof_hdr
    EXPECT_EQ(field(70, std::int16_t{}), 16) << file; // datatype FLOAT32
    const float slope = field(112, float{}), inter = field(116, float{});
    EXPECT_TRUE((slope == 0.0f || slope == 1.0f) && inter == 0.0f) << file;
    std::size_t count = 1;
    for (int d = 1; d <= field(40, std::int16_t{}); ++d)
        count *=
            static_cast<std::size_t>(field(40 + 2 * static_cast<std::size_t>(d), std::int16_t{}));
    const auto offset = static_cast<std::size_t>(field(108, float{}));
    std::vector<float> values(count);
    EXPECT_GE(bytes.size(), offset + count * sizeof(float)) << file;
    if (bytes.size() >= offset + count * sizeof(float))
        std::memcpy(values.data(), bytes.data() + offset, count * sizeof(float));
    return values;
}

TEST_F(CliFeatureMap, DicomParametricMapsEqualTheNiftiMapsOfTheSameRun) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path phantom = rgw::test::ibsiDataSets() / "ibsi_1_ct_radiomics_phantom" / "dicom";
    const fs::path out = tmp.path() / "dicom-maps";
    const std::vector<std::string> features = {"glcm.joint_entropy.3d_mrg",
                                               "intensity_statistics.mean_intensity"};
    const auto r = cli({"featuremap", "--image", (phantom / "image").string(), "--mask",
                        (phantom / "mask" / "DCM_RS_00060.dcm").string(), "--params",
                        "ibsi-config-A", "--features", features[0] + "," + features[1], "--radius",
                        "1", "--format", "both", "--out", out.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const bool validate = std::system("command -v dciodvfy > /dev/null 2>&1") == 0;
    if (!validate)
        std::printf("dciodvfy (dicom3tools) is not installed: IOD validation skipped\n");
    for (const std::string& feature : features) {
        const std::vector<float> nifti = rawNiftiFloats(out / (feature + ".nii.gz"));
        const fs::path dcm = out / (feature + ".dcm");
        DcmFileFormat ff;
        ASSERT_TRUE(ff.loadFile(dcm.string().c_str()).good()) << dcm;
        DcmDataset& ds = *ff.getDataset();
        Sint32 frames = 0;
        ASSERT_TRUE(ds.findAndGetSint32(DCM_NumberOfFrames, frames).good());
        EXPECT_EQ(frames, 60); // the phantom's slices
        const Float32* pixels = nullptr;
        unsigned long count = 0;
        ASSERT_TRUE(ds.findAndGetFloat32Array(DCM_FloatPixelData, pixels, &count).good());
        ASSERT_EQ(count, nifti.size()) << dcm;
        std::size_t equal = 0, nan = 0, roi = 0;
        for (std::size_t n = 0; n < count; ++n) {
            const bool bothNan = std::isnan(pixels[n]) && std::isnan(nifti[n]);
            equal += bothNan || std::memcmp(&pixels[n], &nifti[n], sizeof(float)) == 0;
            nan += bothNan;
            roi += nifti[n] != 0.0f;
        }
        EXPECT_EQ(equal, count) << dcm;
        EXPECT_GT(roi, 1000u) << dcm; // the GTV-1 maps are not empty
        std::printf("%s: %zu of %zu voxels equal to the NIfTI map (%zu NaN, %zu non-zero)\n",
                    dcm.filename().string().c_str(), equal, count, nan, roi);
        if (validate)
            rgw::test::expectValidIod(dcm, "ParametricMap");
    }

    // IMAGE as the Series Instance UID of the series imported into a
    // database: the map references that series, lies in its Frame of
    // Reference and holds the values of the folder run.
    DcmFileFormat source;
    ASSERT_TRUE(source.loadFile((phantom / "image" / "DCM_IMG_00000.dcm").string().c_str()).good());
    OFString seriesUid, frameOfReference;
    source.getDataset()->findAndGetOFString(DCM_SeriesInstanceUID, seriesUid);
    source.getDataset()->findAndGetOFString(DCM_FrameOfReferenceUID, frameOfReference);
    const std::string db = (tmp.path() / "phantom.rgwdb").string();
    const auto imported =
        run(cliPath(), {"--db", db, "import", (phantom / "image").string()}, tmp.path());
    ASSERT_EQ(imported.exitCode, 0) << imported.err;
    const fs::path stored = tmp.path() / "stored-maps";
    const auto s = run(cliPath(),
                       {"--db", db, "featuremap", "--image", seriesUid.c_str(), "--mask",
                        (phantom / "mask" / "DCM_RS_00060.dcm").string(), "--params",
                        "ibsi-config-A", "--features", features[1], "--radius", "1", "--format",
                        "dicom", "--out", stored.string()},
                       tmp.path());
    ASSERT_EQ(s.exitCode, 0) << s.err;
    EXPECT_FALSE(fs::exists(stored / (features[1] + ".nii.gz")));
    DcmFileFormat fromFolder, fromDatabase;
    ASSERT_TRUE(fromFolder.loadFile((out / (features[1] + ".dcm")).string().c_str()).good());
    ASSERT_TRUE(fromDatabase.loadFile((stored / (features[1] + ".dcm")).string().c_str()).good());
    const Float32 *a = nullptr, *b = nullptr;
    unsigned long na = 0, nb = 0;
    ASSERT_TRUE(fromFolder.getDataset()->findAndGetFloat32Array(DCM_FloatPixelData, a, &na).good());
    ASSERT_TRUE(
        fromDatabase.getDataset()->findAndGetFloat32Array(DCM_FloatPixelData, b, &nb).good());
    ASSERT_EQ(na, nb);
    EXPECT_EQ(std::memcmp(a, b, na * sizeof(Float32)), 0);
    OFString text;
    fromDatabase.getDataset()->findAndGetOFString(DCM_FrameOfReferenceUID, text);
    EXPECT_EQ(text, frameOfReference);
    DcmItem* referenced = nullptr;
    ASSERT_TRUE(fromDatabase.getDataset()
                    ->findAndGetSequenceItem(DCM_ReferencedSeriesSequence, referenced, 0)
                    .good());
    referenced->findAndGetOFString(DCM_SeriesInstanceUID, text);
    EXPECT_EQ(text, seriesUid);
}

TEST_F(CliFeatureMap, DicomFormatNeedsADicomImage) {
    const fs::path out = tmp.path() / "no-dicom";
    auto r = featuremap(out, {"--mask", mask.string(), "--format", "dicom"});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("--format"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(image.string()), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
    r = featuremap(out, {"--format", "dcm"});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("--format"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
}

} // namespace

#endif
