#include "FeatureTableExport.h"

#include "CohortExport.h"
#include "FeatureRepository.h"
#include "JsonText.h"
#include "NamedCohorts.h"
#include "association/AssociationCsv.h"
#include "radiomics/FeatureCsv.h"
#include "util/AtomicFile.h"
#include "util/CsvText.h"
#include "util/Error.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <sstream>
#include <system_error>

namespace rgw::storage {

namespace {

std::string utcNow() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

std::string reference(const CohortRow& cohort) {
    return cohort.name + "@" + std::to_string(cohort.version);
}

/// The long table's side file, in the keys of the cohort export's.
std::string longProvenanceJson(const std::filesystem::path& out, const CohortRow& cohort,
                               const ParameterSetRow& parameterSet, const FeatureTableReport& r) {
    std::ostringstream json;
    json << "{\n  \"table\": " << jsonString(out.filename().string())
         << ",\n  \"format\": \"long\",\n  \"created_at\": " << jsonString(utcNow())
         << ",\n  \"software_version\": " << jsonString(RGW_VERSION) << ",\n  \"rows\": " << r.rows
         << ",\n  \"columns\": " << r.columns
         << ",\n  \"cohort\": {\"name\": " << jsonString(cohort.name)
         << ", \"version\": " << cohort.version
         << ", \"reference\": " << jsonString(reference(cohort))
         << ", \"definition\": " << jsonString(cohort.definition)
         << ", \"from\": " << jsonString(cohort.fromCohort) << ", \"members\": " << cohort.members
         << ", \"included\": " << cohort.included << "}"
         << ",\n  \"parameter_set\": {\"hash\": " << jsonString(parameterSet.hash)
         << ", \"name\": " << jsonString(parameterSet.name) << "}"
         << ",\n  \"extraction_ids\": [";
    for (std::size_t i = 0; i < r.extractionIds.size(); ++i)
        json << (i ? ", " : "") << r.extractionIds[i];
    json << "]\n}\n";
    return json.str();
}

/// Writes the long table; false when cancelled (nothing written).
bool writeLongTable(Database& db, const FeatureTableOptions& options, const CohortRow& cohort,
                    const ParameterSetRow& parameterSet, const std::filesystem::path& out,
                    FeatureTableReport& report) {
    const std::vector<std::string> patients = NamedCohortRepository(db).includedPatients(cohort.id);
    const auto extractions = newestExtractionsByPatient(db, parameterSet.id);
    FeatureRepository features(db);
    const std::size_t total = patients.size() + 1;
    std::size_t done = 0;
    std::string csv = "patient_id,roi_name,series_uid,extraction_id," +
                      std::string(radiomics::kFeatureCsvHeader) + "\n";
    for (const std::string& patient : patients) {
        if (options.cancel && options.cancel->isCancelled())
            return false;
        if (options.progress)
            options.progress(done, total, "features of " + patient);
        ++done;
        const auto found = extractions.find(patient);
        if (found == extractions.end())
            continue;
        for (const RoiExtraction& e : found->second) {
            const std::string prefix = csvField(patient) + "," + csvField(e.roiName) + "," +
                                       csvField(e.seriesUid) + "," + std::to_string(e.id) + ",";
            for (const radiomics::FeatureValue& v : features.values(e.id).values) {
                csv += prefix + radiomics::featureCsvRecord(v) + "\n";
                ++report.rows;
            }
            report.extractionIds.push_back(e.id);
        }
    }
    if (options.cancel && options.cancel->isCancelled())
        return false;
    if (options.progress)
        options.progress(done, total, "writing " + out.string());
    std::sort(report.extractionIds.begin(), report.extractionIds.end());
    report.columns = 4 + 7;
    writeTextFileAtomically(out, csv);
    try {
        writeTextFileAtomically(report.provenanceFile,
                                longProvenanceJson(out, cohort, parameterSet, report));
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(out, ignored);
        throw;
    }
    if (options.progress)
        options.progress(total, total, "written " + out.string());
    return true;
}

} // namespace

std::optional<FeatureTableFormat> featureTableFormatFromName(std::string_view name) {
    if (name == "wide")
        return FeatureTableFormat::Wide;
    if (name == "long")
        return FeatureTableFormat::Long;
    return std::nullopt;
}

const char* featureTableFormatName(FeatureTableFormat format) {
    return format == FeatureTableFormat::Long ? "long" : "wide";
}

FeatureTableReport exportFeatureTable(Database& db, const FeatureTableOptions& options,
                                      const std::filesystem::path& out) {
    if (options.cohort.empty())
        throw Error("feature table export: no cohort given (NAME or NAME@VERSION)");
    if (options.parameterSet.empty())
        throw Error("feature table export: no parameter set given (a name or hash prefix)");
    const CohortRow cohort = NamedCohortRepository(db).require(options.cohort);
    const ParameterSetRow parameterSet = requireParameterSet(db, options.parameterSet);

    FeatureTableReport report;
    report.cohort = reference(cohort);
    report.parameterSetHash = parameterSet.hash;
    report.provenanceFile = out;
    report.provenanceFile += ".provenance.json";
    if (options.format == FeatureTableFormat::Long) {
        report.cancelled = !writeLongTable(db, options, cohort, parameterSet, out, report);
        if (report.cancelled) {
            report.rows = 0;
            report.extractionIds.clear();
        }
        return report;
    }
    // The wide table is the cohort export's, per ROI and without variables.
    CohortExportOptions wide;
    wide.cohort = report.cohort;
    wide.parameterSet = parameterSet.hash;
    wide.roiRule = RoiRule::EachRoi;
    wide.variables = false;
    wide.cancel = options.cancel;
    wide.progress = options.progress;
    const CohortExportReport written = exportCohortTable(db, wide, out);
    report.cancelled = written.cancelled;
    report.rows = written.rows;
    report.columns = written.columns;
    report.extractionIds = written.extractionIds;
    report.provenanceFile = written.provenanceFile;
    return report;
}

} // namespace rgw::storage
