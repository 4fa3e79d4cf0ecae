// rgw-cli export bundle / import-bundle (issue #15 sections 2 and 4): the
// demo cohort (genomics imported, features extracted, a cohort curated with
// an exclusion and split, a model trained and stored) is exported as a
// bundle and imported into an EMPTY database, which then holds the same
// patients (under their pseudonyms), voxel-identical segmentations (masks
// loaded on their series in both databases, matched by pseudonym and ROI
// name), bitwise equal features per (patient, ROI, feature), equal genomics
// (tests/support/GenomicsSnapshot.h), a model giving the same predictions
// on the imported cohort, and the cohort at the same version with the same
// included members and split, the excluded member (its pseudonym only) with
// its reason and the same flow; no source patient id is in any bundle file
// and the pseudonym table stays in the source. A bundle with one byte
// changed is refused, naming the file, and the receiver is left as it was.
// The same bundle written as one zip (--out F.zip) holds the folder's files
// (equal SHA-256 but for bundle.json's time stamp and the PDF's creation
// date) and imports into a database with the same row count in every table.
#ifndef _WIN32

#include "BundleZip.h"
#include "CliTestSupport.h"
#include "CohortExport.h"
#include "Database.h"
#include "DeidentifiedExport.h"
#include "FeatureRepository.h"
#include "GenomicsSnapshot.h"
#include "ModelRepository.h"
#include "NamedCohorts.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace rgw::storage;
using rgw::test::cliPath;
using rgw::test::run;

namespace {

constexpr const char* kCohort = "bundled";

std::string slurp(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string bits(double v) {
    std::uint64_t b = 0;
    std::memcpy(&b, &v, sizeof b);
    return std::to_string(b);
}

std::string count(Database& db, const std::string& sql) {
    Statement& s = db.prepare(sql);
    const std::string n = s.step() ? std::to_string(s.int64(0)) : "-";
    s.reset(); // ends the read: later reads see what other processes wrote since
    return n;
}

struct CliBundle : ::testing::Test {
    rgw::test::TempDir tmp;
    fs::path db(const std::string& name) const { return tmp.path() / name; }
    rgw::test::ProcessResult cli(std::vector<std::string> args,
                                 const std::string& database = "source.rgwdb") {
        args.insert(args.begin(), {"--db", db(database).string()});
        return run(cliPath(), args, tmp.path());
    }
    void ok(const std::vector<std::string>& args, const std::string& database = "source.rgwdb") {
        const auto r = cli(args, database);
        ASSERT_EQ(r.exitCode, 0) << args.front() << ": " << r.err << r.out;
    }
};

/// Per (patient as `rename` gives it, ROI name, kind): the newest
/// segmentation version's mask, as "dims|voxels".
std::map<std::string, std::string>
masks(Database& d, const std::function<std::string(const std::string&)>& rename) {
    std::map<std::string, std::string> out;
    std::map<Id, std::string> patientOf;
    {
        Statement& s = d.prepare("SELECT id, patient_id FROM patients");
        while (s.step())
            patientOf[s.int64(0)] = s.text(1);
    }
    std::map<Id, SegmentationRow> newest; // by lineage
    for (const SegmentationRow& row : SegmentationRepository(d).listAll())
        if (!newest.count(row.lineage) || newest[row.lineage].version < row.version)
            newest[row.lineage] = row;
    for (const auto& [lineage, row] : newest) {
        const std::string patient = rename(patientOf.at(row.patientRowId));
        if (patient.empty())
            continue;
        const std::string kind = row.source == SegmentationSource::RtStruct ? "RTSTRUCT" : "SEG";
        const rgw::Mask mask = loadSegmentationMask(d, row.id);
        std::string text;
        for (int k = 0; k < 3; ++k)
            text += std::to_string(mask.geometry.size[k]) + "x";
        text += "|" + std::string(mask.voxels.begin(), mask.voxels.end());
        const std::string key = patient + "|" + row.roiName + "|" + kind;
        EXPECT_FALSE(out.count(key)) << "two segmentations " << key;
        out[key] = text;
    }
    return out;
}

/// Per (patient, ROI, family.feature.aggregation) of each parameter set
/// hash: the value's bits (or its missing reason).
std::map<std::string, std::string>
featureValues(Database& d, const std::function<std::string(const std::string&)>& rename) {
    std::map<std::string, std::string> out;
    FeatureRepository features(d);
    for (const ParameterSetRow& ps : features.parameterSetsInUse())
        for (const auto& [patient, rois] : newestExtractionsByPatient(d, ps.id)) {
            const std::string p = rename(patient);
            if (p.empty())
                continue;
            for (const RoiExtraction& roi : rois)
                for (const auto& v : features.values(roi.id).values)
                    out[ps.hash + "|" + p + "|" + roi.roiName + "|" + v.family + "." + v.name +
                        "." + v.aggregation] =
                        v.missing() ? "missing: " + v.missingReason : bits(v.value) + " " + v.unit;
        }
    return out;
}

TEST_F(CliBundle, ExportedBundleImportsIntoAnEqualDatabase) {
    ok({"demo", "--out", (tmp.path() / "demo").string(), "--patients", "48", "--import"});
    ok({"extract-cohort", "--params", "ct-default"});
    ok({"cohort", "create", kCohort, "--where", "mut_EGFR is not not-profiled"});
    std::string excluded;
    {
        Database source(db("source.rgwdb"));
        NamedCohortRepository cohorts(source);
        const auto members = cohorts.members(cohorts.require(kCohort).id);
        ASSERT_GE(members.size(), 10u);
        excluded = members.back().patientId;
    }
    ok({"cohort", "exclude", kCohort, excluded, "--reason", "motion artefact"});
    ok({"cohort", "split", kCohort, "--test-fraction", "0.3", "--seed", "4", "--stratify",
        "mut_EGFR"});
    ok({"model",
        "train",
        "--cohort",
        kCohort,
        "--parameter-set",
        "ct-default",
        "--target",
        "mut_EGFR",
        "--model",
        "logistic",
        "--features",
        "intensity_statistics.mean_intensity,morphology.volume_mesh,morphology.sphericity",
        "--inner-folds",
        "3",
        "--folds",
        "3",
        "--seed",
        "1",
        "--name",
        "egfr",
        "--out",
        (tmp.path() / "egfr.json").string()});
    ok({"model", "import", (tmp.path() / "egfr.json").string()});
    ok({"model", "score", "egfr", "--cohort", kCohort});

    const fs::path bundle = tmp.path() / "bundle";
    const auto e =
        cli({"export", "bundle", "--cohort", kCohort, "--out", bundle.string(), "--seed", "7"});
    ASSERT_EQ(e.exitCode, 0) << e.err << e.out;
    for (const char* f : {"bundle.json", "cohort.json", "report.pdf", "features/extractions.json",
                          "models/models.json", "genomics/meta_study.txt", "dicom/manifest.json"})
        EXPECT_TRUE(fs::is_regular_file(bundle / f)) << f;

    // The source's pseudonyms; no source patient id in any non-DICOM file.
    std::map<std::string, std::string> pseudonymOf;
    std::vector<std::string> included;
    std::string excludedPseudonym;
    {
        Database source(db("source.rgwdb"));
        NamedCohortRepository cohorts(source);
        included = cohorts.includedPatients(cohorts.require(kCohort).id);
        for (const std::string& p : included) {
            const auto ps = storedPseudonym(source, p);
            ASSERT_TRUE(ps) << p;
            pseudonymOf[p] = *ps;
        }
        const auto ps = storedPseudonym(source, excluded);
        ASSERT_TRUE(ps) << "the excluded member has no pseudonym";
        excludedPseudonym = *ps;
    }
    for (const fs::path& file : rgw::test::regularFiles(bundle)) {
        if (file.extension() == ".dcm" || file.extension() == ".pdf")
            continue; // the DICOM leak test is test_cli_deidentified's
        const std::string text = slurp(file);
        EXPECT_EQ(text.find("DEMO-"), std::string::npos) << file << " names a source patient";
    }

    // The report (rendered by the CLI, without the per-patient appendix)
    // names no source patient either.
    const fs::path reportText = tmp.path() / "report.txt";
    ASSERT_EQ(std::system(("pdftotext \"" + (bundle / "report.pdf").string() + "\" \"" +
                           reportText.string() + "\"")
                              .c_str()),
              0);
    EXPECT_EQ(slurp(reportText).find("DEMO-"), std::string::npos);
    EXPECT_NE(slurp(reportText).find(kCohort), std::string::npos);

    // A non-empty output folder is refused and left as it was; no temporary folder stays.
    const auto again =
        cli({"export", "bundle", "--cohort", kCohort, "--out", bundle.string(), "--no-report"});
    EXPECT_NE(again.exitCode, 0);
    EXPECT_NE(again.err.find("not empty"), std::string::npos) << again.err;
    for (const auto& entry : fs::directory_iterator(tmp.path()))
        EXPECT_EQ(entry.path().filename().string().find(".partial-"), std::string::npos)
            << entry.path();

    // A damaged copy is refused, naming the file; the receiver stays empty.
    const fs::path damaged = tmp.path() / "damaged";
    fs::copy(bundle, damaged, fs::copy_options::recursive);
    fs::path victim;
    for (const fs::path& file : rgw::test::regularFiles(damaged / "features"))
        if (file.extension() == ".csv")
            victim = file;
    ASSERT_FALSE(victim.empty());
    {
        std::fstream f(victim, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(200);
        f.put('9' == slurp(victim)[200] ? '8' : '9');
    }
    const auto refused = cli({"import-bundle", damaged.string()}, "damaged.rgwdb");
    EXPECT_NE(refused.exitCode, 0);
    EXPECT_NE(refused.err.find(victim.string()), std::string::npos) << refused.err;
    {
        Database d(db("damaged.rgwdb"));
        EXPECT_EQ(count(d, "SELECT COUNT(*) FROM patients"), "0");
        EXPECT_EQ(count(d, "SELECT COUNT(*) FROM cohorts"), "0");
        EXPECT_EQ(count(d, "SELECT COUNT(*) FROM import_runs"), "0");
    }

    const auto imported = cli({"import-bundle", bundle.string()}, "receiver.rgwdb");
    ASSERT_EQ(imported.exitCode, 0) << imported.err << imported.out;

    Database source(db("source.rgwdb"));
    Database receiver(db("receiver.rgwdb"));
    const auto toPseudonym = [&](const std::string& p) -> std::string {
        const auto it = pseudonymOf.find(p);
        return it == pseudonymOf.end() ? std::string() : it->second;
    };
    const auto same = [](const std::string& p) { return p; };

    // Patients.
    std::set<std::string> expectedPatients, receivedPatients;
    for (const auto& [p, ps] : pseudonymOf)
        expectedPatients.insert(ps);
    expectedPatients.insert(excludedPseudonym); // a bare row: the cohort's excluded member
    {
        Statement& s = receiver.prepare("SELECT patient_id FROM patients");
        while (s.step())
            receivedPatients.insert(s.text(0));
    }
    EXPECT_EQ(receivedPatients, expectedPatients);
    EXPECT_EQ(count(receiver, "SELECT COUNT(*) FROM pseudonyms"), "0");
    EXPECT_NE(count(source, "SELECT COUNT(*) FROM pseudonyms"), "0");

    // Segmentations, voxel-identical.
    const auto sourceMasks = masks(source, toPseudonym);
    const auto receivedMasks = masks(receiver, same);
    EXPECT_FALSE(sourceMasks.empty());
    EXPECT_EQ(sourceMasks.size(), receivedMasks.size());
    for (const auto& [key, mask] : sourceMasks) {
        const auto it = receivedMasks.find(key);
        ASSERT_NE(it, receivedMasks.end()) << key;
        EXPECT_TRUE(it->second == mask) << key << " differs";
    }

    // Features, bit for bit.
    const auto sourceFeatures = featureValues(source, toPseudonym);
    const auto receivedFeatures = featureValues(receiver, same);
    EXPECT_GT(sourceFeatures.size(), 100u);
    EXPECT_TRUE(sourceFeatures == receivedFeatures)
        << sourceFeatures.size() << " vs " << receivedFeatures.size();

    // Genomics: the source's included patients under their pseudonyms.
    const auto sampleRename = [&](const std::string& sample) {
        for (const auto& [p, ps] : pseudonymOf)
            if (sample.rfind(p, 0) == 0)
                return ps + sample.substr(p.size());
        return std::string("EXCLUDED");
    };
    const auto patientRename = [&](const std::string& p) {
        const std::string ps = toPseudonym(p);
        return ps.empty() ? std::string("EXCLUDED") : ps;
    };
    auto expected = rgw::test::snapshot(source, patientRename, sampleRename);
    // Drop the facts of patients not in the bundle (not in the cohort or excluded).
    std::set<std::string> kept;
    for (std::string line : expected.lines) {
        if (line.rfind("columns|", 0) == 0) {
            for (std::size_t at; (at = line.find("|EXCLUDED")) != std::string::npos;)
                line.erase(at, 9);
            kept.insert(line);
        } else if (line.find("EXCLUDED") == std::string::npos)
            kept.insert(line);
    }
    expected.lines = kept;
    auto received = rgw::test::snapshot(receiver, same, same);
    EXPECT_EQ(received.lines.erase("patient|" + excludedPseudonym), 1u);
    rgw::test::expectEqual(expected, received);

    // The model: the same predictions on the imported cohort.
    const auto scored = cli({"model", "score", "egfr", "--cohort", kCohort}, "receiver.rgwdb");
    ASSERT_EQ(scored.exitCode, 0) << scored.err;
    std::map<std::string, std::string> sourceScores, receivedScores;
    for (const auto& p : predictionsForModel(source, findModel(source, "egfr")))
        if (!toPseudonym(p.patientId).empty())
            sourceScores[toPseudonym(p.patientId)] = bits(p.score) + p.predictedClass;
    for (const auto& p : predictionsForModel(receiver, findModel(receiver, "egfr")))
        receivedScores[p.patientId] = bits(p.score) + p.predictedClass;
    EXPECT_FALSE(sourceScores.empty());
    EXPECT_EQ(sourceScores, receivedScores) << scored.out;

    // The cohort: the same included members and split.
    NamedCohortRepository sourceCohorts(source), receivedCohorts(receiver);
    const CohortRow sourceCohort = sourceCohorts.require(kCohort);
    const CohortRow receivedCohort = receivedCohorts.require(kCohort);
    std::map<std::string, std::string> sourceSplit, receivedSplit;
    for (const auto& m : sourceCohorts.members(sourceCohort.id))
        if (!m.excluded)
            sourceSplit[toPseudonym(m.patientId)] = m.split;
        else if (m.patientId == excluded)
            sourceSplit[excludedPseudonym] = "excluded: " + m.reason + " " + m.split;
    for (const auto& m : receivedCohorts.members(receivedCohort.id))
        receivedSplit[m.patientId] = m.excluded ? "excluded: " + m.reason + " " + m.split : m.split;
    EXPECT_EQ(sourceSplit, receivedSplit);
    EXPECT_EQ(receivedCohort.version, sourceCohort.version);
    EXPECT_EQ(receivedCohort.candidates, sourceCohort.candidates);
    const CohortFlow sourceFlow = sourceCohorts.flow(sourceCohort.id);
    const CohortFlow receivedFlow = receivedCohorts.flow(receivedCohort.id);
    EXPECT_EQ(receivedFlow.started, sourceFlow.started);
    EXPECT_EQ(receivedFlow.final, sourceFlow.final);
    EXPECT_EQ(receivedFlow.perSplit, sourceFlow.perSplit);
    ASSERT_EQ(receivedFlow.steps.size(), sourceFlow.steps.size());
    for (std::size_t i = 0; i < sourceFlow.steps.size(); ++i) {
        EXPECT_EQ(receivedFlow.steps[i].reason, sourceFlow.steps[i].reason);
        EXPECT_EQ(receivedFlow.steps[i].excluded, sourceFlow.steps[i].excluded);
    }
    EXPECT_EQ(receivedCohort.definition, sourceCohort.definition);
    const auto sourceRecord = sourceCohorts.split(sourceCohort.id);
    const auto receivedRecord = receivedCohorts.split(receivedCohort.id);
    ASSERT_TRUE(sourceRecord && receivedRecord);
    EXPECT_EQ(receivedRecord->seed, sourceRecord->seed);
    EXPECT_EQ(receivedRecord->method, sourceRecord->method);
    EXPECT_EQ(receivedRecord->variable, sourceRecord->variable);
    EXPECT_EQ(std::count(included.begin(), included.end(), excluded), 0);
    EXPECT_EQ(receivedCohort.included, included.size());

    // The zip form: the folder's files, and an equal import. Each export
    // stamps its own id and time into bundle.json, dicom/manifest.json and
    // the report's PDF metadata; every other file is compared byte for byte.
    const auto stampedPerExport = [](const fs::path& file) {
        return file.extension() == ".pdf" || file.filename() == "bundle.json" ||
               file.filename() == "manifest.json";
    };
    const fs::path zip = tmp.path() / "bundle.zip";
    const auto z =
        cli({"export", "bundle", "--cohort", kCohort, "--out", zip.string(), "--seed", "7"});
    ASSERT_EQ(z.exitCode, 0) << z.err << z.out;
    ASSERT_TRUE(fs::is_regular_file(zip));
    const fs::path unzipped = tmp.path() / "unzipped";
    unzipToFolder(zip, unzipped);
    std::map<std::string, std::string> folderFiles, zipFiles;
    for (const fs::path& file : rgw::test::regularFiles(bundle))
        folderFiles[fs::relative(file, bundle).generic_string()] =
            stampedPerExport(file) ? "" : slurp(file);
    for (const fs::path& file : rgw::test::regularFiles(unzipped))
        zipFiles[fs::relative(file, unzipped).generic_string()] =
            stampedPerExport(file) ? "" : slurp(file);
    EXPECT_GT(folderFiles.size(), 10u);
    EXPECT_EQ(folderFiles.size(), zipFiles.size());
    for (const auto& [name, text] : folderFiles) {
        const auto it = zipFiles.find(name);
        ASSERT_NE(it, zipFiles.end()) << name << " is not in the zip";
        EXPECT_TRUE(it->second == text) << name << " differs in the zip";
    }
    const auto zipImported = cli({"import-bundle", zip.string()}, "zip-receiver.rgwdb");
    ASSERT_EQ(zipImported.exitCode, 0) << zipImported.err << zipImported.out;
    EXPECT_TRUE(fs::is_regular_file(tmp.path() / "bundles" / "bundle" / "bundle.json"));
    Database zipReceiver(db("zip-receiver.rgwdb"));
    std::vector<std::string> tables;
    {
        Statement& s = receiver.prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
        while (s.step())
            tables.push_back(s.text(0));
        s.reset();
    }
    for (const std::string& table : tables)
        if (table != "predictions" && table != "audit_log") { // the first receiver was scored above
            EXPECT_EQ(count(zipReceiver, "SELECT COUNT(*) FROM \"" + table + "\""),
                      count(receiver, "SELECT COUNT(*) FROM \"" + table + "\""))
                << table;
        }
    EXPECT_TRUE(featureValues(zipReceiver, same) == receivedFeatures);
    EXPECT_EQ(masks(zipReceiver, same), receivedMasks);
}

} // namespace

#endif
