// The lean extraction route of `rgw-cli extract` (issue #16 §6): the image
// located from its header(s), the mask read first, then only the window of
// image voxels the processing reads. Its feature table equals the one from
// the whole image and mask, value for value, on the IBSI CT phantom by every
// route: NIfTI files, a DICOM folder with an RTSTRUCT, and a database series
// with its stored segmentation.
#include "CohortRepositories.h"
#include "ExtractionInputs.h"
#include "ExtractionService.h"
#include "ImportService.h"
#include "TestData.h"
#include "radiomics/ParameterSet.h"
#include "util/Error.h"

#include <cstring>
#include <functional>
#include <gtest/gtest.h>
#include <string>

namespace {

using namespace rgw;
using namespace rgw::storage;
namespace fs = std::filesystem;

fs::path ctPhantom() {
    return test::ibsiDataSets() / "ibsi_1_ct_radiomics_phantom";
}

const radiomics::Settings& configC() {
    static const radiomics::ParameterSet set = radiomics::loadParameterSet("ibsi-config-C");
    return set.settings;
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

/// Features from the window equal those from the whole image, bit for bit
/// (NaN where the whole image's are NaN, with the same reason).
void expectWindowGivesTheWholeImagesFeatures(Database* db, const std::string& image,
                                             const std::string& mask, const std::string& roi) {
    const ImageInput whole = resolveImage(db, image);
    const MaskInput wholeMask = resolveMask(db, whole, mask, roi);
    const radiomics::FeatureTable expected =
        extractFeatures(whole.volume, wholeMask.mask, configC(), 1);

    const ImageSource source = locateImage(db, image);
    EXPECT_TRUE(source.grid.sameGrid(whole.volume.geometry));
    EXPECT_EQ(source.modality, whole.modality);
    MaskInput maskInput = resolveMask(db, source, mask, roi);
    EXPECT_EQ(maskInput.description, wholeMask.description);
    EXPECT_EQ(maskInput.mask.voxels, wholeMask.mask.voxels);
    ExtractionWindow window = readExtractionWindow(source, std::move(maskInput.mask), configC());
    const double share = static_cast<double>(window.image.geometry.voxelCount()) /
                         static_cast<double>(source.grid.voxelCount());
    std::printf("%s: window of %.1f %% of the image's voxels\n", image.c_str(), 100.0 * share);
    EXPECT_LT(share, 0.25);
    const radiomics::FeatureTable table = extractFeatures(std::move(window), configC(), 1);

    ASSERT_EQ(table.values.size(), expected.values.size());
    std::size_t equal = 0;
    for (std::size_t v = 0; v < table.values.size(); ++v) {
        const auto& a = table.values[v];
        const auto& b = expected.values[v];
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.aggregation, b.aggregation);
        EXPECT_EQ(a.missingReason, b.missingReason);
        const bool same = std::memcmp(&a.value, &b.value, sizeof(double)) == 0;
        EXPECT_TRUE(same) << a.family << " " << a.name << " " << a.aggregation << ": " << a.value
                          << " vs " << b.value;
        equal += same ? 1 : 0;
    }
    std::printf("%s: %zu of %zu values bitwise equal\n", image.c_str(), equal, table.values.size());
}

} // namespace

TEST(ExtractionWindow, NiftiRouteGivesTheWholeImagesFeatures) {
    RGW_REQUIRE_TEST_DATA();
    expectWindowGivesTheWholeImagesFeatures(
        nullptr, (ctPhantom() / "nifti" / "image" / "phantom.nii.gz").string(),
        (ctPhantom() / "nifti" / "mask" / "mask.nii.gz").string(), "");
}

TEST(ExtractionWindow, DicomRouteGivesTheWholeImagesFeatures) {
    RGW_REQUIRE_TEST_DATA();
    expectWindowGivesTheWholeImagesFeatures(
        nullptr, (ctPhantom() / "dicom" / "image").string(),
        (ctPhantom() / "dicom" / "mask" / "DCM_RS_00060.dcm").string(), "GTV-1");
}

TEST(ExtractionWindow, DatabaseSeriesGivesTheWholeImagesFeatures) {
    RGW_REQUIRE_TEST_DATA();
    test::TempDir dir;
    Database db(dir.path() / "cohort.db");
    (void)importPaths(db, {ctPhantom() / "dicom"});
    std::string uid;
    for (const auto& s : SeriesRepository(db).listAll())
        if (s.modality == "CT")
            uid = s.seriesInstanceUid;
    ASSERT_FALSE(uid.empty());
    expectWindowGivesTheWholeImagesFeatures(&db, uid, "GTV-1", "");
}

TEST(ExtractionWindow, ADicomSeriesIsReadOnce) {
    RGW_REQUIRE_TEST_DATA();
    const ImageSource source = locateImage(nullptr, (ctPhantom() / "dicom" / "image").string());
    (void)source.read(VoxelBox{{0, 0, 20}, {9, 9, 21}});
    const std::string again = errorOf([&] { (void)source.read(std::nullopt); });
    EXPECT_NE(again.find("was read already"), std::string::npos) << again;
}

TEST(ExtractionWindow, AnEmptyMaskOrAnotherGridIsRefused) {
    RGW_REQUIRE_TEST_DATA();
    const ImageSource source =
        locateImage(nullptr, (ctPhantom() / "nifti" / "image" / "phantom.nii.gz").string());
    const std::string empty =
        errorOf([&] { (void)readExtractionWindow(source, Mask(source.grid, 0), configC()); });
    EXPECT_NE(empty.find("empty"), std::string::npos) << empty;
    Geometry other = source.grid;
    other.size[2] -= 1;
    const std::string grid =
        errorOf([&] { (void)readExtractionWindow(source, Mask(other, 1), configC()); });
    EXPECT_NE(grid.find("not on the grid"), std::string::npos) << grid;
}
