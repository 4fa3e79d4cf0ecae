// DICOM SR TID 1500 measurement reports of radiomic features: a report of
// synthetic features (a NaN, dimensionless, HU, millimetre and texture values)
// on a synthetic CT series and a DICOM SEG of it is written, validated by
// dicom3tools' dciodvfy (0 errors) and read back: every code, unit and
// referenced UID equal, every value bitwise equal (the reader takes the
// Floating Point Value, which holds the double exactly).
#include "ExportTestSupport.h"
#include "TestData.h"
#include "io/dicom/MeasurementReportReader.h"
#include "io/dicom/MeasurementReportWriter.h"
#include "io/dicom/ReferencedSeries.h"
#include "io/dicom/SegWriter.h"
#include "radiomics/FeatureCoding.h"
#include "util/Error.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcstack.h>
#include <dcmtk/dcmsr/dsrdoc.h>
#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;
using rgw::Geometry;
using rgw::Mask;
using rgw::dicom::MeasurementReport;
using rgw::dicom::ReportRoi;

Geometry smallGrid() {
    Geometry g;
    g.size = {6, 5, 4};
    g.spacing = {0.8, 0.8, 2.5};
    g.origin = {-10.0, 20.0, 50.0};
    return g;
}

/// Synthetic features, as the catalogue lays them out (name, code, aggregation, unit).
rgw::radiomics::FeatureTable syntheticFeatures() {
    rgw::radiomics::FeatureTable t;
    auto add = [&](const char* family, const char* name, const char* code, const char* agg,
                   double value, const char* unit, const char* missing = "") {
        t.values.push_back({family, name, code, agg, value, unit, missing});
    };
    add("morphology", "Volume (mesh)", "RNU0", "", 1234.5678901234567, "mm³");
    add("morphology", "Surface area (mesh)", "C0JK", "", 987.65432109876543, "mm²");
    add("morphology", "Surface to volume ratio", "2PR5", "", 0.80000000000000004, "mm⁻¹");
    add("morphology", "Maximum 3D diameter", "L0JK", "", 31.415926535897931, "mm");
    add("morphology", "Sphericity", "QCFX", "", 0.84321987654321, ""); // dimensionless
    add("morphology", "Moran\u2019s I index", "N365", "", std::nan(""), "",
        "undefined for this ROI (the formula gives no number)");
    add("intensity_statistics", "Mean intensity", "Q4LE", "", -47.123456789012345, "HU");
    add("intensity_statistics", "Intensity variance", "ECT3", "", 123456789.98765432, "HU²");
    add("intensity_statistics", "Intensity-based energy", "N8CA", "", 1.2345678901234567e-12,
        "HU²");
    add("morphology", "Integrated intensity", "99N0", "", -5.5e20, "mm³·HU");
    add("glcm", "Joint maximum", "GYBY", "3D, merged", 0.0123456789, "");
    add("glcm", "Joint maximum", "GYBY", "2D, averaged", 0.0234567891, "");
    add("glszm", "Small zone emphasis", "5QRC", "3D", 0.654321, "");
    return t;
}

struct Fixture {
    rgw::test::TempDir dir;
    Geometry grid = smallGrid();
    rgw::test::SynthSeries series;
    rgw::dicom::ReferencedSeries referenced;
    rgw::dicom::WrittenObject seg;
    Mask mask, mask2;

    Fixture() : mask(smallGrid(), 0), mask2(smallGrid(), 0) {
        series = rgw::test::writeSeries(dir.path() / "ct", grid);
        referenced = rgw::dicom::readReferencedSeries(series.files, grid);
        for (std::int64_t k = 1; k < 3; ++k)
            for (std::int64_t j = 1; j < 4; ++j)
                for (std::int64_t i = 1; i < 5; ++i)
                    mask.at(i, j, k) = 1;
        rgw::dicom::SegmentToWrite segment;
        segment.label = "GTV";
        segment.mask = &mask;
        mask2.at(0, 0, 0) = 1;
        rgw::dicom::SegmentToWrite segment2;
        segment2.label = "Node";
        segment2.mask = &mask2;
        seg =
            rgw::dicom::writeSegmentation(dir.path() / "seg.dcm", referenced, {segment, segment2});
    }

    MeasurementReport report() const {
        MeasurementReport r;
        r.imageSeriesInstanceUid = series.seriesUid;
        r.algorithm = {"Radiogenomics Workstation",
                       "1.2.3",
                       {"parameter set sha256=0123abcd", "parameter set name=ct-default"}};
        ReportRoi& roi = r.rois.emplace_back();
        roi.trackingIdentifier = "GTV";
        roi.trackingUid = "1.2.826.0.1.3680043.10.999.1";
        roi.segmentationSeriesInstanceUid = seg.seriesInstanceUid;
        roi.segmentationSopInstanceUid = seg.sopInstanceUid;
        roi.segmentNumber = 1;
        roi.sourceSeriesInstanceUid = series.seriesUid;
        roi.measurements = rgw::dicom::reportMeasurements(syntheticFeatures());
        // A second ROI (segment 2 of the same SEG) with two of the features.
        ReportRoi second = roi;
        second.trackingIdentifier = "Node";
        second.trackingUid = "1.2.826.0.1.3680043.10.999.2";
        second.segmentNumber = 2;
        second.measurements.resize(2);
        second.measurements[0].value = 8.0;
        r.rois.push_back(second);
        return r;
    }
};

std::uint64_t bits(double v) {
    return std::bit_cast<std::uint64_t>(v);
}

TEST(MeasurementReport, UnitsComeFromTheCatalogueDimensions) {
    using rgw::radiomics::ucumUnitOfSymbol;
    EXPECT_EQ(ucumUnitOfSymbol("mm³").code, "mm3");
    EXPECT_EQ(ucumUnitOfSymbol("mm²").code, "mm2");
    EXPECT_EQ(ucumUnitOfSymbol("mm").code, "mm");
    EXPECT_EQ(ucumUnitOfSymbol("mm⁻¹").code, "/mm");
    EXPECT_EQ(ucumUnitOfSymbol("HU").code, "[hnsf'U]");
    EXPECT_EQ(ucumUnitOfSymbol("SUV").code, "{SUVbw}g/ml");
    EXPECT_EQ(ucumUnitOfSymbol("").code, "1");
    EXPECT_EQ(ucumUnitOfSymbol("a.u.").code, "[arb'U]");
    EXPECT_EQ(ucumUnitOfSymbol("mm³·HU").code, "mm3.[hnsf'U]");
    EXPECT_THROW(ucumUnitOfSymbol("furlong"), rgw::Error);
    EXPECT_EQ(rgw::radiomics::aggregationCode("3D, merged"), "IAZD");
    EXPECT_EQ(rgw::radiomics::aggregationLabel("8QNN").value_or(""), "2D");
    EXPECT_THROW(rgw::radiomics::aggregationCode("4D"), rgw::Error);
}

TEST(MeasurementReport, WritesAValidTid1500AndReadsItBackExactly) {
    Fixture f;
    const MeasurementReport written = f.report();
    const fs::path file = f.dir.path() / "sr.dcm";
    rgw::dicom::MeasurementReportOptions options;
    options.observerName = "Doe^Jane";
    const auto uids = rgw::dicom::writeMeasurementReport(file, f.referenced, written, options);
    rgw::test::expectValidIod(file, "EnhancedSR");

    const MeasurementReport read = rgw::dicom::readMeasurementReport(file);
    EXPECT_EQ(read.sopInstanceUid, uids.sopInstanceUid);
    EXPECT_EQ(read.seriesInstanceUid, uids.seriesInstanceUid);
    EXPECT_EQ(read.studyInstanceUid, f.series.studyUid);
    EXPECT_EQ(read.imageSeriesInstanceUid, f.series.seriesUid);
    EXPECT_EQ(read.imageSopInstanceUids.size(), f.series.sopUids.size());
    for (const std::string& sop : f.series.sopUids)
        EXPECT_NE(
            std::find(read.imageSopInstanceUids.begin(), read.imageSopInstanceUids.end(), sop),
            read.imageSopInstanceUids.end())
            << sop;
    EXPECT_EQ(read.procedure.value, "25045-6");
    EXPECT_EQ(read.algorithm.name, written.algorithm.name);
    EXPECT_EQ(read.algorithm.version, written.algorithm.version);
    EXPECT_EQ(read.algorithm.parameters, written.algorithm.parameters);
    ASSERT_EQ(read.rois.size(), written.rois.size());
    int nan = 0;
    for (std::size_t r = 0; r < written.rois.size(); ++r) {
        const ReportRoi& in = written.rois[r];
        const ReportRoi& out = read.rois[r];
        EXPECT_EQ(out.trackingIdentifier, in.trackingIdentifier);
        EXPECT_EQ(out.trackingUid, in.trackingUid);
        EXPECT_EQ(out.finding.value, in.finding.value);
        EXPECT_EQ(out.segmentationSopInstanceUid, f.seg.sopInstanceUid);
        EXPECT_EQ(out.segmentationSeriesInstanceUid, f.seg.seriesInstanceUid);
        EXPECT_EQ(out.segmentNumber, in.segmentNumber);
        EXPECT_EQ(out.sourceSeriesInstanceUid, f.series.seriesUid);
        ASSERT_EQ(out.measurements.size(), in.measurements.size());
        for (std::size_t i = 0; i < in.measurements.size(); ++i) {
            const auto& a = in.measurements[i];
            const auto& b = out.measurements[i];
            const std::string what = in.trackingIdentifier + " " + a.quantity.meaning + " [" +
                                     a.aggregation.meaning + "]";
            EXPECT_EQ(b.quantity.value, a.quantity.value) << what;
            EXPECT_EQ(b.quantity.scheme, "IBSI") << what;
            EXPECT_EQ(b.quantity.meaning, a.quantity.meaning) << what;
            EXPECT_EQ(b.aggregation.value, a.aggregation.value) << what;
            EXPECT_EQ(b.aggregation.meaning, a.aggregation.meaning) << what;
            if (std::isnan(a.value)) {
                ++nan;
                EXPECT_TRUE(std::isnan(b.value)) << what;
                EXPECT_TRUE(b.unit.value.empty()) << what; // no Measured Value, so no unit
                continue;
            }
            EXPECT_EQ(bits(b.value), bits(a.value))
                << what << ": " << a.value << " read " << b.value;
            EXPECT_EQ(b.unit.value, a.unit.value) << what;
            EXPECT_EQ(b.unit.scheme, "UCUM") << what;
            EXPECT_EQ(b.unit.meaning, a.unit.meaning) << what;
        }
    }
    EXPECT_EQ(nan, 1);
}

/// Every (Numeric Value, Floating Point Value) pair of the file's Measured
/// Value Sequences, read with plain dcmdata.
std::vector<std::pair<double, double>> measuredValues(const fs::path& file) {
    DcmFileFormat ff;
    EXPECT_TRUE(ff.loadFile(file.string().c_str()).good());
    std::vector<std::pair<double, double>> values;
    DcmStack stack;
    while (ff.getDataset()
               ->search(DCM_MeasuredValueSequence, stack, ESM_afterStackTop, OFTrue)
               .good()) {
        auto* sequence = static_cast<DcmSequenceOfItems*>(stack.top());
        for (unsigned long i = 0; i < sequence->card(); ++i) {
            Float64 ds = 0, fd = std::nan("");
            sequence->getItem(i)->findAndGetFloat64(DCM_NumericValue, ds);
            sequence->getItem(i)->findAndGetFloat64(DCM_FloatingPointValue, fd);
            values.emplace_back(ds, fd);
        }
    }
    return values;
}

TEST(MeasurementReport, DecimalStringsAgreeAndAloneReadBackToTheirPrecision) {
    Fixture f;
    const MeasurementReport written = f.report();
    const fs::path file = f.dir.path() / "sr.dcm";
    rgw::dicom::writeMeasurementReport(file, f.referenced, written);
    // Independently of the reader: each Decimal String (16 characters) is the
    // Floating Point Value to at least 11 significant digits.
    const auto pairs = measuredValues(file);
    EXPECT_EQ(pairs.size(), written.rois[0].measurements.size() - 1 + 2); // NaN has none
    double worst = 0;
    for (const auto& [ds, fd] : pairs) {
        ASSERT_FALSE(std::isnan(fd));
        worst = std::max(worst, std::fabs(ds - fd) / std::fabs(fd));
    }
    EXPECT_LE(worst, 5e-11);
    std::printf("Decimal String vs Floating Point Value: worst relative difference %.3g\n", worst);

    // A report without Floating Point Values (as other writers make them)
    // reads back from the Decimal Strings.
    DcmFileFormat ff;
    ASSERT_TRUE(ff.loadFile(file.string().c_str()).good());
    ff.getDataset()->findAndDeleteElement(DCM_FloatingPointValue, OFTrue, OFTrue);
    const fs::path dsOnly = f.dir.path() / "sr_ds_only.dcm";
    ASSERT_TRUE(ff.saveFile(dsOnly.string().c_str(), EXS_LittleEndianExplicit).good());
    const MeasurementReport read = rgw::dicom::readMeasurementReport(dsOnly);
    const auto& in = written.rois[0].measurements;
    const auto& out = read.rois.at(0).measurements;
    ASSERT_EQ(out.size(), in.size());
    double worstRead = 0;
    for (std::size_t i = 0; i < in.size(); ++i)
        if (!std::isnan(in[i].value))
            worstRead =
                std::max(worstRead, std::fabs(out[i].value - in[i].value) / std::fabs(in[i].value));
    EXPECT_LE(worstRead, 5e-11);
}

TEST(MeasurementReport, ReaderRejectsOtherObjectsNamingTheFile) {
    Fixture f;
    // A SEG is not an SR.
    try {
        rgw::dicom::readMeasurementReport(f.dir.path() / "seg.dcm");
        ADD_FAILURE() << "a SEG was read as a measurement report";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("seg.dcm"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("not a DICOM SR"), std::string::npos) << e.what();
    }
    // An SR of another template (a Basic Text SR without TID 1500).
    DSRDocument doc(DSRTypes::DT_BasicTextSR);
    doc.getTree().addContentItem(DSRTypes::RT_isRoot, DSRTypes::VT_Container);
    doc.getTree().getCurrentContentItem().setConceptName(
        DSRCodedEntryValue("11528-7", "LN", "Radiology Report"));
    doc.getTree().setTemplateIdentification("2000", "DCMR");
    doc.getTree().addContentItem(DSRTypes::RT_contains, DSRTypes::VT_Text,
                                 DSRTypes::AM_belowCurrent);
    doc.getTree().getCurrentContentItem().setConceptName(
        DSRCodedEntryValue("121071", "DCM", "Finding"));
    doc.getTree().getCurrentContentItem().setStringValue("nothing");
    doc.createNewSeriesInStudy(f.series.studyUid.c_str());
    doc.setPatientID("P1");
    DcmFileFormat ff;
    ASSERT_TRUE(doc.write(*ff.getDataset()).good());
    const fs::path other = f.dir.path() / "basic_text.dcm";
    ASSERT_TRUE(ff.saveFile(other.string().c_str(), EXS_LittleEndianExplicit).good());
    try {
        rgw::dicom::readMeasurementReport(other);
        ADD_FAILURE() << "a TID 2000 report was read as TID 1500";
    } catch (const rgw::Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("basic_text.dcm"), std::string::npos) << message;
        EXPECT_NE(message.find("TID 2000"), std::string::npos) << message;
        EXPECT_NE(message.find("not a TID 1500"), std::string::npos) << message;
    }
}

TEST(MeasurementReport, WriterRefusesAReportWithoutSegmentReferenceSeries) {
    Fixture f;
    MeasurementReport r = f.report();
    r.rois.front().segmentationSeriesInstanceUid.clear();
    EXPECT_THROW(rgw::dicom::writeMeasurementReport(f.dir.path() / "bad.dcm", f.referenced, r),
                 rgw::Error);
}

} // namespace
