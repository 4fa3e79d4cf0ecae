#include "io/dicom/detail/Suv.h"

#include "io/dicom/detail/Attributes.h"
#include "io/dicom/detail/DateTime.h"

#include <cmath>
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcitem.h>

namespace rgw::dicom::detail {
namespace {

SuvConversion raw(std::string note) {
    return {IntensityUnit::RawPetActivity, 1.0, "PET values kept as stored: " + std::move(note)};
}

std::string missing(const char* attribute) {
    return std::string(attribute) + " missing";
}

struct DateTimeValue {
    std::optional<double> seconds;
    bool dateKnown = false;
};

// A DA + TM pair; when the date is missing only the time of day is kept.
DateTimeValue fromDateAndTime(const std::string& da, const std::string& tm) {
    if (auto both = combineDateTime(da, tm))
        return {both, true};
    return {parseTime(tm), false};
}

} // namespace

SuvConversion suvConversion(const PetSuvInputs& in) {
    if (in.units == "GML")
        return {IntensityUnit::SuvBodyWeight, 1.0, "Units (0054,1001) GML: values are SUVbw"};
    if (in.units.empty())
        return raw(missing("Units (0054,1001)"));
    if (in.units != "BQML")
        return raw("Units (0054,1001) " + in.units + " cannot be converted to SUV");

    if (!in.patientWeightKg || *in.patientWeightKg <= 0)
        return raw(missing("Patient's Weight (0010,1030)"));
    if (!in.radionuclideTotalDoseBq || *in.radionuclideTotalDoseBq <= 0)
        return raw(missing("Radionuclide Total Dose (0018,1074)"));

    double elapsed = 0;
    if (in.decayCorrection == "ADMIN") {
        elapsed = 0; // images are decay corrected to the injection: dose not decayed
    } else if (in.decayCorrection == "START" || in.decayCorrection == "NONE") {
        const bool start = in.decayCorrection == "START";
        const auto& reference = start ? in.seriesTime : in.acquisitionTime;
        const bool referenceDateKnown = start ? in.seriesDateKnown : in.acquisitionDateKnown;
        if (!reference)
            return raw(missing(start ? "Series Time (0008,0031)" : "Acquisition Time (0008,0032)"));
        if (!in.injectionTime)
            return raw(missing("Radiopharmaceutical Start Time (0018,1072)"));
        if (!in.radionuclideHalfLifeS || *in.radionuclideHalfLifeS <= 0)
            return raw(missing("Radionuclide Half Life (0018,1075)"));
        if (in.injectionDateKnown && referenceDateKnown) {
            elapsed = *reference - *in.injectionTime;
        } else {
            // Times of day only: the injection precedes the scan by less than a day.
            elapsed = std::fmod(*reference, 86400.0) - std::fmod(*in.injectionTime, 86400.0);
            if (elapsed < 0)
                elapsed += 86400.0;
        }
        if (elapsed < 0)
            return raw("injection (0018,1078/0018,1072) after the decay reference time");
    } else if (in.decayCorrection.empty()) {
        return raw(missing("Decay Correction (0054,1102)"));
    } else {
        return raw("Decay Correction (0054,1102) " + in.decayCorrection + " not supported");
    }

    const double halfLife = in.radionuclideHalfLifeS.value_or(1.0);
    const double decayedDose = *in.radionuclideTotalDoseBq * std::exp2(-elapsed / halfLife);
    const double factor = *in.patientWeightKg * 1000.0 / decayedDose;
    return {IntensityUnit::SuvBodyWeight, factor,
            "SUVbw from Units BQML, Decay Correction " + in.decayCorrection};
}

std::vector<std::string> presentSuvInputs(const PetSuvInputs& in) {
    std::vector<std::string> present;
    const auto add = [&present](bool has, const char* attribute) {
        if (has)
            present.emplace_back(attribute);
    };
    add(!in.units.empty(), "Units (0054,1001)");
    add(!in.decayCorrection.empty(), "Decay Correction (0054,1102)");
    add(in.patientWeightKg.has_value(), "Patient's Weight (0010,1030)");
    add(in.radionuclideTotalDoseBq.has_value(), "Radionuclide Total Dose (0018,1074)");
    add(in.radionuclideHalfLifeS.has_value(), "Radionuclide Half Life (0018,1075)");
    add(in.injectionTime.has_value(),
        "Radiopharmaceutical Start DateTime/Time (0018,1078/0018,1072)");
    add(in.seriesTime.has_value(), "Series Time (0008,0031)");
    add(in.decayCorrection == "NONE" && in.acquisitionTime.has_value(),
        "Acquisition DateTime/Time (0008,002A/0008,0032)");
    return present;
}

PetSuvInputs readPetSuvInputs(DcmItem& ds) {
    PetSuvInputs in;
    in.units = getString(ds, DCM_Units);
    in.decayCorrection = getString(ds, DCM_DecayCorrection);
    in.patientWeightKg = getDouble(ds, DCM_PatientWeight);

    const DateTimeValue series =
        fromDateAndTime(getString(ds, DCM_SeriesDate), getString(ds, DCM_SeriesTime));
    in.seriesTime = series.seconds;
    in.seriesDateKnown = series.dateKnown;

    if (auto dt = parseDateTime(getString(ds, DCM_AcquisitionDateTime))) {
        in.acquisitionTime = dt;
        in.acquisitionDateKnown = true;
    } else {
        const DateTimeValue acq =
            fromDateAndTime(getString(ds, DCM_AcquisitionDate), getString(ds, DCM_AcquisitionTime));
        in.acquisitionTime = acq.seconds;
        in.acquisitionDateKnown = acq.dateKnown;
    }

    if (DcmItem* rp = firstItem(ds, DCM_RadiopharmaceuticalInformationSequence)) {
        in.radionuclideTotalDoseBq = getDouble(*rp, DCM_RadionuclideTotalDose);
        in.radionuclideHalfLifeS = getDouble(*rp, DCM_RadionuclideHalfLife);
        if (auto dt = parseDateTime(getString(*rp, DCM_RadiopharmaceuticalStartDateTime))) {
            in.injectionTime = dt;
            in.injectionDateKnown = true;
        } else {
            // Start Time alone: only the time of day is known (the injection
            // may be on the day before a scan that starts after midnight).
            in.injectionTime = parseTime(getString(*rp, DCM_RadiopharmaceuticalStartTime));
            in.injectionDateKnown = false;
        }
    }
    return in;
}

} // namespace rgw::dicom::detail
