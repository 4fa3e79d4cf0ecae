#pragma once

// A parameter set derived from another with a different `filters:` section
// (the extraction dialog's filter editor). Nothing here writes or checks YAML
// itself: the base set's canonical text and radiomics::writeFilters write the
// document, radiomics::parseParameterSet reads it back and decides whether it
// is valid, so the derived set has the canonical text and hash any file
// meaning the same would have.

#include "radiomics/ParameterSet.h"

#include <filesystem>
#include <string>
#include <vector>

namespace rgw::ui {

/// The canonical text of `base` without its `filters:` section (the only
/// top-level key of that name; the section ends at the next line that is not
/// indented). Throws rgw::Error for a
/// PyRadiomics-compatible set, whose filters are its own `imageType:` section.
std::string canonicalTextWithoutFilters(const radiomics::ParameterSet& base);

/// `base` with `filters` in place of its own: written through the core
/// writers and read back by the core reader as `sourceName`. Throws the
/// reader's rgw::Error ("<sourceName>: filters[1].order: must sum to at least
/// 1 ...") when an entry is not valid.
radiomics::ParameterSet deriveParameterSet(const radiomics::ParameterSet& base,
                                           const std::vector<radiomics::FilterEntry>& filters,
                                           const std::string& sourceName);

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
