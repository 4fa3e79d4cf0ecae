#pragma once

// The colour maps live in core (image/ColourMap.h) so the report's key images
// and the viewers share them; the viewers keep their names.

#include "image/ColourMap.h"

namespace rgw::viewers {

using rgw::allColourMaps;
using rgw::colourAt;
using rgw::ColourMap;
using rgw::colourMapName;
using rgw::colourTable;
using rgw::Rgb8;

} // namespace rgw::viewers
