#pragma once

#include "radiomics/Settings.h"
#include "radiomics/pyradiomics/Parameters.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rgw::radiomics {

/// A named, validated set of extraction parameters with its provenance
/// identity: the canonical text (every setting written out, defaults made
/// explicit, fixed key order and number format) and its hash. Two parameter
/// files that mean the same thing have the same canonical text and hash.
struct ParameterSet {
    Settings settings;
    /// DICOM Modality codes (0008,0060) the set is valid for, sorted ("CT",
    /// "PT", "MR", ...); empty = any modality (YAML `modalities: any`, also
    /// what a file without the key declares). Part of the canonical text.
    std::vector<std::string> modalities;
    std::string source;        ///< preset name or file path it was read from
    std::string canonicalText; ///< canonical YAML
    std::string hash;          ///< hex SHA-256 of canonicalText
    /// Set for a PyRadiomics-compatible file (`compatibility: pyradiomics`, or
    /// PyRadiomics' own `setting` / `imageType` / `featureClass`): extraction
    /// then follows PyRadiomics' conventions (radiomics/pyradiomics/) and
    /// `settings` holds only the name; canonicalText is PyRadiomics' canonical text.
    std::optional<pyradiomics::Parameters> pyradiomics;
};

/// Parses a YAML parameter document (schema: README, "Radiomics parameter
/// files"). Throws rgw::Error naming `sourceName`, the offending key (and the
/// line) for unknown keys, wrong types, out-of-range or contradictory values.
ParameterSet parseParameterSet(std::string_view yamlText, const std::string& sourceName);

/// `base` with `filters` in place of its IBSI-2 filter entries (the GUI's
/// filter editor): the canonical text written from the settings and read back
/// by parseParameterSet as `sourceName`, so the result has the canonical text
/// and hash of any file meaning the same, and an invalid entry is refused as a
/// file's would be ("<sourceName>: filters[1].order: ..."). Throws rgw::Error
/// for a PyRadiomics-compatible base, whose filters are its `imageType:`.
ParameterSet withFilters(const ParameterSet& base, std::vector<FilterEntry> filters,
                         const std::string& sourceName);

/// A shipped preset by name ("ibsi-digital-phantom", "ibsi-config-A" …
/// "ibsi-config-E", "ct-default", "mr-default", "pet-default") or a YAML file
/// path. Presets are the files in resources/radiomics/, compiled into the
/// program so it needs no installed data folder.
ParameterSet loadParameterSet(const std::string& presetNameOrFile);

/// "CT", "CT, PT" or "any": the modalities a set is valid for, for messages.
std::string modalitiesText(const ParameterSet& set);

/// Names of the shipped presets, sorted.
std::vector<std::string> presetNames();

} // namespace rgw::radiomics
