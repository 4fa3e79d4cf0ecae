#pragma once

// The one rule that tells "mutated", "wild-type" and "not profiled" apart.
// A gene of a sample is wild-type only when the profile covered that sample
// (its case list) and that gene (the sample's panel, or whole exome when it
// has none) and found no protein-altering mutation. Absence of a call is
// never wild-type by itself.

#include "genomics/GenomicRecords.h"

#include <map>
#include <set>
#include <string>

namespace rgw::genomics {

enum class GeneStatus {
    Altered,     ///< at least one protein-altering call (mutated)
    NotAltered,  ///< profiled for the gene and no such call (wild-type)
    NotProfiled, ///< the sample or the gene was not sequenced in the profile
};

const char* geneStatusName(GeneStatus status); // "mutated", "wild-type", "not profiled"

/// Which samples x genes one profile covered.
struct ProfileCoverage {
    /// Every sample of the study is covered (no case list given).
    bool allSamples = false;
    /// The covered samples (the profile's case list).
    std::set<std::string> samples;
    /// A panel for every covered sample (meta file gene_panel); empty: whole exome.
    std::string defaultPanel;
    /// Per-sample panel from the gene panel matrix; an empty panel id ("NA")
    /// means the sample was not profiled. Overrides defaultPanel.
    std::map<std::string, std::string> samplePanels;
    /// Genes of each known panel.
    std::map<std::string, std::set<std::string>> panelGenes;

    /// True when `gene` of `sample` was sequenced in this profile. A panel
    /// without a gene list is treated as covering nothing.
    bool covers(const std::string& sample, const std::string& gene) const;
};

/// The genes of `panel` by HUGO symbol: a panel listed by Entrez ids is
/// translated through the genes the data set names with both (mutations and
/// matrices); an id it cannot translate is kept as written, so it matches no
/// symbol (not profiled, never wild-type). The one translation for the
/// in-memory coverage and the stored panels.
std::set<std::string> panelGeneSymbols(const GenomicDataSet& data, const GenePanel& panel);

/// The coverage of profile `profileStableId` of `data`: its profiledSamples
/// (or all samples), its gene panel, its per-sample panels from the gene panel
/// matrix and the genes of every panel of `data` (panelGeneSymbols).
/// An unknown profile gives a coverage that covers nothing.
ProfileCoverage coverageOf(const GenomicDataSet& data, const std::string& profileStableId);

/// The status of `gene` in `sample`: Altered when the profile holds a
/// protein-altering call for it (a call is evidence even off-panel), else
/// NotAltered when the coverage includes it, else NotProfiled.
GeneStatus geneStatus(const ProfileCoverage& coverage, const std::string& sample,
                      const std::string& gene, bool hasProteinAlteringCall);

} // namespace rgw::genomics
