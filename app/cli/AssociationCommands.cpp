// rgw-cli assoc map | groups | gsea | snp: radiogenomic association on a
// cohort's analysis table or a CSV table (core/association, the functions the
// GUI's Associations page calls). Wiring only.
#include "CliCommands.h"
#include "CliConsole.h"
#include "CliJson.h"
#include "CohortAnalysisTable.h"
#include "CohortGenotypes.h"
#include "CohortVariables.h"
#include "Database.h"
#include "GenomicsRepository.h"
#include "TableInput.h"
#include "association/AssociationCsv.h"
#include "association/AssociationTable.h"
#include "association/MapClustering.h"
#include "genomics/Gmt.h"
#include "genomics/PlinkRaw.h"
#include "genomics/Vcf.h"
#include "modeling/TableProvenance.h"
#include "util/AtomicFile.h"
#include "util/Error.h"
#include "util/Text.h"

#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace rgw::cli {

const char* const kAssocHelp =
    R"help(usage: rgw-cli [--db PATH] assoc map|groups|gsea|snp ... [--out F.csv] [--json]

Radiogenomic association analysis on a cohort's analysis table (the cohort
export: radiomic features of the parameter set and the genomic columns
mut_<GENE> 1/0/empty, expr_, meth_, cna_, prot_, subtype_<PROFILE>,
snp_<VARIANT>) or on any CSV table. Source of every subcommand:
  --cohort NAME[@VERSION] --features PARAMSET a stored cohort; the features
                                              are the parameter set's columns
                                              (--parameter-set is a synonym)
  --table F.csv [--features A,B,...]          a table; default features: every
                                              numeric column not in the
                                              molecular prefix (map, gsea) or
                                              other than the group (groups)

  assoc map SOURCE (--profile NAME | --molecular PREFIX) [--method spearman|pearson]
            [--min-patients N] [--cluster average|complete|ward.D2]
      Every feature against every gene of the cohort's genomic profile NAME
      (its stable id, e.g. mrna) or every molecular column PREFIX* (e.g. expr_): r,
      two-sided p (cor.test; Spearman's asymptotic t), BH q over the whole
      map, over the patients having both values (default spearman, N = 3).
      --cluster orders features and genes by hierarchical clustering of
      their correlation profiles (Euclidean) and adds their positions.
      CSV: feature,gene,n,r,p,q,status[,feature_order,gene_order].
  assoc groups SOURCE --label COL [--log2-fold-change]   (--group: synonym)
      Each feature between the groups of COL: two groups Mann-Whitney (AUC,
      Cliff's delta) and Welch t (Cohen's d), three or more Kruskal-Wallis
      (eta squared); BH q over the features. mut_<GENE>: mutated vs
      wild-type; patients not profiled are left out (never wild-type). A
      numeric column: each value a group (0/1: 1 vs 0); text: each value.
      CSV: feature,test,statistic,effect,p,q, n_/mean_/median_ per group,
      every test's fields, notes.
  assoc gsea (--table RANKS.tsv | SOURCE --feature COL --molecular PREFIX
              [--method spearman|pearson]) --gmt SETS.gmt [--permutations N] [--seed S]
             [--weight W] [--min-size 15] [--max-size 500]
      Pre-ranked gene-set enrichment (Subramanian 2005): genes ranked by
      their correlation with the feature (genes that cannot be correlated are
      dropped and counted), or as listed in RANKS.tsv (gene<TAB>score lines as
      a GSEA .rnk, or gene and score columns; --ranks is a synonym); ES, NES,
      nominal p and FDR q from N
      (1000) seeded gene-label permutations (seed 1).
      CSV: set,size,set_size,es,nes,p,q,peak,leading_edge_size,leading_edge.
  assoc snp (--cohort NAME[@VERSION] [--profile ID]
             | --genotypes F.raw|F.vcf --table OUTCOMES.csv [--id COL]
             | --table F.csv [--id COL])
            (--outcome COL | --time COL --event COL) [--model logistic|linear|cox]
            [--covariates A,B] [--geno R] [--maf F] [--hwe P]
      Per-SNP additive regression of the outcome on the dosage (as PLINK 1.9
      --logistic / --linear --ci 0.95 with --covar): an --outcome column of
      0/1 only is binary (logistic), any other numeric one continuous
      (linear); --time with --event (1 = event, 0 = censored) is Cox. Per SNP
      MAF, missingness, HWE exact p; --geno, --maf, --hwe filter as PLINK's
      flags; BH FDR and Bonferroni over the tested SNPs. Genotypes: the
      cohort's stored germline profile, a PLINK .raw / germline VCF joined to
      the table's rows by --id (default patient_id, sample_id, IID or id),
      or the table's own snp_<VARIANT> columns.
      CSV: snp,n,beta,se,ratio,p,q (beta: log odds/hazard ratio or slope per
      allele; ratio: OR or HR, empty for linear), then chr,bp,a1,a2,maf,f_miss,
      hwe_p,l95,u95,stat,bonferroni,status,reason.

options:
  --out F.csv   write the result table, and its provenance (cohort or table,
                parameter set hash, every option, software version, UTC time)
                as F.csv.provenance.json
  --threads N   worker threads of map and gsea (results do not depend on N)
  --json        print one JSON object (summary and per-test results)
  --help        show this help
Long runs show progress on stderr; Ctrl-C stops them (exit status 130).
)help";

namespace {

using association::TableMatrix;

QJsonValue num(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

QJsonArray stringArray(const std::vector<std::string>& items) {
    QJsonArray array;
    for (const auto& item : items)
        array.append(qs(item));
    return array;
}

/// The analysis table of --cohort or --table with what the provenance needs.
struct Source {
    stats::DataTable table;
    std::string cohort;           ///< NAME@VERSION
    std::string tableFile;        ///< --table
    std::string parameterSetHash; ///< of the feature columns
    std::vector<std::string> featureColumns;
};

/// With --cohort, the parameter set of the features: --features PARAMSET (the
/// contract's spelling) or --parameter-set PARAMSET; they name the same thing.
const std::string* parameterSetOf(const ParsedArgs& parsed) {
    const std::string* features = parsed.value("--features");
    const std::string* set = parsed.value("--parameter-set");
    if (features && set && *features != *set)
        throw UsageError("--features and --parameter-set both name the parameter set of --cohort; "
                         "give one");
    return set ? set : features;
}

Source readSource(const CliContext& context, const ParsedArgs& parsed, bool needsFeatures,
                  const SigintCancel& sigint,
                  const storage::GenomicProfileRow* molecularProfile = nullptr) {
    const std::string* cohort = parsed.value("--cohort");
    if (cohort && parsed.value("--table"))
        throw UsageError("give --cohort or --table, not both");
    if (!cohort) {
        if (parsed.value("--parameter-set"))
            throw UsageError("--parameter-set chooses the features of --cohort");
        if (!parsed.value("--table"))
            throw UsageError("give the data: --cohort NAME --parameter-set P, or --table F.csv");
        Source s{readTableOption(parsed), {}, *parsed.value("--table"), {}, {}};
        if (const auto provenance = modeling::readTableProvenance(s.tableFile)) {
            s.cohort = provenance->cohort;
            s.parameterSetHash = provenance->parameterSetHash;
        }
        return s;
    }
    const std::string* set = parameterSetOf(parsed);
    if (needsFeatures && !set)
        throw UsageError("--cohort needs --features PARAMSET (the radiomic features' parameter "
                         "set)");
    storage::Database db(context.databasePath());
    storage::CohortExportOptions options;
    options.cohort = *cohort;
    if (set)
        options.parameterSet = *set;
    if (molecularProfile)
        options.selection.profiles = {molecularProfile->stableId};
    ConsoleProgress progress("reading cohort");
    options.cancel = sigint.token();
    options.progress = progress.callback();
    storage::CohortAnalysisTable t = storage::cohortAnalysisTable(db, options);
    progress.finish();
    return {std::move(t.table),
            t.provenance.cohort,
            {},
            t.provenance.parameterSetHash,
            std::move(t.featureColumns)};
}

/// --features, else the cohort's parameter-set columns, else the table's
/// numeric columns outside `excludedPrefixes` / `excludedColumns`.
TableMatrix featuresOf(const ParsedArgs& parsed, const Source& source,
                       const std::vector<std::string>& excludedPrefixes,
                       const std::vector<std::string>& excludedColumns) {
    std::vector<std::string> columns;
    if (!parsed.value("--table"))
        columns = source.featureColumns; // --features named the cohort's parameter set
    else if (const auto* list = parsed.value("--features"))
        columns = commaList(*list);
    else
        columns =
            association::numericColumnsExcept(source.table, excludedPrefixes, excludedColumns);
    if (columns.empty())
        throw Error(source.table.source() + ": no feature columns" +
                    (parsed.value("--table") ? " (give --features)"
                                             : " (the parameter set has no features for the "
                                               "cohort's patients?)"));
    return association::namedColumns(source.table, columns);
}

association::AssociationProvenance provenanceOf(const Source& source, const char* kind) {
    association::AssociationProvenance p;
    p.kind = kind;
    p.cohort = source.cohort;
    if (!source.tableFile.empty())
        p.inputTable = std::filesystem::absolute(source.tableFile).string();
    p.parameterSetHash = source.parameterSetHash;
    return p;
}

/// Writes --out (if given) and its provenance; returns the JSON fields.
QJsonObject writeOutputs(const ParsedArgs& parsed, const std::string& csv,
                         const association::AssociationProvenance& provenance) {
    const std::string* out = parsed.value("--out");
    if (!out)
        return {};
    writeTextFileAtomically(*out, csv);
    const auto side = association::writeProvenanceFile(*out, provenance);
    if (!parsed.has("--json"))
        std::printf("Wrote %s\nProvenance: %s\n", out->c_str(), side.string().c_str());
    return {{"out", qs(*out)}, {"provenance", qs(side.string())}};
}

void merge(QJsonObject& into, const QJsonObject& from) {
    for (auto it = from.begin(); it != from.end(); ++it)
        into[it.key()] = it.value();
}

association::CorrelationMethod methodOf(const ParsedArgs& parsed) {
    const std::string* m = parsed.value("--method");
    if (!m || *m == "spearman")
        return association::CorrelationMethod::Spearman;
    if (*m == "pearson")
        return association::CorrelationMethod::Pearson;
    throw UsageError("--method takes spearman or pearson, not '" + *m + "'");
}

std::string methodText(association::CorrelationMethod method) {
    return asciiLower(association::correlationMethodName(method));
}

unsigned threadsOf(const ParsedArgs& parsed) {
    const auto* t = parsed.value("--threads");
    return t ? static_cast<unsigned>(parseCount("--threads", *t, 1, 256)) : 0u;
}

/// Throws the cancellation as the CLI reports it (exit status 130).
int cancelledExit(const char* what) {
    std::fprintf(stderr, "rgw-cli: error: %s cancelled; nothing was written\n", what);
    return kExitCancelled;
}

// ------------------------------------------------------------------ map

/// The molecular side of a map: --profile NAME (a stored genomic profile of
/// --cohort, by stable id) or --molecular PREFIX (the columns with that prefix).
/// Returns the column prefix and, for --profile, the profile.
std::pair<std::string, std::optional<storage::GenomicProfileRow>>
molecularOf(const CliContext& context, const ParsedArgs& parsed) {
    const std::string* profile = parsed.value("--profile");
    const std::string* molecular = parsed.value("--molecular");
    if (profile && molecular)
        throw UsageError("give --profile NAME or --molecular PREFIX, not both");
    if (!profile)
        return {requireOption(parsed, "assoc map", "--molecular", "PREFIX (or --profile NAME)"),
                std::nullopt};
    if (!parsed.value("--cohort"))
        throw UsageError("--profile names a stored genomic profile of --cohort; with --table "
                         "give --molecular PREFIX");
    storage::Database db(context.databasePath());
    storage::GenomicProfileRow row = storage::requireGeneProfile(db, *profile);
    return {storage::geneVariablePrefix(row.kind), std::move(row)};
}

int mapCommand(const CliContext& context, const ParsedArgs& parsed) {
    const auto [prefix, profile] = molecularOf(context, parsed);
    association::CorrelationOptions options;
    options.method = methodOf(parsed);
    if (const auto* n = parsed.value("--min-patients"))
        options.minimumPatients = parseCount("--min-patients", *n, 3, 1'000'000'000);
    options.threads = threadsOf(parsed);
    std::optional<association::Linkage> linkage;
    if (const auto* l = parsed.value("--cluster")) {
        for (auto k : {association::Linkage::Average, association::Linkage::Complete,
                       association::Linkage::WardD2})
            if (*l == association::linkageName(k))
                linkage = k;
        if (!linkage)
            throw UsageError("--cluster takes average, complete or ward.D2, not '" + *l + "'");
    }
    SigintCancel sigint;
    const Source source = readSource(context, parsed, true, sigint, profile ? &*profile : nullptr);
    const TableMatrix molecular = association::prefixedColumns(source.table, prefix);
    const TableMatrix features = featuresOf(parsed, source, {prefix}, {});
    association::CorrelationMap map;
    try {
        map =
            association::correlationMap(features.values, molecular.values, options, sigint.token());
    } catch (const Error&) {
        if (sigint.cancelled())
            return cancelledExit("association map");
        throw;
    }
    std::optional<association::MapClustering> clustering;
    if (linkage)
        clustering = association::clusterCorrelationMap(map, *linkage);

    Eigen::Index significant = 0;
    std::vector<std::pair<Eigen::Index, Eigen::Index>> pairs;
    for (Eigen::Index g = 0; g < map.r.cols(); ++g)
        for (Eigen::Index f = 0; f < map.r.rows(); ++f)
            if (map.status(f, g) == association::PairStatus::Tested) {
                pairs.emplace_back(f, g);
                significant += map.q(f, g) < 0.05 ? 1 : 0;
            }
    const std::size_t top = std::min<std::size_t>(pairs.size(), 20);
    std::partial_sort(pairs.begin(), pairs.begin() + static_cast<std::ptrdiff_t>(top), pairs.end(),
                      [&](const auto& a, const auto& b) {
                          return map.p(a.first, a.second) < map.p(b.first, b.second);
                      });

    auto provenance = provenanceOf(source, "correlation map");
    association::describeCorrelationMap(provenance, map, prefix, features.columns,
                                        molecular.columns.size(), source.table.rows(), linkage);
    const std::string csv = association::correlationMapCsv(map, features.names, molecular.names,
                                                           clustering ? &*clustering : nullptr);
    const QJsonObject written = writeOutputs(parsed, csv, provenance);

    if (parsed.has("--json")) {
        QJsonArray topPairs;
        for (std::size_t k = 0; k < top; ++k) {
            const auto [f, g] = pairs[k];
            topPairs.append(QJsonObject{{"feature", qs(features.names[std::size_t(f)])},
                                        {"gene", qs(molecular.names[std::size_t(g)])},
                                        {"n", qint64(map.n(f, g))},
                                        {"r", num(map.r(f, g))},
                                        {"p", num(map.p(f, g))},
                                        {"q", num(map.q(f, g))}});
        }
        QJsonObject out{{"method", qs(methodText(options.method))},
                        {"patients", qint64(source.table.rows())},
                        {"features", qint64(features.columns.size())},
                        {"genes", qint64(molecular.columns.size())},
                        {"tested", qint64(map.tested)},
                        {"untested", qint64(map.r.size() - map.tested)},
                        {"significant", qint64(significant)},
                        {"top", topPairs}};
        merge(out, written);
        printJson(out);
        return kExitOk;
    }
    std::printf("%s correlation map of %s: %zu features x %zu %s* columns, %zu patients\n",
                association::correlationMethodName(options.method), source.table.source().c_str(),
                features.columns.size(), molecular.columns.size(), prefix.c_str(),
                source.table.rows());
    std::printf("%lld of %lld pairs tested, %lld with BH q < 0.05\n",
                static_cast<long long>(map.tested), static_cast<long long>(map.r.size()),
                static_cast<long long>(significant));
    if (top)
        std::printf("\n%-32s %-20s %5s %9s %10s %10s\n", "feature", "gene", "n", "r", "p", "q");
    for (std::size_t k = 0; k < top; ++k) {
        const auto [f, g] = pairs[k];
        std::printf("%-32s %-20s %5lld %9.4f %10.3g %10.3g\n",
                    features.names[std::size_t(f)].c_str(), molecular.names[std::size_t(g)].c_str(),
                    static_cast<long long>(map.n(f, g)), map.r(f, g), map.p(f, g), map.q(f, g));
    }
    return kExitOk;
}

// --------------------------------------------------------------- groups

int groupsCommand(const CliContext& context, const ParsedArgs& parsed) {
    const std::string* label = parsed.value("--label");
    const std::string* group = parsed.value("--group");
    if (label && group && *label != *group)
        throw UsageError("--label and --group both name the grouping column; give one");
    const std::string& column =
        label ? *label : (group ? *group : requireOption(parsed, "assoc groups", "--label", "COL"));
    SigintCancel sigint;
    const Source source = readSource(context, parsed, true, sigint);
    const association::Grouping grouping = association::groupingOfColumn(source.table, column);
    const TableMatrix features = featuresOf(parsed, source, {}, {column});
    association::GroupMapOptions options;
    options.log2FoldChange = parsed.has("--log2-fold-change");
    const association::GroupMap map = association::groupMap(features.values, grouping, options);

    std::vector<std::size_t> patients(map.levels.size(), 0);
    for (const auto& label : grouping.labels)
        if (label)
            for (std::size_t l = 0; l < map.levels.size(); ++l)
                if (*label == map.levels[l])
                    ++patients[l];
    const bool two = map.twoGroups();
    const auto pOf = [&](std::size_t i) {
        return two ? map.features[i].mannWhitneyP : map.features[i].kruskalP;
    };

    auto provenance = provenanceOf(source, "group map");
    association::describeGroupMap(provenance, map, grouping, column, features.columns,
                                  source.table.rows());
    const QJsonObject written =
        writeOutputs(parsed, association::groupMapCsv(map, features.names), provenance);

    if (parsed.has("--json")) {
        QJsonObject sizes;
        for (std::size_t l = 0; l < map.levels.size(); ++l)
            sizes[qs(map.levels[l])] = qint64(patients[l]);
        QJsonArray rows;
        for (std::size_t i = 0; i < map.features.size(); ++i) {
            const auto& t = map.features[i];
            QJsonObject n;
            for (std::size_t l = 0; l < map.levels.size(); ++l)
                n[qs(map.levels[l])] = qint64(t.groups[l].n);
            rows.append(QJsonObject{{"feature", qs(features.names[i])},
                                    {"test", two ? "mann-whitney" : "kruskal-wallis"},
                                    {"statistic", num(two ? t.mannWhitneyW : t.kruskalH)},
                                    {"effect", num(two ? t.cliffsDelta : t.etaSquared)},
                                    {"p", num(pOf(i))},
                                    {"q", num(two ? t.mannWhitneyQ : t.kruskalQ)},
                                    {"auc", num(t.auc)},
                                    {"welch_p", num(t.welchP)},
                                    {"cohens_d", num(t.cohensD)},
                                    {"n", n}});
        }
        QJsonObject out{{"group", qs(column)},
                        {"levels", stringArray(map.levels)},
                        {"group_sizes", sizes},
                        {"patients_without_group", qint64(map.unknownPatients)},
                        {"features", rows}};
        merge(out, written);
        printJson(out);
        return kExitOk;
    }
    std::printf("%s by %s, %zu features:", source.table.source().c_str(), column.c_str(),
                features.columns.size());
    for (std::size_t l = 0; l < map.levels.size(); ++l)
        std::printf(" %s %zu%s", map.levels[l].c_str(), patients[l],
                    l + 1 < map.levels.size() ? "," : "");
    std::printf("; %lld patients without a group left out\n",
                static_cast<long long>(map.unknownPatients));
    std::vector<std::size_t> order(map.features.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const double pa = pOf(a), pb = pOf(b);
        return !std::isnan(pa) && (std::isnan(pb) || pa < pb);
    });
    std::printf("\n%s\n%-32s %11s %9s %10s %10s\n",
                two ? "Mann-Whitney (Cliff's delta of the second group vs the first)"
                    : "Kruskal-Wallis (eta squared)",
                "feature", two ? "W" : "H", two ? "delta" : "eta2", "p", "q");
    for (std::size_t k = 0; k < std::min<std::size_t>(order.size(), 20); ++k) {
        const auto& t = map.features[order[k]];
        std::printf("%-32s %11.4g %9.4f %10.3g %10.3g\n", features.names[order[k]].c_str(),
                    two ? t.mannWhitneyW : t.kruskalH, two ? t.cliffsDelta : t.etaSquared,
                    pOf(order[k]), two ? t.mannWhitneyQ : t.kruskalQ);
    }
    return kExitOk;
}

// ----------------------------------------------------------------- gsea

int gseaCommand(const CliContext& context, const ParsedArgs& parsed) {
    const std::string& gmtFile = requireOption(parsed, "assoc gsea", "--gmt", "SETS.gmt");
    association::GseaOptions options;
    if (const auto* b = parsed.value("--permutations"))
        options.permutations =
            static_cast<std::size_t>(parseCount("--permutations", *b, 1, 1000000));
    if (const auto* s = parsed.value("--seed"))
        options.seed = static_cast<std::uint64_t>(parseCount("--seed", *s, 0, 4294967295LL));
    if (const auto* w = parsed.value("--weight"))
        options.weight = parseNumberOption("--weight", *w);
    if (const auto* m = parsed.value("--min-size"))
        options.size.minSize = static_cast<std::size_t>(parseCount("--min-size", *m, 1, 1000000));
    if (const auto* m = parsed.value("--max-size"))
        options.size.maxSize = static_cast<std::size_t>(parseCount("--max-size", *m, 1, 1000000));
    options.threads = threadsOf(parsed);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(gmtFile, ec))
        throw NotFoundError("no such file: " + gmtFile);

    SigintCancel sigint;
    association::GeneRanking ranking;
    std::vector<std::string> dropped;
    association::AssociationProvenance provenance;
    std::vector<std::pair<std::string, association::ProvenanceValue>> rankingOptions;
    // The ranked list: --table RANKS.tsv (the contract's spelling: a GSEA
    // .rnk, gene<TAB>score) or --ranks; --table with --feature is instead the
    // analysis table whose feature ranks the genes.
    const std::string* ranks = parsed.value("--ranks");
    if (!ranks && !parsed.value("--feature"))
        ranks = parsed.value("--table");
    if (ranks) {
        if (parsed.value("--ranks") && parsed.value("--table"))
            throw UsageError("give the ranked list once: --table RANKS.tsv or --ranks RANKS.tsv");
        for (const char* option : {"--cohort", "--feature", "--molecular", "--method"})
            if (parsed.value(option))
                throw UsageError(std::string(option) + " is for ranking by a feature; the ranked "
                                                       "list (--table RANKS.tsv) gives the "
                                                       "ranking itself");
        if (!std::filesystem::is_regular_file(*ranks, ec))
            throw NotFoundError("no such file: " + *ranks);
        ranking = association::rankingOfTable(stats::DataTable::read(*ranks));
        provenance.kind = "gsea";
        provenance.inputTable = std::filesystem::absolute(*ranks).string();
        rankingOptions = {{"ranks", *ranks}};
    } else {
        const std::string& feature = requireOption(parsed, "assoc gsea", "--feature", "COL");
        const std::string& prefix = requireOption(parsed, "assoc gsea", "--molecular", "PREFIX");
        const Source source = readSource(context, parsed, false, sigint);
        const TableMatrix molecular = association::prefixedColumns(source.table, prefix);
        const auto method = methodOf(parsed);
        association::FeatureGeneRanking r =
            association::geneRanking(source.table, feature, molecular, method, 3, sigint.token());
        ranking = std::move(r.ranking);
        dropped = std::move(r.dropped);
        provenance = provenanceOf(source, "gsea");
        rankingOptions = {
            {"feature", feature}, {"molecular_prefix", prefix}, {"method", methodText(method)}};
    }
    const genomics::GmtFile gmt = genomics::readGmt(gmtFile);
    for (const auto& problem : gmt.problems)
        std::fprintf(stderr, "rgw-cli: warning: %s\n", problem.describe().c_str());
    association::GseaResult result;
    {
        ConsoleProgress progress("permutations");
        try {
            result = association::preRankedGsea(ranking, gmt.sets, options, progress.callback(),
                                                sigint.token());
        } catch (const Error&) {
            progress.finish();
            if (sigint.cancelled())
                return cancelledExit("gene-set enrichment");
            throw;
        }
    }
    provenance.options = rankingOptions;
    association::describeGsea(provenance, options, gmtFile, result, gmt.sets.size(),
                              ranking.genes.size(), dropped.size());
    const QJsonObject written =
        writeOutputs(parsed, association::gseaCsv(result, &gmt.sets), provenance);

    if (parsed.has("--json")) {
        QJsonArray sets;
        for (const auto& s : result.sets)
            sets.append(QJsonObject{{"set", qs(s.name)},
                                    {"size", qint64(s.size)},
                                    {"es", num(s.es)},
                                    {"nes", num(s.nes)},
                                    {"p", num(s.pValue)},
                                    {"q", num(s.fdr)},
                                    {"peak", qint64(s.peak + 1)},
                                    {"leading_edge", stringArray(s.leadingEdge)}});
        QJsonObject out{{"ranked_genes", qint64(ranking.genes.size())},
                        {"genes_dropped", stringArray(dropped)},
                        {"permutations", qint64(options.permutations)},
                        {"seed", qint64(options.seed)},
                        {"sets", sets},
                        {"excluded_sets", stringArray(result.excludedSets)},
                        {"gmt_problems", qint64(gmt.problems.size())}};
        merge(out, written);
        printJson(out);
        return kExitOk;
    }
    std::printf("GSEA of %zu ranked genes (%zu dropped), %zu permutations (seed %llu): %zu sets "
                "tested, %zu left out\n",
                ranking.genes.size(), dropped.size(), options.permutations,
                static_cast<unsigned long long>(options.seed), result.sets.size(),
                result.excludedSets.size());
    std::printf("\n%-40s %5s %8s %8s %10s %10s\n", "set", "size", "ES", "NES", "p", "q");
    for (const auto& s : result.sets)
        std::printf("%-40s %5zu %8.4f %8.4f %10.3g %10.3g\n", s.name.c_str(), s.size, s.es, s.nes,
                    s.pValue, s.fdr);
    return kExitOk;
}

// ------------------------------------------------------------------ snp

/// --id, else the first of patient_id, sample_id, IID, id the table has.
std::string idColumnOf(const ParsedArgs& parsed, const stats::DataTable& table) {
    if (const auto* id = parsed.value("--id")) {
        table.require(*id);
        return *id;
    }
    for (const char* name : {"patient_id", "sample_id", "IID", "id"})
        if (table.has(name))
            return name;
    throw UsageError(table.source() +
                     " has no patient_id, sample_id, IID or id column; name the id column "
                     "with --id COL");
}

association::GenotypeMatrix genotypeFile(const std::string& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw NotFoundError("no such file: " + file);
    const std::string lower = asciiLower(file);
    const auto endsWith = [&](const char* suffix) {
        const std::string s = suffix;
        return lower.size() >= s.size() && lower.compare(lower.size() - s.size(), s.size(), s) == 0;
    };
    if (endsWith(".raw"))
        return association::genotypeMatrix(genomics::readPlinkRaw(file));
    if (endsWith(".vcf") || endsWith(".vcf.gz"))
        return association::genotypeMatrix(genomics::readGermlineVcf(file));
    throw UsageError("--genotypes takes a PLINK .raw or a germline .vcf[.gz], not " + file);
}

int snpCommand(const CliContext& context, const ParsedArgs& parsed) {
    const std::string* outcomeColumn = parsed.value("--outcome");
    const std::string* time = parsed.value("--time");
    const std::string* event = parsed.value("--event");
    if (outcomeColumn && (time || event))
        throw UsageError("give --outcome COL, or --time COL --event COL, not both");
    if (!outcomeColumn && !(time && event))
        throw UsageError("assoc snp needs --outcome COL, or --time COL and --event COL");
    const std::string* genotypesOption = parsed.value("--genotypes");
    if (genotypesOption && parsed.value("--cohort"))
        throw UsageError("--genotypes goes with --table OUTCOMES.csv; a cohort's genotypes are "
                         "stored");
    if (parsed.value("--profile") && !parsed.value("--cohort"))
        throw UsageError("--profile names the stored genotype profile of --cohort");

    SigintCancel sigint;
    const Source source = readSource(context, parsed, false, sigint);
    const stats::DataTable& table = source.table;
    association::GenotypeMatrix genotypes;
    std::string idColumn;
    if (parsed.value("--cohort")) {
        idColumn = "patient_id";
        storage::Database db(context.databasePath());
        const std::string* profile = parsed.value("--profile");
        genotypes = storage::cohortGenotypes(db, table.text(idColumn), profile ? *profile : "");
    } else if (genotypesOption) {
        idColumn = idColumnOf(parsed, table);
        genotypes = genotypeFile(*genotypesOption);
    } else {
        idColumn = idColumnOf(parsed, table);
        genotypes = association::genotypesOfTable(table, idColumn);
    }

    association::SnpOutcome outcome = association::snpOutcomeOfTable(
        table, idColumn, genotypes.samples, outcomeColumn ? *outcomeColumn : *time,
        outcomeColumn ? std::string() : *event);
    if (const auto* model = parsed.value("--model")) {
        const auto kind = *model == "logistic" ? association::OutcomeKind::Binary
                          : *model == "linear" ? association::OutcomeKind::Continuous
                          : *model == "cox"    ? association::OutcomeKind::TimeToEvent
                                               : throw UsageError("--model takes logistic, "
                                                                     "linear or cox, not '" +
                                                                  *model + "'");
        if (kind == association::OutcomeKind::TimeToEvent && outcomeColumn)
            throw UsageError("--model cox needs --time COL --event COL");
        if (kind == association::OutcomeKind::Binary &&
            outcome.kind != association::OutcomeKind::Binary)
            throw Error(table.source() + ", column '" + outcome.name +
                        "': --model logistic needs an outcome of 0 and 1 only");
        if (kind != association::OutcomeKind::TimeToEvent)
            outcome.kind = kind;
    }
    const association::SnpCovariates covariates = association::snpCovariatesOfTable(
        table, idColumn, genotypes.samples,
        parsed.value("--covariates") ? commaList(*parsed.value("--covariates"))
                                     : std::vector<std::string>{});
    association::SnpAssociationOptions options;
    if (const auto* g = parsed.value("--geno"))
        options.filters.maxMissingRate = parseNumberOption("--geno", *g);
    if (const auto* m = parsed.value("--maf"))
        options.filters.minMaf = parseNumberOption("--maf", *m);
    if (const auto* h = parsed.value("--hwe"))
        options.filters.minHweP = parseNumberOption("--hwe", *h);

    association::SnpAssociationResult result;
    {
        ConsoleProgress progress("SNPs");
        try {
            result = association::associateSnps(genotypes, outcome, covariates, options,
                                                progress.callback(), sigint.token());
        } catch (const Error&) {
            progress.finish();
            if (sigint.cancelled())
                return cancelledExit("SNP association");
            throw;
        }
    }
    const char* model = association::snpModelName(outcome.kind);
    auto provenance = provenanceOf(source, "snp association");
    association::SnpInputDescription input;
    input.genotypes = genotypesOption ? std::filesystem::absolute(*genotypesOption).string()
                      : parsed.value("--cohort") ? std::string("stored germline profile")
                                                 : std::string("snp_ columns of the table");
    input.idColumn = idColumn;
    input.eventColumn = event ? *event : std::string();
    if (const auto* profile = parsed.value("--profile"))
        input.profile = *profile;
    input.samplesGenotyped = genotypes.samples.size();
    association::describeSnpAssociation(provenance, result, outcome, options, input);
    const QJsonObject written =
        writeOutputs(parsed, association::snpAssociationCsv(result), provenance);

    if (parsed.has("--json")) {
        QJsonArray snps;
        for (const auto& t : result.snps)
            snps.append(QJsonObject{
                {"snp", qs(t.snp.id)},
                {"chromosome", qs(t.snp.chromosome)},
                {"position", qint64(t.snp.position)},
                {"n", qint64(t.samples)},
                {"beta", num(t.beta)},
                {"se", num(t.standardError)},
                {"ratio", num(outcome.kind == association::OutcomeKind::Continuous ? std::nan("")
                                                                                   : t.effect)},
                {"p", num(t.p)},
                {"q", num(t.fdr)},
                {"bonferroni", num(t.bonferroni)},
                {"maf", num(t.qc.minorAlleleFrequency)},
                {"status", association::snpStatusName(t.status)},
                {"reason", qs(t.reason)}});
        QJsonObject out{{"model", model},
                        {"outcome", qs(outcome.name)},
                        {"covariates", stringArray(covariates.names)},
                        {"samples", qint64(genotypes.samples.size())},
                        {"analysable_samples", qint64(result.analysableSamples)},
                        {"tested", qint64(result.testedCount())},
                        {"snps", snps}};
        merge(out, written);
        printJson(out);
        return kExitOk;
    }
    std::printf("%s regression of %s on %zu SNPs%s: %zu samples genotyped, %zu analysable, %zu "
                "SNPs tested\n",
                model, outcome.name.c_str(), result.snps.size(),
                covariates.names.empty() ? "" : " + covariates", genotypes.samples.size(),
                result.analysableSamples, result.testedCount());
    std::vector<const association::SnpTest*> tested;
    for (const auto& t : result.snps)
        if (t.status == association::SnpStatus::Tested)
            tested.push_back(&t);
    std::stable_sort(tested.begin(), tested.end(),
                     [](const auto* a, const auto* b) { return a->p < b->p; });
    const char* ratio = outcome.kind == association::OutcomeKind::Continuous ? "BETA"
                        : outcome.kind == association::OutcomeKind::Binary   ? "OR"
                                                                             : "HR";
    std::printf("\n%-20s %6s %10s %10s %10s %10s\n", "SNP", "NMISS", ratio, "P", "FDR_BH", "BONF");
    for (std::size_t k = 0; k < std::min<std::size_t>(tested.size(), 20); ++k)
        std::printf("%-20s %6zu %10.4g %10.3g %10.3g %10.3g\n", tested[k]->snp.id.c_str(),
                    tested[k]->samples, tested[k]->effect, tested[k]->p, tested[k]->fdr,
                    tested[k]->bonferroni);
    return kExitOk;
}

} // namespace

int runAssoc(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed =
        parseArgs("assoc", args,
                  {"--cohort",     "--parameter-set", "--table",    "--features",     "--molecular",
                   "--method",     "--min-patients",  "--cluster",  "--out",          "--group",
                   "--feature",    "--gmt",           "--ranks",    "--permutations", "--seed",
                   "--weight",     "--min-size",      "--max-size", "--genotypes",    "--id",
                   "--profile",    "--outcome",       "--time",     "--event",        "--model",
                   "--covariates", "--geno",          "--maf",      "--hwe",          "--threads",
                   "--label"},
                  {"--json", "--log2-fold-change"});
    if (parsed.positional.size() != 1)
        throw UsageError("usage: assoc map|groups|gsea|snp ... (see rgw-cli assoc --help)");
    const std::string& sub = parsed.positional.front();
    if (sub == "map")
        return mapCommand(context, parsed);
    if (sub == "groups")
        return groupsCommand(context, parsed);
    if (sub == "gsea")
        return gseaCommand(context, parsed);
    if (sub == "snp")
        return snpCommand(context, parsed);
    throw UsageError("unknown assoc subcommand '" + sub + "' (map, groups, gsea, snp)");
}

} // namespace rgw::cli
