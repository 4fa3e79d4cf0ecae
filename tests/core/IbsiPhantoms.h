#pragma once

// Shared by the IBSI pipeline tests: the IBSI-1 phantoms (read once per test
// program) and the check of a FeatureTable against reference rows.

#include "IbsiReference.h"
#include "TestData.h"
#include "io/dicom/RtStruct.h"
#include "io/dicom/SeriesLoader.h"
#include "io/nifti/Nifti.h"
#include "radiomics/Feature.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <string>
#include <utility>
#include <vector>

namespace rgw::test {

struct ImageAndMask {
    Volume image;
    Mask mask;
};

/// The digital phantom (NIfTI; its DICOM version is deprecated by the IBSI).
inline const ImageAndMask& digitalPhantom() {
    static const ImageAndMask p = [] {
        const auto dir = ibsiDataSets() / "ibsi_1_digital_phantom" / "nifti";
        return ImageAndMask{nifti::readVolume(dir / "image" / "phantom.nii.gz"),
                            nifti::readMask(dir / "mask" / "mask.nii.gz")};
    }();
    return p;
}

/// The CT radiomics phantom from DICOM: the CT series and ROI "GTV-1" of the RTSTRUCT.
inline const ImageAndMask& ctPhantomDicom() {
    static const ImageAndMask p = [] {
        const auto dir = ibsiDataSets() / "ibsi_1_ct_radiomics_phantom" / "dicom";
        std::vector<std::filesystem::path> files;
        for (const auto& e : std::filesystem::directory_iterator(dir / "image"))
            if (e.is_regular_file())
                files.push_back(e.path());
        std::sort(files.begin(), files.end());
        ImageAndMask out;
        out.image = dicom::loadSeries(files).volume;
        const auto rs = dicom::readRtStruct(dir / "mask" / "DCM_RS_00060.dcm");
        for (const auto& roi : rs.rois)
            if (roi.roiName == "GTV-1")
                out.mask = dicom::rasterise(roi, out.image.geometry);
        if (out.mask.empty())
            throw std::runtime_error("ROI GTV-1 not found in DCM_RS_00060.dcm");
        return out;
    }();
    return p;
}

/// The CT radiomics phantom from its NIfTI image and voxel mask.
inline const ImageAndMask& ctPhantomNifti() {
    static const ImageAndMask p = [] {
        const auto dir = ibsiDataSets() / "ibsi_1_ct_radiomics_phantom" / "nifti";
        return ImageAndMask{nifti::readVolume(dir / "image" / "phantom.nii.gz"),
                            nifti::readMask(dir / "mask" / "mask.nii.gz")};
    }();
    return p;
}

struct RowCheck {
    int matched = 0;
    int total = 0;
};

/// Asserts every reference row of (family, dataset) against `table` (a row
/// that is missing or outside its tolerance fails) and returns the counts.
inline RowCheck expectRowsMatch(const std::vector<IbsiReference>& all, const std::string& family,
                                const std::string& dataset, const radiomics::FeatureTable& table) {
    RowCheck c;
    for (const auto& ref : filterIbsiReferences(all, family, dataset)) {
        ++c.total;
        const radiomics::FeatureValue* found = nullptr;
        for (const auto& v : table.values)
            if (v.family == family && v.name == ref.feature && v.aggregation == ref.aggregation)
                found = &v;
        if (!found) {
            ADD_FAILURE() << ref.label() << ": not computed";
            continue;
        }
        EXPECT_EQ(found->ibsiCode, ref.code) << ref.label();
        if (ref.matches(found->value))
            ++c.matched;
        else
            ADD_FAILURE() << ref.label() << ": computed " << found->value << ", reference "
                          << ref.valueText << " ± " << ref.tolerance;
    }
    return c;
}

} // namespace rgw::test
