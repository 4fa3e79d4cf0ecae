#include "GenomicsWriting.h"

#include "AuditLog.h"
#include "genomics/Profiling.h"
#include "util/Error.h"

#include <map>
#include <set>

namespace rgw::storage::detail {

namespace {

const char* datatypeName(genomics::ClinicalDatatype type) {
    switch (type) {
    case genomics::ClinicalDatatype::Number:
        return "number";
    case genomics::ClinicalDatatype::Boolean:
        return "boolean";
    case genomics::ClinicalDatatype::Date:
        return "date";
    case genomics::ClinicalDatatype::String:
        break;
    }
    return "string";
}

const char* levelName(genomics::AttributeLevel level) {
    return level == genomics::AttributeLevel::Sample ? "sample" : "patient";
}

Statement& bindOptional(Statement& s, int index, const std::optional<double>& value) {
    return value ? s.bind(index, *value) : s.bindNull(index);
}

} // namespace

GenomicsWriter::GenomicsWriter(Database& db, const genomics::GenomicDataSet& data,
                               const RecordSelection& use, PatientLinker& linker,
                               std::vector<genomics::InputProblem>& problems,
                               const CancelToken* cancel, std::string who, Id importRunId)
    : db_(db), data_(data), use_(use), linker_(linker), problems_(problems), cancel_(cancel),
      who_(std::move(who)), run_(importRunId) {
    for (std::size_t i = 0; i < data.samples.size(); ++i)
        if (use.samples[i])
            sampleRecords_.emplace(data.samples[i].sampleId, &data.samples[i]);
    for (std::size_t i = 0; i < data.samplePanels.size(); ++i)
        if (use.samplePanels[i])
            parts_[data.samplePanels[i].profileStableId].samplePanels.push_back(i);
    for (std::size_t i = 0; i < data.mutations.size(); ++i)
        if (use.mutations[i])
            parts_[data.mutations[i].profileStableId].mutations.push_back(i);
    for (std::size_t i = 0; i < data.genotypes.size(); ++i)
        if (use.genotypes[i])
            parts_[data.genotypes[i].profileStableId].genotypes.push_back(i);
    for (std::size_t i = 0; i < data.calls.size(); ++i)
        if (use.calls[i])
            parts_[data.calls[i].profileStableId].calls.push_back(i);
    for (std::size_t i = 0; i < data.matrices.size(); ++i)
        if (use.matrices[i])
            parts_[data.matrices[i].profileStableId].matrix = i;
}

void GenomicsWriter::problem(const genomics::SourceLocation& where, const std::string& message) {
    genomics::SourceLocation at = where;
    if (at.file.empty())
        at.file = data_.source.empty() ? data_.studyId : data_.source;
    problems_.push_back({at, message});
}

void GenomicsWriter::checkCancel() const {
    if (cancel_ && cancel_->isCancelled())
        throw ImportCancelled{};
}

// ------------------------------------------------------------------ study

Id GenomicsWriter::writeStudy() {
    if (data_.studyId.empty())
        throw Error("genomic data set " + data_.source + " has no study id");
    Statement& find = db_.prepare(
        "SELECT id, name, description, source FROM genomic_studies WHERE study_id = ?1");
    find.bind(1, data_.studyId);
    if (find.step()) {
        study_ = find.int64(0);
        const bool same = find.text(1) == data_.studyName &&
                          find.text(2) == data_.studyDescription && find.text(3) == data_.source;
        find.reset();
        if (!same) {
            Statement& update =
                db_.prepare("UPDATE genomic_studies SET name = ?2, description = ?3, source = ?4, "
                            "import_run_id = ?5 WHERE id = ?1");
            update.bind(1, study_)
                .bind(2, data_.studyName)
                .bind(3, data_.studyDescription)
                .bind(4, data_.source)
                .bind(5, run_);
            update.execute();
            update.reset();
            counts_.studyChanged = true;
        }
        return study_;
    }
    find.reset();
    Statement& insert = db_.prepare(
        "INSERT INTO genomic_studies (study_id, name, description, source, import_run_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id");
    insert.bind(1, data_.studyId)
        .bind(2, data_.studyName)
        .bind(3, data_.studyDescription)
        .bind(4, data_.source)
        .bind(5, run_);
    insert.step();
    study_ = insert.int64(0);
    insert.reset();
    counts_.studyChanged = true;
    return study_;
}

// ------------------------------------------------------ patients, samples

void GenomicsWriter::writePatients() {
    for (std::size_t i = 0; i < data_.patients.size(); ++i)
        if (use_.patients[i])
            linker_.link(data_.patients[i]);
}

void GenomicsWriter::writeSamples() {
    for (std::size_t i = 0; i < data_.samples.size(); ++i)
        if (use_.samples[i])
            sampleRow(data_.samples[i].sampleId);
}

std::optional<Id> GenomicsWriter::sampleRow(const std::string& sampleId) {
    if (auto it = sampleRows_.find(sampleId); it != sampleRows_.end())
        return it->second;
    auto record = sampleRecords_.find(sampleId);
    const genomics::Sample* given = record != sampleRecords_.end() ? record->second : nullptr;
    std::optional<Id> row;
    Statement& find =
        db_.prepare("SELECT id, patient_id, type, date FROM samples WHERE sample_id = ?1");
    find.bind(1, sampleId);
    if (find.step()) {
        const Id id = find.int64(0);
        const Id storedPatient = find.int64(1);
        const std::string type = find.text(2), date = find.text(3);
        find.reset();
        row = id;
        if (given) {
            const PatientLink patient = linker_.link(given->patientId);
            if (patient.patientRowId != storedPatient) {
                problem({}, "sample " + sampleId + " is stored for another patient than " +
                                given->patientId + " (" + patient.patientId + ")");
                row.reset();
            } else if ((!given->type.empty() && given->type != type) ||
                       (!given->date.empty() && given->date != date)) {
                Statement& update = db_.prepare("UPDATE samples SET type = IIF(?2 <> '', ?2, "
                                                "type), date = IIF(?3 <> '', ?3, date) "
                                                "WHERE id = ?1");
                update.bind(1, id).bind(2, given->type).bind(3, given->date);
                update.execute();
                update.reset();
                ++counts_.samplesUpdated;
            }
        }
    } else {
        find.reset();
        const PatientLink patient = linker_.link(given ? given->patientId : sampleId);
        Statement& insert = db_.prepare("INSERT INTO samples (sample_id, patient_id, type, date) "
                                        "VALUES (?1, ?2, ?3, ?4) RETURNING id");
        insert.bind(1, sampleId)
            .bind(2, patient.patientRowId)
            .bind(3, given ? given->type : std::string())
            .bind(4, given ? given->date : std::string());
        insert.step();
        row = insert.int64(0);
        insert.reset();
        ++counts_.samplesAdded;
    }
    sampleRows_.emplace(sampleId, row);
    return row;
}

// ------------------------------------------------------------ gene panels

void GenomicsWriter::writePanels() {
    for (std::size_t i = 0; i < data_.panels.size(); ++i) {
        if (!use_.panels[i])
            continue;
        const genomics::GenePanel& panel = data_.panels[i];
        const std::set<std::string> genes = genomics::panelGeneSymbols(data_, panel);
        Statement& find =
            db_.prepare("SELECT id, description FROM gene_panels WHERE stable_id = ?1");
        find.bind(1, panel.stableId);
        std::optional<Id> id;
        std::string description;
        if (find.step()) {
            id = find.int64(0);
            description = find.text(1);
        }
        find.reset();
        if (id) {
            std::set<std::string> stored;
            Statement& list =
                db_.prepare("SELECT hugo_symbol FROM gene_panel_genes WHERE panel_id = ?1");
            list.bind(1, *id);
            while (list.step())
                stored.insert(list.text(0));
            list.reset();
            if (stored == genes && description == panel.description)
                continue;
            Statement& update =
                db_.prepare("UPDATE gene_panels SET description = ?2 WHERE id = ?1");
            update.bind(1, *id).bind(2, panel.description);
            update.execute();
            update.reset();
            Statement& clear = db_.prepare("DELETE FROM gene_panel_genes WHERE panel_id = ?1");
            clear.bind(1, *id);
            clear.execute();
            clear.reset();
            AuditLog(db_).record(who_, "genomics.panel.replace", "gene_panels", *id,
                                 panel.stableId + ": " + std::to_string(stored.size()) + " -> " +
                                     std::to_string(genes.size()) + " genes");
        } else {
            Statement& insert = db_.prepare(
                "INSERT INTO gene_panels (stable_id, description) VALUES (?1, ?2) RETURNING id");
            insert.bind(1, panel.stableId).bind(2, panel.description);
            insert.step();
            id = insert.int64(0);
            insert.reset();
        }
        Statement& add =
            db_.prepare("INSERT INTO gene_panel_genes (panel_id, hugo_symbol) VALUES (?1, ?2)");
        for (const std::string& gene : genes) {
            add.bind(1, *id).bind(2, gene);
            add.execute();
            add.reset();
        }
        ++counts_.panelsChanged;
    }
}

// ---------------------------------------------------------- clinical data

void GenomicsWriter::writeClinical() {
    for (std::size_t i = 0; i < data_.attributes.size(); ++i) {
        if (!use_.attributes[i] || attributeRows_.count(data_.attributes[i].id))
            continue;
        const genomics::ClinicalAttribute& a = data_.attributes[i];
        Statement& find = db_.prepare("SELECT id, display_name, description, datatype, level, "
                                      "priority FROM clinical_attributes WHERE attribute_id = ?1");
        find.bind(1, a.id);
        if (find.step()) {
            const Id id = find.int64(0);
            const bool sameKind =
                find.text(3) == datatypeName(a.datatype) && find.text(4) == levelName(a.level);
            const bool same = sameKind && find.text(1) == a.displayName &&
                              find.text(2) == a.description && find.integer(5) == a.priority;
            find.reset();
            if (!sameKind) {
                problem({}, "clinical attribute " + a.id +
                                " is stored as another datatype or "
                                "level; its values are not imported");
                attributeRows_.emplace(a.id, std::nullopt);
                continue;
            }
            if (!same) {
                Statement& update = db_.prepare(
                    "UPDATE clinical_attributes SET display_name = ?2, description = ?3, "
                    "priority = ?4 WHERE id = ?1");
                update.bind(1, id)
                    .bind(2, a.displayName)
                    .bind(3, a.description)
                    .bind(4, a.priority);
                update.execute();
                update.reset();
                ++counts_.attributesChanged;
            }
            attributeRows_.emplace(a.id, id);
            continue;
        }
        find.reset();
        Statement& insert = db_.prepare(
            "INSERT INTO clinical_attributes (attribute_id, display_name, description, datatype, "
            "level, priority) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
        insert.bind(1, a.id)
            .bind(2, a.displayName)
            .bind(3, a.description)
            .bind(4, datatypeName(a.datatype))
            .bind(5, levelName(a.level))
            .bind(6, a.priority);
        insert.step();
        attributeRows_.emplace(a.id, insert.int64(0));
        insert.reset();
        ++counts_.attributesChanged;
    }

    std::map<std::string, genomics::AttributeLevel> levels;
    for (const genomics::ClinicalAttribute& a : data_.attributes)
        levels.emplace(a.id, a.level);
    for (std::size_t i = 0; i < data_.clinicalValues.size(); ++i) {
        if (!use_.values[i])
            continue;
        if (i % 4096 == 0)
            checkCancel();
        const genomics::ClinicalValue& v = data_.clinicalValues[i];
        const std::optional<Id> attribute = attributeRows_.at(v.attributeId);
        if (!attribute)
            continue;
        const bool ofSample = levels.at(v.attributeId) == genomics::AttributeLevel::Sample;
        std::optional<Id> entity;
        if (ofSample)
            entity = sampleRow(v.entityId);
        else
            entity = linker_.link(v.entityId).patientRowId;
        if (!entity)
            continue; // the sample's problem is already reported
        const std::string column = ofSample ? "sample_id" : "patient_id";
        Statement& find = db_.prepare("SELECT id, text, number FROM clinical_values WHERE " +
                                      column + " = ?1 AND attribute_id = ?2");
        find.bind(1, *entity).bind(2, *attribute);
        if (find.step()) {
            const Id id = find.int64(0);
            const std::optional<double> number =
                find.isNull(2) ? std::nullopt : std::optional<double>(find.real(2));
            const bool same = find.text(1) == v.text && number == v.number;
            find.reset();
            if (same)
                continue;
            Statement& update =
                db_.prepare("UPDATE clinical_values SET text = ?2, number = ?3, import_run_id = ?4 "
                            "WHERE id = ?1");
            update.bind(1, id).bind(2, v.text);
            bindOptional(update, 3, v.number).bind(4, run_);
            update.execute();
            update.reset();
            ++counts_.valuesChanged;
            continue;
        }
        find.reset();
        Statement& insert =
            db_.prepare("INSERT INTO clinical_values (attribute_id, " + column +
                        ", text, number, import_run_id) VALUES (?1, ?2, ?3, ?4, ?5)");
        insert.bind(1, *attribute).bind(2, *entity).bind(3, v.text);
        bindOptional(insert, 4, v.number).bind(5, run_);
        insert.execute();
        insert.reset();
        ++counts_.valuesAdded;
    }
}

} // namespace rgw::storage::detail
