#pragma once

// Plain records of genomic and clinical data as parsed from outside files
// (cBioPortal study folders, VCF, PLINK, mapped tables), before they are
// linked to the cohort database's patients. Parsers fill them; storage writes
// them. Nothing here knows SQLite or Qt.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rgw::genomics {

/// Where a record or a problem comes from: the file, its 1-based line (0 for
/// the whole file) and the column's header name (empty for the whole line).
struct SourceLocation {
    std::string file;
    std::size_t line = 0;
    std::string column;
};

/// One problem in outside data, for the import report: "file:line: column
/// 'X': message".
struct InputProblem {
    SourceLocation where;
    std::string message;

    std::string describe() const;
};

/// A data file of a study that is not imported, with the reason (a data type
/// the workstation does not use, such as a timeline or treatment response).
struct SkippedFile {
    std::string file;
    std::string reason;
};

// --- clinical data ---------------------------------------------------------

/// cBioPortal's clinical datatypes (NUMBER, STRING, BOOLEAN); dates come from
/// mapped tables.
enum class ClinicalDatatype { Number, String, Boolean, Date };
enum class AttributeLevel { Patient, Sample };

/// One clinical attribute (a column of a clinical file): its id as in the
/// source (e.g. OS_MONTHS), display name, description, datatype, priority.
struct ClinicalAttribute {
    std::string id;
    std::string displayName;
    std::string description;
    ClinicalDatatype datatype = ClinicalDatatype::String;
    int priority = 1;
    AttributeLevel level = AttributeLevel::Patient;
};

/// One present clinical value. A missing value ([Not Available], NA, empty)
/// has no record: missing is never zero and never an empty string.
struct ClinicalValue {
    std::string entityId;         ///< patient id (patient level) or sample id (sample level)
    std::string attributeId;      ///< ClinicalAttribute::id
    std::string text;             ///< the value as written, e.g. "1:DECEASED", "62.5"
    std::optional<double> number; ///< parsed value of a NUMBER attribute
    SourceLocation where;
};

// --- patients and samples --------------------------------------------------

/// A specimen of a patient. `type` is one of "primary", "metastasis",
/// "recurrence", "normal" or empty when the source does not say.
struct Sample {
    std::string sampleId;
    std::string patientId;
    std::string type;
    std::string date; ///< ISO 8601 date when known, else empty
};

// --- genomic profiles ------------------------------------------------------

/// What a profile measures. Names follow cBioPortal's genetic alteration
/// types where it has one.
enum class ProfileKind {
    Mutation,             ///< MUTATION_EXTENDED (MAF), somatic VCF
    StructuralVariant,    ///< STRUCTURAL_VARIANT (fusions)
    CopyNumberDiscrete,   ///< COPY_NUMBER_ALTERATION DISCRETE (-2..2)
    CopyNumberContinuous, ///< COPY_NUMBER_ALTERATION CONTINUOUS / LOG2-VALUE
    Expression,           ///< MRNA_EXPRESSION (counts, TPM, FPKM, RSEM, log2, z-score)
    Methylation,          ///< METHYLATION (beta by gene or probe)
    ProteinLevel,         ///< PROTEIN_LEVEL (RPPA)
    GermlineGenotype,     ///< germline VCF / PLINK dosages
    Subtype,              ///< categorical calls (e.g. PAM50, MGMT methylated)
    AssayScore,           ///< numeric assay results (e.g. Oncotype DX RS)
};

/// Matrices hold numbers (continuous or discrete); mutations, variants and
/// genotypes are records.
bool isMatrixKind(ProfileKind kind);
/// "mutation", "expression", ... (the storage and report spelling).
const char* profileKindName(ProfileKind kind);
std::optional<ProfileKind> profileKindFromName(const std::string& name);

/// One imported genomic data set: which samples it covers (the case list, or
/// for a matrix its sample columns) and, for targeted sequencing, which
/// genes (a panel for all its samples, or per sample from the gene panel
/// matrix). A gene in a sample outside this coverage is *not profiled*.
struct GenomicProfile {
    std::string stableId; ///< cBioPortal stable_id (e.g. "mutations", "rna_seq_v2_mrna")
    ProfileKind kind = ProfileKind::Mutation;
    std::string name;
    std::string description;
    std::string datatype; ///< cBioPortal datatype (MAF, DISCRETE, CONTINUOUS, Z-SCORE, ...)
    std::string unit;     ///< scale of the values: "log2(TPM+1)", "z-score", "beta", "GISTIC"
    std::string sourceFile;
    /// Samples this profile covers. Empty with `allSamplesProfiled` false
    /// means none.
    std::vector<std::string> profiledSamples;
    /// The meta file names no case list and no matrix says otherwise: every
    /// sample of the study is covered.
    bool allSamplesProfiled = false;
    /// A panel for every sample (meta file `gene_panel`); per-sample panels
    /// come as SamplePanel records; neither means whole exome/genome.
    std::string genePanel;
};

/// A targeted sequencing panel (cBioPortal gene panel file).
struct GenePanel {
    std::string stableId;
    std::string description;
    std::vector<std::string> genes; ///< HUGO symbols
};

/// One cell of the gene panel matrix: the panel that profiled `sampleId` in
/// profile `profileStableId`. An empty panel id ("NA" in the file) means the
/// sample was not profiled in that profile.
struct SamplePanel {
    std::string sampleId;
    std::string profileStableId;
    std::string panelId;
};

/// A gene as the source names it; at least one of the two is set.
struct Gene {
    std::string hugoSymbol;
    std::optional<std::int64_t> entrezId;
};

/// One somatic mutation call (a MAF row or an annotated VCF record).
struct Mutation {
    std::string profileStableId;
    std::string sampleId;
    Gene gene;
    std::string proteinChange;         ///< HGVSp_Short without "p.", e.g. "V600E"
    std::string variantClassification; ///< MAF Variant_Classification, e.g. Missense_Mutation
    std::string variantType;           ///< SNP, DNP, INS, DEL, ...
    std::string chromosome;
    std::optional<std::int64_t> startPosition;
    std::string referenceAllele;
    std::string tumorSeqAllele;
    std::optional<std::int64_t> tRefCount;
    std::optional<std::int64_t> tAltCount;
    /// Variant allele fraction: given, or t_alt / (t_ref + t_alt).
    std::optional<double> vaf;
    /// Driver / annotation fields when present (e.g. cbp_driver, "Putative_Driver").
    std::string driverAnnotation;
    SourceLocation where;
};

/// True unless the classification is one that does not alter the protein:
/// Silent, Intron, 3'UTR, 5'UTR, 3'Flank, 5'Flank, IGR, RNA (VCF consequence
/// terms are mapped onto MAF classifications by their parser first).
bool isProteinAltering(const std::string& variantClassification);

/// A genes x samples matrix of one profile, row-major: values[g * samples + s].
/// NaN is a missing value (NA, blank, NaN in the file); it is never zero.
struct GeneMatrix {
    std::string profileStableId;
    std::vector<std::string> samples;
    std::vector<Gene> genes;
    /// Per row, the probe or antibody the file names it by (cBioPortal
    /// Composite.Element.REF, e.g. "MAPK1 MAPK3|MAPK_PT202_Y204"); empty when
    /// the file names rows by gene only.
    std::vector<std::string> rowIds;
    std::vector<float> values;

    std::size_t geneCount() const { return genes.size(); }
    std::size_t sampleCount() const { return samples.size(); }
    float at(std::size_t gene, std::size_t sample) const {
        return values[gene * samples.size() + sample];
    }
};

/// One germline genotype: the dosage (0, 1, 2 copies of the alternate
/// allele; fractional when imputed) of a variant in a sample.
struct Genotype {
    std::string profileStableId;
    std::string sampleId;
    std::string variantId; ///< rsID when known, else chrom:pos:ref:alt
    std::string chromosome;
    std::int64_t position = 0;
    std::string referenceAllele;
    std::string alternateAllele;
    double dosage = 0.0;
    SourceLocation where;
};

/// A categorical call or an assay score of a sample (e.g. subtype "PAM50" =
/// "LumA", score "Oncotype DX RS" = 23).
struct SampleCall {
    std::string profileStableId;
    std::string sampleId;
    std::string category;        ///< for Subtype profiles
    std::optional<double> score; ///< for AssayScore profiles
    std::string method;          ///< assay / method and threshold when given
    SourceLocation where;
};

/// Everything one genomic or clinical import read, before linking to the
/// database. Parsers append to it; `problems` lists rows that were not used
/// (with --on-error skip) or, when non-empty after an all-or-nothing parse,
/// why nothing is imported.
struct GenomicDataSet {
    std::string studyId; ///< cBioPortal cancer_study_identifier, or the file's stem
    std::string studyName;
    std::string studyDescription;
    std::string cancerType; ///< cBioPortal type_of_cancer (e.g. "brca", "mixed"), when given
    std::string source;     ///< the imported path

    std::vector<std::string> patients;
    std::vector<Sample> samples;
    std::vector<ClinicalAttribute> attributes;
    std::vector<ClinicalValue> clinicalValues;

    std::vector<GenomicProfile> profiles;
    std::vector<GenePanel> panels;
    std::vector<SamplePanel> samplePanels;
    std::vector<Mutation> mutations;
    std::vector<GeneMatrix> matrices;
    std::vector<Genotype> genotypes;
    std::vector<SampleCall> calls;

    std::vector<SkippedFile> skippedFiles;
    std::vector<InputProblem> problems;
};

} // namespace rgw::genomics
