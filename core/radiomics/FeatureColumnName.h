#pragma once

// The name of a radiomic feature as a column of a wide table (the cohort
// export, the models, the study report): "<family>.<feature>[.<aggregation>]",
// e.g. "morphology.volume_mesh", "glcm.joint_maximum.3d_avg". Only the
// characters [a-z0-9_.] occur, so the name needs no CSV quoting and is a
// valid cohort filter variable; it is unique across every feature the engine
// computes.

#include "radiomics/Feature.h"

#include <string>
#include <string_view>

namespace rgw::radiomics {

/// `text` as lower snake case ASCII: letters lowered, digits kept, every run
/// of other characters one '_', no leading or trailing '_'. Apostrophes are
/// dropped ("Moran’s" -> "morans"), '%' reads "pct", superscript digits are
/// digits ("mm³" -> "mm3") and µ/μ is "u".
std::string snakeCaseAscii(std::string_view text);

/// The column slug of an aggregation label of the engine: "2D, averaged" ->
/// "2d_avg", "2D, slice-merged" -> "2d_smrg", "2.5D, direction-merged" ->
/// "2_5d_dmrg", "2.5D, merged" -> "2_5d_mrg", "3D, merged" -> "3d_mrg", ...;
/// another label is written snakeCaseAscii; "" stays "".
std::string aggregationSlug(std::string_view aggregation);

/// "<family>.<snakeCaseAscii(name)>[.<aggregationSlug(aggregation)>]".
std::string featureColumnName(const FeatureValue& value);
std::string featureColumnName(std::string_view family, std::string_view name,
                              std::string_view aggregation);

} // namespace rgw::radiomics
