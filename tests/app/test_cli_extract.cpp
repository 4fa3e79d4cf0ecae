// rgw-cli extract / extract-cohort as a user runs them: the CLI route of the
// IBSI-1 compliance check (CT phantom, configuration C, every reference row),
// NIfTI inputs, one-line errors, features stored with provenance, and a
// cohort run that skips done pairs and survives kill -9.
#ifndef _WIN32

#include "CliTestSupport.h"
#include "Database.h"
#include "FeatureRepository.h"
#include "IbsiReference.h"
#include "io/nifti/Nifti.h"

#include <chrono>
#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <iostream>
#include <map>
#include <thread>

namespace fs = std::filesystem;
using rgw::test::cliPath;
using rgw::test::lineCount;
using rgw::test::parseJson;
using rgw::test::run;

namespace {

const char* const kHeader = "family,feature,ibsi_code,aggregation,value,unit,missing_reason";

fs::path ctPhantom() {
    return rgw::test::ibsiDataSets() / "ibsi_1_ct_radiomics_phantom";
}

struct CsvValue {
    std::string code;
    double value = 0.0;
};
using FeatureKey =
    std::tuple<std::string, std::string, std::string>; // family, feature, aggregation

/// The rows of a features CSV (after checking its header), read with the
/// reference table's own CSV splitter.
std::map<FeatureKey, CsvValue> readFeatures(const fs::path& file, std::string* header = nullptr) {
    std::ifstream in(file);
    std::string line;
    std::map<FeatureKey, CsvValue> rows;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (n == 1) {
            if (header)
                *header = line;
            continue;
        }
        const auto f = rgw::test::detail::splitCsvLine(line, n, file);
        EXPECT_EQ(f.size(), 7u) << file << " line " << n;
        if (f.size() != 7)
            continue;
        // A missing value is an empty cell with its reason (issue #11).
        EXPECT_EQ(f[4].empty(), !f[6].empty()) << file << " line " << n;
        const double value = f[4].empty() ? std::nan("") : std::strtod(f[4].c_str(), nullptr);
        const bool fresh = rows.emplace(FeatureKey{f[0], f[1], f[3]}, CsvValue{f[2], value}).second;
        EXPECT_TRUE(fresh) << "duplicate row " << line;
    }
    return rows;
}

/// Asserts every config_C reference row against `rows`; returns the matched count.
int assertConfigC(const std::map<FeatureKey, CsvValue>& rows, const std::string& what) {
    const auto refs = rgw::test::ibsiReferences("", "config_C");
    EXPECT_FALSE(refs.empty());
    int matched = 0;
    std::map<std::string, int> failedByFamily;
    for (const auto& ref : refs) {
        const auto it = rows.find({ref.family, ref.feature, ref.aggregation});
        if (it == rows.end()) {
            ADD_FAILURE() << what << ": " << ref.label() << " missing from the CSV";
            ++failedByFamily[ref.family];
            continue;
        }
        EXPECT_EQ(it->second.code, ref.code) << ref.label();
        if (ref.matches(it->second.value)) {
            ++matched;
        } else {
            ++failedByFamily[ref.family];
            ADD_FAILURE() << what << ": " << ref.label() << ": computed " << it->second.value
                          << ", reference " << ref.valueText << " ± " << ref.tolerance;
        }
    }
    std::cout << what << ": " << matched << "/" << refs.size() << " config_C rows match";
    for (const auto& [family, n] : failedByFamily)
        std::cout << "; " << family << " " << n << " failed";
    std::cout << "\n";
    return matched;
}

void expectOneErrorLine(const rgw::test::ProcessResult& r, const std::string& mentions) {
    EXPECT_NE(r.exitCode, 0);
    EXPECT_EQ(lineCount(r.err), 1) << r.err;
    EXPECT_EQ(r.err.rfind("rgw-cli: error: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(mentions), std::string::npos)
        << "expected '" << mentions << "' in " << r.err;
}

std::int64_t scalar(rgw::storage::Database& db, const std::string& sql) {
    rgw::storage::Statement s(db, sql);
    EXPECT_TRUE(s.step()) << sql;
    return s.int64(0);
}

struct CliExtract : ::testing::Test {
    rgw::test::TempDir tmp;
    fs::path db() const { return tmp.path() / "cohort.rgwdb"; }
    rgw::test::ProcessResult cli(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db().string()});
        return run(cliPath(), args, tmp.path());
    }
    /// The demo cohort written and imported; returns the number of segmentations.
    std::size_t demoCohort(int patients) {
        const auto r = cli({"demo", "--out", (tmp.path() / "demo").string(), "--patients",
                            std::to_string(patients), "--import"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        rgw::storage::Database d(db());
        return static_cast<std::size_t>(scalar(d, "SELECT COUNT(*) FROM segmentations"));
    }
};

} // namespace

TEST_F(CliExtract, HelpTexts) {
    for (const char* command : {"extract", "extract-cohort"}) {
        const auto r = run(cliPath(), {command, "--help"}, tmp.path());
        EXPECT_EQ(r.exitCode, 0) << command;
        EXPECT_NE(r.out.find(std::string("usage: rgw-cli [--db PATH] ") + command + " "),
                  std::string::npos)
            << r.out;
        EXPECT_NE(r.out.find("--params"), std::string::npos);
        EXPECT_NE(r.out.find("--threads"), std::string::npos);
    }
    const auto r = run(cliPath(), {"--help"}, tmp.path());
    EXPECT_NE(r.out.find("extract-cohort"), std::string::npos);
}

// The CLI route of the IBSI-1 compliance test: DICOM CT + RTSTRUCT "GTV-1",
// preset ibsi-config-C, every config_C row of reference_values.csv.
TEST_F(CliExtract, ConfigCFromDicomAndRtStructMatchesEveryReferenceRow) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path out = tmp.path() / "c.csv";
    const auto start = std::chrono::steady_clock::now();
    const auto r = run(cliPath(),
                       {"extract", "--image", (ctPhantom() / "dicom" / "image").string(), "--mask",
                        (ctPhantom() / "dicom" / "mask" / "DCM_RS_00060.dcm").string(), "--roi",
                        "GTV-1", "--params", "ibsi-config-C", "--out", out.string()},
                       tmp.path());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(r.exitCode, 0) << r.err;
    std::cout << "extract config C end to end (process): " << seconds << " s\n" << r.out;
    std::string header;
    const auto rows = readFeatures(out, &header);
    EXPECT_EQ(header, kHeader);
    assertConfigC(rows, "DICOM + RTSTRUCT");
}

// The same phantom as NIfTI image and mask: every reference row matches too,
// and every value agrees with the DICOM route (NIfTI stores its geometry in
// float32, so the resampled grids differ by ~1e-6 relative).
TEST_F(CliExtract, NiftiImageAndMaskGiveTheSameValues) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path dicomCsv = tmp.path() / "dicom.csv";
    const fs::path niftiCsv = tmp.path() / "nifti.csv";
    auto r = run(cliPath(),
                 {"extract", "--image", (ctPhantom() / "dicom" / "image").string(), "--mask",
                  (ctPhantom() / "dicom" / "mask" / "DCM_RS_00060.dcm").string(), "--params",
                  "ibsi-config-C", "--out", dicomCsv.string()},
                 tmp.path());
    ASSERT_EQ(r.exitCode, 0) << r.err; // one ROI: --roi not needed
    r = run(cliPath(),
            {"extract", "--image", (ctPhantom() / "nifti" / "image" / "phantom.nii.gz").string(),
             "--mask", (ctPhantom() / "nifti" / "mask" / "mask.nii.gz").string(), "--params",
             "ibsi-config-C", "--out", niftiCsv.string(), "--threads", "3", "--modality", "CT"},
            tmp.path());
    ASSERT_EQ(r.exitCode, 0) << r.err;
    // Families run in parallel (--threads 3) give the single-threaded file byte for byte.
    const fs::path singleCsv = tmp.path() / "nifti-1.csv";
    r = run(cliPath(),
            {"extract", "--image", (ctPhantom() / "nifti" / "image" / "phantom.nii.gz").string(),
             "--mask", (ctPhantom() / "nifti" / "mask" / "mask.nii.gz").string(), "--params",
             "ibsi-config-C", "--out", singleCsv.string(), "--modality", "CT"},
            tmp.path());
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(rgw::test::slurp(singleCsv), rgw::test::slurp(niftiCsv));
    std::string header;
    const auto nifti = readFeatures(niftiCsv, &header);
    EXPECT_EQ(header, kHeader);
    assertConfigC(nifti, "NIfTI");
    const auto dicom = readFeatures(dicomCsv);
    ASSERT_EQ(nifti.size(), dicom.size());
    for (const auto& [key, v] : dicom) {
        const auto it = nifti.find(key);
        ASSERT_NE(it, nifti.end()) << std::get<1>(key);
        EXPECT_LE(std::abs(it->second.value - v.value), 1e-5 * std::max(1.0, std::abs(v.value)))
            << std::get<0>(key) << "/" << std::get<1>(key) << " [" << std::get<2>(key) << "]";
    }
}

TEST_F(CliExtract, BadInputsGiveOneLineErrors) {
    RGW_REQUIRE_TEST_DATA();
    demoCohort(1);
    const fs::path out = tmp.path() / "bad.csv";
    const std::string ctNifti = (ctPhantom() / "nifti" / "image" / "phantom.nii.gz").string();
    const std::string ctMask = (ctPhantom() / "nifti" / "mask" / "mask.nii.gz").string();

    auto r = cli({"extract", "--image", "1.2.3.999.42", "--mask", "1", "--params", "ct-default",
                  "--out", out.string()});
    expectOneErrorLine(r, "1.2.3.999.42");

    const std::string phantomMask =
        (rgw::test::ibsiDataSets() / "ibsi_1_digital_phantom" / "nifti" / "mask" / "mask.nii.gz")
            .string();
    r = cli({"extract", "--image", ctNifti, "--mask", phantomMask, "--params", "ct-default",
             "--modality", "CT", "--out", out.string()});
    expectOneErrorLine(r, "not on the grid");
    EXPECT_NE(r.err.find("mask.nii.gz"), std::string::npos) << r.err;

    r = cli({"extract", "--image", ctNifti, "--mask", ctMask, "--params", "no-such-preset", "--out",
             out.string()});
    expectOneErrorLine(r, "no-such-preset");

    // The demo RTSTRUCT holds two ROIs.
    fs::path rtstruct;
    const auto census = rgw::test::censusBySeries(tmp.path() / "demo");
    fs::path ctFolder;
    for (const auto& [uid, s] : census) {
        if (s.modality == "RTSTRUCT")
            rtstruct = s.files.front();
        if (s.modality == "CT")
            ctFolder = s.files.front().parent_path();
    }
    ASSERT_FALSE(rtstruct.empty());
    r = cli({"extract", "--image", ctFolder.string(), "--mask", rtstruct.string(), "--params",
             "ct-default", "--out", out.string()});
    expectOneErrorLine(r, "--roi");
    r = cli({"extract", "--image", ctFolder.string(), "--mask", rtstruct.string(), "--roi", "Nope",
             "--params", "ct-default", "--out", out.string()});
    expectOneErrorLine(r, "Nope");

    r = cli({"extract", "--image", ctNifti, "--mask", ctMask, "--out", out.string()});
    expectOneErrorLine(r, "--params");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_FALSE(fs::exists(out));
}

// Issue #10: what would exceed the memory budget is refused before it is
// allocated, naming the file or parameters and the quantity; --max-memory
// sets the budget of the run; a bad size is a command-line error.
TEST_F(CliExtract, MemoryBudgetRefusesNamingTheInputAndTheQuantity) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path out = tmp.path() / "budget.csv";
    const std::string ctNifti = (ctPhantom() / "nifti" / "image" / "phantom.nii.gz").string();
    const std::string ctMask = (ctPhantom() / "nifti" / "mask" / "mask.nii.gz").string();

    auto r = cli({"--max-memory", "4M", "extract", "--image", ctNifti, "--mask", ctMask, "--params",
                  "ibsi-config-C", "--modality", "CT", "--out", out.string()});
    expectOneErrorLine(r, "over the memory budget of 4.0 MB (--max-memory");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("phantom.nii.gz"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("unexpected failure"), std::string::npos) << r.err;

    // 0.01 mm voxels: the re-sampled grid would take terabytes.
    const fs::path params = tmp.path() / "fine.yaml";
    std::ofstream(params) << "interpolation:\n  spacing_mm: [0.01, 0.01, 0.01]\n"
                             "discretisation:\n  method: fixed_bin_size\n  bin_width: 25\n";
    r = cli({"extract", "--image", ctNifti, "--mask", ctMask, "--params", params.string(), "--out",
             out.string()});
    expectOneErrorLine(r, "re-sampling the ROI to 0.01");
    EXPECT_EQ(r.exitCode, 1);
    for (const std::string& named : {ctNifti, ctMask, params.string()})
        EXPECT_NE(r.err.find(named), std::string::npos) << named << " in " << r.err;
    EXPECT_FALSE(fs::exists(out));

    r = cli({"--max-memory", "lots", "list", "patients"});
    expectOneErrorLine(r, "'lots' is not a size");
    EXPECT_EQ(r.exitCode, 2);
    r = cli({"--max-memory", "2GiB", "list", "patients"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
}

// A NIfTI label map with two lesions: without --label a one-line error lists
// both labels; --label 2 extracts label 2 only (its voxel-counting volume is
// its voxel count times the voxel volume); an absent label is named.
TEST_F(CliExtract, NiftiLabelMapNeedsAndHonoursLabel) {
    rgw::Geometry g;
    g.size = {10, 8, 6};
    g.spacing = {1.5, 1.0, 2.0}; // 3 mm³ voxels
    g.origin = {-20.0, 7.0, 3.5};
    rgw::Volume image(g);
    rgw::Volume labels(g, 0.0f); // label values stored as float32: still a label map
    int label2Voxels = 0;
    for (std::int64_t k = 0; k < 6; ++k)
        for (std::int64_t j = 0; j < 8; ++j)
            for (std::int64_t i = 0; i < 10; ++i) {
                image.at(i, j, k) = static_cast<float>(1 + (i + 2 * j + 3 * k) % 6);
                if (i >= 1 && i <= 3 && j >= 1 && j <= 4 && k >= 1 && k <= 3)
                    labels.at(i, j, k) = 1.0f; // 3 x 4 x 3 = 36 voxels
                if (i >= 5 && i <= 8 && j >= 2 && j <= 6 && k >= 1 && k <= 4 &&
                    !(i == 8 && j == 6)) {
                    labels.at(i, j, k) = 2.0f; // 4 x 5 x 4 − 4 = 76 voxels
                    ++label2Voxels;
                }
            }
    ASSERT_EQ(label2Voxels, 76);
    const fs::path imageFile = tmp.path() / "image.nii.gz";
    const fs::path maskFile = tmp.path() / "lesions.nii.gz";
    rgw::nifti::writeVolume(image, imageFile);
    rgw::nifti::writeVolume(labels, maskFile);
    const fs::path out = tmp.path() / "label.csv";
    auto extract = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = {
            "extract",         "--image",  imageFile.string(),     "--mask",
            maskFile.string(), "--params", "ibsi-digital-phantom", "--out",
            out.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return cli(args);
    };

    auto r = run(cliPath(), {"extract", "--help"}, tmp.path());
    EXPECT_NE(r.out.find("--label N"), std::string::npos) << r.out;

    r = extract({});
    expectOneErrorLine(r, "lesions.nii.gz holds labels 1, 2: choose one with --label");
    EXPECT_FALSE(fs::exists(out));

    r = extract({"--label", "3"});
    expectOneErrorLine(r, "no label 3");
    // --label belongs to NIfTI masks; RTSTRUCT/SEG ROIs are chosen with --roi.
    std::ofstream(tmp.path() / "rois.dcm") << "not a NIfTI file";
    r = cli({"extract", "--image", imageFile.string(), "--mask", (tmp.path() / "rois.dcm").string(),
             "--label", "2", "--params", "ibsi-digital-phantom", "--out", out.string()});
    expectOneErrorLine(r, "is not a NIfTI file");

    r = extract({"--label", "2"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("lesions.nii.gz label 2"), std::string::npos) << r.out;
    const auto rows = readFeatures(out);
    const auto it = rows.find({"morphology", "Volume (voxel counting)", ""});
    ASSERT_NE(it, rows.end());
    EXPECT_EQ(it->second.code, "YEKZ");
    EXPECT_NEAR(it->second.value, 76 * 3.0, 1e-9 * 76 * 3.0);
    // Label 1 gives its own volume.
    r = extract({"--label", "1"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NEAR(readFeatures(out).at({"morphology", "Volume (voxel counting)", ""}).value, 36 * 3.0,
                1e-9 * 36 * 3.0);
}

// A NIfTI label map imported into the database becomes one segmentation per
// label; the cohort run then extracts every label as its own ROI.
TEST_F(CliExtract, ImportedLabelMapIsExtractedPerLabel) {
    const std::size_t demoRois = demoCohort(1);
    std::string series;
    rgw::storage::Id segmentation = 0;
    {
        rgw::storage::Database d(db());
        rgw::storage::Statement s(d,
                                  "SELECT series_uid, id FROM segmentations ORDER BY id LIMIT 1");
        ASSERT_TRUE(s.step());
        series = s.text(0);
        segmentation = s.int64(1);
    }
    const fs::path exported = tmp.path() / "roi.nii.gz";
    auto r = cli({"export-mask", std::to_string(segmentation), "--out", exported.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    // Label 1: the ROI's voxels below its middle slice, label 2: the rest.
    const rgw::Mask roi = rgw::nifti::readMask(exported);
    std::int64_t kLow = roi.geometry.size[2], kHigh = -1;
    for (std::int64_t k = 0; k < roi.geometry.size[2]; ++k)
        for (std::int64_t j = 0; j < roi.geometry.size[1]; ++j)
            for (std::int64_t i = 0; i < roi.geometry.size[0]; ++i)
                if (roi.at(i, j, k)) {
                    kLow = std::min(kLow, k);
                    kHigh = std::max(kHigh, k);
                }
    ASSERT_LT(kLow, kHigh);
    const std::int64_t kMiddle = (kLow + kHigh + 1) / 2;
    rgw::Volume labels(roi.geometry, 0.0f);
    std::array<double, 3> voxels{0, 0, 0};
    for (std::int64_t k = 0; k < roi.geometry.size[2]; ++k)
        for (std::int64_t j = 0; j < roi.geometry.size[1]; ++j)
            for (std::int64_t i = 0; i < roi.geometry.size[0]; ++i)
                if (roi.at(i, j, k)) {
                    const int label = k < kMiddle ? 1 : 2;
                    labels.at(i, j, k) = static_cast<float>(label);
                    voxels[static_cast<std::size_t>(label)] += 1;
                }
    const fs::path labelFile = tmp.path() / "parts.nii.gz";
    rgw::nifti::writeVolume(labels, labelFile);

    r = cli({"import-mask", series, labelFile.string(), "--name", "part", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const QJsonArray rows = parseJson(r.out).array();
    ASSERT_EQ(rows.size(), 2);
    EXPECT_EQ(rows[0].toObject()["roi_name"].toString(), "part label 1");
    EXPECT_EQ(rows[1].toObject()["roi_name"].toString(), "part label 2");
    EXPECT_EQ(rows[1].toObject()["roi_number"].toInt(), 2);
    EXPECT_EQ(rows[0].toObject()["source"].toString(), "NIFTI");
    // Unknown series and absent label: one line each, nothing stored.
    expectOneErrorLine(cli({"import-mask", "1.2.3.4", labelFile.string(), "--name", "x"}),
                       "series 1.2.3.4");
    expectOneErrorLine(
        cli({"import-mask", series, labelFile.string(), "--name", "x", "--label", "5"}),
        "no voxel of label 5");

    // The CT default without its 1 mm resampling: volumes count the stored voxels.
    const fs::path params = tmp.path() / "native-grid.yaml";
    std::ofstream(params) << "name: native grid\nslice_wise: false\n"
                             "resegmentation:\n  range: [-1000, 3000]\n"
                             "discretisation:\n  method: fixed_bin_size\n  bin_width: 25\n";
    r = cli({"extract-cohort", "--params", params.string(), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(parseJson(r.out).object()["extracted"].toInteger(),
              static_cast<qint64>(demoRois + 2));

    rgw::storage::Database d(db());
    rgw::storage::FeatureRepository repo(d);
    const double voxelMl = roi.geometry.spacing.prod();
    for (const QJsonValue& row : rows) {
        const auto id = static_cast<rgw::storage::Id>(row.toObject()["id"].toInteger());
        const int label = row.toObject()["roi_number"].toInt();
        bool found = false;
        for (const auto& extraction : repo.list()) {
            if (repo.provenance(extraction.id).extraction.segmentationId != id)
                continue;
            for (const auto& v : repo.values(extraction.id).values)
                if (v.ibsiCode == "YEKZ") {
                    found = true;
                    EXPECT_NEAR(v.value, voxels[static_cast<std::size_t>(label)] * voxelMl,
                                1e-6 * v.value)
                        << "label " << label;
                }
        }
        EXPECT_TRUE(found) << "no stored volume for label " << label;
    }
}

// A database series with a segmentation: the CSV and the stored extraction
// hold the same values, with the provenance of the run.
TEST_F(CliExtract, DatabaseSeriesIsStoredWithProvenance) {
    demoCohort(1);
    std::string series;
    std::string roi;
    rgw::storage::Id segmentation = 0;
    {
        rgw::storage::Database d(db());
        rgw::storage::Statement s(
            d, "SELECT series_uid, roi_name, id FROM segmentations ORDER BY id LIMIT 1");
        ASSERT_TRUE(s.step());
        series = s.text(0);
        roi = s.text(1);
        segmentation = s.int64(2);
    }
    const fs::path out = tmp.path() / "f.csv";
    auto r = cli({"extract", "--image", series, "--mask", roi, "--params", "ct-default", "--out",
                  out.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("Stored:"), std::string::npos) << r.out;
    // By id: replaces the extraction of the same pair and parameters.
    r = cli({"extract", "--image", series, "--mask", std::to_string(segmentation), "--params",
             "ct-default", "--out", out.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;

    const auto csv = readFeatures(out);
    rgw::storage::Database d(db());
    rgw::storage::FeatureRepository repo(d);
    const auto all = repo.list();
    ASSERT_EQ(all.size(), 1u);
    const auto p = repo.provenance(all.front().id);
    EXPECT_EQ(p.extraction.seriesInstanceUid, series);
    EXPECT_EQ(p.extraction.segmentationId, segmentation);
    EXPECT_EQ(p.extraction.softwareVersion, RGW_VERSION);
    EXPECT_EQ(p.extraction.status, "complete");
    EXPECT_FALSE(p.extraction.createdBy.empty());
    EXPECT_EQ(p.parameterSet.name, "ct-default");
    EXPECT_NE(p.parameterSet.canonicalText.find("25"), std::string::npos);
    const auto stored = repo.values(all.front().id);
    EXPECT_EQ(stored.values.size(), csv.size());
    for (const auto& v : stored.values) {
        const auto it = csv.find({v.family, v.name, v.aggregation});
        ASSERT_NE(it, csv.end()) << v.name;
        EXPECT_EQ(it->second.code, v.ibsiCode);
        EXPECT_EQ(it->second.value, v.value) << v.name; // 17 digits read back exactly
    }
}

TEST_F(CliExtract, CohortExtractsEveryPairThenSkipsAll) {
    const std::size_t pairs = demoCohort(2);
    ASSERT_GE(pairs, 2u);
    auto r = cli({"extract-cohort", "--params", "ct-default", "--threads", "2", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto json = parseJson(r.out).object();
    EXPECT_EQ(json["pairs"].toInteger(), static_cast<qint64>(pairs));
    EXPECT_EQ(json["extracted"].toInteger(), static_cast<qint64>(pairs));
    EXPECT_EQ(json["skipped"].toInteger(), 0);
    EXPECT_TRUE(json["failed"].toArray().isEmpty());

    r = cli({"extract-cohort", "--params", "ct-default", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    json = parseJson(r.out).object();
    EXPECT_EQ(json["extracted"].toInteger(), 0);
    EXPECT_EQ(json["skipped"].toInteger(), static_cast<qint64>(pairs));

    // A list of pairs, one of them unknown: the good one is skipped (done), the bad one named.
    rgw::storage::Database d(db());
    rgw::storage::Statement s(d, "SELECT series_uid, id FROM segmentations ORDER BY id LIMIT 1");
    ASSERT_TRUE(s.step());
    const fs::path list = tmp.path() / "pairs.csv";
    {
        std::ofstream o(list);
        o << "series_uid,segmentation_id\n"
          << s.text(0) << "," << s.int64(1) << "\n"
          << s.text(0) << ",424242\n";
    }
    r = cli({"extract-cohort", "--params", "ct-default", "--list", list.string()});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.out.find("Skipped (done):       1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("424242"), std::string::npos) << r.out;
    EXPECT_EQ(lineCount(r.err), 1) << r.err;
    EXPECT_EQ(scalar(d, "SELECT COUNT(*) FROM feature_extractions"),
              static_cast<std::int64_t>(pairs));
    EXPECT_EQ(d.integrityCheck(), "ok");
}

// Interrupted runs (Ctrl-C, then kill -9) and a rerun: every pair stored
// exactly once, whole. A fine 0.2 mm resampling makes each pair take long
// enough (about a second) to be interrupted between or during pairs.
TEST_F(CliExtract, InterruptedCohortRunResumesWithoutDuplicates) {
    const std::size_t pairs = demoCohort(2);
    const fs::path params = tmp.path() / "fine.yaml";
    {
        std::ofstream o(params);
        o << "name: CT fine\nslice_wise: false\ninterpolation:\n  spacing_mm: [0.2, 0.2, 0.2]\n"
             "  image: linear\n  mask: linear\n  partial_volume_threshold: 0.5\n"
             "  round_intensities: true\nresegmentation:\n  range: [-1000, 3000]\n"
             "discretisation:\n  method: fixed_bin_size\n  bin_width: 25\nivh:\n"
             "  mode: discrete\n  use_resegmentation_range: true\ntexture:\n  distance: 1\n"
             "  ngldm_coarseness: 0\n  aggregation: volumetric\n";
    }
    const std::vector<std::string> args = {
        "--db", db().string(), "extract-cohort", "--params", params.string(), "--threads", "1"};
    auto storedCount = [&] {
        rgw::storage::Database d(db());
        return scalar(d, "SELECT COUNT(*) FROM feature_extractions");
    };
    // Runs until `atLeast` extractions are stored, then sends `signal`.
    auto interrupt = [&](std::int64_t atLeast, int signal) {
        const pid_t pid = rgw::test::spawn(cliPath(), args, tmp.path() / "out", tmp.path() / "err");
        int status = 0;
        pid_t done = 0;
        while ((done = waitpid(pid, &status, WNOHANG)) == 0 && storedCount() < atLeast)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        if (done == pid)
            return rgw::test::ProcessResult{WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0,
                                            rgw::test::slurp(tmp.path() / "out"),
                                            rgw::test::slurp(tmp.path() / "err")};
        kill(pid, signal);
        auto r = rgw::test::waitFor(pid);
        r.out = rgw::test::slurp(tmp.path() / "out");
        r.err = rgw::test::slurp(tmp.path() / "err");
        return r;
    };

    auto r = interrupt(1, SIGINT);
    EXPECT_EQ(r.exitCode, 130) << r.out << r.err;
    EXPECT_NE(r.err.find("cancelled"), std::string::npos) << r.err;
    const auto afterCancel = storedCount();
    EXPECT_GE(afterCancel, 1);
    EXPECT_LT(afterCancel, static_cast<std::int64_t>(pairs));

    r = interrupt(afterCancel + 1, SIGKILL);
    EXPECT_EQ(r.signal, SIGKILL) << "the run finished before it could be killed";
    const auto afterKill = storedCount();
    {
        rgw::storage::Database d(db());
        EXPECT_EQ(d.integrityCheck(), "ok");
        // Only whole extractions: each stored one has all its values.
        EXPECT_EQ(scalar(d, "SELECT COUNT(*) FROM feature_extractions e WHERE (SELECT COUNT(*) "
                            "FROM feature_values v WHERE v.extraction_id = e.id) < 100"),
                  0);
    }

    r = run(cliPath(),
            {"--db", db().string(), "extract-cohort", "--params", params.string(), "--json"},
            tmp.path());
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto json = parseJson(r.out).object();
    EXPECT_EQ(json["skipped"].toInteger(), afterKill);
    EXPECT_EQ(json["extracted"].toInteger(), static_cast<qint64>(pairs) - afterKill);
    rgw::storage::Database d(db());
    EXPECT_EQ(d.integrityCheck(), "ok");
    EXPECT_EQ(scalar(d, "SELECT COUNT(*) FROM feature_extractions"),
              static_cast<std::int64_t>(pairs));
    EXPECT_EQ(scalar(d, "SELECT COUNT(*) FROM (SELECT series_uid, segmentation_id, "
                        "parameter_set_id FROM feature_extractions GROUP BY 1, 2, 3 "
                        "HAVING COUNT(*) > 1)"),
              0);
    EXPECT_EQ(scalar(d, "SELECT COUNT(*) FROM feature_values v LEFT JOIN feature_extractions e "
                        "ON e.id = v.extraction_id WHERE e.id IS NULL"),
              0);
}

#endif // _WIN32
