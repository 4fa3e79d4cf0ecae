#include "CohortVariables.h"

#include "GenomicsRepository.h"
#include "NamedCohorts.h"
#include "genomics/Profiling.h"
#include "util/Error.h"
#include "util/Text.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace rgw::storage {

namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

// ------------------------------------------------------------ value rules

/// cBioPortal booleans (TRUE / FALSE, Yes / No, 1 / 0) as "true" / "false";
/// anything else is missing.
std::string normalisedBoolean(const std::string& text) {
    const std::string t = asciiLower(text);
    if (t == "true" || t == "t" || t == "yes" || t == "y" || t == "1")
        return "true";
    if (t == "false" || t == "f" || t == "no" || t == "n" || t == "0")
        return "false";
    return {};
}

/// The whole of `text` as a number, or nullopt.
std::optional<double> parseNumber(std::string_view text) {
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    double value = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
        !std::isfinite(value))
        return std::nullopt;
    return value;
}

/// A float32 matrix value as the double of its shortest decimal: 5.4321f
/// reads 5.4321 (as written in the source file), not 5.43209981918335.
double widened(float value) {
    if (std::isnan(value))
        return kMissing;
    char buffer[32];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    double wide = static_cast<double>(value);
    if (error == std::errc())
        std::from_chars(buffer, end, wide);
    return wide;
}

/// `text` lower-cased without spaces, '-' and '_' ("Disease Free" ->
/// "diseasefree").
std::string statusWord(std::string_view text) {
    std::string word;
    for (const char c : asciiLower(text))
        if (c != ' ' && c != '-' && c != '_')
            word += c;
    return word;
}

/// The event of a survival status: cBioPortal's "1:DECEASED" / "0:LIVING",
/// "1:Recurred/Progressed" / "0:DiseaseFree", "1:PROGRESSION" / "0:CENSORED",
/// the same words without the code, or a bare 1 / 0. A code with an unknown
/// word is taken by its code (cBioPortal's convention); a code that
/// contradicts a known word, or an unknown word without a code, is missing.
std::optional<double> eventFromStatus(const std::string& text) {
    static const std::array<std::string_view, 9> kEvent{
        "deceased",    "dead",       "died",    "recurred/progressed", "recurred", "progressed",
        "progression", "recurrence", "relapsed"};
    static const std::array<std::string_view, 6> kCensored{"living",   "alive",  "diseasefree",
                                                           "censored", "censor", "tumorfree"};
    std::string_view rest = text;
    std::optional<double> code;
    if (rest.size() >= 2 && (rest[0] == '0' || rest[0] == '1') && rest[1] == ':') {
        code = rest[0] == '1' ? 1.0 : 0.0;
        rest.remove_prefix(2);
    }
    const std::string word = statusWord(rest);
    std::optional<double> meaning;
    if (std::find(kEvent.begin(), kEvent.end(), word) != kEvent.end())
        meaning = 1.0;
    else if (std::find(kCensored.begin(), kCensored.end(), word) != kCensored.end())
        meaning = 0.0;
    else if (!code && (word == "1" || word == "0"))
        meaning = word == "1" ? 1.0 : 0.0;
    if (code && meaning && *code != *meaning)
        return std::nullopt;
    return meaning ? meaning : code;
}

/// The outcomes derived from clinical attributes: <prefix>_time from
/// <ATTR>_MONTHS, <prefix>_event from <ATTR>_STATUS.
struct OutcomeDef {
    const char* prefix;
    const char* attribute;
    const char* title;
};
constexpr std::array<OutcomeDef, 3> kOutcomes{{
    {"os", "OS", "Overall survival"},
    {"dfs", "DFS", "Disease-free survival"},
    {"pfs", "PFS", "Progression-free survival"},
}};

} // namespace

const char* geneVariablePrefix(genomics::ProfileKind kind) {
    using K = genomics::ProfileKind;
    switch (kind) {
    case K::Mutation:
        return "mut_";
    case K::CopyNumberDiscrete:
    case K::CopyNumberContinuous:
        return "cna_";
    case K::Expression:
        return "expr_";
    case K::Methylation:
        return "meth_";
    case K::ProteinLevel:
        return "prot_";
    case K::GermlineGenotype:
        return "snp_";
    case K::Subtype:
        return "subtype_";
    case K::AssayScore:
        return "score_";
    case K::StructuralVariant:
        break;
    }
    return "";
}

GenomicProfileRow requireGeneProfile(Database& db, const std::string& name) {
    std::vector<GenomicProfileRow> matches;
    std::string known;
    for (GenomicProfileRow& row : GenomicsRepository(db).profiles()) {
        const std::string qualified = row.studyId + "." + row.stableId;
        known += (known.empty() ? "" : ", ") + qualified;
        if (name == row.stableId || name == qualified)
            matches.push_back(std::move(row));
    }
    if (matches.empty())
        throw Error("no genomic profile '" + name + "'" +
                    (known.empty() ? " (the database has none)" : " (profiles: " + known + ")"));
    if (matches.size() > 1)
        throw Error("genomic profile '" + name + "' is in " + std::to_string(matches.size()) +
                    " studies; name it STUDY." + name + " (profiles: " + known + ")");
    if (*geneVariablePrefix(matches.front().kind) == '\0')
        throw Error("genomic profile '" + name + "' (" +
                    genomics::profileKindName(matches.front().kind) + ") has no per-gene values");
    return std::move(matches.front());
}

namespace {

bool isPerProfileKind(genomics::ProfileKind kind) {
    return kind == genomics::ProfileKind::Subtype || kind == genomics::ProfileKind::AssayScore;
}

bool allDigits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

const char* statusText(genomics::GeneStatus status) {
    switch (status) {
    case genomics::GeneStatus::Altered:
        return "mutated";
    case genomics::GeneStatus::NotAltered:
        return "wild-type";
    case genomics::GeneStatus::NotProfiled:
        break;
    }
    return "not-profiled"; // the filter language's spelling
}

/// "fail" < "questionable" < "pass": the worst verdict counts.
int verdictRank(QcVerdict verdict) {
    switch (verdict) {
    case QcVerdict::Fail:
        return 0;
    case QcVerdict::Questionable:
        return 1;
    case QcVerdict::Pass:
        break;
    }
    return 2;
}

} // namespace

const char* variableSourceName(VariableSource source) {
    switch (source) {
    case VariableSource::Clinical:
        return "clinical";
    case VariableSource::Outcome:
        return "outcome";
    case VariableSource::Genomic:
        return "genomic";
    case VariableSource::Imaging:
        return "imaging";
    case VariableSource::Qc:
        break;
    }
    return "qc";
}

cohort::Value VariableColumn::at(std::size_t row) const {
    if (info.numeric) {
        const double v = numbers.at(row);
        return std::isnan(v) ? cohort::Value::missing() : cohort::Value::number(v);
    }
    const std::string& t = texts.at(row);
    return t.empty() ? cohort::Value::missing() : cohort::Value::text(t);
}

// ------------------------------------------------------------------ Impl

struct CohortVariables::Impl {
    /// An included genomic profile and how its variables are named.
    struct Profile {
        GenomicProfileRow row;
        std::string prefix;    ///< "mut_", "expr_", ...
        std::string key;       ///< stable id, or "<study>.<stable id>" when two studies share it
        bool suffixed = false; ///< its gene names end in ":<key>"
    };

    /// What a variable name refers to.
    struct Ref {
        enum class Kind {
            Attribute,
            OutcomeTime,
            OutcomeEvent,
            GeneStatus,
            MatrixValue,
            SubtypeCall,
            AssayScore,
            Dosage,
            HasModality,
            HasSegmentation,
            QcVerdict
        };
        Kind kind = Kind::Attribute;
        std::string attribute;            ///< clinical attribute id (also of outcomes)
        const Profile* profile = nullptr; ///< genomic
        std::string token;                ///< gene, variant or modality
    };

    /// One row of a table: a patient and the sample its values come from.
    struct Row {
        std::string patientId;
        Id patientRowId = 0;
        std::string sampleId; ///< "" = none
    };

    Impl(Database& database, VariableSelection chosen)
        : db(database), genomics(database), selection(std::move(chosen)) {}

    Database& db;
    GenomicsRepository genomics;
    VariableSelection selection;

    bool loaded = false;
    std::map<std::string, genomics::ClinicalAttribute> attributes;
    std::vector<Profile> profiles;
    std::set<std::string> ambiguousPrefixes;
    std::vector<std::string> modalities; ///< of image series, sorted
    bool hasQcTable = false;

    std::vector<VariableInfo> catalogue;
    bool catalogueBuilt = false;
    std::vector<std::pair<VariableInfo, Ref>> entries;                   ///< while building
    std::unordered_map<std::string, std::pair<std::size_t, Ref>> byName; ///< catalogue index, ref

    std::unordered_map<Id, genomics::ProfileCoverage> coverage;
    std::unordered_map<Id, std::unordered_map<std::string, std::size_t>> matrixPosition;

    // ---------------------------------------------------------- loading

    void load() {
        if (loaded)
            return;
        for (auto& a : genomics.clinicalAttributes())
            attributes.emplace(a.id, std::move(a));

        const std::set<std::string> wanted(selection.profiles.begin(), selection.profiles.end());
        std::map<std::string, int> stableIdUse;
        for (GenomicProfileRow& row : genomics.profiles()) {
            const char* prefix = geneVariablePrefix(row.kind);
            if (*prefix == '\0' || (!wanted.empty() && wanted.count(row.stableId) == 0))
                continue;
            ++stableIdUse[row.stableId];
            profiles.push_back({std::move(row), prefix, {}, false});
        }
        std::map<std::string, int> prefixUse;
        for (Profile& p : profiles) {
            p.key = stableIdUse[p.row.stableId] > 1 ? p.row.studyId + "." + p.row.stableId
                                                    : p.row.stableId;
            if (!isPerProfileKind(p.row.kind))
                ++prefixUse[p.prefix];
        }
        for (Profile& p : profiles) {
            p.suffixed = !isPerProfileKind(p.row.kind) && prefixUse[p.prefix] > 1;
            if (p.suffixed)
                ambiguousPrefixes.insert(p.prefix);
        }

        Statement& m = db.prepare("SELECT DISTINCT modality FROM series "
                                  "WHERE object_kind = 'image' AND modality <> '' ORDER BY 1");
        while (m.step())
            modalities.push_back(m.text(0));
        m.reset();

        Statement& t = db.prepare("SELECT COUNT(*) FROM sqlite_master "
                                  "WHERE type = 'table' AND name = 'series_qc_flags'");
        t.step();
        hasQcTable = t.int64(0) > 0;
        t.reset();
        loaded = true;
    }

    bool hasModality(const std::string& modality) const {
        return std::binary_search(modalities.begin(), modalities.end(), modality);
    }

    // ------------------------------------------------------ gene names

    std::string geneName(const Profile& p, const std::string& token) const {
        return p.prefix + token + (p.suffixed ? ":" + p.key : "");
    }

    /// HUGO symbols with a protein-altering call in a mutation profile.
    std::vector<std::string> alteredGenes(Id profileId) {
        Statement& s =
            db.prepare("SELECT DISTINCT hugo_symbol, variant_classification FROM mutations "
                       "WHERE profile_id = ?1 AND hugo_symbol <> ''");
        s.bind(1, profileId);
        std::set<std::string> genes;
        while (s.step())
            if (genomics::isProteinAltering(s.text(1)))
                genes.insert(s.text(0));
        s.reset();
        return {genes.begin(), genes.end()};
    }

    /// Matrix row names: the HUGO symbol, or the Entrez id of a row without one.
    std::vector<std::string> matrixTokens(Id profileId) {
        std::set<std::string> tokens;
        for (const genomics::Gene& g : genomics.matrixGenes(profileId)) {
            if (!g.hugoSymbol.empty())
                tokens.insert(g.hugoSymbol);
            else if (g.entrezId)
                tokens.insert(std::to_string(*g.entrezId));
        }
        return {tokens.begin(), tokens.end()};
    }

    std::vector<std::string> variants(Id profileId) {
        Statement& s = db.prepare(
            "SELECT DISTINCT variant_id FROM genotypes WHERE profile_id = ?1 ORDER BY 1");
        s.bind(1, profileId);
        std::vector<std::string> out;
        while (s.step())
            out.push_back(s.text(0));
        s.reset();
        return out;
    }

    bool matrixHasRow(Id profileId, const std::string& token) {
        Statement& s = db.prepare("SELECT 1 FROM gene_matrix_rows WHERE profile_id = ?1 AND "
                                  "(hugo_symbol = ?2 OR (hugo_symbol = '' AND entrez_id = ?3)) "
                                  "LIMIT 1");
        s.bind(1, profileId).bind(2, token);
        if (allDigits(token) && token.size() < 18)
            s.bind(3, static_cast<std::int64_t>(std::stoll(token)));
        else
            s.bindNull(3);
        const bool found = s.step();
        s.reset();
        return found;
    }

    /// The mut_ rule of what a name can refer to: a call in the profile, a
    /// gene of any panel, or a gene of any matrix profile.
    bool mutationGeneKnown(Id profileId, const std::string& gene) {
        Statement& s = db.prepare(
            "SELECT EXISTS (SELECT 1 FROM mutations WHERE profile_id = ?1 AND hugo_symbol = ?2) "
            "OR EXISTS (SELECT 1 FROM gene_panel_genes WHERE hugo_symbol = ?2) "
            "OR EXISTS (SELECT 1 FROM genomic_profiles p WHERE EXISTS (SELECT 1 FROM "
            "gene_matrix_rows r WHERE r.profile_id = p.id AND r.hugo_symbol = ?2))");
        s.bind(1, profileId).bind(2, gene);
        s.step();
        const bool known = s.integer(0) != 0;
        s.reset();
        return known;
    }

    bool variantKnown(Id profileId, const std::string& variant) {
        Statement& s =
            db.prepare("SELECT 1 FROM genotypes WHERE profile_id = ?1 AND variant_id = ?2 LIMIT 1");
        s.bind(1, profileId).bind(2, variant);
        const bool found = s.step();
        s.reset();
        return found;
    }

    bool tokenKnown(const Profile& p, const std::string& token) {
        using K = genomics::ProfileKind;
        if (token.empty())
            return false;
        if (p.row.kind == K::Mutation)
            return mutationGeneKnown(p.row.id, token);
        if (p.row.kind == K::GermlineGenotype)
            return variantKnown(p.row.id, token);
        return matrixHasRow(p.row.id, token);
    }

    // ------------------------------------------------------- resolving

    std::optional<Ref> resolve(const std::string& name) {
        if (const auto it = byName.find(name); it != byName.end())
            return it->second.second;
        load();
        using Kind = Ref::Kind;
        if (attributes.count(name))
            return Ref{Kind::Attribute, name, nullptr, {}};
        for (const OutcomeDef& o : kOutcomes) {
            const std::string prefix = std::string(o.prefix) + "_";
            const std::string months = std::string(o.attribute) + "_MONTHS";
            const std::string status = std::string(o.attribute) + "_STATUS";
            if (name == prefix + "time" && attributes.count(months))
                return Ref{Kind::OutcomeTime, months, nullptr, {}};
            if (name == prefix + "event" && attributes.count(status))
                return Ref{Kind::OutcomeEvent, status, nullptr, {}};
        }
        if (name == "has_segmentation")
            return Ref{Kind::HasSegmentation, {}, nullptr, {}};
        if (name.rfind("has_", 0) == 0 && hasModality(name.substr(4)))
            return Ref{Kind::HasModality, {}, nullptr, name.substr(4)};
        if (hasQcTable && name.rfind("qc_", 0) == 0 && hasModality(name.substr(3)))
            return Ref{Kind::QcVerdict, {}, nullptr, name.substr(3)};
        return resolveGenomic(name);
    }

    std::optional<Ref> resolveGenomic(const std::string& name) {
        using K = genomics::ProfileKind;
        for (const Profile& p : profiles) {
            if (name.rfind(p.prefix, 0) != 0)
                continue;
            std::string rest = name.substr(p.prefix.size());
            if (isPerProfileKind(p.row.kind)) {
                if (rest == p.key)
                    return Ref{p.row.kind == K::Subtype ? Ref::Kind::SubtypeCall
                                                        : Ref::Kind::AssayScore,
                               {},
                               &p,
                               {}};
                continue;
            }
            if (p.suffixed) {
                const std::string suffix = ":" + p.key;
                if (rest.size() <= suffix.size() ||
                    rest.compare(rest.size() - suffix.size(), suffix.size(), suffix) != 0)
                    continue;
                rest.resize(rest.size() - suffix.size());
            }
            if (!tokenKnown(p, rest))
                continue;
            Ref::Kind kind = Ref::Kind::MatrixValue;
            if (p.row.kind == K::Mutation)
                kind = Ref::Kind::GeneStatus;
            else if (p.row.kind == K::GermlineGenotype)
                kind = Ref::Kind::Dosage;
            return Ref{kind, {}, &p, rest};
        }
        return std::nullopt;
    }

    // ------------------------------------------------------- catalogue

    void buildCatalogue() {
        if (catalogueBuilt)
            return;
        load();
        for (const auto& [id, a] : attributes) {
            std::string description = a.displayName.empty() ? id : a.displayName;
            if (a.level == genomics::AttributeLevel::Sample)
                description += " (sample)";
            add({id,
                 VariableSource::Clinical,
                 a.datatype == genomics::ClinicalDatatype::Number,
                 description,
                 {}});
        }
        for (const OutcomeDef& o : kOutcomes) {
            const std::string attribute = o.attribute;
            if (attributes.count(attribute + "_MONTHS"))
                add({std::string(o.prefix) + "_time",
                     VariableSource::Outcome,
                     true,
                     std::string(o.title) + " time in months (" + attribute + "_MONTHS)",
                     {}});
            if (attributes.count(attribute + "_STATUS"))
                add({std::string(o.prefix) + "_event",
                     VariableSource::Outcome,
                     true,
                     std::string(o.title) + " event, 1 = event, 0 = censored (" + attribute +
                         "_STATUS)",
                     {}});
        }
        const std::set<std::string> genes(selection.genes.begin(), selection.genes.end());
        for (Profile& p : profiles)
            addProfile(p, genes);
        for (const std::string& m : modalities)
            add({"has_" + m, VariableSource::Imaging, false, "has " + m + " images", {}});
        add({"has_segmentation", VariableSource::Imaging, false, "has a segmentation", {}});
        if (hasQcTable)
            for (const std::string& m : modalities)
                add({"qc_" + m,
                     VariableSource::Qc,
                     false,
                     "worst newest QC verdict of the " + m + " series",
                     {}});
        std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
            return std::tie(a.first.source, a.first.name) < std::tie(b.first.source, b.first.name);
        });
        catalogue.reserve(entries.size());
        byName.clear(); // now with the sorted positions
        for (auto& [info, ref] : entries) {
            byName.emplace(info.name, std::make_pair(catalogue.size(), std::move(ref)));
            catalogue.push_back(std::move(info));
        }
        entries.clear();
        entries.shrink_to_fit();
        catalogueBuilt = true;
    }

    /// A name of the catalogue with what it refers to (the first of a name wins).
    void add(VariableInfo info, std::optional<Ref> ref) {
        if (!ref)
            throw Error("variable '" + info.name + "' cannot be read from " + db.path().string());
        if (!byName.emplace(info.name, std::make_pair(std::size_t{0}, *ref)).second)
            return;
        entries.emplace_back(std::move(info), std::move(*ref));
    }

    /// A catalogue name that resolve() reads (clinical, outcome, imaging, QC).
    void add(VariableInfo info) {
        const std::string name = info.name;
        add(std::move(info), resolve(name));
    }

    void addProfile(const Profile& p, const std::set<std::string>& genes) {
        using K = genomics::ProfileKind;
        std::string description = p.row.name.empty() ? p.row.stableId : p.row.name;
        if (!p.row.unit.empty())
            description += " [" + p.row.unit + "]";
        if (isPerProfileKind(p.row.kind)) {
            add({p.prefix + p.key, VariableSource::Genomic, p.row.kind == K::AssayScore,
                 description, p.row.stableId},
                Ref{p.row.kind == K::Subtype ? Ref::Kind::SubtypeCall : Ref::Kind::AssayScore,
                    {},
                    &p,
                    {}});
            return;
        }
        std::vector<std::string> tokens;
        if (!genes.empty()) {
            for (const std::string& g : genes)
                if (tokenKnown(p, g))
                    tokens.push_back(g);
        } else if (p.row.kind == K::Mutation) {
            tokens = alteredGenes(p.row.id);
        } else if (p.row.kind == K::GermlineGenotype) {
            tokens = variants(p.row.id);
        } else {
            tokens = matrixTokens(p.row.id);
        }
        const bool numeric = p.row.kind != K::Mutation;
        Ref::Kind kind = Ref::Kind::MatrixValue;
        if (p.row.kind == K::Mutation)
            kind = Ref::Kind::GeneStatus;
        else if (p.row.kind == K::GermlineGenotype)
            kind = Ref::Kind::Dosage;
        for (const std::string& t : tokens)
            add({geneName(p, t), VariableSource::Genomic, numeric, description, p.row.stableId},
                Ref{kind, {}, &p, t});
    }

    // ---------------------------------------------------------- rows

    /// One row per patient (its primary sample) or per sample.
    std::vector<Row> rows(const std::vector<std::string>& patientIds, SampleChoice choice) {
        struct SampleOf {
            std::string sampleId;
            std::string type;
        };
        std::unordered_map<std::string, std::pair<Id, std::vector<SampleOf>>> known;
        {
            Statement& s = db.prepare("SELECT id, patient_id FROM patients");
            while (s.step())
                known[s.text(1)].first = s.int64(0);
            s.reset();
            Statement& samples =
                db.prepare("SELECT p.patient_id, s.sample_id, s.type FROM samples s "
                           "JOIN patients p ON p.id = s.patient_id ORDER BY s.sample_id");
            while (samples.step())
                known[samples.text(0)].second.push_back({samples.text(1), samples.text(2)});
            samples.reset();
        }
        std::vector<Row> out;
        out.reserve(patientIds.size());
        for (const std::string& id : patientIds) {
            const auto it = known.find(id);
            if (it == known.end() || it->second.first == 0)
                throw Error("unknown patient '" + id + "' in " + db.path().string());
            const auto& [rowId, samples] = it->second;
            if (samples.empty()) {
                out.push_back({id, rowId, {}});
            } else if (choice == SampleChoice::All) {
                for (const SampleOf& s : samples)
                    out.push_back({id, rowId, s.sampleId});
            } else {
                const auto primary =
                    std::find_if(samples.begin(), samples.end(),
                                 [](const SampleOf& s) { return s.type == "primary"; });
                out.push_back(
                    {id, rowId, (primary != samples.end() ? *primary : samples.front()).sampleId});
            }
        }
        return out;
    }

    // -------------------------------------------------------- columns

    VariableColumn column(const VariableInfo& info, const Ref& ref, const std::vector<Row>& rows) {
        VariableColumn c;
        c.info = info;
        if (info.numeric)
            c.numbers.assign(rows.size(), kMissing);
        else
            c.texts.assign(rows.size(), std::string());
        using Kind = Ref::Kind;
        switch (ref.kind) {
        case Kind::Attribute:
        case Kind::OutcomeTime:
        case Kind::OutcomeEvent:
            fillClinical(c, ref, rows);
            break;
        case Kind::GeneStatus:
            fillGeneStatus(c, *ref.profile, ref.token, rows);
            break;
        case Kind::MatrixValue:
            fillMatrix(c, ref.profile->row.id, ref.token, rows);
            break;
        case Kind::SubtypeCall:
        case Kind::AssayScore:
            fillCalls(c, ref.profile->row.id, ref.kind == Kind::SubtypeCall, rows);
            break;
        case Kind::Dosage:
            fillDosage(c, ref.profile->row.id, ref.token, rows);
            break;
        case Kind::HasModality:
        case Kind::HasSegmentation:
            fillImaging(c, ref, rows);
            break;
        case Kind::QcVerdict:
            fillQc(c, ref.token, rows);
            break;
        }
        return c;
    }

    /// Patient-level and sample-level values of one attribute: a row takes
    /// its sample's value, else its patient's.
    void fillClinical(VariableColumn& c, const Ref& ref, const std::vector<Row>& rows) {
        struct Cell {
            std::string text;
            std::optional<double> number;
        };
        std::unordered_map<Id, Cell> ofPatient;
        std::unordered_map<std::string, Cell> ofSample;
        Statement& s =
            db.prepare("SELECT v.patient_id, sa.sample_id, v.text, v.number FROM clinical_values v "
                       "JOIN clinical_attributes a ON a.id = v.attribute_id "
                       "LEFT JOIN samples sa ON sa.id = v.sample_id WHERE a.attribute_id = ?1");
        s.bind(1, ref.attribute);
        while (s.step()) {
            Cell cell{s.text(2), s.isNull(3) ? std::nullopt : std::optional<double>(s.real(3))};
            if (s.isNull(0))
                ofSample.emplace(s.text(1), std::move(cell));
            else
                ofPatient.emplace(s.int64(0), std::move(cell));
        }
        s.reset();
        const genomics::ClinicalDatatype type = attributes.at(ref.attribute).datatype;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const Cell* cell = nullptr;
            if (const auto it = ofSample.find(rows[i].sampleId); it != ofSample.end())
                cell = &it->second;
            else if (const auto p = ofPatient.find(rows[i].patientRowId); p != ofPatient.end())
                cell = &p->second;
            if (cell == nullptr)
                continue;
            if (ref.kind == Ref::Kind::OutcomeEvent) {
                c.numbers[i] = eventFromStatus(cell->text).value_or(kMissing);
            } else if (ref.kind == Ref::Kind::OutcomeTime ||
                       type == genomics::ClinicalDatatype::Number) {
                const auto number = cell->number ? cell->number : parseNumber(cell->text);
                c.numbers[i] = number.value_or(kMissing);
            } else if (type == genomics::ClinicalDatatype::Boolean) {
                c.texts[i] = normalisedBoolean(cell->text);
            } else {
                c.texts[i] = cell->text;
            }
        }
    }

    const genomics::ProfileCoverage& coverageOf(Id profileId) {
        auto it = coverage.find(profileId);
        if (it == coverage.end())
            it = coverage.emplace(profileId, genomics.coverage(profileId)).first;
        return it->second;
    }

    /// Mutated / wild-type / not-profiled by genomics::geneStatus from the
    /// stored coverage and the gene's calls (one indexed query per gene).
    void fillGeneStatus(VariableColumn& c, const Profile& p, const std::string& gene,
                        const std::vector<Row>& rows) {
        std::unordered_set<std::string> altered;
        Statement& s = db.prepare(
            "SELECT s.sample_id, m.variant_classification FROM mutations m "
            "JOIN samples s ON s.id = m.sample_id WHERE m.profile_id = ?1 AND m.hugo_symbol = ?2");
        s.bind(1, p.row.id).bind(2, gene);
        while (s.step())
            if (genomics::isProteinAltering(s.text(1)))
                altered.insert(s.text(0));
        s.reset();
        const genomics::ProfileCoverage& covered = coverageOf(p.row.id);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const std::string& sample = rows[i].sampleId;
            const genomics::GeneStatus status =
                sample.empty()
                    ? genomics::GeneStatus::NotProfiled
                    : genomics::geneStatus(covered, sample, gene, altered.count(sample) > 0);
            c.texts[i] = statusText(status);
        }
    }

    const std::unordered_map<std::string, std::size_t>& positions(Id profileId) {
        auto it = matrixPosition.find(profileId);
        if (it == matrixPosition.end()) {
            std::unordered_map<std::string, std::size_t> index;
            const std::vector<std::string>& samples = genomics.matrixSamples(profileId);
            for (std::size_t i = 0; i < samples.size(); ++i)
                if (!samples[i].empty())
                    index.emplace(samples[i], i);
            it = matrixPosition.emplace(profileId, std::move(index)).first;
        }
        return it->second;
    }

    /// One gene row of the matrix (one indexed read and decode).
    void fillMatrix(VariableColumn& c, Id profileId, const std::string& token,
                    const std::vector<Row>& rows) {
        std::optional<std::vector<float>> values = genomics.geneRow(profileId, token);
        if (!values && allDigits(token) && token.size() < 18) {
            std::vector<float> byEntrez;
            for (const auto& [sample, value] :
                 genomics.geneValues(profileId, static_cast<std::int64_t>(std::stoll(token))))
                byEntrez.push_back(value);
            if (!byEntrez.empty())
                values = std::move(byEntrez);
        }
        if (!values)
            return;
        const auto& index = positions(profileId);
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (const auto it = index.find(rows[i].sampleId);
                it != index.end() && it->second < values->size())
                c.numbers[i] = widened((*values)[it->second]);
    }

    void fillCalls(VariableColumn& c, Id profileId, bool category, const std::vector<Row>& rows) {
        std::unordered_map<std::string, genomics::SampleCall> first;
        for (genomics::SampleCall& call : genomics.calls(profileId)) {
            const bool present = category ? !call.category.empty() : call.score.has_value();
            if (present)
                first.emplace(call.sampleId, std::move(call));
        }
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto it = first.find(rows[i].sampleId);
            if (it == first.end())
                continue;
            if (category)
                c.texts[i] = it->second.category;
            else
                c.numbers[i] = *it->second.score;
        }
    }

    void fillDosage(VariableColumn& c, Id profileId, const std::string& variant,
                    const std::vector<Row>& rows) {
        std::unordered_map<std::string, double> dosage;
        Statement& s = db.prepare(
            "SELECT s.sample_id, g.dosage FROM genotypes g JOIN samples s ON s.id = g.sample_id "
            "WHERE g.profile_id = ?1 AND g.variant_id = ?2 ORDER BY g.id");
        s.bind(1, profileId).bind(2, variant);
        while (s.step())
            dosage.emplace(s.text(0), s.real(1));
        s.reset();
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (const auto it = dosage.find(rows[i].sampleId); it != dosage.end())
                c.numbers[i] = it->second;
    }

    void fillImaging(VariableColumn& c, const Ref& ref, const std::vector<Row>& rows) {
        std::unordered_set<Id> with;
        Statement& s = ref.kind == Ref::Kind::HasSegmentation
                           ? db.prepare("SELECT DISTINCT patient_id FROM segmentations")
                           : db.prepare("SELECT DISTINCT st.patient_id FROM series se "
                                        "JOIN studies st ON st.id = se.study_id "
                                        "WHERE se.object_kind = 'image' AND se.modality = ?1");
        if (ref.kind == Ref::Kind::HasModality)
            s.bind(1, ref.token);
        while (s.step())
            with.insert(s.int64(0));
        s.reset();
        for (std::size_t i = 0; i < rows.size(); ++i)
            c.texts[i] = with.count(rows[i].patientRowId) ? "true" : "false";
    }

    /// The newest flag of each image series of the modality
    /// (SeriesQcRepository::latest); per patient the worst of them.
    void fillQc(VariableColumn& c, const std::string& modality, const std::vector<Row>& rows) {
        const std::map<std::string, SeriesQcFlag> latest = SeriesQcRepository(db).latest();
        std::unordered_map<Id, QcVerdict> worst;
        Statement& s = db.prepare("SELECT se.series_uid, st.patient_id FROM series se "
                                  "JOIN studies st ON st.id = se.study_id "
                                  "WHERE se.object_kind = 'image' AND se.modality = ?1");
        s.bind(1, modality);
        while (s.step()) {
            const auto flag = latest.find(s.text(0));
            if (flag == latest.end())
                continue;
            auto [it, added] = worst.emplace(s.int64(1), flag->second.verdict);
            if (!added && verdictRank(flag->second.verdict) < verdictRank(it->second))
                it->second = flag->second.verdict;
        }
        s.reset();
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (const auto it = worst.find(rows[i].patientRowId); it != worst.end())
                c.texts[i] = qcVerdictName(it->second);
    }

    /// The catalogue entry of a known name (built for names outside it).
    VariableInfo infoOf(const std::string& name, const Ref& ref) {
        if (const auto it = byName.find(name); catalogueBuilt && it != byName.end())
            return catalogue[it->second.first];
        // Without building the catalogue (every gene of every matrix): what
        // values() needs of one name.
        using Kind = Ref::Kind;
        VariableInfo info;
        info.name = name;
        switch (ref.kind) {
        case Kind::Attribute:
            info.numeric =
                attributes.at(ref.attribute).datatype == genomics::ClinicalDatatype::Number;
            break;
        case Kind::OutcomeTime:
        case Kind::OutcomeEvent:
            info.source = VariableSource::Outcome;
            info.numeric = true;
            break;
        case Kind::GeneStatus:
        case Kind::SubtypeCall:
            info.source = VariableSource::Genomic;
            break;
        case Kind::MatrixValue:
        case Kind::AssayScore:
        case Kind::Dosage:
            info.source = VariableSource::Genomic;
            info.numeric = true;
            break;
        case Kind::HasModality:
        case Kind::HasSegmentation:
            info.source = VariableSource::Imaging;
            break;
        case Kind::QcVerdict:
            info.source = VariableSource::Qc;
            break;
        }
        if (ref.profile) {
            info.description = ref.profile->row.name;
            info.profile = ref.profile->row.stableId;
        }
        return info;
    }
};

// ------------------------------------------------------------- interface

CohortVariables::CohortVariables(Database& db, VariableSelection selection)
    : impl_(std::make_unique<Impl>(db, std::move(selection))) {}
CohortVariables::~CohortVariables() = default;
CohortVariables::CohortVariables(CohortVariables&&) noexcept = default;

const std::vector<VariableInfo>& CohortVariables::catalogue() {
    impl_->buildCatalogue();
    return impl_->catalogue;
}

bool CohortVariables::isKnown(const std::string& name) {
    return impl_->resolve(name).has_value();
}

void CohortVariables::requireKnown(const std::vector<std::string>& names) {
    for (const std::string& name : names) {
        if (isKnown(name))
            continue;
        impl_->buildCatalogue(); // the similar names
        std::vector<std::string> names;
        names.reserve(impl_->catalogue.size());
        for (const VariableInfo& v : impl_->catalogue)
            names.push_back(v.name);
        const std::string message = "unknown variable '" + name + "'" + didYouMean(name, names);
        throw Error(message);
    }
}

std::map<std::string, cohort::PatientVariables>
CohortVariables::values(const std::vector<std::string>& patientIds,
                        const std::vector<std::string>& names) {
    requireKnown(names);
    const std::vector<Impl::Row> rows = impl_->rows(patientIds, SampleChoice::Primary);
    std::map<std::string, cohort::PatientVariables> out;
    for (const std::string& id : patientIds)
        out[id];
    for (const std::string& name : std::set<std::string>(names.begin(), names.end())) {
        const auto ref = impl_->resolve(name);
        const VariableColumn c = impl_->column(impl_->infoOf(name, *ref), *ref, rows);
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (cohort::Value v = c.at(i); !v.isMissing())
                out[rows[i].patientId][name] = std::move(v);
    }
    return out;
}

VariableTable CohortVariables::table(const std::vector<std::string>& patientIds,
                                     SampleChoice sampleChoice) {
    impl_->buildCatalogue();
    const std::vector<Impl::Row> rows = impl_->rows(patientIds, sampleChoice);
    VariableTable t;
    for (const Impl::Row& r : rows) {
        t.patientIds.push_back(r.patientId);
        t.sampleIds.push_back(r.sampleId);
    }
    t.columns.reserve(impl_->catalogue.size());
    for (const VariableInfo& info : impl_->catalogue)
        t.columns.push_back(impl_->column(info, impl_->byName.at(info.name).second, rows));
    return t;
}

} // namespace rgw::storage
