#include "CohortExport.h"

#include "FeatureRepository.h"
#include "JsonText.h"
#include "NamedCohorts.h"
#include "radiomics/FeatureColumnName.h"
#include "util/CsvText.h"
#include "util/Error.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>
#include <unistd.h>
#include <unordered_map>

namespace rgw::storage {

namespace {

// ------------------------------------------------------------- the cohort

struct Cohort {
    std::optional<CohortRow> row; ///< none: every patient (--all)
    std::optional<CohortSplitRecord> split;
    std::vector<std::string> patients;        ///< included, by patient id
    std::map<std::string, std::string> roles; ///< patient -> "train" / "test"
};

Cohort resolveCohort(Database& db, const std::string& reference) {
    Cohort c;
    if (reference.empty()) {
        Statement& s = db.prepare("SELECT patient_id FROM patients ORDER BY patient_id");
        while (s.step())
            c.patients.push_back(s.text(0));
        s.reset();
        return c;
    }
    NamedCohortRepository cohorts(db);
    c.row = cohorts.require(reference);
    c.split = cohorts.split(c.row->id);
    c.patients = cohorts.includedPatients(c.row->id);
    for (const CohortMember& m : cohorts.members(c.row->id))
        if (!m.split.empty())
            c.roles.emplace(m.patientId, m.split);
    return c;
}

// ------------------------------------------------------ the parameter set

bool isHex(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

} // namespace

ParameterSetRow requireParameterSet(Database& db, const std::string& wanted) {
    std::vector<ParameterSetRow> all;
    Statement& s = db.prepare("SELECT id, hash, canonical_text, name FROM parameter_sets "
                              "ORDER BY id");
    while (s.step())
        all.push_back({s.int64(0), s.text(1), s.text(2), s.text(3)});
    s.reset();
    std::vector<ParameterSetRow> matches;
    for (const ParameterSetRow& p : all)
        if (p.name == wanted)
            matches.push_back(p);
    if (matches.empty() && isHex(wanted)) {
        std::string prefix = wanted;
        std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                       [](char c) { return static_cast<char>(std::tolower(c)); });
        for (const ParameterSetRow& p : all)
            if (p.hash.rfind(prefix, 0) == 0)
                matches.push_back(p);
    }
    const auto describe = [](const std::vector<ParameterSetRow>& rows) {
        std::string text;
        for (const ParameterSetRow& p : rows)
            text += (text.empty() ? "" : ", ") + p.hash.substr(0, 12) +
                    (p.name.empty() ? "" : " (" + p.name + ")");
        return text.empty() ? std::string("none") : text;
    };
    if (matches.size() == 1)
        return matches.front();
    if (matches.empty())
        throw Error("no parameter set named or with a hash starting '" + wanted + "' in " +
                    db.path().string() + "; stored: " + describe(all));
    throw Error("parameter set '" + wanted + "' is ambiguous: it matches " + describe(matches) +
                "; give more of the hash");
}

// ----------------------------------------------------------- the ROIs

std::map<std::string, std::vector<RoiExtraction>> newestExtractionsByPatient(Database& db,
                                                                             Id parameterSetId) {
    std::map<std::string, std::vector<RoiExtraction>> out;
    Statement& s = db.prepare(
        "SELECT fe.id, p.patient_id, fe.series_uid, sg.roi_name, "
        "(SELECT v.value FROM feature_values v WHERE v.extraction_id = fe.id "
        "AND v.family = 'morphology' AND v.ibsi_code = 'YEKZ' AND v.aggregation = '') "
        "FROM feature_extractions fe JOIN segmentations sg ON sg.id = fe.segmentation_id "
        "JOIN patients p ON p.id = sg.patient_id WHERE fe.parameter_set_id = ?1 "
        "AND sg.version = (SELECT MAX(x.version) FROM segmentations x "
        "WHERE x.lineage = sg.lineage) ORDER BY p.patient_id, sg.roi_name, fe.id");
    s.bind(1, parameterSetId);
    while (s.step())
        out[s.text(1)].push_back(
            {s.int64(0), s.text(1), s.text(2), s.text(3), s.isNull(4) ? std::nan("") : s.real(4)});
    s.reset();
    return out;
}

const RoiExtraction* largestRoi(const std::vector<RoiExtraction>& candidates) {
    const RoiExtraction* best = nullptr;
    for (const RoiExtraction& e : candidates) {
        const auto larger = [](const RoiExtraction& a, const RoiExtraction& b) {
            // Most voxels, a known volume before an unknown one, then the lower id.
            if (std::isnan(a.voxelVolume) != std::isnan(b.voxelVolume))
                return !std::isnan(a.voxelVolume);
            if (!std::isnan(a.voxelVolume) && a.voxelVolume != b.voxelVolume)
                return a.voxelVolume > b.voxelVolume;
            return a.id < b.id;
        };
        if (best == nullptr || larger(e, *best))
            best = &e;
    }
    return best;
}

namespace {

using Extraction = RoiExtraction;

/// The extractions a patient's rows take: the largest ROI, the named one,
/// or each; an empty optional is a row without features.
std::vector<std::optional<Extraction>> chooseRois(const std::vector<Extraction>& candidates,
                                                  RoiRule rule, const std::string& roiName) {
    std::vector<std::optional<Extraction>> out;
    if (rule == RoiRule::EachRoi || rule == RoiRule::Mean) {
        for (const Extraction& e : candidates)
            out.emplace_back(e);
    } else {
        std::vector<Extraction> named;
        if (rule == RoiRule::Named)
            for (const Extraction& e : candidates)
                if (e.roiName == roiName)
                    named.push_back(e);
        if (const Extraction* best = largestRoi(rule == RoiRule::Named ? named : candidates))
            out.emplace_back(*best);
    }
    if (out.empty())
        out.emplace_back();
    return out;
}

// ---------------------------------------------------------------- CSV

/// The cell of a variable: mut_ statuses as 1 / 0 / empty.
std::string variableCell(const VariableColumn& column, std::size_t row) {
    if (column.info.numeric)
        return shortestNumber(column.numbers[row]);
    const std::string& text = column.texts[row];
    if (column.info.source == VariableSource::Genomic && column.info.name.rfind("mut_", 0) == 0) {
        if (text == "mutated")
            return "1";
        if (text == "wild-type")
            return "0";
        return {}; // not profiled: empty, never 0
    }
    return text;
}

std::string nowUtc() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

/// Writes `text` to a temporary file beside `file`; returns its path.
std::filesystem::path writeTemporary(const std::filesystem::path& file, const std::string& text) {
    std::filesystem::path temporary = file;
    temporary += ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            std::error_code ignored;
            std::filesystem::remove(temporary, ignored);
            throw Error("cannot write " + file.string() + " (writing " + temporary.string() +
                        " failed)");
        }
    }
    return temporary;
}

void moveIntoPlace(const std::filesystem::path& temporary, const std::filesystem::path& file) {
    std::error_code error;
    std::filesystem::rename(temporary, file, error);
    if (error) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw Error("cannot write " + file.string() + ": " + error.message());
    }
}

std::string jsonList(const std::vector<std::string>& items) {
    std::string text = "[";
    for (std::size_t i = 0; i < items.size(); ++i)
        text += (i ? ", " : "") + jsonString(items[i]);
    return text + "]";
}

const char* roiRuleName(RoiRule rule) {
    switch (rule) {
    case RoiRule::Named:
        return "named";
    case RoiRule::EachRoi:
        return "each";
    case RoiRule::Mean:
        return "mean";
    case RoiRule::Largest:
        break;
    }
    return "largest";
}

struct Provenance {
    const Cohort* cohort = nullptr;
    const CohortExportOptions* options = nullptr;
    std::optional<ParameterSetRow> parameterSet;
    std::vector<Id> extractions;
    std::string table;
    std::size_t rows = 0;
    std::size_t columns = 0;
};

std::string provenanceJson(const Provenance& p) {
    std::ostringstream json;
    // "format": one row per patient (or per ROI), one column per variable;
    // the long feature table's side file says "long" (FeatureTableExport).
    json << "{\n  \"table\": " << jsonString(p.table) << ",\n  \"format\": \"wide\""
         << ",\n  \"created_at\": " << jsonString(nowUtc())
         << ",\n  \"software_version\": " << jsonString(RGW_VERSION) << ",\n  \"rows\": " << p.rows
         << ",\n  \"columns\": " << p.columns << ",\n  \"cohort\": ";
    if (const auto& row = p.cohort->row) {
        json << "{\"name\": " << jsonString(row->name) << ", \"version\": " << row->version
             << ", \"reference\": " << jsonString(row->name + "@" + std::to_string(row->version))
             << ", \"definition\": " << jsonString(row->definition)
             << ", \"from\": " << jsonString(row->fromCohort) << ", \"members\": " << row->members
             << ", \"included\": " << row->included << ", \"split\": ";
        if (const auto& split = p.cohort->split)
            json << "{\"method\": " << jsonString(split->method)
                 << ", \"test_fraction\": " << shortestNumber(split->testFraction)
                 << ", \"variable\": " << jsonString(split->variable)
                 << ", \"seed\": " << split->seed
                 << ", \"created_at\": " << jsonString(split->createdAt)
                 << ", \"created_by\": " << jsonString(split->createdBy) << "}";
        else
            json << "null";
        json << "}";
    } else {
        json << "{\"all_patients\": true, \"patients\": " << p.cohort->patients.size() << "}";
    }
    const CohortExportOptions& o = *p.options;
    json << ",\n  \"sample\": " << jsonString(o.sample == SampleChoice::All ? "all" : "primary")
         << ",\n  \"genes\": " << jsonList(o.selection.genes)
         << ",\n  \"profiles\": " << jsonList(o.selection.profiles) << ",\n  \"parameter_set\": ";
    if (p.parameterSet)
        json << "{\"hash\": " << jsonString(p.parameterSet->hash)
             << ", \"name\": " << jsonString(p.parameterSet->name) << "}";
    else
        json << "null";
    json << ",\n  \"variables\": " << (o.variables ? "true" : "false")
         << ",\n  \"roi_rule\": " << jsonString(roiRuleName(o.roiRule))
         << ",\n  \"roi_name\": " << jsonString(o.roiName) << ",\n  \"extraction_ids\": [";
    for (std::size_t i = 0; i < p.extractions.size(); ++i)
        json << (i ? ", " : "") << p.extractions[i];
    json << "]\n}\n";
    return json.str();
}

} // namespace

CohortExportReport exportCohortTable(Database& db, const CohortExportOptions& options,
                                     const std::filesystem::path& out) {
    CohortExportReport report;
    const auto cancelled = [&] { return options.cancel && options.cancel->isCancelled(); };
    if (options.roiRule == RoiRule::Named && options.roiName.empty())
        throw Error("cohort export: the named-ROI rule needs an ROI name");

    const Cohort cohort = resolveCohort(db, options.cohort);
    std::optional<ParameterSetRow> parameterSet;
    std::map<std::string, std::vector<Extraction>> extractions;
    if (!options.parameterSet.empty()) {
        parameterSet = requireParameterSet(db, options.parameterSet);
        extractions = newestExtractionsByPatient(db, parameterSet->id);
    }

    // Steps: the variables, then each patient's features, then the files.
    const std::size_t total = 1 + cohort.patients.size() + 1;
    std::size_t done = 0;
    const auto progress = [&](const std::string& what) {
        if (options.progress)
            options.progress(done, total, what);
    };
    progress("reading the variables of " + std::to_string(cohort.patients.size()) + " patients");
    CohortVariables variables(db, options.selection);
    const VariableTable table = variables.table(cohort.patients, options.sample);
    ++done;
    if (cancelled()) {
        report.cancelled = true;
        return report;
    }

    // Rows: each variable row (patient or sample) times the patient's ROIs.
    struct Row {
        std::size_t variableRow = 0;
        std::optional<Extraction> roi;
    };
    std::vector<Row> rows;
    std::vector<std::string> featureColumns;
    std::unordered_map<std::string, std::size_t> featureIndex;
    std::unordered_map<Id, std::vector<double>> featureValues; // extraction -> by column
    FeatureRepository features(db);
    std::map<std::string, std::vector<std::optional<Extraction>>> chosen;
    for (const std::string& patient : cohort.patients) {
        if (cancelled()) {
            report.cancelled = true;
            return report;
        }
        progress("features of " + patient);
        static const std::vector<Extraction> kNone;
        const auto found = extractions.find(patient);
        auto& rois = chosen[patient] =
            parameterSet ? chooseRois(found != extractions.end() ? found->second : kNone,
                                      options.roiRule, options.roiName)
                         : std::vector<std::optional<Extraction>>{std::nullopt};
        for (const auto& roi : rois) {
            if (!roi || featureValues.count(roi->id))
                continue;
            std::vector<double>& values = featureValues[roi->id];
            std::set<std::string> seen;
            for (const radiomics::FeatureValue& v : features.values(roi->id).values) {
                const std::string name = radiomics::featureColumnName(v);
                if (!seen.insert(name).second)
                    throw Error("feature extraction " + std::to_string(roi->id) +
                                " has two features named '" + name + "'");
                auto [it, added] = featureIndex.emplace(name, featureColumns.size());
                if (added)
                    featureColumns.push_back(name);
                if (values.size() <= it->second)
                    values.resize(it->second + 1, std::nan(""));
                values[it->second] = v.value;
            }
        }
        ++done;
    }
    // RoiRule::Mean: each patient's ROIs become one aggregate "extraction"
    // with a negative id, its values the means of the values present.
    std::unordered_map<Id, std::vector<Id>> aggregated; // negative id -> the ROIs' extractions
    if (options.roiRule == RoiRule::Mean && parameterSet) {
        Id next = -1;
        for (auto& [patient, rois] : chosen) {
            std::vector<Extraction> present;
            for (const auto& roi : rois)
                if (roi)
                    present.push_back(*roi);
            if (present.empty())
                continue;
            Extraction mean;
            mean.id = next--;
            mean.patientId = patient;
            mean.roiName = "mean of " + std::to_string(present.size()) + " ROIs";
            std::set<std::string> series;
            std::vector<double> sum(featureColumns.size(), 0.0), count(featureColumns.size(), 0.0);
            for (const Extraction& e : present) {
                series.insert(e.seriesUid);
                aggregated[mean.id].push_back(e.id);
                const std::vector<double>& values = featureValues.at(e.id);
                for (std::size_t f = 0; f < values.size(); ++f)
                    if (!std::isnan(values[f])) {
                        sum[f] += values[f];
                        count[f] += 1;
                    }
            }
            for (const std::string& uid : series)
                mean.seriesUid += (mean.seriesUid.empty() ? "" : ";") + uid;
            std::vector<double>& values = featureValues[mean.id];
            values.resize(featureColumns.size());
            for (std::size_t f = 0; f < values.size(); ++f)
                values[f] = count[f] > 0 ? sum[f] / count[f] : std::nan("");
            rois = {mean};
        }
    }
    for (std::size_t r = 0; r < table.rowCount(); ++r)
        for (const auto& roi : chosen.at(table.patientIds[r]))
            rows.push_back({r, roi});

    // The header and the cells.
    const bool perSample = options.sample == SampleChoice::All;
    std::vector<std::string> header{"patient_id"};
    if (perSample)
        header.push_back("sample_id");
    if (parameterSet) {
        header.push_back("roi_name");
        header.push_back("series_uid");
    }
    header.push_back("split");
    std::set<std::string> names(header.begin(), header.end());
    for (const VariableColumn& c : table.columns) {
        if (!options.variables)
            break;
        if (!names.insert(c.info.name).second)
            throw Error("cohort export: variable '" + c.info.name +
                        "' has the name of another column");
        header.push_back(c.info.name);
    }
    for (const std::string& f : featureColumns) {
        if (!names.insert(f).second)
            throw Error("cohort export: feature column '" + f + "' has the name of another column");
        header.push_back(f);
    }

    std::string csv;
    const auto line = [&csv](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i)
            csv += (i ? "," : "") + csvField(cells[i]);
        csv += "\r\n";
    };
    line(header);
    std::vector<Id> usedExtractions;
    for (const Row& row : rows) {
        const std::size_t r = row.variableRow;
        const std::string& patient = table.patientIds[r];
        std::vector<std::string> cells{patient};
        cells.reserve(header.size());
        if (perSample)
            cells.push_back(table.sampleIds[r]);
        if (parameterSet) {
            cells.push_back(row.roi ? row.roi->roiName : "");
            cells.push_back(row.roi ? row.roi->seriesUid : "");
        }
        const auto role = cohort.roles.find(patient);
        cells.push_back(role != cohort.roles.end() ? role->second : "");
        if (options.variables)
            for (const VariableColumn& c : table.columns)
                cells.push_back(variableCell(c, r));
        if (parameterSet) {
            const std::vector<double>* values = row.roi ? &featureValues.at(row.roi->id) : nullptr;
            for (std::size_t f = 0; f < featureColumns.size(); ++f)
                cells.push_back(values && f < values->size() ? shortestNumber((*values)[f]) : "");
            if (!row.roi) {
                ++report.patientsWithoutFeatures;
            } else {
                const auto sources = aggregated.find(row.roi->id);
                const std::vector<Id> ids =
                    sources != aggregated.end() ? sources->second : std::vector<Id>{row.roi->id};
                for (const Id id : ids)
                    if (std::find(usedExtractions.begin(), usedExtractions.end(), id) ==
                        usedExtractions.end())
                        usedExtractions.push_back(id);
            }
        }
        line(cells);
    }
    if (cancelled()) {
        report.cancelled = true;
        return report;
    }
    progress("writing " + out.string());

    report.rows = rows.size();
    report.columns = header.size();
    report.featureColumns = featureColumns.size();
    report.provenanceFile = out;
    report.provenanceFile += ".provenance.json";
    std::sort(usedExtractions.begin(), usedExtractions.end());
    report.extractionIds = usedExtractions;
    Provenance provenance{
        &cohort,     &options,      parameterSet, usedExtractions, out.filename().string(),
        report.rows, report.columns};
    const std::filesystem::path tableTemporary = writeTemporary(out, csv);
    std::filesystem::path provenanceTemporary;
    try {
        provenanceTemporary = writeTemporary(report.provenanceFile, provenanceJson(provenance));
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(tableTemporary, ignored);
        throw;
    }
    moveIntoPlace(tableTemporary, out);
    moveIntoPlace(provenanceTemporary, report.provenanceFile);
    ++done;
    progress("written " + out.string());
    return report;
}

} // namespace rgw::storage
