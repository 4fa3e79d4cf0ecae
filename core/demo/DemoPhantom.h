#pragma once

#include "demo/DemoGenotype.h"
#include "image/Image.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace rgw::demo {

/// Who the synthetic patient is and when the study took place (DICOM formats:
/// dates YYYYMMDD, time HHMMSS, name Family^Given).
struct DemoDemographics {
    std::string patientId; ///< DEMO-001, DEMO-002, ...
    std::string patientName;
    std::string patientBirthDate;
    std::string patientSex; ///< M or F
    std::string studyDate;
    std::string studyTime;
    std::string accessionNumber;
};

/// One lesion: its ROI identity and its true voxel set on the CT grid.
struct DemoLesion {
    std::string roiName; ///< GTV_Lesion1, ...
    std::array<int, 3> displayColor{255, 0, 0};
    std::string description; ///< shape and texture, e.g. "spiculated, necrotic core"
    Mask mask;
};

/// The ground truth of one synthetic patient: the CT in Hounsfield units on an
/// axial LPS grid (identity direction), its lesions and the genotype that
/// shaped their texture (see DemoGenomics.h for how).
struct DemoPatientPhantom {
    DemoDemographics demographics;
    DemoGenotype genotype;
    Image<std::int16_t> ctHu;
    std::vector<DemoLesion> lesions;
};

/// Builds patient `patientNumber` (1-based) of the cohort of `seed`. The same
/// (seed, patientNumber) always gives the same patient, whatever the cohort size.
DemoPatientPhantom makePatientPhantom(std::uint32_t seed, int patientNumber);

} // namespace rgw::demo
