#include "GenomicsRepository.h"

#include "MatrixBlob.h"
#include "util/Error.h"

#include <set>

namespace rgw::storage {

namespace {

std::optional<double> optionalReal(const Statement& s, int column) {
    return s.isNull(column) ? std::nullopt : std::optional<double>(s.real(column));
}

genomics::ClinicalDatatype datatypeFromName(const std::string& name) {
    if (name == "number")
        return genomics::ClinicalDatatype::Number;
    if (name == "boolean")
        return genomics::ClinicalDatatype::Boolean;
    if (name == "date")
        return genomics::ClinicalDatatype::Date;
    return genomics::ClinicalDatatype::String;
}

genomics::AttributeLevel levelFromName(const std::string& name) {
    return name == "sample" ? genomics::AttributeLevel::Sample : genomics::AttributeLevel::Patient;
}

constexpr const char* kProfileSelect =
    "SELECT p.id, st.study_id, p.stable_id, p.kind, p.name, p.description, p.datatype, p.unit, "
    "p.source_file, p.content_hash, p.all_samples, p.gene_panel, p.import_run_id, p.created_at "
    "FROM genomic_profiles p JOIN genomic_studies st ON st.id = p.study_id ";

GenomicProfileRow readProfile(const Statement& s) {
    GenomicProfileRow row;
    row.id = s.int64(0);
    row.studyId = s.text(1);
    row.stableId = s.text(2);
    const auto kind = genomics::profileKindFromName(s.text(3));
    if (!kind)
        throw Error("genomic profile " + row.stableId + " has unknown kind '" + s.text(3) + "'");
    row.kind = *kind;
    row.name = s.text(4);
    row.description = s.text(5);
    row.datatype = s.text(6);
    row.unit = s.text(7);
    row.sourceFile = s.text(8);
    row.contentHash = s.text(9);
    row.allSamples = s.integer(10) != 0;
    row.genePanel = s.text(11);
    row.importRunId = s.optionalInt64(12);
    row.createdAt = s.text(13);
    return row;
}

constexpr const char* kSampleSelect =
    "SELECT s.id, s.sample_id, p.patient_id, s.type, s.date FROM samples s "
    "JOIN patients p ON p.id = s.patient_id ";

SampleRow readSample(const Statement& s) {
    return {s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4)};
}

constexpr const char* kMutationSelect =
    "SELECT gp.stable_id, s.sample_id, m.hugo_symbol, m.entrez_id, m.protein_change, "
    "m.variant_classification, m.variant_type, m.chromosome, m.start_position, "
    "m.reference_allele, m.tumor_seq_allele, m.t_ref_count, m.t_alt_count, m.vaf, "
    "m.driver_annotation FROM mutations m JOIN samples s ON s.id = m.sample_id "
    "JOIN genomic_profiles gp ON gp.id = m.profile_id ";

std::vector<genomics::Mutation> readMutations(Statement& s) {
    std::vector<genomics::Mutation> rows;
    while (s.step()) {
        genomics::Mutation& m = rows.emplace_back();
        m.profileStableId = s.text(0);
        m.sampleId = s.text(1);
        m.gene.hugoSymbol = s.text(2);
        m.gene.entrezId = s.optionalInt64(3);
        m.proteinChange = s.text(4);
        m.variantClassification = s.text(5);
        m.variantType = s.text(6);
        m.chromosome = s.text(7);
        m.startPosition = s.optionalInt64(8);
        m.referenceAllele = s.text(9);
        m.tumorSeqAllele = s.text(10);
        m.tRefCount = s.optionalInt64(11);
        m.tAltCount = s.optionalInt64(12);
        m.vaf = optionalReal(s, 13);
        m.driverAnnotation = s.text(14);
    }
    s.reset();
    return rows;
}

} // namespace

std::vector<GenomicStudyRow> GenomicsRepository::studies() {
    Statement& s = db_.prepare("SELECT id, study_id, name, description, source, import_run_id "
                               "FROM genomic_studies ORDER BY study_id");
    std::vector<GenomicStudyRow> rows;
    while (s.step())
        rows.push_back(
            {s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.optionalInt64(5)});
    s.reset();
    return rows;
}

std::vector<GenomicProfileRow> GenomicsRepository::profiles() {
    Statement& s = db_.prepare(std::string(kProfileSelect) + "ORDER BY st.study_id, p.stable_id");
    std::vector<GenomicProfileRow> rows;
    while (s.step())
        rows.push_back(readProfile(s));
    s.reset();
    return rows;
}

std::optional<GenomicProfileRow> GenomicsRepository::findProfile(const std::string& studyId,
                                                                 const std::string& stableId) {
    Statement& s =
        db_.prepare(std::string(kProfileSelect) + "WHERE st.study_id = ?1 AND p.stable_id = ?2");
    s.bind(1, studyId).bind(2, stableId);
    std::optional<GenomicProfileRow> row;
    if (s.step())
        row = readProfile(s);
    s.reset();
    return row;
}

std::optional<SampleRow> GenomicsRepository::findSample(const std::string& sampleId) {
    Statement& s = db_.prepare(std::string(kSampleSelect) + "WHERE s.sample_id = ?1");
    s.bind(1, sampleId);
    std::optional<SampleRow> row;
    if (s.step())
        row = readSample(s);
    s.reset();
    return row;
}

std::vector<SampleRow> GenomicsRepository::samplesOfPatient(const std::string& patientId) {
    Statement& s =
        db_.prepare(std::string(kSampleSelect) + "WHERE p.patient_id = ?1 ORDER BY s.sample_id");
    s.bind(1, patientId);
    std::vector<SampleRow> rows;
    while (s.step())
        rows.push_back(readSample(s));
    s.reset();
    return rows;
}

// --------------------------------------------------------------- matrices

const std::vector<std::string>& GenomicsRepository::matrixSamples(Id profileId) {
    if (auto it = sampleOrder_.find(profileId); it != sampleOrder_.end())
        return it->second;
    Statement& s = db_.prepare("SELECT ps.position, s.sample_id FROM profile_samples ps "
                               "JOIN samples s ON s.id = ps.sample_id "
                               "WHERE ps.profile_id = ?1 AND ps.position IS NOT NULL");
    s.bind(1, profileId);
    std::vector<std::string> order;
    while (s.step()) {
        const auto position = static_cast<std::size_t>(s.int64(0));
        if (position >= order.size())
            order.resize(position + 1);
        order[position] = s.text(1);
    }
    s.reset();
    return sampleOrder_.emplace(profileId, std::move(order)).first->second;
}

std::vector<genomics::Gene> GenomicsRepository::matrixGenes(Id profileId) {
    Statement& s = db_.prepare("SELECT hugo_symbol, entrez_id FROM gene_matrix_rows "
                               "WHERE profile_id = ?1 ORDER BY row");
    s.bind(1, profileId);
    std::vector<genomics::Gene> genes;
    while (s.step())
        genes.push_back({s.text(0), s.optionalInt64(1)});
    s.reset();
    return genes;
}

std::optional<std::vector<float>> GenomicsRepository::geneRow(Id profileId,
                                                              const std::string& hugoSymbol) {
    const auto samples = static_cast<std::int64_t>(matrixSamples(profileId).size());
    Statement& s = db_.prepare("SELECT vals FROM gene_matrix_rows WHERE profile_id = ?1 "
                               "AND hugo_symbol = ?2 ORDER BY row LIMIT 1");
    s.bind(1, profileId).bind(2, hugoSymbol);
    std::optional<std::vector<float>> values;
    if (s.step())
        values = decodeFloat32(s.blob(0), samples);
    s.reset();
    return values;
}

GeneValues GenomicsRepository::withSamples(Id profileId, std::optional<std::vector<float>> values) {
    GeneValues out;
    if (!values)
        return out;
    const std::vector<std::string>& samples = matrixSamples(profileId);
    out.reserve(values->size());
    for (std::size_t i = 0; i < values->size(); ++i)
        out.emplace_back(samples[i], (*values)[i]);
    return out;
}

GeneValues GenomicsRepository::geneValues(Id profileId, const std::string& hugoSymbol) {
    return withSamples(profileId, geneRow(profileId, hugoSymbol));
}

GeneValues GenomicsRepository::geneValues(Id profileId, std::int64_t entrezId) {
    const auto samples = static_cast<std::int64_t>(matrixSamples(profileId).size());
    Statement& s = db_.prepare("SELECT vals FROM gene_matrix_rows WHERE profile_id = ?1 "
                               "AND entrez_id = ?2 ORDER BY row LIMIT 1");
    s.bind(1, profileId).bind(2, entrezId);
    std::optional<std::vector<float>> values;
    if (s.step())
        values = decodeFloat32(s.blob(0), samples);
    s.reset();
    return withSamples(profileId, std::move(values));
}

// --------------------------------------------------------------- coverage

genomics::ProfileCoverage GenomicsRepository::coverage(Id profileId) {
    genomics::ProfileCoverage coverage;
    Statement& profile =
        db_.prepare("SELECT all_samples, gene_panel FROM genomic_profiles WHERE id = ?1");
    profile.bind(1, profileId);
    if (!profile.step()) {
        profile.reset();
        throw Error("genomic profile " + std::to_string(profileId) + " not in " +
                    db_.path().string());
    }
    coverage.allSamples = profile.integer(0) != 0;
    coverage.defaultPanel = profile.text(1);
    profile.reset();

    std::set<std::string> panels;
    if (!coverage.defaultPanel.empty())
        panels.insert(coverage.defaultPanel);
    Statement& s = db_.prepare("SELECT s.sample_id, ps.covered, ps.panel_id, ps.panel_na "
                               "FROM profile_samples ps JOIN samples s ON s.id = ps.sample_id "
                               "WHERE ps.profile_id = ?1");
    s.bind(1, profileId);
    while (s.step()) {
        std::string sample = s.text(0);
        if (s.integer(1) != 0)
            coverage.samples.insert(sample);
        if (s.integer(3) != 0) {
            coverage.samplePanels[sample] = ""; // NA: not profiled
        } else if (!s.isNull(2)) {
            coverage.samplePanels[sample] = s.text(2);
            panels.insert(s.text(2));
        }
    }
    s.reset();
    // A panel without a gene list gets no entry: it covers nothing.
    Statement& genes =
        db_.prepare("SELECT g.hugo_symbol FROM gene_panel_genes g "
                    "JOIN gene_panels p ON p.id = g.panel_id WHERE p.stable_id = ?1");
    for (const std::string& panel : panels) {
        genes.bind(1, panel);
        while (genes.step())
            coverage.panelGenes[panel].insert(genes.text(0));
        genes.reset();
    }
    return coverage;
}

genomics::GeneStatus GenomicsRepository::geneStatus(Id profileId, const std::string& sampleId,
                                                    const std::string& hugoSymbol) {
    bool altering = false;
    Statement& s = db_.prepare(
        "SELECT m.variant_classification FROM mutations m JOIN samples s ON s.id = m.sample_id "
        "WHERE m.profile_id = ?1 AND s.sample_id = ?2 AND m.hugo_symbol = ?3");
    s.bind(1, profileId).bind(2, sampleId).bind(3, hugoSymbol);
    while (!altering && s.step())
        altering = genomics::isProteinAltering(s.text(0));
    s.reset();
    return genomics::geneStatus(coverage(profileId), sampleId, hugoSymbol, altering);
}

// ---------------------------------------------------------------- records

std::vector<genomics::Mutation> GenomicsRepository::mutations(Id profileId,
                                                              const std::string& sampleId,
                                                              const std::string& hugoSymbol) {
    Statement& s = db_.prepare(std::string(kMutationSelect) +
                               "WHERE m.profile_id = ?1 AND (?2 = '' OR s.sample_id = ?2) "
                               "AND (?3 = '' OR m.hugo_symbol = ?3) ORDER BY m.id");
    s.bind(1, profileId).bind(2, sampleId).bind(3, hugoSymbol);
    return readMutations(s);
}

std::vector<genomics::Mutation> GenomicsRepository::mutationsOfSample(const std::string& sampleId) {
    Statement& s =
        db_.prepare(std::string(kMutationSelect) + "WHERE s.sample_id = ?1 ORDER BY m.id");
    s.bind(1, sampleId);
    return readMutations(s);
}

std::vector<genomics::Genotype> GenomicsRepository::genotypes(Id profileId) {
    Statement& s = db_.prepare(
        "SELECT gp.stable_id, s.sample_id, g.variant_id, g.chromosome, g.position, "
        "g.reference_allele, g.alternate_allele, g.dosage FROM genotypes g "
        "JOIN samples s ON s.id = g.sample_id JOIN genomic_profiles gp ON gp.id = g.profile_id "
        "WHERE g.profile_id = ?1 ORDER BY g.id");
    s.bind(1, profileId);
    std::vector<genomics::Genotype> rows;
    while (s.step()) {
        genomics::Genotype& g = rows.emplace_back();
        g.profileStableId = s.text(0);
        g.sampleId = s.text(1);
        g.variantId = s.text(2);
        g.chromosome = s.text(3);
        g.position = s.int64(4);
        g.referenceAllele = s.text(5);
        g.alternateAllele = s.text(6);
        g.dosage = s.real(7);
    }
    s.reset();
    return rows;
}

std::vector<genomics::SampleCall> GenomicsRepository::calls(Id profileId) {
    Statement& s = db_.prepare(
        "SELECT gp.stable_id, s.sample_id, c.category, c.score, c.method FROM sample_calls c "
        "JOIN samples s ON s.id = c.sample_id JOIN genomic_profiles gp ON gp.id = c.profile_id "
        "WHERE c.profile_id = ?1 ORDER BY c.id");
    s.bind(1, profileId);
    std::vector<genomics::SampleCall> rows;
    while (s.step()) {
        genomics::SampleCall& c = rows.emplace_back();
        c.profileStableId = s.text(0);
        c.sampleId = s.text(1);
        c.category = s.text(2);
        c.score = optionalReal(s, 3);
        c.method = s.text(4);
    }
    s.reset();
    return rows;
}

std::vector<genomics::GenePanel> GenomicsRepository::panels() {
    Statement& s = db_.prepare("SELECT p.stable_id, p.description, g.hugo_symbol "
                               "FROM gene_panels p LEFT JOIN gene_panel_genes g "
                               "ON g.panel_id = p.id ORDER BY p.stable_id, g.hugo_symbol");
    std::vector<genomics::GenePanel> rows;
    while (s.step()) {
        if (rows.empty() || rows.back().stableId != s.text(0))
            rows.push_back({s.text(0), s.text(1), {}});
        if (!s.isNull(2))
            rows.back().genes.push_back(s.text(2));
    }
    s.reset();
    return rows;
}

// ----------------------------------------------------------- clinical data

std::vector<genomics::ClinicalAttribute> GenomicsRepository::clinicalAttributes() {
    Statement& s = db_.prepare("SELECT attribute_id, display_name, description, datatype, "
                               "priority, level FROM clinical_attributes ORDER BY attribute_id");
    std::vector<genomics::ClinicalAttribute> rows;
    while (s.step())
        rows.push_back({s.text(0), s.text(1), s.text(2), datatypeFromName(s.text(3)), s.integer(4),
                        levelFromName(s.text(5))});
    s.reset();
    return rows;
}

std::vector<ClinicalValueRow>
GenomicsRepository::clinicalValuesOfPatient(const std::string& patientId) {
    // Two indexed branches: the patient's own values and its samples' values.
    Statement& s = db_.prepare(
        "SELECT a.attribute_id, a.display_name, a.datatype, a.level, p.patient_id, v.text, "
        "v.number FROM patients p JOIN clinical_values v ON v.patient_id = p.id "
        "JOIN clinical_attributes a ON a.id = v.attribute_id WHERE p.patient_id = ?1 "
        "UNION ALL "
        "SELECT a.attribute_id, a.display_name, a.datatype, a.level, sa.sample_id, v.text, "
        "v.number FROM patients p JOIN samples sa ON sa.patient_id = p.id "
        "JOIN clinical_values v ON v.sample_id = sa.id "
        "JOIN clinical_attributes a ON a.id = v.attribute_id WHERE p.patient_id = ?1 "
        "ORDER BY 1, 5");
    s.bind(1, patientId);
    std::vector<ClinicalValueRow> rows;
    while (s.step())
        rows.push_back({s.text(0), s.text(1), datatypeFromName(s.text(2)), levelFromName(s.text(3)),
                        s.text(4), s.text(5), optionalReal(s, 6)});
    s.reset();
    return rows;
}

std::vector<PatientAliasRow> GenomicsRepository::aliases(const std::string& patientId) {
    return PatientAliasRepository(db_).listForPatient(patientId);
}

} // namespace rgw::storage
