#include "GenomicsImport.h"

#include "AuditLog.h"
#include "GenomicsChecks.h"
#include "GenomicsWriting.h"
#include "ImportRunRepository.h"
#include "JsonText.h"
#include "PatientLinking.h"
#include "util/Error.h"

#include <algorithm>
#include <chrono>
#include <sstream>

namespace rgw::storage {

namespace {

std::string reportJson(const GenomicsImportReport& r, const std::string& error) {
    std::ostringstream json;
    json << "{\"patients_added\":" << r.patientsAdded << ",\"samples_added\":" << r.samplesAdded
         << ",\"samples_updated\":" << r.samplesUpdated << ",\"aliases_added\":" << r.aliasesAdded
         << ",\"clinical_values_added\":" << r.clinicalValuesAdded
         << ",\"clinical_values_changed\":" << r.clinicalValuesChanged
         << ",\"cancelled\":" << (r.cancelled ? "true" : "false") << ",\"profiles\":[";
    for (std::size_t i = 0; i < r.profiles.size(); ++i) {
        const ImportedProfile& p = r.profiles[i];
        json << (i ? "," : "") << "{\"stable_id\":" << jsonString(p.stableId)
             << ",\"kind\":" << jsonString(p.kind) << ",\"records\":" << p.records
             << ",\"samples\":" << p.samples << ",\"outcome\":" << jsonString(toString(p.outcome))
             << "}";
    }
    json << "],\"unmatched_ids\":[";
    for (std::size_t i = 0; i < r.unmatchedIds.size(); ++i)
        json << (i ? "," : "") << jsonString(r.unmatchedIds[i]);
    json << "],\"skipped_files\":[";
    for (std::size_t i = 0; i < r.skippedFiles.size(); ++i)
        json << (i ? "," : "") << "{\"file\":" << jsonString(r.skippedFiles[i].file)
             << ",\"reason\":" << jsonString(r.skippedFiles[i].reason) << "}";
    json << "],\"errors\":[";
    for (std::size_t i = 0; i < r.errors.size(); ++i)
        json << (i ? "," : "") << jsonString(r.errors[i].describe());
    json << "]";
    if (!error.empty())
        json << ",\"error\":" << jsonString(error);
    json << "}";
    return json.str();
}

ImportedProfile::Outcome outcomeOf(detail::ProfileOutcome outcome) {
    switch (outcome) {
    case detail::ProfileOutcome::Added:
        return ImportedProfile::Outcome::Added;
    case detail::ProfileOutcome::Replaced:
        return ImportedProfile::Outcome::Replaced;
    case detail::ProfileOutcome::Unchanged:
        break;
    }
    return ImportedProfile::Outcome::Unchanged;
}

bool nothingChanged(const GenomicsImportReport& r, const detail::WriteCounts& c) {
    return r.patientsAdded == 0 && r.samplesAdded == 0 && r.samplesUpdated == 0 &&
           r.aliasesAdded == 0 && r.clinicalValuesAdded == 0 && r.clinicalValuesChanged == 0 &&
           c.attributesChanged == 0 && c.panelsChanged == 0 && !c.studyChanged &&
           std::all_of(r.profiles.begin(), r.profiles.end(), [](const ImportedProfile& p) {
               return p.outcome == ImportedProfile::Outcome::Unchanged;
           });
}

std::string summary(const GenomicsImportReport& r) {
    std::size_t replaced = 0, added = 0;
    for (const ImportedProfile& p : r.profiles) {
        added += p.outcome == ImportedProfile::Outcome::Added ? 1 : 0;
        replaced += p.outcome == ImportedProfile::Outcome::Replaced ? 1 : 0;
    }
    return std::to_string(r.patientsAdded) + " patients added (" +
           std::to_string(r.unmatchedIds.size()) + " without images), " +
           std::to_string(r.samplesAdded) + " samples added, " + std::to_string(added) +
           " profiles added, " + std::to_string(replaced) + " replaced, " +
           std::to_string(r.clinicalValuesAdded) + " clinical values added, " +
           std::to_string(r.clinicalValuesChanged) + " changed, " +
           std::to_string(r.errors.size()) + " problems";
}

/// Records a run that wrote nothing (cancelled or failed), in a transaction
/// of its own after the import's rolled back.
void recordEndedRun(Database& db, const GenomicsImportReport& report, const std::string& roots,
                    const std::string& who, ImportStatus status, const std::string& error) {
    Transaction transaction(db);
    ImportRunRepository runs(db);
    ImportRunRow run;
    run.id = runs.start(roots, "genomics");
    run.status = status;
    run.report = reportJson(report, error);
    runs.finish(run);
    AuditLog(db).record(who, "genomics.import", "import_runs", run.id,
                        std::string(toString(status)) + ": nothing written" +
                            (error.empty() ? "" : "; " + error));
    transaction.commit();
}

} // namespace

const char* toString(ImportedProfile::Outcome outcome) {
    switch (outcome) {
    case ImportedProfile::Outcome::Added:
        return "added";
    case ImportedProfile::Outcome::Replaced:
        return "replaced";
    case ImportedProfile::Outcome::Unchanged:
        break;
    }
    return "unchanged";
}

GenomicsImportReport importGenomicData(Database& db, const genomics::GenomicDataSet& data,
                                       const GenomicsImportOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    const auto elapsed = [&started] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    GenomicsImportReport report;
    report.skippedFiles = data.skippedFiles;
    report.errors = data.problems;
    const detail::RecordSelection use = detail::checkDataSet(data, report.errors);
    if (data.studyId.empty())
        report.errors.push_back({{data.source, 0, {}}, "the data set names no study"});
    if (data.studyId.empty() || (options.onError == OnError::Abort && !report.errors.empty())) {
        report.seconds = elapsed();
        return report;
    }
    const std::size_t problemsBefore = report.errors.size();
    const std::string who = options.who.empty() ? currentUserName() : options.who;
    const std::string roots = data.source.empty() ? data.studyId : data.source;
    const std::size_t steps = 3 + data.profiles.size();
    const auto progress = [&](std::size_t done, const std::string& what) {
        if (options.progress)
            options.progress(done, steps, what);
    };

    // Under Abort, a conflict with stored rows (a sample of another patient,
    // an attribute of another datatype) ends the import at the step that
    // found it; the transaction then rolls back.
    const auto conflicted = [&] {
        if (options.onError != OnError::Abort || report.errors.size() == problemsBefore)
            return false;
        report.importRunId = 0;
        report.profiles.clear();
        report.seconds = elapsed();
        return true;
    };

    std::string error;
    try {
        Transaction transaction(db);
        PatientLinker linker(db, options.aliases);
        ImportRunRepository runs(db);
        report.importRunId = runs.start(roots, "genomics");
        detail::GenomicsWriter writer(db, data, use, linker, report.errors, options.cancel, who,
                                      report.importRunId);
        progress(0, "patients and samples");
        const Id study = writer.writeStudy();
        writer.writePatients();
        writer.writeSamples();
        if (conflicted())
            return report;
        progress(1, "gene panels");
        writer.writePanels();
        progress(2, "clinical data");
        writer.writeClinical();
        if (conflicted())
            return report;
        for (std::size_t i = 0; i < data.profiles.size(); ++i) {
            if (!use.profiles[i])
                continue;
            const genomics::GenomicProfile& p = data.profiles[i];
            progress(3 + i, "profile " + p.stableId);
            const detail::WrittenProfile written = writer.writeProfile(i);
            report.profiles.push_back({p.stableId, p.name, genomics::profileKindName(p.kind),
                                       written.records, written.samples, outcomeOf(written.outcome),
                                       written.rowId});
            if (conflicted())
                return report;
        }
        report.aliasesAdded = linker.storeAliases();
        report.unmatchedIds = linker.created();
        report.patientsAdded = report.unmatchedIds.size();
        const detail::WriteCounts& counts = writer.counts();
        report.samplesAdded = counts.samplesAdded;
        report.samplesUpdated = counts.samplesUpdated;
        report.clinicalValuesAdded = counts.valuesAdded;
        report.clinicalValuesChanged = counts.valuesChanged;
        progress(steps, "import finished");

        report.imported = true;
        if (nothingChanged(report, counts)) {
            report.unchanged = true; // rolled back: not even an import run is written
            report.importRunId = 0;
            report.seconds = elapsed();
            return report;
        }
        report.seconds = elapsed();
        ImportRunRow run;
        run.id = report.importRunId;
        run.status = ImportStatus::Completed;
        run.skipped = static_cast<std::int64_t>(report.skippedFiles.size());
        run.report = reportJson(report, {});
        runs.finish(run);
        AuditLog(db).record(who, "genomics.import", "genomic_studies", study,
                            data.studyId + " from " + roots + ": " + summary(report));
        transaction.commit();
    } catch (const detail::ImportCancelled&) {
        report.cancelled = true;
    } catch (const std::exception& e) {
        error = e.what();
    }
    if (report.cancelled || !error.empty()) {
        report.imported = false;
        report.importRunId = 0;
        report.profiles.clear();
        try {
            recordEndedRun(db, report, roots, who,
                           report.cancelled ? ImportStatus::Cancelled : ImportStatus::Failed,
                           error);
        } catch (const std::exception& e) {
            if (error.empty())
                error = e.what();
        }
    }
    report.seconds = elapsed();
    if (!error.empty())
        throw Error("genomic import of " + roots + " into " + db.path().string() +
                    " failed: " + error);
    return report;
}

} // namespace rgw::storage
