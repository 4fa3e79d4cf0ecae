#pragma once

// Shared by the IBSI texture-family tests: the digital phantom as a
// DiscretisedRoi, the reference-table check, and synthetic ROIs.

#include "IbsiReference.h"
#include "TestData.h"
#include "io/nifti/Nifti.h"
#include "radiomics/Feature.h"
#include "radiomics/Roi.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <string>

namespace rgw::test {

/// The IBSI-1 digital phantom: its image values are already grey levels 1..6;
/// no processing, so morphological and intensity masks coincide.
inline radiomics::DiscretisedRoi digitalPhantomRoi() {
    const auto dir = ibsiDataSets() / "ibsi_1_digital_phantom" / "nifti";
    const Volume image = nifti::readVolume(dir / "image" / "phantom.nii.gz");
    const Mask mask = nifti::readMask(dir / "mask" / "mask.nii.gz");
    radiomics::DiscretisedRoi roi;
    roi.geometry = image.geometry;
    roi.greyLevels = 6;
    roi.morphologicalMask = mask;
    roi.levels.assign(image.voxels.size(), 0);
    for (std::size_t v = 0; v < image.voxels.size(); ++v)
        if (mask.voxels[v])
            roi.levels[v] = static_cast<int>(std::lround(image.voxels[v]));
    return roi;
}

/// Asserts every dig_phantom reference row of `family` against `table` and
/// prints matched/total per aggregation.
inline void expectMatchesDigitalPhantom(const std::string& family,
                                        const radiomics::FeatureTable& table) {
    const auto refs = ibsiReferences(family, "dig_phantom");
    ASSERT_FALSE(refs.empty()) << "no dig_phantom rows for " << family;
    std::map<std::string, std::pair<int, int>> perAggregation; // matched, total
    for (const auto& ref : refs) {
        const radiomics::FeatureValue* found = nullptr;
        for (const auto& v : table.values)
            if (v.family == family && v.name == ref.feature && v.aggregation == ref.aggregation) {
                EXPECT_EQ(v.ibsiCode, ref.code) << ref.label();
                found = &v;
            }
        auto& [matched, total] = perAggregation[ref.aggregation];
        ++total;
        if (!found) {
            ADD_FAILURE() << ref.label() << ": not computed";
            continue;
        }
        if (ref.matches(found->value))
            ++matched;
        else
            ADD_FAILURE() << ref.label() << ": computed " << found->value << ", reference "
                          << ref.valueText << " (tolerance " << ref.tolerance << ")";
    }
    for (const auto& [aggregation, counts] : perAggregation)
        std::printf("[ %-6s ] %-24s matched %2d / %2d\n", family.c_str(),
                    ("[" + aggregation + "]").c_str(), counts.first, counts.second);
}

/// An ROI with no voxel, and one with a single voxel, on a 3×3×3 grid.
inline radiomics::DiscretisedRoi tinyRoi(bool oneVoxel) {
    radiomics::DiscretisedRoi roi;
    roi.geometry.size = {3, 3, 3};
    roi.greyLevels = 4;
    roi.levels.assign(27, 0);
    roi.morphologicalMask = Mask(roi.geometry, 0);
    if (oneVoxel) {
        roi.levels[13] = 2;
        roi.morphologicalMask.voxels[13] = 1;
    }
    return roi;
}

/// A random n×n×n cube ROI with `greyLevels` levels (fixed seed), for timing.
inline radiomics::DiscretisedRoi randomCubeRoi(int n, int greyLevels) {
    radiomics::DiscretisedRoi roi;
    roi.geometry.size = {n, n, n};
    roi.greyLevels = greyLevels;
    std::mt19937 rng(12345);
    std::uniform_int_distribution<int> level(1, greyLevels);
    roi.levels.resize(roi.geometry.voxelCount());
    for (auto& l : roi.levels)
        l = level(rng);
    roi.morphologicalMask = Mask(roi.geometry, 1);
    return roi;
}

/// Wall-clock and process CPU time since construction (CPU time is the fairer
/// number on a shared, loaded machine).
class Stopwatch {
public:
    void print(const char* family, const char* what) const {
        const double wall =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall0_)
                .count();
        const double cpu = 1000.0 * static_cast<double>(std::clock() - cpu0_) / CLOCKS_PER_SEC;
        std::printf("[ %-6s ] %s: %.1f ms wall, %.1f ms CPU\n", family, what, wall, cpu);
    }

private:
    std::chrono::steady_clock::time_point wall0_ = std::chrono::steady_clock::now();
    std::clock_t cpu0_ = std::clock();
};

/// Every value finite; an empty table must explain itself with a note.
inline void expectNoSilentNaN(const radiomics::FeatureTable& table, const std::string& family) {
    for (const auto& v : table.values) {
        EXPECT_TRUE(std::isfinite(v.value))
            << family << "/" << v.name << " [" << v.aggregation << "] = " << v.value;
    }
    if (table.values.empty()) {
        EXPECT_FALSE(table.notes.empty()) << family << ": no values and no note";
    }
    for (const auto& n : table.notes) {
        EXPECT_EQ(n.family, family);
        EXPECT_FALSE(n.note.empty());
    }
}

} // namespace rgw::test
