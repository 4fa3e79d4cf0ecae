#pragma once

// The `filters:` section of a parameter file (README, "Radiomics parameter
// files"): the IBSI-2 filters and the feature families computed on their
// response maps besides the features of the image itself. Read strictly (unknown keys,
// wrong types and settings the filter cannot use are errors naming the key
// and line) and written back in canonical form for the parameter set's hash.

#include "radiomics/Settings.h"
#include "radiomics/detail/ParameterYaml.h"

#include <ostream>
#include <vector>

namespace rgw::radiomics {

/// The list under `filters:`. `sliceWise` gives the default dimensions (2D
/// for 2D processing, else 3D).
std::vector<FilterEntry> readFilters(const detail::Reader& reader, const detail::Entry& entry,
                                     bool sliceWise);

/// The canonical `filters:` section (nothing when there is no filter): every
/// setting of every filter in a fixed order, angles in degrees; an entry's
/// families only when they are not the default (intensity statistics).
void writeFilters(std::ostream& out, const std::vector<FilterEntry>& specs);

} // namespace rgw::radiomics
