#include "association/AssociationCsv.h"

#include "modeling/TableProvenance.h"
#include "util/AtomicFile.h"
#include "util/CsvText.h"
#include "util/Error.h"
#include "util/Text.h"
#include "util/UtcTime.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

namespace rgw::association {

namespace {

std::string number(double value) {
    return shortestNumber(value);
}

std::string count(Eigen::Index value) {
    return std::to_string(value);
}

void requireNames(std::size_t names, Eigen::Index expected, const char* what) {
    if (static_cast<Eigen::Index>(names) != expected)
        throw Error(std::string("association CSV: ") + std::to_string(names) + " " + what +
                    " names for " + std::to_string(expected) + " " + what + "s");
}

/// Position of each index in `order` (0-based).
std::vector<Eigen::Index> positionsOf(const std::vector<Eigen::Index>& order, Eigen::Index size) {
    if (static_cast<Eigen::Index>(order.size()) != size)
        throw Error("association CSV: the clustering orders " + std::to_string(order.size()) +
                    " of " + std::to_string(size) + " rows or columns");
    std::vector<Eigen::Index> position(static_cast<std::size_t>(size), -1);
    for (std::size_t k = 0; k < order.size(); ++k) {
        const Eigen::Index i = order[k];
        if (i < 0 || i >= size || position[static_cast<std::size_t>(i)] != -1)
            throw Error("association CSV: the clustering order is not a permutation");
        position[static_cast<std::size_t>(i)] = static_cast<Eigen::Index>(k);
    }
    return position;
}

std::string joined(const std::vector<std::string>& items, const char* separator) {
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i)
        text += (i ? separator : "") + items[i];
    return text;
}

nlohmann::ordered_json jsonOf(const ProvenanceValue& value) {
    return std::visit(
        [](const auto& v) -> nlohmann::ordered_json {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, double>)
                return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json();
            else
                return nlohmann::ordered_json(v);
        },
        value);
}

nlohmann::ordered_json objectOf(const std::vector<std::pair<std::string, ProvenanceValue>>& items) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (const auto& [key, value] : items)
        object[key] = jsonOf(value);
    return object;
}

nlohmann::ordered_json textOrNull(const std::string& text) {
    return text.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(text);
}

} // namespace

std::string correlationMapCsv(const CorrelationMap& map, const std::vector<std::string>& features,
                              const std::vector<std::string>& molecular,
                              const MapClustering* clustering) {
    const Eigen::Index nf = map.r.rows(), ng = map.r.cols();
    requireNames(features.size(), nf, "feature");
    requireNames(molecular.size(), ng, "molecular value");
    std::vector<std::string> header{"feature", "gene", "n", "r", "p", "q", "status"};
    std::vector<Eigen::Index> featureOrder(static_cast<std::size_t>(nf)),
        geneOrder(static_cast<std::size_t>(ng));
    for (Eigen::Index i = 0; i < nf; ++i)
        featureOrder[static_cast<std::size_t>(i)] = i;
    for (Eigen::Index g = 0; g < ng; ++g)
        geneOrder[static_cast<std::size_t>(g)] = g;
    std::vector<Eigen::Index> featurePosition, genePosition;
    if (clustering) {
        featurePosition = positionsOf(clustering->featureOrder, nf);
        genePosition = positionsOf(clustering->molecularOrder, ng);
        featureOrder = clustering->featureOrder;
        geneOrder = clustering->molecularOrder;
        header.insert(header.end(), {"feature_order", "gene_order"});
    }
    std::string csv = csvRecord(header);
    for (const Eigen::Index f : featureOrder)
        for (const Eigen::Index g : geneOrder) {
            std::vector<std::string> row{features[static_cast<std::size_t>(f)],
                                         molecular[static_cast<std::size_t>(g)],
                                         count(map.n(f, g)),
                                         number(map.r(f, g)),
                                         number(map.p(f, g)),
                                         number(map.q(f, g)),
                                         pairStatusName(map.status(f, g))};
            if (clustering) {
                row.push_back(count(featurePosition[static_cast<std::size_t>(f)] + 1));
                row.push_back(count(genePosition[static_cast<std::size_t>(g)] + 1));
            }
            csv += csvRecord(row);
        }
    return csv;
}

std::string groupMapCsv(const GroupMap& map, const std::vector<std::string>& features) {
    requireNames(features.size(), static_cast<Eigen::Index>(map.features.size()), "feature");
    std::vector<std::string> header{"feature", "test", "statistic", "effect", "p", "q"};
    for (const std::string& level : map.levels)
        header.insert(header.end(), {"n_" + level, "mean_" + level, "median_" + level});
    header.insert(header.end(), {"mw_w", "mw_p", "mw_q", "auc", "cliffs_delta", "welch_t",
                                 "welch_df", "welch_p", "welch_q", "cohens_d", "log2_fold_change",
                                 "kw_h", "kw_df", "kw_p", "kw_q", "eta_squared", "notes"});
    std::string csv = csvRecord(header);
    const bool two = map.twoGroups();
    for (std::size_t i = 0; i < features.size(); ++i) {
        const FeatureGroupTest& t = map.features[i];
        std::vector<std::string> row{features[i], two ? "mann-whitney" : "kruskal-wallis"};
        if (two)
            row.insert(row.end(), {number(t.mannWhitneyW), number(t.cliffsDelta),
                                   number(t.mannWhitneyP), number(t.mannWhitneyQ)});
        else
            row.insert(row.end(), {number(t.kruskalH), number(t.etaSquared), number(t.kruskalP),
                                   number(t.kruskalQ)});
        for (const GroupSummary& g : t.groups)
            row.insert(row.end(), {count(g.n), number(g.mean), number(g.median)});
        std::vector<std::string> notes;
        for (const std::string* note : {&t.rankTestNote, &t.tTestNote})
            if (!note->empty())
                notes.push_back(*note);
        row.insert(row.end(),
                   {number(t.mannWhitneyW), number(t.mannWhitneyP), number(t.mannWhitneyQ),
                    number(t.auc), number(t.cliffsDelta), number(t.welchT), number(t.welchDf),
                    number(t.welchP), number(t.welchQ), number(t.cohensD), number(t.log2FoldChange),
                    number(t.kruskalH), number(t.kruskalDf), number(t.kruskalP), number(t.kruskalQ),
                    number(t.etaSquared), joined(notes, "; ")});
        csv += csvRecord(row);
    }
    return csv;
}

std::string gseaCsv(const GseaResult& result, const std::vector<genomics::GeneSet>* sets) {
    std::string csv = csvRecord({"set", "size", "set_size", "es", "nes", "p", "q", "peak",
                                 "leading_edge_size", "leading_edge"});
    for (const GseaSetResult& s : result.sets) {
        std::string fileSize;
        if (sets)
            for (const genomics::GeneSet& g : *sets)
                if (g.name == s.name)
                    fileSize = std::to_string(g.genes.size());
        csv += csvRecord({s.name, std::to_string(s.size), fileSize, number(s.es), number(s.nes),
                          number(s.pValue), number(s.fdr), std::to_string(s.peak + 1),
                          std::to_string(s.leadingEdge.size()), joined(s.leadingEdge, " ")});
    }
    return csv;
}

const char* snpStatusName(SnpStatus status) {
    switch (status) {
    case SnpStatus::Tested:
        return "tested";
    case SnpStatus::Filtered:
        return "filtered";
    case SnpStatus::NotFitted:
        break;
    }
    return "not fitted";
}

std::string snpAssociationCsv(const SnpAssociationResult& result) {
    // The contract's columns first (snp, n, beta, se, ratio, p, q), then the
    // SNP's description, QC and the rest of the test.
    const bool hasRatio = result.kind != OutcomeKind::Continuous;
    std::string csv = csvRecord({"snp", "n",   "beta", "se",         "ratio",  "p",      "q",
                                 "chr", "bp",  "a1",   "a2",         "maf",    "f_miss", "hwe_p",
                                 "l95", "u95", "stat", "bonferroni", "status", "reason"});
    for (const SnpTest& t : result.snps) {
        const bool tested = t.status == SnpStatus::Tested;
        csv += csvRecord({t.snp.id,
                          tested ? std::to_string(t.samples) : std::string(),
                          number(t.beta),
                          number(t.standardError),
                          hasRatio ? number(t.effect) : std::string(),
                          number(t.p),
                          number(t.fdr),
                          t.snp.chromosome,
                          t.snp.position > 0 ? std::to_string(t.snp.position) : std::string(),
                          t.snp.countedAllele,
                          t.snp.otherAllele,
                          number(t.qc.minorAlleleFrequency),
                          number(t.qc.missingRate),
                          number(t.qc.hweP),
                          number(t.lower),
                          number(t.upper),
                          number(t.statistic),
                          number(t.bonferroni),
                          snpStatusName(t.status),
                          t.reason});
    }
    return csv;
}

void describeCorrelationMap(AssociationProvenance& provenance, const CorrelationMap& map,
                            const std::string& molecularPrefix,
                            const std::vector<std::string>& featureColumns,
                            std::size_t molecularColumns, std::size_t patients,
                            const std::optional<Linkage>& linkage) {
    std::int64_t significant = 0;
    for (Eigen::Index g = 0; g < map.r.cols(); ++g)
        for (Eigen::Index f = 0; f < map.r.rows(); ++f)
            if (map.status(f, g) == PairStatus::Tested && map.q(f, g) < 0.05)
                ++significant;
    const std::string method = asciiLower(correlationMethodName(map.options.method));
    provenance.kind = "correlation map";
    provenance.options = {{"molecular_prefix", molecularPrefix},
                          {"method", method},
                          {"min_patients", std::int64_t{map.options.minimumPatients}},
                          {"cluster", linkage ? std::string(linkageName(*linkage)) : std::string()},
                          {"features", featureColumns},
                          {"molecular_columns", static_cast<std::int64_t>(molecularColumns)}};
    provenance.summary = {{"patients", static_cast<std::int64_t>(patients)},
                          {"pairs", static_cast<std::int64_t>(map.r.size())},
                          {"tested", std::int64_t{map.tested}},
                          {"q_below_0.05", significant}};
}

void describeGroupMap(AssociationProvenance& provenance, const GroupMap& map,
                      const Grouping& grouping, const std::string& groupColumn,
                      const std::vector<std::string>& featureColumns, std::size_t patients) {
    provenance.kind = "group map";
    provenance.options = {{"group", groupColumn},
                          {"levels", map.levels},
                          {"log2_fold_change", map.options.log2FoldChange},
                          {"features", featureColumns}};
    provenance.summary = {{"patients", static_cast<std::int64_t>(patients)},
                          {"patients_without_group", std::int64_t{map.unknownPatients}}};
    for (const std::string& level : map.levels) {
        std::int64_t members = 0;
        for (const auto& label : grouping.labels)
            members += label && *label == level ? 1 : 0;
        provenance.summary.emplace_back("patients_" + level, members);
    }
}

const char* snpModelName(OutcomeKind kind) {
    switch (kind) {
    case OutcomeKind::Binary:
        return "logistic";
    case OutcomeKind::Continuous:
        return "linear";
    case OutcomeKind::TimeToEvent:
        break;
    }
    return "cox";
}

void describeGsea(AssociationProvenance& provenance, const GseaOptions& options,
                  const std::filesystem::path& gmtFile, const GseaResult& result,
                  std::size_t setsInFile, std::size_t rankedGenes, std::size_t genesDropped) {
    provenance.kind = "gsea";
    provenance.options.insert(provenance.options.end(),
                              {{"gmt", std::filesystem::absolute(gmtFile).string()},
                               {"permutations", static_cast<std::int64_t>(options.permutations)},
                               {"seed", static_cast<std::int64_t>(options.seed)},
                               {"weight", options.weight},
                               {"min_size", static_cast<std::int64_t>(options.size.minSize)},
                               {"max_size", static_cast<std::int64_t>(options.size.maxSize)}});
    provenance.summary = {{"ranked_genes", static_cast<std::int64_t>(rankedGenes)},
                          {"genes_dropped", static_cast<std::int64_t>(genesDropped)},
                          {"sets_in_file", static_cast<std::int64_t>(setsInFile)},
                          {"sets_tested", static_cast<std::int64_t>(result.sets.size())},
                          {"sets_excluded", result.excludedSets}};
}

void describeSnpAssociation(AssociationProvenance& provenance, const SnpAssociationResult& result,
                            const SnpOutcome& outcome, const SnpAssociationOptions& options,
                            const SnpInputDescription& input) {
    provenance.kind = "snp association";
    const double none = std::numeric_limits<double>::quiet_NaN();
    provenance.options = {{"model", std::string(snpModelName(outcome.kind))},
                          {"outcome", outcome.name},
                          {"event", input.eventColumn},
                          {"covariates", result.covariates},
                          {"genotypes", input.genotypes},
                          {"id_column", input.idColumn},
                          {"geno", options.filters.maxMissingRate.value_or(none)},
                          {"maf", options.filters.minMaf.value_or(none)},
                          {"hwe", options.filters.minHweP.value_or(none)},
                          {"confidence_level", options.confidenceLevel}};
    if (!input.profile.empty())
        provenance.options.emplace_back("profile", input.profile);
    std::int64_t withOutcome = 0;
    for (Eigen::Index i = 0; i < outcome.value.size(); ++i)
        withOutcome += std::isnan(outcome.value(i)) ? 0 : 1;
    provenance.summary = {
        {"samples_genotyped", static_cast<std::int64_t>(input.samplesGenotyped)},
        {"samples_with_outcome", withOutcome},
        {"analysable_samples", static_cast<std::int64_t>(result.analysableSamples)},
        {"snps", static_cast<std::int64_t>(result.snps.size())},
        {"tested", static_cast<std::int64_t>(result.testedCount())}};
}

std::string provenanceJson(const AssociationProvenance& p, const std::string& utcTime) {
    nlohmann::ordered_json json;
    json["kind"] = p.kind;
    json["cohort"] = textOrNull(p.cohort);
    json["input_table"] = textOrNull(p.inputTable);
    json["parameter_set_hash"] = textOrNull(p.parameterSetHash);
    json["options"] = objectOf(p.options);
    json["summary"] = objectOf(p.summary);
    json["software"] = "rgw";
    json["software_version"] = RGW_VERSION;
    json["created_at"] = utcTime;
    return json.dump(2) + "\n";
}

std::filesystem::path writeProvenanceFile(const std::filesystem::path& table,
                                          const AssociationProvenance& provenance) {
    const std::filesystem::path file = modeling::provenanceFileOf(table);
    writeTextFileAtomically(file, provenanceJson(provenance, utcTimestamp()));
    return file;
}

} // namespace rgw::association
