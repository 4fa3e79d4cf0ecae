#pragma once

// A radiomics parameter set in the terms of the IBSI reporting guidelines
// (IBSI 1, chapter 4 "Radiomics reporting guidelines": image interpolation,
// re-segmentation, discretisation, texture aggregation, intensity units),
// for the methods section of the study report.

#include "radiomics/ParameterSet.h"

#include <string>
#include <utility>
#include <vector>

namespace rgw::report {

/// "Label: text" lines: analysis dimension, interpolation (grid and method,
/// mask method, partial-volume threshold, rounding), re-segmentation (range
/// and outlier filter), discretisation (method and bin width / number, for
/// the intensity histogram and texture), intensity-volume histogram,
/// convolutional filters (IBSI 2: each filter with its settings, the families
/// read from its response and their discretisation), texture
/// aggregation (IBSI method codes) and distance, valid modalities, and the
/// parameter-set SHA-256.
std::vector<std::pair<std::string, std::string>>
describeParameterSet(const radiomics::ParameterSet& set);

/// The intensity unit the features of a DICOM modality are in, as the
/// engine converts it: "Hounsfield units" (CT), "SUVbw (g/ml) where the PET
/// header allows it, else raw activity" (PT), "arbitrary units" (MR and
/// others).
std::string intensityUnitOfModality(const std::string& modality);

} // namespace rgw::report
