#include "genomics/Profiling.h"

namespace rgw::genomics {

const char* geneStatusName(GeneStatus status) {
    switch (status) {
    case GeneStatus::Altered:
        return "mutated";
    case GeneStatus::NotAltered:
        return "wild-type";
    case GeneStatus::NotProfiled:
        break;
    }
    return "not profiled";
}

bool ProfileCoverage::covers(const std::string& sample, const std::string& gene) const {
    if (!allSamples && samples.count(sample) == 0)
        return false;
    const auto own = samplePanels.find(sample);
    const std::string& panel = own != samplePanels.end() ? own->second : defaultPanel;
    if (own != samplePanels.end() && panel.empty())
        return false; // "NA" in the gene panel matrix: not profiled
    if (panel.empty())
        return true; // whole exome / genome
    const auto genes = panelGenes.find(panel);
    return genes != panelGenes.end() && genes->second.count(gene) > 0;
}

std::set<std::string> panelGeneSymbols(const GenomicDataSet& data, const GenePanel& panel) {
    std::map<std::string, std::string> symbolOfEntrez;
    const auto learn = [&](const Gene& g) {
        if (g.entrezId && !g.hugoSymbol.empty())
            symbolOfEntrez.emplace(std::to_string(*g.entrezId), g.hugoSymbol);
    };
    for (const auto& m : data.mutations)
        learn(m.gene);
    for (const auto& matrix : data.matrices)
        for (const auto& g : matrix.genes)
            learn(g);
    std::set<std::string> genes;
    for (const auto& gene : panel.genes) {
        const auto symbol = symbolOfEntrez.find(gene);
        genes.insert(symbol != symbolOfEntrez.end() ? symbol->second : gene);
    }
    return genes;
}

ProfileCoverage coverageOf(const GenomicDataSet& data, const std::string& profileStableId) {
    ProfileCoverage coverage;
    const GenomicProfile* profile = nullptr;
    for (const auto& p : data.profiles)
        if (p.stableId == profileStableId)
            profile = &p;
    if (profile == nullptr)
        return coverage;
    coverage.allSamples = profile->allSamplesProfiled;
    coverage.samples.insert(profile->profiledSamples.begin(), profile->profiledSamples.end());
    coverage.defaultPanel = profile->genePanel;
    for (const auto& cell : data.samplePanels)
        if (cell.profileStableId == profileStableId)
            coverage.samplePanels[cell.sampleId] = cell.panelId;

    for (const auto& panel : data.panels)
        coverage.panelGenes[panel.stableId] = panelGeneSymbols(data, panel);
    return coverage;
}

GeneStatus geneStatus(const ProfileCoverage& coverage, const std::string& sample,
                      const std::string& gene, bool hasProteinAlteringCall) {
    if (hasProteinAlteringCall)
        return GeneStatus::Altered;
    return coverage.covers(sample, gene) ? GeneStatus::NotAltered : GeneStatus::NotProfiled;
}

} // namespace rgw::genomics
