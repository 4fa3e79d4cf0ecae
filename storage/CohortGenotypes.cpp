#include "CohortGenotypes.h"

#include "CohortRepositories.h"
#include "GenomicsRepository.h"
#include "util/Error.h"

#include <limits>
#include <unordered_map>

namespace rgw::storage {

namespace {

GenomicProfileRow germlineProfile(GenomicsRepository& repository, Database& db,
                                  const std::string& stableId) {
    std::vector<GenomicProfileRow> germline;
    for (GenomicProfileRow& p : repository.profiles())
        if (p.kind == genomics::ProfileKind::GermlineGenotype)
            germline.push_back(std::move(p));
    std::string names;
    for (const auto& p : germline)
        names += (names.empty() ? "" : ", ") + p.stableId;
    if (germline.empty())
        throw Error(db.path().string() +
                    ": no germline genotype profile (import a multi-sample VCF or a PLINK .raw "
                    "with 'rgw-cli genomics import')");
    if (stableId.empty()) {
        if (germline.size() > 1)
            throw Error(db.path().string() + ": " + std::to_string(germline.size()) +
                        " germline genotype profiles (" + names + "); name the one to analyse");
        return germline.front();
    }
    for (const auto& p : germline)
        if (p.stableId == stableId || p.studyId + "." + p.stableId == stableId)
            return p;
    throw Error(db.path().string() + ": no germline genotype profile '" + stableId +
                "' (profiles: " + names + ")");
}

} // namespace

association::GenotypeMatrix cohortGenotypes(Database& db,
                                            const std::vector<std::string>& patientIds,
                                            const std::string& profileStableId) {
    GenomicsRepository repository(db);
    PatientRepository patients(db);
    const GenomicProfileRow row = germlineProfile(repository, db, profileStableId);

    genomics::GenomicDataSet data;
    data.source = db.path().string() + " profile " + row.stableId;
    genomics::GenomicProfile& profile = data.profiles.emplace_back();
    profile.stableId = row.stableId;
    profile.kind = row.kind;
    data.genotypes = repository.genotypes(row.id);
    const genomics::ProfileCoverage coverage = repository.coverage(row.id);
    std::unordered_map<std::string, bool> listed;
    for (const std::string& s : coverage.samples)
        if (listed.emplace(s, true).second)
            profile.profiledSamples.push_back(s);
    for (const genomics::Genotype& g : data.genotypes)
        if (listed.emplace(g.sampleId, true).second)
            profile.profiledSamples.push_back(g.sampleId);
    const association::GenotypeMatrix bySample = association::genotypeMatrix(data, row.stableId);

    std::unordered_map<std::string, Eigen::Index> sampleRow;
    for (std::size_t s = 0; s < bySample.samples.size(); ++s)
        sampleRow.emplace(bySample.samples[s], static_cast<Eigen::Index>(s));

    association::GenotypeMatrix out;
    out.snps = bySample.snps;
    out.samples = patientIds;
    out.dosage = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(patientIds.size()),
                                           static_cast<Eigen::Index>(out.snps.size()),
                                           std::numeric_limits<double>::quiet_NaN());
    for (std::size_t p = 0; p < patientIds.size(); ++p) {
        const std::vector<SampleRow> samples = repository.samplesOfPatient(patientIds[p]);
        if (samples.empty() && !patients.find(patientIds[p]))
            throw Error(db.path().string() + ": unknown patient '" + patientIds[p] + "'");
        const SampleRow* chosen = nullptr;
        for (const SampleRow& s : samples) {
            if (!sampleRow.count(s.sampleId))
                continue;
            if (!chosen || (s.type == "primary" && chosen->type != "primary"))
                chosen = &s;
        }
        if (chosen)
            out.dosage.row(static_cast<Eigen::Index>(p)) =
                bySample.dosage.row(sampleRow.at(chosen->sampleId));
    }
    return out;
}

} // namespace rgw::storage
