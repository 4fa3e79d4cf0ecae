#include "AuditLog.h"

#include <cstdlib>

#if defined(_WIN32)
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#else
#include <pwd.h>
#include <unistd.h>
#endif

namespace rgw::storage {

namespace {

/// The account the process runs as, from the operating system itself (a GUI
/// started from a desktop launcher or a service may have no USER variable).
std::string accountName() {
#if defined(_WIN32)
    wchar_t name[257];
    DWORD size = 257;
    if (!GetUserNameW(name, &size) || size < 2)
        return {};
    const int bytes = WideCharToMultiByte(CP_UTF8, 0, name, -1, nullptr, 0, nullptr, nullptr);
    std::string text(static_cast<std::size_t>(bytes > 0 ? bytes : 1), '\0');
    WideCharToMultiByte(CP_UTF8, 0, name, -1, text.data(), bytes, nullptr, nullptr);
    text.resize(text.find('\0'));
    return text;
#else
    // getpwuid_r: thread-safe, and works on Linux and macOS alike.
    long size = sysconf(_SC_GETPW_R_SIZE_MAX);
    std::string buffer(static_cast<std::size_t>(size > 0 ? size : 16384), '\0');
    passwd entry{};
    passwd* found = nullptr;
    if (getpwuid_r(geteuid(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found ||
        !found->pw_name || !*found->pw_name)
        return {};
    return found->pw_name;
#endif
}

} // namespace

std::string currentUserName() {
    for (const char* variable : {"USER", "USERNAME", "LOGNAME"})
        if (const char* value = std::getenv(variable); value && *value)
            return value;
    if (std::string account = accountName(); !account.empty())
        return account;
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
