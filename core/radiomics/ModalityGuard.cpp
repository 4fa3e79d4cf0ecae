#include "radiomics/ModalityGuard.h"

#include <algorithm>

namespace rgw::radiomics {

bool modalityFits(const ParameterSet& parameters, const std::string& imageModality) {
    if (parameters.modalities.empty())
        return true;
    return std::find(parameters.modalities.begin(), parameters.modalities.end(), imageModality) !=
           parameters.modalities.end();
}

std::string modalityMismatchReason(const ParameterSet& parameters, const std::string& imageModality,
                                   const std::string& imageName) {
    if (modalityFits(parameters, imageModality))
        return {};
    const std::string declared = "parameter set " + parameters.source + " is valid for " +
                                 modalitiesText(parameters) + " only";
    if (imageModality.empty())
        return imageName + " has no modality (NIfTI files carry none) and " + declared +
               ": state the image's modality (--modality), or force with "
               "--allow-modality-mismatch";
    return imageName + " is " + imageModality + " but " + declared +
           ": choose a parameter set for " + imageModality +
           ", or force with --allow-modality-mismatch (recorded in the provenance)";
}

void requireModality(const ParameterSet& parameters, const std::string& imageModality,
                     const std::string& imageName, bool allowMismatch) {
    if (allowMismatch)
        return;
    const std::string reason = modalityMismatchReason(parameters, imageModality, imageName);
    if (!reason.empty())
        throw ModalityMismatch(reason);
}

} // namespace rgw::radiomics
