#include "Database.h"

#include "Migrations.h"
#include "util/Error.h"

#include <cstdint>
#include <sqlite3.h>
#include <string>

namespace rgw::storage {

namespace {

std::string describe(const std::filesystem::path& file) {
    return "database " + file.string();
}

} // namespace

// ---------------------------------------------------------------- Statement

Statement::Statement(Database& db, std::string_view sql) : db_(&db) {
    const int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK)
        db.fail("preparing \"" + std::string(sql) + "\"");
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
}

void Statement::fail(int code, std::string_view what) const {
    (void)code;
    db_->fail(std::string(what) + " in \"" + sqlite3_sql(stmt_) + "\"");
}

Statement& Statement::bind(int index, int value) {
    if (int rc = sqlite3_bind_int(stmt_, index, value); rc != SQLITE_OK)
        fail(rc, "binding parameter " + std::to_string(index));
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK)
        fail(rc, "binding parameter " + std::to_string(index));
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (int rc = sqlite3_bind_double(stmt_, index, value); rc != SQLITE_OK)
        fail(rc, "binding parameter " + std::to_string(index));
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    // SQLITE_TRANSIENT: SQLite copies the text, the caller's buffer may go.
    if (int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                                     SQLITE_UTF8);
        rc != SQLITE_OK)
        fail(rc, "binding parameter " + std::to_string(index));
    return *this;
}

Statement& Statement::bind(int index, const std::optional<int>& value) {
    return value ? bind(index, *value) : bindNull(index);
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
    return value ? bind(index, *value) : bindNull(index);
}

Statement& Statement::bindBlob(int index, const std::vector<std::uint8_t>& value) {
    if (int rc = sqlite3_bind_blob64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT);
        rc != SQLITE_OK)
        fail(rc, "binding parameter " + std::to_string(index));
    return *this;
}

Statement& Statement::bindNull(int index) {
    if (int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK)
        fail(rc, "binding parameter " + std::to_string(index));
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    fail(rc, "executing");
}

void Statement::execute() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
int Statement::integer(int column) const {
    return sqlite3_column_int(stmt_, column);
}
std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}
double Statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}

std::string Statement::text(int column) const {
    const auto* data = sqlite3_column_text(stmt_, column);
    const int bytes = sqlite3_column_bytes(stmt_, column);
    return data ? std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(bytes))
                : std::string();
}

std::optional<int> Statement::optionalInt(int column) const {
    if (isNull(column))
        return std::nullopt;
    return integer(column);
}

std::optional<std::int64_t> Statement::optionalInt64(int column) const {
    if (isNull(column))
        return std::nullopt;
    return int64(column);
}

std::vector<std::uint8_t> Statement::blob(int column) const {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
    const int bytes = sqlite3_column_bytes(stmt_, column);
    return data ? std::vector<std::uint8_t>(data, data + bytes) : std::vector<std::uint8_t>();
}

// ----------------------------------------------------------------- Database

Database::Database(const std::filesystem::path& file, const OpenOptions& options) : path_(file) {
    const int rc = sqlite3_open_v2(file.string().c_str(), &db_,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                       SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                                   nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw DatabaseError("cannot open " + describe(path_) + ": " + message);
    }
    try {
        sqlite3_busy_timeout(db_, static_cast<int>(options.busyTimeout.count()));
        exec("PRAGMA foreign_keys = ON");
        // Reading the file header here also rejects a file that is not a database.
        if (journalMode() != "wal") {
            exec("PRAGMA journal_mode = WAL");
            if (journalMode() != "wal")
                throw Error("cannot switch " + describe(path_) + " to WAL journal mode");
        }
        exec("PRAGMA synchronous = NORMAL");
        if (options.migrate)
            applyMigrations(*this, migrations());
    } catch (...) {
        cache_.clear();
        sqlite3_close(db_);
        db_ = nullptr;
        throw;
    }
}

Database::~Database() {
    cache_.clear(); // statements must be finalized before the connection closes
    sqlite3_close(db_);
}

void Database::fail(std::string_view what) const {
    throw DatabaseError("SQLite error on " + describe(path_) + " while " + std::string(what) +
                        ": " + sqlite3_errmsg(db_));
}

void Database::exec(std::string_view sql) {
    std::string text(sql);
    char* message = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string reason = message ? message : sqlite3_errmsg(db_);
        sqlite3_free(message);
        throw DatabaseError("SQLite error on " + describe(path_) + " while executing \"" + text +
                            "\": " + reason);
    }
}

Statement& Database::prepare(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end())
        it = cache_.emplace(sql, std::make_unique<Statement>(*this, sql)).first;
    it->second->reset();
    return *it->second;
}

int Database::schemaVersion() {
    Statement& s = prepare("PRAGMA user_version");
    s.step();
    const int version = s.integer(0);
    s.reset();
    return version;
}

std::string Database::integrityCheck() {
    Statement s(*this, "PRAGMA integrity_check");
    std::string result;
    while (s.step()) {
        if (!result.empty())
            result += '\n';
        result += s.text(0);
    }
    return result;
}

std::string Database::journalMode() {
    Statement s(*this, "PRAGMA journal_mode");
    return s.step() ? s.text(0) : std::string();
}

bool Database::foreignKeysEnabled() {
    Statement s(*this, "PRAGMA foreign_keys");
    return s.step() && s.integer(0) == 1;
}

bool Database::inTransaction() const {
    return sqlite3_get_autocommit(db_) == 0;
}
std::int64_t Database::lastInsertRowId() const {
    return sqlite3_last_insert_rowid(db_);
}
int Database::changes() const {
    return sqlite3_changes(db_);
}

// -------------------------------------------------------------- Transaction

// Nesting: a Transaction opened inside another is the SAVEPOINT named after
// its own address (unique among the live objects, and a nested one always
// ends before its outer one), so that leaving it without commit() rolls back
// only its own unit of work; the outer transaction still commits or rolls
// back the whole. Whether an object is nested is not stored: its savepoint
// exists exactly when it is (RELEASE / ROLLBACK TO fail for the outer one).
namespace {

std::string savepointName(const Transaction* transaction) {
    return "rgw_unit_" + std::to_string(reinterpret_cast<std::uintptr_t>(transaction));
}

/// Runs `sql`: true when SQLite accepted it (the savepoint existed).
bool tryExec(Database& db, const std::string& sql) {
    return sqlite3_exec(db.handle(), sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}

} // namespace

Transaction::Transaction(Database& db) : db_(db) {
    if (db_.inTransaction()) {
        db_.exec("SAVEPOINT " + savepointName(this));
        open_ = true;
        return;
    }
    // IMMEDIATE takes the write lock now, so a busy database fails here (after
    // the busy timeout) rather than half-way through the unit of work.
    db_.exec("BEGIN IMMEDIATE");
    open_ = true;
}

Transaction::~Transaction() {
    if (!open_)
        return;
    const std::string name = savepointName(this);
    if (tryExec(db_, "ROLLBACK TO SAVEPOINT " + name)) {
        tryExec(db_, "RELEASE SAVEPOINT " + name);
        return;
    }
    // The outer transaction (or SQLite already rolled everything back after
    // an error, and this ROLLBACK fails harmlessly).
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    if (!open_)
        return;
    if (!tryExec(db_, "RELEASE SAVEPOINT " + savepointName(this)))
        db_.exec("COMMIT"); // throws: the destructor still rolls back
    open_ = false;
}

} // namespace rgw::storage
