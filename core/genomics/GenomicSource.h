#pragma once

// The one entry point that reads any genomic or clinical source the
// workstation imports, for the CLI (`genomics import`, `clinical import`) and
// the GUI alike: a cBioPortal study folder, a VCF (.vcf, .vcf.gz), a PLINK
// .raw file or a CSV/TSV table with its column mapping.

#include "genomics/GenomicRecords.h"

#include <filesystem>
#include <optional>
#include <string>

namespace rgw::genomics {

enum class SourceFormat { CbioPortalStudy, Vcf, PlinkRaw, MappedTable };

/// "cBioPortal study", "VCF", "PLINK .raw", "mapped table".
const char* sourceFormatName(SourceFormat format);

/// A folder holding meta_study.txt is a cBioPortal study; files are told by
/// their extension (.vcf, .vcf.gz, .vcf.bgz; .raw; .csv, .tsv, .txt).
/// Throws rgw::Error naming the path for anything else.
SourceFormat detectSourceFormat(const std::filesystem::path& path);

struct GenomicSourceOptions {
    /// The column mapping (YAML, resources/mapping/README.md) of a table; required for tables.
    std::optional<std::filesystem::path> tableMapping;
    /// Somatic VCF: the gene panel file (cBioPortal format: stable_id,
    /// description, gene_list) that says which genes were sequenced.
    std::optional<std::filesystem::path> genePanel;
    /// Somatic VCF: the whole exome was sequenced (every gene profiled).
    bool wholeExome = false;
    /// Somatic VCF: the tumour column of a tumour/normal file.
    std::string tumorSample;
};

/// Reads `path` as detectSourceFormat() says. Row-level problems are in the
/// result's `problems`; a source that cannot be used at all throws rgw::Error
/// naming it (as do a table without mapping and an unreadable panel file).
GenomicDataSet readGenomicSource(const std::filesystem::path& path,
                                 const GenomicSourceOptions& options = {});

} // namespace rgw::genomics
