#pragma once

// The families a feature map can show, each under the one aggregation it is
// computed with in a kernel: the table mapFeatures() lists (the list the GUI
// and `rgw-cli featuremap --features` offer) and computeFeatureMaps() plans
// from, so a family is added in one place.

#include "radiomics/texture/Aggregation.h"

#include <cstddef>
#include <span>

namespace rgw::radiomics::featuremaps {

enum class MapFamily : std::size_t {
    IntensityStatistics, ///< IBSI 3.3, no aggregation
    IntensityHistogram,  ///< IBSI 3.4, no aggregation
    GlcmAveraged,        ///< IBSI 3.6, 3D, averaged (ITBB)
    GlcmMerged,          ///< IBSI 3.6, 3D, merged (IAZD)
    GlrlmAveraged,       ///< IBSI 3.7, 3D, averaged (ITBB)
    GlrlmMerged,         ///< IBSI 3.7, 3D, merged (IAZD)
    Glszm,               ///< IBSI 3.8, 3D (KOBO)
    Gldzm,               ///< IBSI 3.9, 3D (KOBO)
    Ngtdm,               ///< IBSI 3.10, 3D (KOBO)
    Ngldm,               ///< IBSI 3.11, 3D (KOBO)
};
inline constexpr std::size_t kMapFamilies = 10;

struct MapFamilyDef {
    MapFamily id;
    const char* family;      ///< key of the whole-ROI family, e.g. "glszm"
    const char* aggregation; ///< "" or a texture::label
    std::span<const texture::FeatureDef> (*features)();
};

/// The map families in mapFeatures() order (the whole-ROI families' order).
/// The 2D and 2.5D aggregations are left out: a kernel is a cube, so its maps
/// are 3D, as PyRadiomics' voxel-based extraction.
std::span<const MapFamilyDef> mapFamilies();

} // namespace rgw::radiomics::featuremaps
