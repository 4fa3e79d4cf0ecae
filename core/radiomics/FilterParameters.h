#pragma once

// The `filters:` section of a parameter file (README, "Radiomics parameter
// files"): the IBSI-2 filters whose response maps get intensity statistics
// besides the features of the image itself. Read strictly (unknown keys,
// wrong types and settings the filter cannot use are errors naming the key
// and line) and written back in canonical form for the parameter set's hash.

#include "filters/FilterSpec.h"
#include "radiomics/detail/ParameterYaml.h"

#include <ostream>
#include <vector>

namespace rgw::radiomics {

/// The list under `filters:`. `sliceWise` gives the default dimensions (2D
/// for 2D processing, else 3D).
std::vector<filters::FilterSpec> readFilters(const detail::Reader& reader,
                                             const detail::Entry& entry, bool sliceWise);

/// The canonical `filters:` section (nothing when there is no filter): every
/// setting of every filter in a fixed order, angles in degrees.
void writeFilters(std::ostream& out, const std::vector<filters::FilterSpec>& specs);

} // namespace rgw::radiomics
