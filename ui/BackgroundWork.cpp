#include "BackgroundWork.h"

#include "AuditLog.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "SegmentationExport.h"
#include "SegmentationRepository.h"
#include "SegmentationSaving.h"
#include "SeriesAccess.h"
#include "genomics/GenomicSource.h"
#include "segmentation/ResampleMask.h"
#include "segmentation/RoiStatistics.h"
#include "util/Error.h"
#include "util/Failure.h"

#include <QDate>
#include <algorithm>
#include <cstring>
#include <map>

namespace rgw::ui {

namespace {

QString fromUtf8(const std::string& text) {
    return QString::fromStdString(text);
}

} // namespace

LoadedImage loadImageWithSegmentations(const std::filesystem::path& databaseFile,
                                       const std::string& seriesInstanceUid,
                                       const CancelToken* cancel, bool withSegmentations) {
    storage::Database db(databaseFile);
    const auto series = storage::SeriesRepository(db).find(seriesInstanceUid);
    if (!series)
        throw Error("series " + seriesInstanceUid + " is not in the database " +
                    databaseFile.string());
    if (series->kind != dicom::ObjectKind::Image)
        throw Error("series " + seriesInstanceUid + " (" + series->modality +
                    ") is not an image series and cannot be displayed");

    dicom::LoadedSeries loaded = storage::loadSeriesVolume(db, seriesInstanceUid, {}, cancel);
    LoadedImage image;
    image.seriesInstanceUid = fromUtf8(seriesInstanceUid);
    image.modality = fromUtf8(series->modality);
    QStringList titleParts{fromUtf8(series->patientId), fromUtf8(series->modality)};
    if (!series->seriesDescription.empty())
        titleParts << fromUtf8(series->seriesDescription);
    if (const QDate date = QDate::fromString(fromUtf8(series->studyDate), "yyyyMMdd");
        date.isValid())
        titleParts << date.toString(Qt::ISODate);
    image.title = titleParts.join(QStringLiteral("  |  "));
    for (const auto& finding : loaded.findings)
        image.warnings << fromUtf8(finding.message);

    const Geometry grid = loaded.volume.geometry;
    image.volume = std::make_shared<const Volume>(std::move(loaded.volume));

    if (!withSegmentations)
        return image;
    // The newest version of each lineage: what editing continues from.
    std::map<storage::Id, storage::SegmentationRow> newest;
    for (auto& row : storage::SegmentationRepository(db).listForSeries(seriesInstanceUid))
        if (auto it = newest.find(row.lineage);
            it == newest.end() || it->second.version < row.version)
            newest[row.lineage] = std::move(row);
    std::vector<storage::SegmentationRow> rows;
    for (auto& [lineage, row] : newest)
        rows.push_back(std::move(row));
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.roiName < b.roiName; });
    for (const auto& row : rows) {
        if (cancel && cancel->isCancelled())
            break;
        try {
            image.segments.push_back({fromUtf8(row.roiName),
                                      QColor(row.color[0], row.color[1], row.color[2]),
                                      storage::loadSegmentationMask(db, row.id, grid), row.id});
        } catch (const Error& e) {
            image.warnings << QStringLiteral("Segmentation %1 (id %2) not shown: %3")
                                  .arg(fromUtf8(row.roiName))
                                  .arg(row.id)
                                  .arg(fromUtf8(e.what()));
        }
    }
    if (!image.segments.empty())
        image.firstSegmentCentre = segmentation::voxelCentroid(image.segments.front().mask);
    return image;
}

std::vector<storage::Id> saveEditedSegments(const std::filesystem::path& databaseFile,
                                            const std::string& seriesInstanceUid,
                                            const std::vector<SegmentToSave>& segments) {
    storage::Database db(databaseFile);
    std::vector<storage::EditedSegmentation> rows;
    for (const auto& s : segments)
        rows.push_back({s.parentId, s.name, s.colour, s.mask.get()});
    return storage::saveSegmentations(db, seriesInstanceUid, rows, storage::currentUserName());
}

std::vector<storage::Id> importNiftiMask(const std::filesystem::path& databaseFile,
                                         const std::string& seriesInstanceUid,
                                         const std::filesystem::path& file) {
    storage::Database db(databaseFile);
    std::string name = file.filename().string();
    for (const char* suffix : {".nii.gz", ".nii"})
        if (name.size() > std::strlen(suffix) &&
            name.compare(name.size() - std::strlen(suffix), std::string::npos, suffix) == 0) {
            name.resize(name.size() - std::strlen(suffix));
            break;
        }
    return storage::importNiftiSegmentations(db, seriesInstanceUid, name, file);
}

CopiedSegmentation loadResampledSegmentation(const std::filesystem::path& databaseFile,
                                             storage::Id segmentationId, const Geometry& target) {
    storage::Database db(databaseFile);
    const auto row = storage::SegmentationRepository(db).find(segmentationId);
    if (!row)
        throw Error("segmentation " + std::to_string(segmentationId) + " is not in " +
                    databaseFile.string());
    const Mask source = storage::loadSegmentationMask(db, segmentationId);
    return {row->roiName, row->color, segmentation::resampleMask(source, target)};
}

std::filesystem::path exportStoredSegmentations(const std::filesystem::path& databaseFile,
                                                const std::vector<storage::Id>& ids,
                                                const std::string& format,
                                                const std::filesystem::path& out) {
    storage::Database db(databaseFile);
    const auto parsed = storage::exportFormatFromString(format);
    if (!parsed)
        throw Error("unknown export format '" + format + "'");
    return storage::exportSegmentations(db, ids, *parsed, out).file;
}

storage::ImportReport importIntoDatabase(const std::filesystem::path& databaseFile,
                                         const std::vector<std::filesystem::path>& roots,
                                         const ProgressFn& progress, const CancelToken* cancel) {
    storage::Database db(databaseFile);
    return storage::importPaths(db, roots, progress, cancel);
}

DemoImport generateAndImportDemo(const std::filesystem::path& databaseFile,
                                 const std::filesystem::path& folder, const ProgressFn& progress,
                                 const CancelToken* cancel) {
    DemoImport result;
    demo::DemoOptions demoOptions;
    demoOptions.outputFolder = folder;
    const auto phase = [&](const std::string& prefix) -> ProgressFn {
        if (!progress)
            return {};
        return [&progress, prefix](std::size_t done, std::size_t total, const std::string& what) {
            progress(done, total, prefix + what);
        };
    };
    result.cohort = demo::writeCohort(demoOptions, phase("Writing demo patient "), cancel);
    if (cancel && cancel->isCancelled()) {
        result.import.cancelled = true;
        return result;
    }
    std::vector<std::filesystem::path> dicomFolders;
    for (const auto& patient : result.cohort.patients)
        dicomFolders.push_back(folder / patient.patientId);
    result.import = importIntoDatabase(databaseFile, dicomFolders, phase("Importing "), cancel);
    if (result.import.cancelled)
        return result;

    const genomics::GenomicDataSet study =
        genomics::readGenomicSource(result.cohort.genomics.folder);
    storage::Database db(databaseFile);
    storage::GenomicsImportOptions options;
    options.cancel = cancel;
    options.progress = phase("Importing the genomic study: ");
    result.genomics = storage::importGenomicData(db, study, options);
    if (!result.genomics.imported && !result.genomics.cancelled)
        throw Error("demo cohort: its genomic study " + result.cohort.genomics.folder.string() +
                    " could not be imported: " +
                    (result.genomics.errors.empty() ? std::string("no reason given")
                                                    : result.genomics.errors.front().describe()));
    return result;
}

SeriesExtraction extractSeriesSegmentations(const std::filesystem::path& databaseFile,
                                            const std::string& seriesInstanceUid,
                                            const std::vector<storage::Id>& segmentationIds,
                                            const radiomics::ParameterSet& parameters,
                                            bool allowModalityMismatch, unsigned threads,
                                            const ProgressFn& progress, const CancelToken* cancel) {
    storage::Database db(databaseFile);
    const storage::ModalityUse modality =
        storage::checkSeriesModality(db, seriesInstanceUid, parameters, allowModalityMismatch);
    SeriesExtraction result;
    const std::size_t total = segmentationIds.size() + 1; // + loading the image
    if (progress)
        progress(0, total, "Loading series " + seriesInstanceUid);
    const Volume image = storage::loadSeriesVolume(db, seriesInstanceUid, {}, cancel).volume;
    const std::string who = storage::currentUserName();
    storage::SegmentationRepository segmentations(db);
    for (std::size_t i = 0; i < segmentationIds.size(); ++i) {
        if (cancel && cancel->isCancelled()) {
            result.cancelled = true;
            break;
        }
        const storage::Id id = segmentationIds[i];
        std::string label = "segmentation " + std::to_string(id);
        try {
            const auto row = segmentations.find(id);
            if (!row)
                throw Error(label + " is not in the database");
            label += " '" + row->roiName + "'";
            if (row->referencedSeriesInstanceUid != seriesInstanceUid)
                throw Error(label + " lies on series " + row->referencedSeriesInstanceUid +
                            ", not on " + seriesInstanceUid);
            if (progress)
                progress(i + 1, total, "Extracting features of " + label);
            const Mask mask = storage::loadSegmentationMask(db, id, image.geometry);
            const radiomics::FeatureTable table =
                storage::extractFeatures(image, mask, parameters.settings, threads);
            result.extractionIds.push_back(storage::storeFeatures(
                db, seriesInstanceUid, id, label, parameters, table, modality, who));
        } catch (const storage::DatabaseError&) {
            throw; // the database itself failed: stop
        } catch (const std::exception& e) {
            result.failures << QString::fromStdString(rgw::failureMessage(e));
        }
    }
    if (progress && !result.cancelled)
        progress(total, total, "Done");
    return result;
}

storage::CohortReport extractWholeCohort(const std::filesystem::path& databaseFile,
                                         const radiomics::ParameterSet& parameters,
                                         const storage::CohortOptions& options, unsigned threads,
                                         const ProgressFn& progress, const CancelToken* cancel) {
    std::vector<storage::CohortPair> pairs;
    {
        storage::Database db(databaseFile);
        pairs = storage::cohortPairs(db);
    }
    return storage::extractCohort(databaseFile, pairs, parameters, threads, progress, cancel,
                                  options);
}

StoredFeatures readStoredFeatures(storage::Database& db, storage::Id extractionId) {
    storage::FeatureRepository features(db);
    StoredFeatures stored;
    stored.provenance = features.provenance(extractionId);
    stored.table = features.values(extractionId);
    return stored;
}

std::optional<storage::Id> latestExtraction(storage::Database& db,
                                            const std::string& seriesInstanceUid,
                                            storage::Id segmentationId) {
    std::optional<storage::Id> latest;
    // listForSeries is oldest first: the last match is the newest.
    for (const auto& row : storage::FeatureRepository(db).listForSeries(seriesInstanceUid))
        if (row.segmentationId == segmentationId)
            latest = row.id;
    return latest;
}

} // namespace rgw::ui
