#pragma once

// Gene-set files in the Broad Institute's GMT format (Gene Matrix Transposed),
// as MSigDB distributes them: one gene set per line, tab-separated — the set's
// name, a description (often a URL; may be empty), then its genes. There is no
// header and no comment syntax. Lines end in LF, CRLF or CR; a UTF-8 byte
// order mark is dropped; a UTF-16 file is refused.
//
// A line that cannot be a gene set (blank name, no genes, a name used before,
// not UTF-8, longer than the line limit) becomes an InputProblem naming file
// and line and is left out; a gene listed twice in one set is kept once and
// reported. Only a file that cannot be used at all throws rgw::Error.
//
// matchGeneSets() then restricts each set to the genes present in the data
// (e.g. the genes of a ranked list) and keeps the sets whose size lies within
// GSEA's limits (15 to 500 genes by default), reporting what it leaves out.

#include "genomics/GenomicRecords.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace rgw::genomics {

/// One gene set as written in the file.
struct GeneSet {
    std::string name;
    std::string description;        ///< the second field (MSigDB: a URL); may be empty
    std::vector<std::string> genes; ///< in file order, each once, none blank
    SourceLocation where;           ///< file and 1-based line (line 0: built in memory)
};

/// Size limits of a gene-set file, checked before anything is allocated for it.
struct GmtLimits {
    std::uint64_t maxFileBytes = std::uint64_t{1} << 30; ///< larger files are refused
    std::size_t maxLineBytes = std::size_t{16} << 20;    ///< longer lines are left out
};

/// The usable gene sets of a file and what was wrong with the rest.
struct GmtFile {
    std::string file;
    std::vector<GeneSet> sets; ///< in file order, names unique
    std::vector<InputProblem> problems;
};

/// Reads the GMT file `file`. Throws rgw::Error naming the file when it
/// cannot be read, is larger than limits.maxFileBytes or the memory budget,
/// is UTF-16, or holds no usable gene set; every other fault is a problem.
GmtFile readGmt(const std::filesystem::path& file, const GmtLimits& limits = {});

/// Parses GMT text as readGmt() does; `source` names it in messages.
GmtFile parseGmt(std::string_view text, const std::string& source, const GmtLimits& limits = {});

/// GSEA's gene-set size limits, applied after matching to the data.
struct GeneSetSizeLimits {
    std::size_t minSize = 15;
    std::size_t maxSize = 500;
};

/// A gene set restricted to the genes of the data.
struct MatchedGeneSet {
    std::string name;
    SourceLocation where;
    std::vector<std::size_t> members;   ///< indices into the data's genes, in set order
    std::vector<std::string> notInData; ///< the set's genes the data do not have
};

/// The result of matching gene sets to the genes of the data.
struct GeneSetMatch {
    std::vector<MatchedGeneSet> sets;     ///< within the size limits, in input order
    std::vector<MatchedGeneSet> tooSmall; ///< fewer than minSize genes in the data
    std::vector<MatchedGeneSet> tooLarge; ///< more than maxSize genes in the data
    /// One per set with genes that are not in the data, one per set left out
    /// for its size, and one per gene a set lists twice (kept once), each
    /// naming the set's file and line.
    std::vector<InputProblem> problems;
};

/// Restricts every set to `dataGenes` (exact, case-sensitive symbols) and
/// sorts the sets by size into kept, too small and too large. Throws
/// rgw::Error when the limits are not 1 <= minSize <= maxSize, or when
/// `dataGenes` holds a blank name or a gene twice (naming it).
GeneSetMatch matchGeneSets(const std::vector<GeneSet>& sets,
                           const std::vector<std::string>& dataGenes,
                           const GeneSetSizeLimits& limits = {});

} // namespace rgw::genomics
