#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace rgw::storage {

class Database;

/// One forward step of the schema: `sql` brings the file from version - 1 to
/// `version` (stored in PRAGMA user_version).
struct Migration {
    int version;
    std::string_view sql;
};

/// The program's migrations in ascending version order (1, 2, ...).
const std::vector<Migration>& migrations();

/// The schema version this program writes (the last migration's version).
int latestSchemaVersion();

/// Applies the migrations newer than the file's user_version, each in its own
/// transaction. Throws rgw::Error naming the file when the file is newer than
/// the newest migration given, or when a migration fails (that migration is
/// rolled back; earlier ones stay applied).
void applyMigrations(Database& db, std::span<const Migration> steps);

} // namespace rgw::storage
