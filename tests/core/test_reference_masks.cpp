// Acceptance: RTSTRUCT rasterisation against the IBSI reference voxel masks
// (NIfTI, made by the IBSI with MIRP) for the STS patients and the CT phantom.
#include "SharedCases.h"
#include "io/dicom/RtStruct.h"
#include "io/dicom/SeriesLoader.h"
#include "io/nifti/Nifti.h"

#include <algorithm>
#include <cstdio>
#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;

using rgw::test::filesIn;
using Case = rgw::test::SharedSeriesCase;

/// Every DICOM series of the shared data that has a reference mask.
std::vector<Case> cases() {
    std::vector<Case> out;
    for (auto& c : rgw::test::sharedSeriesCases())
        if (fs::exists(c.niftiMask) && fs::exists(c.dicomImageFolder))
            out.push_back(std::move(c));
    return out;
}

} // namespace

TEST(ReferenceMasks, RtStructRasterisationMatchesIbsiNiftiMasks) {
    RGW_REQUIRE_TEST_DATA();
    const auto all = cases();
    // 10 patients x 3 modalities (every reference mask exists, even where the
    // NIfTI image is absent), plus the phantom.
    EXPECT_EQ(all.size(), 31u);
    for (const Case& c : all) {
        SCOPED_TRACE(c.name);
        const auto series = rgw::dicom::loadSeries(filesIn(c.dicomImageFolder));
        const auto structureSet = rgw::dicom::readRtStruct(c.rtStruct);
        ASSERT_FALSE(structureSet.rois.empty());
        EXPECT_EQ(structureSet.referencedSeriesInstanceUid, series.seriesInstanceUid);

        // Union of every ROI of the structure set (each file holds the one GTV).
        rgw::Mask ours(series.volume.geometry, 0);
        std::string names;
        for (const auto& roi : structureSet.rois) {
            const rgw::Mask m = rgw::dicom::rasterise(roi, series.volume.geometry);
            for (std::size_t v = 0; v < m.voxels.size(); ++v)
                ours.voxels[v] |= m.voxels[v];
            names += (names.empty() ? "" : ", ") + roi.roiName;
        }
        const rgw::Mask reference = rgw::nifti::readMask(c.niftiMask);
        ASSERT_TRUE(reference.geometry.sameGrid(series.volume.geometry, 1e-3))
            << "NIfTI origin " << reference.geometry.origin.transpose() << " DICOM origin "
            << series.volume.geometry.origin.transpose();

        std::size_t a = 0, b = 0, both = 0;
        for (std::size_t v = 0; v < ours.voxels.size(); ++v) {
            a += ours.voxels[v];
            b += reference.voxels[v];
            both += ours.voxels[v] & reference.voxels[v];
        }
        const double dice = 2.0 * static_cast<double>(both) / static_cast<double>(a + b);
        std::printf("%-18s ROI %-14s voxels ours %8zu reference %8zu  Dice %.5f\n", c.name.c_str(),
                    names.c_str(), a, b, dice);
        EXPECT_GE(dice, 0.99);
    }
}
