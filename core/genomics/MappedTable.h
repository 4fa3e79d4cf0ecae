#pragma once

// Generic CSV / TSV tables (clinical spreadsheets, per-patient biomarker
// results such as "EGFR exon 19 deletion", "MGMT methylated", "PAM50 LumA",
// "Oncotype DX RS 23") read into a GenomicDataSet through a mapping file that
// says what each column is. The table is read by DelimitedTextReader (RFC
// 4180: quotes, embedded line breaks, CRLF, BOM; UTF-8 only).
//
// Mapping file (YAML; resources/mapping/README.md has the same text and
// resources/mapping/example-biomarkers.yaml a complete example):
//
//   id_column: MRN            # required: the header of the column holding the row's id
//   id_level: patient         # optional: patient (default) | sample (what the id names)
//   patient_column: Patient   # sample level only, optional: the patient of each sample;
//                             #   without it the TCGA barcode rule, else the sample id itself
//   sample_type_column: Type  # sample level only, optional: primary | metastasis |
//                             #   recurrence | normal (also "primary tumor", "metastatic",
//                             #   "recurrent", "solid tissue normal", "blood derived normal");
//                             #   an empty cell or no such column: the TCGA barcode's
//                             #   sample type when the id is one, else empty
//   delimiter: auto           # optional: auto (default) | comma | tab | semicolon
//   missing: ["", "NA"]       # optional: texts meaning "no value"; default
//                             #   ["", "NA", "N/A", "[Not Available]", "unknown"]
//   study: my_study           # optional: study id ([A-Za-z0-9_.-]); default: the table's
//                             #   file stem with other characters replaced by '_'
//   columns:                  # required: one entry per table column to import
//     - column: Age at diagnosis   # header text of the column
//       attribute: AGE             # clinical attribute id ([A-Za-z0-9_])
//       type: number               # number | category | date | boolean
//       display_name: Age          # optional (default: the attribute id)
//       description: Age in years  # optional
//       level: patient             # optional: patient | sample (default: id_level;
//                                  #   sample only with id_level: sample)
//     - column: Vital status
//       attribute: OS_STATUS
//       type: category
//       values: {Dead: "1:DECEASED", Alive: "0:LIVING"}   # optional recoding (category only)
//     - column: EGFR result
//       mutation: EGFR             # a single-gene test of this HUGO symbol
//       mutated: ["exon 19 deletion", L858R, T790M]       # required: values meaning mutated
//       wild_type: [wild-type, negative, not detected]     # required: tested, not mutated
//       classification: Missense_Mutation   # optional MAF Variant_Classification of every
//                                           #   mutated value, or a map value -> class
//                                           #   ({exon 19 deletion: In_Frame_Del, ...});
//                                           #   default Missense_Mutation
//       method: Cobas EGFR v2      # optional: assay, kept in the profile description
//       profile: egfr_pcr          # optional profile stable id (default "<study>_<gene>_test")
//     - column: MGMT
//       subtype: MGMT promoter     # a categorical call: one Subtype profile for the column
//       method: pyrosequencing, 10% threshold   # optional, kept on each call
//       values: {methylated: M, unmethylated: U} # optional recoding
//       profile: mgmt              # optional (default "<study>_<slug of the subtype name>")
//     - column: Oncotype RS
//       score: Oncotype DX RS      # a numeric assay score: one AssayScore profile
//       unit: recurrence score 0-100   # optional
//       method: Genomic Health     # optional
//       profile: oncotype          # optional (default "<study>_<slug of the score name>")
//
// Each column entry has exactly one of attribute, mutation, subtype, score.
// Keys are case-sensitive; unknown or repeated keys, a key that does not fit
// the entry's kind, a column or attribute or profile given twice, and text
// that is not valid YAML throw rgw::Error "<mapping>:<line>: <key>: <why>".
//
// How the table is read:
// - The first non-empty line is the header. Cells and header names are
//   trimmed of surrounding spaces and tabs. Header names match exactly.
// - A mapped column missing from the header is an InputProblem naming the
//   mapping file, the line of its `column:` and the column; the rest is read.
//   A missing id, patient or sample type column throws rgw::Error.
// - Table columns not in the mapping are listed in `skippedFiles` (file: the
//   table, reason: "column 'X' is not in the mapping: not imported").
// - Missing values (the `missing` list, compared ignoring ASCII case; an empty
//   cell is always missing) give no record: missing is never zero.
// - Values of `values`, `mutated`, `wild_type` and booleans are compared
//   ignoring ASCII case; records hold the mapping's spelling.
// - Cell checks, each an InputProblem with the table, the line and the
//   column, the cell left out: number (std::from_chars, finite; a decimal
//   comma is not one), boolean (true/false/yes/no/1/0, stored TRUE/FALSE),
//   date (YYYY-MM-DD, YYYY-MM or YYYY, a real calendar date), a category
//   with `values` outside them, a test result in neither `mutated` nor
//   `wild_type`, bytes that are not UTF-8 ("wrong encoding", in any column).
// - Row checks, the row left out: a field count unlike the header's (ragged
//   row), a missing id, an id given twice (naming the first line), a quote
//   never closed. At sample level a patient-level value that differs between
//   two samples of one patient is a problem; the first is kept.
//
// Memory: the table is streamed; before each row's records are appended,
// rows x mapped columns (at the size of the largest record) is checked
// against the memory budget (util/ResourceBudget.h), and a table over it
// throws rgw::Error naming the file.
//
// What the records are:
// - id_level patient: each row is a patient (`patients`); clinical values
//   belong to it. Genomic results need a sample: a row with any mutation test
//   result, subtype call or score gets one sample "<patient>-tested" (type "",
//   since the table does not say which specimen was tested).
// - id_level sample: each row is a sample (`samples`) of its patient;
//   sample-level values belong to the sample, patient-level ones to the
//   patient.
// - mutation: profile "<study>_<gene>_test" (kind Mutation, datatype
//   "MAPPED_TABLE") whose profiledSamples are exactly the samples whose value
//   is in `mutated` or `wild_type`, with a one-gene GenePanel of the same id:
//   every other gene and every other sample is *not profiled* (Profiling.h).
//   A mutated value gives one Mutation (proteinChange = the mutated value as
//   the mapping spells it, variantClassification = its classification); a
//   wild-type value gives none.
// - subtype: a Subtype profile, one SampleCall (category) per present value.
// - score: an AssayScore profile, one SampleCall (score, the text checked as
//   a number) per present value.

#include "genomics/DelimitedText.h"
#include "genomics/GenomicRecords.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rgw::genomics {

/// A column header named in the mapping and the mapping line naming it.
struct MappedColumnName {
    std::string name;
    std::size_t line = 0; ///< 1-based line in the mapping file; 0 when not given
};

enum class ColumnRole { Clinical, Mutation, Subtype, Score };

/// A value of a mutation test that means "mutated", and the MAF
/// Variant_Classification it is recorded with.
struct MutatedValue {
    std::string text;
    std::string classification;
};

/// One `columns:` entry of the mapping.
struct ColumnMapping {
    MappedColumnName column;
    ColumnRole role = ColumnRole::Clinical;
    /// Clinical: the attribute (id, display name, description, datatype, level).
    ClinicalAttribute attribute;
    /// Clinical category or subtype: recoding of values (from, to), in file order.
    std::vector<std::pair<std::string, std::string>> values;
    /// Mutation: the HUGO symbol; subtype / score: its name ("PAM50").
    std::string name;
    std::string profileStableId; ///< empty: the default from study and name
    std::string method;
    std::string unit;
    std::vector<MutatedValue> mutated;
    std::vector<std::string> wildType;
};

struct TableMapping {
    std::string source; ///< the mapping file (for messages)
    MappedColumnName idColumn;
    AttributeLevel idLevel = AttributeLevel::Patient;
    MappedColumnName patientColumn;    ///< empty name: not given
    MappedColumnName sampleTypeColumn; ///< empty name: not given
    Delimiter delimiter = Delimiter::Auto;
    std::vector<std::string> missing;
    std::string study; ///< empty: from the table's file name
    std::vector<ColumnMapping> columns;
};

/// The `missing` list used when the mapping has none.
std::vector<std::string> defaultMissingValues();

/// Parses mapping text; `sourceName` names it in errors. Throws rgw::Error
/// "<sourceName>:<line>: <key>: <why>" (see the format above).
TableMapping parseTableMapping(std::string_view yamlText, const std::string& sourceName);

/// Reads and parses a mapping file.
TableMapping readTableMapping(const std::filesystem::path& mapping);

/// Reads `table` as `mapping` says. Problems in cells and rows are collected
/// in the result's `problems`; throws rgw::Error for a table that cannot be
/// read at all (no header, no id column, a header that is not UTF-8, over
/// the memory budget).
GenomicDataSet readMappedTable(const std::filesystem::path& table, const TableMapping& mapping);

/// readMappedTable(table, readTableMapping(mapping)).
GenomicDataSet readMappedTable(const std::filesystem::path& table,
                               const std::filesystem::path& mapping);

} // namespace rgw::genomics
