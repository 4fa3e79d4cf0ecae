// rgw-cli genomics import / clinical import (issue #12): every source format
// through the one reader and the one import service, the JSON report's
// contract, all-or-nothing by default (exit status 6, the database file left
// byte-for-byte as it was), --on-error skip, idempotent re-import, and the
// command-line mistakes.
#ifndef _WIN32

#include "CbioStudyFixture.h"
#include "CliTestSupport.h"
#include "Database.h"
#include "GenomicsRepository.h"

#include <QJsonArray>
#include <QJsonObject>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace fs = std::filesystem;
using rgw::test::cliPath;
using rgw::test::parseJson;
using rgw::test::run;
namespace cbio = rgw::test::cbio;

namespace {

struct CliGenomics : ::testing::Test {
    rgw::test::TempDir tmp;
    fs::path db() const { return tmp.path() / "cohort.rgwdb"; }
    rgw::test::ProcessResult cli(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db().string()});
        return run(cliPath(), args, tmp.path());
    }
    /// The database file's bytes after a checkpoint (WAL folded in).
    std::string databaseBytes() {
        {
            rgw::storage::Database d(db());
            d.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        std::ifstream in(db(), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        return bytes.str();
    }
    void write(const fs::path& file, const std::string& text) {
        std::ofstream(file, std::ios::binary) << text;
    }
};

QJsonObject profileNamed(const QJsonObject& report, const QString& stableId) {
    for (const auto& p : report["profiles"].toArray())
        if (p.toObject()["stable_id"].toString() == stableId)
            return p.toObject();
    return {};
}

} // namespace

TEST_F(CliGenomics, ImportsACbioPortalStudyOnceAndReportsItAsJson) {
    const auto study = cbio::writeStudy(tmp.path() / "study");
    auto r = cli({"genomics", "import", study.folder.string(), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
    const QJsonObject report = parseJson(r.out).object();
    EXPECT_EQ(report["format"].toString(), "cBioPortal study");
    EXPECT_EQ(report["patients_added"].toInt(), 5);
    EXPECT_EQ(report["samples_added"].toInt(), 6);
    EXPECT_EQ(report["unmatched_ids"].toArray().size(), 5); // no images yet
    EXPECT_TRUE(report["errors"].toArray().isEmpty());
    EXPECT_TRUE(report["imported"].toBool());
    EXPECT_FALSE(report["unchanged"].toBool());
    const QJsonObject mutations = profileNamed(report, "mutations");
    EXPECT_EQ(mutations["kind"].toString(), "mutation");
    EXPECT_GT(mutations["records"].toInt(), 0);
    EXPECT_EQ(profileNamed(report, "rna_seq_v2_mrna")["kind"].toString(), "expression") << r.out;
    bool timelineSkipped = false;
    for (const auto& s : report["skipped_files"].toArray())
        timelineSkipped |= s.toObject()["file"].toString().contains("timeline") &&
                           !s.toObject()["reason"].toString().isEmpty();
    EXPECT_TRUE(timelineSkipped) << r.out;

    // The same study again changes nothing, byte for byte.
    const std::string before = databaseBytes();
    r = cli({"genomics", "import", study.folder.string(), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(parseJson(r.out).object()["unchanged"].toBool());
    EXPECT_EQ(parseJson(r.out).object()["patients_added"].toInt(), 0);
    EXPECT_EQ(databaseBytes(), before);

    // The stored coverage answers the not-profiled rule.
    rgw::storage::Database d(db());
    rgw::storage::GenomicsRepository genomics(d);
    const auto profile = genomics.findProfile(cbio::kStudyId, "mutations");
    ASSERT_TRUE(profile);
    EXPECT_EQ(genomics.geneStatus(profile->id, cbio::kS4, "TP53"),
              rgw::genomics::GeneStatus::NotProfiled); // NA in the panel matrix
    EXPECT_EQ(genomics.geneStatus(profile->id, cbio::kS5, "TP53"),
              rgw::genomics::GeneStatus::NotProfiled); // not in the _sequenced case list
}

TEST_F(CliGenomics, AProblemImportsNothingUnlessSkipIsAsked) {
    // A first, clean import so there is something that must not change.
    const auto good = cbio::writeStudy(tmp.path() / "good");
    ASSERT_EQ(cli({"genomics", "import", good.folder.string()}).exitCode, 0);
    const std::string before = databaseBytes();

    const auto bad = cbio::writeStudy(tmp.path() / "bad");
    // The same study again, now with a bad value: a re-import that must fail whole.
    // Patient line 9: AGE (a NUMBER) becomes text.
    cbio::replaceLine(bad.patients, 9,
                      "TCGA-AB-0004\t0:LIVING\t40\t0:DiseaseFree\t40\told\tFemale");
    auto r = cli({"genomics", "import", bad.folder.string(), "--json"});
    EXPECT_EQ(r.exitCode, 6) << r.err << r.out;
    EXPECT_NE(r.err.find("nothing imported"), std::string::npos) << r.err;
    const QJsonObject report = parseJson(r.out).object();
    EXPECT_FALSE(report["imported"].toBool());
    bool named = false;
    for (const auto& e : report["errors"].toArray()) {
        const QJsonObject o = e.toObject();
        named |= o["file"].toString().endsWith("data_clinical_patient.txt") &&
                 o["line"].toInt() == 9 && o["column"].toString() == "AGE";
    }
    EXPECT_TRUE(named) << r.out;
    EXPECT_EQ(databaseBytes(), before);

    r = cli({"genomics", "import", bad.folder.string(), "--on-error", "skip", "--json"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(parseJson(r.out).object()["imported"].toBool());
    EXPECT_FALSE(parseJson(r.out).object()["errors"].toArray().isEmpty());
}

TEST_F(CliGenomics, ImportsVcfPlinkAndMappedTables) {
    const fs::path vcf = tmp.path() / "TCGA-AB-0009-01.vcf";
    write(vcf, "##fileformat=VCFv4.2\n"
               "##INFO=<ID=CSQ,Number=.,Type=String,Description=\"Consequence annotations "
               "from Ensembl VEP. Format: Allele|Consequence|SYMBOL|HGVSp\">\n"
               "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTCGA-AB-0009-01\n"
               "7\t140753336\t.\tA\tT\t.\tPASS\tCSQ=T|missense_variant|BRAF|ENSP1:p.Val600Glu\t"
               "GT:AD\t0/1:60,40\n");
    const fs::path panel = tmp.path() / "panel.txt";
    write(panel, "stable_id: HOTSPOT3\ndescription: three genes\ngene_list: BRAF\tKRAS\tNRAS\n");
    auto r = cli({"genomics", "import", vcf.string(), "--panel", panel.string(), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
    QJsonObject report = parseJson(r.out).object();
    EXPECT_EQ(report["format"].toString(), "VCF");
    EXPECT_EQ(report["profiles"].toArray().at(0).toObject()["records"].toInt(), 1);
    {
        rgw::storage::Database d(db());
        rgw::storage::GenomicsRepository genomics(d);
        const auto profile = genomics.findProfile("TCGA-AB-0009-01", "TCGA-AB-0009-01_mutations");
        ASSERT_TRUE(profile);
        EXPECT_EQ(genomics.geneStatus(profile->id, "TCGA-AB-0009-01", "BRAF"),
                  rgw::genomics::GeneStatus::Altered);
        EXPECT_EQ(genomics.geneStatus(profile->id, "TCGA-AB-0009-01", "KRAS"),
                  rgw::genomics::GeneStatus::NotAltered);
        EXPECT_EQ(genomics.geneStatus(profile->id, "TCGA-AB-0009-01", "EGFR"),
                  rgw::genomics::GeneStatus::NotProfiled);
    }

    const fs::path raw = tmp.path() / "toxicity.raw";
    write(raw, "FID IID PAT MAT SEX PHENOTYPE rs2682585_T\nF1 TCGA-AB-0009 0 0 1 -9 2\n");
    r = cli({"genomics", "import", raw.string(), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
    EXPECT_EQ(parseJson(r.out).object()["format"].toString(), "PLINK .raw");
    EXPECT_EQ(parseJson(r.out).object()["patients_added"].toInt(), 0); // joins TCGA-AB-0009

    const fs::path table = tmp.path() / "clinical.csv";
    write(table, "MRN,Age,Vital status\nTCGA-AB-0009,61,Dead\nH-77,NA,Alive\n");
    const fs::path mapping = tmp.path() / "clinical.yaml";
    write(mapping, "id_column: MRN\ncolumns:\n"
                   "  - {column: Age, attribute: AGE, type: number}\n"
                   "  - column: Vital status\n    attribute: OS_STATUS\n    type: category\n"
                   "    values: {Dead: \"1:DECEASED\", Alive: \"0:LIVING\"}\n");
    const fs::path aliases = tmp.path() / "aliases.csv";
    write(aliases, "patient_id,alias\nTCGA-AB-0009,H-77\n");
    r = cli({"clinical", "import", table.string(), "--mapping", mapping.string(), "--aliases",
             aliases.string(), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
    report = parseJson(r.out).object();
    EXPECT_EQ(report["format"].toString(), "mapped table");
    EXPECT_EQ(report["patients_added"].toInt(), 0); // H-77 is TCGA-AB-0009 by alias
}

TEST_F(CliGenomics, CommandLineMistakesAreNamed) {
    EXPECT_EQ(cli({"genomics", "import", (tmp.path() / "absent").string()}).exitCode, 3);
    const fs::path table = tmp.path() / "t.csv";
    write(table, "id\nP1\n");
    auto r = cli({"clinical", "import", table.string()});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("--mapping"), std::string::npos) << r.err;
    const fs::path other = tmp.path() / "notes.docx";
    write(other, "x");
    r = cli({"genomics", "import", other.string()});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("notes.docx"), std::string::npos) << r.err;
    r = cli({"genomics", "import", table.string(), "--on-error", "maybe"});
    EXPECT_EQ(r.exitCode, 2);
    r = cli({"genomics", "export", table.string()});
    EXPECT_EQ(r.exitCode, 2);
    r = cli({"clinical", "import", (tmp.path() / "study").string(), "--mapping", "x.yaml"});
    EXPECT_EQ(r.exitCode, 3);
}

#else
TEST(CliGenomics, PosixOnly) {
    GTEST_SKIP() << "process tests run on POSIX systems";
}
#endif
