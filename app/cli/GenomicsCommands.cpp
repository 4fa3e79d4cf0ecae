// rgw-cli genomics import / clinical import: read a source with
// genomics::readGenomicSource (the GUI's reader too) and store it with
// storage::importGenomicData. Wiring only.
#include "CliCommands.h"
#include "CliConsole.h"
#include "CliJson.h"
#include "Database.h"
#include "GenomicsImport.h"
#include "genomics/GenomicSource.h"
#include "genomics/Identity.h"
#include "util/Text.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cstdio>

namespace rgw::cli {

const char* const kGenomicsHelp =
    R"(usage: rgw-cli [--db PATH] genomics import PATH [--mapping FILE] [--aliases FILE]
                                     [--panel FILE] [--whole-exome] [--tumor-sample NAME]
                                     [--on-error abort|skip] [--json]

Imports genomic and clinical data into the cohort database, linked to the
imaging patients. PATH is one of:
  a cBioPortal study folder  (meta_study.txt, meta_*.txt and their data files:
                             clinical, MAF mutations, gene x sample matrices,
                             gene panels, case lists; unused data types are
                             listed as skipped with the reason)
  FILE.vcf[.gz]              a single-sample somatic VCF annotated by VEP (CSQ)
                             or SnpEff (ANN), or a multi-sample germline VCF
  FILE.raw                   PLINK --recode A dosages
  FILE.csv|.tsv|.txt         a table with its column mapping (--mapping)
Ids link to patients by their DICOM PatientID, by an alias, or by the TCGA
barcode rule (sample TCGA-XX-XXXX-01A -> patient TCGA-XX-XXXX); ids that match
no stored patient create one and are listed as unmatched. A gene counts as
wild-type only where the profile sequenced it (case lists, panels); elsewhere
it is "not profiled".
The import is one transaction: by default any problem in the data (listed with
file, line and column) imports nothing (exit status 6); re-importing the same
data changes nothing.

options:
  --mapping FILE        a table's column mapping (YAML, see
                        resources/mapping/README.md); for other sources an
                        alias file as --aliases
  --aliases FILE        CSV/TSV with columns patient_id, alias [, kind]: ids
                        used by the source for each DICOM PatientID
  --panel FILE          somatic VCF: the gene panel sequenced (cBioPortal gene
                        panel file); without it or --whole-exome only genes
                        with a call count as profiled
  --whole-exome         somatic VCF: every gene was sequenced
  --tumor-sample NAME   somatic VCF: the tumour column of a tumour/normal file
  --on-error MODE       abort (default: all or nothing) or skip (import the
                        valid records, list the others)
  --json                print the report as one JSON object: format,
                        patients_added, samples_added, profiles [{name,
                        stable_id, kind, records, outcome}], skipped_files
                        [{file, reason}], unmatched_ids, errors [{file, line,
                        column, message}], imported, unchanged, cancelled,
                        seconds
  --help                show this help
)";

const char* const kClinicalHelp =
    R"(usage: rgw-cli [--db PATH] clinical import TABLE --mapping FILE [--aliases FILE]
                                     [--on-error abort|skip] [--json]

Imports a clinical or biomarker table (CSV or TSV) through its column mapping
(YAML: id column and level, each column's attribute, type and description, or
its role as a single-gene test, subtype call or assay score; see
resources/mapping/README.md). Values are checked per cell (numbers, dates,
booleans); missing values stay missing. Otherwise as genomics import.

options:
  --mapping FILE    the column mapping (required)
  --aliases FILE    CSV/TSV with columns patient_id, alias [, kind]
  --on-error MODE   abort (default) or skip
  --json            print the report as JSON (as genomics import)
  --help            show this help
)";

namespace {

QJsonObject toJson(const storage::GenomicsImportReport& r, genomics::SourceFormat format) {
    QJsonObject o;
    o["format"] = genomics::sourceFormatName(format);
    o["patients_added"] = qint64(r.patientsAdded);
    o["samples_added"] = qint64(r.samplesAdded);
    o["clinical_values_added"] = qint64(r.clinicalValuesAdded);
    o["clinical_values_changed"] = qint64(r.clinicalValuesChanged);
    QJsonArray profiles;
    for (const auto& p : r.profiles)
        profiles.append(QJsonObject{{"name", QString::fromStdString(p.name)},
                                    {"stable_id", QString::fromStdString(p.stableId)},
                                    {"kind", QString::fromStdString(p.kind)},
                                    {"records", qint64(p.records)},
                                    {"samples", qint64(p.samples)},
                                    {"outcome", storage::toString(p.outcome)}});
    o["profiles"] = profiles;
    QJsonArray skipped;
    for (const auto& s : r.skippedFiles)
        skipped.append(QJsonObject{{"file", QString::fromStdString(s.file)},
                                   {"reason", QString::fromStdString(s.reason)}});
    o["skipped_files"] = skipped;
    QJsonArray unmatched;
    for (const auto& id : r.unmatchedIds)
        unmatched.append(QString::fromStdString(id));
    o["unmatched_ids"] = unmatched;
    QJsonArray errors;
    for (const auto& e : r.errors)
        errors.append(QJsonObject{{"file", QString::fromStdString(e.where.file)},
                                  {"line", qint64(e.where.line)},
                                  {"column", QString::fromStdString(e.where.column)},
                                  {"message", QString::fromStdString(e.message)}});
    o["errors"] = errors;
    o["imported"] = r.imported;
    o["unchanged"] = r.unchanged;
    o["cancelled"] = r.cancelled;
    o["seconds"] = r.seconds;
    return o;
}

void printReport(const storage::GenomicsImportReport& r, genomics::SourceFormat format) {
    std::printf("Source:               %s\n", genomics::sourceFormatName(format));
    std::printf("Patients added:       %zu\n", r.patientsAdded);
    std::printf("Samples added:        %zu\n", r.samplesAdded);
    std::printf("Clinical values:      %zu added, %zu changed\n", r.clinicalValuesAdded,
                r.clinicalValuesChanged);
    for (const auto& p : r.profiles)
        std::printf("  profile %s (%s): %zu records, %zu samples, %s\n", p.stableId.c_str(),
                    p.kind.c_str(), p.records, p.samples, storage::toString(p.outcome));
    for (const auto& s : r.skippedFiles)
        std::printf("  skipped %s: %s\n", s.file.c_str(), s.reason.c_str());
    if (!r.unmatchedIds.empty()) {
        std::printf("Unmatched ids (new patients without images): %zu\n", r.unmatchedIds.size());
        for (const auto& id : r.unmatchedIds)
            std::printf("  %s\n", id.c_str());
    }
    for (const auto& e : r.errors)
        std::printf("  problem %s\n", e.describe().c_str());
    std::printf("Time:                 %.2f s%s%s\n", r.seconds, r.unchanged ? " (unchanged)" : "",
                r.cancelled ? " (cancelled)" : "");
}

std::filesystem::path existing(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw NotFoundError("no such file or folder: " + path);
    return path;
}

bool isColumnMapping(const std::filesystem::path& file) {
    const std::string ext = asciiLower(file.extension().string());
    return ext == ".yaml" || ext == ".yml";
}

/// Shared by genomics import and clinical import.
int importSource(const CliContext& context, const ParsedArgs& parsed, bool tablesOnly) {
    const std::filesystem::path source = existing(parsed.positional.at(1));
    const auto format = genomics::detectSourceFormat(source);
    if (tablesOnly && format != genomics::SourceFormat::MappedTable)
        throw UsageError("clinical import takes a CSV/TSV table; use genomics import for " +
                         std::string(genomics::sourceFormatName(format)) + " sources");

    genomics::GenomicSourceOptions options;
    storage::GenomicsImportOptions importOptions;
    std::optional<std::filesystem::path> aliasFile;
    if (const std::string* m = parsed.value("--mapping")) {
        const auto mapping = existing(*m);
        if (format == genomics::SourceFormat::MappedTable) {
            if (!isColumnMapping(mapping))
                throw UsageError("--mapping for a table is its column mapping (.yaml/.yml), not " +
                                 mapping.string());
            options.tableMapping = mapping;
        } else {
            aliasFile = mapping;
        }
    } else if (format == genomics::SourceFormat::MappedTable) {
        throw UsageError("a table needs --mapping FILE.yaml (its column mapping)");
    }
    if (const std::string* a = parsed.value("--aliases"))
        aliasFile = existing(*a);
    if (aliasFile)
        importOptions.aliases = genomics::readAliasFile(*aliasFile);
    if (const std::string* p = parsed.value("--panel"))
        options.genePanel = existing(*p);
    options.wholeExome = parsed.has("--whole-exome");
    if (const std::string* t = parsed.value("--tumor-sample"))
        options.tumorSample = *t;
    if (format != genomics::SourceFormat::Vcf &&
        (options.genePanel || options.wholeExome || !options.tumorSample.empty()))
        throw UsageError("--panel, --whole-exome and --tumor-sample are for somatic VCF files");
    if (const std::string* mode = parsed.value("--on-error")) {
        if (*mode == "skip")
            importOptions.onError = storage::OnError::Skip;
        else if (*mode != "abort")
            throw UsageError("--on-error takes abort or skip, not '" + *mode + "'");
    }

    const genomics::GenomicDataSet data = genomics::readGenomicSource(source, options);
    storage::Database db(context.databasePath());
    SigintCancel sigint;
    ConsoleProgress progress("importing");
    importOptions.cancel = sigint.token();
    importOptions.progress = progress.callback();
    const auto report = storage::importGenomicData(db, data, importOptions);
    progress.finish();
    if (parsed.has("--json"))
        printJson(toJson(report, format));
    else
        printReport(report, format);
    if (report.cancelled) {
        std::fprintf(stderr, "rgw-cli: error: import cancelled; nothing was written\n");
        return kExitCancelled;
    }
    if (!report.imported) {
        std::fprintf(stderr,
                     "rgw-cli: error: %zu problem(s) in the data; nothing imported (first: %s). "
                     "Fix them, or import the valid records with --on-error skip\n",
                     report.errors.size(),
                     report.errors.empty() ? "?" : report.errors.front().describe().c_str());
        return kExitBadData;
    }
    return kExitOk;
}

} // namespace

int runGenomics(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed = parseArgs(
        "genomics", args, {"--mapping", "--aliases", "--panel", "--tumor-sample", "--on-error"},
        {"--whole-exome", "--json"});
    if (parsed.positional.size() != 2 || parsed.positional[0] != "import")
        throw UsageError("usage: genomics import PATH (see rgw-cli genomics --help)");
    return importSource(context, parsed, false);
}

int runClinical(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed =
        parseArgs("clinical", args, {"--mapping", "--aliases", "--on-error"}, {"--json"});
    if (parsed.positional.size() != 2 || parsed.positional[0] != "import")
        throw UsageError(
            "usage: clinical import TABLE --mapping FILE (see rgw-cli clinical --help)");
    return importSource(context, parsed, true);
}

} // namespace rgw::cli
