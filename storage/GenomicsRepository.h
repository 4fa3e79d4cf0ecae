#pragma once

// Reading back the genomic and clinical tables of schema v4.

#include "Database.h"
#include "PatientLinking.h"
#include "genomics/GenomicRecords.h"
#include "genomics/Profiling.h"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rgw::storage {

struct GenomicStudyRow {
    Id id = 0;
    std::string studyId; ///< cBioPortal cancer_study_identifier
    std::string name;
    std::string description;
    std::string source;
    std::optional<Id> importRunId;
};

struct GenomicProfileRow {
    Id id = 0;
    std::string studyId;
    std::string stableId;
    genomics::ProfileKind kind = genomics::ProfileKind::Mutation;
    std::string name;
    std::string description;
    std::string datatype;
    std::string unit;
    std::string sourceFile;
    std::string contentHash;
    bool allSamples = false;
    std::string genePanel;
    std::optional<Id> importRunId;
    std::string createdAt;
};

struct SampleRow {
    Id id = 0;
    std::string sampleId;
    std::string patientId; ///< canonical id of its patient
    std::string type;
    std::string date;
};

struct ClinicalValueRow {
    std::string attributeId;
    std::string displayName;
    genomics::ClinicalDatatype datatype = genomics::ClinicalDatatype::String;
    genomics::AttributeLevel level = genomics::AttributeLevel::Patient;
    std::string entityId; ///< the patient id, or the sample id for sample attributes
    std::string text;
    std::optional<double> number;
};

/// One gene of a matrix profile: each sample with its value (NaN = missing).
using GeneValues = std::vector<std::pair<std::string, float>>;

class GenomicsRepository {
public:
    explicit GenomicsRepository(Database& db) : db_(db) {}

    std::vector<GenomicStudyRow> studies();
    std::vector<GenomicProfileRow> profiles(); ///< by study, then stable id
    std::optional<GenomicProfileRow> findProfile(const std::string& studyId,
                                                 const std::string& stableId);

    std::optional<SampleRow> findSample(const std::string& sampleId);
    std::vector<SampleRow> samplesOfPatient(const std::string& patientId); ///< by sample id

    /// The samples of a matrix profile in column order (cached per profile).
    const std::vector<std::string>& matrixSamples(Id profileId);
    std::vector<genomics::Gene> matrixGenes(Id profileId); ///< in the file's order
    /// One gene across all samples of the profile: one indexed lookup of its
    /// row and a decode of the blob (the sample order is cached). The first
    /// row of that symbol / Entrez id; empty when the gene is not in the matrix.
    GeneValues geneValues(Id profileId, const std::string& hugoSymbol);
    GeneValues geneValues(Id profileId, std::int64_t entrezId);
    /// The same values without the sample ids, in matrixSamples() order.
    std::optional<std::vector<float>> geneRow(Id profileId, const std::string& hugoSymbol);

    /// Which samples x genes the profile covered, for genomics::geneStatus.
    genomics::ProfileCoverage coverage(Id profileId);
    /// Mutated / wild-type / not profiled from the stored calls and coverage.
    genomics::GeneStatus geneStatus(Id profileId, const std::string& sampleId,
                                    const std::string& hugoSymbol);

    /// Mutations of a profile, optionally of one sample and / or one gene
    /// (empty = any), in stored order; `where` is left empty.
    std::vector<genomics::Mutation> mutations(Id profileId, const std::string& sampleId = {},
                                              const std::string& hugoSymbol = {});
    /// Every mutation of a sample, in any profile.
    std::vector<genomics::Mutation> mutationsOfSample(const std::string& sampleId);
    std::vector<genomics::Genotype> genotypes(Id profileId);
    std::vector<genomics::SampleCall> calls(Id profileId);
    std::vector<genomics::GenePanel> panels(); ///< genes sorted

    std::vector<genomics::ClinicalAttribute> clinicalAttributes(); ///< by attribute id
    /// The patient's values and those of its samples, by attribute then entity.
    std::vector<ClinicalValueRow> clinicalValuesOfPatient(const std::string& patientId);
    std::vector<PatientAliasRow> aliases(const std::string& patientId);

private:
    GeneValues withSamples(Id profileId, std::optional<std::vector<float>> values);

    Database& db_;
    std::unordered_map<Id, std::vector<std::string>> sampleOrder_;
};

} // namespace rgw::storage
