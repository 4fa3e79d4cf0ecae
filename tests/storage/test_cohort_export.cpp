// The cohort analysis table (storage/CohortExport.h) of the cBioPortal
// fixture study with hand-made segmentations and feature extractions. The
// expected cells are read off the fixture files (tests/support/
// CbioStudyFixture.h) and the feature values stored here.
#include "CohortAnalysisTable.h"
#include "CohortExport.h"
#include "CohortTestDatabase.h"
#include "FeatureRepository.h"
#include "NamedCohorts.h"
#include "util/Error.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <map>
#include <string>
#include <vector>

using namespace rgw;
using namespace rgw::storage;
namespace cbio = rgw::test::cbio;
namespace fs = std::filesystem;

namespace {

/// An RFC 4180 reader for the written table: rows of fields.
std::vector<std::vector<std::string>> readCsv(const fs::path& file) {
    const std::string text = cbio::readText(file);
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(field);
            field.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.back().push_back(field);
            field.clear();
            rows.emplace_back();
            ++i;
        } else {
            field += c;
        }
    }
    if (rows.back().empty())
        rows.pop_back();
    return rows;
}

/// The table as maps: one per row, column name -> cell.
struct Table {
    std::vector<std::string> header;
    std::vector<std::map<std::string, std::string>> rows;

    explicit Table(const fs::path& file) {
        const auto csv = readCsv(file);
        header = csv.at(0);
        for (std::size_t r = 1; r < csv.size(); ++r) {
            EXPECT_EQ(csv[r].size(), header.size()) << "row " << r;
            auto& row = rows.emplace_back();
            for (std::size_t c = 0; c < header.size() && c < csv[r].size(); ++c)
                row[header[c]] = csv[r][c];
        }
    }
    const std::map<std::string, std::string>& of(const std::string& patient,
                                                 std::size_t nth = 0) const {
        for (const auto& row : rows)
            if (row.at("patient_id") == patient && nth-- == 0)
                return row;
        throw std::runtime_error("no row for " + patient);
    }
    std::size_t column(const std::string& name) const {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name)
                return i;
        return header.size();
    }
};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A feature table with a voxel-counting volume, a mesh volume, a texture
/// feature and a missing one.
radiomics::FeatureTable featureTable(double voxelVolume, double joint) {
    radiomics::FeatureTable t;
    t.add("morphology", "Volume (mesh)", "RNU0", "", voxelVolume * 0.97);
    t.add("morphology", "Volume (voxel counting)", "YEKZ", "", voxelVolume);
    t.add("glcm", "Joint maximum", "GYBY", "3D, averaged", joint);
    t.add("ngtdm", "Coarseness", "QCDE", "3D", kNaN);
    return t;
}

/// The fixture study with CT series and segmentations:
///   TCGA-AB-0001  GTV (features: 500 mm3) and NODE (900 mm3) on 1.1
///   TCGA-AB-0002  GTV version 1 (2000 mm3) edited into version 2 (700 mm3)
///   TCGA-AB-0003  a CT without segmentation
/// with parameter sets "ct-test" (hash abc123...) and "other" (abd999...).
struct Export : ::testing::Test {
    test::CohortTestDatabase data{[](const cbio::StudyFiles& f) {
        // A SEX value that needs quoting.
        cbio::replaceLine(f.patients, 6,
                          "TCGA-AB-0001\t1:DECEASED\t17.97\t1:Recurred/Progressed\t10.5\t62\t"
                          "Female \"F\", self-reported");
    }};
    fs::path out;
    std::map<std::string, Id> extraction;

    Id store(const std::string& series, Id segmentation, const std::string& hash,
             const radiomics::FeatureTable& table) {
        NewFeatureExtraction e;
        e.seriesInstanceUid = series;
        e.segmentationId = segmentation;
        e.parameterSetHash = hash;
        e.parameterSetCanonicalText = "name: " + hash + "\n";
        e.parameterSetName = hash.rfind("abc", 0) == 0 ? "ct-test" : "other";
        e.softwareVersion = "9.9.9";
        e.families = {"morphology", "glcm", "ngtdm"};
        e.table = &table;
        return FeatureRepository(data.db).store(e, "tester");
    }

    void SetUp() override {
        out = data.dir.path() / "out" / "table.csv";
        fs::create_directories(out.parent_path());
        const std::string setA = "abc123" + std::string(58, '0');
        const std::string setB = "abd999" + std::string(58, '1');
        data.addSeries("TCGA-AB-0001", "1.1", "CT");
        const Id gtv = data.addSegmentation("TCGA-AB-0001", "1.1", "GTV");
        const Id node = data.addSegmentation("TCGA-AB-0001", "1.1", "NODE");
        extraction["0001/GTV"] = store("1.1", gtv, setA, featureTable(500, 0.1 + 0.2));
        extraction["0001/NODE"] = store("1.1", node, setA, featureTable(900, 0.25));
        store("1.1", node, setB, featureTable(5, 0.5)); // another parameter set

        data.addSeries("TCGA-AB-0002", "2.1", "CT");
        const Id v1 = data.addSegmentation("TCGA-AB-0002", "2.1", "GTV");
        Geometry g;
        g.size = {16, 16, 16};
        const Id v2 = SegmentationRepository(data.db).addVersion(v1, Mask(g, 1), "tester");
        extraction["0002/v1"] = store("2.1", v1, setA, featureTable(2000, 0.75));
        extraction["0002/v2"] = store("2.1", v2, setA, featureTable(700, 1.0 / 3.0));

        data.addSeries("TCGA-AB-0003", "3.1", "CT");
    }
};

} // namespace

TEST_F(Export, AllPatientsWithVariablesMissingCellsEmpty) {
    CohortExportOptions options; // --all, primary samples, no features
    const CohortExportReport report = exportCohortTable(data.db, options, out);
    EXPECT_FALSE(report.cancelled);
    const Table t(out);
    ASSERT_GE(t.header.size(), 3u);
    EXPECT_EQ(t.header[0], "patient_id");
    EXPECT_EQ(t.header[1], "split");
    EXPECT_EQ(t.column("sample_id"), t.header.size());
    EXPECT_EQ(t.column("roi_name"), t.header.size());
    EXPECT_EQ(report.rows, 5u);
    EXPECT_EQ(report.columns, t.header.size());
    EXPECT_EQ(report.featureColumns, 0u);
    ASSERT_EQ(t.rows.size(), 5u);
    // Every patient of the database, by id.
    std::vector<std::string> ids;
    for (const auto& row : t.rows)
        ids.push_back(row.at("patient_id"));
    EXPECT_EQ(ids, (std::vector<std::string>{"LOCAL-017", "TCGA-AB-0001", "TCGA-AB-0002",
                                             "TCGA-AB-0003", "TCGA-AB-0004"}));

    const auto& p1 = t.of("TCGA-AB-0001");
    EXPECT_EQ(p1.at("split"), "");
    EXPECT_EQ(p1.at("OS_STATUS"), "1:DECEASED"); // as in the source file
    EXPECT_EQ(p1.at("OS_MONTHS"), "17.97");
    EXPECT_EQ(p1.at("os_time"), "17.97");
    EXPECT_EQ(p1.at("os_event"), "1");
    EXPECT_EQ(p1.at("SEX"), "Female \"F\", self-reported"); // quoted and read back
    EXPECT_EQ(p1.at("mut_TP53"), "1");
    EXPECT_EQ(p1.at("mut_KRAS"), "0"); // wild-type on panel A
    EXPECT_EQ(p1.at("mut_IDH1"), "0"); // Silent only
    EXPECT_EQ(p1.at("cna_EGFR"), "2");
    EXPECT_EQ(p1.at("has_CT"), "true");
    EXPECT_EQ(p1.at("has_segmentation"), "true");
    EXPECT_EQ(p1.at("expr_TP53"), "5.4321"); // as written in the source file

    const auto& p2 = t.of("TCGA-AB-0002");
    EXPECT_EQ(p2.at("AGE"), ""); // [Not Available]: empty, never 0
    EXPECT_EQ(p2.at("os_event"), "0");
    EXPECT_EQ(p2.at("mut_EGFR"), "");  // not on panel B: not profiled
    EXPECT_EQ(p2.at("cna_EGFR"), "0"); // a measured 0
    EXPECT_EQ(t.of("TCGA-AB-0003").at("mut_IDH1"), "1");
    EXPECT_EQ(t.of("TCGA-AB-0003").at("has_segmentation"), "false");
    EXPECT_EQ(t.of("TCGA-AB-0004").at("mut_TP53"), ""); // not in the sequenced case list
    EXPECT_EQ(t.of("LOCAL-017").at("os_time"), "");     // NA
    EXPECT_EQ(t.of("LOCAL-017").at("mut_PTEN"), "1");

    // Atomic: only the table and its provenance are in the folder.
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(out.parent_path()))
        files.push_back(entry.path().filename().string());
    std::sort(files.begin(), files.end());
    EXPECT_EQ(files, (std::vector<std::string>{"table.csv", "table.csv.provenance.json"}));
    EXPECT_EQ(report.provenanceFile, out.parent_path() / "table.csv.provenance.json");
}

TEST_F(Export, PerSampleRowsCarryTheSampleId) {
    CohortExportOptions options;
    options.sample = SampleChoice::All;
    exportCohortTable(data.db, options, out);
    const Table t(out);
    EXPECT_EQ(t.header[1], "sample_id");
    EXPECT_EQ(t.rows.size(), 6u); // six samples, every patient has one
    EXPECT_EQ(t.of("TCGA-AB-0001", 0).at("sample_id"), cbio::kS1);
    EXPECT_EQ(t.of("TCGA-AB-0001", 1).at("sample_id"), cbio::kS2);
    EXPECT_EQ(t.of("TCGA-AB-0001", 1).at("mut_KRAS"), "1"); // the metastasis's call
    EXPECT_EQ(t.of("TCGA-AB-0001", 1).at("TMB_NONSYNONYMOUS"), "4.1");
    EXPECT_EQ(t.of("TCGA-AB-0001", 1).at("AGE"), "62");
}

TEST_F(Export, LargestRoiOfTheNewestSegmentationVersions) {
    CohortExportOptions options;
    options.parameterSet = "ct-test";
    const CohortExportReport report = exportCohortTable(data.db, options, out);
    const Table t(out);
    EXPECT_EQ(t.header[1], "roi_name");
    EXPECT_EQ(t.header[2], "series_uid");
    EXPECT_EQ(t.header[3], "split");
    // Feature columns after the variables, named by featureColumnName.
    const std::vector<std::string> featureColumns{
        "morphology.volume_mesh", "morphology.volume_voxel_counting", "glcm.joint_maximum.3d_avg",
        "ngtdm.coarseness.3d"};
    ASSERT_GE(t.header.size(), featureColumns.size());
    EXPECT_EQ(std::vector<std::string>(t.header.end() - 4, t.header.end()), featureColumns);
    EXPECT_EQ(report.featureColumns, 4u);
    // The in-memory table (models, association maps) names the same columns.
    EXPECT_EQ(cohortAnalysisTable(data.db, options).featureColumns, featureColumns);

    const auto& p1 = t.of("TCGA-AB-0001"); // NODE (900) over GTV (500)
    EXPECT_EQ(p1.at("roi_name"), "NODE");
    EXPECT_EQ(p1.at("series_uid"), "1.1");
    EXPECT_EQ(std::stod(p1.at("morphology.volume_voxel_counting")), 900.0);
    EXPECT_EQ(std::stod(p1.at("glcm.joint_maximum.3d_avg")), 0.25);
    EXPECT_EQ(p1.at("ngtdm.coarseness.3d"), ""); // missing value: empty cell

    // Version 2 (700) although version 1 (2000) is larger: only the newest counts.
    const auto& p2 = t.of("TCGA-AB-0002");
    EXPECT_EQ(std::stod(p2.at("morphology.volume_voxel_counting")), 700.0);
    EXPECT_EQ(std::stod(p2.at("glcm.joint_maximum.3d_avg")), 1.0 / 3.0); // every digit kept
    EXPECT_EQ(std::stod(p2.at("morphology.volume_mesh")), 700.0 * 0.97);

    for (const char* patient : {"TCGA-AB-0003", "TCGA-AB-0004", "LOCAL-017"}) {
        EXPECT_EQ(t.of(patient).at("roi_name"), "") << patient;
        EXPECT_EQ(t.of(patient).at("morphology.volume_mesh"), "") << patient;
    }
    EXPECT_EQ(report.patientsWithoutFeatures, 3u);

    const std::string provenance = cbio::readText(report.provenanceFile);
    EXPECT_NE(provenance.find("\"hash\": \"abc123"), std::string::npos) << provenance;
    EXPECT_NE(provenance.find("\"software_version\": \"" RGW_VERSION "\""), std::string::npos);
    EXPECT_NE(provenance.find("\"all_patients\": true"), std::string::npos);
    EXPECT_NE(provenance.find("\"roi_rule\": \"largest\""), std::string::npos);
    const std::string ids = "\"extraction_ids\": [" + std::to_string(extraction["0001/NODE"]) +
                            ", " + std::to_string(extraction["0002/v2"]) + "]";
    EXPECT_NE(provenance.find(ids), std::string::npos) << provenance;
}

TEST_F(Export, NamedRoiAndOneRowPerRoi) {
    CohortExportOptions options;
    options.parameterSet = "abc1"; // a unique hash prefix
    options.roiRule = RoiRule::Named;
    options.roiName = "GTV";
    exportCohortTable(data.db, options, out);
    Table named(out);
    EXPECT_EQ(named.of("TCGA-AB-0001").at("roi_name"), "GTV");
    EXPECT_EQ(std::stod(named.of("TCGA-AB-0001").at("glcm.joint_maximum.3d_avg")), 0.1 + 0.2);
    EXPECT_EQ(named.of("TCGA-AB-0002").at("roi_name"), "GTV");

    options.roiRule = RoiRule::EachRoi;
    const CohortExportReport report = exportCohortTable(data.db, options, out);
    Table each(out);
    EXPECT_EQ(report.rows, 6u); // TCGA-AB-0001 twice, the others once
    EXPECT_EQ(each.of("TCGA-AB-0001", 0).at("roi_name"), "GTV");
    EXPECT_EQ(each.of("TCGA-AB-0001", 1).at("roi_name"), "NODE");
    EXPECT_EQ(each.of("TCGA-AB-0001", 1).at("os_event"), "1");
}

// Aggregated per patient: each feature the mean over the patient's ROIs that
// have it (the rows --roi each writes), one row per patient.
TEST_F(Export, MeanOverThePatientsRois) {
    CohortExportOptions options;
    options.parameterSet = "abc1";
    options.roiRule = RoiRule::EachRoi;
    exportCohortTable(data.db, options, out);
    const Table each(out);
    options.roiRule = RoiRule::Mean;
    const CohortExportReport report = exportCohortTable(data.db, options, out);
    const Table mean(out);
    EXPECT_EQ(report.rows, 5u); // one per patient
    const auto& p1 = mean.of("TCGA-AB-0001");
    EXPECT_EQ(p1.at("roi_name"), "mean of 2 ROIs");
    for (const char* feature : {"morphology.volume_mesh", "morphology.volume_voxel_counting",
                                "glcm.joint_maximum.3d_avg", "ngtdm.coarseness.3d"}) {
        double sum = 0;
        int present = 0;
        for (int k = 0; k < 2; ++k)
            if (const std::string cell = each.of("TCGA-AB-0001", k).at(feature); !cell.empty()) {
                sum += std::stod(cell);
                ++present;
            }
        if (present == 0)
            EXPECT_EQ(p1.at(feature), "") << feature; // missing in both: still missing
        else
            EXPECT_EQ(std::stod(p1.at(feature)), sum / present) << feature;
    }
    // One ROI: the mean is that ROI's value; no ROI: empty.
    EXPECT_EQ(mean.of("TCGA-AB-0002").at("glcm.joint_maximum.3d_avg"),
              each.of("TCGA-AB-0002").at("glcm.joint_maximum.3d_avg"));
    EXPECT_EQ(mean.of("TCGA-AB-0003").at("morphology.volume_mesh"), "");
    const std::string provenance = cbio::readText(report.provenanceFile);
    EXPECT_NE(provenance.find("\"roi_rule\": \"mean\""), std::string::npos) << provenance;
    EXPECT_NE(provenance.find(std::to_string(extraction["0001/NODE"])), std::string::npos);
}

TEST_F(Export, ParameterSetByNameOrUniqueHashPrefix) {
    CohortExportOptions options;
    options.parameterSet = "ab";
    try {
        exportCohortTable(data.db, options, out);
        FAIL() << "'ab' matches two parameter sets";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("ambiguous"), std::string::npos) << message;
        EXPECT_NE(message.find("abc123"), std::string::npos) << message;
        EXPECT_NE(message.find("abd999"), std::string::npos) << message;
    }
    options.parameterSet = "no-such-set";
    EXPECT_THROW(exportCohortTable(data.db, options, out), Error);
    EXPECT_FALSE(fs::exists(out));

    options.parameterSet = "other";
    exportCohortTable(data.db, options, out);
    EXPECT_EQ(std::stod(Table(out).of("TCGA-AB-0001").at("glcm.joint_maximum.3d_avg")), 0.5);
}

TEST_F(Export, NamedCohortWithSplitAndExclusion) {
    NamedCohortRepository cohorts(data.db);
    const CohortRow row = cohorts.create(
        "glioma", "AGE > 50", "", 5, {"TCGA-AB-0001", "TCGA-AB-0003", "TCGA-AB-0004"}, "tester");
    cohorts.exclude(row.id, "TCGA-AB-0004", "no consent", "tester");
    CohortSplitRecord record;
    record.method = "stratified";
    record.testFraction = 0.5;
    record.seed = 42;
    cohorts.storeSplit(row.id, record,
                       {{"TCGA-AB-0001", cohort::SplitRole::Train},
                        {"TCGA-AB-0003", cohort::SplitRole::Test},
                        {"TCGA-AB-0004", cohort::SplitRole::Train}},
                       "tester");

    CohortExportOptions options;
    options.cohort = "glioma@1";
    options.parameterSet = "ct-test";
    const CohortExportReport report = exportCohortTable(data.db, options, out);
    const Table t(out);
    ASSERT_EQ(t.rows.size(), 2u); // the excluded member is left out
    EXPECT_EQ(t.of("TCGA-AB-0001").at("split"), "train");
    EXPECT_EQ(t.of("TCGA-AB-0003").at("split"), "test");
    EXPECT_EQ(t.of("TCGA-AB-0001").at("roi_name"), "NODE");
    EXPECT_EQ(report.patientsWithoutFeatures, 1u);
    const std::string provenance = cbio::readText(report.provenanceFile);
    EXPECT_NE(provenance.find("\"reference\": \"glioma@1\""), std::string::npos) << provenance;
    EXPECT_NE(provenance.find("\"definition\": \"AGE > 50\""), std::string::npos);
    EXPECT_NE(provenance.find("\"seed\": 42"), std::string::npos);

    options.cohort = "glioma@2";
    EXPECT_THROW(exportCohortTable(data.db, options, out), Error);
    options.cohort = "nobody";
    EXPECT_THROW(exportCohortTable(data.db, options, out), Error);
}

TEST_F(Export, ProgressCancelAndUnwritablePath) {
    CohortExportOptions options;
    std::vector<std::size_t> done;
    std::size_t total = 0;
    options.progress = [&](std::size_t d, std::size_t t, const std::string&) {
        done.push_back(d);
        total = t;
    };
    exportCohortTable(data.db, options, out);
    ASSERT_FALSE(done.empty());
    EXPECT_TRUE(std::is_sorted(done.begin(), done.end()));
    EXPECT_EQ(done.back(), total);
    EXPECT_EQ(total, 1u + 5u + 1u); // variables, five patients, writing

    const fs::path other = out.parent_path() / "cancelled.csv";
    CancelToken token;
    token.cancel();
    options.cancel = &token;
    options.progress = {};
    EXPECT_TRUE(exportCohortTable(data.db, options, other).cancelled);
    EXPECT_FALSE(fs::exists(other));

    options.cancel = nullptr;
    EXPECT_THROW(exportCohortTable(data.db, options, data.dir.path() / "no" / "dir" / "t.csv"),
                 Error);
}
