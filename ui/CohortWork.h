#pragma once

// The long operations of the genomic / clinical import and the cohort page.
// Each runs on a worker thread with its own database connection (a
// storage::Database is used from one thread at a time) and never touches
// widgets; MainWindow and CohortPage run them with QtConcurrent.

#include "GenomicsImport.h"
#include "genomics/GenomicSource.h"
#include "genomics/MappedTable.h"
#include "util/Cancel.h"

#include <filesystem>
#include <optional>

namespace rgw::ui {

/// What the import dialog asks for.
struct GenomicImportRequest {
    std::filesystem::path source;
    genomics::SourceFormat format = genomics::SourceFormat::CbioPortalStudy;
    /// VCF options (gene panel, whole exome, tumour sample); tableMapping unused.
    genomics::GenomicSourceOptions sourceOptions;
    /// The column mapping of a table, as the mapping step built it.
    std::optional<genomics::TableMapping> tableMapping;
    /// Optional alias file (genomics::readAliasFile).
    std::optional<std::filesystem::path> aliasFile;
    storage::OnError onError = storage::OnError::Abort;
};

/// Reads the source (genomics::readGenomicSource; a table with the dialog's
/// mapping through genomics::readMappedTable, the reader it dispatches to)
/// and imports it with storage::importGenomicData on its own connection to
/// `databaseFile`. Throws rgw::Error when the source or the alias file cannot
/// be read at all; problems in rows are in the report.
storage::GenomicsImportReport importGenomicSource(const std::filesystem::path& databaseFile,
                                                  const GenomicImportRequest& request,
                                                  const ProgressFn& progress,
                                                  const CancelToken* cancel);

} // namespace rgw::ui
