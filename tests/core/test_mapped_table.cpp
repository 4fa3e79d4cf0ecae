// Generic CSV / TSV tables read through a mapping file (MappedTable.h) and
// the RFC 4180 reader under them (DelimitedText.h): a messy spreadsheet
// export (BOM, CRLF, quoted commas and line breaks, missing-value spellings,
// bad numbers, dates and encodings, duplicate ids, ragged rows) gives exactly
// the expected records and problems with file, line and column; single-gene
// test results follow the mutated / wild-type / not-profiled rule; mistakes
// in the mapping name the mapping file and line.
#include "TestData.h"
#include "genomics/DelimitedText.h"
#include "genomics/MappedTable.h"
#include "genomics/MappingWriter.h"
#include "genomics/Profiling.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <fstream>
#include <gtest/gtest.h>

namespace fs = std::filesystem;
using namespace rgw::genomics;

namespace {

void writeText(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
}

std::vector<DelimitedRecord> readAll(const fs::path& file, Delimiter delimiter = Delimiter::Auto) {
    DelimitedTextReader reader(file, delimiter);
    std::vector<DelimitedRecord> records;
    DelimitedRecord record;
    while (reader.next(record))
        records.push_back(record);
    return records;
}

std::vector<std::string> texts(const DelimitedRecord& record) {
    std::vector<std::string> out;
    for (const auto& field : record.fields)
        out.push_back(field.text);
    return out;
}

/// The message of the rgw::Error `read` throws ("" when it throws none).
template <typename F> std::string errorOf(F&& read) {
    try {
        read();
    } catch (const rgw::Error& e) {
        return e.what();
    }
    return "";
}

// The messy table: a BOM, CRLF line ends, a quoted comma, a quoted line break
// (lines 3-4), missing values spelled NA / [Not Available] / unknown / empty,
// "12,5" and "inf" as numbers, 2021-02-30, a duplicate id (line 7), a ragged
// row (line 8), "pending" in neither EGFR list, Latin-1 bytes (line 9), an
// empty line (10), a quoted id (11), a row without an id and without a final
// line end (12).
const std::string kMessyCsv =
    "\xEF\xBB\xBF"
    "MRN,Age at diagnosis,OS (months),Vital status,Diagnosis date,Smoker,EGFR result,MGMT,"
    "PAM50,Oncotype RS,Notes\r\n"
    "P001,62.5,\"12,5\",Dead,2021-03-04,yes,exon 19 deletion,methylated,LumA,23,"
    "\"note, with comma\"\r\n"
    "P002,NA,40,Alive,2020-02-29,no,negative,unmethylated,\"LumB\",[Not Available],"
    "\"two-line\r\nnote\"\r\n"
    "P003,,inf,alive,2021-02-30,1,,NA,Basal,17.5,\r\n"
    "P004,abc,10,Dead,2019,0,pending,methylated,Her2,unknown,\r\n"
    "P001,50,1,Dead,2020,no,L858R,methylated,LumA,1,\r\n"
    "P005,70,5,Dead\r\n"
    "P006,\"7\"\"1\",3,Zombie,2021-13,maybe,T790M,methylated,Lum\xC1,5, \r\n"
    "\r\n"
    "\"P007\",45,\"20\",Alive,2022-01,TRUE,\"Not Detected\",,,,\r\n"
    ",33,1,Alive,,,,,,,";

const std::string kMessyMapping = R"(id_column: MRN
id_level: patient
study: lung
columns:
  - column: Age at diagnosis
    attribute: AGE
    type: number
    display_name: Age
    description: Age at diagnosis in years
  - column: OS (months)
    attribute: OS_MONTHS
    type: number
  - column: Vital status
    attribute: OS_STATUS
    type: category
    values: {"Dead": "1:DECEASED", "Alive": "0:LIVING"}
  - column: Diagnosis date
    attribute: DIAGNOSIS_DATE
    type: date
  - column: Smoker
    attribute: SMOKER
    type: boolean
  - column: EGFR result
    mutation: EGFR
    mutated: ["exon 19 deletion", "L858R", "T790M"]
    wild_type: ["wild-type", "negative", "not detected"]
    classification: {"exon 19 deletion": In_Frame_Del, L858R: Missense_Mutation, T790M: Missense_Mutation}
  - column: MGMT
    subtype: MGMT promoter
    method: pyrosequencing, 10% threshold
  - column: PAM50
    subtype: PAM50
  - column: Oncotype RS
    score: Oncotype DX RS
  - column: Stage
    attribute: STAGE
    type: category
)";

struct Messy {
    rgw::test::TempDir tmp;
    fs::path table = tmp.path() / "biomarkers.csv";
    fs::path mapping = tmp.path() / "map.yaml";
    GenomicDataSet set;
    Messy() {
        writeText(table, kMessyCsv);
        writeText(mapping, kMessyMapping);
        set = readMappedTable(table, mapping);
    }
};

ProfileCoverage coverageOf(const GenomicDataSet& set, const GenomicProfile& profile) {
    ProfileCoverage coverage;
    coverage.allSamples = profile.allSamplesProfiled;
    coverage.samples = {profile.profiledSamples.begin(), profile.profiledSamples.end()};
    coverage.defaultPanel = profile.genePanel;
    for (const auto& panel : set.panels)
        coverage.panelGenes[panel.stableId] = {panel.genes.begin(), panel.genes.end()};
    return coverage;
}

bool altered(const GenomicDataSet& set, const std::string& sample, const std::string& gene) {
    for (const auto& m : set.mutations)
        if (m.sampleId == sample && m.gene.hugoSymbol == gene &&
            isProteinAltering(m.variantClassification))
            return true;
    return false;
}

/// resources/mapping/example-biomarkers.yaml of the source tree: from this
/// file's path when the compiler gave it absolute, else above the working
/// directory (a build folder inside the checkout); empty when not found.
fs::path findExample() {
    const fs::path relative = "resources/mapping/example-biomarkers.yaml";
    const fs::path source = fs::path(__FILE__).parent_path().parent_path().parent_path();
    if (source.is_absolute() && fs::is_regular_file(source / relative))
        return source / relative;
    for (fs::path dir = fs::current_path();; dir = dir.parent_path()) {
        if (fs::is_regular_file(dir / relative))
            return dir / relative;
        if (dir == dir.root_path() || dir.empty())
            return {};
    }
}

} // namespace

// --- the RFC 4180 reader ---------------------------------------------------

TEST(DelimitedText, ReadsQuotesEmbeddedLineBreaksCrlfAndDropsTheBom) {
    rgw::test::TempDir tmp;
    const auto file = tmp.path() / "t.csv";
    writeText(file, "\xEF\xBB\xBF"
                    "id,text\r\n"
                    "1,\"a, \"\"quoted\"\" b\"\r\n"
                    "\r\n"
                    "2,\"two\r\nlines\"\r\n"
                    "3,\r\n"
                    "4,last");
    DelimitedTextReader reader(file);
    EXPECT_EQ(reader.delimiter(), ',');
    const auto records = readAll(file);
    ASSERT_EQ(records.size(), 5u);
    EXPECT_EQ(texts(records[0]), (std::vector<std::string>{"id", "text"}));
    EXPECT_EQ(records[0].line, 1u);
    EXPECT_EQ(texts(records[1]), (std::vector<std::string>{"1", "a, \"quoted\" b"}));
    EXPECT_EQ(records[2].line, 4u); // the empty line 3 is skipped
    EXPECT_EQ(texts(records[2]), (std::vector<std::string>{"2", "two\nlines"}));
    EXPECT_EQ(records[3].line, 6u);
    EXPECT_EQ(texts(records[3]), (std::vector<std::string>{"3", ""}));
    EXPECT_EQ(records[4].line, 7u);
    EXPECT_EQ(texts(records[4]), (std::vector<std::string>{"4", "last"}));
    for (const auto& record : records)
        for (const auto& field : record.fields)
            EXPECT_EQ(field.problem, "");
}

TEST(DelimitedText, ReadsFieldsAndCrlfSplitAcrossItsBlocks) {
    // The reader takes 64 KiB blocks: put a CRLF inside a quoted field across
    // the first boundary and a record's CRLF across the second.
    constexpr std::size_t kBlock = 65536;
    std::string text = "id,text,pad\r\n1,\"";
    const std::size_t xs = kBlock - 1 - text.size();
    text += std::string(xs, 'x') + "\r\nmore\",";
    const std::size_t ys = 2 * kBlock - 1 - text.size();
    text += std::string(ys, 'y') + "\r\n2,z,w\r\n";
    ASSERT_EQ(text.substr(kBlock - 1, 2), "\r\n");
    ASSERT_EQ(text.substr(2 * kBlock - 1, 2), "\r\n");
    rgw::test::TempDir tmp;
    const auto file = tmp.path() / "long.csv";
    writeText(file, text);
    const auto records = readAll(file);
    ASSERT_EQ(records.size(), 3u);
    ASSERT_EQ(records[1].fields.size(), 3u);
    EXPECT_EQ(records[1].fields[1].text, std::string(xs, 'x') + "\nmore"); // CRLF read as '\n'
    EXPECT_EQ(records[1].fields[2].text, std::string(ys, 'y'));
    EXPECT_EQ(records[1].fields[2].line, 3u);
    for (const auto& field : records[1].fields)
        EXPECT_EQ(field.problem, "");
    EXPECT_EQ(records[2].line, 4u);
    EXPECT_EQ(texts(records[2]), (std::vector<std::string>{"2", "z", "w"}));
}

TEST(DelimitedText, DetectsTabAndSemicolonAndHonoursAGivenDelimiter) {
    rgw::test::TempDir tmp;
    const auto tsv = tmp.path() / "t.tsv";
    writeText(tsv, "a\tb,c\td\n1\t\"x\ty\"\t2\n");
    EXPECT_EQ(DelimitedTextReader(tsv).delimiter(), '\t');
    const auto records = readAll(tsv);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(texts(records[0]), (std::vector<std::string>{"a", "b,c", "d"}));
    EXPECT_EQ(texts(records[1]), (std::vector<std::string>{"1", "x\ty", "2"}));

    const auto semicolon = tmp.path() / "s.csv";
    writeText(semicolon, "\"a;b\";c;d,e\r1;2,5;3\r");
    EXPECT_EQ(DelimitedTextReader(semicolon).delimiter(), ';'); // quoted ';' does not count
    const auto cr = readAll(semicolon);                         // old Mac line ends
    ASSERT_EQ(cr.size(), 2u);
    EXPECT_EQ(texts(cr[1]), (std::vector<std::string>{"1", "2,5", "3"}));
    EXPECT_EQ(cr[1].line, 2u);
    EXPECT_EQ(DelimitedTextReader(semicolon, Delimiter::Comma).delimiter(), ',');
    EXPECT_EQ(texts(readAll(semicolon, Delimiter::Comma)[0]),
              (std::vector<std::string>{"a;b;c;d", "e"}));
}

TEST(DelimitedText, MarksWrongEncodingStrayTextAndAnUnclosedQuoteWithTheirLines) {
    rgw::test::TempDir tmp;
    const auto file = tmp.path() / "bad.csv";
    writeText(file, "a,b\n"
                    "1,\"first\nsecond caf\xE9\"\n" // Latin-1 é on line 3 of a field from line 2
                    "2,\"x\"y\n"
                    "3,\"never closed\n4,5\n");
    const auto records = readAll(file);
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[1].fields[1].line, 2u);
    EXPECT_EQ(records[1].fields[1].problemLine, 3u);
    EXPECT_EQ(records[1].fields[1].problem.rfind("wrong encoding: byte 0xE9", 0), 0u);
    EXPECT_EQ(records[1].fields[0].problem, "");
    EXPECT_EQ(records[2].fields[1].problem, "text after the closing quote");
    EXPECT_EQ(records[2].fields[1].problemLine, 4u);
    EXPECT_FALSE(records[3].complete);
    EXPECT_EQ(records[3].fields[1].problemLine, 5u);
    EXPECT_EQ(records[3].fields[1].text, "never closed\n4,5\n");

    const auto utf16 = tmp.path() / "utf16.csv";
    writeText(utf16, std::string("\xFF\xFE"
                                 "a\0,\0b\0",
                                 8));
    EXPECT_NE(errorOf([&] { DelimitedTextReader r(utf16); }).find("UTF-16"), std::string::npos);
}

TEST(DelimitedText, Utf8CheckRejectsOverlongSurrogateOutOfRangeTruncatedAndNul) {
    EXPECT_EQ(firstInvalidUtf8("plain, caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x98\x80"),
              std::string::npos);
    EXPECT_EQ(firstInvalidUtf8("ab\xC0\x80"), 2u);           // overlong NUL
    EXPECT_EQ(firstInvalidUtf8("\xE0\x80\x80"), 0u);         // overlong 3-byte
    EXPECT_EQ(firstInvalidUtf8("x\xED\xA0\x80"), 1u);        // UTF-16 surrogate
    EXPECT_EQ(firstInvalidUtf8("\xF4\x90\x80\x80"), 0u);     // above U+10FFFF
    EXPECT_EQ(firstInvalidUtf8("abc\xE2\x82"), 3u);          // truncated
    EXPECT_EQ(firstInvalidUtf8("\x80"), 0u);                 // lone continuation
    EXPECT_EQ(firstInvalidUtf8(std::string("a\0b", 3)), 1u); // NUL
}

// --- the messy table -------------------------------------------------------

TEST(MappedTable, ReadsEveryRecordOfAMessyCsv) {
    Messy m;
    const GenomicDataSet& set = m.set;
    EXPECT_EQ(set.studyId, "lung");
    EXPECT_EQ(set.source, m.table.string());
    EXPECT_EQ(set.patients,
              (std::vector<std::string>{"P001", "P002", "P003", "P004", "P006", "P007"}));

    ASSERT_EQ(set.attributes.size(), 5u); // STAGE is not in the table
    EXPECT_EQ(set.attributes[0].id, "AGE");
    EXPECT_EQ(set.attributes[0].displayName, "Age");
    EXPECT_EQ(set.attributes[0].description, "Age at diagnosis in years");
    EXPECT_EQ(set.attributes[0].datatype, ClinicalDatatype::Number);
    EXPECT_EQ(set.attributes[0].level, AttributeLevel::Patient);
    EXPECT_EQ(set.attributes[1].displayName, "OS_MONTHS");
    EXPECT_EQ(set.attributes[2].datatype, ClinicalDatatype::String);
    EXPECT_EQ(set.attributes[3].datatype, ClinicalDatatype::Date);
    EXPECT_EQ(set.attributes[4].datatype, ClinicalDatatype::Boolean);

    struct Expected {
        const char* entity;
        const char* attribute;
        const char* text;
        std::size_t line;
        const char* column;
    };
    const std::vector<Expected> values{
        {"P001", "AGE", "62.5", 2, "Age at diagnosis"},
        {"P001", "OS_STATUS", "1:DECEASED", 2, "Vital status"},
        {"P001", "DIAGNOSIS_DATE", "2021-03-04", 2, "Diagnosis date"},
        {"P001", "SMOKER", "TRUE", 2, "Smoker"},
        {"P002", "OS_MONTHS", "40", 3, "OS (months)"},
        {"P002", "OS_STATUS", "0:LIVING", 3, "Vital status"},
        {"P002", "DIAGNOSIS_DATE", "2020-02-29", 3, "Diagnosis date"},
        {"P002", "SMOKER", "FALSE", 3, "Smoker"},
        {"P003", "OS_STATUS", "0:LIVING", 5, "Vital status"}, // "alive": any case
        {"P003", "SMOKER", "TRUE", 5, "Smoker"},
        {"P004", "OS_MONTHS", "10", 6, "OS (months)"},
        {"P004", "OS_STATUS", "1:DECEASED", 6, "Vital status"},
        {"P004", "DIAGNOSIS_DATE", "2019", 6, "Diagnosis date"},
        {"P004", "SMOKER", "FALSE", 6, "Smoker"},
        {"P006", "OS_MONTHS", "3", 9, "OS (months)"},
        {"P007", "AGE", "45", 11, "Age at diagnosis"},
        {"P007", "OS_MONTHS", "20", 11, "OS (months)"},
        {"P007", "OS_STATUS", "0:LIVING", 11, "Vital status"},
        {"P007", "DIAGNOSIS_DATE", "2022-01", 11, "Diagnosis date"},
        {"P007", "SMOKER", "TRUE", 11, "Smoker"},
    };
    ASSERT_EQ(set.clinicalValues.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        SCOPED_TRACE(i);
        const ClinicalValue& v = set.clinicalValues[i];
        EXPECT_EQ(v.entityId, values[i].entity);
        EXPECT_EQ(v.attributeId, values[i].attribute);
        EXPECT_EQ(v.text, values[i].text);
        EXPECT_EQ(v.where.file, m.table.string());
        EXPECT_EQ(v.where.line, values[i].line);
        EXPECT_EQ(v.where.column, values[i].column);
        EXPECT_EQ(v.number.has_value(), v.attributeId == "AGE" || v.attributeId == "OS_MONTHS");
    }
    EXPECT_DOUBLE_EQ(*set.clinicalValues[0].number, 62.5);
    EXPECT_DOUBLE_EQ(*set.clinicalValues[4].number, 40.0);

    // One tested sample per patient with a genomic result (P003: scores only).
    ASSERT_EQ(set.samples.size(), 6u);
    const std::vector<std::string> tested{"P001", "P002", "P003", "P004", "P006", "P007"};
    for (std::size_t i = 0; i < tested.size(); ++i) {
        EXPECT_EQ(set.samples[i].sampleId, tested[i] + "-tested");
        EXPECT_EQ(set.samples[i].patientId, tested[i]);
        EXPECT_EQ(set.samples[i].type, "");
    }

    ASSERT_EQ(set.profiles.size(), 4u);
    const GenomicProfile& egfr = set.profiles[0];
    EXPECT_EQ(egfr.stableId, "lung_EGFR_test");
    EXPECT_EQ(egfr.kind, ProfileKind::Mutation);
    EXPECT_EQ(egfr.genePanel, "lung_EGFR_test");
    EXPECT_FALSE(egfr.allSamplesProfiled);
    EXPECT_EQ(egfr.profiledSamples, (std::vector<std::string>{"P001-tested", "P002-tested",
                                                              "P006-tested", "P007-tested"}));
    ASSERT_EQ(set.panels.size(), 1u);
    EXPECT_EQ(set.panels[0].stableId, "lung_EGFR_test");
    EXPECT_EQ(set.panels[0].genes, std::vector<std::string>{"EGFR"});
    EXPECT_EQ(set.profiles[1].stableId, "lung_mgmt_promoter");
    EXPECT_EQ(set.profiles[1].kind, ProfileKind::Subtype);
    EXPECT_EQ(
        set.profiles[1].profiledSamples,
        (std::vector<std::string>{"P001-tested", "P002-tested", "P004-tested", "P006-tested"}));
    EXPECT_EQ(set.profiles[2].stableId, "lung_pam50");
    EXPECT_EQ(set.profiles[2].kind, ProfileKind::Subtype);
    EXPECT_EQ(set.profiles[3].stableId, "lung_oncotype_dx_rs");
    EXPECT_EQ(set.profiles[3].kind, ProfileKind::AssayScore);
    EXPECT_EQ(set.profiles[3].profiledSamples,
              (std::vector<std::string>{"P001-tested", "P003-tested", "P006-tested"}));

    ASSERT_EQ(set.mutations.size(), 2u);
    EXPECT_EQ(set.mutations[0].sampleId, "P001-tested");
    EXPECT_EQ(set.mutations[0].profileStableId, "lung_EGFR_test");
    EXPECT_EQ(set.mutations[0].gene.hugoSymbol, "EGFR");
    EXPECT_EQ(set.mutations[0].proteinChange, "exon 19 deletion");
    EXPECT_EQ(set.mutations[0].variantClassification, "In_Frame_Del");
    EXPECT_EQ(set.mutations[0].where.line, 2u);
    EXPECT_EQ(set.mutations[0].where.column, "EGFR result");
    EXPECT_EQ(set.mutations[1].sampleId, "P006-tested");
    EXPECT_EQ(set.mutations[1].proteinChange, "T790M");
    EXPECT_EQ(set.mutations[1].variantClassification, "Missense_Mutation");
    EXPECT_EQ(set.mutations[1].where.line, 9u);

    struct Call {
        const char* profile;
        const char* sample;
        const char* category;
        std::optional<double> score;
        std::size_t line;
    };
    const std::vector<Call> calls{
        {"lung_mgmt_promoter", "P001-tested", "methylated", {}, 2},
        {"lung_pam50", "P001-tested", "LumA", {}, 2},
        {"lung_oncotype_dx_rs", "P001-tested", "", 23.0, 2},
        {"lung_mgmt_promoter", "P002-tested", "unmethylated", {}, 3},
        {"lung_pam50", "P002-tested", "LumB", {}, 3},
        {"lung_pam50", "P003-tested", "Basal", {}, 5},
        {"lung_oncotype_dx_rs", "P003-tested", "", 17.5, 5},
        {"lung_mgmt_promoter", "P004-tested", "methylated", {}, 6},
        {"lung_pam50", "P004-tested", "Her2", {}, 6},
        {"lung_mgmt_promoter", "P006-tested", "methylated", {}, 9},
        {"lung_oncotype_dx_rs", "P006-tested", "", 5.0, 9},
    };
    ASSERT_EQ(set.calls.size(), calls.size());
    for (std::size_t i = 0; i < calls.size(); ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(set.calls[i].profileStableId, calls[i].profile);
        EXPECT_EQ(set.calls[i].sampleId, calls[i].sample);
        EXPECT_EQ(set.calls[i].category, calls[i].category);
        EXPECT_EQ(set.calls[i].score, calls[i].score);
        EXPECT_EQ(set.calls[i].where.line, calls[i].line);
        EXPECT_EQ(set.calls[i].method, std::string(calls[i].profile) == "lung_mgmt_promoter"
                                           ? "pyrosequencing, 10% threshold"
                                           : "");
    }

    ASSERT_EQ(set.skippedFiles.size(), 1u);
    EXPECT_EQ(set.skippedFiles[0].file, m.table.string());
    EXPECT_EQ(set.skippedFiles[0].reason, "column 'Notes' is not in the mapping: not imported");
}

TEST(MappedTable, NamesEveryProblemOfAMessyCsvByFileLineAndColumn) {
    Messy m;
    const std::string table = m.table.string();
    struct Expected {
        std::string file;
        std::size_t line;
        std::string column;
        std::string message; // the message starts with this
    };
    const std::vector<Expected> problems{
        {m.mapping.string(), 35, "Stage", "not in the header of " + table},
        {table, 2, "OS (months)",
         "'12,5' is not a number (write decimals with a point, not a comma)"},
        {table, 5, "OS (months)", "'inf' is not a finite number"},
        {table, 5, "Diagnosis date", "'2021-02-30' is not a date"},
        {table, 6, "Age at diagnosis", "'abc' is not a number"},
        {table, 6, "EGFR result", "'pending' is in neither the mutated nor the wild_type list"},
        {table, 7, "MRN", "'P001' is given twice (first on line 2)"},
        {table, 8, "", "4 fields, the header (line 1) has 11"},
        {table, 9, "PAM50", "wrong encoding: byte 0xC1"},
        {table, 9, "Age at diagnosis", "'7\"1' is not a number"},
        {table, 9, "Vital status",
         "'Zombie' is not one of the values of the mapping (Dead, Alive)"},
        {table, 9, "Diagnosis date", "'2021-13' is not a date"},
        {table, 9, "Smoker", "'maybe' is not true, false, yes, no, 1 or 0"},
        {table, 12, "MRN", "no id"},
    };
    ASSERT_EQ(m.set.problems.size(), problems.size());
    for (std::size_t i = 0; i < problems.size(); ++i) {
        SCOPED_TRACE(m.set.problems[i].describe());
        EXPECT_EQ(m.set.problems[i].where.file, problems[i].file);
        EXPECT_EQ(m.set.problems[i].where.line, problems[i].line);
        EXPECT_EQ(m.set.problems[i].where.column, problems[i].column);
        EXPECT_EQ(m.set.problems[i].message.rfind(problems[i].message, 0), 0u);
    }
    EXPECT_EQ(m.set.problems[0].describe().rfind(m.mapping.string() + ":35: column 'Stage': ", 0),
              0u);
}

TEST(MappedTable, ATestedWildTypeIsWildTypeAndEverythingElseNotProfiled) {
    Messy m;
    const GenomicDataSet& set = m.set;
    const ProfileCoverage egfr = coverageOf(set, set.profiles[0]);
    const auto status = [&](const std::string& sample, const std::string& gene) {
        return geneStatus(egfr, sample, gene, altered(set, sample, gene));
    };
    EXPECT_EQ(status("P001-tested", "EGFR"), GeneStatus::Altered);     // exon 19 deletion
    EXPECT_EQ(status("P006-tested", "EGFR"), GeneStatus::Altered);     // T790M
    EXPECT_EQ(status("P002-tested", "EGFR"), GeneStatus::NotAltered);  // negative
    EXPECT_EQ(status("P007-tested", "EGFR"), GeneStatus::NotAltered);  // "Not Detected"
    EXPECT_EQ(status("P003-tested", "EGFR"), GeneStatus::NotProfiled); // empty cell: untested
    EXPECT_EQ(status("P004-tested", "EGFR"), GeneStatus::NotProfiled); // "pending": a problem
    EXPECT_EQ(status("P002-tested", "KRAS"), GeneStatus::NotProfiled); // another gene
    EXPECT_EQ(status("P001-tested", "KRAS"), GeneStatus::NotProfiled);
}

// --- other shapes ----------------------------------------------------------

TEST(MappedTable, ReadsASemicolonSampleLevelTableWithTcgaBarcodes) {
    rgw::test::TempDir tmp;
    const auto table = tmp.path() / "brca 2024.csv";
    const auto mapping = tmp.path() / "samples.yaml";
    writeText(table, "Sample;Type;Age;Grade;PAM50\n"
                     "TCGA-AB-0001-01;Primary Tumor;61;G2;LumA\n"
                     "TCGA-AB-0001-06;metastatic;62;G3;LumB\n"
                     "TCGA-AB-0002-01;;\"70,5\";G1;Basal\n"
                     "TCGA-AB-0003-01;bone;55;G2;NA\n"
                     "TCGA-AB-0002-01;;70;G1;Basal\n");
    writeText(mapping, "id_column: Sample\n"
                       "id_level: sample\n"
                       "sample_type_column: Type\n"
                       "missing: [NA]\n"
                       "columns:\n"
                       "  - column: Age\n"
                       "    attribute: AGE\n"
                       "    type: number\n"
                       "    level: patient\n"
                       "  - column: Grade\n"
                       "    attribute: GRADE\n"
                       "    type: category\n"
                       "  - column: PAM50\n"
                       "    subtype: PAM50\n");
    const GenomicDataSet set = readMappedTable(table, mapping);
    EXPECT_EQ(set.studyId, "brca_2024");
    EXPECT_EQ(set.patients,
              (std::vector<std::string>{"TCGA-AB-0001", "TCGA-AB-0002", "TCGA-AB-0003"}));
    ASSERT_EQ(set.samples.size(), 4u);
    EXPECT_EQ(set.samples[0].sampleId, "TCGA-AB-0001-01");
    EXPECT_EQ(set.samples[0].patientId, "TCGA-AB-0001");
    EXPECT_EQ(set.samples[0].type, "primary");
    EXPECT_EQ(set.samples[1].type, "metastasis");
    EXPECT_EQ(set.samples[2].type, "primary"); // empty cell: the barcode's type
    EXPECT_EQ(set.samples[3].type, "");        // "bone": a problem
    EXPECT_EQ(set.attributes[0].level, AttributeLevel::Patient);
    EXPECT_EQ(set.attributes[1].level, AttributeLevel::Sample);

    ASSERT_EQ(set.clinicalValues.size(), 6u);
    EXPECT_EQ(set.clinicalValues[0].entityId, "TCGA-AB-0001"); // AGE, once per patient
    EXPECT_EQ(set.clinicalValues[0].text, "61");
    EXPECT_EQ(set.clinicalValues[1].entityId, "TCGA-AB-0001-01"); // GRADE per sample
    EXPECT_EQ(set.clinicalValues[1].text, "G2");
    EXPECT_EQ(set.clinicalValues[2].entityId, "TCGA-AB-0001-06");
    EXPECT_EQ(set.clinicalValues[2].text, "G3");
    EXPECT_EQ(set.clinicalValues[3].entityId, "TCGA-AB-0002-01");
    EXPECT_EQ(set.clinicalValues[4].entityId, "TCGA-AB-0003");
    EXPECT_EQ(set.clinicalValues[4].text, "55");
    EXPECT_EQ(set.clinicalValues[5].entityId, "TCGA-AB-0003-01");

    ASSERT_EQ(set.calls.size(), 3u);
    EXPECT_EQ(set.calls[0].sampleId, "TCGA-AB-0001-01");
    EXPECT_EQ(set.calls[0].profileStableId, "brca_2024_pam50");
    EXPECT_EQ(set.calls[2].category, "Basal");

    ASSERT_EQ(set.problems.size(), 4u);
    EXPECT_EQ(set.problems[0].where.line, 3u);
    EXPECT_EQ(set.problems[0].where.column, "Age");
    EXPECT_EQ(set.problems[0].message,
              "patient 'TCGA-AB-0001' has '61' on line 2; '62' here is not imported");
    EXPECT_EQ(set.problems[1].where.line, 4u);
    EXPECT_EQ(set.problems[1].where.column, "Age");
    EXPECT_EQ(set.problems[2].where.line, 5u);
    EXPECT_EQ(set.problems[2].where.column, "Type");
    EXPECT_EQ(set.problems[3].where.line, 6u);
    EXPECT_EQ(set.problems[3].where.column, "Sample");
    EXPECT_EQ(
        set.problems[3].message.rfind("'TCGA-AB-0002-01' is given twice (first on line 4)", 0), 0u);
}

TEST(MappedTable, ReadsATabTableWithAPatientColumnAndScores) {
    rgw::test::TempDir tmp;
    const auto table = tmp.path() / "ki67.tsv";
    const auto mapping = tmp.path() / "ki67.yaml";
    writeText(table, "Specimen\tPatient\tKi67\tComment\n"
                     "S1\tP1\t12.5\t\"a\tb\"\n"
                     "S2\t\t3\tx\n"
                     "S3\tP1\t1e999\t\n");
    writeText(mapping, "id_column: Specimen\nid_level: sample\npatient_column: Patient\n"
                       "delimiter: tab\ncolumns:\n"
                       "  - {column: Ki67, score: Ki-67 index, unit: \"%\"}\n");
    const GenomicDataSet set = readMappedTable(table, mapping);
    EXPECT_EQ(set.patients, std::vector<std::string>{"P1"});
    ASSERT_EQ(set.samples.size(), 2u);
    EXPECT_EQ(set.samples[0].sampleId, "S1");
    EXPECT_EQ(set.samples[1].sampleId, "S3");
    EXPECT_EQ(set.samples[1].patientId, "P1");
    ASSERT_EQ(set.profiles.size(), 1u);
    EXPECT_EQ(set.profiles[0].stableId, "ki67_ki_67_index");
    EXPECT_EQ(set.profiles[0].unit, "%");
    EXPECT_EQ(set.profiles[0].profiledSamples, std::vector<std::string>{"S1"});
    ASSERT_EQ(set.calls.size(), 1u);
    EXPECT_EQ(set.calls[0].score, 12.5);
    ASSERT_EQ(set.problems.size(), 2u);
    EXPECT_EQ(set.problems[0].where.line, 3u);
    EXPECT_EQ(set.problems[0].where.column, "Patient");
    EXPECT_EQ(set.problems[0].message, "no patient for sample 'S2'; the row is not imported");
    EXPECT_EQ(set.problems[1].where.line, 4u);
    EXPECT_EQ(set.problems[1].message, "'1e999' is out of the range of a double");
    ASSERT_EQ(set.skippedFiles.size(), 1u);
    EXPECT_EQ(set.skippedFiles[0].reason, "column 'Comment' is not in the mapping: not imported");
}

TEST(MappedTable, AColumnNamedTwiceInTheHeaderIsAProblemAtItsMappingLine) {
    rgw::test::TempDir tmp;
    const auto table = tmp.path() / "t.csv";
    const auto mapping = tmp.path() / "m.yaml";
    writeText(table, "MRN,Age,Age,\nP1,50,51,x\n");
    writeText(mapping,
              "id_column: MRN\ncolumns:\n  - {column: Age, attribute: AGE, type: number}\n");
    const GenomicDataSet set = readMappedTable(table, mapping);
    EXPECT_TRUE(set.clinicalValues.empty());
    EXPECT_TRUE(set.attributes.empty());
    ASSERT_EQ(set.problems.size(), 1u);
    EXPECT_EQ(set.problems[0].describe(), mapping.string() +
                                              ":3: column 'Age': appears 2 times in "
                                              "the header of " +
                                              table.string());
    ASSERT_EQ(set.skippedFiles.size(), 3u); // both Age columns and the unnamed fourth
    EXPECT_EQ(set.skippedFiles[2].reason, "column 4 (no name) is not in the mapping: not imported");
}

TEST(MappedTable, TheShippedExampleMappingReadsItsTable) {
    const fs::path example = findExample();
    if (example.empty())
        GTEST_SKIP() << "resources/mapping/example-biomarkers.yaml not found from " << __FILE__;
    const TableMapping mapping = readTableMapping(example);
    EXPECT_EQ(mapping.study, "biomarkers_2024");
    ASSERT_EQ(mapping.columns.size(), 10u);

    rgw::test::TempDir tmp;
    const auto table = tmp.path() / "biomarkers.csv";
    writeText(table, "MRN,Age at diagnosis,Sex,Date of diagnosis,OS (months),Vital status,"
                     "Ever smoker,EGFR result,MGMT,PAM50,Oncotype RS,Comments\n"
                     "H1,64,F,2023-05-02,18.2,Alive,yes,L858R,M,LumA,not done,\n"
                     "H2,58,m,2022-11,30,Dead,no,wild-type,U,,12,second opinion\n");
    const GenomicDataSet set = readMappedTable(table, mapping);
    EXPECT_TRUE(set.problems.empty()) << set.problems.front().describe();
    EXPECT_EQ(set.clinicalValues.size(), 12u);
    ASSERT_EQ(set.mutations.size(), 1u);
    EXPECT_EQ(set.mutations[0].variantClassification, "Missense_Mutation");
    EXPECT_EQ(set.calls.size(), 4u); // MGMT x2, PAM50, Oncotype RS
    EXPECT_EQ(set.profiles[0].profiledSamples,
              (std::vector<std::string>{"H1-tested", "H2-tested"}));
}

TEST(MappedTable, RefusesATableOverTheMemoryBudget) {
    Messy m; // reads within the default budget
    rgw::budget::setMemoryBytes(1000);
    const std::string error = errorOf([&] { (void)readMappedTable(m.table, m.mapping); });
    rgw::budget::setMemoryBytes(0);
    EXPECT_NE(error.find("memory budget"), std::string::npos) << error;
}

// --- mistakes in the mapping -----------------------------------------------

TEST(MappedTable, MappingErrorsNameTheMappingFileAndLine) {
    rgw::test::TempDir tmp;
    const auto table = tmp.path() / "t.csv";
    writeText(table, "MRN,Age\nP1,50\n");
    const auto mapping = tmp.path() / "bad.yaml";
    const auto errorFor = [&](const std::string& yaml) {
        writeText(mapping, yaml);
        return errorOf([&] { (void)readMappedTable(table, mapping); });
    };
    const std::string at = mapping.string() + ":";
    const std::string head = "id_column: MRN\ncolumns:\n";

    // The id column is not in the table.
    EXPECT_EQ(errorFor("id_column: Patient ID\ncolumns:\n  - {column: Age, attribute: AGE, "
                       "type: number}\n")
                  .rfind(at + "1: column 'Patient ID' not in the header of " + table.string(), 0),
              0u);
    // Unknown key.
    EXPECT_EQ(errorFor(head + "  - column: Age\n    attribute: AGE\n    type: number\n"
                              "    colour: blue\n")
                  .rfind(at + "6: columns[0].colour: unknown key", 0),
              0u);
    EXPECT_EQ(errorFor("id_colum: MRN\n").rfind(at + "1: id_colum: unknown key", 0), 0u);
    // Not YAML.
    EXPECT_EQ(errorFor(head + "  - column: Age\n    attribute: AGE: x\n    type: number\n")
                  .rfind(at + "4: not valid YAML: illegal map value", 0),
              0u);
    // Each a mistake on its own line.
    EXPECT_EQ(errorFor(head + "  - column: Age\n    attribute: AGE\n    type: text\n")
                  .rfind(at + "5: columns[0].type: expected one of number, category, date, "
                              "boolean, got 'text'",
                         0),
              0u);
    EXPECT_EQ(errorFor(head + "  - column: Age\n    attribute: AGE\n    mutation: EGFR\n")
                  .rfind(at + "5: columns[0]: give exactly one of", 0),
              0u);
    EXPECT_EQ(errorFor(head + "  - column: Age\n    attribute: AGE\n    type: number\n"
                              "    level: sample\n")
                  .rfind(at + "6: columns[0].level: sample needs id_level: sample", 0),
              0u);
    EXPECT_EQ(errorFor(head + "  - column: Age\n    attribute: AGE\n    type: number\n"
                              "    values: {a: b}\n")
                  .rfind(at + "6: columns[0].values: recoding applies to type: category only", 0),
              0u);
    EXPECT_EQ(errorFor(head + "  - column: Age\n    mutation: EGFR\n    mutated: [pos]\n"
                              "    wild_type: [neg, POS]\n")
                  .rfind(at + "6: columns[0].wild_type: 'POS' is both mutated and wild-type", 0),
              0u);
    EXPECT_EQ(errorFor(head + "  - column: Age\n    mutation: EGFR\n    mutated: [pos]\n"
                              "    wild_type: []\n    classification: Silent\n")
                  .rfind(at + "7: columns[0].classification: expected a protein-altering", 0),
              0u);
    EXPECT_EQ(errorFor(head + "  - column: Age\n    mutation: EGFR\n    mutated: [pos, del]\n"
                              "    wild_type: []\n    classification: {pos: Missense_Mutation}\n")
                  .rfind(at + "7: columns[0].classification: no classification for 'del'", 0),
              0u);
    EXPECT_EQ(errorFor(head + "  - column: Age\n    score: X\n    unit: u\n    method: m\n"
                              "    values: {a: b}\n")
                  .rfind(at + "7: columns[0].values: does not apply to a column with `score:`", 0),
              0u);
    EXPECT_EQ(errorFor(head + "  - {column: Age, attribute: AGE, type: number}\n"
                              "  - {column: Age, score: Age score}\n")
                  .rfind(at + "4: columns[1].column: column 'Age' is already mapped on line 3", 0),
              0u);
    EXPECT_EQ(errorFor(head + "  - {column: Age, score: S, profile: p}\n"
                              "  - {column: MRN, score: T}\n")
                  .rfind(at + "4: columns[1].column: column 'MRN' is already mapped on line 1", 0),
              0u);
    EXPECT_EQ(errorFor("id_column: MRN\npatient_column: P\ncolumns: []\n")
                  .rfind(at + "2: patient_column: applies to id_level: sample only", 0),
              0u);
    EXPECT_EQ(errorFor("id_column: MRN\ncolumns: []\n")
                  .rfind(at + "2: columns: expected a non-empty list", 0),
              0u);
    EXPECT_EQ(errorFor("").rfind(mapping.string() + ": empty mapping", 0), 0u);
    EXPECT_EQ(errorFor("- a\n- b\n").rfind(at + "1: expected a mapping", 0), 0u);
}

TEST(MappedTable, TheShippedExampleMappingSurvivesAWriteAndReread) {
    // The GUI's mapping editor saves through writeTableMapping: what it
    // writes must read back as the same mapping.
    const fs::path example = findExample();
    if (example.empty())
        GTEST_SKIP() << "resources/mapping/example-biomarkers.yaml not found from " << __FILE__;
    const TableMapping mapping = readTableMapping(example);
    const std::string text = writeTableMapping(mapping);
    const TableMapping reread = parseTableMapping(text, "written.yaml");
    EXPECT_TRUE(sameMapping(reread, mapping)) << text;
    EXPECT_EQ(writeTableMapping(reread), text);
}
