#include "GenomicsExport.h"

#include "GenomicsRepository.h"
#include "MatrixBlob.h"
#include "NamedCohorts.h"
#include "util/Error.h"

#include <set>
#include <unordered_set>

namespace rgw::storage {

namespace {

/// The study to export: the one named, else the only one.
std::optional<GenomicStudyRow> chooseStudy(GenomicsRepository& repository, Database& db,
                                           const std::string& studyId) {
    const std::vector<GenomicStudyRow> studies = repository.studies();
    std::string stored;
    for (const GenomicStudyRow& s : studies)
        stored += (stored.empty() ? "" : ", ") + s.studyId;
    if (!studyId.empty()) {
        for (const GenomicStudyRow& s : studies)
            if (s.studyId == studyId)
                return s;
        throw Error("no genomic study '" + studyId + "' in " + db.path().string() +
                    "; stored: " + (stored.empty() ? "none" : stored));
    }
    if (studies.size() > 1)
        throw Error(db.path().string() + " holds several genomic studies (" + stored +
                    "); name the one to export");
    if (studies.empty())
        return std::nullopt;
    return studies.front();
}

bool patientExists(Database& db, const std::string& patientId) {
    Statement& s = db.prepare("SELECT 1 FROM patients WHERE patient_id = ?1");
    s.bind(1, patientId);
    const bool found = s.step();
    s.reset();
    return found;
}

/// The matrix of a profile, columns restricted to `samples`.
genomics::GeneMatrix matrixOf(Database& db, GenomicsRepository& repository,
                              const GenomicProfileRow& profile,
                              const std::unordered_set<std::string>& samples) {
    genomics::GeneMatrix matrix;
    matrix.profileStableId = profile.stableId;
    const std::vector<std::string>& columns = repository.matrixSamples(profile.id);
    std::vector<std::size_t> keep;
    for (std::size_t c = 0; c < columns.size(); ++c)
        if (samples.count(columns[c])) {
            keep.push_back(c);
            matrix.samples.push_back(columns[c]);
        }
    Statement& s = db.prepare("SELECT hugo_symbol, entrez_id, vals FROM gene_matrix_rows "
                              "WHERE profile_id = ?1 ORDER BY row");
    s.bind(1, profile.id);
    while (s.step()) {
        matrix.genes.push_back({s.text(0), s.optionalInt64(1)});
        const std::vector<float> values =
            decodeFloat32(s.blob(2), static_cast<std::int64_t>(columns.size()));
        for (const std::size_t c : keep)
            matrix.values.push_back(values[c]);
    }
    s.reset();
    return matrix;
}

} // namespace

genomics::GenomicDataSet genomicDataSetOf(Database& db, const std::vector<std::string>& patients,
                                          const std::string& studyId) {
    GenomicsRepository repository(db);
    genomics::GenomicDataSet data;
    const std::optional<GenomicStudyRow> study = chooseStudy(repository, db, studyId);
    data.studyId = study ? study->studyId : "rgw_cohort";
    data.studyName = study ? study->name : "";
    data.studyDescription = study ? study->description : "";
    data.source = db.path().string();

    // Patients with data, their samples and clinical values.
    std::unordered_set<std::string> samples;
    for (const std::string& patient : patients) {
        if (!patientExists(db, patient))
            throw Error("no patient '" + patient + "' in " + db.path().string());
        const std::vector<SampleRow> rows = repository.samplesOfPatient(patient);
        const std::vector<ClinicalValueRow> values = repository.clinicalValuesOfPatient(patient);
        if (rows.empty() && values.empty())
            continue;
        data.patients.push_back(patient);
        for (const SampleRow& s : rows) {
            data.samples.push_back({s.sampleId, patient, s.type, s.date});
            samples.insert(s.sampleId);
        }
        for (const ClinicalValueRow& v : values)
            data.clinicalValues.push_back({v.entityId, v.attributeId, v.text, v.number, {}});
    }
    data.attributes = repository.clinicalAttributes();
    data.panels = repository.panels();
    if (!study)
        return data;

    for (const GenomicProfileRow& row : repository.profiles()) {
        if (row.studyId != study->studyId)
            continue;
        genomics::GenomicProfile p;
        p.stableId = row.stableId;
        p.kind = row.kind;
        p.name = row.name;
        p.description = row.description;
        p.datatype = row.datatype;
        p.unit = row.unit;
        p.sourceFile = row.sourceFile;
        p.allSamplesProfiled = row.allSamples;
        p.genePanel = row.genePanel;
        const genomics::ProfileCoverage coverage = repository.coverage(row.id);
        if (genomics::isMatrixKind(row.kind)) {
            genomics::GeneMatrix matrix = matrixOf(db, repository, row, samples);
            for (const std::string& s : matrix.samples)
                if (coverage.samples.count(s))
                    p.profiledSamples.push_back(s);
            data.matrices.push_back(std::move(matrix));
        } else {
            for (const genomics::Sample& s : data.samples)
                if (coverage.samples.count(s.sampleId))
                    p.profiledSamples.push_back(s.sampleId);
        }
        for (const genomics::Sample& s : data.samples)
            if (const auto panel = coverage.samplePanels.find(s.sampleId);
                panel != coverage.samplePanels.end())
                data.samplePanels.push_back({s.sampleId, row.stableId, panel->second});
        for (genomics::Mutation& m : repository.mutations(row.id))
            if (samples.count(m.sampleId)) {
                m.profileStableId = row.stableId;
                data.mutations.push_back(std::move(m));
            }
        for (genomics::Genotype& g : repository.genotypes(row.id))
            if (samples.count(g.sampleId))
                data.genotypes.push_back(std::move(g));
        for (genomics::SampleCall& c : repository.calls(row.id))
            if (samples.count(c.sampleId))
                data.calls.push_back(std::move(c));
        data.profiles.push_back(std::move(p));
    }
    return data;
}

GenomicsExportReport exportCbioPortalStudy(Database& db, const GenomicsExportOptions& options,
                                           const std::filesystem::path& folder) {
    std::vector<std::string> patients;
    if (options.cohort.empty()) {
        Statement& s = db.prepare("SELECT patient_id FROM patients ORDER BY patient_id");
        while (s.step())
            patients.push_back(s.text(0));
        s.reset();
    } else {
        NamedCohortRepository cohorts(db);
        patients = cohorts.includedPatients(cohorts.require(options.cohort).id);
    }
    genomics::GenomicDataSet data = genomicDataSetOf(db, patients, options.studyId);

    GenomicsExportReport report;
    // What the files cannot carry, said before anything is written.
    for (const genomics::Sample& s : data.samples)
        if (!s.date.empty())
            report.notWritten.push_back(
                {"sample " + s.sampleId + " date", "cBioPortal sample files have no sample date"});
    for (const genomics::Mutation& m : data.mutations)
        if (m.vaf && !(m.tRefCount && m.tAltCount)) {
            report.notWritten.push_back(
                {"variant allele fractions of profile " + m.profileStableId,
                 "a MAF gives the VAF through t_ref_count and t_alt_count only"});
            break;
        }
    if (options.mapping.patient)
        data = genomics::renameCases(data, options.mapping);
    const genomics::CbioWriteReport written = genomics::writeCbioPortalStudy(data, folder);

    report.studyId = data.studyId;
    report.patients = data.patients.size();
    report.samples = data.samples.size();
    report.clinicalValues = data.clinicalValues.size();
    std::set<std::string> skipped;
    for (const genomics::SkippedFile& s : written.notWritten) {
        skipped.insert(s.file);
        report.notWritten.push_back(s);
    }
    for (const genomics::GenomicProfile& p : data.profiles)
        if (!skipped.count("profile " + p.stableId)) {
            ++report.profiles;
            for (const genomics::Mutation& m : data.mutations)
                report.mutations += m.profileStableId == p.stableId;
        }
    report.files = written.files;
    return report;
}

} // namespace rgw::storage
