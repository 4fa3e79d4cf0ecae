// Acceptance: each DICOM series of the shared data loads onto the same grid,
// with the same voxel values, as the IBSI's NIfTI conversion of it.
#include "SharedCases.h"
#include "io/dicom/SeriesLoader.h"
#include "io/nifti/Nifti.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;

using rgw::test::filesIn;
using Case = rgw::test::SharedSeriesCase;

/// Every DICOM series of the shared data whose NIfTI conversion exists.
std::vector<Case> cases() {
    std::vector<Case> out;
    for (auto& c : rgw::test::sharedSeriesCases())
        if (fs::exists(c.niftiImage) && fs::exists(c.dicomImageFolder))
            out.push_back(std::move(c));
    return out;
}

/// PET values straight from the DICOM attributes, independent of loadSeries:
/// Units (0054,1001) must be GML (the IBSI stored SUV already), and each value
/// is stored value x Rescale Slope + Rescale Intercept, evaluated exactly
/// (double) and rounded once to float. Slices are placed by SOP Instance UID.
std::vector<float> petFromAttributes(const Case& c, const rgw::dicom::LoadedSeries& series) {
    const auto& g = series.volume.geometry;
    const std::size_t slice = static_cast<std::size_t>(g.size[0] * g.size[1]);
    std::vector<float> out(g.voxelCount(), NAN);
    for (const fs::path& file : filesIn(c.dicomImageFolder)) {
        DcmFileFormat ff;
        EXPECT_TRUE(ff.loadFile(file.string().c_str()).good()) << file;
        DcmDataset& ds = *ff.getDataset();
        OFString units, uid;
        Float64 slope = 1.0, intercept = 0.0;
        Uint16 representation = 0;
        ds.findAndGetOFString(DCM_Units, units);
        ds.findAndGetOFString(DCM_SOPInstanceUID, uid);
        ds.findAndGetFloat64(DCM_RescaleSlope, slope);
        ds.findAndGetFloat64(DCM_RescaleIntercept, intercept);
        ds.findAndGetUint16(DCM_PixelRepresentation, representation);
        EXPECT_EQ(units, "GML") << file;
        const auto at = std::find(series.sliceSopInstanceUids.begin(),
                                  series.sliceSopInstanceUids.end(), uid.c_str());
        EXPECT_NE(at, series.sliceSopInstanceUids.end()) << file;
        const auto k = static_cast<std::size_t>(at - series.sliceSopInstanceUids.begin());
        const Uint16* pixels = nullptr;
        unsigned long count = 0;
        EXPECT_TRUE(ds.findAndGetUint16Array(DCM_PixelData, pixels, &count).good()) << file;
        EXPECT_EQ(count, slice) << file;
        for (std::size_t v = 0; v < slice && v < count; ++v) {
            const double stored = representation
                                      ? static_cast<double>(static_cast<Sint16>(pixels[v]))
                                      : static_cast<double>(pixels[v]);
            out[k * slice + v] = static_cast<float>(stored * slope + intercept);
        }
    }
    return out;
}

} // namespace

TEST(DicomNiftiGeometry, SeriesMatchItsNiftiConversion) {
    RGW_REQUIRE_TEST_DATA();
    const auto all = cases();
    EXPECT_EQ(all.size(), 28u);
    for (const Case& c : all) {
        SCOPED_TRACE(c.name);
        const auto series = rgw::dicom::loadSeries(filesIn(c.dicomImageFolder));
        const rgw::Volume nifti = rgw::nifti::readVolume(c.niftiImage);
        const rgw::Geometry& d = series.volume.geometry;
        const rgw::Geometry& n = nifti.geometry;
        ASSERT_EQ(d.size, n.size);
        EXPECT_LT((d.origin - n.origin).cwiseAbs().maxCoeff(), 1e-3)
            << d.origin.transpose() << " vs " << n.origin.transpose();
        EXPECT_LT((d.spacing - n.spacing).cwiseAbs().maxCoeff(), 1e-3)
            << d.spacing.transpose() << " vs " << n.spacing.transpose();
        EXPECT_LT((d.direction - n.direction).cwiseAbs().maxCoeff(), 1e-3);
        EXPECT_TRUE(d.sameGrid(n, 1e-3));

        double maxAbs = 0.0, maxRel = 0.0;
        std::size_t differing = 0;
        for (std::size_t v = 0; v < n.voxelCount(); ++v) {
            const double a = series.volume.voxels[v], b = nifti.voxels[v];
            const double diff = std::fabs(a - b);
            differing += diff != 0.0;
            maxAbs = std::max(maxAbs, diff);
            maxRel = std::max(maxRel, diff / std::max(std::fabs(b), 1e-6));
        }
        std::printf("%-18s unit %-14s voxels %8zu differing %8zu max |diff| %.3g max rel %.3g\n",
                    c.name.c_str(), rgw::toString(series.volume.unit), n.voxelCount(), differing,
                    maxAbs, maxRel);
        if (c.modality != "PET") {
            EXPECT_EQ(differing, 0u);
            continue;
        }
        // PET: the NIfTI differs from the exact product by one float32 ulp
        // in some voxels (its own float arithmetic); loadSeries must give the
        // correctly rounded value from the DICOM attributes, and the NIfTI
        // may be at most one ulp from it.
        EXPECT_EQ(series.volume.unit, rgw::IntensityUnit::SuvBodyWeight);
        const std::vector<float> exact = petFromAttributes(c, series);
        std::size_t wrong = 0, beyondUlp = 0;
        for (std::size_t v = 0; v < n.voxelCount(); ++v) {
            wrong += series.volume.voxels[v] != exact[v];
            const float b = nifti.voxels[v];
            beyondUlp += b != exact[v] && std::nextafter(exact[v], INFINITY) != b &&
                         std::nextafter(exact[v], -INFINITY) != b;
        }
        EXPECT_EQ(wrong, 0u);
        EXPECT_EQ(beyondUlp, 0u);
    }
}
