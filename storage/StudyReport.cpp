#include "StudyReport.h"

#include "NamedCohorts.h"
#include "ReportCohort.h"
#include "ReportMethods.h"
#include "StudyReportFacts.h"
#include "util/Error.h"
#include "util/UtcTime.h"

#include <algorithm>
#include <array>

namespace rgw::storage {
namespace {

constexpr std::array<std::pair<StudyReportSection, const char*>, 5> kSectionNames{{
    {StudyReportSection::Methods, "methods"},
    {StudyReportSection::Cohort, "cohort"},
    {StudyReportSection::Results, "results"},
    {StudyReportSection::Checklists, "checklists"},
    {StudyReportSection::Patients, "patients"},
}};

void checkCancel(const CancelToken* cancel) {
    if (cancel && cancel->isCancelled())
        throw Error("cancelled");
}

} // namespace

const char* studyReportSectionName(StudyReportSection section) {
    for (const auto& [s, name] : kSectionNames)
        if (s == section)
            return name;
    return "unknown";
}

std::optional<StudyReportSection> studyReportSectionFromName(std::string_view name) {
    for (const auto& [s, text] : kSectionNames)
        if (name == text)
            return s;
    return std::nullopt;
}

std::vector<StudyReportSection> allStudyReportSections() {
    std::vector<StudyReportSection> all;
    for (const auto& entry : kSectionNames)
        all.push_back(entry.first);
    return all;
}

report::Document studyReport(Database& db, const std::string& cohortName,
                             const StudyReportOptions& options) {
    if (options.sections.empty())
        throw Error("study report: no section chosen");
    const auto wanted = [&](StudyReportSection s) {
        return std::find(options.sections.begin(), options.sections.end(), s) !=
               options.sections.end();
    };
    NamedCohortRepository cohorts(db);
    const CohortRow cohort = cohorts.require(cohortName);
    const std::string key = cohort.name + "@" + std::to_string(cohort.version);

    report::Document doc;
    doc.title = "Study report — cohort " + key;
    doc.subtitle = {std::to_string(cohort.included) + " included of " +
                        std::to_string(cohort.members) + " members" +
                        (cohort.definition.empty() ? "" : "; definition: " + cohort.definition),
                    "Generated " + (options.date.empty() ? utcDate() : options.date) +
                        " by Radiogenomics Workstation " + RGW_VERSION,
                    "Database: " + db.path().filename().string()};

    // The parts before the appendix count one step each; the appendix one per patient.
    const std::size_t patients =
        wanted(StudyReportSection::Patients) ? cohorts.includedPatients(cohort.id).size() : 0;
    std::size_t steps = 0;
    for (const auto s : {StudyReportSection::Methods, StudyReportSection::Cohort,
                         StudyReportSection::Results, StudyReportSection::Checklists})
        steps += wanted(s) ? 1 : 0;
    const std::size_t total = steps + patients;
    std::size_t done = 0;
    const auto step = [&](const char* what) {
        checkCancel(options.cancel);
        if (options.progress)
            options.progress(done, total, what);
    };

    if (wanted(StudyReportSection::Methods)) {
        step("methods");
        appendMethods(db, cohort, doc);
        ++done;
    }
    if (wanted(StudyReportSection::Cohort)) {
        step("cohort");
        appendCohort(db, cohort, doc);
        ++done;
    }
    if (wanted(StudyReportSection::Results)) {
        step("results");
        ResultsOptions results = options.results;
        results.cancel = options.cancel;
        appendResults(db, cohort, results, doc);
        ++done;
    }
    if (wanted(StudyReportSection::Checklists)) {
        step("checklists");
        // The facts see the parts above, so every citation has its target.
        // The appendix shows no checklist item, so it may follow.
        report::appendChecklists(studyFacts(db, cohort, doc), doc);
        ++done;
    }
    if (wanted(StudyReportSection::Patients)) {
        checkCancel(options.cancel);
        const ProgressFn perPatient = [&](std::size_t n, std::size_t, const std::string& what) {
            if (options.progress)
                options.progress(done + n, total, what);
        };
        appendPatientAppendix(db, cohort, options.patients, doc, perPatient, options.cancel);
    }
    if (options.progress)
        options.progress(total, total, "done");
    report::numberDocument(doc);
    return doc;
}

} // namespace rgw::storage
