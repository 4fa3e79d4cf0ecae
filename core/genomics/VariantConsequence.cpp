#include "genomics/VariantConsequence.h"

#include <array>
#include <cstring>
#include <string_view>
#include <utility>

namespace rgw::genomics {

namespace {

// Sequence Ontology consequence terms, most severe first (Ensembl's ranking),
// with SnpEff's own spellings placed at the rank of their Ensembl equivalent.
constexpr std::array<std::pair<const char*, int>, 48> kSeverity{{
    {"transcript_ablation", 0},
    {"exon_loss_variant", 0},
    {"splice_acceptor_variant", 1},
    {"splice_donor_variant", 2},
    {"stop_gained", 3},
    {"frameshift_variant", 4},
    {"stop_lost", 5},
    {"start_lost", 6},
    {"initiator_codon_variant", 6},
    {"transcript_amplification", 7},
    {"inframe_insertion", 8},
    {"conservative_inframe_insertion", 8},
    {"disruptive_inframe_insertion", 8},
    {"inframe_deletion", 9},
    {"conservative_inframe_deletion", 9},
    {"disruptive_inframe_deletion", 9},
    {"missense_variant", 10},
    {"conservative_missense_variant", 10},
    {"rare_amino_acid_variant", 10},
    {"protein_altering_variant", 11},
    {"splice_region_variant", 12},
    {"incomplete_terminal_codon_variant", 13},
    {"start_retained_variant", 14},
    {"stop_retained_variant", 15},
    {"synonymous_variant", 16},
    {"coding_sequence_variant", 17},
    {"mature_miRNA_variant", 18},
    {"5_prime_UTR_variant", 19},
    {"5_prime_UTR_premature_start_codon_gain_variant", 19},
    {"3_prime_UTR_variant", 20},
    {"non_coding_transcript_exon_variant", 21},
    {"non_coding_exon_variant", 21},
    {"exon_variant", 21},
    {"intron_variant", 22},
    {"intragenic_variant", 22},
    {"INTRAGENIC", 22},
    {"NMD_transcript_variant", 23},
    {"non_coding_transcript_variant", 24},
    {"nc_transcript_variant", 24},
    {"upstream_gene_variant", 25},
    {"downstream_gene_variant", 26},
    {"TFBS_ablation", 27},
    {"TF_binding_site_variant", 29},
    {"regulatory_region_ablation", 30},
    {"regulatory_region_variant", 33},
    {"regulatory_region", 33},
    {"intergenic_variant", 35},
    {"intergenic_region", 35},
}};
constexpr int kUnknownSeverity = 100;

std::string mostSevereTerm(const std::string& consequence) {
    std::string best;
    int bestRank = kUnknownSeverity + 1;
    std::size_t start = 0;
    while (start <= consequence.size()) {
        std::size_t end = consequence.find('&', start);
        if (end == std::string::npos)
            end = consequence.size();
        std::string term = consequence.substr(start, end - start);
        const int rank = consequenceSeverity(term);
        if (!term.empty() && rank < bestRank) {
            bestRank = rank;
            best = std::move(term);
        }
        start = end + 1;
    }
    return best;
}

bool isAnyOf(const std::string& term, std::initializer_list<const char*> terms) {
    for (const char* t : terms)
        if (term == t)
            return true;
    return false;
}

constexpr std::array<std::pair<std::string_view, char>, 25> kAminoAcids{{
    {"Ala", 'A'}, {"Arg", 'R'}, {"Asn", 'N'}, {"Asp", 'D'}, {"Cys", 'C'},
    {"Gln", 'Q'}, {"Glu", 'E'}, {"Gly", 'G'}, {"His", 'H'}, {"Ile", 'I'},
    {"Leu", 'L'}, {"Lys", 'K'}, {"Met", 'M'}, {"Phe", 'F'}, {"Pro", 'P'},
    {"Ser", 'S'}, {"Thr", 'T'}, {"Trp", 'W'}, {"Tyr", 'Y'}, {"Val", 'V'},
    {"Ter", '*'}, {"Sec", 'U'}, {"Pyl", 'O'}, {"Xaa", 'X'}, {"Asx", 'B'},
}};

} // namespace

std::string mafVariantType(const std::string& reference, const std::string& alternate) {
    if (reference.size() == alternate.size()) {
        switch (reference.size()) {
        case 1:
            return "SNP";
        case 2:
            return "DNP";
        case 3:
            return "TNP";
        default:
            return "ONP";
        }
    }
    return reference.size() < alternate.size() ? "INS" : "DEL";
}

int consequenceSeverity(const std::string& term) {
    for (const auto& [name, rank] : kSeverity)
        if (term == name)
            return rank;
    return kUnknownSeverity;
}

std::string mafClassification(const std::string& consequence, const std::string& variantType) {
    const std::string term = mostSevereTerm(consequence);
    const bool insertion = variantType == "INS";
    const bool deletion = variantType == "DEL";
    if (isAnyOf(term, {"splice_acceptor_variant", "splice_donor_variant", "transcript_ablation",
                       "exon_loss_variant"}))
        return "Splice_Site";
    if (term == "stop_gained")
        return "Nonsense_Mutation";
    if (term == "frameshift_variant" ||
        (term == "protein_altering_variant" && (insertion || deletion)))
        return insertion ? "Frame_Shift_Ins" : "Frame_Shift_Del";
    if (term == "stop_lost")
        return "Nonstop_Mutation";
    if (isAnyOf(term, {"initiator_codon_variant", "start_lost"}))
        return "Translation_Start_Site";
    if (isAnyOf(term, {"inframe_insertion", "conservative_inframe_insertion",
                       "disruptive_inframe_insertion"}))
        return "In_Frame_Ins";
    if (isAnyOf(term, {"inframe_deletion", "conservative_inframe_deletion",
                       "disruptive_inframe_deletion"}))
        return "In_Frame_Del";
    if (isAnyOf(term,
                {"missense_variant", "coding_sequence_variant", "conservative_missense_variant",
                 "rare_amino_acid_variant", "protein_altering_variant"}))
        return "Missense_Mutation";
    if (isAnyOf(term,
                {"transcript_amplification", "intron_variant", "INTRAGENIC", "intragenic_variant"}))
        return "Intron";
    if (term == "splice_region_variant")
        return "Splice_Region";
    if (isAnyOf(term,
                {"incomplete_terminal_codon_variant", "synonymous_variant", "stop_retained_variant",
                 "start_retained_variant", "NMD_transcript_variant"}))
        return "Silent";
    if (isAnyOf(term, {"mature_miRNA_variant", "exon_variant", "non_coding_exon_variant",
                       "non_coding_transcript_exon_variant", "non_coding_transcript_variant",
                       "nc_transcript_variant"}))
        return "RNA";
    if (isAnyOf(term, {"5_prime_UTR_variant", "5_prime_UTR_premature_start_codon_gain_variant"}))
        return "5'UTR";
    if (term == "3_prime_UTR_variant")
        return "3'UTR";
    if (isAnyOf(term, {"TF_binding_site_variant", "TFBS_ablation", "regulatory_region_variant",
                       "regulatory_region", "regulatory_region_ablation", "intergenic_variant",
                       "intergenic_region"}))
        return "IGR";
    if (term == "upstream_gene_variant")
        return "5'Flank";
    if (term == "downstream_gene_variant")
        return "3'Flank";
    return "Targeted_Region";
}

std::string shortProteinChange(const std::string& hgvsp) {
    std::string text = hgvsp;
    if (const auto colon = text.rfind(':'); colon != std::string::npos)
        text.erase(0, colon + 1);
    if (text.rfind("p.", 0) == 0)
        text.erase(0, 2);
    if (text.size() >= 2 && text.front() == '(' && text.back() == ')')
        text = text.substr(1, text.size() - 2);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 3, "%3D") == 0) {
            out += '=';
            i += 3;
            continue;
        }
        bool replaced = false;
        if (i + 3 <= text.size())
            for (const auto& [code, letter] : kAminoAcids)
                if (std::string_view(text).substr(i, 3) == code) {
                    out += letter;
                    i += 3;
                    replaced = true;
                    break;
                }
        if (!replaced)
            out += text[i++];
    }
    return out;
}

} // namespace rgw::genomics
