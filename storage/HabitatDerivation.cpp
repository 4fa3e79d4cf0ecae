#include "HabitatDerivation.h"

#include "CohortRepositories.h"
#include "ExtractionInputs.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "util/Error.h"

#include <set>

namespace rgw::storage {

namespace {

void checkCancel(const CancelToken* cancel) {
    if (cancel && cancel->isCancelled())
        throw Error("habitats: cancelled");
}

} // namespace

HabitatDerivationResult deriveHabitats(Database& db, Id segmentationId,
                                       const std::vector<std::string>& seriesUids,
                                       const segmentation::HabitatOptions& options,
                                       const std::optional<segmentation::RingOptions>& ring,
                                       const std::string& who, const ProgressFn& progress,
                                       const CancelToken* cancel) {
    // The segmentation and the series, checked before anything is loaded.
    const auto parent = SegmentationRepository(db).find(segmentationId);
    if (!parent)
        throw InputNotFound("segmentation " + std::to_string(segmentationId) + " is not in " +
                            db.path().string());
    if (seriesUids.empty())
        throw Error("habitats: no image series given for segmentation " +
                    std::to_string(segmentationId));
    std::set<std::string> seen;
    SeriesRepository seriesRepository(db);
    PatientRepository patients(db);
    for (const std::string& uid : seriesUids) {
        if (!seen.insert(uid).second)
            throw Error("habitats: series " + uid + " given twice");
        const auto row = seriesRepository.find(uid);
        if (!row)
            throw InputNotFound("series " + uid + " is not in " + db.path().string());
        const auto patient = patients.find(row->patientId);
        if (!patient || patient->id != parent->patientRowId)
            throw Error("habitats: series " + uid + " belongs to patient " + row->patientId +
                        ", not to the patient of segmentation " + std::to_string(segmentationId));
    }
    if (seriesUids.front() != parent->referencedSeriesInstanceUid)
        throw Error("habitats: the first SERIES_UID must be the series segmentation " +
                    std::to_string(segmentationId) + " '" + parent->roiName + "' lies on (" +
                    parent->referencedSeriesInstanceUid + "), not " + seriesUids.front());

    // Steps: each series, the clustering, the storing.
    const std::size_t steps = seriesUids.size() + 2;
    const auto report = [&](std::size_t done, const std::string& what) {
        if (progress)
            progress(done, steps, what);
    };
    HabitatDerivationResult out;
    std::vector<dicom::LoadedSeries> loaded;
    loaded.reserve(seriesUids.size());
    for (std::size_t i = 0; i < seriesUids.size(); ++i) {
        checkCancel(cancel);
        report(i, "loading series " + seriesUids[i]);
        loaded.push_back(loadSeriesVolume(db, seriesUids[i], {}, cancel));
        for (const auto& finding : loaded.back().findings)
            out.warnings.push_back(finding.message);
    }
    checkCancel(cancel);
    const Mask roi = loadSegmentationMask(db, segmentationId, loaded.front().volume.geometry);
    std::vector<segmentation::HabitatSeries> series;
    for (std::size_t i = 0; i < seriesUids.size(); ++i)
        series.push_back({seriesUids[i], &loaded[i].volume});

    report(seriesUids.size(), "clustering segmentation " + std::to_string(segmentationId));
    out.habitats = segmentation::computeHabitats(roi, series, options);
    std::optional<Mask> ringMask;
    if (ring)
        ringMask = segmentation::peritumouralRing(roi, *ring);
    checkCancel(cancel);

    report(seriesUids.size() + 1, "storing the habitats");
    Transaction transaction(db);
    out.saved = saveHabitats(db, segmentationId, out.habitats, who);
    if (ringMask)
        out.ringId = saveRing(db, segmentationId, *ringMask, *ring, {}, who);
    transaction.commit();
    report(steps, "stored");
    return out;
}

} // namespace rgw::storage
