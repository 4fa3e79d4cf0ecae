// Repeated segmentations from the database (storage/SegmentationVersionRepeats.h):
// the feature values of tests/reference/icc/versions_input.csv stored as
// extractions of segmentation versions, paired (the analysed version and the
// one before), and their ICC(1,1) / ICC(3,1) against psych::ICC
// (tests/reference/icc/make_icc_versions.R, versions_icc.csv).
#include "CohortExport.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "FeatureRepository.h"
#include "Reference.h"
#include "SegmentationRepository.h"
#include "SegmentationVersionRepeats.h"
#include "TestData.h"
#include "io/dicom/DicomHeader.h"
#include "radiomics/robustness/FeatureRobustness.h"
#include "stats/DataTable.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace rgw;
using namespace rgw::storage;

namespace {

constexpr double kTolerance = 1e-6;
constexpr const char* kHash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
constexpr const char* kOtherHash =
    "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

std::string seriesOf(const std::string& patient) {
    return "1.2.826.0.1." + patient.substr(1);
}

/// A feature table of the input's row `row`: each column
/// "<family>.<feature>" one value, NA as missing.
radiomics::FeatureTable featuresOf(const stats::DataTable& input,
                                   const std::vector<std::string>& columns, std::size_t row) {
    radiomics::FeatureTable t;
    for (const std::string& column : columns) {
        const std::size_t dot = column.find('.');
        t.add(column.substr(0, dot), column.substr(dot + 1), "", "", input.numbers(column)[row]);
        if (std::isnan(t.values.back().value))
            t.values.back().missingReason = "not computed (reference input NA)";
    }
    return t;
}

void storeExtraction(Database& db, Id segmentation, const std::string& series,
                     const radiomics::FeatureTable& table, const std::string& hash,
                     const std::string& name) {
    NewFeatureExtraction e;
    e.seriesInstanceUid = series;
    e.segmentationId = segmentation;
    e.maskDescription = "segmentation";
    e.parameterSetHash = hash;
    e.parameterSetCanonicalText = "name: " + name + "\n";
    e.parameterSetName = name;
    e.softwareVersion = "test";
    e.families = {"intensity_statistics", "morphology", "glcm"};
    e.table = &table;
    FeatureRepository(db).store(e, "tester");
}

struct VersionDatabase {
    test::TempDir dir;
    Database db{dir.path() / "versions.db"};
    stats::DataTable input = stats::DataTable::read(test::referenceFile("icc/versions_input.csv"));
    std::vector<std::string> features;
    /// patient -> version -> the version's row of the input
    std::map<std::string, std::map<int, std::size_t>> rowOf;

    VersionDatabase() {
        for (const std::string& c : input.columnNames())
            if (c != "patient_id" && c != "version")
                features.push_back(c);
        const std::vector<double>& versions = input.numbers("version");
        Geometry g;
        g.size = {8, 8, 8};
        std::map<std::string, Id> newest; // patient -> its lineage's newest version
        for (std::size_t r = 0; r < input.rows(); ++r) {
            const std::string& patient = input.text("patient_id")[r];
            const int version = static_cast<int>(versions[r]);
            rowOf[patient][version] = r;
            Mask mask(g, 0);
            for (int i = 0; i < 10 * version; ++i) // each version its own contour
                mask.voxels[static_cast<std::size_t>(i)] = 1;
            Id segmentation = 0;
            if (version == 1) {
                dicom::InstanceHeader header;
                header.patientId = patient;
                NewSegmentation s;
                s.patientRowId = PatientRepository(db).upsert(header);
                s.referencedSeriesInstanceUid = seriesOf(patient);
                s.roiName = "GTV";
                s.source = SegmentationSource::Manual;
                s.mask = &mask;
                segmentation = SegmentationRepository(db).add(s, "reader 1");
            } else {
                segmentation = SegmentationRepository(db).addVersion(
                    newest.at(patient), mask, "reader " + std::to_string(version));
            }
            newest[patient] = segmentation;
            storeExtraction(db, segmentation, seriesOf(patient), featuresOf(input, features, r),
                            kHash, "versions.yaml");
        }
        // P11 has one version under versions.yaml; its second version is
        // extracted with another parameter set only, so it has no pair.
        Mask mask(g, 0);
        mask.voxels[0] = 1;
        const Id edited = SegmentationRepository(db).addVersion(newest.at("P11"), mask, "reader 2");
        storeExtraction(db, edited, seriesOf("P11"), featuresOf(input, features, 0), kOtherHash,
                        "other.yaml");
    }
};

TEST(SegmentationVersionIcc, PairsTheAnalysedVersionWithTheOneBefore) {
    VersionDatabase v;
    const SegmentationVersionPairs pairs = segmentationVersionPairs(v.db, "", "versions.yaml");
    EXPECT_EQ(pairs.patients, 12u);
    EXPECT_EQ(pairs.patientsWithFeatures, 11u) << "P11's newest version has no versions.yaml run";
    ASSERT_EQ(pairs.pairs.size(), 10u);
    for (const SegmentationVersionPair& p : pairs.pairs) {
        const int newest = v.rowOf.at(p.patientId).rbegin()->first;
        EXPECT_EQ(p.analysedVersion, newest) << p.patientId;
        EXPECT_EQ(p.repeatVersion, newest - 1) << p.patientId;
        EXPECT_EQ(p.seriesUid, seriesOf(p.patientId));
    }

    // The analysed extraction is the one the cohort's analysis table uses.
    CohortExportOptions options;
    options.parameterSet = "versions.yaml";
    options.variables = false;
    const CohortExportReport report = exportCohortTable(v.db, options, v.dir.path() / "t.csv");
    EXPECT_EQ(report.extractionIds.size(), 11u);
    for (const SegmentationVersionPair& p : pairs.pairs)
        EXPECT_NE(std::find(report.extractionIds.begin(), report.extractionIds.end(),
                            p.analysedExtraction),
                  report.extractionIds.end())
            << p.patientId;

    // The repeats table: the earlier version's values, empty where missing.
    const stats::DataTable repeats = segmentationVersionRepeats(v.db, pairs);
    ASSERT_EQ(repeats.rows(), 10u);
    EXPECT_NE(repeats.source().find("versions.yaml"), std::string::npos) << repeats.source();
    for (std::size_t r = 0; r < repeats.rows(); ++r) {
        const std::string& patient = repeats.text("patient_id")[r];
        const std::size_t row = v.rowOf.at(patient).at(pairs.pairs[r].repeatVersion);
        for (const std::string& f : v.features) {
            const double want = v.input.numbers(f)[row];
            EXPECT_EQ(repeats.numbers(f)[r], want) << patient << " " << f;
        }
    }
    // Given the analysis table's columns, exactly those (one absent from
    // every extraction is empty).
    const stats::DataTable narrow =
        segmentationVersionRepeats(v.db, pairs, {"glcm.contrast", "ngtdm.coarseness"});
    EXPECT_EQ(narrow.columnNames(),
              (std::vector<std::string>{"patient_id", "glcm.contrast", "ngtdm.coarseness"}));
    EXPECT_TRUE(std::isnan(narrow.numbers("ngtdm.coarseness")[0]));
}

TEST(SegmentationVersionIcc, EqualsPsychIccAcrossVersions) {
    VersionDatabase v;
    const SegmentationVersionPairs pairs = segmentationVersionPairs(v.db, "", kHash);
    const radiomics::robustness::RepeatedFeatures table = segmentationVersionFeatures(v.db, pairs);
    EXPECT_EQ(table.features, v.features);
    EXPECT_EQ(table.repeats(), 2);
    const std::vector<radiomics::robustness::FeatureIcc> iccs = radiomics::robustness::featureIccs(
        table, {stats::IccKind::OneWay, stats::IccKind::TwoWayConsistency});

    const stats::DataTable ref =
        stats::DataTable::read(test::referenceFile("icc/versions_icc.csv"));
    ASSERT_EQ(ref.rows(), iccs.size());
    double worst = 0;
    std::size_t compared = 0;
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const auto ours = std::find_if(iccs.begin(), iccs.end(), [&](const auto& i) {
            return i.feature == ref.text("feature")[r] &&
                   i.kind == stats::parseIccKind(ref.text("type")[r]);
        });
        ASSERT_NE(ours, iccs.end()) << ref.text("feature")[r] << " " << ref.text("type")[r];
        EXPECT_TRUE(ours->note.empty()) << ours->note;
        EXPECT_EQ(static_cast<double>(ours->cases), ref.numbers("cases")[r]) << ours->feature;
        const std::vector<std::pair<const char*, double>> fields = {
            {"icc", ours->result.icc},    {"f", ours->result.f}, {"df1", ours->result.df1},
            {"df2", ours->result.df2},    {"p", ours->result.p}, {"lower", ours->result.lower},
            {"upper", ours->result.upper}};
        for (const auto& [name, value] : fields) {
            const double want = ref.numbers(name)[r];
            const double diff = std::abs(value - want) / std::max(1.0, std::abs(want));
            EXPECT_LT(diff, kTolerance)
                << name << " of " << ours->feature << " " << ref.text("type")[r] << ": ours "
                << value << ", psych " << want;
            worst = std::max(worst, diff);
            ++compared;
        }
    }
    std::cout << "[ versions ICC ] " << compared << " values of " << ref.rows()
              << " ICC rows, max relative |diff| vs psych " << worst << "\n";
}

TEST(SegmentationVersionIcc, UnknownCohortAndParameterSetAreNamed) {
    VersionDatabase v;
    try {
        segmentationVersionPairs(v.db, "", "no-such-set");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-set"), std::string::npos) << e.what();
    }
    try {
        segmentationVersionPairs(v.db, "no-such-cohort", "versions.yaml");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-cohort"), std::string::npos) << e.what();
    }
    try {
        segmentationVersionPairs(v.db, "", "");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("parameter set"), std::string::npos) << e.what();
    }
}

} // namespace
