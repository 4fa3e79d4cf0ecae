#pragma once

#include "radiomics/ParameterSet.h"
#include "util/Error.h"

#include <string>

namespace rgw::radiomics {

/// Thrown when a parameter set is not declared valid for the image's modality
/// (or the image has no modality and the set is not valid for any).
class ModalityMismatch : public Error {
public:
    using Error::Error;
};

/// The one decision whether `parameters` may be used on an image of DICOM
/// Modality `imageModality` ("" = unknown, e.g. a NIfTI file nobody stated a
/// modality for). A set declaring `modalities: any` fits every image; a set
/// declaring modalities fits an image of one of them. An unknown modality fits
/// only a set valid for any modality.
bool modalityFits(const ParameterSet& parameters, const std::string& imageModality);

/// Empty when the set fits, else the reason, naming the image (`imageName`),
/// its modality, the set and the modalities it declares, and how to proceed.
std::string modalityMismatchReason(const ParameterSet& parameters, const std::string& imageModality,
                                   const std::string& imageName);

/// Throws ModalityMismatch with modalityMismatchReason() unless the set fits
/// or `allowMismatch` (the user's explicit, recorded override).
void requireModality(const ParameterSet& parameters, const std::string& imageModality,
                     const std::string& imageName, bool allowMismatch);

} // namespace rgw::radiomics
