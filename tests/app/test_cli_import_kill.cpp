// kill -9 during a real import: the cohort database must stay sound
// (integrity_check ok) and never show a half-imported series; re-running the
// import must then give exactly the reference database.
#ifndef _WIN32

#include "CliTestSupport.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "SegmentationRepository.h"

#include <chrono>
#include <gtest/gtest.h>
#include <iostream>
#include <thread>

namespace fs = std::filesystem;

namespace {

/// What a database holds, reduced to what "complete" means for an import.
struct Snapshot {
    std::map<std::string, int> instancesBySeries;
    std::map<std::string, int> roisBySourceObject; ///< RTSTRUCT SOP Instance UID -> ROI rows
    std::size_t patients = 0;
    std::size_t studies = 0;
    std::string integrity;
};

Snapshot snapshot(const fs::path& file) {
    rgw::storage::Database db(file);
    Snapshot s;
    s.integrity = db.integrityCheck();
    rgw::storage::StudyRepository studies(db);
    for (const auto& p : rgw::storage::PatientRepository(db).list()) {
        ++s.patients;
        s.studies += studies.listForPatient(p.id).size();
    }
    for (const auto& series : rgw::storage::SeriesRepository(db).listAll())
        s.instancesBySeries[series.seriesInstanceUid] = series.instanceCount;
    for (const auto& seg : rgw::storage::SegmentationRepository(db).listAll())
        ++s.roisBySourceObject[seg.sourceSopInstanceUid];
    return s;
}

std::vector<std::string> importArgs(const fs::path& db, const std::vector<fs::path>& roots) {
    std::vector<std::string> args{"--db", db.string(), "import"};
    for (const auto& r : roots)
        args.push_back(r.string());
    return args;
}

} // namespace

TEST(CliImportKill, KilledImportsLeaveOnlyWholeSeries) {
    RGW_REQUIRE_TEST_DATA();
    rgw::test::TempDir tmp;
    std::vector<fs::path> roots;
    std::size_t files = 0;
    for (int p = 1; p <= 10; ++p) {
        char name[16];
        std::snprintf(name, sizeof name, "STS_%03d", p);
        roots.push_back(rgw::test::stsDicom(name));
        files += rgw::test::regularFiles(roots.back()).size();
    }

    // Reference: one uninterrupted import.
    const fs::path referenceDb = tmp.path() / "reference.rgwdb";
    const auto t0 = std::chrono::steady_clock::now();
    const auto full =
        rgw::test::run(rgw::test::cliPath(), importArgs(referenceDb, roots), tmp.path());
    const double fullSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_EQ(full.exitCode, 0) << full.err;
    const Snapshot reference = snapshot(referenceDb);
    ASSERT_EQ(reference.integrity, "ok");
    EXPECT_EQ(reference.patients, 10u);
    int referenceInstances = 0;
    for (const auto& [uid, n] : reference.instancesBySeries)
        referenceInstances += n;
    EXPECT_EQ(static_cast<std::size_t>(referenceInstances), files);
    std::cout << "reference import: " << files << " files, " << reference.instancesBySeries.size()
              << " series in " << fullSeconds << " s\n";

    // Kill -9 at growing moments, on the same database, until a run completes.
    const fs::path db = tmp.path() / "killed.rgwdb";
    int kills = 0;
    bool finished = false;
    // Kill moments every 25 ms (the import of 1923 files takes well under a
    // second on an idle machine); the last moment (-1) lets the run complete.
    std::vector<int> moments;
    for (int ms = 25; ms <= 1500; ms += 25)
        moments.push_back(ms);
    moments.push_back(-1);
    for (const int delayMs : moments) {
        const pid_t pid = rgw::test::spawn(rgw::test::cliPath(), importArgs(db, roots),
                                           tmp.path() / "out", tmp.path() / "err");
        ASSERT_GT(pid, 0);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(delayMs);
        int status = 0;
        pid_t done = 0;
        while ((delayMs < 0 || std::chrono::steady_clock::now() < deadline) &&
               (done = waitpid(pid, &status, WNOHANG)) == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        if (done == pid) {
            ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
                << rgw::test::slurp(tmp.path() / "err");
            finished = true;
        } else {
            kill(pid, SIGKILL);
            const auto r = rgw::test::waitFor(pid);
            if (r.signal == 0) {
                // It finished between the last poll and the kill: a
                // completed run, which must have succeeded.
                ASSERT_EQ(r.exitCode, 0) << rgw::test::slurp(tmp.path() / "err");
                finished = true;
            } else {
                ASSERT_EQ(r.signal, SIGKILL);
                ++kills;
            }
        }

        const Snapshot s = snapshot(db);
        ASSERT_EQ(s.integrity, "ok") << "after kill at " << delayMs << " ms";
        for (const auto& [uid, n] : s.instancesBySeries) {
            ASSERT_TRUE(reference.instancesBySeries.count(uid)) << uid;
            EXPECT_EQ(n, reference.instancesBySeries.at(uid))
                << "series " << uid << " half imported after kill at " << delayMs << " ms";
        }
        for (const auto& [sop, n] : s.roisBySourceObject)
            EXPECT_EQ(n, reference.roisBySourceObject.at(sop)) << "RTSTRUCT " << sop;
        std::cout << (finished ? "completed" : "killed") << " at " << delayMs
                  << " ms: " << s.instancesBySeries.size() << "/"
                  << reference.instancesBySeries.size() << " series present\n";
        if (finished)
            break;
    }
    EXPECT_TRUE(finished);
    EXPECT_GE(kills, 3) << "the import finished too fast to be interrupted";

    // Re-running completes the database: identical to the reference.
    const auto again = rgw::test::run(rgw::test::cliPath(), importArgs(db, roots), tmp.path());
    ASSERT_EQ(again.exitCode, 0) << again.err;
    const Snapshot final = snapshot(db);
    EXPECT_EQ(final.integrity, "ok");
    EXPECT_EQ(final.instancesBySeries, reference.instancesBySeries);
    EXPECT_EQ(final.roisBySourceObject, reference.roisBySourceObject);
    EXPECT_EQ(final.patients, reference.patients);
    EXPECT_EQ(final.studies, reference.studies);
}

#else
#include <gtest/gtest.h>
TEST(CliImportKill, PosixOnly) {
    GTEST_SKIP() << "uses fork/exec/kill";
}
#endif
