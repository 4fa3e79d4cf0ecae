// rgw-cli featuremap as a user runs it: NIfTI image and mask in, one NIfTI
// map per feature out, equal to the core function's maps (the one the GUI
// calls), independent of --threads; unmasked maps; one-line errors.
#ifndef _WIN32

#include "CliTestSupport.h"
#include "io/nifti/Nifti.h"
#include "radiomics/ParameterSet.h"
#include "radiomics/featuremaps/FeatureMaps.h"

#include <gtest/gtest.h>

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

} // namespace

#endif
