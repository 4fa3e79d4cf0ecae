#pragma once

// Shared by the IBSI-2 filter tests: the digital phantoms of phase 1 (read once
// per test program), the reference response maps and the phase-1 pass rule.

#include "TestData.h"
#include "io/nifti/Nifti.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <gtest/gtest.h>
#include <limits>
#include <map>
#include <string>

namespace rgw::test {

inline std::filesystem::path ibsi2ReferenceDir() {
    return dataRoot() / "ibsi2_reference";
}

inline bool hasIbsi2Data() {
    return hasData() &&
           std::filesystem::is_directory(ibsi2ReferenceDir() / "reference_response_maps");
}

/// Skips the current test when the IBSI-2 phantoms or reference maps are absent.
#define RGW_REQUIRE_IBSI2_DATA()                                                                   \
    do {                                                                                           \
        if (!::rgw::test::hasIbsi2Data())                                                          \
            GTEST_SKIP() << "IBSI-2 data not found under " << ::rgw::test::dataRoot()              \
                         << " (set RGW_TEST_DATA)";                                                \
    } while (0)

/// The IBSI-2 digital phantom `name` ("checkerboard", "impulse", "sphere", ...).
inline const Volume& ibsi2Phantom(const std::string& name) {
    static std::map<std::string, Volume> cache;
    auto it = cache.find(name);
    if (it == cache.end()) {
        const auto file = ibsiDataSets() / "ibsi_2_digital_phantom" / "nifti" / name / "image" /
                          (name + ".nii.gz");
        it = cache.emplace(name, nifti::readVolume(file)).first;
    }
    return it->second;
}

/// The reference response map of configuration `id` (e.g. "2_b").
inline Volume ibsi2ReferenceMap(const std::string& id) {
    return nifti::readVolume(ibsi2ReferenceDir() / "reference_response_maps" /
                             (id + "-ValidCRM.nii.gz"));
}

/// The phase-1 pass rule: every voxel within 1 % of the reference's range.
constexpr double kIbsi2MapTolerance = 0.01;

struct MapComparison {
    bool sameShape = false;
    double maxAbsDiff = 0.0; ///< max |computed − reference| over the voxels
    double range = 0.0;      ///< max − min of the reference
    std::int64_t worstVoxel = -1;
    /// max |diff| / range (0 when both maps are constant and equal).
    double relative() const {
        return range > 0.0 ? maxAbsDiff / range
                           : (maxAbsDiff > 0.0 ? std::numeric_limits<double>::infinity() : 0.0);
    }
    bool passes() const { return sameShape && relative() <= kIbsi2MapTolerance; }
};

/// Compares voxel arrays in storage order (the reference shares the phantom's order).
inline MapComparison compareMaps(const Volume& computed, const Volume& reference) {
    MapComparison c;
    c.sameShape = computed.geometry.size == reference.geometry.size &&
                  computed.voxels.size() == reference.voxels.size();
    if (!c.sameShape || reference.voxels.empty())
        return c;
    const auto [lo, hi] = std::minmax_element(reference.voxels.begin(), reference.voxels.end());
    c.range = static_cast<double>(*hi) - static_cast<double>(*lo);
    for (std::size_t v = 0; v < reference.voxels.size(); ++v) {
        const double d = std::abs(static_cast<double>(computed.voxels[v]) -
                                  static_cast<double>(reference.voxels[v]));
        if (d > c.maxAbsDiff || c.worstVoxel < 0) {
            c.maxAbsDiff = std::max(c.maxAbsDiff, d);
            c.worstVoxel = static_cast<std::int64_t>(v);
        }
    }
    return c;
}

/// max |a − b| over the voxels (same grid), for the analytic tests' comparisons.
inline double maxAbsDifference(const Volume& a, const Volume& b) {
    double worst = 0.0;
    for (std::size_t v = 0; v < a.voxels.size(); ++v)
        worst = std::max(worst, std::abs(static_cast<double>(a.voxels[v]) - b.voxels[v]));
    return worst;
}

} // namespace rgw::test
