// rgw-cli filter and rgw-cli extract with a parameter file's `filters:`
// section, as a user runs them: the response map written as NIfTI equals the
// mean filter computed here by brute force (3 x 3 x 3 average, zero outside
// the image); extract adds the filter's intensity statistics (family named
// after the filter) whose mean is the mean of that map over the ROI; the
// filter is chosen with --filter when there are several; an aligned Riesz
// filter's map is the core's response; one-line errors.
#ifndef _WIN32

#include "CliTestSupport.h"
#include "filters/Riesz.h"
#include "io/nifti/Nifti.h"

#include <chrono>
#include <cmath>
#include <csignal>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using rgw::test::cliPath;
using rgw::test::run;

namespace {

constexpr const char* kParameters = R"(modalities: any
discretisation:
  method: fixed_bin_number
  bin_count: 8
filters:
  - type: mean
    support: 3
    dimensions: 3D
    boundary: zero
  - type: log
    sigma_mm: 1
)";

class CliFilter : public ::testing::Test {
protected:
    rgw::test::TempDir tmp;
    fs::path image, mask, params;
    rgw::Volume im;
    rgw::Volume roi;

    void SetUp() override {
        rgw::Geometry g;
        g.size = {9, 8, 6};
        g.spacing = {1.0, 1.0, 1.0};
        g.origin = {-4.0, 2.0, 10.0};
        im = rgw::Volume(g);
        roi = rgw::Volume(g, 0.0f);
        for (std::int64_t k = 0; k < 6; ++k)
            for (std::int64_t j = 0; j < 8; ++j)
                for (std::int64_t i = 0; i < 9; ++i) {
                    im.at(i, j, k) = static_cast<float>((i * 7 + j * 3 + k * 5 + i * j) % 11);
                    if (i >= 2 && i <= 6 && j >= 2 && j <= 5 && k >= 1 && k <= 4)
                        roi.at(i, j, k) = 1.0f;
                }
        image = tmp.path() / "image.nii.gz";
        mask = tmp.path() / "mask.nii.gz";
        params = tmp.path() / "filters.yaml";
        rgw::nifti::writeVolume(im, image);
        rgw::nifti::writeVolume(roi, mask);
        std::ofstream(params) << kParameters;
    }

    /// The 3 x 3 x 3 mean at (i, j, k), voxels outside the image counting 0.
    double bruteForceMean(std::int64_t i, std::int64_t j, std::int64_t k) const {
        double sum = 0.0;
        for (std::int64_t c = k - 1; c <= k + 1; ++c)
            for (std::int64_t b = j - 1; b <= j + 1; ++b)
                for (std::int64_t a = i - 1; a <= i + 1; ++a)
                    if (a >= 0 && b >= 0 && c >= 0 && a < 9 && b < 8 && c < 6)
                        sum += im.at(a, b, c);
        return sum / 27.0;
    }

    rgw::test::ProcessResult cli(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", (tmp.path() / "none.rgwdb").string()});
        return run(cliPath(), args, tmp.path());
    }
};

TEST_F(CliFilter, WritesTheResponseMapOfTheChosenFilter) {
    const fs::path out = tmp.path() / "mean.nii.gz";
    const auto r = cli({"filter", "--image", image.string(), "--params", params.string(),
                        "--filter", "1", "--out", out.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("Filter:      1 of 2, mean_M3_3D_zero"), std::string::npos) << r.out;
    const rgw::Volume response = rgw::nifti::readVolume(out);
    ASSERT_TRUE(response.geometry.sameGrid(im.geometry));
    double worst = 0.0;
    for (std::int64_t k = 0; k < 6; ++k)
        for (std::int64_t j = 0; j < 8; ++j)
            for (std::int64_t i = 0; i < 9; ++i)
                worst = std::max(worst, std::abs(response.at(i, j, k) - bruteForceMean(i, j, k)));
    EXPECT_LT(worst, 1e-5);
}

TEST_F(CliFilter, ExtractAddsTheFiltersIntensityStatistics) {
    const fs::path csv = tmp.path() / "features.csv";
    const auto r = cli({"extract", "--image", image.string(), "--mask", mask.string(), "--params",
                        params.string(), "--out", csv.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    double sum = 0.0;
    int n = 0;
    for (std::int64_t k = 0; k < 6; ++k)
        for (std::int64_t j = 0; j < 8; ++j)
            for (std::int64_t i = 0; i < 9; ++i)
                if (roi.at(i, j, k) != 0.0f) {
                    sum += bruteForceMean(i, j, k);
                    ++n;
                }
    std::ifstream in(csv);
    std::string line;
    bool meanFound = false, logFound = false;
    while (std::getline(in, line)) {
        if (line.rfind("mean_m3_3d_zero_intensity_statistics,Mean intensity,Q4LE,,", 0) == 0) {
            meanFound = true;
            std::stringstream fields(line);
            std::string field;
            for (int c = 0; c < 5; ++c)
                std::getline(fields, field, ',');
            EXPECT_NEAR(std::stod(field), sum / n, 1e-5) << line;
            EXPECT_NE(line.find(",a.u.,"), std::string::npos) << line; // a response, not HU
        }
        logFound |= line.rfind("log_sigma1_trunc4_3d_mirror_intensity_statistics,", 0) == 0;
    }
    EXPECT_TRUE(meanFound);
    EXPECT_TRUE(logFound);
}

TEST_F(CliFilter, WritesTheAlignedRieszResponse) {
    // A Riesz filter steered to the structure tensor, from the parameter file to
    // the written map: the same voxels as the core's response of the image.
    const fs::path aligned = tmp.path() / "aligned.yaml";
    std::ofstream(aligned) << "filters:\n  - type: riesz\n    dimensions: 3D\n"
                              "    boundary: mirror\n    order: [2, 0, 0]\n    base: log\n"
                              "    sigma_mm: 1.5\n    align: structure_tensor\n"
                              "    tensor_sigma_mm: 2\n";
    const fs::path out = tmp.path() / "riesz.nii.gz";
    const auto r = cli(
        {"filter", "--image", image.string(), "--params", aligned.string(), "--out", out.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("riesz_l2-0-0_aligned_tensor_sigma2_log_sigma1.5_trunc4_3D_mirror"),
              std::string::npos)
        << r.out;
    rgw::filters::RieszLogSpec spec;
    spec.sigmaMm = 1.5;
    spec.order.l = {2, 0, 0};
    spec.padding = rgw::filters::FourierPadding::Mirror;
    spec.alignment = rgw::filters::StructureTensorAlignment{2.0};
    const rgw::Volume expected = rgw::filters::rieszLogResponse(im, spec);
    const rgw::Volume response = rgw::nifti::readVolume(out);
    ASSERT_TRUE(response.geometry.sameGrid(im.geometry));
    double worst = 0.0, peak = 0.0;
    for (std::size_t v = 0; v < expected.voxels.size(); ++v) {
        worst =
            std::max(worst, std::abs(static_cast<double>(response.voxels[v]) - expected.voxels[v]));
        peak = std::max(peak, std::abs(static_cast<double>(expected.voxels[v])));
    }
    EXPECT_GT(peak, 0.1);
    EXPECT_LT(worst, 1e-6 * peak);
}

TEST_F(CliFilter, RefusesWhatItCannotDoInOneLine) {
    const fs::path out = tmp.path() / "x.nii.gz";
    const auto several = cli(
        {"filter", "--image", image.string(), "--params", params.string(), "--out", out.string()});
    EXPECT_NE(several.exitCode, 0);
    EXPECT_NE(several.err.find("has 2 filters: choose one with --filter K"), std::string::npos)
        << several.err;
    const auto none =
        cli({"filter", "--image", image.string(), "--params", "ct-default", "--out", out.string()});
    EXPECT_NE(none.exitCode, 0);
    EXPECT_NE(none.err.find("ct-default has no filters: section"), std::string::npos) << none.err;
    const auto range = cli({"filter", "--image", image.string(), "--params", params.string(),
                            "--filter", "3", "--out", out.string()});
    EXPECT_NE(range.exitCode, 0);
    EXPECT_NE(range.err.find("--filter"), std::string::npos) << range.err;
    const auto csv = cli({"filter", "--image", image.string(), "--params", params.string(),
                          "--filter", "1", "--out", (tmp.path() / "x.csv").string()});
    EXPECT_NE(csv.err.find("--out must name a .nii or .nii.gz file"), std::string::npos) << csv.err;
    EXPECT_FALSE(fs::exists(out));
}

// Ctrl-C while the filter runs: it stops between its passes over the image
// (exit status 130), says so and writes nothing. The same run is first timed
// whole, then interrupted half way through (the image is read in a few ms;
// the 24 Gabor convolutions take the rest).
TEST_F(CliFilter, CtrlCStopsTheFilterAndWritesNothing) {
    rgw::Geometry g;
    g.size = {64, 64, 64};
    g.spacing = {1.0, 1.0, 1.0};
    rgw::Volume big(g);
    for (std::size_t v = 0; v < big.voxels.size(); ++v)
        big.voxels[v] = static_cast<float>((v * 2654435761u) % 1000u);
    const fs::path bigImage = tmp.path() / "big.nii.gz";
    rgw::nifti::writeVolume(big, bigImage);
    const fs::path slow = tmp.path() / "gabor.yaml";
    std::ofstream(slow) << "modalities: any\nfilters:\n  - type: gabor\n    sigma_mm: 3\n"
                           "    lambda_mm: 4\n    rotation_invariant: true\n"
                           "    delta_theta_deg: 22.5\n    dimensions: 3D\n";
    const fs::path out = tmp.path() / "gabor.nii.gz";
    const std::vector<std::string> args{"--db",
                                        (tmp.path() / "none.rgwdb").string(),
                                        "filter",
                                        "--image",
                                        bigImage.string(),
                                        "--params",
                                        slow.string(),
                                        "--out",
                                        out.string()};
    const auto start = std::chrono::steady_clock::now();
    const auto whole = run(cliPath(), args, tmp.path());
    const auto took = std::chrono::steady_clock::now() - start;
    ASSERT_EQ(whole.exitCode, 0) << whole.err;
    ASSERT_TRUE(fs::exists(out));
    fs::remove(out);

    const pid_t pid =
        rgw::test::spawn(cliPath(), args, tmp.path() / "cancel.out", tmp.path() / "cancel.err");
    std::this_thread::sleep_for(took / 2);
    kill(pid, SIGINT);
    const auto stopped = rgw::test::waitFor(pid);
    const std::string err = rgw::test::slurp(tmp.path() / "cancel.err");
    EXPECT_EQ(stopped.exitCode, 130) << "signal " << stopped.signal << ": " << err;
    EXPECT_NE(err.find("filter cancelled; nothing was written"), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(out));
}

} // namespace

#endif
