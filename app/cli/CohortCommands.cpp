// rgw-cli cohort create | exclude | include | split | list | show | export | qc:
// named cohorts through storage's cohort services (the cohort page's too).
// Wiring only.
#include "AuditLog.h"
#include "CliCommands.h"
#include "CliConsole.h"
#include "CliJson.h"
#include "CohortCreation.h"
#include "CohortExport.h"
#include "CohortRepositories.h"
#include "CohortSplitting.h"
#include "CohortVariables.h"
#include "Database.h"
#include "NamedCohorts.h"
#include "TableInput.h"
#include "cohort/Split.h"
#include "util/Error.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

namespace rgw::cli {

const char* const kCohortHelp =
    R"(usage: rgw-cli [--db PATH] cohort SUBCOMMAND ...

  cohort create NAME [--where EXPR] [--from COHORT]
      Freezes the patients matching EXPR (all patients, or the included
      members of COHORT) as the next version of NAME. EXPR is the filter
      language of the cohort page, e.g.
        "mut_EGFR is mutated and AGE >= 50 and has_CT is true"
        "(SUBTYPE = LumA or SUBTYPE = LumB) and os_time is not missing"
      Variables: clinical attribute ids (OS_MONTHS, AGE, ...), os_time /
      os_event (dfs_, pfs_), mut_<GENE> (mutated | wild-type | not-profiled),
      cna_, expr_, meth_, prot_<GENE>, subtype_ / score_<PROFILE>,
      snp_<VARIANT>, has_<MODALITY>, has_segmentation, qc_<MODALITY>.
      Missing values never satisfy a comparison: ask "X is missing". An
      unknown variable is an error.
  cohort exclude NAME PATIENT --reason TEXT
  cohort include NAME PATIENT --reason TEXT      (takes an exclusion back)
      Curation decisions, recorded with who and when in the audit log and
      counted by reason in the cohort's flow.
  cohort split NAME --test-fraction F [--stratify VAR | --by VAR] --seed S
  cohort split NAME --assign FILE.csv            (columns patient_id, split)
      Train/test assignment of the included members: stratified random
      (--stratify: within each value of VAR), by group (--by: whole sites
      go to test, for external validation) or imported. The seed is stored;
      the same members and seed give the same split on every machine.
  cohort list [--json]                           every cohort and version
  cohort show NAME[@VERSION] [--json]            definition, members, flow
  cohort export NAME[@VERSION]|--all --out TABLE.csv [--sample primary|all]
          [--features PARAMSET] [--roi largest|mean|each|NAME]
          [--genes G1,G2,...] [--profiles P1,P2,...]
      One row per included patient (per sample with --sample all, per ROI
      with --roi each): patient_id, split, clinical attributes, derived
      outcomes, genomic labels (mut_ 1 / 0 / empty = not profiled), imaging
      availability and, with --features, the radiomic features of that
      parameter set as <family>.<feature>[.<aggregation>] of the ROI chosen
      by --roi (default: the largest ROI; mean: each feature the mean over
      the patient's ROIs that have it). Missing values are empty cells.
      Writes TABLE.csv.provenance.json beside it.
  cohort qc SERIES_UID --verdict pass|questionable|fail [--note TEXT]
      Records a reviewer's QC verdict on an image series (usable as the
      filter variable qc_<MODALITY>).

options:
  --json   print the result as JSON
  --help   show this help
)";

storage::CohortRow requireCohort(storage::Database& db, const std::string& nameAtVersion) {
    try {
        return storage::NamedCohortRepository(db).require(nameAtVersion);
    } catch (const Error& e) {
        throw NotFoundError(e.what());
    }
}

namespace {

std::string who() {
    return storage::currentUserName();
}

std::string label(const storage::CohortRow& c) {
    return c.name + "@" + std::to_string(c.version);
}

QJsonObject toJson(const storage::CohortRow& c) {
    return QJsonObject{{"name", QString::fromStdString(c.name)},
                       {"version", c.version},
                       {"definition", QString::fromStdString(c.definition)},
                       {"from", QString::fromStdString(c.fromCohort)},
                       {"candidates", qint64(c.candidates)},
                       {"members", qint64(c.members)},
                       {"included", qint64(c.included)},
                       {"created_at", QString::fromStdString(c.createdAt)},
                       {"created_by", QString::fromStdString(c.createdBy)}};
}

QJsonObject toJson(const storage::CohortFlow& flow) {
    QJsonArray steps;
    for (const auto& s : flow.steps)
        steps.append(QJsonObject{{"reason", QString::fromStdString(s.reason)},
                                 {"excluded", qint64(s.excluded)}});
    QJsonObject perSplit;
    for (const auto& [role, n] : flow.perSplit)
        perSplit[QString::fromStdString(role)] = qint64(n);
    return QJsonObject{{"started", qint64(flow.started)},
                       {"steps", steps},
                       {"final", qint64(flow.final)},
                       {"per_split", perSplit}};
}

void printFlow(const storage::CohortFlow& flow) {
    std::printf("Flow: started with %zu\n", flow.started);
    for (const auto& s : flow.steps)
        std::printf("  excluded %zu: %s\n", s.excluded, s.reason.c_str());
    std::printf("  final %zu", flow.final);
    for (const auto& [role, n] : flow.perSplit)
        std::printf(", %s %zu", role.c_str(), n);
    std::printf("\n");
}

int create(storage::Database& db, const ParsedArgs& parsed) {
    if (parsed.positional.size() != 2)
        throw UsageError("usage: cohort create NAME [--where EXPR] [--from COHORT]");
    storage::CohortDefinition definition;
    definition.name = parsed.positional[1];
    if (const auto* w = parsed.value("--where"))
        definition.where = *w;
    if (const auto* f = parsed.value("--from")) {
        requireCohort(db, *f);
        definition.fromCohort = *f;
    }
    const auto row = storage::createCohort(db, definition, who());
    if (parsed.has("--json")) {
        printJson(toJson(row));
        return kExitOk;
    }
    std::printf("Cohort %s: %zu of %zu patients%s%s\n", label(row).c_str(), row.members,
                row.candidates, row.definition.empty() ? "" : " where ", row.definition.c_str());
    return kExitOk;
}

int decide(storage::Database& db, const ParsedArgs& parsed, bool exclude) {
    const char* verb = exclude ? "exclude" : "include";
    if (parsed.positional.size() != 3)
        throw UsageError(std::string("usage: cohort ") + verb + " NAME PATIENT --reason TEXT");
    const std::string* reason = parsed.value("--reason");
    if (!reason || reason->empty())
        throw UsageError(std::string("cohort ") + verb + " needs --reason TEXT");
    const auto row = requireCohort(db, parsed.positional[1]);
    storage::NamedCohortRepository cohorts(db);
    if (exclude)
        cohorts.exclude(row.id, parsed.positional[2], *reason, who());
    else
        cohorts.include(row.id, parsed.positional[2], *reason, who());
    std::printf("%s %s in %s: %s\n", exclude ? "Excluded" : "Included",
                parsed.positional[2].c_str(), label(row).c_str(), reason->c_str());
    return kExitOk;
}

int split(storage::Database& db, const ParsedArgs& parsed) {
    if (parsed.positional.size() != 2)
        throw UsageError("usage: cohort split NAME --test-fraction F [--stratify VAR | --by VAR] "
                         "--seed S, or cohort split NAME --assign FILE.csv");
    const bool imported = parsed.value("--assign") != nullptr;
    if (imported && (parsed.value("--test-fraction") || parsed.value("--seed") ||
                     parsed.value("--stratify") || parsed.value("--by")))
        throw UsageError("--assign takes the split from the file; it takes no "
                         "--test-fraction, --seed, --stratify or --by");
    if (!imported && (!parsed.value("--test-fraction") || !parsed.value("--seed")))
        throw UsageError("cohort split needs --test-fraction F and --seed S (or --assign)");
    if (parsed.value("--stratify") && parsed.value("--by"))
        throw UsageError("cohort split takes --stratify or --by, not both");
    const auto row = requireCohort(db, parsed.positional[1]);
    storage::SplitRequest request;
    if (const auto* assign = parsed.value("--assign")) {
        request.method = storage::SplitRequest::Method::Imported;
        request.assignment = *assign;
    } else {
        const std::string& fraction = *parsed.value("--test-fraction");
        char* end = nullptr;
        request.testFraction = std::strtod(fraction.c_str(), &end);
        if (end == fraction.c_str() || *end != '\0' || !std::isfinite(request.testFraction))
            throw UsageError("--test-fraction takes a number in (0, 1), not '" + fraction + "'");
        request.seed =
            static_cast<std::uint64_t>(parseCount("--seed", *parsed.value("--seed"), 0, INT64_MAX));
        if (const auto* by = parsed.value("--by")) {
            request.method = storage::SplitRequest::Method::Group;
            request.variable = *by;
        } else if (const auto* stratify = parsed.value("--stratify")) {
            request.variable = *stratify;
        }
    }
    const storage::CohortSplitRecord record = storage::splitCohort(db, row, request, who());
    const auto flow = storage::NamedCohortRepository(db).flow(row.id);
    std::printf("Split %s (%s%s%s, seed %llu):", label(row).c_str(), record.method.c_str(),
                record.variable.empty() ? "" : " by ", record.variable.c_str(),
                static_cast<unsigned long long>(record.seed));
    for (const auto& [role, n] : flow.perSplit)
        std::printf(" %s %zu", role.c_str(), n);
    std::printf("\n");
    return kExitOk;
}

int list(storage::Database& db, const ParsedArgs& parsed) {
    const auto rows = storage::NamedCohortRepository(db).list();
    if (parsed.has("--json")) {
        QJsonArray array;
        for (const auto& r : rows)
            array.append(toJson(r));
        printJson(array);
        return kExitOk;
    }
    if (rows.empty())
        std::printf("No cohorts. Create one with: rgw-cli cohort create NAME --where EXPR\n");
    for (const auto& r : rows)
        std::printf("%-24s %4zu included of %4zu members  %s  %s\n", label(r).c_str(), r.included,
                    r.members, r.createdAt.c_str(),
                    r.definition.empty() ? "(all patients)" : r.definition.c_str());
    return kExitOk;
}

int show(storage::Database& db, const ParsedArgs& parsed) {
    if (parsed.positional.size() != 2)
        throw UsageError("usage: cohort show NAME[@VERSION] [--json]");
    const auto row = requireCohort(db, parsed.positional[1]);
    storage::NamedCohortRepository cohorts(db);
    const auto members = cohorts.members(row.id);
    const auto flow = cohorts.flow(row.id);
    const auto splitRecord = cohorts.split(row.id);
    if (parsed.has("--json")) {
        QJsonObject o = toJson(row);
        QJsonArray array;
        for (const auto& m : members)
            array.append(QJsonObject{{"patient_id", QString::fromStdString(m.patientId)},
                                     {"excluded", m.excluded},
                                     {"reason", QString::fromStdString(m.reason)},
                                     {"split", QString::fromStdString(m.split)}});
        o["member_list"] = array;
        o["flow"] = toJson(flow);
        if (splitRecord)
            o["split"] =
                QJsonObject{{"method", QString::fromStdString(splitRecord->method)},
                            {"test_fraction", splitRecord->testFraction},
                            {"variable", QString::fromStdString(splitRecord->variable)},
                            {"seed", QString::number(qulonglong(splitRecord->seed))},
                            {"created_at", QString::fromStdString(splitRecord->createdAt)},
                            {"created_by", QString::fromStdString(splitRecord->createdBy)}};
        printJson(o);
        return kExitOk;
    }
    std::printf("Cohort %s, created %s by %s\n", label(row).c_str(), row.createdAt.c_str(),
                row.createdBy.c_str());
    std::printf("Definition: %s\n", row.definition.empty() ? "(all)" : row.definition.c_str());
    if (!row.fromCohort.empty())
        std::printf("From: %s\n", row.fromCohort.c_str());
    if (splitRecord)
        std::printf("Split: %s%s%s, test fraction %.3g, seed %llu\n", splitRecord->method.c_str(),
                    splitRecord->variable.empty() ? "" : " by ", splitRecord->variable.c_str(),
                    splitRecord->testFraction, static_cast<unsigned long long>(splitRecord->seed));
    printFlow(flow);
    std::printf("Members:\n");
    for (const auto& m : members)
        std::printf("  %-20s %-6s %s%s\n", m.patientId.c_str(), m.split.c_str(),
                    m.excluded ? "excluded: " : "", m.reason.c_str());
    return kExitOk;
}

int exportTable(storage::Database& db, const ParsedArgs& parsed) {
    storage::CohortExportOptions options;
    if (parsed.has("--all")) {
        if (parsed.positional.size() != 1)
            throw UsageError("cohort export takes a cohort NAME or --all, not both");
    } else if (parsed.positional.size() == 2) {
        options.cohort = label(requireCohort(db, parsed.positional[1]));
    } else {
        throw UsageError("usage: cohort export NAME[@VERSION]|--all --out TABLE.csv");
    }
    const auto* out = parsed.value("--out");
    if (!out || out->empty())
        throw UsageError("cohort export needs --out TABLE.csv");
    if (const auto* sample = parsed.value("--sample")) {
        if (*sample == "all")
            options.sample = storage::SampleChoice::All;
        else if (*sample != "primary")
            throw UsageError("--sample takes primary or all, not '" + *sample + "'");
    }
    if (const auto* features = parsed.value("--features"))
        options.parameterSet = *features;
    if (const auto* roi = parsed.value("--roi")) {
        if (!parsed.value("--features"))
            throw UsageError("--roi chooses the ROI of --features; give --features PARAMSET");
        if (*roi == "each") {
            options.roiRule = storage::RoiRule::EachRoi;
        } else if (*roi == "mean") {
            options.roiRule = storage::RoiRule::Mean;
        } else if (*roi != "largest") {
            options.roiRule = storage::RoiRule::Named;
            options.roiName = *roi;
        }
    }
    if (const auto* genes = parsed.value("--genes"))
        options.selection.genes = commaList(*genes);
    if (const auto* profiles = parsed.value("--profiles"))
        options.selection.profiles = commaList(*profiles);

    SigintCancel sigint;
    ConsoleProgress progress("exporting");
    options.cancel = sigint.token();
    options.progress = progress.callback();
    const auto report = storage::exportCohortTable(db, options, *out);
    progress.finish();
    if (sigint.cancelled()) {
        std::fprintf(stderr, "rgw-cli: error: export cancelled; nothing was written\n");
        return kExitCancelled;
    }
    std::printf("Wrote %s: %zu rows, %zu columns (%zu features)\n", out->c_str(), report.rows,
                report.columns, report.featureColumns);
    if (report.patientsWithoutFeatures != 0)
        std::printf("  %zu rows without features of %s (empty cells)\n",
                    report.patientsWithoutFeatures, options.parameterSet.c_str());
    std::printf("Provenance: %s\n", report.provenanceFile.string().c_str());
    return kExitOk;
}

int qc(storage::Database& db, const ParsedArgs& parsed) {
    if (parsed.positional.size() != 2)
        throw UsageError("usage: cohort qc SERIES_UID --verdict pass|questionable|fail "
                         "[--note TEXT]");
    const auto* verdictText = parsed.value("--verdict");
    if (!verdictText)
        throw UsageError("cohort qc needs --verdict pass|questionable|fail");
    const auto verdict = storage::qcVerdictFromName(*verdictText);
    if (!verdict)
        throw UsageError("--verdict takes pass, questionable or fail, not '" + *verdictText + "'");
    const std::string* note = parsed.value("--note");
    if (!storage::SeriesRepository(db).find(parsed.positional[1]))
        throw NotFoundError("no series with Series Instance UID " + parsed.positional[1]);
    storage::SeriesQcRepository(db).record(parsed.positional[1], *verdict,
                                           note ? *note : std::string(), who());
    std::printf("QC %s: %s%s%s\n", parsed.positional[1].c_str(), storage::qcVerdictName(*verdict),
                note ? " - " : "", note ? note->c_str() : "");
    return kExitOk;
}

} // namespace

int runCohort(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed =
        parseArgs("cohort", args,
                  {"--where", "--from", "--reason", "--test-fraction", "--stratify", "--by",
                   "--seed", "--assign", "--out", "--sample", "--features", "--roi", "--genes",
                   "--profiles", "--verdict", "--note"},
                  {"--json", "--all"});
    if (parsed.positional.empty())
        throw UsageError("usage: cohort create|exclude|include|split|list|show|export|qc ... "
                         "(see rgw-cli cohort --help)");
    const std::string& sub = parsed.positional.front();
    static const std::set<std::string> known{"create", "exclude", "include", "split",
                                             "list",   "show",    "export",  "qc"};
    if (!known.count(sub))
        throw UsageError("unknown cohort subcommand '" + sub +
                         "' (create, exclude, include, split, list, show, export, qc)");
    storage::Database db(context.databasePath());
    if (sub == "create")
        return create(db, parsed);
    if (sub == "exclude" || sub == "include")
        return decide(db, parsed, sub == "exclude");
    if (sub == "split")
        return split(db, parsed);
    if (sub == "list")
        return list(db, parsed);
    if (sub == "show")
        return show(db, parsed);
    if (sub == "export")
        return exportTable(db, parsed);
    return qc(db, parsed);
}

} // namespace rgw::cli
