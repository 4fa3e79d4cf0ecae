#pragma once

#include "Database.h"
#include "Rows.h"

#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {

/// The operating-system user name: USER / USERNAME / LOGNAME when set, else
/// the account the process runs as (getpwuid_r on Linux and macOS,
/// GetUserNameW on Windows); "unknown" only when the system knows none.
std::string currentUserName();

/// audit_log: who did what to which row, appended in the caller's transaction.
class AuditLog {
public:
    explicit AuditLog(Database& db) : db_(db) {}
    Id record(const std::string& who, const std::string& action, const std::string& entity,
              std::optional<Id> entityId, const std::string& detail);
    std::vector<AuditEntry> list(std::size_t limit = 1000); ///< newest first

private:
    Database& db_;
};

} // namespace rgw::storage
