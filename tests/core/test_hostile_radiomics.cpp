// Hostile radiomics inputs (issue #10): parameters and intensities that used to
// overflow a cast or size a buffer by the value of a grey level end in a clean
// rgw::Error naming the parameter or quantity, or in a correct result — under a
// 64 MB memory budget and within a second. Correct results are checked against
// brute-force computations from the raw voxels.

#include "IbsiPhantoms.h"
#include "radiomics/Extractor.h"
#include "radiomics/ParameterSet.h"
#include "radiomics/morphology/SpatialAutocorrelation.h"
#include "radiomics/processing/Pipeline.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstring>
#include <gtest/gtest.h>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace rgw;
using namespace rgw::radiomics;

namespace {

/// Every test runs under a small budget, as a machine with little memory would.
class HostileRadiomics : public ::testing::Test {
protected:
    void SetUp() override { budget::setMemoryBytes(64u << 20); }
    void TearDown() override { budget::setMemoryBytes(0); }
};

Settings settingsFrom(const std::string& yaml) {
    return parseParameterSet(yaml, "hostile.yaml").settings;
}

/// No processing, 3D texture at δ = 1; `discretisation` is the YAML block body.
Settings plainSettings(const std::string& discretisation,
                       const std::string& ivh = "bin_numbers\n  bin_count: 8") {
    return settingsFrom("interpolation:\n  enabled: false\ndiscretisation:\n" + discretisation +
                        "\nivh:\n  mode: " + ivh +
                        "\ntexture:\n  distance: 1\n  aggregation: volumetric\n");
}

/// An nx × ny × nz image of 1 mm voxels whose ROI is all but a one-voxel rim,
/// with intensities 0, 1, 2, … (mod `period`) scaled by `scale` plus `offset`.
struct Synthetic {
    Volume image;
    Mask mask;
};
Synthetic synthetic(int nx, int ny, int nz, int period, double scale, double offset) {
    Geometry g;
    g.size = {nx, ny, nz};
    Synthetic s{Volume(g, 0.0f), Mask(g, 0)};
    for (int k = 0; k < nz; ++k)
        for (int j = 0; j < ny; ++j)
            for (int i = 0; i < nx; ++i) {
                const std::size_t v = g.linearIndex(i, j, k);
                s.image.voxels[v] = static_cast<float>(
                    offset + scale * static_cast<double>((i * 7 + j * 3 + k * 5) % period));
                s.mask.voxels[v] =
                    i > 0 && j > 0 && i < nx - 1 && j < ny - 1 && (nz < 3 || (k > 0 && k < nz - 1));
            }
    return s;
}

/// The message of the rgw::Error `f` throws ("" when it does not throw).
template <class F> std::string errorOf(F f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

double seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

const FeatureValue* find(const FeatureTable& t, const std::string& family, const std::string& code,
                         const std::string& aggregation) {
    for (const auto& v : t.values)
        if (v.family == family && v.ibsiCode == code && v.aggregation == aggregation)
            return &v;
    return nullptr;
}

double valueOf(const FeatureTable& t, const std::string& family, const std::string& code,
               const std::string& aggregation = "") {
    const FeatureValue* v = find(t, family, code, aggregation);
    EXPECT_NE(v, nullptr) << family << " " << code << " [" << aggregation << "] missing";
    return v ? v->value : std::nan("");
}

/// Grey levels of the intensity mask as a dense (i fastest) array, 0 outside.
struct Levels {
    std::array<std::int64_t, 3> size{};
    std::vector<long long> level;
    long long at(std::int64_t i, std::int64_t j, std::int64_t k) const {
        if (i < 0 || j < 0 || k < 0 || i >= size[0] || j >= size[1] || k >= size[2])
            return 0;
        return level[static_cast<std::size_t>((k * size[1] + j) * size[0] + i)];
    }
};

/// The 13 directions of the 3D GLCM (one of each ± pair).
std::vector<std::array<int, 3>> directions13() {
    std::vector<std::array<int, 3>> d;
    for (int dk = -1; dk <= 1; ++dk)
        for (int dj = -1; dj <= 1; ++dj)
            for (int di = -1; di <= 1; ++di)
                if (dk > 0 || (dk == 0 && dj > 0) || (dk == 0 && dj == 0 && di > 0))
                    d.push_back({di, dj, dk});
    return d;
}

/// Brute force: joint average Σ i p_ij (60VM) and contrast Σ (i−j)² p_ij
/// (ACUI) of the 3D merged GLCM, from every neighbour pair counted both ways.
std::pair<double, double> bruteForceGlcm(const Levels& l) {
    double pairs = 0.0, sumI = 0.0, sumD2 = 0.0;
    for (const auto& d : directions13())
        for (std::int64_t k = 0; k < l.size[2]; ++k)
            for (std::int64_t j = 0; j < l.size[1]; ++j)
                for (std::int64_t i = 0; i < l.size[0]; ++i) {
                    const long long a = l.at(i, j, k), b = l.at(i + d[0], j + d[1], k + d[2]);
                    if (a == 0 || b == 0)
                        continue;
                    pairs += 2.0;
                    sumI += static_cast<double>(a + b);
                    sumD2 += 2.0 * static_cast<double>(a - b) * static_cast<double>(a - b);
                }
    return {sumI / pairs, sumD2 / pairs};
}

/// Brute force: the number of 26-connected zones of equal grey level (GLSZM).
int bruteForceZones(const Levels& l) {
    std::vector<char> seen(l.level.size(), 0);
    int zones = 0;
    for (std::int64_t k = 0; k < l.size[2]; ++k)
        for (std::int64_t j = 0; j < l.size[1]; ++j)
            for (std::int64_t i = 0; i < l.size[0]; ++i) {
                const auto v = static_cast<std::size_t>((k * l.size[1] + j) * l.size[0] + i);
                if (l.level[v] == 0 || seen[v])
                    continue;
                ++zones;
                std::vector<std::array<std::int64_t, 3>> stack{{i, j, k}};
                seen[v] = 1;
                while (!stack.empty()) {
                    const auto c = stack.back();
                    stack.pop_back();
                    for (int dk = -1; dk <= 1; ++dk)
                        for (int dj = -1; dj <= 1; ++dj)
                            for (int di = -1; di <= 1; ++di) {
                                const std::int64_t x = c[0] + di, y = c[1] + dj, z = c[2] + dk;
                                if (l.at(x, y, z) != l.level[v])
                                    continue;
                                const auto w =
                                    static_cast<std::size_t>((z * l.size[1] + y) * l.size[0] + x);
                                if (!seen[w]) {
                                    seen[w] = 1;
                                    stack.push_back({x, y, z});
                                }
                            }
                }
            }
    return zones;
}

/// Levels of an unprocessed image whose intensities are already grey levels.
Levels levelsAsIs(const Volume& image, const Mask& mask) {
    Levels l;
    l.size = image.geometry.size;
    l.level.assign(image.voxels.size(), 0);
    for (std::size_t v = 0; v < image.voxels.size(); ++v)
        if (mask.voxels[v])
            l.level[v] = std::llround(image.voxels[v]);
    return l;
}

/// Fixed bin number by hand, in long double: ⌊N_g (X − X_min)/(X_max − X_min)⌋ + 1,
/// clamped to N_g, with X_min and X_max of the ROI.
Levels fbnLevels(const Synthetic& s, long double ng) {
    long double lo = std::numeric_limits<long double>::infinity(), hi = -lo;
    for (std::size_t v = 0; v < s.image.voxels.size(); ++v)
        if (s.mask.voxels[v]) {
            lo = std::min<long double>(lo, s.image.voxels[v]);
            hi = std::max<long double>(hi, s.image.voxels[v]);
        }
    Levels l = levelsAsIs(s.image, s.mask);
    for (std::size_t v = 0; v < l.level.size(); ++v)
        if (s.mask.voxels[v])
            l.level[v] = static_cast<long long>(
                std::min(std::floor(ng * (s.image.voxels[v] - lo) / (hi - lo)) + 1.0L, ng));
    return l;
}

/// Checks the texture features that a brute force gives against `table`.
void expectBruteForce(const FeatureTable& table, const Levels& levels) {
    const auto [jointAverage, contrast] = bruteForceGlcm(levels);
    EXPECT_NEAR(valueOf(table, "glcm", "60VM", "3D, merged"), jointAverage,
                1e-9 * std::abs(jointAverage));
    EXPECT_NEAR(valueOf(table, "glcm", "ACUI", "3D, merged"), contrast, 1e-9 * contrast + 1e-9);
    double voxels = 0.0;
    for (const long long x : levels.level)
        voxels += x > 0 ? 1.0 : 0.0;
    EXPECT_NEAR(valueOf(table, "glszm", "P30P", "3D") * voxels, bruteForceZones(levels), 1e-9);
}

/// The digital phantom with its first ROI voxel (raster order) set to `value`.
test::ImageAndMask phantomWithOneVoxel(float value) {
    test::ImageAndMask p = test::digitalPhantom();
    for (std::size_t v = 0; v < p.mask.voxels.size(); ++v)
        if (p.mask.voxels[v]) {
            p.image.voxels[v] = value;
            break;
        }
    return p;
}

} // namespace

// bin_count 2^31 − 1 overflowed N_g + 1 in Discretiser::level; now a clean
// result whose grey levels are as far apart as the bin count says.
TEST_F(HostileRadiomics, BinCountIntMaxGivesTheBruteForceResult) {
    const Synthetic s = synthetic(9, 8, 5, 11, 10.0, -50.0);
    const Settings settings = plainSettings("  method: fixed_bin_number\n  bin_count: 2147483647");
    const auto start = std::chrono::steady_clock::now();
    const FeatureTable table =
        extract(s.image, s.mask, settings, {{"glcm", "glszm", "intensity_histogram"}});
    EXPECT_LT(seconds(start), 2.0);

    expectBruteForce(table, fbnLevels(s, 2147483647.0L));
    EXPECT_EQ(valueOf(table, "intensity_histogram", "3NCY"), 2147483647.0);
}

// A fixed bin size of 1e-12 overflowed the float → int cast and ended in an
// internal "DiscretisedRoi: grey level -2147483647" message.
TEST_F(HostileRadiomics, TinyBinWidthNamesTheParameterAndTheRange) {
    const Synthetic s = synthetic(8, 8, 4, 5, 1000.0, -1000.0); // intensities −1000 … 3000
    const Settings settings = plainSettings("  method: fixed_bin_size\n  bin_width: 1e-12");
    const std::string message = errorOf([&] { extract(s.image, s.mask, settings, {{"glcm"}}); });
    EXPECT_NE(message.find("fixed bin size 1e-12 over intensities [-1000, 3000]"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("4e+15 grey levels"), std::string::npos) << message;
    EXPECT_NE(message.find("discretisation.bin_width"), std::string::npos) << message;
}

// spacing_mm 0.01 asked for terabytes of interpolated grid before any check.
TEST_F(HostileRadiomics, FineResamplingIsRefusedBeforeAllocating) {
    const Synthetic s = synthetic(100, 100, 50, 7, 10.0, 0.0);
    const Settings settings = settingsFrom("interpolation:\n  spacing_mm: [0.01, 0.01, 0.01]\n"
                                           "  image: linear\n  mask: linear\n"
                                           "discretisation:\n  method: fixed_bin_size\n"
                                           "  bin_width: 25\nivh:\n  mode: bin_numbers\n"
                                           "  bin_count: 8\n");
    const auto start = std::chrono::steady_clock::now();
    const std::string message = errorOf([&] { processing::prepareRoi(s.image, s.mask, settings); });
    EXPECT_LT(seconds(start), 1.0);
    EXPECT_NE(message.find("re-sampling the ROI to 0.01 × 0.01 × 0.01 mm ("), std::string::npos)
        << message;
    EXPECT_NE(message.find("TB, over the memory budget"), std::string::npos) << message;
    EXPECT_NE(message.find("interpolation.spacing_mm"), std::string::npos) << message;
}

// Garbage float voxels up to 1.7e38 asked for 2.1e9 histogram bins.
TEST_F(HostileRadiomics, HugeIntensitiesEndCleanly) {
    Synthetic s = synthetic(8, 8, 4, 9, 10.0, 1.0); // integers 1 … 81
    s.image.voxels[s.image.geometry.linearIndex(3, 3, 2)] = 1.7e38f;
    // FBS: the range needs ~7e36 levels — refused, naming the parameter.
    const std::string fbs = errorOf([&] {
        extract(s.image, s.mask, plainSettings("  method: fixed_bin_size\n  bin_width: 25"),
                {{"intensity_histogram"}});
    });
    EXPECT_NE(fbs.find("discretisation.bin_width"), std::string::npos) << fbs;
    // No discretisation: not an int grey level.
    const std::string none =
        errorOf([&] { extract(s.image, s.mask, plainSettings("  method: none"), {{"glcm"}}); });
    EXPECT_NE(none.find("found intensity 1.7e+38"), std::string::npos) << none;
    // A discrete IVH over [1, 1.7e38] in steps of 1 is refused naming ivh.mode.
    const std::string ivh = errorOf([&] {
        extract(s.image, s.mask,
                plainSettings("  method: fixed_bin_number\n  bin_count: 16", "discrete"),
                {{"ivh"}});
    });
    EXPECT_NE(ivh.find("ivh.mode"), std::string::npos) << ivh;
    // FBN: a clean result; every other voxel is in bin 1, the outlier in bin 16.
    const auto start = std::chrono::steady_clock::now();
    const FeatureTable table =
        extract(s.image, s.mask, plainSettings("  method: fixed_bin_number\n  bin_count: 16"));
    EXPECT_LT(seconds(start), 2.0);
    EXPECT_EQ(valueOf(table, "intensity_histogram", "3NCY"), 16.0);
    EXPECT_EQ(valueOf(table, "intensity_histogram", "1PR8"), 1.0);
    for (const auto& v : table.values)
        EXPECT_TRUE(std::isfinite(v.value) || v.family == "morphology")
            << v.family << " " << v.name << " [" << v.aggregation << "]";
}

// The 80-voxel digital phantom with one voxel at 30000 asked for a 7.2 GB GLCM,
// at 4096 it took 54 s and 1.2 GB: now every family is sized by the 6 levels present.
TEST_F(HostileRadiomics, PhantomWithOneHighVoxelIsInstantAndExact) {
    RGW_REQUIRE_TEST_DATA();
    for (const float high : {30000.0f, 4096.0f}) {
        SCOPED_TRACE("one voxel at " + std::to_string(high));
        const test::ImageAndMask p = phantomWithOneVoxel(high);
        const Settings settings = ibsiDigitalPhantom(); // IVH G = [1, 30000] at w = 1 included
        const auto start = std::chrono::steady_clock::now();
        const FeatureTable table = extract(p.image, p.mask, settings);
        EXPECT_LT(seconds(start), 1.0);
        expectBruteForce(table, levelsAsIs(p.image, p.mask));
        EXPECT_EQ(valueOf(table, "intensity_histogram", "3NCY"), high);
        // The same with 3 threads, bit for bit.
        const FeatureTable threaded = extract(p.image, p.mask, settings, {}, ExtractOptions{3});
        ASSERT_EQ(threaded.values.size(), table.values.size());
        for (std::size_t i = 0; i < table.values.size(); ++i)
            EXPECT_EQ(
                std::memcmp(&threaded.values[i].value, &table.values[i].value, sizeof(double)), 0)
                << table.values[i].family << " " << table.values[i].name;
    }
}

// bin_count 65536 requested a 32 GB GLCM. The GLCM now holds only the level
// pairs that co-occur: few or thousands of distinct levels give the brute-force
// result; an ROI whose pairs could exceed the budget is refused, naming the
// family and the count.
TEST_F(HostileRadiomics, BinCount65536) {
    const Settings settings = plainSettings("  method: fixed_bin_number\n  bin_count: 65536");
    const Synthetic few = synthetic(10, 9, 6, 13, 1.0, 0.0);
    const FeatureTable table = extract(few.image, few.mask, settings, {{"glcm", "glszm"}});
    expectBruteForce(table, fbnLevels(few, 65536.0L));

    // 4096 distinct intensities: once 3 dense GLCMs of 4096² doubles (400 MB),
    // refused under 64 MB; now at most 13 × 4096 co-occurrence cells (< 1 MB).
    Synthetic many = synthetic(66, 66, 3, 1 << 30, 1.0, 0.0);
    for (std::size_t v = 0; v < many.image.voxels.size(); ++v)
        many.image.voxels[v] = static_cast<float>(v);
    const FeatureTable manyTable = extract(many.image, many.mask, settings, {{"glcm", "glszm"}});
    expectBruteForce(manyTable, fbnLevels(many, 65536.0L));

    // 200 × 200 × 5 ROI voxels of distinct intensities: up to 13 × 200000
    // distinct level pairs, ~90 MB of cells > 64 MB.
    Synthetic huge = synthetic(202, 202, 7, 1 << 30, 1.0, 0.0);
    for (std::size_t v = 0; v < huge.image.voxels.size(); ++v)
        huge.image.voxels[v] = static_cast<float>(v);
    const auto start = std::chrono::steady_clock::now();
    const std::string message =
        errorOf([&] { extract(huge.image, huge.mask, settings, {{"glcm"}}); });
    EXPECT_LT(seconds(start), 1.0);
    EXPECT_NE(message.find("GLCM over "), std::string::npos) << message;
    EXPECT_NE(message.find(" distinct grey levels (up to "), std::string::npos) << message;
    EXPECT_NE(message.find(" co-occurrence cells at once)"), std::string::npos) << message;
    EXPECT_NE(message.find("over the memory budget"), std::string::npos) << message;
    EXPECT_NE(message.find("discretise the intensities"), std::string::npos) << message;
}

// ~3000 distinct integer grey levels (no discretisation) over 60 slices of
// 40 × 40 voxels: a dense GLCM cost ~25 n² cell operations per slice (6e9 in
// all, tens of seconds, 300 MB); the sparse one is sized by the neighbour
// pairs and fits 64 MB. Every aggregation is computed; the matrices of each
// slice and in-plane direction (2D, averaged), their merge over the volume
// (2.5D, merged) and the 3D merged matrix are checked against the raw pairs.
TEST_F(HostileRadiomics, ThousandsOfGreyLevelsGlcmIsSizedByThePairs) {
    Synthetic s = synthetic(42, 42, 62, 1, 0.0, 0.0); // ROI 40 × 40 × 60
    std::minstd_rand random(10);                      // fully specified: the same levels everywhere
    for (float& x : s.image.voxels) // neighbours uncorrelated: almost every pair distinct
        x = static_cast<float>(1 + random() % 3000);
    Settings settings = plainSettings("  method: none");
    settings.texture.aggregation = TextureAggregation::All;
    const FeatureTable table = extract(s.image, s.mask, settings, {{"glcm"}});
    EXPECT_EQ(table.values.size(), 25u * 6u);
    for (const auto& v : table.values)
        EXPECT_TRUE(std::isfinite(v.value)) << v.name << " [" << v.aggregation << "]";

    const Levels l = levelsAsIs(s.image, s.mask);
    std::vector<long long> distinct;
    for (const long long x : l.level)
        if (x > 0)
            distinct.push_back(x);
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    EXPECT_GT(distinct.size(), 2900u);

    // In-plane directions, one of each ± pair (the GLCM is symmetric).
    const std::array<std::array<int, 2>, 4> inPlane{{{1, 0}, {1, 1}, {0, 1}, {-1, 1}}};
    double averageSum = 0.0, contrastSum = 0.0, matrices = 0.0;
    double allPairs = 0.0, allSumI = 0.0, allSumD2 = 0.0;
    for (std::int64_t k = 0; k < l.size[2]; ++k)
        for (const auto& d : inPlane) {
            double pairs = 0.0, sumI = 0.0, sumD2 = 0.0; // both ways: (a, b) and (b, a)
            for (std::int64_t j = 0; j < l.size[1]; ++j)
                for (std::int64_t i = 0; i < l.size[0]; ++i) {
                    const long long a = l.at(i, j, k), b = l.at(i + d[0], j + d[1], k);
                    if (a == 0 || b == 0)
                        continue;
                    pairs += 2.0;
                    sumI += static_cast<double>(a + b);
                    sumD2 += 2.0 * static_cast<double>(a - b) * static_cast<double>(a - b);
                }
            if (pairs == 0.0)
                continue;
            averageSum += sumI / pairs;
            contrastSum += sumD2 / pairs;
            matrices += 1.0;
            allPairs += pairs;
            allSumI += sumI;
            allSumD2 += sumD2;
        }
    EXPECT_EQ(matrices, 60.0 * 4.0);
    const auto expectNear = [&](const char* code, const char* aggregation, double expected) {
        EXPECT_NEAR(valueOf(table, "glcm", code, aggregation), expected, 1e-9 * expected)
            << code << " [" << aggregation << "]";
    };
    expectNear("60VM", "2D, averaged", averageSum / matrices);
    expectNear("ACUI", "2D, averaged", contrastSum / matrices);
    expectNear("60VM", "2.5D, merged", allSumI / allPairs);
    expectNear("ACUI", "2.5D, merged", allSumD2 / allPairs);
    const auto [jointAverage, contrast] = bruteForceGlcm(l);
    expectNear("60VM", "3D, merged", jointAverage);
    expectNear("ACUI", "3D, merged", contrast);
}

// Voxels of 1e-6 mm (the smallest spacing the readers accept) put the 1 cm³
// local-intensity sphere 6.2 million voxels across: its row list alone asked
// for terabytes. Rows beyond the grid are now dropped (they never met a
// voxel), and the sphere, covering the whole image, averages all of it.
TEST_F(HostileRadiomics, TinyVoxelsLocalIntensitySphere) {
    Synthetic s = synthetic(20, 16, 5, 7, 10.0, 0.0);
    s.image.geometry.spacing = Eigen::Vector3d(1e-6, 1e-6, 1e-6);
    s.mask.geometry = s.image.geometry;
    double sum = 0.0;
    for (const float x : s.image.voxels)
        sum += x;
    const auto start = std::chrono::steady_clock::now();
    const FeatureTable table =
        extract(s.image, s.mask, plainSettings("  method: none"), {{"local_intensity"}});
    EXPECT_LT(seconds(start), 1.0);
    const double mean = sum / static_cast<double>(s.image.voxels.size());
    EXPECT_NEAR(valueOf(table, "local_intensity", "0F91"), mean, 1e-9 * mean);
    EXPECT_NEAR(valueOf(table, "local_intensity", "VJGA"), mean, 1e-9 * mean);
}

// texture.distance 10⁶ padded the grid by 10⁶ voxels per side (an int overflow)
// and sized NGLDM tables by (2δ+1)³. The distance now stops at the ROI extent
// (where results stop changing); what is left is refused when it would visit
// more than a billion neighbours, naming the parameter.
TEST_F(HostileRadiomics, HugeTextureDistance) {
    const Synthetic s = synthetic(32, 32, 32, 9, 10.0, 1.0); // ROI 30³
    Settings settings = plainSettings("  method: fixed_bin_number\n  bin_count: 8");
    settings.texture.distance = 1000000;
    const auto start = std::chrono::steady_clock::now();
    const FeatureTable glcm = extract(s.image, s.mask, settings, {{"glcm", "ngtdm"}});
    EXPECT_LT(seconds(start), 2.0);
    // No pair 10⁶ voxels apart: the feature is a missing value saying so.
    const FeatureValue* merged = find(glcm, "glcm", "60VM", "3D, merged");
    ASSERT_NE(merged, nullptr);
    EXPECT_TRUE(merged->missing());
    EXPECT_TRUE(std::isnan(merged->value));
    EXPECT_NE(merged->missingReason.find("no texture matrix"), std::string::npos)
        << merged->missingReason;
    const FeatureValue* coarseness = find(glcm, "ngtdm", "QCDE", "3D");
    ASSERT_NE(coarseness, nullptr);
    EXPECT_FALSE(coarseness->missing());
    for (const char* family : {"ngldm", "glszm"}) {
        const std::string message =
            errorOf([&] { extract(s.image, s.mask, settings, {{family}}); });
        EXPECT_NE(message.find("texture.distance"), std::string::npos) << message;
        EXPECT_NE(message.find("neighbours of each of 27000 ROI voxels"), std::string::npos)
            << message;
    }
}

// Moran's I and Geary's C transform the ROI box zero-padded to twice its size
// (about 18 bytes per box voxel: the kernel's octant and two x-transformed
// fields, a quarter of the x frequencies at a time): a large box is checked
// before allocating. Called directly, as the extraction's crop of the same box
// needs more (28 bytes per voxel) and is refused first. The 100 x 100 x 50 box
// needs 9.0 MB: refused under 6 MiB, computed under 10 MiB.
TEST_F(HostileRadiomics, SpatialAutocorrelationIsCheckedAgainstTheBudget) {
    const Synthetic s = synthetic(102, 102, 52, 9, 10.0, 1.0);
    budget::setMemoryBytes(10u << 20);
    EXPECT_TRUE(radiomics::morphology::spatialAutocorrelation(s.image, s.mask).has_value());
    budget::setMemoryBytes(6u << 20);
    const std::string message =
        errorOf([&] { radiomics::morphology::spatialAutocorrelation(s.image, s.mask); });
    EXPECT_NE(message.find("Moran's I and Geary's C over the ROI box (100 × 100 × 50 voxels"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("over the memory budget"), std::string::npos) << message;
}
