// The readers of the cohort bundle's segmentations.json, features/
// extractions.json and feature tables (storage/CohortBundleFiles.h): a sound
// file reads into its fields, and each kind of damage a sender could write
// behind a correct checksum is refused with a message naming the file and
// the entry (the import then rolls back; test_cohort_bundle shows that).
#include "CohortBundleFiles.h"
#include "radiomics/FeatureCsv.h"
#include "util/Error.h"

#include <functional>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace rgw;
using namespace rgw::storage;

namespace {

const std::string kHashA(64, 'a');
const std::string kHashC(64, 'c');

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

#define EXPECT_REFUSED(call, ...)                                                                  \
    do {                                                                                           \
        const std::string message = errorOf([&] { (void)call; });                                  \
        ASSERT_FALSE(message.empty()) << "accepted: " #call;                                       \
        for (const char* part : {__VA_ARGS__})                                                     \
            EXPECT_NE(message.find(part), std::string::npos) << message << " lacks " << part;      \
    } while (false)

std::string segmentation(const std::string& fields) {
    return R"({"segmentations": [{"segmentation": 1, "patient_id": "RGW-1", "roi_name": "GTV", )" +
           fields + "}]}";
}

std::string index(const std::string& parameterSet, const std::string& extraction) {
    return R"({"parameter_sets": [{"hash": ")" + kHashC + R"(", "name": "ct-default", )" +
           parameterSet + R"(}], "extractions": [{"extraction": 1, "segmentation": 1, )" +
           R"("roi_name": "GTV", "image_modality": "CT", "software_version": "0.1.0", )" +
           extraction + "}]}";
}

const std::string kFiles = R"("table": "c.csv", "canonical_text": "c.parameters.yaml")";
const std::string kExtraction =
    R"("modality_mismatch_allowed": false, "families": ["morphology"], )"
    R"("notes": [{"family": "morphology", "note": "mesh"}])";

std::string tableHeader() {
    return std::string(kBundleFeatureTablePrefix) + std::string(radiomics::kFeatureCsvHeader) +
           "\n";
}

} // namespace

TEST(BundleSegmentations, ReadsEveryField) {
    const auto list = parseBundleSegmentations(
        segmentation(R"("kind": "RTSTRUCT", "mask_sha256": ")" + kHashA + "\""), "s.json");
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].index, 1u);
    EXPECT_EQ(list[0].patientId, "RGW-1");
    EXPECT_EQ(list[0].roiName, "GTV");
    EXPECT_EQ(list[0].kind, "RTSTRUCT");
    EXPECT_EQ(list[0].maskSha256, kHashA);
}

TEST(BundleSegmentations, RefusesWhatTheImportCannotMatch) {
    EXPECT_REFUSED(parseBundleSegmentations("{", "s.json"), "s.json", "not valid JSON");
    EXPECT_REFUSED(
        parseBundleSegmentations(
            segmentation(R"("kind": "NIFTI", "mask_sha256": ")" + kHashA + "\""), "s.json"),
        "s.json segmentation 1", "unknown kind 'NIFTI'");
    EXPECT_REFUSED(
        parseBundleSegmentations(segmentation(R"("kind": "SEG", "mask_sha256": "abc")"), "s.json"),
        "s.json segmentation 1", "mask_sha256");
    EXPECT_REFUSED(parseBundleSegmentations(segmentation(R"("kind": "SEG")"), "s.json"),
                   "s.json segmentation 1", "no 'mask_sha256'");
    const std::string one = R"({"segmentation": 3, "patient_id": "P", "roi_name": "", )"
                            R"("kind": "SEG", "mask_sha256": ")" +
                            kHashA + "\"}";
    EXPECT_REFUSED(
        parseBundleSegmentations(R"({"segmentations": [)" + one + "," + one + "]}", "s.json"),
        "s.json segmentation 3", "listed twice");
    EXPECT_REFUSED(
        parseBundleSegmentations(R"({"segmentations": [{"segmentation": -1}]})", "s.json"),
        "'segmentation' is not a count");
}

TEST(BundleFeatureIndex, ReadsEveryField) {
    const BundleFeatureIndex read = parseBundleFeatureIndex(index(kFiles, kExtraction), "x.json");
    ASSERT_EQ(read.parameterSets.size(), 1u);
    EXPECT_EQ(read.parameterSets[0].hash, kHashC);
    EXPECT_EQ(read.parameterSets[0].name, "ct-default");
    EXPECT_EQ(read.parameterSets[0].table, "c.csv");
    EXPECT_EQ(read.parameterSets[0].canonicalText, "c.parameters.yaml");
    ASSERT_EQ(read.extractions.size(), 1u);
    const BundleExtraction& e = read.extractions[0];
    EXPECT_EQ(e.index, 1u);
    EXPECT_EQ(e.segmentation, 1u);
    EXPECT_EQ(e.roiName, "GTV");
    EXPECT_EQ(e.imageModality, "CT");
    EXPECT_FALSE(e.modalityMismatchAllowed);
    EXPECT_EQ(e.softwareVersion, "0.1.0");
    EXPECT_EQ(e.families, std::vector<std::string>{"morphology"});
    ASSERT_EQ(e.notes.size(), 1u);
    EXPECT_EQ(e.notes[0].family, "morphology");
    EXPECT_EQ(e.notes[0].note, "mesh");
}

TEST(BundleFeatureIndex, RefusesFilesOutsideFeaturesAndBadEntries) {
    EXPECT_REFUSED(
        parseBundleFeatureIndex(
            index(R"("table": "../../etc/passwd", "canonical_text": "c.yaml")", kExtraction),
            "x.json"),
        "x.json");
    EXPECT_REFUSED(
        parseBundleFeatureIndex(
            index(R"("table": "sub/c.csv", "canonical_text": "c.yaml")", kExtraction), "x.json"),
        "x.json parameter set", "not a file name in features/");
    EXPECT_REFUSED(parseBundleFeatureIndex(
                       index(kFiles, R"("modality_mismatch_allowed": "no", "families": [], )"
                                     R"("notes": [])"),
                       "x.json"),
                   "x.json extraction 1", "'modality_mismatch_allowed' is not true or false");
    EXPECT_REFUSED(parseBundleFeatureIndex(
                       index(kFiles, R"("modality_mismatch_allowed": true, "families": [3], )"
                                     R"("notes": [])"),
                       "x.json"),
                   "x.json extraction 1", "'families'");
    EXPECT_REFUSED(
        parseBundleFeatureIndex(index(kFiles, R"("families": [], "notes": [])"), "x.json"),
        "x.json extraction 1", "no 'modality_mismatch_allowed'");
}

TEST(BundleFeatureTable, GroupsRowsByExtraction) {
    const std::string text = tableHeader() +
                             "1,RGW-1,GTV,morphology,volume_mesh,RNU0,,1234.5,mm^3,\n"
                             "2,RGW-2,\"GTV, \"\"core\"\"\",morphology,volume_mesh,RNU0,,7,mm^3,\n"
                             "\n"
                             "1,RGW-1,GTV,intensity_statistics,mean_intensity,Q4LE,,-12.25,HU,\n";
    const auto groups = splitBundleFeatureTable(text, "t.csv");
    ASSERT_EQ(groups.size(), 2u);
    const std::string header = std::string(radiomics::kFeatureCsvHeader) + "\n";
    EXPECT_EQ(groups.at(1), header + "morphology,volume_mesh,RNU0,,1234.5,mm^3,\n" +
                                "intensity_statistics,mean_intensity,Q4LE,,-12.25,HU,\n");
    EXPECT_EQ(groups.at(2), header + "morphology,volume_mesh,RNU0,,7,mm^3,\n");
}

TEST(BundleFeatureTable, RefusesAWrongHeaderAndBadRowsNamingTheLine) {
    EXPECT_REFUSED(splitBundleFeatureTable("extraction,feature\n", "t.csv"), "t.csv:1",
                   "not a bundle feature table header");
    EXPECT_REFUSED(splitBundleFeatureTable(tableHeader() + "x,RGW-1,GTV,a\n", "t.csv"), "t.csv:2",
                   "extraction 'x' is not a positive index");
    EXPECT_REFUSED(splitBundleFeatureTable(tableHeader() + "0,RGW-1,GTV,a\n", "t.csv"), "t.csv:2",
                   "extraction '0'");
    EXPECT_REFUSED(
        splitBundleFeatureTable(tableHeader() + "99999999999999999999,RGW-1,GTV,a\n", "t.csv"),
        "t.csv:2", "not a positive index");
    EXPECT_REFUSED(splitBundleFeatureTable(tableHeader() + "\n\n1,RGW-1\n", "t.csv"), "t.csv:4",
                   "too few fields");
    EXPECT_REFUSED(splitBundleFeatureTable(tableHeader() + "1,\"RGW-1,GTV,a\n", "t.csv"), "t.csv:2",
                   "unterminated quote");
}
