// Feature catalogue (issue #11): every ROI's feature table has the same rows,
// whatever can be computed; a feature that cannot be computed is a missing
// value (NaN, never 0) with the reason; every value carries its IBSI unit
// given the image's intensity unit.
#include "radiomics/Extractor.h"
#include "radiomics/FeatureCatalogue.h"
#include "radiomics/ParameterSet.h"

#include <cmath>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

using namespace rgw;
using namespace rgw::radiomics;

namespace {

/// A 12 × 12 × 8 image of 1 mm voxels with varied intensities `offset` + 0..
/// 90 (step 10) and a mask: the given voxels.
Volume image(IntensityUnit unit, float offset) {
    Geometry g;
    g.size = {12, 12, 8};
    Volume v(g, offset);
    v.unit = unit;
    for (std::size_t i = 0; i < v.voxels.size(); ++i)
        v.voxels[i] = offset + static_cast<float>((i * 7) % 10) * 10.0f;
    return v;
}

Mask box(const Geometry& g, int lo, int hi) {
    Mask m(g, 0);
    for (int k = lo; k < hi && k < g.size[2]; ++k)
        for (int j = lo; j < hi; ++j)
            for (int i = lo; i < hi; ++i)
                m.at(i, j, k) = 1;
    return m;
}

using Label = std::tuple<std::string, std::string, std::string, std::string>;
std::vector<Label> labels(const FeatureTable& t) {
    std::vector<Label> out;
    for (const auto& v : t.values)
        out.emplace_back(v.family, v.name, v.ibsiCode, v.aggregation);
    return out;
}

const FeatureValue& find(const FeatureTable& t, const std::string& name,
                         const std::string& aggregation = "") {
    for (const auto& v : t.values)
        if (v.name == name && v.aggregation == aggregation)
            return v;
    throw std::runtime_error("no feature " + name);
}

} // namespace

TEST(FeatureCatalogue, EveryRoiHasTheSameRows) {
    const ParameterSet ct = loadParameterSet("ct-default");
    const Volume v = image(IntensityUnit::HounsfieldUnit, -50.0f);
    // A well-formed ROI, a single voxel and an ROI whose every voxel the
    // re-segmentation removes (intensities above 3000 HU).
    const FeatureTable full = extract(v, box(v.geometry, 2, 8), ct.settings);
    const FeatureTable single = extract(v, box(v.geometry, 4, 5), ct.settings);
    Volume bright = v;
    for (float& x : bright.voxels)
        x = 4000.0f;
    const FeatureTable resegmentedAway = extract(bright, box(v.geometry, 2, 8), ct.settings);

    const auto catalogue = featureCatalogue(ct.settings);
    ASSERT_EQ(full.values.size(), catalogue.size());
    EXPECT_EQ(labels(full), labels(single));
    EXPECT_EQ(labels(full), labels(resegmentedAway));
    std::printf("rows per ROI: %zu (catalogue %zu)\n", full.values.size(), catalogue.size());
    // 29 morphology + 2 local intensity + 18 statistics + 23 histogram + 7 IVH
    // + 3D texture: (25 + 16) × 2 aggregations + 16 + 16 + 5 + 17.
    EXPECT_EQ(catalogue.size(), 29u + 2 + 18 + 23 + 7 + (25 + 16) * 2 + 16 + 16 + 5 + 17);

    for (const auto& f : full.values)
        EXPECT_FALSE(f.missing()) << f.name << " [" << f.aggregation << "]: " << f.missingReason;

    // One voxel: elongation is undefined, a missing value with its reason, not 0.
    const FeatureValue& elongation = find(single, "Elongation");
    EXPECT_TRUE(elongation.missing());
    EXPECT_TRUE(std::isnan(elongation.value));
    EXPECT_NE(elongation.missingReason.find("single voxel"), std::string::npos)
        << elongation.missingReason;
    EXPECT_FALSE(find(single, "Volume (voxel counting)").missing());

    // Nothing left after re-segmentation: every intensity feature is missing,
    // with the family's reason; morphology (on the morphological mask) is not.
    const FeatureValue& mean = find(resegmentedAway, "Mean intensity");
    EXPECT_TRUE(mean.missing());
    EXPECT_TRUE(std::isnan(mean.value));
    EXPECT_EQ(mean.missingReason, "the intensity mask holds no voxels");
    const FeatureValue& joint = find(resegmentedAway, "Joint maximum", "3D, merged");
    EXPECT_TRUE(joint.missing());
    EXPECT_EQ(joint.missingReason, "the intensity mask holds no voxels");
    EXPECT_FALSE(find(resegmentedAway, "Volume (mesh)").missing());
    // Morphology keeps all but its 4 intensity-based features; all else is missing.
    const std::set<std::string> intensityMorphology = {"KLMA", "99N0", "N365", "NPT7"};
    int missing = 0;
    for (const auto& f : resegmentedAway.values) {
        missing += f.missing() ? 1 : 0;
        const bool expectMissing =
            f.family != "morphology" || intensityMorphology.count(f.ibsiCode) > 0;
        EXPECT_EQ(f.missing(), expectMissing) << f.family << " " << f.name;
        if (f.missing()) {
            EXPECT_TRUE(std::isnan(f.value)) << f.name;
            EXPECT_FALSE(f.missingReason.empty());
        }
    }
    EXPECT_EQ(missing, 215 - 25);
}

TEST(FeatureCatalogue, UnitsFollowTheImage) {
    const ParameterSet ct = loadParameterSet("ct-default");
    const Volume hu = image(IntensityUnit::HounsfieldUnit, -50.0f);
    const FeatureTable t = extract(hu, box(hu.geometry, 2, 8), ct.settings);
    const std::map<std::string, std::string> expected = {
        {"Volume (mesh)", "mm\u00b3"},
        {"Volume (voxel counting)", "mm\u00b3"},
        {"Surface area (mesh)", "mm\u00b2"},
        {"Surface to volume ratio", "mm\u207b\u00b9"},
        {"Maximum 3D diameter", "mm"},
        {"Major axis length", "mm"},
        {"Sphericity", ""},
        {"Integrated intensity", "mm\u00b3\u00b7HU"},
        {"Local intensity peak", "HU"},
        {"Mean intensity", "HU"},
        {"Intensity variance", "HU\u00b2"},
        {"Intensity skewness", ""},
        {"Intensity-based energy", "HU\u00b2"},
        {"Mean discretised intensity", ""},
        {"Intensity at volume fraction: intensity at 10% volume", "HU"},
        {"Area under the IVH curve", ""},
    };
    for (const auto& [name, unit] : expected)
        EXPECT_EQ(find(t, name).unit, unit) << name;
    for (const auto& f : t.values)
        if (f.family != "morphology" && f.family.rfind("intensity", 0) != 0 &&
            f.family != "local_intensity" && f.family != "ivh") {
            EXPECT_EQ(f.unit, "") << f.family << " " << f.name << " is dimensionless";
        }

    // PET in SUV with the PET preset (IVH on bin numbers: dimensionless).
    const ParameterSet pet = loadParameterSet("pet-default");
    const Volume suv = image(IntensityUnit::SuvBodyWeight, 1.0f);
    const FeatureTable p = extract(suv, box(suv.geometry, 2, 8), pet.settings);
    EXPECT_EQ(find(p, "Mean intensity").unit, "SUV");
    EXPECT_EQ(find(p, "Intensity variance").unit, "SUV\u00b2");
    EXPECT_EQ(find(p, "Integrated intensity").unit, "mm\u00b3\u00b7SUV");
    EXPECT_EQ(find(p, "Intensity at volume fraction: intensity at 10% volume").unit, "SUV");
    // IVH on bin numbers (arbitrary units): intensities at a volume fraction are bin numbers.
    Settings binNumbers = pet.settings;
    binNumbers.ivh.mode = IvhMode::BinNumbers;
    EXPECT_EQ(unitSymbol(FeatureDimension::IvhIntensity, IntensityUnit::SuvBodyWeight, binNumbers),
              "");
    // MR and NIfTI: arbitrary units.
    EXPECT_EQ(intensitySymbol(IntensityUnit::RescaledValue), "a.u.");
}
