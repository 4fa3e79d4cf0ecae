#include "GenomicsChecks.h"

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace rgw::storage::detail {

namespace {

using genomics::InputProblem;
using genomics::SourceLocation;

const std::set<std::string> kSampleTypes{"primary", "metastasis", "recurrence", "normal", ""};

/// Collects the problems; `where` falls back to the data set's source.
class Checker {
public:
    Checker(const genomics::GenomicDataSet& data, std::vector<InputProblem>& problems)
        : data_(data), problems_(problems) {}

    bool fail(const SourceLocation& where, const std::string& message) {
        SourceLocation at = where;
        if (at.file.empty())
            at.file = data_.source.empty() ? data_.studyId : data_.source;
        problems_.push_back({at, message});
        return false;
    }
    SourceLocation fileOf(const std::string& profileStableId) const {
        for (const auto& p : data_.profiles)
            if (p.stableId == profileStableId)
                return {p.sourceFile, 0, {}};
        return {};
    }

private:
    const genomics::GenomicDataSet& data_;
    std::vector<InputProblem>& problems_;
};

std::string quoted(const std::string& text) {
    return "'" + text + "'";
}

bool hasGene(const genomics::Gene& gene) {
    return !gene.hugoSymbol.empty() || gene.entrezId.has_value();
}

} // namespace

RecordSelection checkDataSet(const genomics::GenomicDataSet& data,
                             std::vector<InputProblem>& problems) {
    Checker check(data, problems);
    RecordSelection use;

    use.patients.resize(data.patients.size());
    for (std::size_t i = 0; i < data.patients.size(); ++i)
        use.patients[i] = !data.patients[i].empty() || check.fail({}, "empty patient id");

    use.samples.resize(data.samples.size());
    std::unordered_map<std::string, std::string> sampleOwner;
    for (std::size_t i = 0; i < data.samples.size(); ++i) {
        const genomics::Sample& s = data.samples[i];
        bool ok = true;
        if (s.sampleId.empty() || s.patientId.empty())
            ok = check.fail({}, "sample " + quoted(s.sampleId) + " of patient " +
                                    quoted(s.patientId) + ": empty id");
        else if (!kSampleTypes.count(s.type))
            ok = check.fail({}, "sample " + s.sampleId + ": type " + quoted(s.type) +
                                    " is not primary, metastasis, recurrence or normal");
        else if (auto [it, added] = sampleOwner.emplace(s.sampleId, s.patientId);
                 !added && it->second != s.patientId)
            ok = check.fail({}, "sample " + s.sampleId + " given for patients " + it->second +
                                    " and " + s.patientId);
        use.samples[i] = ok;
    }

    use.attributes.resize(data.attributes.size());
    std::map<std::string, const genomics::ClinicalAttribute*> attributes;
    for (std::size_t i = 0; i < data.attributes.size(); ++i) {
        const genomics::ClinicalAttribute& a = data.attributes[i];
        bool ok = true;
        if (a.id.empty())
            ok = check.fail({}, "clinical attribute with an empty id");
        else if (auto [it, added] = attributes.emplace(a.id, &a);
                 !added && (it->second->datatype != a.datatype || it->second->level != a.level))
            ok = check.fail({}, "clinical attribute " + a.id +
                                    " given twice with different datatype or level");
        use.attributes[i] = ok;
    }

    use.values.resize(data.clinicalValues.size());
    std::set<std::pair<std::string, std::string>> valueKeys;
    for (std::size_t i = 0; i < data.clinicalValues.size(); ++i) {
        const genomics::ClinicalValue& v = data.clinicalValues[i];
        bool ok = true;
        if (v.entityId.empty() || v.attributeId.empty())
            ok = check.fail(v.where, "clinical value without a patient/sample id or attribute");
        else if (!attributes.count(v.attributeId))
            ok = check.fail(v.where, "clinical value of unknown attribute " + v.attributeId);
        else if (v.text.empty())
            ok = check.fail(v.where, "empty clinical value (a missing value has no record)");
        else if (v.number && !std::isfinite(*v.number))
            ok =
                check.fail(v.where, "clinical value " + quoted(v.text) + " is not a finite number");
        else if (!valueKeys.emplace(v.entityId, v.attributeId).second)
            ok = check.fail(v.where, v.attributeId + " of " + v.entityId + " given twice");
        use.values[i] = ok;
    }

    use.profiles.resize(data.profiles.size());
    std::unordered_map<std::string, const genomics::GenomicProfile*> profiles;
    for (std::size_t i = 0; i < data.profiles.size(); ++i) {
        const genomics::GenomicProfile& p = data.profiles[i];
        bool ok = true;
        if (p.stableId.empty())
            ok = check.fail({p.sourceFile, 0, {}}, "genomic profile with an empty stable id");
        else if (!profiles.emplace(p.stableId, &p).second)
            ok =
                check.fail({p.sourceFile, 0, {}}, "genomic profile " + p.stableId + " given twice");
        else
            for (const std::string& s : p.profiledSamples)
                if (s.empty())
                    ok = check.fail({p.sourceFile, 0, {}},
                                    "profile " + p.stableId + ": empty sample id in its case list");
        use.profiles[i] = ok;
        if (!ok && !p.stableId.empty())
            profiles[p.stableId] = nullptr; // its records go with it
    }
    const auto knownProfile = [&](const std::string& stableId) {
        auto it = profiles.find(stableId);
        return it != profiles.end() && it->second != nullptr;
    };

    use.panels.resize(data.panels.size());
    std::unordered_set<std::string> panelIds;
    for (std::size_t i = 0; i < data.panels.size(); ++i) {
        const genomics::GenePanel& g = data.panels[i];
        use.panels[i] = (!g.stableId.empty() || check.fail({}, "gene panel with an empty id")) &&
                        (panelIds.insert(g.stableId).second ||
                         check.fail({}, "gene panel " + g.stableId + " given twice"));
    }

    use.samplePanels.resize(data.samplePanels.size());
    std::set<std::pair<std::string, std::string>> panelKeys;
    for (std::size_t i = 0; i < data.samplePanels.size(); ++i) {
        const genomics::SamplePanel& sp = data.samplePanels[i];
        bool ok = true;
        if (!knownProfile(sp.profileStableId))
            ok = check.fail({}, "gene panel of sample " + sp.sampleId + " names profile " +
                                    quoted(sp.profileStableId) + ", not in the study");
        else if (sp.sampleId.empty())
            ok = check.fail(check.fileOf(sp.profileStableId), "gene panel entry without sample");
        else if (!panelKeys.emplace(sp.profileStableId, sp.sampleId).second)
            ok = check.fail(check.fileOf(sp.profileStableId), "gene panel of " + sp.sampleId +
                                                                  " in " + sp.profileStableId +
                                                                  " given twice");
        use.samplePanels[i] = ok;
    }

    use.mutations.resize(data.mutations.size());
    for (std::size_t i = 0; i < data.mutations.size(); ++i) {
        const genomics::Mutation& m = data.mutations[i];
        bool ok = true;
        if (!knownProfile(m.profileStableId))
            ok = check.fail(m.where, "mutation of profile " + quoted(m.profileStableId) +
                                         ", not in the study");
        else if (m.sampleId.empty() || !hasGene(m.gene))
            ok = check.fail(m.where, "mutation without sample or gene");
        else if (m.vaf && !(*m.vaf >= 0.0 && *m.vaf <= 1.0))
            ok = check.fail(m.where,
                            "variant allele fraction " + std::to_string(*m.vaf) + " outside 0..1");
        else if ((m.tRefCount && *m.tRefCount < 0) || (m.tAltCount && *m.tAltCount < 0))
            ok = check.fail(m.where, "negative read count");
        use.mutations[i] = ok;
    }

    use.matrices.resize(data.matrices.size());
    std::unordered_set<std::string> matrixProfiles;
    for (std::size_t i = 0; i < data.matrices.size(); ++i) {
        const genomics::GeneMatrix& m = data.matrices[i];
        const SourceLocation file = check.fileOf(m.profileStableId);
        bool ok = true;
        std::unordered_set<std::string> columns;
        for (const std::string& s : m.samples)
            if (s.empty() || !columns.insert(s).second)
                ok = false;
        if (!knownProfile(m.profileStableId))
            ok = check.fail(file, "matrix of profile " + quoted(m.profileStableId) +
                                      ", not in the study");
        else if (!genomics::isMatrixKind(profiles[m.profileStableId]->kind))
            ok = check.fail(file, "matrix for profile " + m.profileStableId + " of kind " +
                                      genomics::profileKindName(profiles[m.profileStableId]->kind));
        else if (!matrixProfiles.insert(m.profileStableId).second)
            ok = check.fail(file, "second matrix for profile " + m.profileStableId);
        else if (m.values.size() != m.genes.size() * m.samples.size())
            ok = check.fail(file, "matrix of " + m.profileStableId + " holds " +
                                      std::to_string(m.values.size()) + " values for " +
                                      std::to_string(m.genes.size()) + " genes x " +
                                      std::to_string(m.samples.size()) + " samples");
        else if (!ok)
            check.fail(file, "matrix of " + m.profileStableId +
                                 " has an empty or repeated sample column");
        else
            for (const genomics::Gene& g : m.genes)
                if (!hasGene(g))
                    ok = check.fail(file, "matrix of " + m.profileStableId +
                                              " has a gene without symbol or Entrez id");
        use.matrices[i] = ok;
    }

    use.genotypes.resize(data.genotypes.size());
    for (std::size_t i = 0; i < data.genotypes.size(); ++i) {
        const genomics::Genotype& g = data.genotypes[i];
        bool ok = true;
        if (!knownProfile(g.profileStableId))
            ok = check.fail(g.where, "genotype of profile " + quoted(g.profileStableId) +
                                         ", not in the study");
        else if (g.sampleId.empty() || g.variantId.empty())
            ok = check.fail(g.where, "genotype without sample or variant id");
        else if (!(g.dosage >= 0.0 && g.dosage <= 2.0))
            ok = check.fail(g.where, "dosage " + std::to_string(g.dosage) + " outside 0..2");
        use.genotypes[i] = ok;
    }

    use.calls.resize(data.calls.size());
    for (std::size_t i = 0; i < data.calls.size(); ++i) {
        const genomics::SampleCall& c = data.calls[i];
        bool ok = true;
        if (!knownProfile(c.profileStableId))
            ok = check.fail(c.where,
                            "call of profile " + quoted(c.profileStableId) + ", not in the study");
        else if (c.sampleId.empty())
            ok = check.fail(c.where, "call without sample id");
        else if (c.category.empty() && !c.score)
            ok = check.fail(c.where, "call with neither category nor score");
        else if (c.score && !std::isfinite(*c.score))
            ok = check.fail(c.where, "score is not a finite number");
        use.calls[i] = ok;
    }
    return use;
}

} // namespace rgw::storage::detail
