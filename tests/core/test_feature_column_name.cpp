// Wide-table column names of radiomic features (radiomics::featureColumnName):
// the spelling rules, and that the names of a full extraction with every
// texture aggregation are unique and use only [a-z0-9_.].
#include "IbsiPhantoms.h"
#include "radiomics/Extractor.h"
#include "radiomics/FeatureCatalogue.h"
#include "radiomics/FeatureColumnName.h"
#include "radiomics/Settings.h"

#include <gtest/gtest.h>
#include <map>
#include <string>

using namespace rgw::radiomics;

namespace {

bool csvAndFilterSafe(const std::string& name) {
    if (name.empty() || name.front() == '.' || name.back() == '.')
        return false;
    for (const char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'))
            return false;
    return true;
}

Settings everyAggregation(Settings settings) {
    settings.texture.aggregation = TextureAggregation::All;
    return settings;
}

/// Fails for every name that is unsafe or given to two different features.
void expectUniqueSafeNames(const FeatureTable& table) {
    std::map<std::string, std::string> owner; // column -> "family / name / aggregation"
    for (const FeatureValue& v : table.values) {
        const std::string column = featureColumnName(v);
        const std::string label = v.family + " / " + v.name + " / " + v.aggregation;
        EXPECT_TRUE(csvAndFilterSafe(column)) << column << " from " << label;
        const auto [it, added] = owner.emplace(column, label);
        EXPECT_TRUE(added) << column << " names both " << it->second << " and " << label;
    }
    EXPECT_EQ(owner.size(), table.values.size());
}

} // namespace

TEST(FeatureColumnName, FeatureNamesAreLowerSnakeCaseAscii) {
    EXPECT_EQ(snakeCaseAscii("Volume (mesh)"), "volume_mesh");
    EXPECT_EQ(snakeCaseAscii("Joint maximum"), "joint_maximum");
    EXPECT_EQ(snakeCaseAscii("Moran\u2019s I index"), "morans_i_index");
    EXPECT_EQ(snakeCaseAscii("Geary's C measure"), "gearys_c_measure");
    EXPECT_EQ(snakeCaseAscii("Volume at intensity fraction: volume fraction at 10% intensity"),
              "volume_at_intensity_fraction_volume_fraction_at_10pct_intensity");
    EXPECT_EQ(snakeCaseAscii("Integrated intensity (mm\u00B3\u00B7HU)"),
              "integrated_intensity_mm3_hu");
    EXPECT_EQ(snakeCaseAscii("Surface to volume ratio (mm\u207B\u00B9)"),
              "surface_to_volume_ratio_mm_1");
    EXPECT_EQ(snakeCaseAscii("Dose (\u00B5Gy)"), "dose_ugy");
    EXPECT_EQ(snakeCaseAscii("  --Odd \xC3\xA9 name--  "), "odd_name"); // é: a word break
    EXPECT_EQ(snakeCaseAscii(""), "");
}

TEST(FeatureColumnName, AggregationsHaveShortSlugs) {
    EXPECT_EQ(aggregationSlug(""), "");
    EXPECT_EQ(aggregationSlug("2D"), "2d");
    EXPECT_EQ(aggregationSlug("2D, averaged"), "2d_avg");
    EXPECT_EQ(aggregationSlug("2D, slice-merged"), "2d_smrg");
    EXPECT_EQ(aggregationSlug("2.5D"), "2_5d");
    EXPECT_EQ(aggregationSlug("2.5D, direction-merged"), "2_5d_dmrg");
    EXPECT_EQ(aggregationSlug("2.5D, merged"), "2_5d_mrg");
    EXPECT_EQ(aggregationSlug("3D"), "3d");
    EXPECT_EQ(aggregationSlug("3D, averaged"), "3d_avg");
    EXPECT_EQ(aggregationSlug("3D, merged"), "3d_mrg");
    EXPECT_EQ(aggregationSlug("4D, fancy"), "4d_fancy"); // an unknown label: still safe
}

TEST(FeatureColumnName, ColumnIsFamilyFeatureAndAggregation) {
    FeatureValue mesh;
    mesh.family = "morphology";
    mesh.name = "Volume (mesh)";
    EXPECT_EQ(featureColumnName(mesh), "morphology.volume_mesh");
    FeatureValue joint;
    joint.family = "glcm";
    joint.name = "Joint maximum";
    joint.aggregation = "3D, averaged";
    EXPECT_EQ(featureColumnName(joint), "glcm.joint_maximum.3d_avg");
    EXPECT_EQ(featureColumnName("ngtdm", "Coarseness", "2.5D"), "ngtdm.coarseness.2_5d");
}

TEST(FeatureColumnName, EveryCatalogueRowHasItsOwnSafeName) {
    // Every family, every aggregation: the rows any extraction can yield.
    FeatureTable rows;
    for (const CatalogueFeature& f : featureCatalogue(everyAggregation(ibsiDigitalPhantom())))
        rows.add(f.family, f.name, f.ibsiCode, f.aggregation, 0.0);
    ASSERT_GT(rows.values.size(), 400u);
    expectUniqueSafeNames(rows);
}

TEST(FeatureColumnName, AFullExtractionOfTheDigitalPhantomHasUniqueSafeNames) {
    RGW_REQUIRE_TEST_DATA();
    const Settings settings = everyAggregation(rgw::radiomics::ibsiDigitalPhantom());
    const auto& phantom = rgw::test::digitalPhantom();
    const FeatureTable table = extract(phantom.image, phantom.mask, settings);
    ASSERT_EQ(table.values.size(), featureCatalogue(settings).size());
    expectUniqueSafeNames(table);
}
