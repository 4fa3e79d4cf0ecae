#include "genomics/GenomicRecords.h"

#include <array>
#include <utility>

namespace rgw::genomics {

std::string InputProblem::describe() const {
    std::string text = where.file;
    if (where.line > 0)
        text += ":" + std::to_string(where.line);
    if (!where.column.empty())
        text += ": column '" + where.column + "'";
    return text + ": " + message;
}

namespace {

constexpr std::array<std::pair<ProfileKind, const char*>, 10> kKindNames{{
    {ProfileKind::Mutation, "mutation"},
    {ProfileKind::StructuralVariant, "structural_variant"},
    {ProfileKind::CopyNumberDiscrete, "cna_discrete"},
    {ProfileKind::CopyNumberContinuous, "cna_continuous"},
    {ProfileKind::Expression, "expression"},
    {ProfileKind::Methylation, "methylation"},
    {ProfileKind::ProteinLevel, "protein_level"},
    {ProfileKind::GermlineGenotype, "germline_genotype"},
    {ProfileKind::Subtype, "subtype"},
    {ProfileKind::AssayScore, "assay_score"},
}};

} // namespace

bool isMatrixKind(ProfileKind kind) {
    switch (kind) {
    case ProfileKind::CopyNumberDiscrete:
    case ProfileKind::CopyNumberContinuous:
    case ProfileKind::Expression:
    case ProfileKind::Methylation:
    case ProfileKind::ProteinLevel:
        return true;
    default:
        return false;
    }
}

const char* profileKindName(ProfileKind kind) {
    for (const auto& [k, name] : kKindNames)
        if (k == kind)
            return name;
    return "unknown";
}

std::optional<ProfileKind> profileKindFromName(const std::string& name) {
    for (const auto& [k, n] : kKindNames)
        if (name == n)
            return k;
    return std::nullopt;
}

bool isProteinAltering(const std::string& variantClassification) {
    // MAF Variant_Classification values that leave the protein unchanged
    // (cBioPortal's filter of silent and non-coding calls).
    static const std::array<const char*, 8> kNotAltering{"Silent",  "Intron",  "3'UTR", "5'UTR",
                                                         "3'Flank", "5'Flank", "IGR",   "RNA"};
    for (const char* c : kNotAltering)
        if (variantClassification == c)
            return false;
    return !variantClassification.empty();
}

} // namespace rgw::genomics
