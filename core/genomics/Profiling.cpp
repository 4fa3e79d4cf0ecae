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

GeneStatus geneStatus(const ProfileCoverage& coverage, const std::string& sample,
                      const std::string& gene, bool hasProteinAlteringCall) {
    if (hasProteinAlteringCall)
        return GeneStatus::Altered;
    return coverage.covers(sample, gene) ? GeneStatus::NotAltered : GeneStatus::NotProfiled;
}

} // namespace rgw::genomics
