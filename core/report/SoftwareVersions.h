#pragma once

// The versions of the software the workstation was built with, for the
// methods section of the study report ("Software"). Compile-time versions:
// the libraries the program was linked against, not whatever is installed
// when the report is read.

#include <string>
#include <utility>
#include <vector>

namespace rgw::report {

/// {name, version} of the workstation (RGW_VERSION) and of the libraries
/// linked into its core: DCMTK, Eigen, Boost, libsvm, xgboost. The database
/// layer adds SQLite (storage/ReportMethods.cpp).
std::vector<std::pair<std::string, std::string>> coreSoftwareVersions();

} // namespace rgw::report
