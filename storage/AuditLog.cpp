#include "AuditLog.h"

#include <cstdlib>

namespace rgw::storage {

std::string currentUserName() {
    for (const char* variable : {"USER", "USERNAME", "LOGNAME"})
        if (const char* value = std::getenv(variable); value && *value)
            return value;
    return "unknown";
}

Id AuditLog::record(const std::string& who, const std::string& action, const std::string& entity,
                    std::optional<Id> entityId, const std::string& detail) {
    Statement& s = db_.prepare("INSERT INTO audit_log (who, action, entity, entity_id, detail) "
                               "VALUES (?1, ?2, ?3, ?4, ?5)");
    s.bind(1, who).bind(2, action).bind(3, entity).bind(4, entityId).bind(5, detail);
    s.execute();
    s.reset();
    return db_.lastInsertRowId();
}

std::vector<AuditEntry> AuditLog::list(std::size_t limit) {
    Statement& s = db_.prepare("SELECT id, at, who, action, entity, entity_id, detail "
                               "FROM audit_log ORDER BY id DESC LIMIT ?1");
    s.bind(1, static_cast<std::int64_t>(limit));
    std::vector<AuditEntry> rows;
    while (s.step()) {
        AuditEntry e;
        e.id = s.int64(0);
        e.at = s.text(1);
        e.who = s.text(2);
        e.action = s.text(3);
        e.entity = s.text(4);
        e.entityId = s.optionalInt64(5);
        e.detail = s.text(6);
        rows.push_back(std::move(e));
    }
    s.reset();
    return rows;
}

} // namespace rgw::storage
