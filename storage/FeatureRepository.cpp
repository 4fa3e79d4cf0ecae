#include "FeatureRepository.h"

#include "AuditLog.h"
#include "util/Error.h"

#include <cmath>
#include <string>

namespace rgw::storage {

namespace {

constexpr const char* kColumns =
    "e.id, e.series_uid, e.segmentation_id, e.mask_description, e.parameter_set_id, p.hash, "
    "e.software_version, e.families, e.created_at, e.created_by, e.status, "
    "(SELECT COUNT(*) FROM feature_values v WHERE v.extraction_id = e.id), e.image_modality, "
    "e.modality_mismatch_allowed";
constexpr const char* kFrom =
    " FROM feature_extractions e JOIN parameter_sets p ON p.id = e.parameter_set_id ";

// Families are stored as one comma-separated column: family keys never hold commas.
std::string joinFamilies(const std::vector<std::string>& families) {
    std::string text;
    for (const auto& f : families)
        text += (text.empty() ? "" : ",") + f;
    return text;
}

std::vector<std::string> splitFamilies(const std::string& text) {
    std::vector<std::string> families;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t comma = text.find(',', start);
        const std::size_t end = comma == std::string::npos ? text.size() : comma;
        families.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return families;
}

FeatureExtractionRow readRow(const Statement& s) {
    FeatureExtractionRow row;
    row.id = s.int64(0);
    row.seriesInstanceUid = s.text(1);
    row.segmentationId = s.optionalInt64(2);
    row.maskDescription = s.text(3);
    row.parameterSetId = s.int64(4);
    row.parameterSetHash = s.text(5);
    row.softwareVersion = s.text(6);
    row.families = splitFamilies(s.text(7));
    row.createdAt = s.text(8);
    row.createdBy = s.text(9);
    row.status = s.text(10);
    row.valueCount = s.integer(11);
    row.imageModality = s.text(12);
    row.modalityMismatchAllowed = s.integer(13) != 0;
    return row;
}

} // namespace

std::vector<FeatureExtractionRow> FeatureRepository::readAll(Statement& s) {
    std::vector<FeatureExtractionRow> rows;
    while (s.step())
        rows.push_back(readRow(s));
    s.reset();
    return rows;
}

Id FeatureRepository::addParameterSet(const std::string& hash, const std::string& canonicalText,
                                      const std::string& name) {
    if (auto existing = findParameterSet(hash)) {
        if (existing->canonicalText != canonicalText)
            throw Error("parameter set hash " + hash + " is stored in " + db_.path().string() +
                        " with a different canonical text");
        return existing->id;
    }
    Statement& s =
        db_.prepare("INSERT INTO parameter_sets (hash, canonical_text, name) VALUES (?1, ?2, ?3)");
    s.bind(1, hash).bind(2, canonicalText).bind(3, name);
    s.execute();
    s.reset();
    return db_.lastInsertRowId();
}

std::optional<ParameterSetRow> FeatureRepository::findParameterSet(const std::string& hash) {
    Statement& s =
        db_.prepare("SELECT id, hash, canonical_text, name FROM parameter_sets WHERE hash = ?1");
    s.bind(1, hash);
    std::optional<ParameterSetRow> row;
    if (s.step())
        row = ParameterSetRow{s.int64(0), s.text(1), s.text(2), s.text(3)};
    s.reset();
    return row;
}

std::vector<ParameterSetRow> FeatureRepository::parameterSetsInUse() {
    Statement& s =
        db_.prepare("SELECT p.id, p.hash, p.canonical_text, p.name FROM parameter_sets p "
                    "JOIN feature_extractions e ON e.parameter_set_id = p.id "
                    "GROUP BY p.id ORDER BY MAX(e.id) DESC");
    std::vector<ParameterSetRow> rows;
    while (s.step())
        rows.push_back(ParameterSetRow{s.int64(0), s.text(1), s.text(2), s.text(3)});
    s.reset();
    return rows;
}

Id FeatureRepository::store(const NewFeatureExtraction& e, const std::string& who) {
    if (!e.table)
        throw Error("feature extraction of series " + e.seriesInstanceUid + " has no values");
    if (e.parameterSetHash.empty())
        throw Error("feature extraction of series " + e.seriesInstanceUid +
                    " has no parameter set hash");
    if (!e.segmentationId && e.maskDescription.empty())
        throw Error("feature extraction of series " + e.seriesInstanceUid +
                    " names neither a segmentation nor a mask");
    Transaction transaction(db_);
    const Id parameterSetId =
        addParameterSet(e.parameterSetHash, e.parameterSetCanonicalText, e.parameterSetName);

    std::optional<Id> replaced;
    if (e.segmentationId)
        if (auto old = find(e.seriesInstanceUid, *e.segmentationId, e.parameterSetHash)) {
            replaced = old->id;
            Statement& del = db_.prepare("DELETE FROM feature_extractions WHERE id = ?1");
            del.bind(1, old->id);
            del.execute();
            del.reset();
        }

    Statement& insert = db_.prepare(
        "INSERT INTO feature_extractions (series_uid, segmentation_id, mask_description, "
        "parameter_set_id, software_version, families, created_by, status, image_modality, "
        "modality_mismatch_allowed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'complete', ?8, ?9)");
    insert.bind(1, e.seriesInstanceUid)
        .bind(2, e.segmentationId)
        .bind(3, e.maskDescription)
        .bind(4, parameterSetId)
        .bind(5, e.softwareVersion)
        .bind(6, joinFamilies(e.families))
        .bind(7, who)
        .bind(8, e.imageModality)
        .bind(9, e.modalityMismatchAllowed ? 1 : 0);
    insert.execute();
    insert.reset();
    const Id id = db_.lastInsertRowId();

    Statement& value = db_.prepare(
        "INSERT INTO feature_values (extraction_id, family, feature, ibsi_code, aggregation, "
        "value, unit, missing_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    for (const auto& v : e.table->values) {
        // A missing value is NULL with its reason; a NaN nobody explained gets
        // a reason too (SQLite would turn it into NULL silently).
        const bool missing = v.missing() || std::isnan(v.value);
        value.bind(1, id)
            .bind(2, v.family)
            .bind(3, v.name)
            .bind(4, v.ibsiCode)
            .bind(5, v.aggregation)
            .bind(7, v.unit)
            .bind(8, !missing      ? std::string()
                     : v.missing() ? v.missingReason
                                   : std::string("not a number"));
        if (missing)
            value.bindNull(6);
        else
            value.bind(6, v.value);
        value.execute();
        value.reset();
    }
    Statement& note = db_.prepare(
        "INSERT INTO feature_family_notes (extraction_id, family, note) VALUES (?1, ?2, ?3)");
    for (const auto& n : e.table->notes) {
        note.bind(1, id).bind(2, n.family).bind(3, n.note);
        note.execute();
        note.reset();
    }

    std::string detail = "series " + e.seriesInstanceUid + ", mask " +
                         (e.segmentationId ? "segmentation " + std::to_string(*e.segmentationId)
                                           : e.maskDescription) +
                         ", parameters " + e.parameterSetHash;
    if (e.modalityMismatchAllowed)
        detail += ", modality mismatch allowed (image " +
                  (e.imageModality.empty() ? std::string("of unknown modality") : e.imageModality) +
                  ")";
    if (replaced)
        detail += ", replaces extraction " + std::to_string(*replaced);
    AuditLog(db_).record(who, "features.extract", "feature_extractions", id, detail);
    transaction.commit();
    return id;
}

std::optional<FeatureExtractionRow> FeatureRepository::find(const std::string& seriesInstanceUid,
                                                            Id segmentationId,
                                                            const std::string& parameterSetHash) {
    Statement& s =
        db_.prepare(std::string("SELECT ") + kColumns + kFrom +
                    "WHERE e.series_uid = ?1 AND e.segmentation_id = ?2 AND p.hash = ?3");
    s.bind(1, seriesInstanceUid).bind(2, segmentationId).bind(3, parameterSetHash);
    auto rows = readAll(s);
    if (rows.empty())
        return std::nullopt;
    return rows.front();
}

std::optional<FeatureExtractionRow> FeatureRepository::findById(Id extractionId) {
    Statement& s = db_.prepare(std::string("SELECT ") + kColumns + kFrom + "WHERE e.id = ?1");
    s.bind(1, extractionId);
    auto rows = readAll(s);
    if (rows.empty())
        return std::nullopt;
    return rows.front();
}

std::vector<FeatureExtractionRow> FeatureRepository::list() {
    Statement& s = db_.prepare(std::string("SELECT ") + kColumns + kFrom + "ORDER BY e.id");
    return readAll(s);
}

std::vector<FeatureExtractionRow>
FeatureRepository::listForSeries(const std::string& seriesInstanceUid) {
    Statement& s = db_.prepare(std::string("SELECT ") + kColumns + kFrom +
                               "WHERE e.series_uid = ?1 ORDER BY e.id");
    s.bind(1, seriesInstanceUid);
    return readAll(s);
}

radiomics::FeatureTable FeatureRepository::values(Id extractionId) {
    radiomics::FeatureTable table;
    Statement& s =
        db_.prepare("SELECT family, feature, ibsi_code, aggregation, value, unit, missing_reason "
                    "FROM feature_values WHERE extraction_id = ?1 ORDER BY id");
    s.bind(1, extractionId);
    while (s.step())
        table.values.push_back({s.text(0), s.text(1), s.text(2), s.text(3),
                                s.isNull(4) ? std::nan("") : s.real(4), s.text(5), s.text(6)});
    s.reset();
    Statement& n = db_.prepare(
        "SELECT family, note FROM feature_family_notes WHERE extraction_id = ?1 ORDER BY id");
    n.bind(1, extractionId);
    while (n.step())
        table.notes.push_back({n.text(0), n.text(1)});
    n.reset();
    return table;
}

FeatureProvenance FeatureRepository::provenance(Id extractionId) {
    auto row = findById(extractionId);
    if (!row)
        throw Error("feature extraction " + std::to_string(extractionId) + " is not in " +
                    db_.path().string());
    Statement& s =
        db_.prepare("SELECT id, hash, canonical_text, name FROM parameter_sets WHERE id = ?1");
    s.bind(1, row->parameterSetId);
    FeatureProvenance p;
    p.extraction = *row;
    if (s.step())
        p.parameterSet = ParameterSetRow{s.int64(0), s.text(1), s.text(2), s.text(3)};
    s.reset();
    return p;
}

} // namespace rgw::storage
