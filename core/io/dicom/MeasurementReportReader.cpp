#include "io/dicom/MeasurementReportReader.h"

#include "radiomics/FeatureCoding.h"
#include "util/Error.h"

#include <cmath>
#include <cstdlib>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmsr/dsrdoc.h>
#include <limits>

namespace rgw::dicom {
namespace {

// Concept names of TID 1500 / 1411 / 1419 / 4019 (PS3.16), as (code value, scheme).
struct Concept {
    const char* value;
    const char* scheme;
};
constexpr Concept kProcedureReported{"121058", "DCM"};
constexpr Concept kImageLibrary{"111028", "DCM"};
constexpr Concept kMeasurementGroup{"125007", "DCM"};
constexpr Concept kTrackingIdentifier{"112039", "DCM"};
constexpr Concept kTrackingUid{"112040", "DCM"};
constexpr Concept kFinding{"121071", "DCM"};
constexpr Concept kReferencedSegment{"121191", "DCM"};
constexpr Concept kSourceSeries{"121232", "DCM"};
constexpr Concept kAlgorithmName{"111001", "DCM"};
constexpr Concept kAlgorithmVersion{"111003", "DCM"};
constexpr Concept kAlgorithmParameters{"111002", "DCM"};
constexpr Concept kFeatureAggregation{radiomics::kIbsiFeatureAggregation,
                                      radiomics::kIbsiCodingScheme};

bool is(const DSRCodedEntryValue& code, const Concept& c) {
    return code.getCodeValue() == c.value && code.getCodingSchemeDesignator() == c.scheme;
}

CodedConcept codedConcept(const DSRCodedEntryValue& code) {
    return {code.getCodeValue().c_str(), code.getCodingSchemeDesignator().c_str(),
            code.getCodeMeaning().c_str()};
}

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
    throw Error("SR " + file.string() + ": " + what);
}

/// A NUM content item's value: the Floating Point Value when present (exact),
/// else the Decimal String; without a number, NaN or the infinity its Numeric
/// Value Qualifier names.
ReportMeasurement measurementOf(const DSRContentItem& item, const std::filesystem::path& file) {
    ReportMeasurement m;
    m.quantity = codedConcept(item.getConceptName());
    const DSRNumericMeasurementValue& number = item.getNumericValue();
    if (number.getNumericValue().empty()) {
        const OFString& qualifier = number.getNumericValueQualifier().getCodeValue();
        if (qualifier == "114001")
            m.value = -std::numeric_limits<double>::infinity();
        else if (qualifier == "114002")
            m.value = std::numeric_limits<double>::infinity();
        else
            m.value = std::numeric_limits<double>::quiet_NaN();
        return m;
    }
    const auto named = [&] {
        return "measurement (" + m.quantity.value + ", " + m.quantity.scheme + ")";
    };
    Float64 exact = 0;
    if (number.getFloatingPointRepresentation(exact).good()) {
        m.value = exact;
    } else {
        // A Decimal String: the whole value (surrounding spaces allowed) is one number.
        const std::string text = number.getNumericValue().c_str();
        char* end = nullptr;
        m.value = std::strtod(text.c_str(), &end);
        const std::size_t used = static_cast<std::size_t>(end - text.c_str());
        if (used == 0 || text.find_first_not_of(' ', used) != std::string::npos)
            fail(file, named() + " has the unreadable Numeric Value '" + text + "'");
    }
    // A missing or infinite value is written without a number, with its
    // Numeric Value Qualifier; a number that is not finite is an error.
    if (!std::isfinite(m.value))
        fail(file, named() + " has the non-finite Numeric Value " +
                       number.getNumericValue().c_str() +
                       " (a value without a number needs a Numeric Value Qualifier)");
    m.unit = codedConcept(number.getMeasurementUnit());
    return m;
}

/// Where the depth-first walk is: the tree levels (root = 1) of the open image
/// library, measurement group and measurement; 0 = none open.
struct Walk {
    std::size_t groupLevel = 0;
    std::size_t measurementLevel = 0;
    std::size_t libraryLevel = 0;
    bool algorithmRead = false;
    std::size_t measurementsSeen = 0;
};

} // namespace

MeasurementReport readMeasurementReport(const std::filesystem::path& file) {
    DcmFileFormat ff;
    if (ff.loadFile(file.string().c_str()).bad())
        fail(file, "not a readable DICOM file");
    DcmDataset& ds = *ff.getDataset();
    OFString modality;
    ds.findAndGetOFString(DCM_Modality, modality);
    if (modality != "SR")
        fail(file, "not a DICOM SR (Modality '" + std::string(modality.c_str()) + "')");
    DSRDocument doc;
    if (const OFCondition status = doc.read(ds); status.bad())
        fail(file, std::string("not a readable SR document (") + status.text() + ")");
    DSRDocumentTree& tree = doc.getTree();
    OFString templateId, resource;
    tree.getTemplateIdentification(templateId, resource);
    if (templateId != "1500" || resource != "DCMR") {
        const std::string has = templateId.empty() ? std::string("no template identification")
                                                   : "template " + std::string(resource.c_str()) +
                                                         " TID " + templateId.c_str();
        fail(file, "an SR with " + has + ", not a TID 1500 Measurement Report");
    }

    MeasurementReport report;
    OFString value;
    doc.getSOPInstanceUID(value);
    report.sopInstanceUid = value.c_str();
    doc.getSeriesInstanceUID(value);
    report.seriesInstanceUid = value.c_str();
    doc.getStudyInstanceUID(value);
    report.studyInstanceUid = value.c_str();
    doc.getPatientID(value);
    report.patientId = value.c_str();

    Walk walk;
    if (tree.gotoRoot() == 0)
        fail(file, "the SR has no content");
    while (tree.iterate()) {
        const std::size_t level = tree.getLevel();
        if (level <= walk.measurementLevel)
            walk.measurementLevel = 0;
        if (level <= walk.groupLevel)
            walk.groupLevel = 0;
        if (level <= walk.libraryLevel)
            walk.libraryLevel = 0;
        const DSRContentItem& item = tree.getCurrentContentItem();
        const DSRCodedEntryValue& name = item.getConceptName();
        const DSRTypes::E_ValueType type = item.getValueType();

        if (level == 2 && is(name, kProcedureReported) && type == DSRTypes::VT_Code) {
            report.procedure = codedConcept(item.getCodeValue());
        } else if (level == 2 && is(name, kImageLibrary)) {
            walk.libraryLevel = level;
        } else if (walk.libraryLevel > 0 && type == DSRTypes::VT_Image) {
            report.imageSopInstanceUids.push_back(
                item.getImageReference().getSOPInstanceUID().c_str());
        } else if (level == 3 && is(name, kMeasurementGroup) && type == DSRTypes::VT_Container) {
            walk.groupLevel = level;
            report.rois.emplace_back();
        } else if (walk.measurementLevel > 0 && level == walk.measurementLevel + 1) {
            ReportMeasurement& m = report.rois.back().measurements.back();
            if (is(name, kFeatureAggregation) && type == DSRTypes::VT_Code)
                m.aggregation = codedConcept(item.getCodeValue());
            else if (!walk.algorithmRead && is(name, kAlgorithmName))
                report.algorithm.name = item.getStringValue().c_str();
            else if (!walk.algorithmRead && is(name, kAlgorithmVersion))
                report.algorithm.version = item.getStringValue().c_str();
            else if (!walk.algorithmRead && is(name, kAlgorithmParameters))
                report.algorithm.parameters.push_back(item.getStringValue().c_str());
        } else if (walk.groupLevel > 0 && level == walk.groupLevel + 1) {
            ReportRoi& roi = report.rois.back();
            if (type == DSRTypes::VT_Num) {
                // The algorithm identification is read from the first measurement.
                walk.algorithmRead = walk.measurementsSeen++ > 0;
                roi.measurements.push_back(measurementOf(item, file));
                walk.measurementLevel = level;
            } else if (is(name, kTrackingIdentifier)) {
                roi.trackingIdentifier = item.getStringValue().c_str();
            } else if (is(name, kTrackingUid)) {
                roi.trackingUid = item.getStringValue().c_str();
            } else if (is(name, kFinding) && type == DSRTypes::VT_Code) {
                roi.finding = codedConcept(item.getCodeValue());
            } else if (is(name, kSourceSeries)) {
                roi.sourceSeriesInstanceUid = item.getStringValue().c_str();
            } else if (is(name, kReferencedSegment) && type == DSRTypes::VT_Image) {
                const DSRImageReferenceValue& segment = item.getImageReference();
                roi.segmentationSopInstanceUid = segment.getSOPInstanceUID().c_str();
                if (segment.getSegmentList().getNumberOfItems() > 0)
                    roi.segmentNumber = segment.getSegmentList().getItem(1);
            }
        }
    }
    if (report.rois.empty())
        fail(file, "the TID 1500 report has no Measurement Group (TID 1411) under Imaging "
                   "Measurements");
    // The image series: from the evidence (the series whose instances the library lists).
    DSRSOPInstanceReferenceList& evidence = doc.getCurrentRequestedProcedureEvidence();
    if (!report.imageSopInstanceUids.empty() && evidence.gotoFirstItem().good()) {
        do {
            OFString sop, series;
            evidence.getSOPInstanceUID(sop);
            evidence.getSeriesInstanceUID(series);
            if (sop == report.imageSopInstanceUids.front().c_str())
                report.imageSeriesInstanceUid = series.c_str();
            for (ReportRoi& roi : report.rois)
                if (sop == roi.segmentationSopInstanceUid.c_str())
                    roi.segmentationSeriesInstanceUid = series.c_str();
        } while (evidence.gotoNextItem().good());
    }
    return report;
}

} // namespace rgw::dicom
