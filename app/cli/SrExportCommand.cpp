// rgw-cli export sr: the features of one stored extraction as a DICOM SR
// TID 1500 measurement report (storage::exportMeasurementReport).
#include "CliCommands.h"
#include "Database.h"
#include "MeasurementReportExport.h"

#include <cstdio>
#include <limits>

namespace rgw::cli {

const char* const kExportSrHelp =
    R"(usage: rgw-cli [--db PATH] export sr --extraction ID --out SR.dcm

Writes the radiomic features of one stored feature extraction (ids: the
extract/extract-cohort output, or the feature_extractions table) as a DICOM
Structured Report, TID 1500 Imaging Measurement Report: one measurement group
for its ROI with one measurement per feature, coded with the feature's IBSI
identifier (coding scheme IBSI), its texture aggregation and its UCUM unit;
missing values as "Not a number"; the program, version and parameter-set hash
as the algorithm identification. The report references the image series and a
DICOM SEG of the ROI: the SEG the segmentation was imported from (its instance
and segment number), else a SEG written beside the report as SR_seg.dcm.

options:
  --extraction ID  the feature extraction to report
  --out SR.dcm     the report file (its folder is created)
  --help           show this help
)";

int runExportSr(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed = parseArgs("export sr", args, {"--extraction", "--out"}, {});
    if (!parsed.positional.empty())
        throw UsageError("export sr takes no positional argument ('" + parsed.positional.front() +
                         "'): use --extraction ID --out SR.dcm");
    const std::string* id = parsed.value("--extraction");
    if (!id || id->empty())
        throw UsageError("export sr needs --extraction ID");
    const std::string* out = parsed.value("--out");
    if (!out || out->empty())
        throw UsageError("export sr needs --out SR.dcm");
    const auto extractionId = static_cast<storage::Id>(
        parseCount("--extraction", *id, 1, std::numeric_limits<long long>::max()));

    storage::Database db(context.databasePath());
    const storage::MeasurementReportExport r =
        storage::exportMeasurementReport(db, extractionId, *out);
    if (!r.segFile.empty())
        std::printf("Wrote %s (DICOM SEG of the ROI, segment 1)\n", r.segFile.string().c_str());
    std::printf("Wrote %s (TID 1500 measurement report: %zu measurements, %zu not a number)\n"
                "  image series %s\n  SEG %s segment %d\n",
                r.file.string().c_str(), r.measurements, r.missing,
                r.imageSeriesInstanceUid.c_str(), r.segmentationSopInstanceUid.c_str(),
                r.segmentNumber);
    return 0;
}

} // namespace rgw::cli
