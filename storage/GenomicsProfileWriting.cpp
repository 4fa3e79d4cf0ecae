// GenomicsWriter, second half: genomic profiles with their coverage and
// records (see GenomicsWriting.h).
#include "AuditLog.h"
#include "GenomicsWriting.h"
#include "MatrixBlob.h"

#include <map>
#include <span>

namespace rgw::storage::detail {

namespace {

Statement& bindOptional(Statement& s, int index, const std::optional<double>& value) {
    return value ? s.bind(index, *value) : s.bindNull(index);
}

std::span<const float> matrixRow(const genomics::GeneMatrix& m, std::size_t gene) {
    return {m.values.data() + gene * m.samples.size(), m.samples.size()};
}

std::string describeWhere(const genomics::GenomicProfile& p) {
    return p.sourceFile.empty() ? p.stableId : p.sourceFile;
}

} // namespace

// --------------------------------------------------------------- profiles

std::string GenomicsWriter::profileHash(const genomics::GenomicProfile& p,
                                        const ProfileParts& parts,
                                        const std::unordered_map<std::string, Id>& samples) const {
    ContentHash hash;
    hash.add(std::string_view("rgw genomic profile v1"))
        .add(std::string_view(genomics::profileKindName(p.kind)))
        .add(p.name)
        .add(p.description)
        .add(p.datatype)
        .add(p.unit)
        .add(p.sourceFile)
        .add(std::int64_t{p.allSamplesProfiled})
        .add(p.genePanel);
    hash.add(std::string_view("case list"));
    for (const std::string& s : p.profiledSamples)
        if (samples.count(s))
            hash.add(s);
    hash.add(std::string_view("sample panels"));
    for (std::size_t i : parts.samplePanels)
        hash.add(data_.samplePanels[i].sampleId).add(data_.samplePanels[i].panelId);
    const auto gene = [&hash](const genomics::Gene& g) {
        hash.add(g.hugoSymbol).add(g.entrezId ? *g.entrezId : std::int64_t{-1});
    };
    if (parts.matrix) {
        const genomics::GeneMatrix& m = data_.matrices[*parts.matrix];
        hash.add(std::string_view("matrix"));
        for (const std::string& s : m.samples)
            hash.add(s);
        std::vector<std::uint8_t> blob;
        for (std::size_t g = 0; g < m.genes.size(); ++g) {
            gene(m.genes[g]);
            encodeFloat32(matrixRow(m, g), blob);
            hash.addBytes(blob);
        }
    }
    const auto optional = [&hash](const auto& value) {
        if (value)
            hash.add(std::string_view("=")).add(*value);
        else
            hash.add(std::string_view("-"));
    };
    hash.add(std::string_view("mutations"));
    for (std::size_t i : parts.mutations) {
        const genomics::Mutation& m = data_.mutations[i];
        hash.add(m.sampleId);
        gene(m.gene);
        hash.add(m.proteinChange)
            .add(m.variantClassification)
            .add(m.variantType)
            .add(m.chromosome)
            .add(m.referenceAllele)
            .add(m.tumorSeqAllele)
            .add(m.driverAnnotation);
        optional(m.startPosition);
        optional(m.tRefCount);
        optional(m.tAltCount);
        optional(m.vaf);
    }
    hash.add(std::string_view("genotypes"));
    for (std::size_t i : parts.genotypes) {
        const genomics::Genotype& g = data_.genotypes[i];
        hash.add(g.sampleId)
            .add(g.variantId)
            .add(g.chromosome)
            .add(g.position)
            .add(g.referenceAllele)
            .add(g.alternateAllele)
            .add(g.dosage);
    }
    hash.add(std::string_view("calls"));
    for (std::size_t i : parts.calls) {
        const genomics::SampleCall& c = data_.calls[i];
        hash.add(c.sampleId).add(c.category).add(c.method);
        optional(c.score);
    }
    return hash.finish();
}

WrittenProfile GenomicsWriter::writeProfile(std::size_t index) {
    checkCancel();
    const genomics::GenomicProfile& p = data_.profiles[index];
    ProfileParts parts = parts_[p.stableId];

    // Every sample the profile names, created when new; records of a sample
    // that conflicts with the database are left out (its problem is listed).
    std::unordered_map<std::string, Id> samples;
    const auto resolve = [&](const std::string& id) {
        if (samples.count(id))
            return true;
        const auto row = sampleRow(id);
        if (row)
            samples.emplace(id, *row);
        return row.has_value();
    };
    const auto keepResolved = [&](std::vector<std::size_t>& list, const auto& sampleOf) {
        std::erase_if(list, [&](std::size_t i) { return !resolve(sampleOf(i)); });
    };
    for (const std::string& s : p.profiledSamples)
        resolve(s);
    keepResolved(parts.samplePanels, [&](std::size_t i) { return data_.samplePanels[i].sampleId; });
    keepResolved(parts.mutations, [&](std::size_t i) { return data_.mutations[i].sampleId; });
    keepResolved(parts.genotypes, [&](std::size_t i) { return data_.genotypes[i].sampleId; });
    keepResolved(parts.calls, [&](std::size_t i) { return data_.calls[i].sampleId; });
    if (parts.matrix) {
        const genomics::GeneMatrix& m = data_.matrices[*parts.matrix];
        bool all = true;
        for (const std::string& s : m.samples)
            all = resolve(s) && all;
        if (!all) {
            problem({p.sourceFile, 0, {}},
                    "matrix of " + p.stableId + " not imported: a sample column conflicts");
            parts.matrix.reset();
        }
    }

    WrittenProfile written;
    written.records = parts.matrix
                          ? data_.matrices[*parts.matrix].genes.size()
                          : parts.mutations.size() + parts.genotypes.size() + parts.calls.size();
    const std::string hash = profileHash(p, parts, samples);
    checkCancel();

    Statement& find = db_.prepare("SELECT id, content_hash FROM genomic_profiles "
                                  "WHERE study_id = ?1 AND stable_id = ?2");
    find.bind(1, study_).bind(2, p.stableId);
    std::optional<Id> old;
    std::string oldHash;
    if (find.step()) {
        old = find.int64(0);
        oldHash = find.text(1);
    }
    find.reset();
    if (old && oldHash == hash) {
        written.outcome = ProfileOutcome::Unchanged;
        written.rowId = *old;
        Statement& count =
            db_.prepare("SELECT COUNT(*) FROM profile_samples WHERE profile_id = ?1");
        count.bind(1, *old);
        count.step();
        written.samples = static_cast<std::size_t>(count.int64(0));
        count.reset();
        return written;
    }
    if (old) {
        // The profile's rows go with it (ON DELETE CASCADE), in this transaction.
        Statement& drop = db_.prepare("DELETE FROM genomic_profiles WHERE id = ?1");
        drop.bind(1, *old);
        drop.execute();
        drop.reset();
    }
    Statement& insert = db_.prepare(
        "INSERT INTO genomic_profiles (study_id, stable_id, kind, name, description, datatype, "
        "unit, source_file, content_hash, all_samples, gene_panel, import_run_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id");
    insert.bind(1, study_)
        .bind(2, p.stableId)
        .bind(3, genomics::profileKindName(p.kind))
        .bind(4, p.name)
        .bind(5, p.description)
        .bind(6, p.datatype)
        .bind(7, p.unit)
        .bind(8, p.sourceFile)
        .bind(9, hash)
        .bind(10, p.allSamplesProfiled ? 1 : 0)
        .bind(11, p.genePanel)
        .bind(12, run_);
    insert.step();
    written.rowId = insert.int64(0);
    insert.reset();
    written.outcome = old ? ProfileOutcome::Replaced : ProfileOutcome::Added;

    writeProfileSamples(written.rowId, p, parts, samples);
    Statement& count = db_.prepare("SELECT COUNT(*) FROM profile_samples WHERE profile_id = ?1");
    count.bind(1, written.rowId);
    count.step();
    written.samples = static_cast<std::size_t>(count.int64(0));
    count.reset();
    writeRecords(written.rowId, parts, samples);

    const std::string what = p.stableId + " (" + genomics::profileKindName(p.kind) + ", " +
                             std::to_string(written.records) + " records, " +
                             std::to_string(written.samples) + " samples) from " + describeWhere(p);
    if (old)
        AuditLog(db_).record(who_, "genomics.profile.replace", "genomic_profiles", written.rowId,
                             what + "; replaces profile " + std::to_string(*old) +
                                 " whose content changed (hash " + oldHash.substr(0, 12) + " -> " +
                                 hash.substr(0, 12) + ")");
    else
        AuditLog(db_).record(who_, "genomics.profile.add", "genomic_profiles", written.rowId, what);
    return written;
}

void GenomicsWriter::writeProfileSamples(Id profile, const genomics::GenomicProfile& p,
                                         const ProfileParts& parts,
                                         const std::unordered_map<std::string, Id>& samples) {
    struct Entry {
        bool covered = false;
        std::optional<std::int64_t> position;
        std::string panel;
        bool notProfiled = false;
    };
    std::map<Id, Entry> entries;
    for (const std::string& s : p.profiledSamples)
        if (auto it = samples.find(s); it != samples.end())
            entries[it->second].covered = true;
    if (parts.matrix) {
        const genomics::GeneMatrix& m = data_.matrices[*parts.matrix];
        for (std::size_t j = 0; j < m.samples.size(); ++j)
            entries[samples.at(m.samples[j])].position = static_cast<std::int64_t>(j);
    }
    for (std::size_t i : parts.samplePanels) {
        const genomics::SamplePanel& sp = data_.samplePanels[i];
        Entry& e = entries[samples.at(sp.sampleId)];
        e.panel = sp.panelId;
        e.notProfiled = sp.panelId.empty();
    }
    Statement& s = db_.prepare("INSERT INTO profile_samples (profile_id, sample_id, covered, "
                               "position, panel_id, panel_na) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (const auto& [sample, e] : entries) {
        s.bind(1, profile).bind(2, sample).bind(3, e.covered ? 1 : 0).bind(4, e.position);
        if (e.panel.empty())
            s.bindNull(5);
        else
            s.bind(5, e.panel);
        s.bind(6, e.notProfiled ? 1 : 0);
        s.execute();
        s.reset();
    }
}

std::size_t GenomicsWriter::writeRecords(Id profile, const ProfileParts& parts,
                                         const std::unordered_map<std::string, Id>& samples) {
    std::size_t written = 0;
    if (parts.matrix) {
        const genomics::GeneMatrix& m = data_.matrices[*parts.matrix];
        Statement& s = db_.prepare("INSERT INTO gene_matrix_rows (profile_id, row, hugo_symbol, "
                                   "entrez_id, vals) VALUES (?1, ?2, ?3, ?4, ?5)");
        std::vector<std::uint8_t> blob;
        for (std::size_t g = 0; g < m.genes.size(); ++g) {
            if (g % 256 == 0)
                checkCancel();
            encodeFloat32(matrixRow(m, g), blob);
            s.bind(1, profile)
                .bind(2, static_cast<std::int64_t>(g))
                .bind(3, m.genes[g].hugoSymbol)
                .bind(4, m.genes[g].entrezId)
                .bindBlob(5, blob);
            s.execute();
            s.reset();
            ++written;
        }
    }
    Statement& mutation = db_.prepare(
        "INSERT INTO mutations (profile_id, sample_id, hugo_symbol, entrez_id, protein_change, "
        "variant_classification, variant_type, chromosome, start_position, reference_allele, "
        "tumor_seq_allele, t_ref_count, t_alt_count, vaf, driver_annotation) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    for (std::size_t i : parts.mutations) {
        if (++written % 4096 == 0)
            checkCancel();
        const genomics::Mutation& m = data_.mutations[i];
        mutation.bind(1, profile)
            .bind(2, samples.at(m.sampleId))
            .bind(3, m.gene.hugoSymbol)
            .bind(4, m.gene.entrezId)
            .bind(5, m.proteinChange)
            .bind(6, m.variantClassification)
            .bind(7, m.variantType)
            .bind(8, m.chromosome)
            .bind(9, m.startPosition)
            .bind(10, m.referenceAllele)
            .bind(11, m.tumorSeqAllele)
            .bind(12, m.tRefCount)
            .bind(13, m.tAltCount);
        bindOptional(mutation, 14, m.vaf).bind(15, m.driverAnnotation);
        mutation.execute();
        mutation.reset();
    }
    Statement& genotype = db_.prepare(
        "INSERT INTO genotypes (profile_id, sample_id, variant_id, chromosome, position, "
        "reference_allele, alternate_allele, dosage) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    for (std::size_t i : parts.genotypes) {
        if (++written % 4096 == 0)
            checkCancel();
        const genomics::Genotype& g = data_.genotypes[i];
        genotype.bind(1, profile)
            .bind(2, samples.at(g.sampleId))
            .bind(3, g.variantId)
            .bind(4, g.chromosome)
            .bind(5, g.position)
            .bind(6, g.referenceAllele)
            .bind(7, g.alternateAllele)
            .bind(8, g.dosage);
        genotype.execute();
        genotype.reset();
    }
    Statement& call =
        db_.prepare("INSERT INTO sample_calls (profile_id, sample_id, category, score, method) "
                    "VALUES (?1, ?2, ?3, ?4, ?5)");
    for (std::size_t i : parts.calls) {
        if (++written % 4096 == 0)
            checkCancel();
        const genomics::SampleCall& c = data_.calls[i];
        call.bind(1, profile).bind(2, samples.at(c.sampleId)).bind(3, c.category);
        bindOptional(call, 4, c.score).bind(5, c.method);
        call.execute();
        call.reset();
    }
    return written;
}

} // namespace rgw::storage::detail
