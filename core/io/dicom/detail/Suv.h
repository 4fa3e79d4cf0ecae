#pragma once

// PET standardised uptake value, body-weight normalised (SUVbw), from the
// DICOM PET Image and PET Isotope modules.

#include "image/Image.h"

#include <optional>
#include <string>
#include <vector>

class DcmItem;

namespace rgw::dicom::detail {

/// The attributes SUVbw needs, as read from one PET instance. Times are
/// seconds on the scale of DateTime.h; `...DateKnown` says whether the date
/// part was present (otherwise only the time of day is meaningful).
struct PetSuvInputs {
    std::string units;                             ///< Units (0054,1001)
    std::string decayCorrection;                   ///< Decay Correction (0054,1102)
    std::optional<double> patientWeightKg;         ///< Patient's Weight (0010,1030)
    std::optional<double> radionuclideTotalDoseBq; ///< (0018,1074)
    std::optional<double> radionuclideHalfLifeS;   ///< (0018,1075)
    std::optional<double>
        injectionTime; ///< Radiopharmaceutical Start DateTime/Time (0018,1078/1072)
    bool injectionDateKnown = false;
    std::optional<double> seriesTime; ///< Series Date/Time (0008,0021/0031)
    bool seriesDateKnown = false;
    std::optional<double> acquisitionTime; ///< Acquisition DateTime (0008,002A) or Date/Time
    bool acquisitionDateKnown = false;
};

/// How stored PET values (after Rescale Slope/Intercept) become the volume's values.
struct SuvConversion {
    IntensityUnit unit = IntensityUnit::RawPetActivity;
    double factor = 1.0; ///< multiply rescaled values by this
    std::string note;    ///< why values are raw, or how SUV was obtained
};

/// SUVbw = activity concentration [Bq/ml] x weight [g] / decayed dose [Bq].
/// Units BQML: the dose is decayed from the injection to the time the image
/// was decay corrected to (Decay Correction START: Series Date/Time; ADMIN:
/// the injection itself, no decay; NONE: the instance's acquisition time).
/// Units GML: values are already SUVbw. Anything else or a missing attribute:
/// values kept (RawPetActivity) with a note naming the attribute.
SuvConversion suvConversion(const PetSuvInputs& in);

/// The SUV inputs present in `in`, each named by its attribute(s) as in
/// messages ("Radionuclide Total Dose (0018,1074)"). Acquisition Date/Time
/// counts only under Decay Correction NONE, the one rule that uses it. Every
/// slice of a series must have the same set: one lacking an input that the
/// others have would silently take a different unit or factor.
std::vector<std::string> presentSuvInputs(const PetSuvInputs& in);

/// Reads the inputs from a PET dataset (header only is enough).
PetSuvInputs readPetSuvInputs(DcmItem& dataset);

} // namespace rgw::dicom::detail
