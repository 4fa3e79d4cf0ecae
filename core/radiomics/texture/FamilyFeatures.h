#pragma once

#include "radiomics/texture/Aggregation.h"

#include <span>

namespace rgw::radiomics::texture {

// The features of each texture family (IBSI name and identifier), in the order
// the family emits them under every aggregation. Defined next to each
// family's computation: the one list the family and the feature catalogue read.
std::span<const FeatureDef> glcmFeatures();
std::span<const FeatureDef> glrlmFeatures();
std::span<const FeatureDef> glszmFeatures();
std::span<const FeatureDef> gldzmFeatures();
std::span<const FeatureDef> ngtdmFeatures();
std::span<const FeatureDef> ngldmFeatures();

} // namespace rgw::radiomics::texture
