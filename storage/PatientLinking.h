#pragma once

// Links the ids of genomic and clinical sources to the cohort's patients.
// A patient is one row of `patients`, named by its canonical id (the DICOM
// PatientID once images exist). A source id finds its patient by, in order:
//   (a) the canonical id itself;
//   (b) an alias: given with the import (a mapping file read with
//       genomics::readAliasFile), else stored in patient_aliases;
//   (c) the TCGA rule: the patient part of a barcode ("TCGA-02-0001-01A" ->
//       "TCGA-02-0001"), looked up by (a) and (b).
// A source id that matches nothing creates its patient (patients may exist
// before any image), which the import lists so the researcher sees who has
// no images yet.

#include "Database.h"
#include "genomics/Identity.h"

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace rgw::storage {

struct PatientAliasRow {
    std::string alias;
    std::string patientId; ///< canonical id of the patient it names
    std::string kind;
};

/// patient_aliases: another source's id for a patient.
class PatientAliasRepository {
public:
    explicit PatientAliasRepository(Database& db) : db_(db) {}
    /// The patient row `alias` names, when stored.
    std::optional<Id> findPatient(const std::string& alias);
    /// Stores `alias` for the patient (in the caller's transaction): true when
    /// added, false when already stored for that patient. Throws rgw::Error
    /// when it names another patient or is another patient's canonical id.
    bool add(const std::string& alias, Id patientRowId, const std::string& kind);
    std::vector<PatientAliasRow> list(); ///< by patient id, then alias
    std::vector<PatientAliasRow> listForPatient(const std::string& patientId);

private:
    Database& db_;
};

/// How a source id found its patient.
enum class LinkRule { PatientId, Alias, TcgaBarcode, Created };
const char* linkRuleName(LinkRule rule); ///< "patient id", "alias", "TCGA barcode", "created"

struct PatientLink {
    Id patientRowId = 0;
    std::string patientId; ///< canonical id
    LinkRule rule = LinkRule::PatientId;
};

/// Applies the rules above with a cache; used inside one import transaction.
class PatientLinker {
public:
    /// `aliases` maps source ids to canonical patient ids for this import.
    /// Throws rgw::Error when an alias is given twice for different patients
    /// or names another patient than the stored alias of the same text.
    PatientLinker(Database& db, const std::vector<genomics::PatientAlias>& aliases);

    /// The stored patient of `sourceId`, or nothing; writes nothing.
    std::optional<PatientLink> find(const std::string& sourceId);
    /// find(), else creates the patient: canonical id = the given alias's
    /// target, else the TCGA patient part, else `sourceId` itself.
    PatientLink link(const std::string& sourceId);
    /// Canonical ids of the patients link() created, in order.
    const std::vector<std::string>& created() const { return created_; }
    /// Stores every given alias whose patient exists now; returns how many
    /// were added (in the caller's transaction).
    std::size_t storeAliases();

private:
    std::optional<PatientLink> findDirect(const std::string& id);
    PatientLink create(const std::string& canonicalId);

    Database& db_;
    std::unordered_map<std::string, genomics::PatientAlias> given_;
    std::vector<genomics::PatientAlias> givenOrder_;
    std::unordered_map<std::string, PatientLink> cache_;
    std::vector<std::string> created_;
};

} // namespace rgw::storage
