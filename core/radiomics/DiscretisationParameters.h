#pragma once

// A `discretisation:` section of a parameter file (README, "Radiomics
// parameter files"): the image's, at the top level, and a filter entry's, for
// the grey levels of its response map. Read strictly and written back in
// canonical form, the same way in both places.

#include "radiomics/Settings.h"
#include "radiomics/detail/ParameterYaml.h"

#include <ostream>
#include <string>

namespace rgw::radiomics {

/// The section at `entry`. `allowNone`: whether `method: none` (intensities
/// used as grey levels) may be chosen; a response map has no grey levels.
DiscretisationSettings readDiscretisation(const detail::Reader& reader, const detail::Entry& entry,
                                          bool allowNone);

/// The canonical section, its key indented by `indent`:
/// "<indent>discretisation:\n<indent>  method: …\n" and the method's bin setting.
void writeDiscretisation(std::ostream& out, const DiscretisationSettings& d,
                         const std::string& indent);

} // namespace rgw::radiomics
