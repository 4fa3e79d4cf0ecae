// IBSI-2 configurations 9 and 10 (Riesz-transformed LoG and Simoncelli)
// given as the `filters:` entry of a parameter file: the response of the
// filter read from the file must pass the phase-1 rule against the reference
// response maps 9_a, 9_b_1 and 10_b_1 (every voxel within 1 % of the
// reference's range; ../shared/data/ibsi2_reference/configurations.md and
// the IBSI reference manual, chapter 2, for the settings). Also the strict
// reading of the riesz keys and the family name of its response.

#include "ErrorMessage.h"
#include "Ibsi2Maps.h"
#include "filters/FilterSpec.h"
#include "radiomics/FeatureCatalogue.h"
#include "radiomics/ParameterSet.h"

#include <cstdio>
#include <gtest/gtest.h>
#include <string>

using namespace rgw;

namespace {

const radiomics::FilterEntry& onlyFilter(const radiomics::ParameterSet& set) {
    EXPECT_EQ(set.settings.filters.size(), 1u);
    return set.settings.filters.front();
}

void expectReference(const std::string& id, const std::string& phantom,
                     const std::string& filterYaml) {
    const auto set = radiomics::parseParameterSet("filters:\n" + filterYaml, id + ".yaml");
    const test::MapComparison c =
        test::compareMaps(filters::applyFilter(test::ibsi2Phantom(phantom), onlyFilter(set)),
                          test::ibsi2ReferenceMap(id));
    std::printf("IBSI-2 %s through a parameter file: max|diff|/range = %.3g (range %.6g)\n",
                id.c_str(), c.relative(), c.range);
    EXPECT_TRUE(c.passes()) << id << ": max |diff| " << c.maxAbsDiff << " vs range " << c.range
                            << " at voxel " << c.worstVoxel;
}

TEST(Ibsi2RieszParameters, RieszLog9a) {
    RGW_REQUIRE_IBSI2_DATA();
    expectReference("9_a", "impulse",
                    "  - type: riesz\n    dimensions: 3D\n    boundary: zero\n"
                    "    order: [1, 0, 0]\n    base: log\n    sigma_mm: 3\n    truncation: 4\n");
}

TEST(Ibsi2RieszParameters, RieszLog9b1) {
    RGW_REQUIRE_IBSI2_DATA();
    expectReference("9_b_1", "sphere",
                    "  - type: riesz\n    dimensions: 3D\n    boundary: zero\n"
                    "    order: [0, 2, 0]\n    base: log\n    sigma_mm: 3\n    truncation: 4\n");
}

TEST(Ibsi2RieszParameters, RieszSimoncelli10b1) {
    RGW_REQUIRE_IBSI2_DATA();
    expectReference("10_b_1", "pattern_1",
                    "  - type: riesz\n    dimensions: 3D\n    boundary: nearest\n"
                    "    order: [0, 2, 0]\n    base: simoncelli\n    level: 1\n");
}

TEST(Ibsi2RieszParameters, NameCanonicalTextAndMistakes) {
    const auto set = radiomics::parseParameterSet(
        "filters:\n  - type: riesz\n    boundary: zero\n    order: [1, 0, 0]\n    base: log\n"
        "    sigma_mm: 3\n",
        "riesz.yaml");
    EXPECT_EQ(radiomics::filteredFamilyName(onlyFilter(set), "intensity_statistics"),
              "riesz_l1_0_0_log_sigma3_trunc4_3d_zero_intensity_statistics");
    EXPECT_NE(set.canonicalText.find("  - dimensions: 3D\n    boundary: zero\n    type: riesz\n"
                                     "    order: [1, 0, 0]\n    base: log\n    sigma_mm: 3\n"
                                     "    truncation: 4\n"),
              std::string::npos)
        << set.canonicalText;
    EXPECT_EQ(radiomics::parseParameterSet(set.canonicalText, "canonical").hash, set.hash);
    const auto simoncelli = radiomics::parseParameterSet(
        "filters:\n  - type: riesz\n    order: [0, 0, 2]\n    base: simoncelli\n", "s.yaml");
    EXPECT_NE(simoncelli.canonicalText.find("    type: riesz\n    order: [0, 0, 2]\n"
                                            "    base: simoncelli\n    level: 1\n"),
              std::string::npos)
        << simoncelli.canonicalText;
    EXPECT_EQ(radiomics::parseParameterSet(simoncelli.canonicalText, "canonical").hash,
              simoncelli.hash);

    const auto error = [](const std::string& entry) {
        return test::errorOf([&] {
            (void)radiomics::parseParameterSet(
                "slice_wise: false\nfilters:\n  - type: riesz\n" + entry, "r.yaml");
        });
    };
    EXPECT_NE(error("    base: log\n    sigma_mm: 3\n").find("r.yaml: filters[0].order: required"),
              std::string::npos);
    EXPECT_NE(error("    order: [1, 0, 0]\n    sigma_mm: 3\n").find("filters[0].base: required"),
              std::string::npos);
    EXPECT_NE(error("    order: [1, 0]\n    base: log\n    sigma_mm: 3\n")
                  .find("filters[0].order: expected [l1, l2, l3]"),
              std::string::npos);
    EXPECT_NE(error("    order: [0, 0, 0]\n    base: log\n    sigma_mm: 3\n")
                  .find("filters[0].order: must sum to at least 1, got [0, 0, 0] (line 4)"),
              std::string::npos);
    EXPECT_NE(error("    order: [1, 9, 0]\n    base: log\n    sigma_mm: 3\n")
                  .find("filters[0].order[1]: must lie in 0..8, got 9"),
              std::string::npos);
    EXPECT_NE(error("    dimensions: 2D\n    order: [0, 1, 1]\n    base: log\n    sigma_mm: 3\n")
                  .find("filters[0].order: a 2D filter has no order along k: l3 must be 0 "
                        "(line 5)"),
              std::string::npos);
    EXPECT_NE(error("    order: [1, 0, 0]\n    base: gabor\n").find("filters[0].base"),
              std::string::npos);
    EXPECT_NE(error("    order: [1, 0, 0]\n    base: simoncelli\n    sigma_mm: 3\n")
                  .find("filters[0].sigma_mm: is not a setting of a riesz filter with base "
                        "simoncelli (line 6)"),
              std::string::npos);
    EXPECT_NE(error("    order: [1, 0, 0]\n    base: log\n    sigma_mm: 3\n    level: 2\n")
                  .find("filters[0].level: is not a setting of a riesz filter with base log "
                        "(line 7)"),
              std::string::npos);
    EXPECT_NE(error("    order: [1, 0, 0]\n    base: log\n").find("filters[0].sigma_mm: required"),
              std::string::npos);
    EXPECT_NE(error("    order: [1, 0, 0]\n    base: log\n    sigma_mm: 3\n    support: 3\n")
                  .find("filters[0].support: is not a setting of a riesz filter"),
              std::string::npos);
}

} // namespace
