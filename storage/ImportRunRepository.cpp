#include "ImportRunRepository.h"

#include "util/Error.h"

namespace rgw::storage {

namespace {

constexpr const char* kColumns = "id, started_at, IFNULL(finished_at, ''), status, roots, "
                                 "files_scanned, instances_added, duplicates, changed, skipped, "
                                 "report, kind";

ImportStatus statusFromString(const std::string& text) {
    for (auto status : {ImportStatus::Running, ImportStatus::Completed, ImportStatus::Cancelled,
                        ImportStatus::Failed})
        if (text == toString(status))
            return status;
    throw Error("unknown import run status '" + text + "'");
}

ImportRunRow readRun(const Statement& s) {
    ImportRunRow row;
    row.id = s.int64(0);
    row.startedAt = s.text(1);
    row.finishedAt = s.text(2);
    row.status = statusFromString(s.text(3));
    row.roots = s.text(4);
    row.filesScanned = s.int64(5);
    row.instancesAdded = s.int64(6);
    row.duplicates = s.int64(7);
    row.changed = s.int64(8);
    row.skipped = s.int64(9);
    row.report = s.text(10);
    row.kind = s.text(11);
    return row;
}

} // namespace

Id ImportRunRepository::start(const std::string& roots, const std::string& kind) {
    Statement& s =
        db_.prepare("INSERT INTO import_runs (status, roots, kind) VALUES ('running', ?1, ?2)");
    s.bind(1, roots).bind(2, kind);
    s.execute();
    s.reset();
    return db_.lastInsertRowId();
}

void ImportRunRepository::finish(const ImportRunRow& run) {
    Statement& s = db_.prepare(
        "UPDATE import_runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
        "status = ?2, files_scanned = ?3, instances_added = ?4, duplicates = ?5, changed = ?6, "
        "skipped = ?7, report = ?8 WHERE id = ?1");
    s.bind(1, run.id)
        .bind(2, toString(run.status))
        .bind(3, run.filesScanned)
        .bind(4, run.instancesAdded)
        .bind(5, run.duplicates)
        .bind(6, run.changed)
        .bind(7, run.skipped)
        .bind(8, run.report);
    s.execute();
    s.reset();
    if (db_.changes() != 1)
        throw Error("import run " + std::to_string(run.id) + " not found in " +
                    db_.path().string());
}

std::optional<ImportRunRow> ImportRunRepository::find(Id id) {
    Statement& s =
        db_.prepare(std::string("SELECT ") + kColumns + " FROM import_runs WHERE id = ?1");
    s.bind(1, id);
    std::optional<ImportRunRow> row;
    if (s.step())
        row = readRun(s);
    s.reset();
    return row;
}

std::vector<ImportRunRow> ImportRunRepository::list() {
    Statement& s =
        db_.prepare(std::string("SELECT ") + kColumns + " FROM import_runs ORDER BY id DESC");
    std::vector<ImportRunRow> rows;
    while (s.step())
        rows.push_back(readRun(s));
    s.reset();
    return rows;
}

} // namespace rgw::storage
