#include "ImportService.h"

#include "AuditLog.h"
#include "CohortRepositories.h"
#include "ImportRunRepository.h"
#include "JsonText.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "SourceObjects.h"
#include "image/LabelMap.h"
#include "io/nifti/Nifti.h"
#include "util/Error.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <sstream>
#include <unordered_map>

namespace rgw::storage {

namespace {

std::string reportJson(const ImportReport& r, const std::string& error) {
    std::ostringstream json;
    json << "{\"files_scanned\":" << r.filesScanned << ",\"instances_added\":" << r.instancesAdded
         << ",\"duplicates\":" << r.duplicates << ",\"changed\":" << r.changed
         << ",\"patients\":" << r.patients << ",\"studies\":" << r.studies
         << ",\"series\":" << r.series << ",\"segmentations_added\":" << r.segmentationsAdded
         << ",\"cancelled\":" << (r.cancelled ? "true" : "false") << ",\"changed_files\":[";
    for (std::size_t i = 0; i < r.changedFiles.size(); ++i)
        json << (i ? "," : "") << jsonString(r.changedFiles[i].string());
    json << "],\"skipped\":[";
    for (std::size_t i = 0; i < r.skipped.size(); ++i)
        json << (i ? "," : "") << "{\"file\":" << jsonString(r.skipped[i].file.string())
             << ",\"reason\":" << jsonString(r.skipped[i].reason) << "}";
    json << "],\"notes\":[";
    for (std::size_t i = 0; i < r.notes.size(); ++i)
        json << (i ? "," : "") << "{\"file\":" << jsonString(r.notes[i].file.string())
             << ",\"message\":" << jsonString(r.notes[i].message) << "}";
    json << "]";
    if (!error.empty())
        json << ",\"error\":" << jsonString(error);
    json << "}";
    return json.str();
}

/// The image series a source object lies on: its reference, else (RTSTRUCT
/// without Referenced Frame of Reference Sequence) the series of a stored
/// contour image.
std::string referencedImageSeries(Database& db, const detail::SourceObject& object) {
    if (!object.referencedSeriesInstanceUid.empty())
        return object.referencedSeriesInstanceUid;
    InstanceRepository instances(db);
    for (const auto& uid : object.contourImageSopInstanceUids)
        if (auto instance = instances.find(uid))
            if (auto series = SeriesRepository(db).findById(instance->seriesRowId))
                return series->seriesInstanceUid;
    return {};
}

/// One segmentation row per RTSTRUCT ROI / SEG segment of the instance;
/// patientRowId is left to the caller.
std::vector<NewSegmentation> sourceRois(Database& db, const dicom::InstanceHeader& h,
                                        detail::SourceObjectPrefetch& prefetch,
                                        std::vector<ImportNote>& notes) {
    const detail::SourceObject object = prefetch.get(h);
    for (const std::string& note : object.notes)
        notes.push_back({h.file, note});
    const std::string imageSeries = referencedImageSeries(db, object);
    std::vector<NewSegmentation> rows;
    for (const detail::SourceRoi& roi : object.rois) {
        NewSegmentation& seg = rows.emplace_back();
        seg.source = object.source;
        seg.referencedSeriesInstanceUid = imageSeries;
        seg.sourceFile = h.file.string();
        seg.sourceSopInstanceUid = h.sopInstanceUid;
        seg.roiName = roi.name;
        seg.roiNumber = roi.number;
        if (roi.color)
            seg.color = *roi.color;
    }
    return rows;
}

struct SeriesGroup {
    std::string seriesInstanceUid;
    std::vector<const dicom::InstanceHeader*> instances;
};

/// Counts of one written series, merged into the report only once committed.
struct SeriesOutcome {
    std::size_t added = 0;
    std::size_t duplicates = 0;
    std::vector<std::filesystem::path> changed;
    std::size_t segmentationsAdded = 0;
    std::vector<ImportNote> notes;
};

/// Writes one series in one transaction: a cancel or a kill between series
/// leaves only whole series in the file.
SeriesOutcome writeSeries(Database& db, const SeriesGroup& group, const std::string& who,
                          detail::SourceObjectPrefetch& prefetch) {
    SeriesOutcome out;
    Transaction transaction(db);
    const dicom::InstanceHeader& first = *group.instances.front();
    const Id patient = PatientRepository(db).upsert(first);
    const Id study = StudyRepository(db).upsert(patient, first);
    const Id series = SeriesRepository(db).upsert(study, first);

    InstanceRepository instances(db);
    // One query for the stored instances of the series instead of one per file.
    std::unordered_map<std::string, InstanceRow> stored;
    for (auto& row : instances.listForSeries(series))
        stored.emplace(row.sopInstanceUid, std::move(row));

    std::vector<const dicom::InstanceHeader*> newOrChanged;
    for (const dicom::InstanceHeader* h : group.instances) {
        if (auto it = stored.find(h->sopInstanceUid); it != stored.end()) {
            const InstanceRow& row = it->second;
            if (row.filePath == h->file &&
                (row.fileSize != h->fileSize || row.fileModified != h->fileModified)) {
                instances.update(row.id, series, *h);
                out.changed.push_back(h->file);
                newOrChanged.push_back(h);
            } else {
                ++out.duplicates;
            }
            continue;
        }
        if (auto id = instances.insert(series, *h)) {
            // Remember it: the same object may appear twice in one scan (a copy).
            InstanceRow row;
            row.id = *id;
            row.filePath = h->file;
            row.fileSize = h->fileSize;
            row.fileModified = h->fileModified;
            stored.emplace(h->sopInstanceUid, std::move(row));
            ++out.added;
            newOrChanged.push_back(h);
        } else {
            ++out.duplicates; // stored under another series (a copy elsewhere)
        }
    }

    SegmentationRepository segmentations(db);
    for (const dicom::InstanceHeader* h : newOrChanged) {
        if (!detail::isSourceObject(*h))
            continue;
        for (NewSegmentation& seg : sourceRois(db, *h, prefetch, out.notes)) {
            seg.patientRowId = patient;
            bool added = false;
            segmentations.addOrRefreshSourceRoi(seg, who, added);
            out.segmentationsAdded += added ? 1 : 0;
        }
    }

    if (out.added > 0 || !out.changed.empty())
        AuditLog(db).record(who, "import.series", "series", series,
                            group.seriesInstanceUid + ": " + std::to_string(out.added) +
                                " instances added, " + std::to_string(out.changed.size()) +
                                " changed, " + std::to_string(out.segmentationsAdded) +
                                " segmentations added");
    transaction.commit();
    return out;
}

/// Groups the scanned instances by series in first-seen order; instances
/// without the identifiers a series needs are skipped with a reason.
std::vector<SeriesGroup> groupBySeries(const dicom::ScanResult& scan,
                                       std::vector<dicom::SkippedFile>& skipped) {
    std::vector<SeriesGroup> groups;
    std::unordered_map<std::string, std::size_t> index;
    for (const dicom::InstanceHeader& h : scan.instances) {
        if (h.seriesInstanceUid.empty() || h.studyInstanceUid.empty()) {
            skipped.push_back({h.file, h.seriesInstanceUid.empty() ? "no Series Instance UID"
                                                                   : "no Study Instance UID"});
            continue;
        }
        auto [it, inserted] = index.emplace(h.seriesInstanceUid, groups.size());
        if (inserted)
            groups.push_back({h.seriesInstanceUid, {}});
        groups[it->second].instances.push_back(&h);
    }
    // Image series first: the source objects referencing them come later.
    std::stable_partition(groups.begin(), groups.end(), [](const SeriesGroup& g) {
        return g.instances.front()->kind == dicom::ObjectKind::Image;
    });
    return groups;
}

/// The RTSTRUCT / SEG instances that are not stored yet or whose file
/// changed: the ones whose ROIs the import reads.
std::vector<const dicom::InstanceHeader*>
sourceObjectsToRead(Database& db, const std::vector<SeriesGroup>& groups) {
    std::vector<const dicom::InstanceHeader*> objects;
    InstanceRepository instances(db);
    for (const SeriesGroup& group : groups)
        for (const dicom::InstanceHeader* h : group.instances) {
            if (!detail::isSourceObject(*h))
                continue;
            const auto row = instances.find(h->sopInstanceUid);
            if (!row || (row->filePath == h->file &&
                         (row->fileSize != h->fileSize || row->fileModified != h->fileModified)))
                objects.push_back(h);
        }
    return objects;
}

std::string whoOf(const ImportOptions& options) {
    return options.who.empty() ? currentUserName() : options.who;
}

} // namespace

ImportReport importPaths(Database& db, const std::vector<std::filesystem::path>& roots,
                         const ProgressFn& progress, const CancelToken* cancel,
                         const ImportOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    const std::string who = whoOf(options);
    std::string rootList;
    for (const auto& root : roots)
        rootList += (rootList.empty() ? "" : "\n") + root.string();

    ImportReport report;
    ImportRunRepository runs(db);
    {
        Transaction transaction(db);
        report.importRunId = runs.start(rootList);
        AuditLog(db).record(who, "import.start", "import_runs", report.importRunId, rootList);
        transaction.commit();
    }

    ImportRunRow run;
    run.id = report.importRunId;
    std::string error;
    try {
        const dicom::ScanResult scan = dicom::scan(roots, progress, cancel);
        report.filesScanned = scan.filesScanned;
        report.skipped = scan.skipped;
        // A cancelled scan may hold part of a series: write nothing from it.
        report.cancelled = scan.cancelled;
        const auto groups =
            report.cancelled ? std::vector<SeriesGroup>{} : groupBySeries(scan, report.skipped);

        detail::SourceObjectPrefetch prefetch(sourceObjectsToRead(db, groups));
        std::set<std::string> patients, studies;
        for (std::size_t i = 0; i < groups.size(); ++i) {
            const SeriesGroup& group = groups[i];
            if (progress)
                progress(i, groups.size(), "series " + group.seriesInstanceUid);
            if (cancel && cancel->isCancelled()) {
                report.cancelled = true;
                break;
            }
            SeriesOutcome outcome;
            try {
                outcome = writeSeries(db, group, who, prefetch);
            } catch (const DatabaseError&) {
                throw; // the database itself failed: stop the run
            } catch (const Error& e) {
                // Bad data in this series (unreadable RTSTRUCT, conflicting
                // identifiers): its transaction rolled back, the rest goes on.
                for (const dicom::InstanceHeader* h : group.instances)
                    report.skipped.push_back({h->file, e.what()});
                continue;
            }
            report.instancesAdded += outcome.added;
            report.duplicates += outcome.duplicates;
            report.changed += outcome.changed.size();
            report.changedFiles.insert(report.changedFiles.end(), outcome.changed.begin(),
                                       outcome.changed.end());
            report.segmentationsAdded += outcome.segmentationsAdded;
            report.notes.insert(report.notes.end(), outcome.notes.begin(), outcome.notes.end());
            patients.insert(group.instances.front()->patientId);
            studies.insert(group.instances.front()->studyInstanceUid);
            ++report.series;
        }
        if (progress && !report.cancelled)
            progress(groups.size(), groups.size(), "import finished");
        report.patients = patients.size();
        report.studies = studies.size();
        run.status = report.cancelled ? ImportStatus::Cancelled : ImportStatus::Completed;
    } catch (const std::exception& e) {
        run.status = ImportStatus::Failed;
        error = e.what();
    }

    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    run.filesScanned = static_cast<std::int64_t>(report.filesScanned);
    run.instancesAdded = static_cast<std::int64_t>(report.instancesAdded);
    run.duplicates = static_cast<std::int64_t>(report.duplicates);
    run.changed = static_cast<std::int64_t>(report.changed);
    run.skipped = static_cast<std::int64_t>(report.skipped.size());
    run.report = reportJson(report, error);
    {
        Transaction transaction(db);
        runs.finish(run);
        AuditLog(db).record(who, "import.finish", "import_runs", run.id,
                            std::string(toString(run.status)) + ": " +
                                std::to_string(report.instancesAdded) + " instances added" +
                                (error.empty() ? "" : "; " + error));
        transaction.commit();
    }
    if (!error.empty())
        throw Error("import of " + rootList + " into " + db.path().string() + " failed: " + error);
    return report;
}

std::vector<Id> importNiftiSegmentations(Database& db, const std::string& seriesInstanceUid,
                                         const std::string& roiName,
                                         const std::filesystem::path& file,
                                         std::optional<int> label, const ImportOptions& options) {
    const auto series = SeriesRepository(db).find(seriesInstanceUid);
    if (!series)
        throw Error("cannot import " + file.string() + ": series " + seriesInstanceUid +
                    " is not in " + db.path().string());
    const LabelMap labels = nifti::readLabelMap(file);
    const Geometry grid = loadSeriesVolume(db, seriesInstanceUid).volume.geometry;
    if (!labels.geometry.sameGrid(grid)) {
        const auto describe = [](const Geometry& g) {
            std::ostringstream s;
            s << g.size[0] << "x" << g.size[1] << "x" << g.size[2] << " voxels of "
              << g.spacing.transpose() << " mm at " << g.origin.transpose();
            return s.str();
        };
        throw Error("NIfTI mask " + file.string() + " (" + describe(labels.geometry) +
                    ") is not on the grid of series " + seriesInstanceUid + " (" + describe(grid) +
                    ")");
    }
    std::vector<int> values = labelValues(labels);
    if (label) {
        if (std::find(values.begin(), values.end(), *label) == values.end())
            throw Error("NIfTI mask " + file.string() + " has no voxel of label " +
                        std::to_string(*label));
        values = {*label};
    } else if (values.empty()) {
        throw Error("NIfTI mask " + file.string() + " is empty (no non-zero voxel)");
    }
    const auto patient = PatientRepository(db).find(series->patientId);
    if (!patient)
        throw Error("patient of series " + seriesInstanceUid + " missing in " + db.path().string());

    const std::string who = whoOf(options);
    const bool oneRoi = values.size() == 1;
    std::vector<Id> ids;
    Transaction transaction(db);
    for (std::size_t n = 0; n < values.size(); ++n) {
        const int value = values[n];
        const Mask mask = maskOfLabel(labels, value);
        NewSegmentation seg;
        seg.patientRowId = patient->id;
        seg.referencedSeriesInstanceUid = seriesInstanceUid;
        seg.roiName = oneRoi ? roiName : roiName + " label " + std::to_string(value);
        seg.roiNumber = value;
        seg.color = defaultRoiColour(static_cast<int>(n));
        seg.source = SegmentationSource::Nifti;
        seg.sourceFile = file.string();
        seg.mask = &mask;
        const Id id = SegmentationRepository(db).add(seg, who);
        AuditLog(db).record(who, "segmentation.import", "segmentations", id,
                            "NIfTI label " + std::to_string(value) + " as '" + seg.roiName +
                                "' from " + file.string() + " on series " + seriesInstanceUid);
        ids.push_back(id);
    }
    transaction.commit();
    return ids;
}

bool foundNoDicom(const ImportReport& report) {
    if (report.cancelled || report.instancesAdded > 0 || report.duplicates > 0 ||
        report.changed > 0)
        return false;
    return std::all_of(report.skipped.begin(), report.skipped.end(),
                       [](const dicom::SkippedFile& s) { return s.reason == "not DICOM"; });
}

} // namespace rgw::storage
