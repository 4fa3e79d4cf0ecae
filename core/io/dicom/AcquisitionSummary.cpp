#include "io/dicom/AcquisitionSummary.h"

#include "io/dicom/detail/Attributes.h"
#include "io/dicom/detail/Suv.h"
#include "report/NumberFormat.h"
#include "stats/Quantile.h"
#include "util/Error.h"

#include <algorithm>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <set>

namespace rgw::dicom {
namespace {

std::optional<ValueRange> rangeOf(std::vector<double> values) {
    if (values.empty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    return ValueRange{values.size(), values.front(), stats::quantileType7(values, 0.5),
                      values.back()};
}

} // namespace

AcquisitionHeader readAcquisitionHeader(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw Error("acquisition header: " + file.string() + " is missing");
    DcmFileFormat ff;
    const OFCondition status = ff.loadFile(file.string().c_str(), EXS_Unknown, EGL_noChange,
                                           DCM_MaxReadLength, ERM_autoDetect);
    if (status.bad())
        throw Error("acquisition header: " + file.string() + " is not readable DICOM (" +
                    status.text() + ")");
    DcmDataset& ds = *ff.getDataset();
    using detail::getAllValues;
    using detail::getDouble;
    using detail::getString;
    AcquisitionHeader h;
    h.modality = getString(ds, DCM_Modality);
    h.manufacturer = getString(ds, DCM_Manufacturer);
    h.model = getString(ds, DCM_ManufacturerModelName);
    h.kvp = getDouble(ds, DCM_KVP);
    h.sliceThickness = getDouble(ds, DCM_SliceThickness);
    const auto row = getDouble(ds, DCM_PixelSpacing, 0);
    const auto column = getDouble(ds, DCM_PixelSpacing, 1);
    if (row && column) {
        h.pixelSpacingRow = row;
        h.pixelSpacingColumn = column;
    }
    h.convolutionKernel = getAllValues(ds, DCM_ConvolutionKernel);
    h.contrastAgentName = getString(ds, DCM_ContrastBolusAgent);
    h.contrastAgent = !h.contrastAgentName.empty();
    if (h.modality == "PT") {
        const detail::PetSuvInputs inputs = detail::readPetSuvInputs(ds);
        const detail::SuvConversion conversion = detail::suvConversion(inputs);
        h.petUnits = inputs.units;
        h.decayCorrection = inputs.decayCorrection;
        h.suvConvertible = conversion.unit == IntensityUnit::SuvBodyWeight;
        h.suvNote = conversion.note;
    }
    return h;
}

std::vector<ModalityAcquisition>
summariseAcquisition(const std::vector<AcquisitionHeader>& headers) {
    std::map<std::string, ModalityAcquisition> byModality;
    std::map<std::string, std::vector<double>> kvp, thickness, spacing;
    for (const AcquisitionHeader& h : headers) {
        ModalityAcquisition& m = byModality[h.modality];
        m.modality = h.modality;
        ++m.series;
        std::string scanner = h.manufacturer;
        if (!h.model.empty())
            scanner += (scanner.empty() ? "" : " ") + h.model;
        ++m.scanners[scanner.empty() ? "not recorded" : scanner];
        if (h.kvp)
            kvp[h.modality].push_back(*h.kvp);
        if (h.sliceThickness)
            thickness[h.modality].push_back(*h.sliceThickness);
        if (h.pixelSpacingRow && h.pixelSpacingColumn)
            spacing[h.modality].push_back(0.5 * (*h.pixelSpacingRow + *h.pixelSpacingColumn));
        if (h.convolutionKernel.empty())
            ++m.withoutKernel;
        else
            ++m.kernels[h.convolutionKernel];
        ++(h.contrastAgent ? m.withContrast : m.withoutContrast);
        if (h.modality == "PT") {
            ++m.petUnits[h.petUnits];
            ++m.decayCorrections[h.decayCorrection];
            if (h.suvConvertible)
                ++m.suvConvertible;
            ++m.suvNotes[h.suvNote];
        }
    }
    std::vector<ModalityAcquisition> out;
    for (auto& [modality, m] : byModality) {
        m.kvp = rangeOf(kvp[modality]);
        m.sliceThickness = rangeOf(thickness[modality]);
        m.pixelSpacing = rangeOf(spacing[modality]);
        out.push_back(std::move(m));
    }
    return out;
}

std::string rangeText(const ValueRange& range) {
    if (range.min == range.max)
        return report::formatNumber(range.min, 4);
    return report::formatNumber(range.min, 4) + "–" + report::formatNumber(range.max, 4) +
           " (median " + report::formatNumber(range.median, 4) + ")";
}

} // namespace rgw::dicom
