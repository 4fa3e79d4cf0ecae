#include "PatientLinking.h"

#include "util/Error.h"

namespace rgw::storage {

namespace {

std::optional<Id> patientRow(Database& db, const std::string& patientId) {
    Statement& s = db.prepare("SELECT id FROM patients WHERE patient_id = ?1");
    s.bind(1, patientId);
    std::optional<Id> id;
    if (s.step())
        id = s.int64(0);
    s.reset();
    return id;
}

std::string canonicalId(Database& db, Id patientRowId) {
    Statement& s = db.prepare("SELECT patient_id FROM patients WHERE id = ?1");
    s.bind(1, patientRowId);
    if (!s.step())
        throw Error("patient row " + std::to_string(patientRowId) + " missing in " +
                    db.path().string());
    std::string id = s.text(0);
    s.reset();
    return id;
}

std::vector<PatientAliasRow> readAliases(Statement& s) {
    std::vector<PatientAliasRow> rows;
    while (s.step())
        rows.push_back({s.text(0), s.text(1), s.text(2)});
    s.reset();
    return rows;
}

} // namespace

// ------------------------------------------------- PatientAliasRepository

std::optional<Id> PatientAliasRepository::findPatient(const std::string& alias) {
    Statement& s = db_.prepare("SELECT patient_id FROM patient_aliases WHERE alias = ?1");
    s.bind(1, alias);
    std::optional<Id> id;
    if (s.step())
        id = s.int64(0);
    s.reset();
    return id;
}

bool PatientAliasRepository::add(const std::string& alias, Id patientRowId,
                                 const std::string& kind) {
    if (alias.empty())
        throw Error("empty patient alias");
    if (auto existing = findPatient(alias)) {
        if (*existing == patientRowId)
            return false;
        throw Error("alias '" + alias + "' names patient " + canonicalId(db_, *existing) + " in " +
                    db_.path().string() + ", not " + canonicalId(db_, patientRowId));
    }
    if (auto own = patientRow(db_, alias); own && *own != patientRowId)
        throw Error("alias '" + alias + "' for patient " + canonicalId(db_, patientRowId) +
                    " is the id of another patient in " + db_.path().string());
    if (canonicalId(db_, patientRowId) == alias)
        return false; // a patient's own id needs no alias
    Statement& s =
        db_.prepare("INSERT INTO patient_aliases (alias, patient_id, kind) VALUES (?1, ?2, ?3)");
    s.bind(1, alias).bind(2, patientRowId).bind(3, kind);
    s.execute();
    s.reset();
    return true;
}

std::vector<PatientAliasRow> PatientAliasRepository::list() {
    Statement& s = db_.prepare("SELECT a.alias, p.patient_id, a.kind FROM patient_aliases a "
                               "JOIN patients p ON p.id = a.patient_id "
                               "ORDER BY p.patient_id, a.alias");
    return readAliases(s);
}

std::vector<PatientAliasRow> PatientAliasRepository::listForPatient(const std::string& patientId) {
    Statement& s = db_.prepare("SELECT a.alias, p.patient_id, a.kind FROM patient_aliases a "
                               "JOIN patients p ON p.id = a.patient_id "
                               "WHERE p.patient_id = ?1 ORDER BY a.alias");
    s.bind(1, patientId);
    return readAliases(s);
}

// ----------------------------------------------------------- PatientLinker

const char* linkRuleName(LinkRule rule) {
    switch (rule) {
    case LinkRule::PatientId:
        return "patient id";
    case LinkRule::Alias:
        return "alias";
    case LinkRule::TcgaBarcode:
        return "TCGA barcode";
    case LinkRule::Created:
        break;
    }
    return "created";
}

PatientLinker::PatientLinker(Database& db, const std::vector<genomics::PatientAlias>& aliases)
    : db_(db) {
    PatientAliasRepository stored(db_);
    for (const genomics::PatientAlias& a : aliases) {
        if (a.alias.empty() || a.patientId.empty())
            throw Error("patient alias with an empty id ('" + a.alias + "' -> '" + a.patientId +
                        "')");
        if (a.alias == a.patientId)
            continue;
        auto [it, inserted] = given_.emplace(a.alias, a);
        if (!inserted) {
            if (it->second.patientId != a.patientId)
                throw Error("alias '" + a.alias + "' given for patients " + it->second.patientId +
                            " and " + a.patientId);
            continue;
        }
        givenOrder_.push_back(a);
        if (auto row = stored.findPatient(a.alias)) {
            const std::string storedFor = canonicalId(db_, *row);
            if (storedFor != a.patientId)
                throw Error("alias '" + a.alias + "' is given for patient " + a.patientId +
                            " but names patient " + storedFor + " in " + db_.path().string());
        }
    }
}

std::optional<PatientLink> PatientLinker::findDirect(const std::string& id) {
    if (auto row = patientRow(db_, id))
        return PatientLink{*row, id, LinkRule::PatientId};
    if (auto it = given_.find(id); it != given_.end())
        if (auto row = patientRow(db_, it->second.patientId))
            return PatientLink{*row, it->second.patientId, LinkRule::Alias};
    if (auto row = PatientAliasRepository(db_).findPatient(id))
        return PatientLink{*row, canonicalId(db_, *row), LinkRule::Alias};
    return std::nullopt;
}

std::optional<PatientLink> PatientLinker::find(const std::string& sourceId) {
    if (auto it = cache_.find(sourceId); it != cache_.end())
        return it->second;
    std::optional<PatientLink> link = findDirect(sourceId);
    if (!link)
        if (auto barcode = genomics::parseTcgaBarcode(sourceId);
            barcode && barcode->patient != sourceId)
            if ((link = findDirect(barcode->patient)))
                link->rule = LinkRule::TcgaBarcode;
    if (link)
        cache_.emplace(sourceId, *link);
    return link;
}

PatientLink PatientLinker::create(const std::string& canonical) {
    Statement& s = db_.prepare("INSERT INTO patients (patient_id) VALUES (?1) RETURNING id");
    s.bind(1, canonical);
    if (!s.step())
        throw Error("creating patient " + canonical + " returned no row");
    const Id id = s.int64(0);
    s.reset();
    created_.push_back(canonical);
    return {id, canonical, LinkRule::Created};
}

PatientLink PatientLinker::link(const std::string& sourceId) {
    if (sourceId.empty())
        throw Error("empty patient id");
    if (auto found = find(sourceId))
        return *found;
    std::string canonical = sourceId;
    if (auto it = given_.find(sourceId); it != given_.end())
        canonical = it->second.patientId;
    else if (auto barcode = genomics::parseTcgaBarcode(sourceId))
        canonical = barcode->patient;
    // A given alias's target may itself be stored as an alias of a patient.
    if (canonical != sourceId)
        if (auto target = find(canonical)) {
            PatientLink joined = *target;
            joined.rule = LinkRule::Alias;
            cache_.emplace(sourceId, joined);
            return joined;
        }
    PatientLink made = create(canonical);
    cache_.emplace(sourceId, made);
    cache_.insert_or_assign(canonical,
                            PatientLink{made.patientRowId, canonical, LinkRule::PatientId});
    return made;
}

std::size_t PatientLinker::storeAliases() {
    PatientAliasRepository stored(db_);
    std::size_t added = 0;
    for (const genomics::PatientAlias& a : givenOrder_)
        if (auto row = patientRow(db_, a.patientId))
            added += stored.add(a.alias, *row, a.kind.empty() ? "mapping" : a.kind) ? 1 : 0;
    return added;
}

} // namespace rgw::storage
