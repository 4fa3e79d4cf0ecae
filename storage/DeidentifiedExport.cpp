#include "DeidentifiedExport.h"

#include "AuditLog.h"
#include "CohortExport.h"
#include "CohortRepositories.h"
#include "JsonText.h"
#include "SegmentationExport.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "genomics/DelimitedText.h"
#include "io/dicom/Deidentification.h"
#include "util/Error.h"
#include "util/Random.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <system_error>

namespace rgw::storage {

namespace fs = std::filesystem;

namespace {

std::string hexDigits(std::uint64_t value, int digits) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(value));
    return std::string(buf).substr(static_cast<std::size_t>(16 - digits));
}

std::string utcNow() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

struct Pseudonym {
    std::string patientId; ///< canonical (original): never written to the export
    Id patientRowId = 0;
    std::string pseudonym;
    int dateOffsetDays = 0;
};

/// The stored pseudonyms of `patients`, new ones drawn and stored (one
/// transaction) for those never exported.
std::vector<Pseudonym> assignPseudonyms(Database& db, const std::vector<std::string>& patients,
                                        const std::string& exportId, Rng& rng) {
    std::vector<Pseudonym> out;
    Transaction tx(db);
    PatientRepository patientRepo(db);
    for (const std::string& id : patients) {
        const auto row = patientRepo.find(id);
        if (!row)
            throw Error("patient " + id + " of the cohort is not in " + db.path().string());
        Pseudonym p{id, row->id, "", 0};
        Statement& find =
            db.prepare("SELECT pseudonym, date_offset_days FROM pseudonyms WHERE patient_id = ?");
        find.bind(1, row->id);
        if (find.step()) {
            p.pseudonym = find.text(0);
            p.dateOffsetDays = find.integer(1);
            find.reset();
        } else {
            find.reset();
            for (;;) {
                p.pseudonym = "RGW-" + hexDigits(rng.next(), 10);
                Statement& taken = db.prepare("SELECT 1 FROM pseudonyms WHERE pseudonym = ?");
                taken.bind(1, p.pseudonym);
                const bool used = taken.step();
                taken.reset();
                if (!used)
                    break;
            }
            p.dateOffsetDays = -365 - static_cast<int>(rng.below(3650 - 365 + 1));
            Statement& insert = db.prepare("INSERT INTO pseudonyms (patient_id, pseudonym, "
                                           "date_offset_days, export_id) VALUES (?, ?, ?, ?)");
            insert.bind(1, row->id)
                .bind(2, p.pseudonym)
                .bind(3, p.dateOffsetDays)
                .bind(4, exportId);
            insert.execute();
        }
        out.push_back(std::move(p));
    }
    tx.commit();
    return out;
}

/// Removes the temporary folder unless released (after the final rename).
struct TemporaryFolder {
    fs::path path;
    bool keep = false;
    ~TemporaryFolder() {
        if (!keep) {
            std::error_code ec;
            fs::remove_all(path, ec);
        }
    }
};

bool isExported(dicom::ObjectKind kind) {
    return kind == dicom::ObjectKind::Image || kind == dicom::ObjectKind::RtStruct ||
           kind == dicom::ObjectKind::Segmentation || kind == dicom::ObjectKind::StructuredReport;
}

std::string numbered(std::size_t n, int width) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*zu", width, n);
    return buf;
}

/// One TSV cell: tabs and line breaks inside a value become spaces.
std::string tsvCell(std::string text) {
    for (char& c : text)
        if (c == '\t' || c == '\n' || c == '\r')
            c = ' ';
    return text;
}

/// The cohort's table (storage/CohortExport: clinical attributes, derived
/// outcomes, genomic status labels, split) as TSV with the pseudonym in the
/// patient_id column.
void writeClinicalTable(Database& db, const CohortRow& cohort,
                        const std::map<std::string, std::string>& pseudonyms,
                        const fs::path& scratch, const fs::path& out) {
    CohortExportOptions options;
    options.cohort = cohort.name + "@" + std::to_string(cohort.version);
    const fs::path csv = scratch / "cohort.csv";
    exportCohortTable(db, options, csv);
    genomics::DelimitedTextReader reader(csv, genomics::Delimiter::Comma);
    genomics::DelimitedRecord record;
    std::ofstream tsv(out, std::ios::binary);
    std::size_t idColumn = 0;
    bool header = true;
    while (reader.next(record)) {
        std::vector<std::string> cells;
        for (const auto& field : record.fields)
            cells.push_back(field.text);
        if (header) {
            const auto it = std::find(cells.begin(), cells.end(), "patient_id");
            if (it == cells.end())
                throw Error("the cohort table " + csv.string() + " has no patient_id column");
            idColumn = static_cast<std::size_t>(it - cells.begin());
            header = false;
        } else {
            const auto p =
                idColumn < cells.size() ? pseudonyms.find(cells[idColumn]) : pseudonyms.end();
            if (p == pseudonyms.end())
                continue; // not an exported patient: never written
            cells[idColumn] = p->second;
        }
        for (std::size_t c = 0; c < cells.size(); ++c)
            tsv << (c ? "\t" : "") << tsvCell(cells[c]);
        tsv << '\n';
    }
    if (!tsv.flush())
        throw Error("cannot write " + out.string());
}

} // namespace

std::map<std::string, std::string> ensurePseudonyms(Database& db,
                                                    const std::vector<std::string>& patients,
                                                    std::optional<std::uint64_t> seed) {
    std::uint64_t entropy = 0;
    if (seed) {
        entropy = *seed;
    } else {
        std::random_device device;
        entropy = (std::uint64_t{device()} << 32) ^ device();
    }
    Rng rng(entropy ^ 0x0E5C1DEDBADC0DEull);
    const std::string exportId = utcNow().substr(0, 10) + "-" + hexDigits(rng.next(), 12);
    std::map<std::string, std::string> out;
    for (const Pseudonym& p : assignPseudonyms(db, patients, exportId, rng))
        out.emplace(p.patientId, p.pseudonym);
    return out;
}

std::optional<std::string> storedPseudonym(Database& db, const std::string& patientId) {
    Statement& s = db.prepare("SELECT q.pseudonym FROM pseudonyms q JOIN patients p ON "
                              "p.id = q.patient_id WHERE p.patient_id = ?");
    s.bind(1, patientId);
    std::optional<std::string> found;
    if (s.step())
        found = s.text(0);
    s.reset();
    return found;
}

DeidentifiedExportReport exportDeidentified(Database& db, const CohortRow& cohort,
                                            const DeidentifiedExportOptions& options,
                                            const ProgressFn& progress, const CancelToken* cancel) {
    DeidentifiedExportReport report;
    const fs::path outDir = fs::absolute(options.outDir).lexically_normal();
    if (outDir.filename().empty())
        throw Error("export folder " + options.outDir.string() + " has no name");
    if (fs::exists(outDir) && !(fs::is_directory(outDir) && fs::is_empty(outDir)))
        throw Error("export folder " + outDir.string() + " exists and is not empty");
    const std::vector<std::string> patients = NamedCohortRepository(db).includedPatients(cohort.id);
    if (patients.empty())
        throw Error("cohort " + cohort.name + "@" + std::to_string(cohort.version) +
                    " has no included patient to export");
    const std::string who = options.who.empty() ? currentUserName() : options.who;

    std::uint64_t entropy = 0;
    if (options.seed) {
        entropy = *options.seed;
    } else {
        std::random_device device;
        entropy = (std::uint64_t{device()} << 32) ^ device();
    }
    Rng rng(entropy ^ 0x5EED5EED0D15C0DEull);
    report.exportId = utcNow().substr(0, 10) + "-" + hexDigits(rng.next(), 12);
    const std::vector<Pseudonym> assigned = assignPseudonyms(db, patients, report.exportId, rng);

    // What to write, so progress knows the total.
    struct SeriesJob {
        std::string seriesUid;
        std::vector<fs::path> files;
    };
    struct PatientJob {
        const Pseudonym* pseudonym;
        std::vector<SeriesJob> series;
        std::vector<std::vector<Id>> segGroups; ///< NIFTI/MANUAL ids per image series
    };
    std::vector<PatientJob> jobs;
    std::size_t total = 1;
    for (const Pseudonym& p : assigned) {
        PatientJob job{&p, {}, {}};
        std::set<std::string> imageSeries;
        for (const SeriesRow& s : SeriesRepository(db).listForPatient(p.patientRowId)) {
            if (!isExported(s.kind))
                continue;
            if (s.kind == dicom::ObjectKind::Image)
                imageSeries.insert(s.seriesInstanceUid);
            job.series.push_back({s.seriesInstanceUid, seriesFiles(db, s.seriesInstanceUid)});
            total += job.series.back().files.size();
        }
        std::map<Id, SegmentationRow> newest; // lineage -> newest version
        for (SegmentationRow& row : SegmentationRepository(db).listForPatient(p.patientRowId)) {
            if (row.source != SegmentationSource::Nifti && row.source != SegmentationSource::Manual)
                continue;
            auto it = newest.find(row.lineage);
            if (it == newest.end() || it->second.version < row.version)
                newest[row.lineage] = std::move(row);
        }
        std::map<std::string, std::vector<Id>> bySeries;
        for (const auto& [lineage, row] : newest)
            if (imageSeries.count(row.referencedSeriesInstanceUid))
                bySeries[row.referencedSeriesInstanceUid].push_back(row.id);
        for (auto& [series, ids] : bySeries)
            job.segGroups.push_back(std::move(ids));
        total += job.segGroups.size();
        jobs.push_back(std::move(job));
    }

    fs::create_directories(outDir.parent_path());
    TemporaryFolder tmp{outDir.parent_path() /
                        ("." + outDir.filename().string() + ".partial-" + report.exportId)};
    fs::create_directories(tmp.path);
    const fs::path scratch = tmp.path / ".scratch";
    fs::create_directories(scratch);

    dicom::UidRemapper uids =
        options.seed ? dicom::UidRemapper(*options.seed) : dicom::UidRemapper();
    std::size_t done = 0;
    const auto step = [&](const std::string& what) {
        ++done;
        if (progress)
            progress(done, total, what);
    };
    const auto cancelled = [&] { return cancel && cancel->isCancelled(); };

    std::ostringstream manifestPatients;
    for (const PatientJob& job : jobs) {
        const Pseudonym& p = *job.pseudonym;
        dicom::DeidentificationOptions deid;
        deid.pseudonym = p.pseudonym;
        deid.dateOffsetDays = p.dateOffsetDays;
        deid.retainModifiedDates = options.retainIntervals;
        DeidentifiedPatient written{p.pseudonym, 0, 0};
        const fs::path patientDir = tmp.path / p.pseudonym;
        std::ostringstream seriesJson;
        std::size_t seriesNumber = 0;
        const auto addSeries = [&](const std::string& originalUid, std::size_t files) {
            seriesJson << (written.series ? ",\n" : "")
                       << "      {\"series_instance_uid\": " << jsonString(uids.map(originalUid))
                       << ", \"files\": " << files << "}";
            ++written.series;
            written.files += files;
        };
        for (const SeriesJob& series : job.series) {
            const fs::path dir = patientDir / ("series-" + numbered(++seriesNumber, 3));
            for (std::size_t i = 0; i < series.files.size(); ++i) {
                if (cancelled()) {
                    report.cancelled = true;
                    return report;
                }
                dicom::deidentifyFile(series.files[i], dir / (numbered(i + 1, 5) + ".dcm"), uids,
                                      deid);
                step(p.pseudonym + " " + series.files[i].filename().string());
            }
            addSeries(series.seriesUid, series.files.size());
        }
        for (const std::vector<Id>& ids : job.segGroups) {
            if (cancelled()) {
                report.cancelled = true;
                return report;
            }
            const fs::path source = scratch / "seg.dcm";
            ExportOptions exportOptions;
            exportOptions.who = who;
            const ExportResult made =
                exportSegmentations(db, ids, ExportFormat::Seg, source, exportOptions);
            const fs::path dir = patientDir / ("series-" + numbered(++seriesNumber, 3));
            dicom::deidentifyFile(source, dir / "00001.dcm", uids, deid);
            fs::remove(source);
            addSeries(made.seriesInstanceUid, 1);
            ++report.segsWritten;
            step(p.pseudonym + " SEG of " + std::to_string(ids.size()) + " segmentations");
        }
        manifestPatients << (report.patients.empty() ? "" : ",\n")
                         << "    {\"pseudonym\": " << jsonString(p.pseudonym) << ", \"series\": [\n"
                         << seriesJson.str() << "\n    ]}";
        report.files += written.files;
        report.patients.push_back(written);
    }
    if (cancelled()) {
        report.cancelled = true;
        return report;
    }

    std::map<std::string, std::string> pseudonymOf;
    for (const Pseudonym& p : assigned)
        pseudonymOf.emplace(p.patientId, p.pseudonym);
    writeClinicalTable(db, cohort, pseudonymOf, scratch, tmp.path / "clinical.tsv");
    fs::remove_all(scratch);

    std::ofstream manifest(tmp.path / "manifest.json", std::ios::binary);
    manifest << "{\n  \"format\": \"rgw-deidentified-export/1\",\n"
             << "  \"export_id\": " << jsonString(report.exportId) << ",\n"
             << "  \"created_at\": " << jsonString(utcNow()) << ",\n"
             << "  \"software_version\": " << jsonString(RGW_VERSION) << ",\n"
             << "  \"cohort\": " << jsonString(cohort.name) << ",\n"
             << "  \"cohort_version\": " << cohort.version << ",\n"
             << "  \"profile\": \"DICOM PS3.15 E.1 Basic Application Level Confidentiality "
                "Profile\",\n"
             << "  \"options\": ["
             << (options.retainIntervals
                     ? "\"Retain Longitudinal Temporal Information with Modified Dates\""
                     : "")
             << "],\n"
             << "  \"method_codes\": [\"DCM 113100\""
             << (options.retainIntervals ? ", \"DCM 113107\"" : "") << "],\n"
             << "  \"clinical_table\": \"clinical.tsv\",\n"
             << "  \"files\": " << report.files << ",\n"
             << "  \"patients\": [\n"
             << manifestPatients.str() << "\n  ]\n}\n";
    if (!manifest.flush())
        throw Error("cannot write " + (tmp.path / "manifest.json").string());
    manifest.close();
    step("clinical.tsv and manifest.json");

    if (fs::exists(outDir))
        fs::remove(outDir); // empty (checked above)
    fs::rename(tmp.path, outDir);
    tmp.keep = true;
    report.outDir = outDir;
    report.uidsRemapped = uids.mapping().size();
    AuditLog(db).record(who, "cohort.export_deidentified", "cohorts", cohort.id,
                        std::to_string(report.patients.size()) + " patients, " +
                            std::to_string(report.files) + " files, export " + report.exportId +
                            (options.retainIntervals ? ", dates shifted" : "") + " to " +
                            outDir.string());
    return report;
}

} // namespace rgw::storage
