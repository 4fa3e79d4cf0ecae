#include "CliCommands.h"
#include "CliJson.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "SegmentationRepository.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace rgw::cli {
namespace {

/// A plain text table: header row, then rows, columns padded to their widest cell.
void printTable(const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> width(header.size());
    for (std::size_t c = 0; c < header.size(); ++c)
        width[c] = header[c].size();
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c)
            width[c] = std::max(width[c], row[c].size());
    const auto printRow = [&](const std::vector<std::string>& row) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            line += row[c];
            if (c + 1 < row.size())
                line += std::string(width[c] - row[c].size() + 2, ' ');
        }
        std::printf("%s\n", line.c_str());
    };
    printRow(header);
    for (const auto& row : rows)
        printRow(row);
}

std::string text(const std::optional<int>& v) {
    return v ? std::to_string(*v) : "";
}

} // namespace

int runList(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed = parseArgs("list", args, {}, {"--json"});
    if (parsed.positional.size() != 1)
        throw UsageError("list needs one of: patients, studies, series, segmentations");
    const std::string& what = parsed.positional.front();
    if (what != "patients" && what != "studies" && what != "series" && what != "segmentations")
        throw UsageError("cannot list '" + what +
                         "': choose patients, studies, series or segmentations");
    const bool json = parsed.has("--json");

    storage::Database db(context.databasePath());
    storage::PatientRepository patients(db);
    const auto patientRows = patients.list();
    std::map<storage::Id, std::string> patientIdOfRow;
    for (const auto& p : patientRows)
        patientIdOfRow[p.id] = p.patientId;

    QJsonArray array;
    std::vector<std::vector<std::string>> rows;
    if (what == "patients") {
        for (const auto& p : patientRows) {
            array.append(toJson(p));
            rows.push_back({p.patientId, p.patientName, p.patientBirthDate, p.patientSex,
                            std::to_string(p.studyCount)});
        }
        if (!json)
            printTable({"PATIENT_ID", "NAME", "BIRTH_DATE", "SEX", "STUDIES"}, rows);
    } else if (what == "studies") {
        storage::StudyRepository studies(db);
        for (const auto& p : patientRows)
            for (const auto& s : studies.listForPatient(p.id)) {
                array.append(toJson(s, p.patientId));
                rows.push_back({p.patientId, s.studyInstanceUid, s.studyDate, s.studyDescription,
                                std::to_string(s.seriesCount)});
            }
        if (!json)
            printTable({"PATIENT_ID", "STUDY_UID", "DATE", "DESCRIPTION", "SERIES"}, rows);
    } else if (what == "series") {
        for (const auto& s : storage::SeriesRepository(db).listAll()) {
            array.append(toJson(s));
            rows.push_back({s.patientId, s.seriesInstanceUid, s.modality, text(s.seriesNumber),
                            s.seriesDescription, std::to_string(s.instanceCount),
                            std::to_string(s.segmentationCount)});
        }
        if (!json)
            printTable({"PATIENT_ID", "SERIES_UID", "MODALITY", "NUMBER", "DESCRIPTION",
                        "INSTANCES", "SEGMENTATIONS"},
                       rows);
    } else {
        for (const auto& s : storage::SegmentationRepository(db).listAll()) {
            const std::string& patientId = patientIdOfRow[s.patientRowId];
            array.append(toJson(s, patientId));
            rows.push_back({std::to_string(s.id), patientId, s.roiName, storage::toString(s.source),
                            std::to_string(s.version), s.referencedSeriesInstanceUid});
        }
        if (!json)
            printTable({"ID", "PATIENT_ID", "ROI_NAME", "SOURCE", "VERSION", "SERIES_UID"}, rows);
    }
    if (json)
        printJson(array);
    return 0;
}

} // namespace rgw::cli
