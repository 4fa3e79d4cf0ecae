#pragma once

// The writing half of the genomic import: one data set into the tables of
// schema v4, inside the caller's transaction. GenomicsImport.cpp drives it.

#include "Database.h"
#include "GenomicsChecks.h"
#include "PatientLinking.h"
#include "genomics/GenomicRecords.h"
#include "util/Cancel.h"

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace rgw::storage::detail {

/// Thrown by the writer when the cancel token is set; the caller's
/// transaction then rolls back.
struct ImportCancelled {};

enum class ProfileOutcome { Added, Replaced, Unchanged };

struct WrittenProfile {
    ProfileOutcome outcome = ProfileOutcome::Added;
    Id rowId = 0;
    std::size_t records = 0; ///< mutations, matrix genes, genotypes or calls stored
    std::size_t samples = 0; ///< rows of profile_samples
};

struct WriteCounts {
    std::size_t samplesAdded = 0;
    std::size_t samplesUpdated = 0;
    std::size_t attributesChanged = 0; ///< added or updated clinical attributes
    std::size_t valuesAdded = 0;
    std::size_t valuesChanged = 0;
    std::size_t panelsChanged = 0; ///< added or replaced gene panels
    bool studyChanged = false;
};

class GenomicsWriter {
public:
    GenomicsWriter(Database& db, const genomics::GenomicDataSet& data, const RecordSelection& use,
                   PatientLinker& linker, std::vector<genomics::InputProblem>& problems,
                   const CancelToken* cancel, std::string who, Id importRunId);

    /// The study row (added, or updated when its name, description or source
    /// changed).
    Id writeStudy();
    void writePatients();
    void writeSamples();
    /// Gene panels: added, or their gene list replaced when it changed.
    void writePanels();
    void writeClinical();
    /// One profile with its coverage and records: unchanged when its content
    /// hash equals the stored one, else added or replacing the stored rows.
    WrittenProfile writeProfile(std::size_t profileIndex);

    const WriteCounts& counts() const { return counts_; }

private:
    struct ProfileParts {
        std::vector<std::size_t> samplePanels, mutations, genotypes, calls;
        std::optional<std::size_t> matrix;
    };

    /// The samples row of `sampleId`, created when absent (its patient by the
    /// data set's sample record, else by linking the sample id itself); nothing
    /// when the sample conflicts with the database (a problem is recorded).
    std::optional<Id> sampleRow(const std::string& sampleId);
    std::string profileHash(const genomics::GenomicProfile& profile, const ProfileParts& parts,
                            const std::unordered_map<std::string, Id>& samples) const;
    void writeProfileSamples(Id profile, const genomics::GenomicProfile& p,
                             const ProfileParts& parts,
                             const std::unordered_map<std::string, Id>& samples);
    std::size_t writeRecords(Id profile, const ProfileParts& parts,
                             const std::unordered_map<std::string, Id>& samples);
    void problem(const genomics::SourceLocation& where, const std::string& message);
    void checkCancel() const;

    Database& db_;
    const genomics::GenomicDataSet& data_;
    const RecordSelection& use_;
    PatientLinker& linker_;
    std::vector<genomics::InputProblem>& problems_;
    const CancelToken* cancel_;
    std::string who_;
    Id run_;
    Id study_ = 0;
    WriteCounts counts_;
    std::unordered_map<std::string, const genomics::Sample*> sampleRecords_;
    std::unordered_map<std::string, std::optional<Id>> sampleRows_;
    std::unordered_map<std::string, ProfileParts> parts_;
    std::unordered_map<std::string, std::optional<Id>> attributeRows_;
};

} // namespace rgw::storage::detail
