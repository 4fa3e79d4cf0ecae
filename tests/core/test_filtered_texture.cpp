// Texture and histogram families of IBSI-2 response maps (the `families:` and
// `discretisation:` keys of a `filters:` entry, README "Radiomics parameter
// files"): hand-derived single-grey-level values on a constant image, the
// engine's ordinary extraction run on the response map itself (bit for bit),
// 1 vs 3 threads, and the strict reading and canonical text of the keys.

#include "ErrorMessage.h"
#include "IbsiPhantoms.h"
#include "TestData.h"
#include "filters/FilterSpec.h"
#include "radiomics/Extractor.h"
#include "radiomics/FeatureCatalogue.h"
#include "radiomics/ParameterSet.h"
#include "radiomics/Sha256.h"
#include "radiomics/processing/Pipeline.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace rgw;
using radiomics::FeatureTable;
using radiomics::FeatureValue;

namespace {

/// Every family a filter entry may compute, also the unfiltered ones selected.
const std::set<std::string> kResponseFamilies{"intensity_statistics",
                                              "intensity_histogram",
                                              "glcm",
                                              "glrlm",
                                              "glszm",
                                              "gldzm",
                                              "ngtdm",
                                              "ngldm"};

/// The values of `family` with IBSI code `code` (one per aggregation).
std::vector<const FeatureValue*> rows(const FeatureTable& table, const std::string& family,
                                      const std::string& code) {
    std::vector<const FeatureValue*> out;
    for (const FeatureValue& v : table.values)
        if (v.family == family && v.ibsiCode == code)
            out.push_back(&v);
    return out;
}

bool sameBits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) ||
           (std::isnan(a) && std::isnan(b));
}

// ------------------------------------------------------------- (a) constant image

// A 12³ image of 100 (1 mm voxels) with a 6×6×6 cube ROI in its middle: the
// mean filter (mirror boundary) of a constant image is the same constant, so
// its response holds one grey level in N_v = 216 voxels forming one zone.
TEST(FilteredTexture, ConstantResponseGivesTheSingleGreyLevelValues) {
    Geometry g;
    g.size = {12, 12, 12};
    g.spacing = Eigen::Vector3d(1.0, 1.0, 1.0);
    Volume image(g);
    std::fill(image.voxels.begin(), image.voxels.end(), 100.0f);
    Mask mask(g, 0);
    for (std::int64_t k = 3; k < 9; ++k)
        for (std::int64_t j = 3; j < 9; ++j)
            for (std::int64_t i = 3; i < 9; ++i)
                mask.voxels[g.linearIndex(i, j, k)] = 1;
    // Fixed bin size starts at the response's minimum, not at the image's
    // re-segmentation bound (-1000): the one level is 1, not ⌊1100/10⌋ + 1.
    const auto set = radiomics::parseParameterSet(
        "resegmentation:\n  range: [-1000, 1000]\n"
        "filters:\n"
        "  - type: mean\n    support: 3\n    boundary: mirror\n"
        "    families: [ngldm, glcm, intensity_statistics, intensity_histogram, glrlm, glszm, "
        "gldzm, ngtdm]\n"
        "    discretisation:\n      method: fixed_bin_size\n      bin_width: 10\n",
        "constant.yaml");
    const FeatureTable table = radiomics::extract(image, mask, set.settings,
                                                  radiomics::FamilySelection{kResponseFamilies});
    const auto& entry = set.settings.filters.front();
    const auto name = [&](const std::string& family) {
        return radiomics::filteredFamilyName(entry, family);
    };
    EXPECT_EQ(name("glcm"), "mean_m3_3d_mirror_glcm");
    const double nv = 216.0;
    struct Expected {
        std::string family, code;
        double value;
    };
    const std::vector<Expected> expected{
        // Intensity statistics of the constant 100.
        {"intensity_statistics", "Q4LE", 100.0}, // mean
        {"intensity_statistics", "ECT3", 0.0},   // variance
        {"intensity_statistics", "2OJQ", 0.0},   // range
        {"intensity_histogram", "X6K6", 1.0},    // mean discretised intensity
        {"intensity_histogram", "CH89", 0.0},    // variance
        {"intensity_histogram", "TLU2", 0.0},    // entropy: −1·log2 1
        {"intensity_histogram", "BJ5W", 1.0},    // uniformity: 1²
        {"intensity_histogram", "AMMC", 1.0},    // mode
        {"glcm", "GYBY", 1.0},                   // joint maximum: p(1,1) = 1
        {"glcm", "60VM", 1.0},                   // joint average
        {"glcm", "UR99", 0.0},                   // joint variance
        {"glcm", "TU9B", 0.0},                   // joint entropy
        {"glcm", "8ZQL", 1.0},                   // angular second moment
        {"glcm", "ACUI", 0.0},                   // contrast: (1 − 1)²
        {"glcm", "IB1Z", 1.0},                   // inverse difference
        {"glcm", "QWB0", 1.0},                   // autocorrelation: 1·1
        {"glrlm", "V3SW", 1.0},                  // low grey level run emphasis
        {"glrlm", "G3QZ", 1.0},                  // high grey level run emphasis
        {"glrlm", "OVBL", 1.0},                  // normalised grey level non-uniformity
        {"glrlm", "8CE5", 0.0},                  // grey level variance
        {"glszm", "5QRC", 1.0 / (nv * nv)},      // small zone emphasis: 1/s²
        {"glszm", "48P8", nv * nv},              // large zone emphasis: s²
        {"glszm", "JNSA", 1.0},                  // grey level non-uniformity: 1²/1
        {"glszm", "4JP3", 1.0},                  // zone size non-uniformity
        {"glszm", "P30P", 1.0 / nv},             // zone percentage N_s/N_v
        {"glszm", "BYLV", 0.0},                  // grey level variance
        {"glszm", "GU8N", 0.0},                  // zone size entropy
        {"gldzm", "0GBI", 1.0},                  // small distance emphasis: d = 1
        {"gldzm", "MB4I", 1.0},                  // large distance emphasis
        {"gldzm", "V294", 1.0},                  // zone distance non-uniformity
        {"gldzm", "VIWW", 1.0 / nv},             // zone percentage
        {"gldzm", "GBDU", 0.0},                  // zone distance entropy
        {"ngldm", "TL9H", 1.0},                  // low grey level count emphasis
        {"ngldm", "OAE7", 1.0},                  // high grey level count emphasis
        {"ngldm", "5SPA", 1.0},                  // normalised grey level non-uniformity
        {"ngldm", "6XV8", 1.0},                  // dependence count percentage N_s/N_v
        {"ngldm", "1PFV", 0.0},                  // grey level variance
    };
    for (const Expected& e : expected) {
        const auto found = rows(table, name(e.family), e.code);
        ASSERT_FALSE(found.empty()) << e.family << " " << e.code;
        for (const FeatureValue* v : found) {
            EXPECT_TRUE(v->missingReason.empty()) << v->name << ": " << v->missingReason;
            EXPECT_NEAR(v->value, e.value, 1e-12 * std::max(1.0, std::abs(e.value)))
                << e.family << " " << v->name << " [" << v->aggregation << "]";
        }
    }
    // The response is in arbitrary units; texture features are dimensionless.
    EXPECT_EQ(rows(table, name("intensity_statistics"), "Q4LE").front()->unit, "a.u.");
    EXPECT_EQ(rows(table, name("glcm"), "GYBY").front()->unit, "");
    // Every family of the entry is there, in the engine's order after the image's own.
    std::vector<std::string> order;
    for (const FeatureValue& v : table.values)
        if (order.empty() || order.back() != v.family)
            order.push_back(v.family);
    std::vector<std::string> wanted;
    for (const std::string& family : radiomics::availableFamilies())
        if (kResponseFamilies.count(family))
            wanted.push_back(family);
    for (const std::string& family : radiomics::responseMapFamilies())
        wanted.push_back(name(family));
    EXPECT_EQ(order, wanted);
}

// --------------------------------------- (b, c) the response map as the image

/// IBSI configuration A's processing (2D, no resampling, [-1000, 400] HU) on
/// the CT phantom with three filters (2D and 3D) whose families together
/// cover every family a response map can have, with both kinds of
/// discretisation.
const radiomics::ParameterSet& phantomSet() {
    static const radiomics::ParameterSet set = radiomics::parseParameterSet(
        "slice_wise: true\n"
        "resegmentation:\n  range: [-1000, 400]\n"
        "discretisation:\n  method: fixed_bin_size\n  bin_width: 25\n"
        "filters:\n"
        "  - type: mean\n    support: 5\n"
        "    families: [intensity_statistics, intensity_histogram, glcm, glrlm, glszm, gldzm, "
        "ngtdm, ngldm]\n"
        "    discretisation:\n      method: fixed_bin_number\n      bin_count: 32\n"
        "  - type: log\n    dimensions: 3D\n    sigma_mm: 1.5\n"
        "    families: [intensity_histogram, glcm, glszm]\n"
        "    discretisation:\n      method: fixed_bin_size\n      bin_width: 5\n"
        "  - type: wavelet\n    family: db3\n    subband: HH\n    rotation_invariant: true\n"
        "    pooling: average\n"
        "    families: [glrlm, gldzm, ngtdm, ngldm]\n"
        "    discretisation:\n      method: fixed_bin_number\n      bin_count: 16\n",
        "phantom-filters.yaml");
    return set;
}

const FeatureTable& phantomTable(unsigned threads) {
    static std::map<unsigned, FeatureTable> cache;
    auto it = cache.find(threads);
    if (it == cache.end()) {
        const auto& phantom = test::ctPhantomNifti();
        radiomics::ExtractOptions options;
        options.threads = threads;
        it =
            cache
                .emplace(threads,
                         radiomics::extract(phantom.image, phantom.mask, phantomSet().settings,
                                            radiomics::FamilySelection{kResponseFamilies}, options))
                .first;
    }
    return it->second;
}

TEST(FilteredTexture, FamiliesOfAResponseMapAreTheEnginesOnTheResponseAsTheImage) {
    RGW_REQUIRE_TEST_DATA();
    const auto& phantom = test::ctPhantomNifti();
    const radiomics::Settings& settings = phantomSet().settings;
    const FeatureTable& table = phantomTable(1);
    // The unfiltered ROI: its intensity mask (re-segmented on the image) is
    // the one the response's features are taken in.
    const radiomics::PreparedRoi image =
        radiomics::processing::prepareRoi(phantom.image, phantom.mask, settings);
    radiomics::Settings asImage = settings;
    asImage.resegmentationRange.reset(); // [-1000, 400] HU bounds the image, not a response
    const Volume processed = radiomics::processing::processedImage(phantom.image, settings);
    for (const radiomics::FilterEntry& entry : settings.filters) {
        // The response of the whole processed image, prepared as an image
        // (same crop: same settings, same filters' margin), in the image's masks.
        radiomics::PreparedRoi response = radiomics::processing::prepareRoi(
            filters::applyFilter(processed, entry), phantom.mask, asImage);
        ASSERT_TRUE(response.image.geometry.sameGrid(image.image.geometry));
        ASSERT_EQ(response.morphologicalMask.voxels, image.morphologicalMask.voxels);
        response.intensityMask = image.intensityMask;
        radiomics::Settings plain = asImage;
        plain.filters.clear();
        plain.discretisation = *entry.discretisation;
        const std::set<std::string> families(entry.families.begin(), entry.families.end());
        const FeatureTable expected =
            radiomics::extract(response, plain, radiomics::FamilySelection{families});
        std::map<std::tuple<std::string, std::string, std::string>, const FeatureValue*> byKey;
        for (const FeatureValue& v : table.values)
            byKey[{v.family, v.name, v.aggregation}] = &v;
        std::size_t equal = 0, missing = 0;
        for (const FeatureValue& e : expected.values) {
            missing += e.missing();
            const std::string family = radiomics::filteredFamilyName(entry, e.family);
            const auto it = byKey.find({family, e.name, e.aggregation});
            ASSERT_NE(it, byKey.end()) << family << " " << e.name << " [" << e.aggregation << "]";
            const FeatureValue& got = *it->second;
            EXPECT_TRUE(sameBits(got.value, e.value))
                << family << " " << e.name << " [" << e.aggregation << "]: " << got.value << " vs "
                << e.value;
            EXPECT_EQ(got.unit, e.unit) << family << " " << e.name;
            EXPECT_EQ(got.missing(), e.missing()) << family << " " << e.name;
            equal += sameBits(got.value, e.value);
        }
        std::size_t listed = 0;
        for (const FeatureValue& v : table.values)
            listed += v.family.rfind(radiomics::filteredFamilyName(entry, ""), 0) == 0;
        EXPECT_EQ(listed, expected.values.size()) << filters::describe(entry);
        std::printf("%s: %zu/%zu values bitwise equal to the extraction of the response map "
                    "(%zu missing in both)\n",
                    filters::describe(entry).c_str(), equal, expected.values.size(), missing);
    }
}

TEST(FilteredTexture, ThreeThreadsGiveTheSameTableAsOne) {
    RGW_REQUIRE_TEST_DATA();
    const FeatureTable& one = phantomTable(1);
    const FeatureTable& three = phantomTable(3);
    ASSERT_EQ(one.values.size(), three.values.size());
    std::size_t equal = 0;
    for (std::size_t i = 0; i < one.values.size(); ++i) {
        const FeatureValue& a = one.values[i];
        const FeatureValue& b = three.values[i];
        EXPECT_EQ(a.family, b.family);
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.aggregation, b.aggregation);
        EXPECT_EQ(a.missingReason, b.missingReason);
        EXPECT_TRUE(sameBits(a.value, b.value)) << a.family << " " << a.name;
        equal += sameBits(a.value, b.value);
    }
    std::printf("1 vs 3 threads: %zu/%zu values bitwise equal\n", equal, one.values.size());
}

// ------------------------------------------------------ (d) reading and writing

std::string errorOf(const std::string& filters) {
    return test::errorOf([&] {
        (void)radiomics::parseParameterSet("slice_wise: false\nfilters:\n" + filters, "f.yaml");
    });
}

TEST(FilteredTextureParameters, MistakesNameTheKeyAndLine) {
    // A family that reads grey levels needs the entry's discretisation.
    EXPECT_NE(errorOf("  - type: mean\n    families: [glcm]\n")
                  .find("f.yaml: filters[0].discretisation: required: glcm reads grey levels of "
                        "the response"),
              std::string::npos)
        << errorOf("  - type: mean\n    families: [glcm]\n");
    EXPECT_NE(errorOf("  - type: mean\n    families: [glcm]\n").find("(line 4)"),
              std::string::npos);
    EXPECT_NE(errorOf("  - type: mean\n    families: [glszm, intensity_statistics, glcm]\n")
                  .find("filters[0].discretisation: required: glcm, glszm read grey levels"),
              std::string::npos);
    // A discretisation no family reads.
    EXPECT_NE(errorOf("  - type: mean\n    discretisation:\n      method: fixed_bin_number\n"
                      "      bin_count: 8\n")
                  .find("filters[0].discretisation: is unused"),
              std::string::npos);
    // Families that describe the image, not a response, and unknown ones.
    EXPECT_NE(errorOf("  - type: mean\n    families: [intensity_statistics, morphology]\n")
                  .find("filters[0].families[1]: 'morphology' is not computed on a response map"),
              std::string::npos);
    EXPECT_NE(errorOf("  - type: mean\n    families:\n      - glcm\n      - glcn\n"
                      "    discretisation:\n      method: fixed_bin_number\n      bin_count: 8\n")
                  .find("filters[0].families[1]: 'glcn' is not computed on a response map"),
              std::string::npos);
    EXPECT_NE(
        errorOf("  - type: mean\n    families:\n      - glcm\n      - glcn\n").find("(line 6)"),
        std::string::npos);
    EXPECT_NE(errorOf("  - type: mean\n    families: [glcm, glcm]\n")
                  .find("filters[0].families[1]: 'glcm' is listed twice"),
              std::string::npos);
    EXPECT_NE(errorOf("  - type: mean\n    families: []\n").find("filters[0].families: expected"),
              std::string::npos);
    // A response map has no grey levels of its own.
    EXPECT_NE(errorOf("  - type: mean\n    families: [glcm]\n    discretisation:\n"
                      "      method: none\n")
                  .find("filters[0].discretisation.method: must be fixed_bin_size or "
                        "fixed_bin_number (a response map holds no grey levels) (line 6)"),
              std::string::npos);
    // The discretisation is read as the image's: its keys and their ranges.
    EXPECT_NE(errorOf("  - type: mean\n    families: [glcm]\n    discretisation:\n"
                      "      method: fixed_bin_number\n      bin_width: 2\n")
                  .find("filters[0].discretisation.bin_width: contradicts "
                        "filters[0].discretisation.method: fixed_bin_number (give bin_count) "
                        "(line 7)"),
              std::string::npos);
    EXPECT_NE(errorOf("  - type: mean\n    families: [glcm]\n    discretisation:\n"
                      "      method: fixed_bin_size\n      bin_width: 0\n")
                  .find("filters[0].discretisation.bin_width: must be positive, got 0 (line 7)"),
              std::string::npos);
}

TEST(FilteredTextureParameters, CanonicalTextRoundTripsAndOldSetsKeepTheirHash) {
    const std::string head = "modalities: [CT]\nslice_wise: false\n"
                             "filters:\n  - type: log\n    sigma_mm: 1.5\n";
    // Families in any order are written in the engine's order; the canonical
    // text reads back to itself.
    const auto shuffled = radiomics::parseParameterSet(
        head + "    families: [glszm, intensity_statistics, glcm]\n"
               "    discretisation:\n      method: fixed_bin_size\n      bin_width: 2.5\n",
        "shuffled.yaml");
    EXPECT_NE(shuffled.canonicalText.find("    truncation: 4\n"
                                          "    families: [intensity_statistics, glcm, glszm]\n"
                                          "    discretisation:\n      method: fixed_bin_size\n"
                                          "      bin_width: 2.5\n"),
              std::string::npos)
        << shuffled.canonicalText;
    const auto again = radiomics::parseParameterSet(shuffled.canonicalText, "canonical");
    EXPECT_EQ(again.canonicalText, shuffled.canonicalText);
    EXPECT_EQ(again.hash, shuffled.hash);
    EXPECT_EQ(again.settings.filters.front().families,
              (std::vector<std::string>{"intensity_statistics", "glcm", "glszm"}));
    // Another discretisation or family set is another set.
    EXPECT_NE(
        radiomics::parseParameterSet(head + "    families: [glszm, intensity_statistics, glcm]\n"
                                            "    discretisation:\n      method: fixed_bin_number\n"
                                            "      bin_count: 8\n",
                                     "fbn.yaml")
            .hash,
        shuffled.hash);
    // The default families (intensity statistics) are not written: a set from
    // before the key has the canonical text the README's rules give, written
    // out here by hand, and its hash.
    const std::string expected = "modalities: [CT]\n"
                                 "slice_wise: false\n"
                                 "interpolation:\n  enabled: false\n"
                                 "resegmentation:\n  range: none\n  outlier_sigma: none\n"
                                 "discretisation:\n  method: none\n"
                                 "ivh:\n  mode: discrete\n  use_resegmentation_range: true\n"
                                 "texture:\n  distance: 1\n  ngldm_coarseness: 0\n"
                                 "  aggregation: volumetric\n"
                                 "filters:\n  - dimensions: 3D\n    boundary: mirror\n"
                                 "    type: log\n    sigma_mm: 1.5\n    truncation: 4\n";
    for (const std::string& families : {std::string(), std::string("    families: "
                                                                   "[intensity_statistics]\n")}) {
        const auto old = radiomics::parseParameterSet(head + families, "old.yaml");
        EXPECT_EQ(old.canonicalText, expected);
        EXPECT_EQ(old.hash, radiomics::sha256Hex(expected));
    }
}

} // namespace
