#include "association/GenotypeMatrix.h"

#include "util/Error.h"

#include <cmath>
#include <limits>
#include <list>
#include <unordered_map>
#include <unordered_set>

namespace rgw::association {

namespace {

const genomics::GenomicProfile& germlineProfile(const genomics::GenomicDataSet& data,
                                                const std::string& stableId) {
    const genomics::GenomicProfile* found = nullptr;
    std::size_t germline = 0;
    for (const auto& profile : data.profiles) {
        if (profile.kind != genomics::ProfileKind::GermlineGenotype)
            continue;
        ++germline;
        if (stableId.empty() || profile.stableId == stableId)
            found = &profile;
    }
    const std::string source = data.source.empty() ? data.studyId : data.source;
    if (stableId.empty() && germline > 1)
        throw Error(source + ": " + std::to_string(germline) +
                    " germline genotype profiles; name the one to analyse");
    if (!found)
        throw Error(source + ": no germline genotype profile" +
                    (stableId.empty() ? std::string() : " '" + stableId + "'"));
    return *found;
}

} // namespace

GenotypeMatrix genotypeMatrix(const genomics::GenomicDataSet& data,
                              const std::string& profileStableId) {
    const auto& profile = germlineProfile(data, profileStableId);
    GenotypeMatrix out;
    out.samples = profile.profiledSamples;
    std::unordered_map<std::string, std::size_t> sampleRow;
    for (std::size_t s = 0; s < out.samples.size(); ++s)
        sampleRow.emplace(out.samples[s], s);

    // Column order: a sample-major source (.raw) lists each sample's variants
    // in file order, with gaps where a genotype is missing; a variant-major one
    // (VCF) lists each variant's samples. Each run of consecutive records of one
    // sample is a subsequence of the file's variant order, so a variant first
    // seen inside a run goes right after the run's previous variant, and one
    // seen before any known variant of its run goes before the run's next
    // known variant (at the end when the run has none).
    std::unordered_map<std::string, std::size_t> snpColumn;
    std::list<std::size_t> order;
    std::vector<std::list<std::size_t>::iterator> placed;
    std::vector<std::size_t> pending; // new variants at the start of the current run
    const std::string* runSample = nullptr;
    constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
    std::size_t previous = kNone; // the current run's previous variant
    const auto flushPending = [&](std::list<std::size_t>::iterator before) {
        for (const std::size_t column : pending)
            placed[column] = order.insert(before, column);
        pending.clear();
    };
    for (const auto& g : data.genotypes) {
        if (g.profileStableId != profile.stableId)
            continue;
        if (!runSample || *runSample != g.sampleId) {
            flushPending(order.end());
            runSample = &g.sampleId;
            previous = kNone;
        }
        const auto [it, added] = snpColumn.emplace(g.variantId, out.snps.size());
        if (added) {
            out.snps.push_back(
                {g.variantId, g.chromosome, g.position, g.alternateAllele, g.referenceAllele});
            placed.emplace_back();
            if (previous != kNone && pending.empty())
                placed.back() = order.insert(std::next(placed[previous]), it->second);
            else
                pending.push_back(it->second);
        } else {
            const SnpInfo& snp = out.snps[it->second];
            if (snp.countedAllele != g.alternateAllele || snp.otherAllele != g.referenceAllele ||
                snp.chromosome != g.chromosome || snp.position != g.position)
                throw Error(g.where.file + ":" + std::to_string(g.where.line) + ": variant '" +
                            g.variantId + "' appears with different alleles or position (" +
                            g.referenceAllele + ">" + g.alternateAllele + " vs " + snp.otherAllele +
                            ">" + snp.countedAllele + ")");
            if (!pending.empty())
                flushPending(placed[it->second]);
        }
        previous = it->second;
    }
    flushPending(order.end());
    std::vector<SnpInfo> ordered;
    ordered.reserve(out.snps.size());
    for (const std::size_t column : order) {
        snpColumn[out.snps[column].id] = ordered.size();
        ordered.push_back(std::move(out.snps[column]));
    }
    out.snps = std::move(ordered);

    out.dosage = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(out.samples.size()),
                                           static_cast<Eigen::Index>(out.snps.size()),
                                           std::numeric_limits<double>::quiet_NaN());
    for (const auto& g : data.genotypes) {
        if (g.profileStableId != profile.stableId)
            continue;
        const auto row = sampleRow.find(g.sampleId);
        const std::string where = g.where.file + ":" + std::to_string(g.where.line) + ": ";
        if (row == sampleRow.end())
            throw Error(where + "sample '" + g.sampleId +
                        "' is not among the samples of profile '" + profile.stableId + "'");
        double& cell = out.dosage(static_cast<Eigen::Index>(row->second),
                                  static_cast<Eigen::Index>(snpColumn.at(g.variantId)));
        if (!std::isnan(cell))
            throw Error(where + "sample '" + g.sampleId + "' has two genotypes of variant '" +
                        g.variantId + "'");
        cell = g.dosage;
    }
    validateGenotypeMatrix(out);
    return out;
}

void validateGenotypeMatrix(const GenotypeMatrix& genotypes) {
    if (genotypes.dosage.rows() != static_cast<Eigen::Index>(genotypes.samples.size()) ||
        genotypes.dosage.cols() != static_cast<Eigen::Index>(genotypes.snps.size()))
        throw Error("genotype matrix: " + std::to_string(genotypes.dosage.rows()) + " × " +
                    std::to_string(genotypes.dosage.cols()) + " dosages for " +
                    std::to_string(genotypes.samples.size()) + " samples and " +
                    std::to_string(genotypes.snps.size()) + " SNPs");
    std::unordered_set<std::string> ids;
    for (const auto& snp : genotypes.snps) {
        if (snp.id.empty())
            throw Error("genotype matrix: a SNP without an id");
        if (!ids.insert(snp.id).second)
            throw Error("genotype matrix: SNP '" + snp.id + "' is given twice");
    }
    for (Eigen::Index j = 0; j < genotypes.dosage.cols(); ++j)
        for (Eigen::Index i = 0; i < genotypes.dosage.rows(); ++i) {
            const double d = genotypes.dosage(i, j);
            if (!std::isnan(d) && !(d >= 0.0 && d <= 2.0))
                throw Error("genotype matrix: sample '" +
                            genotypes.samples[static_cast<std::size_t>(i)] + "', SNP '" +
                            genotypes.snps[static_cast<std::size_t>(j)].id + "': dosage " +
                            std::to_string(d) + " is outside 0..2");
        }
}

} // namespace rgw::association
