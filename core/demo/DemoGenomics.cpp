#include "demo/DemoGenomics.h"

#include "demo/DemoRandom.h"
#include "util/Error.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <optional>

namespace rgw::demo {
namespace {

namespace fs = std::filesystem;

// --- the molecular vocabulary ------------------------------------------------

struct GeneInfo {
    const char* hugo;
    const char* entrez;
    const char* chromosome;
};
constexpr GeneInfo kEgfr{"EGFR", "1956", "7"};
constexpr GeneInfo kKras{"KRAS", "3845", "12"};
constexpr GeneInfo kTp53{"TP53", "7157", "17"};
constexpr GeneInfo kStk11{"STK11", "6794", "19"};

/// One MAF call template (GRCh38, alleles on the plus strand).
struct Variant {
    const GeneInfo* gene;
    const char* classification;
    const char* type;
    long start;
    long end;
    const char* reference;
    const char* alternate;
    const char* protein;
};

constexpr std::array<Variant, 3> kEgfrVariants{{
    {&kEgfr, "In_Frame_Del", "DEL", 55174772, 55174786, "GGAATTAAGAGAAGC", "-", "p.E746_A750del"},
    {&kEgfr, "Missense_Mutation", "SNP", 55191822, 55191822, "T", "G", "p.L858R"},
    {&kEgfr, "Missense_Mutation", "SNP", 55191831, 55191831, "T", "A", "p.L861Q"},
}};
constexpr std::array<Variant, 3> kKrasVariants{{
    {&kKras, "Missense_Mutation", "SNP", 25245351, 25245351, "C", "A", "p.G12C"},
    {&kKras, "Missense_Mutation", "SNP", 25245350, 25245350, "C", "A", "p.G12V"},
    {&kKras, "Missense_Mutation", "SNP", 25245350, 25245350, "C", "T", "p.G12D"},
}};
constexpr std::array<Variant, 4> kTp53Variants{{
    {&kTp53, "Missense_Mutation", "SNP", 7675088, 7675088, "C", "T", "p.R175H"},
    {&kTp53, "Missense_Mutation", "SNP", 7674220, 7674220, "C", "T", "p.R248Q"},
    {&kTp53, "Missense_Mutation", "SNP", 7673802, 7673802, "C", "T", "p.R273H"},
    {&kTp53, "Nonsense_Mutation", "SNP", 7674894, 7674894, "G", "A", "p.R213*"},
}};
constexpr Variant kStk11Variant{&kStk11, "Nonsense_Mutation", "SNP", 1207021, 1207021, "C", "T",
                                "p.Q37*"};
constexpr std::array<Variant, 2> kSilentVariants{{
    {&kEgfr, "Silent", "SNP", 55181370, 55181370, "G", "A", "p.Q787="},
    {&kTp53, "Silent", "SNP", 7674893, 7674893, "T", "C", "p.R213="},
}};

struct Panel {
    const char* stableId;
    const char* fileName;
    const char* description;
    std::array<const char*, 6> genes; // nullptr-terminated when shorter
};
constexpr Panel kPanelV1{"RGW_DEMO_LUNG_V1",
                         "data_gene_panel_rgw_demo_lung_v1.txt",
                         "Synthetic four-gene lung panel, version 1 (used before 2017).",
                         {"EGFR", "KRAS", "TP53", "BRAF", nullptr, nullptr}};
constexpr Panel kPanelV2{"RGW_DEMO_LUNG_V2",
                         "data_gene_panel_rgw_demo_lung_v2.txt",
                         "Synthetic six-gene lung panel, version 2 (from 2017; adds STK11 and "
                         "KEAP1).",
                         {"EGFR", "KRAS", "TP53", "BRAF", "STK11", "KEAP1"}};
constexpr int kPanelV2FromYear = 2017;

bool onPanel(const Panel& panel, const char* hugo) {
    return std::any_of(panel.genes.begin(), panel.genes.end(),
                       [&](const char* g) { return g != nullptr && std::string_view(g) == hugo; });
}

/// The expression matrix's genes, in file order.
constexpr std::array<GeneInfo, 7> kExpressionGenes{{kEgfr,
                                                    kKras,
                                                    kTp53,
                                                    kStk11,
                                                    {"NKX2-1", "7080", "14"},
                                                    {"MKI67", "4288", "10"},
                                                    {"CD274", "29126", "9"}}};

enum class Subtype { TerminalRespiratoryUnit, ProximalProliferative, ProximalInflammatory };
const char* subtypeCode(Subtype s) {
    switch (s) {
    case Subtype::TerminalRespiratoryUnit:
        return "TRU";
    case Subtype::ProximalProliferative:
        return "PP";
    case Subtype::ProximalInflammatory:
        return "PI";
    }
    return "";
}

// --- one patient's record ------------------------------------------------------

struct Call {
    const Variant* variant;
    int refCount;
    int altCount;
};

struct PatientRecord {
    std::string patientId;
    std::string sampleId;
    std::optional<int> age;
    std::string sex;
    std::optional<std::string> smoking;
    std::string institution;
    double osMonths = 0;
    bool deceased = false;
    const Panel* panel = nullptr; ///< nullptr: not sequenced
    bool hasRna = false;
    Subtype subtype = Subtype::TerminalRespiratoryUnit;
    std::vector<Call> calls; ///< only when sequenced, only genes on the panel
    std::array<std::optional<double>, kExpressionGenes.size()> expression{};
};

/// Age in whole years at the CT, from DICOM dates (YYYYMMDD).
int ageAtStudy(const DemoDemographics& d) {
    const int birth = std::stoi(d.patientBirthDate), study = std::stoi(d.studyDate);
    const int years = study / 10000 - birth / 10000;
    return study % 10000 < birth % 10000 ? years - 1 : years;
}

Call drawCall(DemoRng& rng, const Variant& variant) {
    const int depth = rng.integer(120, 600);
    const double vaf = rng.uniform(0.08, 0.55);
    const int alt = static_cast<int>(std::lround(depth * vaf));
    return {&variant, depth - alt, alt};
}

PatientRecord drawRecord(std::uint32_t seed, const DemoStudyPatient& p) {
    DemoRng rng(
        hashKey("rgw-demo-study/" + std::to_string(seed) + "/" + std::to_string(p.patientNumber)));
    const DemoGenotype& g = p.genotype;
    PatientRecord r;
    r.patientId = p.demographics.patientId;
    r.sampleId = demoSampleId(r.patientId);
    r.sex = p.demographics.patientSex == "F" ? "Female" : "Male";
    // Every draw below is taken unconditionally, in this order: the record of a
    // patient never depends on which branches an earlier draw took.
    r.institution = "SITE-" + std::to_string(rng.integer(1, 3));

    const double smokingDraw = rng.uniform(), smokingMissing = rng.uniform(),
                 ageMissing = rng.uniform();
    const char* smoking = g.egfrMutated ? (smokingDraw < 0.60   ? "Never"
                                           : smokingDraw < 0.90 ? "Former"
                                                                : "Current")
                                        : (smokingDraw < 0.10   ? "Never"
                                           : smokingDraw < 0.55 ? "Former"
                                                                : "Current");
    if (smokingMissing >= 0.12)
        r.smoking = smoking;
    if (ageMissing >= 0.06)
        r.age = ageAtStudy(p.demographics);

    const bool sequenced = rng.uniform() >= 0.15;
    r.hasRna = rng.uniform() >= 0.10;
    if (sequenced)
        r.panel = std::stoi(p.demographics.studyDate.substr(0, 4)) < kPanelV2FromYear ? &kPanelV1
                                                                                      : &kPanelV2;

    const double egfrKind = rng.uniform();
    const Variant& egfr = kEgfrVariants[egfrKind < 0.45 ? 0 : egfrKind < 0.85 ? 1 : 2];
    const Variant& kras = kKrasVariants[static_cast<std::size_t>(rng.integer(0, 2))];
    const Variant& tp53 = kTp53Variants[static_cast<std::size_t>(rng.integer(0, 3))];
    const Variant& silent = kSilentVariants[static_cast<std::size_t>(rng.integer(0, 1))];
    const bool hasSilent = rng.uniform() < 0.35;
    std::vector<std::pair<bool, Call>> candidates;
    candidates.emplace_back(g.egfrMutated, drawCall(rng, egfr));
    candidates.emplace_back(g.krasMutated, drawCall(rng, kras));
    candidates.emplace_back(g.tp53Mutated, drawCall(rng, tp53));
    candidates.emplace_back(g.stk11Mutated, drawCall(rng, kStk11Variant));
    candidates.emplace_back(hasSilent, drawCall(rng, silent));
    for (const auto& [present, call] : candidates)
        if (present && r.panel && onPanel(*r.panel, call.variant->gene->hugo))
            r.calls.push_back(call);

    const double subtypeDraw = rng.uniform();
    const auto pick = [&](Subtype a, double pa, Subtype b, double pb, Subtype c) {
        return subtypeDraw < pa ? a : subtypeDraw < pa + pb ? b : c;
    };
    using S = Subtype;
    if (g.egfrMutated)
        r.subtype = pick(S::TerminalRespiratoryUnit, 0.80, S::ProximalProliferative, 0.10,
                         S::ProximalInflammatory);
    else if (g.krasMutated || g.stk11Mutated)
        r.subtype = pick(S::ProximalProliferative, 0.70, S::TerminalRespiratoryUnit, 0.15,
                         S::ProximalInflammatory);
    else if (g.tp53Mutated)
        r.subtype = pick(S::ProximalInflammatory, 0.65, S::ProximalProliferative, 0.20,
                         S::TerminalRespiratoryUnit);
    else
        r.subtype = pick(S::TerminalRespiratoryUnit, 0.45, S::ProximalInflammatory, 0.30,
                         S::ProximalProliferative);

    // log2(TPM + 1), in kExpressionGenes order.
    const double lnVolume = std::log(std::max(p.primaryLesionVolumeMl, 0.1) / 2.0);
    const auto flag = [](bool b) { return b ? 1.0 : 0.0; };
    const std::array<double, kExpressionGenes.size()> mean{
        5.0 + 1.8 * flag(g.egfrMutated),
        5.2,
        6.0 - 0.7 * flag(g.tp53Mutated),
        5.5 - 1.5 * flag(g.stk11Mutated),
        6.5 + 1.5 * flag(r.subtype == S::TerminalRespiratoryUnit),
        4.0 + 0.6 * lnVolume + 0.8 * flag(r.subtype == S::ProximalProliferative),
        3.0 + 1.5 * flag(r.subtype == S::ProximalInflammatory)};
    const std::array<double, kExpressionGenes.size()> spread{0.5, 0.4, 0.5, 0.5, 0.6, 0.5, 0.8};
    for (std::size_t i = 0; i < mean.size(); ++i) {
        const double value = std::max(0.0, mean[i] + spread[i] * rng.normal());
        if (rng.uniform() >= 0.02) // a few values fail QC: NA
            r.expression[i] = value;
    }

    // Exponential survival, administrative censoring at the end of follow-up.
    const double hazard =
        std::log(2.0) / 24.0 * (p.primaryLesionVolumeMl / 2.0) * (g.egfrMutated ? 0.5 : 1.0);
    const double u = rng.uniform();
    const double deathMonths =
        hazard > 0 ? -std::log(1.0 - u) / hazard : std::numeric_limits<double>::infinity();
    const double followUpMonths = rng.uniform(24.0, 72.0);
    r.deceased = deathMonths <= followUpMonths;
    r.osMonths = std::max(0.1, std::min(deathMonths, followUpMonths));
    return r;
}

// --- writing -------------------------------------------------------------------

std::string join(const std::vector<std::string>& fields, char separator = '\t') {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i)
            line += separator;
        line += fields[i];
    }
    return line;
}

std::string fixed(double value, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

constexpr const char* kNotAvailable = "[Not Available]";

class StudyWriter {
public:
    explicit StudyWriter(fs::path folder) : folder_(std::move(folder)) {}

    void write(const fs::path& relative, const std::vector<std::string>& lines) {
        const fs::path file = folder_ / relative;
        std::error_code ec;
        fs::create_directories(file.parent_path(), ec);
        if (ec)
            throw Error("demo study: cannot create folder " + file.parent_path().string() + ": " +
                        ec.message());
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        for (const auto& line : lines)
            out << line << '\n';
        out.close();
        if (!out)
            throw Error("demo study: cannot write " + file.string());
        ++files_;
    }
    std::size_t files() const { return files_; }

private:
    fs::path folder_;
    std::size_t files_ = 0;
};

std::vector<std::string> meta(const std::string& type, const std::string& datatype,
                              const std::string& stableId, const std::string& name,
                              const std::string& description, const std::string& dataFile) {
    std::vector<std::string> lines{std::string("cancer_study_identifier: ") + kDemoStudyId,
                                   "genetic_alteration_type: " + type, "datatype: " + datatype};
    if (!stableId.empty()) {
        lines.push_back("stable_id: " + stableId);
        lines.push_back("show_profile_in_analysis_tab: true");
        lines.push_back("profile_name: " + name);
        lines.push_back("profile_description: " + description);
    }
    lines.push_back("data_filename: " + dataFile);
    return lines;
}

std::vector<std::string> caseList(const std::string& suffix, const std::string& category,
                                  const std::string& name,
                                  const std::vector<std::string>& samples) {
    return {std::string("cancer_study_identifier: ") + kDemoStudyId,
            std::string("stable_id: ") + kDemoStudyId + suffix,
            "case_list_category: " + category,
            "case_list_name: " + name,
            "case_list_description: " + name + " (" + std::to_string(samples.size()) + " samples)",
            "case_list_ids: " + join(samples)};
}

void writeClinical(StudyWriter& w, const std::vector<PatientRecord>& records) {
    w.write("meta_clinical_patient.txt",
            meta("CLINICAL", "PATIENT_ATTRIBUTES", "", "", "", "data_clinical_patient.txt"));
    std::vector<std::string> patients{
        "#Patient Identifier\tAge\tSex\tSmoking History\tInstitution\tOverall Survival "
        "Status\tOverall Survival (Months)",
        "#Identifier of the patient (DICOM PatientID)\tAge in years at the CT\tSex of the "
        "patient\tTobacco smoking history\tTreating institution\tOverall survival "
        "status\tOverall survival in months since the CT",
        "#STRING\tNUMBER\tSTRING\tSTRING\tSTRING\tSTRING\tNUMBER", "#1\t1\t1\t1\t1\t1\t1",
        "PATIENT_ID\tAGE\tSEX\tSMOKING_HISTORY\tINSTITUTION\tOS_STATUS\tOS_MONTHS"};
    for (const auto& r : records)
        patients.push_back(join({r.patientId, r.age ? std::to_string(*r.age) : kNotAvailable, r.sex,
                                 r.smoking.value_or(kNotAvailable), r.institution,
                                 r.deceased ? "1:DECEASED" : "0:LIVING", fixed(r.osMonths, 2)}));
    w.write("data_clinical_patient.txt", patients);

    w.write("meta_clinical_sample.txt",
            meta("CLINICAL", "SAMPLE_ATTRIBUTES", "", "", "", "data_clinical_sample.txt"));
    std::vector<std::string> samples{
        "#Patient Identifier\tSample Identifier\tSample Type\tOncotree Code\tCancer "
        "Type\tCancer Type Detailed\tSubtype",
        "#Identifier of the patient\tIdentifier of the sample\tThe type of the sample\tOncotree "
        "code of the tumour\tCancer type\tDetailed cancer type\tExpression subtype of lung "
        "adenocarcinoma (TRU, PP, PI)",
        "#STRING\tSTRING\tSTRING\tSTRING\tSTRING\tSTRING\tSTRING", "#1\t1\t1\t1\t1\t1\t1",
        "PATIENT_ID\tSAMPLE_ID\tSAMPLE_TYPE\tONCOTREE_CODE\tCANCER_TYPE\tCANCER_TYPE_"
        "DETAILED\tSUBTYPE"};
    for (const auto& r : records)
        samples.push_back(
            join({r.patientId, r.sampleId, "Primary", "LUAD", "Non-Small Cell Lung Cancer",
                  "Lung Adenocarcinoma", r.hasRna ? subtypeCode(r.subtype) : kNotAvailable}));
    w.write("data_clinical_sample.txt", samples);
}

void writeMutations(StudyWriter& w, const std::vector<PatientRecord>& records) {
    w.write("meta_mutations.txt",
            meta("MUTATION_EXTENDED", "MAF", "mutations", "Mutations",
                 "Targeted sequencing of the primary tumour on the RGW demo lung panels "
                 "(synthetic).",
                 "data_mutations.txt"));
    std::vector<std::string> maf{
        "#version 2.4",
        "Hugo_Symbol\tEntrez_Gene_Id\tCenter\tNCBI_Build\tChromosome\tStart_Position\tEnd_"
        "Position\tStrand\tVariant_Classification\tVariant_Type\tReference_Allele\tTumor_Seq_"
        "Allele1\tTumor_Seq_Allele2\tTumor_Sample_Barcode\tHGVSp_Short\tt_ref_count\tt_alt_"
        "count"};
    for (const auto& r : records)
        for (const auto& c : r.calls) {
            const Variant& v = *c.variant;
            maf.push_back(
                join({v.gene->hugo, v.gene->entrez, "rgw-demo", "GRCh38", v.gene->chromosome,
                      std::to_string(v.start), std::to_string(v.end), "+", v.classification, v.type,
                      v.reference, v.reference, v.alternate, r.sampleId, v.protein,
                      std::to_string(c.refCount), std::to_string(c.altCount)}));
        }
    w.write("data_mutations.txt", maf);

    w.write("meta_gene_panel_matrix.txt", meta("GENE_PANEL_MATRIX", "GENE_PANEL_MATRIX", "", "", "",
                                               "data_gene_panel_matrix.txt"));
    std::vector<std::string> matrix{"SAMPLE_ID\tmutations"};
    for (const auto& r : records)
        matrix.push_back(r.sampleId + "\t" + (r.panel ? r.panel->stableId : "NA"));
    w.write("data_gene_panel_matrix.txt", matrix);
    for (const Panel* panel : {&kPanelV1, &kPanelV2}) {
        std::vector<std::string> genes;
        for (const char* g : panel->genes)
            if (g)
                genes.emplace_back(g);
        w.write(panel->fileName,
                {std::string("stable_id: ") + panel->stableId,
                 std::string("description: ") + panel->description, "gene_list: " + join(genes)});
    }
}

void writeExpression(StudyWriter& w, const std::vector<PatientRecord>& records) {
    w.write("meta_expression.txt",
            meta("MRNA_EXPRESSION", "CONTINUOUS", "rna_seq_mrna", "mRNA expression (log2 TPM)",
                 "Expression of the primary tumour from RNA-seq, log2(TPM + 1) (synthetic).",
                 "data_expression.txt"));
    std::vector<std::string> header{"Hugo_Symbol", "Entrez_Gene_Id"};
    for (const auto& r : records)
        if (r.hasRna)
            header.push_back(r.sampleId);
    std::vector<std::string> lines{join(header)};
    for (std::size_t i = 0; i < kExpressionGenes.size(); ++i) {
        std::vector<std::string> row{kExpressionGenes[i].hugo, kExpressionGenes[i].entrez};
        for (const auto& r : records)
            if (r.hasRna)
                row.push_back(r.expression[i] ? fixed(*r.expression[i], 3) : "NA");
        lines.push_back(join(row));
    }
    w.write("data_expression.txt", lines);
}

void writeCaseLists(StudyWriter& w, const std::vector<PatientRecord>& records) {
    std::vector<std::string> all, sequenced, rna;
    for (const auto& r : records) {
        all.push_back(r.sampleId);
        if (r.panel)
            sequenced.push_back(r.sampleId);
        if (r.hasRna)
            rna.push_back(r.sampleId);
    }
    w.write("case_lists/cases_all.txt", caseList("_all", "all_cases_in_study", "All samples", all));
    w.write("case_lists/cases_sequenced.txt", caseList("_sequenced", "all_cases_with_mutation_data",
                                                       "Samples with mutation data", sequenced));
    w.write("case_lists/cases_rna_seq_mrna.txt",
            caseList("_rna_seq_mrna", "all_cases_with_mrna_rnaseq_data",
                     "Samples with mRNA expression data (RNA-seq)", rna));
}

} // namespace

std::string demoSampleId(const std::string& patientId) {
    return patientId + "-01";
}

double primaryLesionVolumeMl(const DemoPatientPhantom& phantom) {
    std::size_t largest = 0;
    for (const auto& lesion : phantom.lesions)
        largest =
            std::max<std::size_t>(largest, static_cast<std::size_t>(std::count_if(
                                               lesion.mask.voxels.begin(), lesion.mask.voxels.end(),
                                               [](std::uint8_t v) { return v != 0; })));
    const Eigen::Vector3d& s = phantom.ctHu.geometry.spacing;
    return static_cast<double>(largest) * s.x() * s.y() * s.z() / 1000.0;
}

DemoStudyPatient studyPatientOf(const DemoPatientPhantom& phantom, int patientNumber) {
    return {patientNumber, phantom.demographics, phantom.genotype, primaryLesionVolumeMl(phantom)};
}

DemoStudySummary writeGenomicStudy(const fs::path& folder, std::uint32_t seed,
                                   const std::vector<DemoStudyPatient>& patients) {
    std::vector<PatientRecord> records;
    records.reserve(patients.size());
    for (const auto& p : patients)
        records.push_back(drawRecord(seed, p));

    StudyWriter w(folder);
    w.write(
        "meta_study.txt",
        {"type_of_cancer: luad", std::string("cancer_study_identifier: ") + kDemoStudyId,
         "name: RGW demo cohort: synthetic lung adenocarcinoma (seed " + std::to_string(seed) + ")",
         "description: Synthetic clinical, mutation and expression data of the demo "
         "cohort's CT patients, generated with their images: EGFR-mutated lesions are "
         "subsolid and larger primary lesions shorten survival.",
         "short_name: RGW demo", "add_global_case_list: false"});
    writeClinical(w, records);
    writeMutations(w, records);
    writeExpression(w, records);
    writeCaseLists(w, records);

    DemoStudySummary summary;
    summary.folder = folder;
    summary.filesWritten = w.files();
    for (const auto& r : records)
        if (!r.panel)
            summary.notSequencedSamples.push_back(r.sampleId);
    return summary;
}

} // namespace rgw::demo
