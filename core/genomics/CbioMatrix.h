#pragma once

// cBioPortal gene x sample matrices: discrete and continuous copy number
// (COPY_NUMBER_ALTERATION DISCRETE / CONTINUOUS / LOG2-VALUE), expression
// (MRNA_EXPRESSION CONTINUOUS / Z-SCORE / DISCRETE), methylation
// (METHYLATION CONTINUOUS) and protein level (PROTEIN_LEVEL).
//   Hugo_Symbol<TAB>Entrez_Gene_Id<TAB>SAMPLE_1<TAB>SAMPLE_2...
//   TP53<TAB>7157<TAB>-0.005<TAB>NA...
// The leading columns name the row: Hugo_Symbol and/or Entrez_Gene_Id, or
// Composite.Element.REF ("GENE|probe" or "GENE1 GENE2|antibody": the row's
// gene is the first one named, the whole reference is kept in rowIds); a
// GISTIC Cytoband column is ignored. Every other column is a sample.
// Values are floats; NA, NaN, blank and the other missing codes are NaN
// (never zero); "inf", "nan" and numbers beyond float range are problems.
// The file is read in large blocks and parsed with std::from_chars.

#include "genomics/GenomicRecords.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace rgw::genomics {

/// What the values of a matrix may be.
enum class MatrixValues {
    Continuous,   ///< any finite number
    GisticLevels, ///< discrete copy number: -2, -1.5, -1, 0, 1, 2
};

/// Reads a gene x sample matrix into one GeneMatrix appended to
/// out.matrices. Before allocating, rows x samples x 4 bytes (plus the row
/// names) is checked against `memoryBytes` (0: the process budget of
/// util/ResourceBudget.h): a larger matrix is one problem, not bad_alloc.
///
/// A bad row (ragged, not UTF-8, no gene, a malformed Entrez id, a value
/// that is not a finite number or, for GisticLevels, not a level) is one
/// InputProblem naming the line and the first bad column, and is not used.
/// A bad header (no Hugo_Symbol / Entrez_Gene_Id / Composite.Element.REF
/// column, no sample column, an empty or repeated sample column), an
/// unreadable file or a matrix over the budget is one problem, nothing is
/// appended and this returns false.
bool readGeneMatrix(const std::filesystem::path& file, const std::string& profileStableId,
                    MatrixValues kind, std::uint64_t memoryBytes, GenomicDataSet& out);

} // namespace rgw::genomics
