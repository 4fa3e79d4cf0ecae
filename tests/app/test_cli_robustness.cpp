// rgw-cli robustness, the perturbation form on image files, as a user runs it:
// three synthetic cases perturbed by noise, rotation and volume adaptation,
// three instances each. The seed is a parameter: the same seed gives the same
// ICC.csv byte for byte on 1 and 2 threads, another seed other numbers; each
// row records the perturbations, repeats, seed and parameter-set hash; and the
// ICC(1,1) written for a feature equals Shrout & Fleiss' one-way formula
// computed here from the perturbed values the command wrote (--features-out).
#ifndef _WIN32

#include "CliTestSupport.h"
#include "CsvLine.h"
#include "io/nifti/Nifti.h"

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

namespace {

constexpr const char* kParameters = R"(modalities: any
discretisation:
  method: fixed_bin_number
  bin_count: 8
)";

/// The fields of a CSV line (tests/support/CsvLine.h).
std::vector<std::string> splitCsv(const std::string& line) {
    return rgw::test::splitCsvLine(line, 0, "output");
}

std::string readAll(const fs::path& file) {
    std::ifstream in(file);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class CliRobustness : public ::testing::Test {
protected:
    rgw::test::TempDir tmp;
    std::string images, masks;
    fs::path params;

    void SetUp() override {
        // Three cases: the same ellipsoid ROI, textures of different contrast.
        for (int c = 0; c < 3; ++c) {
            rgw::Geometry g;
            g.size = {20, 18, 10};
            g.spacing = {1.0, 1.0, 2.0};
            rgw::Volume image(g);
            rgw::Volume roi(g, 0.0f);
            for (std::int64_t k = 0; k < 10; ++k)
                for (std::int64_t j = 0; j < 18; ++j)
                    for (std::int64_t i = 0; i < 20; ++i) {
                        image.at(i, j, k) = static_cast<float>(
                            100.0 +
                            (10.0 + 15.0 * c) * std::sin(0.7 * i + 0.3 * c) * std::cos(0.5 * j) +
                            5.0 * ((i * 7 + j * 3 + k * 5 + c) % 11));
                        const double x = (i - 9.5) / 6.0, y = (j - 8.5) / 5.0, z = (k - 4.5) / 3.0;
                        if (x * x + y * y + z * z <= 1.0)
                            roi.at(i, j, k) = 1.0f;
                    }
            const fs::path imageFile = tmp.path() / ("case" + std::to_string(c) + ".nii.gz");
            const fs::path maskFile = tmp.path() / ("mask" + std::to_string(c) + ".nii.gz");
            rgw::nifti::writeVolume(image, imageFile);
            rgw::nifti::writeVolume(roi, maskFile);
            images += (c ? "," : "") + imageFile.string();
            masks += (c ? "," : "") + maskFile.string();
        }
        params = tmp.path() / "params.yaml";
        std::ofstream(params) << kParameters;
    }

    rgw::test::ProcessResult robustness(const std::string& seed, const std::string& threads,
                                        const fs::path& out, const fs::path& features = {}) {
        std::vector<std::string> args{"--db",
                                      (tmp.path() / "none.rgwdb").string(),
                                      "robustness",
                                      "--image",
                                      images,
                                      "--mask",
                                      masks,
                                      "--params",
                                      params.string(),
                                      "--perturb",
                                      "noise,rotation,volume",
                                      "--repeats",
                                      "3",
                                      "--seed",
                                      seed,
                                      "--threads",
                                      threads,
                                      "--out",
                                      out.string()};
        if (!features.empty()) {
            args.push_back("--features-out");
            args.push_back(features.string());
        }
        return run(cliPath(), args, tmp.path());
    }
};

TEST_F(CliRobustness, SameSeedSameIccsOnEveryThreadCount) {
    const fs::path one = tmp.path() / "icc1.csv", two = tmp.path() / "icc2.csv",
                   other = tmp.path() / "icc_other.csv";
    auto r = robustness("7", "1", one);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("seed 7"), std::string::npos) << r.out;
    r = robustness("7", "2", two);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    r = robustness("8", "1", other);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string first = readAll(one);
    EXPECT_GT(first.size(), 1000u);
    EXPECT_EQ(first, readAll(two)); // byte for byte
    EXPECT_NE(first, readAll(other));

    std::istringstream lines(first);
    std::string line;
    std::getline(lines, line);
    EXPECT_EQ(line, "feature,icc_kind,icc,lower,upper,f,df1,df2,p,cases,repeats,perturbations,"
                    "seed,parameter_set_sha256,note");
    int rows = 0, defined = 0;
    while (std::getline(lines, line)) {
        const auto f = splitCsv(line);
        ASSERT_GE(f.size(), 14u) << line;
        EXPECT_EQ(f[10], "3") << line;
        EXPECT_NE(f[11].find("noise"), std::string::npos) << line;
        EXPECT_NE(f[11].find("rotation"), std::string::npos) << line;
        EXPECT_NE(f[11].find("volume"), std::string::npos) << line;
        EXPECT_EQ(f[12], "7") << line;
        EXPECT_EQ(f[13].size(), 64u) << line;
        ++rows;
        defined += f[2] != "NA";
    }
    std::printf("%d ICC rows, %d defined\n", rows, defined);
    EXPECT_GT(defined, rows / 2);
}

TEST_F(CliRobustness, WrittenIccIsTheOneWayFormulaOfTheWrittenValues) {
    const fs::path icc = tmp.path() / "icc.csv", features = tmp.path() / "features.csv";
    const auto r = robustness("21", "1", icc, features);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string feature = "intensity_statistics.mean_intensity";
    // values[case][repeat]
    std::map<std::string, std::map<int, double>> values;
    std::ifstream in(features);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "feature,case,repeat,value");
    while (std::getline(in, line)) {
        const auto f = splitCsv(line);
        if (f.size() == 4 && f[0] == feature)
            values[f[1]][std::stoi(f[2])] = std::stod(f[3]);
    }
    ASSERT_EQ(values.size(), 3u);
    // ICC(1,1) = (MSB − MSW) / (MSB + (k − 1)·MSW), Shrout & Fleiss (1979), one-way.
    const double n = 3.0, k = 3.0;
    double grand = 0.0;
    for (const auto& [c, repeats] : values) {
        ASSERT_EQ(repeats.size(), 3u) << c;
        for (const auto& [rep, v] : repeats)
            grand += v;
    }
    grand /= n * k;
    double between = 0.0, within = 0.0;
    for (const auto& [c, repeats] : values) {
        double mean = 0.0;
        for (const auto& [rep, v] : repeats)
            mean += v / k;
        between += k * (mean - grand) * (mean - grand);
        for (const auto& [rep, v] : repeats)
            within += (v - mean) * (v - mean);
    }
    const double msb = between / (n - 1.0), msw = within / (n * (k - 1.0));
    const double expected = (msb - msw) / (msb + (k - 1.0) * msw);
    bool found = false;
    std::ifstream iccIn(icc);
    while (std::getline(iccIn, line)) {
        const auto f = splitCsv(line);
        if (f.size() > 2 && f[0] == feature && f[1] == "ICC(1,1)") {
            found = true;
            EXPECT_NEAR(std::stod(f[2]), expected, 1e-12 * std::max(1.0, std::abs(expected)))
                << line;
        }
    }
    EXPECT_TRUE(found) << "no ICC(1,1) row of " << feature;
}

} // namespace

#endif
