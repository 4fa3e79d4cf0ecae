// The cBioPortal export (storage/GenomicsExport.h, genomics/CbioWriter.h) as
// the inverse of the import: the demo cohort's study (core/demo/DemoGenomics:
// clinical attributes, a MAF on two gene panels with unsequenced samples,
// an RNA-seq matrix with missing samples) is imported, exported, read back
// with the study reader and imported into a NEW empty database; both
// databases must then hold the same patients, samples, clinical values,
// mutation calls, matrix values (bit for bit: each float's bits) and
// mutated / wild-type / not-profiled status of every gene and sample. With a
// pseudonym mapping every id is replaced (no original id is left in any
// file) and nothing else changes. Values the reader would not read back are
// refused with a message naming the file and column, and nothing is written.
#include "Database.h"
#include "GenomicsExport.h"
#include "GenomicsImport.h"
#include "GenomicsRepository.h"
#include "GenomicsSnapshot.h"
#include "NamedCohorts.h"
#include "TestData.h"
#include "demo/DemoGenomics.h"
#include "demo/DemoPhantom.h"
#include "genomics/CbioPortalStudy.h"
#include "genomics/CbioWriter.h"
#include "util/Error.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace rgw;
using namespace rgw::storage;

using rgw::test::expectEqual;
using rgw::test::Rename;
using rgw::test::snapshot;
using rgw::test::Snapshot;

namespace {

constexpr std::uint32_t kSeed = 3;
constexpr int kPatients = 30;

std::string slurp(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

const Rename kSame = [](const std::string& id) { return id; };

class GenomicsExport : public ::testing::Test {
protected:
    void SetUp() override {
        std::vector<demo::DemoStudyPatient> patients;
        for (int n = 1; n <= kPatients; ++n)
            patients.push_back(demo::studyPatientOf(demo::makePatientPhantom(kSeed, n), n));
        const auto study = demo::writeGenomicStudy(dir.path() / "demo-study", kSeed, patients);
        const genomics::GenomicDataSet data = genomics::readCbioPortalStudy(study.folder);
        ASSERT_TRUE(data.problems.empty()) << data.problems.front().describe();
        ASSERT_TRUE(importGenomicData(source, data).imported);
    }

    /// Reads `folder` back and imports it into a new database `name`.
    std::unique_ptr<Database> reimport(const fs::path& folder, const std::string& name) {
        const genomics::GenomicDataSet data = genomics::readCbioPortalStudy(folder);
        EXPECT_TRUE(data.problems.empty())
            << data.problems.size() << " problems, first: " << data.problems.front().describe();
        EXPECT_TRUE(data.skippedFiles.empty());
        auto db = std::make_unique<Database>(dir.path() / name);
        const GenomicsImportReport report = importGenomicData(*db, data);
        EXPECT_TRUE(report.imported);
        EXPECT_TRUE(report.errors.empty());
        return db;
    }

    test::TempDir dir;
    Database source{dir.path() / "source.rgwdb"};
};

TEST_F(GenomicsExport, RoundTripGivesAnEqualDatabase) {
    const fs::path folder = dir.path() / "export";
    const GenomicsExportReport report = exportCbioPortalStudy(source, {}, folder);
    EXPECT_EQ(report.studyId, demo::kDemoStudyId);
    EXPECT_EQ(report.patients, static_cast<std::size_t>(kPatients));
    EXPECT_EQ(report.samples, static_cast<std::size_t>(kPatients));
    EXPECT_EQ(report.profiles, 2u);
    EXPECT_GT(report.mutations, 0u);
    EXPECT_TRUE(report.notWritten.empty()) << report.notWritten.front().file;
    for (const char* file :
         {"meta_study.txt", "data_clinical_patient.txt", "data_clinical_sample.txt",
          "data_mutations.txt", "meta_mutations.txt", "data_gene_panel_matrix.txt",
          "case_lists/cases_all.txt", "case_lists/cases_sequenced.txt"})
        EXPECT_TRUE(fs::is_regular_file(folder / file)) << file;

    const auto copy = reimport(folder, "copy.rgwdb");
    const Snapshot expected = snapshot(source, kSame, kSame);
    const Snapshot actual = snapshot(*copy, kSame, kSame);
    expectEqual(expected, actual);
    // The comparison has teeth: each status occurs, and missing matrix cells.
    EXPECT_GT(expected.mutated, 0u);
    EXPECT_GT(expected.wildType, 0u);
    EXPECT_GT(expected.notProfiled, 0u);
    EXPECT_GT(expected.cells, 0u);
    EXPECT_GT(expected.missingCells, 0u);
}

TEST_F(GenomicsExport, PseudonymsReplaceEveryIdAndNothingElse) {
    // DEMO-007 -> PSN-107 (a stand-in for the de-identified export's pseudonyms).
    const Rename pseudonym = [](const std::string& id) {
        return "PSN-" + std::to_string(100 + std::stoi(id.substr(5)));
    };
    const Rename pseudonymSample = [&](const std::string& id) {
        return pseudonym(id.substr(0, 8)) + id.substr(8); // DEMO-007-01 -> PSN-107-01
    };
    GenomicsExportOptions options;
    options.mapping.patient = pseudonym;
    const fs::path folder = dir.path() / "pseudonymised";
    exportCbioPortalStudy(source, options, folder);

    // No original id in any file.
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (!entry.is_regular_file())
            continue;
        const std::string text = slurp(entry.path());
        EXPECT_EQ(text.find("DEMO-0"), std::string::npos) << entry.path();
    }
    const auto copy = reimport(folder, "pseudonymised.rgwdb");
    expectEqual(snapshot(source, pseudonym, pseudonymSample), snapshot(*copy, kSame, kSame));
}

TEST_F(GenomicsExport, CohortSubsetKeepsItsCoverage) {
    // Half the patients: the case lists, panel matrix and matrix columns shrink to them.
    std::vector<std::string> half;
    for (int n = 1; n <= kPatients; n += 2) {
        char id[16];
        std::snprintf(id, sizeof id, "DEMO-%03d", n);
        half.push_back(id);
    }
    NamedCohortRepository(source).create("odd", "", "", half.size(), half, "tester");
    GenomicsExportOptions options;
    options.cohort = "odd";
    const fs::path folder = dir.path() / "odd";
    const GenomicsExportReport report = exportCbioPortalStudy(source, options, folder);
    EXPECT_EQ(report.patients, half.size());
    const auto copy = reimport(folder, "odd.rgwdb");
    const Snapshot actual = snapshot(*copy, kSame, kSame);
    const Snapshot expected = snapshot(source, kSame, kSame);
    // Every fact of the copy is a fact of the source, and each patient's are all there.
    std::set<std::string> wanted;
    for (const std::string& line : expected.lines) {
        bool other = false;
        for (int n = 2; n <= kPatients; n += 2) {
            char id[16];
            std::snprintf(id, sizeof id, "DEMO-%03d", n);
            other = other || line.find(id) != std::string::npos;
        }
        if (!other && line.rfind("columns|", 0) != 0 && line.rfind("cell|", 0) != 0)
            wanted.insert(line);
    }
    for (const std::string& line : actual.lines) {
        if (line.rfind("columns|", 0) != 0 && line.rfind("cell|", 0) != 0) {
            EXPECT_TRUE(wanted.count(line)) << line;
        }
    }
    for (const std::string& line : wanted)
        EXPECT_TRUE(actual.lines.count(line)) << line;
}

TEST_F(GenomicsExport, UnwritableValuesAreRefusedAndNothingIsWritten) {
    std::vector<std::string> patients;
    {
        Statement& s = source.prepare("SELECT patient_id FROM patients ORDER BY patient_id");
        while (s.step())
            patients.push_back(s.text(0));
        s.reset();
    }
    const genomics::GenomicDataSet data = genomicDataSetOf(source, patients);
    const auto refused = [&](genomics::GenomicDataSet bad, const std::string& needle) {
        const fs::path folder = dir.path() / "refused";
        try {
            genomics::writeCbioPortalStudy(bad, folder);
            ADD_FAILURE() << "no error for " << needle;
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        }
        EXPECT_FALSE(fs::exists(folder));
        for (const auto& entry : fs::directory_iterator(dir.path()))
            EXPECT_EQ(entry.path().filename().string().rfind("refused", 0), std::string::npos)
                << entry.path();
    };
    {
        auto bad = data;
        bad.clinicalValues.front().text = "two\twords";
        refused(bad, "column '" + bad.clinicalValues.front().attributeId + "'");
    }
    {
        auto bad = data;
        bad.clinicalValues.front().text = "first line\nsecond line";
        refused(bad, "line break");
    }
    {
        auto bad = data;
        bad.mutations.front().proteinChange = "L858R\tX";
        refused(bad, "data_mutations.txt");
    }
    {
        auto bad = data;
        bad.studyDescription = "two\nlines";
        refused(bad, "meta_study.txt");
    }
    {
        auto bad = data;
        bad.clinicalValues.front().text = "NA";
        refused(bad, "missing value");
    }
    // An existing folder with files is not written over.
    const fs::path full = dir.path() / "full";
    fs::create_directories(full);
    std::ofstream(full / "keep.txt") << "keep";
    EXPECT_THROW(genomics::writeCbioPortalStudy(data, full), Error);
    EXPECT_EQ(slurp(full / "keep.txt"), "keep");
    // A pseudonym that is not a case id, or two patients on one pseudonym.
    genomics::CaseIdMapping spaces{[](const std::string& id) { return "has space " + id; }, {}};
    EXPECT_THROW(genomics::renameCases(data, spaces), Error);
    genomics::CaseIdMapping same{[](const std::string&) { return std::string("P1"); }, {}};
    EXPECT_THROW(genomics::renameCases(data, same), Error);
}

} // namespace
