#pragma once

// cBioPortal's `key: value` files: the study's meta_study.txt, the meta file
// of every data file (meta_*.txt), case lists (case_lists/cases_*.txt) and
// gene panel files. One entry per line, the key up to the first ':', the
// value after it (trimmed); blank lines and '#' lines are ignored. Lists
// (case_list_ids, gene_list) are separated by tabs (spaces are accepted too:
// ids never contain them).

#include "genomics/GenomicRecords.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rgw::genomics {

/// One `key: value` line.
struct MetaEntry {
    std::string value;
    std::size_t line = 0; ///< 1-based
};

/// A meta file: every entry as written, plus the documented fields by name
/// (empty when absent).
struct CbioMeta {
    std::string file; ///< the path as problems name it
    std::map<std::string, MetaEntry> entries;

    // meta_study.txt
    std::string typeOfCancer;          ///< type_of_cancer
    std::string cancerStudyIdentifier; ///< cancer_study_identifier (in every meta file)
    std::string name;                  ///< name
    std::string description;           ///< description
    std::string shortName;             ///< short_name
    std::string referenceGenome;       ///< reference_genome

    // the meta file of a data file
    std::string geneticAlterationType;     ///< genetic_alteration_type, e.g. MUTATION_EXTENDED
    std::string datatype;                  ///< datatype, e.g. MAF, DISCRETE, Z-SCORE
    std::string stableId;                  ///< stable_id, e.g. mutations, gistic
    std::string dataFilename;              ///< data_filename, relative to the study folder
    std::string profileName;               ///< profile_name
    std::string profileDescription;        ///< profile_description
    std::string genePanel;                 ///< gene_panel: one panel for every sample
    bool showProfileInAnalysisTab = false; ///< show_profile_in_analysis_tab

    /// The line of `key`, 0 when the file does not have it.
    std::size_t lineOf(const std::string& key) const;
    bool has(const std::string& key) const { return entries.count(key) > 0; }
};

/// Reads the entries of a `key: value` file. Lines that are not `key: value`,
/// keys given twice and lines that are not UTF-8 are problems (the line is
/// not used). Nothing (and one problem) when the file cannot be read.
std::optional<std::map<std::string, MetaEntry>>
readKeyValueFile(const std::filesystem::path& file, std::vector<InputProblem>& problems);

/// Reads a meta file (see readKeyValueFile). A show_profile_in_analysis_tab
/// other than true/false is a problem.
std::optional<CbioMeta> readCbioMeta(const std::filesystem::path& file,
                                     std::vector<InputProblem>& problems);

/// Splits a list value (case_list_ids, gene_list) at tabs and spaces.
std::vector<std::string> splitList(const std::string& value);

/// A case list (case_lists/*.txt): a named set of samples of the study.
struct CaseList {
    std::string file;
    std::string cancerStudyIdentifier;
    std::string stableId; ///< "<study>_sequenced", "<study>_cna", ...
    std::string name;
    std::string description;
    std::string category; ///< case_list_category, e.g. all_cases_with_mutation_data
    std::vector<std::string> sampleIds;
    std::size_t idsLine = 0; ///< the line of case_list_ids
};

/// Reads a case list; cancer_study_identifier, stable_id and case_list_ids
/// are required (else one problem and nothing). A sample listed twice is a
/// problem and is kept once.
std::optional<CaseList> readCaseList(const std::filesystem::path& file,
                                     std::vector<InputProblem>& problems);

/// Reads a gene panel file (stable_id, description, gene_list: the panel's
/// HUGO symbols or Entrez ids). stable_id and a non-empty gene_list are
/// required (else one problem and nothing); a gene listed twice is kept once.
std::optional<GenePanel> readGenePanelFile(const std::filesystem::path& file,
                                           std::vector<InputProblem>& problems);

} // namespace rgw::genomics
