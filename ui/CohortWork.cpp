#include "CohortWork.h"

#include "Database.h"
#include "genomics/Identity.h"

namespace rgw::ui {

storage::GenomicsImportReport importGenomicSource(const std::filesystem::path& databaseFile,
                                                  const GenomicImportRequest& request,
                                                  const ProgressFn& progress,
                                                  const CancelToken* cancel) {
    storage::GenomicsImportOptions options;
    options.onError = request.onError;
    options.cancel = cancel;
    options.progress = progress;
    if (request.aliasFile)
        options.aliases = genomics::readAliasFile(*request.aliasFile);
    if (progress)
        progress(0, 0, "Reading " + request.source.filename().string());
    const genomics::GenomicDataSet data =
        request.tableMapping ? genomics::readMappedTable(request.source, *request.tableMapping)
                             : genomics::readGenomicSource(request.source, request.sourceOptions);
    if (cancel && cancel->isCancelled()) {
        storage::GenomicsImportReport report;
        report.cancelled = true;
        return report;
    }
    storage::Database db(databaseFile);
    return storage::importGenomicData(db, data, options);
}

} // namespace rgw::ui
