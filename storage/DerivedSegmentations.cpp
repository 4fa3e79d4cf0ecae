#include "DerivedSegmentations.h"

#include "AuditLog.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "image/LabelMap.h"
#include "util/Error.h"

#include <cstdio>
#include <set>

namespace rgw::storage {

const char* toString(DerivationTool tool) {
    return tool == DerivationTool::Habitat ? "habitat" : "peritumoural_ring";
}

DerivationTool derivationToolFromString(std::string_view text) {
    if (text == "habitat")
        return DerivationTool::Habitat;
    if (text == "peritumoural_ring")
        return DerivationTool::PeritumouralRing;
    throw Error("unknown derivation tool '" + std::string(text) + "'");
}

namespace {

std::string number(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
}

std::string numberJson(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

const char* kSelect =
    "SELECT d.segmentation_id, d.label, d.voxel_fraction, r.id, r.parent_id, r.tool, "
    "r.parameters, r.created_at, r.created_by FROM segmentation_derivations d "
    "JOIN derivation_runs r ON r.id = d.run_id ";

std::vector<DerivedSegmentationRow> readRows(Database& db, Statement& s) {
    std::vector<std::pair<Id, DerivedSegmentationRow>> partial;
    while (s.step()) {
        DerivedSegmentationRow row;
        row.label = s.integer(1);
        if (!s.isNull(2))
            row.fraction = s.real(2);
        row.run.id = s.int64(3);
        row.run.parentId = s.int64(4);
        row.run.tool = derivationToolFromString(s.text(5));
        row.run.parameters = s.text(6);
        row.run.createdAt = s.text(7);
        row.run.createdBy = s.text(8);
        partial.emplace_back(s.int64(0), std::move(row));
    }
    s.reset();
    SegmentationRepository repository(db);
    std::vector<DerivedSegmentationRow> rows;
    for (auto& [id, row] : partial) {
        auto segmentation = repository.find(id);
        if (!segmentation)
            throw Error("derived segmentation " + std::to_string(id) + " missing in " +
                        db.path().string());
        row.segmentation = std::move(*segmentation);
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace

SavedDerivation saveDerivedSegmentations(Database& db, Id parentId, DerivationTool tool,
                                         const std::string& parametersJson,
                                         const std::vector<DerivedRegion>& regions,
                                         const std::string& who) {
    SegmentationRepository repository(db);
    const auto parent = repository.find(parentId);
    if (!parent)
        throw Error("cannot save " + std::string(toString(tool)) + " regions: segmentation " +
                    std::to_string(parentId) + " is not in " + db.path().string());
    if (regions.empty())
        throw Error("cannot save " + std::string(toString(tool)) +
                    " regions: none given for segmentation " + std::to_string(parentId));
    const Mask parentMask = loadSegmentationMask(db, parentId);

    SavedDerivation saved;
    Transaction transaction(db);
    Statement& run = db.prepare("INSERT INTO derivation_runs (parent_id, tool, parameters, "
                                "created_by) VALUES (?1, ?2, ?3, ?4)");
    run.bind(1, parentId)
        .bind(2, toString(tool))
        .bind(3, parametersJson.empty() ? std::string("{}") : parametersJson)
        .bind(4, who);
    run.execute();
    run.reset();
    saved.runId = db.lastInsertRowId();

    std::set<int> labels;
    for (const DerivedRegion& region : regions) {
        const std::string what = "cannot save region '" + region.roiName + "' derived from " +
                                 "segmentation " + std::to_string(parentId);
        if (!region.mask || !region.mask->geometry.sameGrid(parentMask.geometry) ||
            region.mask->voxels.size() != parentMask.voxels.size())
            throw Error(what + ": its mask is not on the grid of series " +
                        parent->referencedSeriesInstanceUid);
        if (region.label < 1 || !labels.insert(region.label).second)
            throw Error(what + ": label " + std::to_string(region.label) +
                        " is not >= 1 or is used twice in the run");
        for (std::size_t v = 0; v < parentMask.voxels.size(); ++v) {
            const bool in = region.mask->voxels[v] != 0, inParent = parentMask.voxels[v] != 0;
            if (tool == DerivationTool::Habitat && in && !inParent)
                throw Error(what + ": the habitat reaches outside its ROI");
            if (tool == DerivationTool::PeritumouralRing && in && inParent)
                throw Error(what + ": the ring overlaps the tumour");
        }
        NewSegmentation row;
        row.patientRowId = parent->patientRowId;
        row.referencedSeriesInstanceUid = parent->referencedSeriesInstanceUid;
        row.roiName = region.roiName;
        row.color = region.color;
        row.source = SegmentationSource::Manual;
        row.mask = region.mask;
        const Id id = repository.add(row, who);

        Statement& link = db.prepare("INSERT INTO segmentation_derivations (segmentation_id, "
                                     "run_id, label, voxel_fraction) VALUES (?1, ?2, ?3, ?4)");
        link.bind(1, id).bind(2, saved.runId).bind(3, region.label);
        if (region.fraction)
            link.bind(4, *region.fraction);
        else
            link.bindNull(4);
        link.execute();
        link.reset();
        AuditLog(db).record(who, "segmentation.derive", "segmentations", id,
                            std::string(toString(tool)) + " '" + region.roiName +
                                "' from segmentation " + std::to_string(parentId) + " (run " +
                                std::to_string(saved.runId) + ")");
        saved.segmentationIds.push_back(id);
    }
    transaction.commit();
    return saved;
}

SavedDerivation saveHabitats(Database& db, Id parentId, const segmentation::HabitatResult& result,
                             const std::string& who) {
    const auto parent = SegmentationRepository(db).find(parentId);
    if (!parent)
        throw Error("cannot save habitats: segmentation " + std::to_string(parentId) +
                    " is not in " + db.path().string());
    const std::string k = std::to_string(result.habitats.size());
    std::vector<DerivedRegion> regions;
    for (const segmentation::Habitat& h : result.habitats) {
        DerivedRegion r;
        r.roiName = parent->roiName + " habitat " + std::to_string(h.label) + "/" + k;
        r.color = defaultRoiColour(h.label);
        r.mask = &h.mask;
        r.label = h.label;
        r.fraction = h.fraction;
        regions.push_back(r);
    }
    return saveDerivedSegmentations(db, parentId, DerivationTool::Habitat,
                                    segmentation::toJson(result.provenance), regions, who);
}

Id saveRing(Database& db, Id parentId, const Mask& ring, const segmentation::RingOptions& options,
            const std::vector<Id>& excludedSegmentationIds, const std::string& who) {
    const auto parent = SegmentationRepository(db).find(parentId);
    if (!parent)
        throw Error("cannot save a peritumoural ring: segmentation " + std::to_string(parentId) +
                    " is not in " + db.path().string());
    std::string json = "{\"width_mm\":" + numberJson(options.widthMm) +
                       ",\"inner_mm\":" + numberJson(options.innerMm) +
                       ",\"within\":" + (options.within ? "true" : "false") +
                       ",\"excluded_segmentations\":[";
    for (std::size_t i = 0; i < excludedSegmentationIds.size(); ++i)
        json += (i ? "," : "") + std::to_string(excludedSegmentationIds[i]);
    json += "],\"excluded_structures\":" + std::to_string(options.excluded.size()) + "}";
    DerivedRegion region;
    region.roiName = parent->roiName + " ring " + number(options.innerMm) + "-" +
                     number(options.innerMm + options.widthMm) + " mm";
    region.color = defaultRoiColour(0);
    region.mask = &ring;
    return saveDerivedSegmentations(db, parentId, DerivationTool::PeritumouralRing, json, {region},
                                    who)
        .segmentationIds.front();
}

std::optional<DerivedSegmentationRow> findDerivation(Database& db, Id id) {
    Statement& s = db.prepare(std::string(kSelect) + "WHERE d.segmentation_id = ?1");
    s.bind(1, id);
    auto rows = readRows(db, s);
    if (rows.empty())
        return std::nullopt;
    return std::move(rows.front());
}

std::vector<DerivedSegmentationRow> listDerived(Database& db, Id parentId) {
    Statement& s =
        db.prepare(std::string(kSelect) + "WHERE r.parent_id = ?1 ORDER BY r.id, d.label");
    s.bind(1, parentId);
    return readRows(db, s);
}

std::vector<DerivedSegmentationRow> listRun(Database& db, Id runId) {
    Statement& s = db.prepare(std::string(kSelect) + "WHERE r.id = ?1 ORDER BY d.label");
    s.bind(1, runId);
    return readRows(db, s);
}

} // namespace rgw::storage
