#pragma once

#include "util/Error.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace rgw::storage {

/// Row id of any table (SQLite INTEGER PRIMARY KEY).
using Id = std::int64_t;

class Database;

/// An rgw::Error raised by SQLite itself (I/O, locking, constraint, ...), as
/// opposed to bad input data: lets long work stop instead of skipping items.
class DatabaseError : public Error {
public:
    using Error::Error;
};

/// A prepared statement. Parameter indices are 1-based, column indices 0-based
/// (as in the SQLite C API). Errors throw rgw::Error naming the database file.
class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, int value);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view(value));
    }
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::optional<int>& value);
    Statement& bind(int index, const std::optional<std::int64_t>& value);
    Statement& bindBlob(int index, const std::vector<std::uint8_t>& value);
    Statement& bindNull(int index);

    /// Advances to the next row: true when a row is available.
    bool step();
    /// Runs a statement that returns no rows (INSERT / UPDATE / DELETE / DDL).
    void execute();
    /// Resets the statement and clears its bindings for reuse.
    void reset();

    bool isNull(int column) const;
    int integer(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::optional<int> optionalInt(int column) const;
    std::optional<std::int64_t> optionalInt64(int column) const;
    std::vector<std::uint8_t> blob(int column) const;

private:
    [[noreturn]] void fail(int code, std::string_view what) const;
    Database* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

struct OpenOptions {
    /// Apply the forward migrations up to the program's schema version.
    bool migrate = true;
    /// How long a writer waits for another connection's lock before failing.
    std::chrono::milliseconds busyTimeout{10000};
};

/// One connection to a cohort database file (created when absent). Opened with
/// journal_mode=WAL, foreign_keys=ON, synchronous=NORMAL and a busy timeout.
/// In WAL mode synchronous=NORMAL keeps every committed transaction across an
/// application crash or kill -9 (only an OS crash / power loss may lose the
/// last commits, never corrupt the file).
/// A connection is used from one thread at a time.
class Database {
public:
    explicit Database(const std::filesystem::path& file, const OpenOptions& options = {});
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    const std::filesystem::path& path() const { return path_; }

    /// Runs one or more SQL statements without results.
    void exec(std::string_view sql);

    /// A prepared statement cached on this connection for `sql`, reset and with
    /// its bindings cleared. Do not request the same SQL again while stepping it.
    Statement& prepare(const std::string& sql);

    /// PRAGMA user_version: the schema version of the file.
    int schemaVersion();
    /// The text of PRAGMA integrity_check ("ok" when the file is sound).
    std::string integrityCheck();
    /// PRAGMA journal_mode ("wal" once opened).
    std::string journalMode();
    bool foreignKeysEnabled();

    /// True inside BEGIN ... COMMIT (SQLite's autocommit mode is off).
    bool inTransaction() const;
    std::int64_t lastInsertRowId() const;
    int changes() const;

    /// Throws DatabaseError with SQLite's message for this connection and the file.
    [[noreturn]] void fail(std::string_view what) const;

    sqlite3* handle() const { return db_; }

private:
    std::filesystem::path path_;
    sqlite3* db_ = nullptr;
    std::map<std::string, std::unique_ptr<Statement>, std::less<>> cache_;
};

/// RAII write transaction (BEGIN IMMEDIATE): rolled back unless commit() is
/// called, e.g. when an exception leaves the scope. Opened while the
/// connection is already in a transaction, it is a SAVEPOINT inside that
/// one (see Database.cpp): commit() releases it and the outer transaction
/// still decides; leaving the scope without commit() rolls back only this
/// unit of work. So a caller can wrap several units (a cohort bundle's
/// import) in one all-or-nothing transaction.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

private:
    Database& db_;
    bool open_ = false; ///< this object began the transaction and has not ended it
};

} // namespace rgw::storage
