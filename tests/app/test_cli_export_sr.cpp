// rgw-cli export sr as a user runs it: the demo cohort imported and
// extracted, one extraction exported as a DICOM SR TID 1500 measurement
// report. The SR and the SEG written beside it pass dciodvfy (0 errors); the
// SR read back references the SEG file's instance and the database's image
// series, and carries every stored feature value bitwise (the reader takes the
// Floating Point Value) with its IBSI code, aggregation and UCUM unit. A
// segmentation imported from a DICOM SEG is referenced as it is (no new SEG);
// an unknown extraction id fails with one line naming it.
#ifndef _WIN32

#include "../core/ExportTestSupport.h"
#include "CliTestSupport.h"
#include "Database.h"
#include "FeatureRepository.h"
#include "SegmentationRepository.h"
#include "io/dicom/MeasurementReportReader.h"
#include "io/dicom/Seg.h"
#include "radiomics/FeatureCoding.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <gtest/gtest.h>

namespace fs = std::filesystem;
using rgw::test::cliPath;
using rgw::test::lineCount;
using rgw::test::run;

namespace {

std::string seriesUidOf(const fs::path& file) {
    DcmFileFormat ff;
    EXPECT_TRUE(ff.loadFile(file.string().c_str()).good()) << file;
    OFString uid;
    ff.getDataset()->findAndGetOFString(DCM_SeriesInstanceUID, uid);
    return uid.c_str();
}

std::uint64_t bits(double v) {
    return std::bit_cast<std::uint64_t>(v);
}

struct CliExportSr : ::testing::Test {
    rgw::test::TempDir tmp;
    fs::path db() const { return tmp.path() / "cohort.rgwdb"; }
    rgw::test::ProcessResult cli(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db().string()});
        return run(cliPath(), args, tmp.path());
    }
    void demoWithFeatures() {
        auto r =
            cli({"demo", "--out", (tmp.path() / "demo").string(), "--patients", "1", "--import"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        r = cli({"extract-cohort", "--params", "ct-default"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }

    /// Every stored value of `extractionId` equals its measurement in `report`.
    void expectValuesOf(rgw::storage::Id extractionId,
                        const rgw::dicom::MeasurementReport& report) {
        rgw::storage::Database d(db());
        const auto stored = rgw::storage::FeatureRepository(d).values(extractionId);
        ASSERT_EQ(report.rois.size(), 1u);
        const auto& measurements = report.rois.front().measurements;
        ASSERT_EQ(measurements.size(), stored.values.size());
        int missing = 0, exact = 0;
        for (std::size_t i = 0; i < stored.values.size(); ++i) {
            const auto& f = stored.values[i];
            const auto& m = measurements[i];
            const std::string what = f.family + " " + f.name + " [" + f.aggregation + "]";
            EXPECT_EQ(m.quantity.value, f.ibsiCode) << what;
            EXPECT_EQ(m.quantity.scheme, "IBSI") << what;
            EXPECT_EQ(m.quantity.meaning, f.name) << what;
            if (f.aggregation.empty()) {
                EXPECT_TRUE(m.aggregation.value.empty()) << what;
            } else {
                EXPECT_EQ(rgw::radiomics::aggregationLabel(m.aggregation.value).value_or("?"),
                          f.aggregation)
                    << what;
                EXPECT_EQ(m.aggregation.scheme, "IBSI") << what;
            }
            if (f.missing()) {
                ++missing;
                EXPECT_TRUE(std::isnan(m.value)) << what;
                continue;
            }
            exact += bits(m.value) == bits(f.value) ? 1 : 0;
            EXPECT_EQ(bits(m.value), bits(f.value))
                << what << ": " << f.value << " read " << m.value;
            const auto unit = rgw::radiomics::ucumUnitOfSymbol(f.unit);
            EXPECT_EQ(m.unit.value, unit.code) << what;
            EXPECT_EQ(m.unit.scheme, "UCUM") << what;
        }
        std::printf("extraction %lld: %zu measurements, %d bitwise equal, %d missing (NaN)\n",
                    static_cast<long long>(extractionId), measurements.size(), exact, missing);
    }
};

TEST_F(CliExportSr, WritesAValidReportAndSegThatReadBackAsTheDatabase) {
    demoWithFeatures();
    rgw::storage::FeatureExtractionRow extraction;
    rgw::storage::SegmentationRow segmentation;
    {
        rgw::storage::Database d(db());
        const auto all = rgw::storage::FeatureRepository(d).list();
        ASSERT_FALSE(all.empty());
        extraction = all.front();
        ASSERT_TRUE(extraction.segmentationId);
        segmentation = *rgw::storage::SegmentationRepository(d).find(*extraction.segmentationId);
        ASSERT_NE(segmentation.source, rgw::storage::SegmentationSource::Seg);
    }
    const fs::path sr = tmp.path() / "out" / "SR.dcm";
    auto r =
        cli({"export", "sr", "--extraction", std::to_string(extraction.id), "--out", sr.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    std::printf("%s", r.out.c_str());
    const fs::path seg = tmp.path() / "out" / "SR_seg.dcm";
    ASSERT_TRUE(fs::exists(seg)) << r.out;
    rgw::test::expectValidIod(sr, "EnhancedSR");
    rgw::test::expectValidIod(seg, "Segmentation");

    const auto report = rgw::dicom::readMeasurementReport(sr);
    const auto segObject = rgw::dicom::readSegmentation(seg);
    ASSERT_EQ(report.rois.size(), 1u);
    const auto& roi = report.rois.front();
    EXPECT_EQ(roi.segmentationSopInstanceUid, segObject.sopInstanceUid);
    EXPECT_EQ(roi.segmentationSeriesInstanceUid, seriesUidOf(seg));
    EXPECT_EQ(roi.segmentNumber, 1);
    ASSERT_EQ(segObject.segments.size(), 1u);
    EXPECT_EQ(segObject.segments.front().segmentLabel, segmentation.roiName);
    EXPECT_EQ(roi.trackingIdentifier, segmentation.roiName);
    EXPECT_EQ(roi.trackingUid.rfind("2.25.", 0), 0u) << roi.trackingUid;
    // The image series: the database's, the SEG's and the SR's (library and group).
    EXPECT_EQ(segObject.referencedSeriesInstanceUid, extraction.seriesInstanceUid);
    EXPECT_EQ(report.imageSeriesInstanceUid, extraction.seriesInstanceUid);
    EXPECT_EQ(roi.sourceSeriesInstanceUid, extraction.seriesInstanceUid);
    {
        rgw::storage::Database d(db());
        rgw::storage::Statement s(d, "SELECT COUNT(*) FROM instances i JOIN series s ON "
                                     "s.id = i.series_id WHERE s.series_uid = ?");
        s.bind(1, extraction.seriesInstanceUid);
        ASSERT_TRUE(s.step());
        EXPECT_EQ(report.imageSopInstanceUids.size(), static_cast<std::size_t>(s.int64(0)));
    }
    EXPECT_EQ(report.algorithm.version, extraction.softwareVersion);
    ASSERT_EQ(report.algorithm.parameters.size(), 2u);
    EXPECT_EQ(report.algorithm.parameters.front(),
              "parameter set sha256=" + extraction.parameterSetHash);
    expectValuesOf(extraction.id, report);

    // The SEG imported back is a SEG-sourced segmentation: its features' report
    // references that SEG instance and segment, and writes no new SEG.
    r = cli({"import", seg.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    r = cli({"extract-cohort", "--params", "ct-default"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    rgw::storage::Id fromSeg = 0;
    {
        rgw::storage::Database d(db());
        rgw::storage::SegmentationRepository segmentations(d);
        for (const auto& e : rgw::storage::FeatureRepository(d).list())
            if (e.segmentationId && segmentations.find(*e.segmentationId)->source ==
                                        rgw::storage::SegmentationSource::Seg)
                fromSeg = e.id;
    }
    ASSERT_NE(fromSeg, 0);
    const fs::path sr2 = tmp.path() / "out2" / "SR.dcm";
    r = cli({"export", "sr", "--extraction", std::to_string(fromSeg), "--out", sr2.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "out2" / "SR_seg.dcm"));
    rgw::test::expectValidIod(sr2, "EnhancedSR");
    const auto report2 = rgw::dicom::readMeasurementReport(sr2);
    ASSERT_EQ(report2.rois.size(), 1u);
    EXPECT_EQ(report2.rois.front().segmentationSopInstanceUid, segObject.sopInstanceUid);
    EXPECT_EQ(report2.rois.front().segmentationSeriesInstanceUid, seriesUidOf(seg));
    EXPECT_EQ(report2.rois.front().segmentNumber, 1);
    // Same ROI lineage? No: the imported SEG is a new lineage, so a new tracking UID.
    expectValuesOf(fromSeg, report2);

    // Importing the SR stores it as a series of kind 'sr' (not parsed further).
    r = cli({"import", sr.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    {
        rgw::storage::Database d(db());
        rgw::storage::Statement s(d, "SELECT object_kind FROM series WHERE series_uid = ?");
        s.bind(1, report.seriesInstanceUid);
        ASSERT_TRUE(s.step());
        EXPECT_EQ(s.text(0), "sr");
    }
}

TEST_F(CliExportSr, UnknownOrBadExtractionIdsFailWithOneLineNamingThem) {
    auto r = cli({"demo", "--out", (tmp.path() / "demo").string(), "--patients", "1", "--import"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    r = cli({"export", "sr", "--extraction", "987654", "--out", (tmp.path() / "x.dcm").string()});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_EQ(lineCount(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("987654"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "x.dcm"));

    r = cli({"export", "sr", "--extraction", "abc", "--out", (tmp.path() / "x.dcm").string()});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("abc"), std::string::npos) << r.err;
    r = cli({"export", "sr", "--out", (tmp.path() / "x.dcm").string()});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("--extraction"), std::string::npos) << r.err;
    r = cli({"export", "nonsense"});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("nonsense"), std::string::npos) << r.err;
    r = cli({"export", "sr", "--help"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_NE(r.out.find("rgw-cli [--db PATH] export sr"), std::string::npos) << r.out;
}

} // namespace

#endif
