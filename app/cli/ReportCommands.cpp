// rgw-cli report study|patient: the study report of a named cohort
// (storage/StudyReport.h) or the report of one patient
// (storage/PatientReport.h), drawn to PDF or HTML by the same renderer as the
// GUI's File > Export study report (ui/report, headless here).
#include "CliCommands.h"
#include "CliConsole.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "NamedCohorts.h"
#include "PatientReport.h"
#include "StudyReport.h"
#include "report/HeadlessGui.h"
#include "report/ReportRenderer.h"
#include "util/Error.h"

#include <cstdio>
#include <filesystem>

namespace rgw::cli {

const char* const kReportHelp =
    R"(usage: rgw-cli [--db PATH] report study --cohort NAME[@VERSION] --out REPORT.pdf|REPORT.html
                                 [--sections methods,cohort,results,checklists,patients]
                                 [--associations MAP.csv[,TABLE.csv...]] [--date YYYY-MM-DD]
       rgw-cli [--db PATH] report patient PATIENT_ID --out F.pdf|F.html [--params HASH]

study: the study report of a named cohort, written from the database's
provenance: methods (image acquisition from the DICOM headers, segmentation
sources and versions, the radiomics parameter set in IBSI terms with its
hash, each model's protocol, software versions), the cohort (flow diagram
from the curation record, Table 1 by split with its tests), results (every
model trained on the cohort evaluated on its test split: ROC with DeLong CI,
calibration, decision curve, Kaplan-Meier by risk group with log-rank,
C-index, coefficients with odds/hazard ratios, nomogram; association maps
given with --associations, computed by 'rgw-cli assoc map|groups' on this
cohort), the CLEAR checklist and the Radiomics Quality Score (every item the
database records filled in and cited; the others left for the author) and a
per-patient appendix (key image with the ROI contour, ROI statistics, main
features, genomic results, predictions with model version).
patient: the same per-patient content as a report of its own.

The PDF has a table of contents, page numbers and embedded fonts; the HTML
file has the same content with its figures as SVG files in <name>_files/.

options:
  --cohort NAME       cohort name, or NAME@VERSION (default: latest version)
  --out FILE          .pdf or .html (replaced)
  --sections LIST     the parts to include, comma-separated (default: all)
  --associations LIST association tables (CSV with their .provenance.json)
  --params HASH       parameter set whose features the patient report shows
                      (hash or a prefix of at least 6 hex digits)
  --date YYYY-MM-DD   the date printed in the report (default: today, UTC)
  --help              show this help
Ctrl-C stops the work; nothing is written then (exit status 130).
)";

namespace {

std::filesystem::path requireOut(const ParsedArgs& parsed, const char* command) {
    const std::string* out = parsed.value("--out");
    if (!out || out->empty())
        throw UsageError(std::string(command) + " needs --out FILE.pdf or FILE.html");
    std::string extension = std::filesystem::path(*out).extension().string();
    for (char& c : extension)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (extension != ".pdf" && extension != ".html" && extension != ".htm")
        throw UsageError(std::string(command) + " --out " + *out +
                         ": the report is written as .pdf or .html");
    return *out;
}

std::vector<std::string> commaList(const std::string& text) {
    std::vector<std::string> items;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        if (comma > start)
            items.push_back(text.substr(start, comma - start));
        start = comma + 1;
    }
    return items;
}

/// Renders `document` to `out` with progress on stderr; the exit status.
int render(const report::Document& document, const std::filesystem::path& out,
           const SigintCancel& sigint) {
    reportrender::HeadlessGui gui;
    ConsoleProgress progress("writing " + out.filename().string());
    reportrender::RenderOptions options;
    options.progress = progress.callback();
    options.cancel = sigint.token();
    try {
        reportrender::writeReport(document, out, options);
    } catch (const reportrender::RenderCancelled&) {
        std::fprintf(stderr, "rgw-cli: error: report cancelled; nothing was written\n");
        return kExitCancelled;
    }
    progress.finish();
    return kExitOk;
}

int studyCommand(const CliContext& context, const ParsedArgs& parsed) {
    const std::string* cohort = parsed.value("--cohort");
    if (!cohort || cohort->empty())
        throw UsageError("report study needs --cohort NAME");
    const std::filesystem::path out = requireOut(parsed, "report study");
    storage::StudyReportOptions options;
    if (const std::string* sections = parsed.value("--sections")) {
        options.sections.clear();
        for (const std::string& name : commaList(*sections)) {
            const auto section = storage::studyReportSectionFromName(name);
            if (!section)
                throw UsageError("--sections: unknown section '" + name +
                                 "' (methods, cohort, results, checklists, patients)");
            options.sections.push_back(*section);
        }
        if (options.sections.empty())
            throw UsageError("--sections names no section");
    }
    if (const std::string* tables = parsed.value("--associations"))
        for (const std::string& file : commaList(*tables)) {
            std::error_code ec;
            if (!std::filesystem::is_regular_file(file, ec))
                throw NotFoundError("no such file: " + file);
            options.results.associationTables.emplace_back(file);
        }
    if (const std::string* date = parsed.value("--date"))
        options.date = *date;
    if (const std::string* params = parsed.value("--params"))
        options.patients.parameterSetHash = *params;

    storage::Database db(context.databasePath());
    (void)requireCohort(db, *cohort);
    SigintCancel sigint;
    report::Document document;
    {
        ConsoleProgress progress("assembling the study report");
        options.progress = progress.callback();
        options.cancel = sigint.token();
        try {
            document = storage::studyReport(db, *cohort, options);
        } catch (const Error&) {
            if (sigint.cancelled()) {
                std::fprintf(stderr, "rgw-cli: error: report cancelled; nothing was written\n");
                return kExitCancelled;
            }
            throw;
        }
        progress.finish();
    }
    const int status = render(document, out, sigint);
    if (status == kExitOk)
        std::printf("Wrote the study report of %s to %s (%zu sections)\n", cohort->c_str(),
                    out.string().c_str(), document.sections.size());
    return status;
}

int patientCommand(const CliContext& context, const ParsedArgs& parsed) {
    if (parsed.positional.size() != 2)
        throw UsageError("report patient needs one PATIENT_ID");
    const std::string& patientId = parsed.positional[1];
    const std::filesystem::path out = requireOut(parsed, "report patient");
    storage::PatientReportOptions options;
    if (const std::string* params = parsed.value("--params"))
        options.parameterSetHash = *params;
    if (const std::string* date = parsed.value("--date"))
        options.date = *date;
    storage::Database db(context.databasePath());
    if (!storage::PatientRepository(db).find(patientId))
        throw NotFoundError("patient " + patientId + " is not in " + db.path().string());
    SigintCancel sigint;
    report::Document document = storage::patientReport(db, patientId, options);
    report::numberDocument(document);
    const int status = render(document, out, sigint);
    if (status == kExitOk)
        std::printf("Wrote the report of patient %s to %s\n", patientId.c_str(),
                    out.string().c_str());
    return status;
}

} // namespace

int runReport(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed =
        parseArgs("report", args,
                  {"--cohort", "--out", "--sections", "--associations", "--params", "--date"}, {});
    if (parsed.positional.empty())
        throw UsageError("report needs study or patient (see rgw-cli report --help)");
    const std::string& kind = parsed.positional.front();
    if (kind == "study") {
        if (parsed.positional.size() != 1)
            throw UsageError("report study takes no positional argument ('" + parsed.positional[1] +
                             "')");
        return studyCommand(context, parsed);
    }
    if (kind == "patient")
        return patientCommand(context, parsed);
    throw UsageError("unknown report '" + kind + "' (study, patient)");
}

} // namespace rgw::cli
