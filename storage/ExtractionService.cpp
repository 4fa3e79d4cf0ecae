#include "ExtractionService.h"

#include "AuditLog.h"
#include "CohortRepositories.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "radiomics/Extractor.h"
#include "radiomics/ModalityGuard.h"
#include "radiomics/processing/Pipeline.h"
#include "util/Error.h"
#include "util/Failure.h"
#include "util/ParallelFor.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>

namespace rgw::storage {

namespace {

std::string trim(std::string text) {
    auto space = [](unsigned char c) { return std::isspace(c) != 0; };
    text.erase(text.begin(), std::find_if_not(text.begin(), text.end(), space));
    text.erase(std::find_if_not(text.rbegin(), text.rend(), space).base(), text.end());
    return text;
}

} // namespace

radiomics::FeatureTable extractFeatures(const Volume& image, const Mask& mask,
                                        const radiomics::Settings& settings, unsigned threads) {
    return radiomics::extract(image, mask, settings, radiomics::FamilySelection::all(),
                              radiomics::ExtractOptions{threads});
}

radiomics::FeatureTable extractFeatures(ExtractionWindow&& window,
                                        const radiomics::Settings& settings, unsigned threads) {
    const radiomics::PreparedRoi roi = radiomics::processing::prepareRoi(
        std::move(window.image), window.mask, settings, window.window);
    window = ExtractionWindow(); // the families read the prepared ROI only
    return radiomics::extract(roi, settings, radiomics::FamilySelection::all(),
                              radiomics::ExtractOptions{threads});
}

void requireDatabasePipeline(const radiomics::ParameterSet& parameters) {
    if (parameters.pyradiomics)
        throw Error(parameters.source +
                    " is PyRadiomics-compatible: it runs on NRRD or NIfTI files with rgw-cli "
                    "extract, not on the database's images; choose an IBSI parameter set");
}

ModalityUse checkModality(const radiomics::ParameterSet& parameters,
                          const std::string& imageModality, const std::string& imageName,
                          bool allowMismatch) {
    radiomics::requireModality(parameters, imageModality, imageName, allowMismatch);
    return {imageModality, !radiomics::modalityFits(parameters, imageModality)};
}

ModalityUse checkSeriesModality(Database& db, const std::string& seriesInstanceUid,
                                const radiomics::ParameterSet& parameters, bool allowMismatch) {
    requireDatabasePipeline(parameters);
    const auto series = SeriesRepository(db).find(seriesInstanceUid);
    if (!series)
        throw Error("series " + seriesInstanceUid + " is not in " + db.path().string());
    return checkModality(parameters, series->modality, "series " + seriesInstanceUid,
                         allowMismatch);
}

std::string extractionTargetLabel(Database& db, const std::string& seriesInstanceUid,
                                  std::optional<Id> segmentationId) {
    const auto series = SeriesRepository(db).find(seriesInstanceUid);
    if (!series)
        throw Error("series " + seriesInstanceUid + " is not in " + db.path().string());
    const std::string dot = " \u00b7 ";
    std::string label =
        series->patientId.empty() ? std::string("(no patient ID)") : series->patientId;
    if (segmentationId) {
        const auto row = SegmentationRepository(db).find(*segmentationId);
        label += dot + (row ? row->roiName : "segmentation " + std::to_string(*segmentationId));
    }
    std::string name = series->seriesDescription;
    if (name.empty() && series->seriesNumber)
        name = series->modality + " series " + std::to_string(*series->seriesNumber);
    if (name.empty())
        name = "series " + seriesInstanceUid;
    return label + dot + name;
}

std::vector<std::string> imageSeriesModalities(Database& db) {
    Statement& s = db.prepare("SELECT DISTINCT modality FROM series WHERE object_kind = 'image' "
                              "ORDER BY modality");
    std::vector<std::string> modalities;
    while (s.step())
        modalities.push_back(s.text(0));
    s.reset();
    return modalities;
}

Id storeFeatures(Database& db, const std::string& seriesInstanceUid,
                 std::optional<Id> segmentationId, const std::string& maskDescription,
                 const radiomics::ParameterSet& parameters, const radiomics::FeatureTable& table,
                 const ModalityUse& modality, const std::string& who) {
    requireDatabasePipeline(parameters);
    NewFeatureExtraction e;
    e.seriesInstanceUid = seriesInstanceUid;
    e.segmentationId = segmentationId;
    e.maskDescription = maskDescription;
    e.parameterSetHash = parameters.hash;
    e.parameterSetCanonicalText = parameters.canonicalText;
    e.parameterSetName = parameters.source;
    e.softwareVersion = RGW_VERSION;
    e.families = radiomics::availableFamilies();
    e.table = &table;
    e.imageModality = modality.imageModality;
    e.modalityMismatchAllowed = modality.mismatchAllowed;
    return FeatureRepository(db).store(e, who);
}

std::vector<CohortPair> cohortPairs(Database& db) {
    Statement& s = db.prepare(
        "SELECT g.series_uid, g.id FROM segmentations g "
        "JOIN series r ON r.series_uid = g.series_uid AND r.object_kind = 'image' "
        "WHERE g.version = (SELECT MAX(h.version) FROM segmentations h WHERE h.lineage = "
        "g.lineage) ORDER BY g.series_uid, g.id");
    std::vector<CohortPair> pairs;
    while (s.step())
        pairs.push_back({s.text(0), s.int64(1)});
    s.reset();
    return pairs;
}

std::vector<CohortPair> readCohortPairs(const std::filesystem::path& csv) {
    std::ifstream in(csv);
    if (!in)
        throw Error("cannot read pair list " + csv.string());
    std::vector<CohortPair> pairs;
    std::string line;
    int lineNumber = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        line = trim(line);
        if (line.empty())
            continue;
        const auto comma = line.find(',');
        const std::string where = csv.string() + " line " + std::to_string(lineNumber);
        if (comma == std::string::npos || line.find(',', comma + 1) != std::string::npos)
            throw Error(where + ": expected series_uid,segmentation_id");
        const std::string uid = trim(line.substr(0, comma));
        const std::string id = trim(line.substr(comma + 1));
        if (pairs.empty() && uid == "series_uid" && id == "segmentation_id")
            continue; // header
        const bool number =
            !id.empty() && id.size() < 19 &&
            std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
        if (uid.empty() || !number)
            throw Error(where + ": expected series_uid,segmentation_id, found '" + line + "'");
        pairs.push_back({uid, std::stoll(id)});
    }
    return pairs;
}

namespace {

/// Shared state of one cohort run.
struct CohortRun {
    CohortRun(const std::filesystem::path& file, const radiomics::ParameterSet& params,
              const CohortOptions& opts, const ProgressFn& onProgress, const CancelToken* token)
        : databaseFile(file), parameters(params), options(opts), progress(onProgress),
          cancel(token) {}

    const std::filesystem::path& databaseFile;
    const radiomics::ParameterSet& parameters;
    const CohortOptions& options;
    const ProgressFn& progress;
    const CancelToken* cancel;
    std::string who = currentUserName();
    std::mutex mutex; ///< guards the report and serialises the writes
    CohortReport report;
    std::size_t finished = 0;
    std::atomic<bool> stop{false};

    bool stopping() const { return stop || (cancel && cancel->isCancelled()); }

    void done(const CohortPair& pair, std::size_t CohortReport::*counter) {
        std::lock_guard lock(mutex);
        ++(report.*counter);
        advance(pair);
    }
    void fail(const CohortPair& pair, std::string reason) {
        std::lock_guard lock(mutex);
        report.failed.push_back({pair, reason.empty() ? "unknown failure" : std::move(reason)});
        advance(pair);
    }
    void skipForModality(const CohortPair& pair, const std::string& modality, std::string reason) {
        std::lock_guard lock(mutex);
        report.skippedForModality.push_back({pair, modality, std::move(reason)});
        advance(pair);
    }
    /// Why the pairs of a series of `modality` are not extracted; empty when they are.
    std::string modalityRefusal(const std::string& uid, const std::string& modality) const {
        if (!options.modality.empty() && modality != options.modality)
            return "series " + uid + " is " +
                   (modality.empty() ? "of unknown modality" : modality) + "; this run extracts " +
                   options.modality;
        if (options.allowModalityMismatch)
            return {};
        return radiomics::modalityMismatchReason(parameters, modality, "series " + uid);
    }
    void advance(const CohortPair& pair) { // mutex held
        ++finished;
        if (progress)
            progress(finished, report.pairs, pair.seriesInstanceUid);
    }

    /// One series and its pairs, on the worker's own connection.
    void runSeries(Database& db, const std::vector<CohortPair>& group) {
        const std::string& uid = group.front().seriesInstanceUid;
        const auto series = SeriesRepository(db).find(uid);
        const std::string modality = series ? series->modality : std::string();
        if (series) {
            if (const std::string refusal = modalityRefusal(uid, modality); !refusal.empty()) {
                for (const auto& pair : group)
                    skipForModality(pair, modality, refusal);
                return;
            }
        }
        const ModalityUse modalityUse{modality, !radiomics::modalityFits(parameters, modality)};
        FeatureRepository features(db);
        std::vector<CohortPair> pending;
        for (const auto& pair : group) {
            if (features.find(pair.seriesInstanceUid, pair.segmentationId, parameters.hash))
                done(pair, &CohortReport::skipped);
            else
                pending.push_back(pair);
        }
        if (pending.empty() || stopping())
            return;
        Volume image;
        try {
            image = loadSeriesVolume(db, group.front().seriesInstanceUid, {}, cancel).volume;
        } catch (const DatabaseError&) {
            throw;
        } catch (const std::exception& e) {
            if (stopping())
                return;
            for (const auto& pair : pending)
                fail(pair, failureMessage(e));
            return;
        }
        for (const auto& pair : pending) {
            if (stopping())
                return;
            try {
                auto row = SegmentationRepository(db).find(pair.segmentationId);
                if (!row)
                    throw Error("segmentation " + std::to_string(pair.segmentationId) +
                                " is not in the database");
                if (row->referencedSeriesInstanceUid != pair.seriesInstanceUid)
                    throw Error("segmentation " + std::to_string(pair.segmentationId) +
                                " lies on series " + row->referencedSeriesInstanceUid);
                const Mask mask = loadSegmentationMask(db, pair.segmentationId, image.geometry);
                const radiomics::FeatureTable table =
                    extractFeatures(image, mask, parameters.settings, 1);
                {
                    std::lock_guard lock(
                        mutex); // SQLite has one writer: queue here, not in busy waits
                    storeFeatures(db, pair.seriesInstanceUid, pair.segmentationId,
                                  "segmentation " + std::to_string(row->id) + " '" + row->roiName +
                                      "'",
                                  parameters, table, modalityUse, who);
                }
                done(pair, &CohortReport::extracted);
            } catch (const DatabaseError&) {
                throw;
            } catch (const std::exception& e) {
                fail(pair, failureMessage(e));
            }
        }
    }
};

} // namespace

CohortReport extractCohort(const std::filesystem::path& databaseFile,
                           const std::vector<CohortPair>& pairs,
                           const radiomics::ParameterSet& parameters, unsigned threads,
                           const ProgressFn& progress, const CancelToken* cancel,
                           const CohortOptions& options) {
    requireDatabasePipeline(parameters);
    const auto start = std::chrono::steady_clock::now();
    // One work unit per series: its image is loaded once for all its masks.
    std::map<std::string, std::vector<CohortPair>> bySeries;
    for (const auto& pair : pairs)
        bySeries[pair.seriesInstanceUid].push_back(pair);
    std::vector<const std::vector<CohortPair>*> units;
    for (const auto& [uid, group] : bySeries)
        units.push_back(&group);

    CohortRun run(databaseFile, parameters, options, progress, cancel);
    run.report.pairs = pairs.size();
    // Each series unit opens its own connection: SQLite connections are used
    // by one thread at a time, and opening one costs little next to an extraction.
    // A database error ends the run (rethrown here once the workers stopped).
    parallelFor(
        units.size(), resolveThreadCount(threads, units.size()),
        [&](std::size_t i) {
            Database db(databaseFile);
            run.runSeries(db, *units[i]);
        },
        [&] { return run.stopping(); });
    CohortReport report = std::move(run.report);
    report.cancelled = cancel && cancel->isCancelled() &&
                       report.extracted + report.skipped + report.skippedForModality.size() +
                               report.failed.size() <
                           report.pairs;
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

} // namespace rgw::storage
