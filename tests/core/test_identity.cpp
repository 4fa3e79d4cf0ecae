// Identity rules (core/genomics/Identity.h): the TCGA barcode rule that links
// samples to patients and gives sample types, and alias files, whose errors
// name the file and line.
#include "CbioStudyFixture.h"
#include "TestData.h"
#include "genomics/Identity.h"
#include "util/Error.h"

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;
using namespace rgw::genomics;
using rgw::test::cbio::writeText;

TEST(TcgaBarcode, FullAliquotBarcode) {
    const auto b = parseTcgaBarcode("TCGA-02-0001-01C-01D-0182-01");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->patient, "TCGA-02-0001");
    EXPECT_EQ(b->sampleType, 1);
    EXPECT_EQ(b->sample, "TCGA-02-0001-01");
}

TEST(TcgaBarcode, PatientAndSampleLevels) {
    const auto patient = parseTcgaBarcode("TCGA-AB-0001");
    ASSERT_TRUE(patient);
    EXPECT_EQ(patient->patient, "TCGA-AB-0001");
    EXPECT_FALSE(patient->sampleType);
    EXPECT_TRUE(patient->sample.empty());

    const auto sample = parseTcgaBarcode("TCGA-AB-0004-11");
    ASSERT_TRUE(sample);
    EXPECT_EQ(sample->patient, "TCGA-AB-0004");
    EXPECT_EQ(sample->sampleType, 11);
    EXPECT_EQ(sample->sample, "TCGA-AB-0004-11");
    // Other projects with TCGA-shaped barcodes.
    EXPECT_EQ(parseTcgaBarcode("CPTAC-AB-1234-06")->sampleType, 6);
}

TEST(TcgaBarcode, NonTcgaIdsAreNotBarcodes) {
    for (const char* id : {"", "LOCAL-017", "LOCAL-017-T", "P-0000017-T01-IM3", "tcga-02-0001",
                           "TCGA-02-001", "TCGA-2-0001", "TCGA-02-0001-X1", "TCGA-02-0001-1",
                           "TCGA_02_0001", "TCGA-02-00#1", "patient 7"})
        EXPECT_FALSE(parseTcgaBarcode(id)) << id;
}

TEST(TcgaBarcode, SampleTypes) {
    for (const int code : {1, 3, 5, 9})
        EXPECT_EQ(tcgaSampleType(code), "primary") << code;
    for (const int code : {2, 4, 40})
        EXPECT_EQ(tcgaSampleType(code), "recurrence") << code;
    for (const int code : {6, 7})
        EXPECT_EQ(tcgaSampleType(code), "metastasis") << code;
    for (const int code : {10, 11, 12, 13, 14})
        EXPECT_EQ(tcgaSampleType(code), "normal") << code;
    for (const int code : {0, 8, 15, 20, 50, 99})
        EXPECT_EQ(tcgaSampleType(code), "") << code;
}

class AliasFile : public ::testing::Test {
protected:
    fs::path write(const std::string& text) {
        const fs::path file = dir.path() / "aliases.csv";
        writeText(file, text);
        return file;
    }
    /// The message of the rgw::Error readAliasFile throws, or "" if none.
    std::string errorOf(const std::string& text) {
        const fs::path file = write(text);
        try {
            (void)readAliasFile(file);
        } catch (const rgw::Error& e) {
            return e.what();
        }
        return {};
    }
    std::string at(int line) const {
        return (dir.path() / "aliases.csv").string() + ":" + std::to_string(line) + ":";
    }

    rgw::test::TempDir dir;
};

TEST_F(AliasFile, CsvWithCommentsBomAndAnyColumnOrder) {
    const auto aliases = readAliasFile(write("\xEF\xBB\xBF# mapping of study ids\r\n"
                                             "kind,alias,patient_id\r\n"
                                             "tcga barcode,TCGA-AB-0001,PAT001\r\n"
                                             "\r\n"
                                             "hospital number, H-17 ,PAT017\r\n"
                                             "tcga barcode,TCGA-AB-0001,PAT001\r\n"));
    ASSERT_EQ(aliases.size(), 2u); // the repeated identical mapping is kept once
    EXPECT_EQ(aliases[0].alias, "TCGA-AB-0001");
    EXPECT_EQ(aliases[0].patientId, "PAT001");
    EXPECT_EQ(aliases[0].kind, "tcga barcode");
    EXPECT_EQ(aliases[1].alias, "H-17");
    EXPECT_EQ(aliases[1].kind, "hospital number");
}

TEST_F(AliasFile, TsvWithoutKind) {
    const auto aliases = readAliasFile(write("patient_id\talias\nPAT001\tLOCAL-017\n"));
    ASSERT_EQ(aliases.size(), 1u);
    EXPECT_EQ(aliases[0].alias, "LOCAL-017");
    EXPECT_TRUE(aliases[0].kind.empty());
}

TEST_F(AliasFile, ErrorsNameFileAndLine) {
    std::string e = errorOf("# header next\npatient,alias\nP1,A1\n");
    EXPECT_NE(e.find(at(2)), std::string::npos) << e;
    EXPECT_NE(e.find("'patient_id' and 'alias'"), std::string::npos) << e;

    e = errorOf("patient_id,alias\nP1,A1\nP2,A2,extra\n");
    EXPECT_NE(e.find(at(3)), std::string::npos) << e;
    EXPECT_NE(e.find("3 fields, the header has 2"), std::string::npos) << e;

    e = errorOf("patient_id,alias\nP1,\n");
    EXPECT_NE(e.find(at(2)), std::string::npos) << e;
    EXPECT_NE(e.find("column 'alias' is empty"), std::string::npos) << e;

    e = errorOf("patient_id,alias\n,A1\n");
    EXPECT_NE(e.find("column 'patient_id' is empty"), std::string::npos) << e;

    e = errorOf("patient_id,alias\nP1,A1\nP2,B2\nP3,A1\n");
    EXPECT_NE(e.find(at(4)), std::string::npos) << e;
    EXPECT_NE(e.find("but line 2 names 'P1'"), std::string::npos) << e;

    e = errorOf("# only a comment\n");
    EXPECT_NE(e.find("is empty"), std::string::npos) << e;
}

TEST_F(AliasFile, MissingFile) {
    try {
        (void)readAliasFile(dir.path() / "none.csv");
        FAIL() << "no exception";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("none.csv: cannot open"), std::string::npos)
            << e.what();
    }
}

} // namespace
