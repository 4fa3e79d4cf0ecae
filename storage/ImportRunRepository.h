#pragma once

#include "Database.h"
#include "Rows.h"

#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {

/// import_runs: one row per import, written as it starts and when it ends, so
/// a run whose process died stays visible as "running" without finish time.
class ImportRunRepository {
public:
    explicit ImportRunRepository(Database& db) : db_(db) {}
    /// A new "running" run of `kind` ("dicom" or "genomics").
    Id start(const std::string& roots, const std::string& kind = "dicom");
    /// Sets status, counts, report and the finish time of a run.
    void finish(const ImportRunRow& run);
    std::optional<ImportRunRow> find(Id id);
    std::vector<ImportRunRow> list(); ///< newest first

private:
    Database& db_;
};

} // namespace rgw::storage
