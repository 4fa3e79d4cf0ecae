#pragma once

// Saving a parameter set derived with radiomics::withFilters (the extraction
// dialog's filter editor): core writes and validates the set; here it gets a
// name and a file of its own.

#include "radiomics/ParameterSet.h"

#include <filesystem>
#include <string>
#include <vector>

namespace rgw::ui {

/// Whether `name` may label a derived set: 1 to 64 letters, digits, '.', '_',
/// '+' or '-', starting with a letter or digit (a plain YAML scalar and a
/// portable file name).
bool isDerivedSetName(const std::string& name);

/// Writes `derived` to `folder`/<name>-<first 12 hex digits of its hash>.yaml
/// ("name: <name>" and its canonical text), unless that file already holds
/// it, reads the file back and checks it has the same hash. Returns the path:
/// the set's spec for radiomics::loadParameterSet. Throws rgw::Error when
/// `name` is not a derived-set name or the file cannot be written.
std::filesystem::path saveDerivedParameterSet(const radiomics::ParameterSet& derived,
                                              const std::string& name,
                                              const std::filesystem::path& folder);

} // namespace rgw::ui
