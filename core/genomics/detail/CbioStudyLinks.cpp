#include "genomics/detail/CbioStudyLinks.h"

#include "genomics/Identity.h"
#include "genomics/TabularText.h"
#include "util/Text.h"

#include <algorithm>
#include <map>
#include <set>

namespace rgw::genomics::detail {

namespace {

bool contains(const std::string& text, const std::string& part) {
    return asciiLower(text).find(asciiLower(part)) != std::string::npos;
}

/// The expression profile's base stable id: "rna_seq_v2_mrna" for
/// "rna_seq_v2_mrna_median_Zscores".
std::string expressionBase(const std::string& stableId) {
    std::size_t cut = stableId.size();
    for (const char* suffix : {"_median", "_Zscores", "_zbynorm", "_Zscore"}) {
        const std::size_t at = stableId.find(suffix);
        if (at != std::string::npos)
            cut = std::min(cut, at);
    }
    return stableId.substr(0, cut);
}

/// The case-list suffixes and category of a profile, most specific first.
void caseListKeys(const GenomicProfile& p, std::vector<std::string>& suffixes,
                  std::string& category) {
    suffixes.push_back("_" + p.stableId);
    switch (p.kind) {
    case ProfileKind::Mutation:
        suffixes.push_back("_sequenced");
        category = "all_cases_with_mutation_data";
        break;
    case ProfileKind::StructuralVariant:
        suffixes.push_back("_sv");
        category = "all_cases_with_sv_data";
        break;
    case ProfileKind::CopyNumberDiscrete:
        suffixes.push_back("_cna");
        category = "all_cases_with_cna_data";
        break;
    case ProfileKind::CopyNumberContinuous:
        category = "all_cases_with_log2_cna_data";
        break;
    case ProfileKind::Expression: {
        const std::string base = expressionBase(p.stableId);
        suffixes.push_back("_" + base);
        if (base.find("rna_seq") != std::string::npos) {
            category = "all_cases_with_mrna_rnaseq_data";
        } else {
            suffixes.push_back("_mrna");
            category = "all_cases_with_mrna_array_data";
        }
        break;
    }
    case ProfileKind::Methylation:
        category = "all_cases_with_methylation_data";
        break;
    case ProfileKind::ProteinLevel:
        suffixes.push_back("_rppa");
        category = "all_cases_with_rppa_data";
        break;
    default:
        break;
    }
}

} // namespace

void resolveSampleReferences(GenomicDataSet& data, std::vector<CaseList>& caseLists) {
    std::set<std::string> known;
    for (const auto& s : data.samples)
        known.insert(s.sampleId);
    const auto unknown = [&](const std::string& id) {
        return "sample '" + id + "' is not in the clinical sample file";
    };

    std::vector<Mutation> kept;
    kept.reserve(data.mutations.size());
    for (auto& m : data.mutations) {
        if (known.count(m.sampleId) == 0) {
            const auto barcode = parseTcgaBarcode(m.sampleId);
            if (barcode && !barcode->sample.empty() && known.count(barcode->sample) > 0) {
                m.sampleId = barcode->sample;
            } else {
                const bool sv = m.variantClassification == "Fusion";
                data.problems.push_back(problemAt(m.where.file, m.where.line,
                                                  sv ? "Sample_Id" : "Tumor_Sample_Barcode",
                                                  unknown(m.sampleId) + "; the row is not used"));
                continue;
            }
        }
        kept.push_back(std::move(m));
    }
    data.mutations = std::move(kept);

    for (auto& matrix : data.matrices) {
        std::vector<std::size_t> keep;
        for (std::size_t s = 0; s < matrix.samples.size(); ++s) {
            if (known.count(matrix.samples[s]) > 0) {
                keep.push_back(s);
                continue;
            }
            const auto profile =
                std::find_if(data.profiles.begin(), data.profiles.end(),
                             [&](const auto& p) { return p.stableId == matrix.profileStableId; });
            data.problems.push_back(problemAt(
                profile != data.profiles.end() ? profile->sourceFile : std::string(), 0,
                matrix.samples[s], unknown(matrix.samples[s]) + "; the column is not used"));
        }
        if (keep.size() == matrix.samples.size())
            continue;
        const std::size_t columns = matrix.samples.size();
        std::vector<float> values;
        values.reserve(matrix.genes.size() * keep.size());
        for (std::size_t g = 0; g < matrix.genes.size(); ++g)
            for (const std::size_t s : keep)
                values.push_back(matrix.values[g * columns + s]);
        std::vector<std::string> samples;
        for (const std::size_t s : keep)
            samples.push_back(std::move(matrix.samples[s]));
        matrix.samples = std::move(samples);
        matrix.values = std::move(values);
    }

    for (auto& list : caseLists) {
        std::vector<std::string> ids;
        for (auto& id : list.sampleIds) {
            if (known.count(id) > 0) {
                ids.push_back(std::move(id));
                continue;
            }
            data.problems.push_back(problemAt(list.file, list.idsLine, "case_list_ids",
                                              unknown(id) + "; it is not used"));
        }
        list.sampleIds = std::move(ids);
    }
}

const CaseList* caseListFor(const GenomicProfile& profile, const std::string& studyId,
                            const std::vector<CaseList>& caseLists) {
    std::vector<std::string> suffixes;
    std::string category;
    caseListKeys(profile, suffixes, category);
    for (const auto& suffix : suffixes)
        for (const auto& list : caseLists)
            if (list.stableId == studyId + suffix)
                return &list;
    if (!category.empty())
        for (const auto& list : caseLists)
            if (list.category == category)
                return &list;
    return nullptr;
}

void assignCoverage(GenomicDataSet& data, const std::vector<CaseList>& caseLists) {
    for (auto& profile : data.profiles) {
        const CaseList* list = caseListFor(profile, data.studyId, caseLists);
        profile.profiledSamples.clear();
        profile.allSamplesProfiled = false;
        if (isMatrixKind(profile.kind)) {
            const auto matrix =
                std::find_if(data.matrices.begin(), data.matrices.end(),
                             [&](const auto& m) { return m.profileStableId == profile.stableId; });
            if (matrix == data.matrices.end())
                continue;
            const std::set<std::string> listed =
                list ? std::set<std::string>(list->sampleIds.begin(), list->sampleIds.end())
                     : std::set<std::string>();
            for (const auto& s : matrix->samples)
                if (!list || listed.count(s) > 0)
                    profile.profiledSamples.push_back(s);
            continue;
        }
        if (list) {
            profile.profiledSamples = list->sampleIds;
            continue;
        }
        bool inPanelMatrix = false;
        for (const auto& cell : data.samplePanels) {
            if (cell.profileStableId != profile.stableId)
                continue;
            inPanelMatrix = true;
            if (!cell.panelId.empty())
                profile.profiledSamples.push_back(cell.sampleId);
        }
        profile.allSamplesProfiled = !inPanelMatrix;
    }
}

std::string unitOf(ProfileKind kind, const std::string& datatype, const std::string& name,
                   const std::string& description) {
    if (datatype == "Z-SCORE")
        return "z-score";
    if (kind == ProfileKind::CopyNumberDiscrete)
        return "GISTIC -2..2";
    if (kind == ProfileKind::Methylation)
        return "beta";
    if (datatype == "LOG2-VALUE")
        return "log2";
    const std::string text = name + " " + description;
    std::string scale;
    for (const char* s : {"TPM", "FPKM", "RPKM", "RSEM"})
        if (contains(text, s)) {
            scale = s;
            break;
        }
    if (contains(text, "log2"))
        return scale.empty() ? "log2" : "log2(" + scale + ")";
    return scale;
}

} // namespace rgw::genomics::detail
