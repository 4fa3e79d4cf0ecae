// PyRadiomics-compatible texture classes (glcm, glrlm, glszm, gldm, ngtdm):
//  - small synthetic cases whose matrices are worked out by hand below;
//  - PyRadiomics' own test case brain1 against its published baseline
//    (shared data pyradiomics/baseline/baseline_<class>.csv, every brain1* column),
//    each feature to relative 1e-6.

#include "TestData.h"
#include "io/nrrd/Nrrd.h"
#include "radiomics/pyradiomics/texture/TextureInput.h"

#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>

namespace rgw::radiomics::pyradiomics {
namespace {

double valueOf(const FeatureValues& values, const std::string& name) {
    for (const auto& [n, v] : values)
        if (n == name)
            return v;
    ADD_FAILURE() << "no feature " << name;
    return std::nan("");
}

// A 3x3x1 image, levels (x across, y down):
//   1 1 2
//   1 2 2
//   3 3 2
// force2D angles (z, y, x), one direction each: (0,1,1) (0,1,0) (0,1,-1) (0,0,1).
TextureInput threeByThree() {
    TextureInput in;
    in.size = {3, 3, 1};
    in.spacing = {1, 1, 1};
    in.levels = {1, 1, 2, 1, 2, 2, 3, 3, 2};
    in.Ng = 3;
    return in;
}

TEST(PyradiomicsTexture, AnglesFollowGenerateAngles) {
    auto in = threeByThree();
    // The bounding box is one slice deep, so no angle moves along z: 4 in-plane angles.
    EXPECT_EQ(angles(in, false).size(), 4u);
    EXPECT_EQ(angles(in, true).size(), 8u);
    in.size = {3, 3, 2};
    in.levels.resize(18, 1);
    EXPECT_EQ(angles(in, false).size(), 13u);
    in.settings.force2D = true;
    EXPECT_EQ(angles(in, false).size(), 4u);
}

TEST(PyradiomicsTexture, GlcmByHand) {
    // Symmetrical GLCMs (i, j grey levels), one per angle:
    // x+1: pairs 1-1, 1-2 | 1-2, 2-2 | 3-3, 3-2 -> (1,1)=2 (1,2)=(2,1)=2 (2,2)=2 (3,3)=2
    //   (2,3)=(3,2)=1; 12 pairs; sum of squared counts 22; contrast sum 2*2*1 + 2*1*1 = 6.
    // y+1: 1-1, 1-3 | 1-2, 2-3 | 2-2, 2-2 -> (1,1)=2 (1,3)=(3,1)=1 (1,2)=(2,1)=1
    //   (2,3)=(3,2)=1 (2,2)=4; 12 pairs; squares 26; contrast 2*4 + 2*1 + 2*1 = 12.
    // x+1,y+1: 1-2, 1-2, 1-3, 2-2 -> (1,2)=(2,1)=2 (1,3)=(3,1)=1 (2,2)=2; 8 pairs;
    //   squares 14; contrast 2*2*1 + 2*1*4 = 12.
    // x-1,y+1: 1-1, 2-2, 2-3, 2-3 -> (1,1)=2 (2,2)=2 (2,3)=(3,2)=2; 8 pairs; squares 16;
    //   contrast 2*2*1 = 4.
    // Features are the mean over the 4 angles of the normalised matrices.
    const auto f = glcmFeatures(threeByThree());
    EXPECT_EQ(f.size(), 24u);
    EXPECT_NEAR(valueOf(f, "Contrast"), (6.0 / 12 + 12.0 / 12 + 12.0 / 8 + 4.0 / 8) / 4, 1e-12);
    EXPECT_NEAR(valueOf(f, "JointEnergy"), (22.0 / 144 + 26.0 / 144 + 14.0 / 64 + 16.0 / 64) / 4,
                1e-12);
    // MaximumProbability: 2/12, 4/12, 2/8, 2/8.
    EXPECT_NEAR(valueOf(f, "MaximumProbability"), (2.0 / 12 + 4.0 / 12 + 0.25 + 0.25) / 4, 1e-12);
}

TEST(PyradiomicsTexture, GlrlmByHand) {
    // Runs per angle (a line starts where the step back leaves the image):
    // x+1: [1,1][2] | [1][2,2] | [3,3][2] -> 6 runs, lengths 2,1,1,2,2,1.
    // y+1: [1,1][3] | [1][2][3] | [2,2,2] -> 6 runs, lengths 2,1,1,1,1,3.
    // x+1,y+1: from (0,0) 1,2,2 -> [1][2,2]; (1,0) 1,2 -> [1][2]; (2,0) [2]; (0,1) 1,3 ->
    //   [1][3]; (0,2) [3] -> 8 runs, seven of length 1 and one of 2.
    // x-1,y+1: from (0,0) [1]; (1,0) 1,1 -> [1,1]; (2,0) 2,2,3 -> [2,2][3]; (2,1) 2,3 ->
    //   [2][3]; (2,2) [2] -> 7 runs, lengths 1,2,2,1,1,1,1.
    // RunPercentage = mean of runs / 9; ShortRunEmphasis = mean of sum(1/j^2) / runs.
    const auto f = glrlmFeatures(threeByThree());
    EXPECT_NEAR(valueOf(f, "RunPercentage"), (6.0 + 6 + 8 + 7) / 36, 1e-12);
    const double sre =
        ((3 + 3 * 0.25) / 6 + (4 + 0.25 + 1.0 / 9) / 6 + (7 + 0.25) / 8 + (5 + 2 * 0.25) / 7) / 4;
    EXPECT_NEAR(valueOf(f, "ShortRunEmphasis"), sre, 1e-12);
}

TEST(PyradiomicsTexture, GlszmByHand) {
    // 8-connected zones: level 1 {(0,0),(1,0),(0,1)} size 3; level 2 {(2,0),(1,1),(2,1),(2,2)}
    // size 4; level 3 {(0,2),(1,2)} size 2. Nz = 3, Np = 9.
    const auto f = glszmFeatures(threeByThree());
    EXPECT_NEAR(valueOf(f, "ZonePercentage"), 3.0 / 9.0, 1e-12);
    EXPECT_NEAR(valueOf(f, "SmallAreaEmphasis"), (1.0 / 9 + 1.0 / 16 + 1.0 / 4) / 3, 1e-12);
    EXPECT_NEAR(valueOf(f, "LargeAreaEmphasis"), (9.0 + 16 + 4) / 3, 1e-12);
}

TEST(PyradiomicsTexture, GldmByHand) {
    // alpha 0, 8 neighbours in plane. Dependent neighbours (equal level):
    // (0,0)=1: (1,0),(0,1) -> 2; (1,0)=1: (0,0),(0,1) -> 2; (2,0)=2: (1,1),(2,1) -> 2;
    // (0,1)=1: (0,0),(1,0) -> 2; (1,1)=2: (2,0),(2,1),(2,2) -> 3; (2,1)=2: (2,0),(1,1),(2,2)
    // -> 3; (0,2)=3: (1,2) -> 1; (1,2)=3: (0,2) -> 1; (2,2)=2: (1,1),(2,1) -> 2.
    // j = dependents + 1: 3,3,3,3,4,4,2,2,3 -> SDE = (5/9 + 2/16 + 2/4)/9.
    const auto f = gldmFeatures(threeByThree());
    EXPECT_NEAR(valueOf(f, "SmallDependenceEmphasis"), (5.0 / 9 + 2.0 / 16 + 2.0 / 4) / 9, 1e-12);
    EXPECT_NEAR(valueOf(f, "LargeDependenceEmphasis"), (5.0 * 9 + 2 * 16 + 2 * 4) / 9, 1e-12);
}

TEST(PyradiomicsTexture, NgtdmByHand) {
    // Neighbour means (8-neighbourhood inside the image):
    // (0,0)=1: {1,1,2} mean 4/3 -> |1-4/3| = 1/3; (1,0)=1: {1,2,1,2,2} 8/5 -> 3/5;
    // (2,0)=2: {1,2,2} 5/3 -> 1/3; (0,1)=1: {1,1,2,3,3} 10/5 -> 1;
    // (1,1)=2: {1,1,2,1,2,3,3,2} 15/8 -> 1/8; (2,1)=2: {1,2,2,3,2} 10/5 -> 0;
    // (0,2)=3: {1,2,3} 2 -> 1; (1,2)=3: {1,2,2,3,2} 10/5 -> 1; (2,2)=2: {2,2,3} 7/3 -> 1/3.
    // n = (3,4,2), p = n/9; s_1 = 1/3+3/5+1 = 29/15, s_2 = 1/3+1/8+0+1/3 = 19/24, s_3 = 2.
    const double p1 = 3.0 / 9, p2 = 4.0 / 9, p3 = 2.0 / 9;
    const double s1 = 29.0 / 15, s2 = 19.0 / 24, s3 = 2.0;
    const auto f = ngtdmFeatures(threeByThree());
    EXPECT_NEAR(valueOf(f, "Coarseness"), 1.0 / (p1 * s1 + p2 * s2 + p3 * s3), 1e-12);
    const double strength = (2 * ((p1 + p2) * 1 + (p1 + p3) * 4 + (p2 + p3) * 1)) / (s1 + s2 + s3);
    EXPECT_NEAR(valueOf(f, "Strength"), strength, 1e-12);
}

// ---- brain1 against PyRadiomics' baseline ----

std::vector<std::string> splitCsvLine(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (const char c : line) {
        if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted)
            fields.emplace_back();
        else
            fields.back() += c;
    }
    return fields;
}

struct Baseline {
    std::vector<std::string> columns;                     // brain1, brain1_2d, ...
    std::map<std::string, std::vector<std::string>> rows; // row name -> values
};

Baseline readBaseline(const std::filesystem::path& file) {
    std::ifstream in(file);
    Baseline b;
    std::string line;
    std::getline(in, line);
    auto header = splitCsvLine(line);
    b.columns.assign(header.begin() + 1, header.end());
    while (std::getline(in, line)) {
        auto f = splitCsvLine(line);
        b.rows[f[0]] = std::vector<std::string>(f.begin() + 1, f.end());
    }
    return b;
}

// The value of 'key' in a printed Python settings dict ("" if absent).
std::string setting(const std::string& dict, const std::string& key) {
    const std::string tag = "'" + key + "': ";
    const auto at = dict.find(tag);
    if (at == std::string::npos)
        return "";
    auto begin = at + tag.size();
    int depth = 0;
    auto end = begin;
    for (; end < dict.size(); ++end) {
        const char c = dict[end];
        if (c == '[')
            ++depth;
        else if (c == ']')
            --depth;
        else if ((c == ',' || c == '}') && depth == 0)
            break;
    }
    auto value = dict.substr(begin, end - begin);
    if (value.size() >= 2 && value.front() == '\'')
        value = value.substr(1, value.size() - 2);
    return value;
}

bool isSet(const std::string& v) {
    return !v.empty() && v != "None" && v != "False";
}

struct Brain1 {
    Volume image;
    Mask mask;
};

const Brain1& brain1() {
    static const Brain1 b{nrrd::readVolume(test::dataRoot() / "pyradiomics/brain1_image.nrrd"),
                          nrrd::readMask(test::dataRoot() / "pyradiomics/brain1_label.nrrd")};
    return b;
}

// Fixed bin width counted from 0 as PyRadiomics' binImage: level = floor((x - low)/w) + 1,
// low = min - (min mod w). Only the plain configurations (no resampling, normalisation,
// resegmentation or bin count) are discretised here.
TextureInput discretise(const Brain1& b, const std::string& settings) {
    const std::string bw = setting(settings, "binWidth");
    const double w = bw.empty() ? 25.0 : std::stod(bw);
    double lo = INFINITY;
    for (std::size_t i = 0; i < b.mask.voxels.size(); ++i)
        if (b.mask.voxels[i])
            lo = std::min(lo, static_cast<double>(b.image.voxels[i]));
    const double low = lo - (lo - w * std::floor(lo / w));
    TextureInput in;
    const auto& g = b.image.geometry;
    in.size = {static_cast<std::size_t>(g.size[0]), static_cast<std::size_t>(g.size[1]),
               static_cast<std::size_t>(g.size[2])};
    in.spacing = {g.spacing[0], g.spacing[1], g.spacing[2]};
    in.levels.assign(b.mask.voxels.size(), 0);
    for (std::size_t i = 0; i < b.mask.voxels.size(); ++i)
        if (b.mask.voxels[i]) {
            in.levels[i] = static_cast<int>(std::floor((b.image.voxels[i] - low) / w)) + 1;
            in.Ng = std::max(in.Ng, in.levels[i]);
        }
    in.settings.force2D = setting(settings, "force2D") == "True";
    const std::string dim = setting(settings, "force2Ddimension");
    in.settings.force2Ddimension = dim.empty() ? 0 : std::stoi(dim);
    in.settings.weightingNorm = weightingNormFromName(setting(settings, "weightingNorm"));
    const std::string a = setting(settings, "gldm_a");
    in.settings.gldm_a = a.empty() ? 0 : std::stoi(a);
    return in;
}

bool needsPreprocessing(const std::string& settings) {
    return isSet(setting(settings, "resampledPixelSpacing")) ||
           isSet(setting(settings, "normalize")) || isSet(setting(settings, "resegmentRange")) ||
           isSet(setting(settings, "binCount"));
}

void checkClass(const std::string& cls, FeatureValues (*compute)(const TextureInput&)) {
    const auto b =
        readBaseline(test::dataRoot() / "pyradiomics/baseline" / ("baseline_" + cls + ".csv"));
    const auto& settingsRow = b.rows.at("diagnostics_Configuration_Settings");
    for (std::size_t c = 0; c < b.columns.size(); ++c) {
        const std::string& settings = settingsRow[c];
        if (needsPreprocessing(settings)) {
            std::cout << cls << " " << b.columns[c]
                      << " skipped: needs resampling/normalisation/resegmentation/binCount\n";
            continue;
        }
        const auto values = compute(discretise(brain1(), settings));
        int passed = 0, total = 0;
        for (const auto& [row, expected] : b.rows) {
            const std::string prefix = "original_" + cls + "_";
            if (row.rfind(prefix, 0) != 0)
                continue;
            ++total;
            const double want = std::stod(expected[c]);
            const double got = valueOf(values, row.substr(prefix.size()));
            if (std::abs(got - want) <= 1e-6 * std::abs(want) + 1e-12)
                ++passed;
            else
                ADD_FAILURE() << cls << " " << b.columns[c] << " " << row << ": got " << got
                              << " want " << want;
        }
        std::cout << cls << " " << b.columns[c] << " " << passed << "/" << total << "\n";
        EXPECT_EQ(passed, total);
    }
}

TEST(PyradiomicsTextureBrain1, Glcm) {
    checkClass("glcm", glcmFeatures);
}
TEST(PyradiomicsTextureBrain1, Glrlm) {
    checkClass("glrlm", glrlmFeatures);
}
TEST(PyradiomicsTextureBrain1, Glszm) {
    checkClass("glszm", glszmFeatures);
}
TEST(PyradiomicsTextureBrain1, Gldm) {
    checkClass("gldm", gldmFeatures);
}
TEST(PyradiomicsTextureBrain1, Ngtdm) {
    checkClass("ngtdm", ngtdmFeatures);
}

} // namespace
} // namespace rgw::radiomics::pyradiomics
