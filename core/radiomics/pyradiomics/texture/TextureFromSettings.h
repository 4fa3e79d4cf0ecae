#pragma once

// Plugs PyRadiomics mode's preprocessing (Preprocessing.h) into the texture classes.

#include "radiomics/pyradiomics/Parameters.h"
#include "radiomics/pyradiomics/Preprocessing.h"
#include "radiomics/pyradiomics/texture/TextureInput.h"

#include <string>

namespace rgw::radiomics::pyradiomics {

/// The texture input of a discretised ROI under `settings` (distances, force2D,
/// force2Ddimension, symmetricalGLCM, weightingNorm, gldm_a).
TextureInput textureInput(const Discretised& discretised, const Settings& settings);

/// True for the texture classes computed by computeTextureClass.
bool isTextureClass(const std::string& className);

/// One texture class ("glcm", "glrlm", "glszm", "gldm", "ngtdm") of a discretised ROI.
FeatureValues computeTextureClass(const std::string& className, const Discretised& discretised,
                                  const Settings& settings);

} // namespace rgw::radiomics::pyradiomics
