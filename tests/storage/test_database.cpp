// Database: migrations, pragmas, statements and transactions.
#include "Database.h"
#include "Migrations.h"
#include "TestData.h"
#include "util/Error.h"

#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sqlite3.h>
#include <string>

using namespace rgw::storage;

namespace {

std::set<std::string> tableNames(Database& db) {
    Statement s(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
    std::set<std::string> names;
    while (s.step())
        names.insert(s.text(0));
    return names;
}

/// Sets user_version through the raw C API, as a newer program would.
void setUserVersion(const std::filesystem::path& file, int version) {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(file.string().c_str(), &raw), SQLITE_OK);
    const std::string sql = "PRAGMA user_version = " + std::to_string(version);
    ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
}

} // namespace

TEST(Database, MigratesAnEmptyFileToTheLatestSchema) {
    rgw::test::TempDir dir;
    Database db(dir.path() / "cohort.db");
    EXPECT_EQ(db.schemaVersion(), latestSchemaVersion());
    EXPECT_EQ(latestSchemaVersion(), 9);
    const auto tables = tableNames(db);
    const char* const expected[] = {"patients",
                                    "studies",
                                    "series",
                                    "instances",
                                    "segmentations",
                                    "import_runs",
                                    "audit_log",
                                    "patient_aliases",
                                    "samples",
                                    "genomic_studies",
                                    "genomic_profiles",
                                    "profile_samples",
                                    "gene_panels",
                                    "gene_panel_genes",
                                    "gene_matrix_rows",
                                    "mutations",
                                    "genotypes",
                                    "sample_calls",
                                    "clinical_attributes",
                                    "clinical_values",
                                    "cohorts",
                                    "cohort_members",
                                    "cohort_decisions",
                                    "cohort_splits",
                                    "series_qc_flags",
                                    "models",
                                    "predictions",
                                    "derivation_runs",
                                    "segmentation_derivations",
                                    "pseudonyms",
                                    "robustness_runs",
                                    "robustness_iccs"};
    for (const char* table : expected)
        EXPECT_TRUE(tables.count(table)) << table;
    EXPECT_EQ(db.integrityCheck(), "ok");
}

TEST(Database, ReopeningKeepsTheSchemaAndAppliesNothingTwice) {
    rgw::test::TempDir dir;
    { Database db(dir.path() / "cohort.db"); }
    Database db(dir.path() / "cohort.db"); // would fail on CREATE TABLE if re-applied
    EXPECT_EQ(db.schemaVersion(), latestSchemaVersion());
}

TEST(Database, OpensWithWalForeignKeysAndNormalSync) {
    rgw::test::TempDir dir;
    Database db(dir.path() / "cohort.db");
    EXPECT_EQ(db.journalMode(), "wal");
    EXPECT_TRUE(db.foreignKeysEnabled());
    Statement sync(db, "PRAGMA synchronous");
    ASSERT_TRUE(sync.step());
    EXPECT_EQ(sync.integer(0), 1); // NORMAL (SQLite documents 0 OFF, 1 NORMAL, 2 FULL)
    Statement busy(db, "PRAGMA busy_timeout");
    ASSERT_TRUE(busy.step());
    EXPECT_GT(busy.integer(0), 0);
}

TEST(Database, ForeignKeysAreEnforced) {
    rgw::test::TempDir dir;
    Database db(dir.path() / "cohort.db");
    try {
        db.exec("INSERT INTO studies (study_uid, patient_id) VALUES ('1.2.3', 4711)");
        FAIL() << "a study of a missing patient was accepted";
    } catch (const DatabaseError& e) {
        EXPECT_NE(std::string(e.what()).find("FOREIGN KEY"), std::string::npos) << e.what();
    }
}

TEST(Database, RefusesAFileNewerThanTheProgram) {
    rgw::test::TempDir dir;
    const auto file = dir.path() / "future.db";
    { Database db(file); }
    setUserVersion(file, latestSchemaVersion() + 1);
    try {
        Database db(file);
        FAIL() << "a newer database was opened";
    } catch (const rgw::Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("newer"), std::string::npos) << message;
        EXPECT_NE(message.find(file.string()), std::string::npos) << message;
    }
}

TEST(Database, RejectsAFileThatIsNotADatabaseNamingIt) {
    rgw::test::TempDir dir;
    const auto file = dir.path() / "notes.txt";
    std::ofstream(file) << "this is a text file, long enough to fill a header of a database page";
    try {
        Database db(file);
        FAIL() << "a text file was opened as a database";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
}

TEST(Database, AppliesMigrationsInOrderEachInItsOwnTransaction) {
    rgw::test::TempDir dir;
    Database db(dir.path() / "custom.db", OpenOptions{.migrate = false});
    EXPECT_EQ(db.schemaVersion(), 0);
    const Migration steps[] = {
        {1, "CREATE TABLE a (x INTEGER)"},
        {2, "CREATE TABLE b (y INTEGER); INSERT INTO a VALUES (1)"},
        {3, "CREATE TABLE c (z INTEGER); THIS IS NOT SQL"},
    };
    EXPECT_THROW(applyMigrations(db, steps), rgw::Error);
    // 1 and 2 stay applied; the failing 3 is rolled back completely.
    EXPECT_EQ(db.schemaVersion(), 2);
    const auto tables = tableNames(db);
    EXPECT_TRUE(tables.count("a"));
    EXPECT_TRUE(tables.count("b"));
    EXPECT_FALSE(tables.count("c"));

    const Migration fixed[] = {steps[0], steps[1], {3, "CREATE TABLE c (z INTEGER)"}};
    applyMigrations(db, fixed);
    EXPECT_EQ(db.schemaVersion(), 3);
    Statement count(db, "SELECT COUNT(*) FROM a");
    ASSERT_TRUE(count.step());
    EXPECT_EQ(count.integer(0), 1); // migration 2 ran exactly once
}

TEST(Database, TransactionRollsBackWhenLeftByAnException) {
    rgw::test::TempDir dir;
    Database db(dir.path() / "cohort.db");
    try {
        Transaction transaction(db);
        db.exec("INSERT INTO patients (patient_id) VALUES ('P1')");
        db.exec("INSERT INTO patients (patient_id) VALUES ('P1')"); // UNIQUE violation
        transaction.commit();
        FAIL() << "duplicate Patient ID accepted";
    } catch (const DatabaseError&) {
    }
    Statement count(db, "SELECT COUNT(*) FROM patients");
    ASSERT_TRUE(count.step());
    EXPECT_EQ(count.integer(0), 0);
    EXPECT_FALSE(db.inTransaction());
}

TEST(Database, NestedTransactionIsASavepointOfTheOuterOne) {
    rgw::test::TempDir dir;
    Database db(dir.path() / "cohort.db");
    const auto patients = [&] {
        Statement count(db, "SELECT COUNT(*) FROM patients");
        EXPECT_TRUE(count.step());
        return count.integer(0);
    };
    {
        Transaction outer(db);
        db.exec("INSERT INTO patients (patient_id) VALUES ('P1')");
        {
            Transaction kept(db);
            db.exec("INSERT INTO patients (patient_id) VALUES ('P2')");
            kept.commit();
        }
        {
            Transaction dropped(db); // left without commit: only its rows go
            db.exec("INSERT INTO patients (patient_id) VALUES ('P3')");
        }
        EXPECT_TRUE(db.inTransaction());
        EXPECT_EQ(patients(), 2);
        // the outer one is left without commit: the released savepoint goes too
    }
    EXPECT_FALSE(db.inTransaction());
    EXPECT_EQ(patients(), 0);
    {
        Transaction outer(db);
        Transaction inner(db);
        db.exec("INSERT INTO patients (patient_id) VALUES ('P4')");
        inner.commit();
        outer.commit();
    }
    EXPECT_EQ(patients(), 1);
}

TEST(Database, CommittedTransactionIsVisibleToAnotherConnection) {
    rgw::test::TempDir dir;
    Database writer(dir.path() / "cohort.db");
    Database reader(dir.path() / "cohort.db");
    {
        Transaction transaction(writer);
        writer.exec("INSERT INTO patients (patient_id) VALUES ('P1')");
        Statement before(reader, "SELECT COUNT(*) FROM patients");
        ASSERT_TRUE(before.step());
        EXPECT_EQ(before.integer(0), 0); // WAL: readers see the last commit
        transaction.commit();
    }
    Statement after(reader, "SELECT COUNT(*) FROM patients");
    ASSERT_TRUE(after.step());
    EXPECT_EQ(after.integer(0), 1);
}

TEST(Database, StatementBindsAndReadsEveryType) {
    rgw::test::TempDir dir;
    Database db(dir.path() / "cohort.db", OpenOptions{.migrate = false});
    db.exec("CREATE TABLE t (i INTEGER, j INTEGER, r REAL, s TEXT, b BLOB, n INTEGER)");
    Statement& insert = db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    const std::vector<std::uint8_t> bytes{0, 1, 255, 7};
    insert.bind(1, 42)
        .bind(2, std::int64_t{1} << 40)
        .bind(3, 2.5)
        .bind(4, std::string("é\0x", 4))
        .bindBlob(5, bytes)
        .bind(6, std::optional<int>{});
    insert.execute();
    Statement& select = db.prepare("SELECT i, j, r, s, b, n FROM t");
    ASSERT_TRUE(select.step());
    EXPECT_EQ(select.integer(0), 42);
    EXPECT_EQ(select.int64(1), std::int64_t{1} << 40);
    EXPECT_DOUBLE_EQ(select.real(2), 2.5);
    EXPECT_EQ(select.text(3), std::string("é\0x", 4));
    EXPECT_EQ(select.blob(4), bytes);
    EXPECT_TRUE(select.isNull(5));
    EXPECT_EQ(select.optionalInt(5), std::nullopt);
    EXPECT_FALSE(select.step());
    // The cached statement comes back reset.
    EXPECT_EQ(&db.prepare("SELECT i, j, r, s, b, n FROM t"), &select);
    EXPECT_TRUE(select.step());
}

TEST(Database, PrepareErrorNamesTheSqlAndTheFile) {
    rgw::test::TempDir dir;
    Database db(dir.path() / "cohort.db");
    try {
        Statement s(db, "SELECT nothing FROM nowhere");
        FAIL();
    } catch (const DatabaseError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("nowhere"), std::string::npos) << message;
        EXPECT_NE(message.find((dir.path() / "cohort.db").string()), std::string::npos) << message;
    }
}
