#pragma once

#include <string>
#include <vector>

namespace rgw::radiomics {

/// One computed feature value, named exactly as the IBSI reference tables
/// (and ../shared/data/ibsi1_reference/reference_values.csv) name it.
struct FeatureValue {
    std::string family;      ///< "morphology", "local_intensity", "intensity_statistics",
                             ///< "intensity_histogram", "ivh", "glcm", "glrlm", "glszm",
                             ///< "gldzm", "ngtdm", "ngldm"
    std::string name;        ///< IBSI feature name, e.g. "Volume (mesh)"
    std::string ibsiCode;    ///< IBSI identifier, e.g. "RNU0"
    std::string aggregation; ///< "" for non-texture families, else e.g. "2D, averaged", "3D"
    double value = 0.0;      ///< NaN when missing
    std::string unit;        ///< "mm³", "HU", "SUV²", ... ("" = dimensionless or not known)
    /// Why the value is missing (it is then NaN); empty when it was computed.
    std::string missingReason;

    bool missing() const { return !missingReason.empty(); }
};

/// Why a family produced no (or fewer) values for an ROI, e.g. too few voxels.
struct FamilyNote {
    std::string family;
    std::string note;
};

struct FeatureTable {
    std::vector<FeatureValue> values;
    std::vector<FamilyNote> notes;

    void add(std::string family, std::string name, std::string code, std::string aggregation,
             double value) {
        values.push_back({std::move(family), std::move(name), std::move(code),
                          std::move(aggregation), value, std::string(), std::string()});
    }
    void append(const FeatureTable& other) {
        values.insert(values.end(), other.values.begin(), other.values.end());
        notes.insert(notes.end(), other.notes.begin(), other.notes.end());
    }
};

} // namespace rgw::radiomics
