#include "association/AssociationTable.h"

#include "util/CsvText.h"
#include "util/Error.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <unordered_map>

namespace rgw::association {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The genomic prefixes of the cohort export (storage/CohortVariables.h).
const std::vector<std::string>& genomicPrefixes() {
    static const std::vector<std::string> prefixes{"mut_",  "expr_",    "meth_",  "cna_",
                                                   "prot_", "subtype_", "score_", "snp_"};
    return prefixes;
}

bool startsWith(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

std::string inQuotes(std::string_view name) {
    return "'" + std::string(name) + "'";
}

/// "<source>, column 'X'" for messages.
std::string where(const stats::DataTable& table, std::string_view column) {
    return table.source() + ", column " + inQuotes(column);
}

/// The column's values; numbers() names the first value that is not a number.
Eigen::VectorXd columnValues(const stats::DataTable& table, const std::string& column) {
    const std::vector<double>& values = table.numbers(column);
    return Eigen::Map<const Eigen::VectorXd>(values.data(),
                                             static_cast<Eigen::Index>(values.size()));
}

std::optional<double> parseNumber(std::string_view text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

// The words of genomics::geneStatusName; the cohort table's text form
// writes "not-profiled".
const std::string kWildType = genomics::geneStatusName(genomics::GeneStatus::NotAltered);
const std::string kMutated = genomics::geneStatusName(genomics::GeneStatus::Altered);

bool isNotProfiled(std::string_view text) {
    return text == "not-profiled" ||
           text == genomics::geneStatusName(genomics::GeneStatus::NotProfiled);
}

/// A mut_ cell: 1 / "mutated", 0 / "wild-type", empty / "not-profiled".
std::optional<std::string> mutationLabel(const stats::DataTable& table, const std::string& column,
                                         std::size_t row) {
    const std::string& text = table.text(column)[row];
    if (text.empty() || isNotProfiled(text))
        return std::nullopt;
    if (text == kMutated || text == kWildType)
        return text;
    if (const auto value = parseNumber(text); value && (*value == 0 || *value == 1))
        return *value == 1 ? kMutated : kWildType;
    throw Error(table.source() + " line " + std::to_string(table.line(row)) + ", column " +
                inQuotes(column) + ": '" + text +
                "' is not 1 (mutated), 0 (wild-type) or empty (not profiled)");
}

/// Refuses a grouping with fewer than two groups among the patients.
void requireTwoGroups(const stats::DataTable& table, const std::string& column,
                      const Grouping& grouping) {
    std::set<std::string> found;
    std::size_t labelled = 0;
    for (const auto& label : grouping.labels)
        if (label) {
            found.insert(*label);
            ++labelled;
        }
    if (found.size() >= 2)
        return;
    throw Error(where(table, column) + ": " +
                (found.empty()
                     ? std::string("no patient has a group")
                     : "every one of the " + std::to_string(labelled) +
                           " patients with a value is in group '" + *found.begin() + "'") +
                "; a comparison needs two groups");
}

} // namespace

TableMatrix prefixedColumns(const stats::DataTable& table, std::string_view prefix) {
    if (prefix.empty())
        throw Error(table.source() + ": no column prefix given for the molecular values");
    std::vector<std::string> columns;
    for (const std::string& name : table.columnNames())
        if (startsWith(name, prefix) && name.size() > prefix.size())
            columns.push_back(name);
    if (columns.empty()) {
        std::string found;
        for (const std::string& p : genomicPrefixes()) {
            const auto n = std::count_if(table.columnNames().begin(), table.columnNames().end(),
                                         [&](const std::string& c) { return startsWith(c, p); });
            if (n > 0)
                found += (found.empty() ? "" : ", ") + p + " (" + std::to_string(n) + ")";
        }
        throw Error(table.source() + ": no column named " + std::string(prefix) + "*" +
                    (found.empty() ? std::string(" (the table has no genomic columns)")
                                   : " (genomic columns: " + found + ")"));
    }
    TableMatrix out = namedColumns(table, columns);
    for (std::string& name : out.names)
        name.erase(0, prefix.size());
    return out;
}

TableMatrix namedColumns(const stats::DataTable& table, const std::vector<std::string>& columns) {
    if (columns.empty())
        throw Error(table.source() + ": no columns given");
    std::set<std::string> seen;
    TableMatrix out;
    out.values.resize(static_cast<Eigen::Index>(table.rows()),
                      static_cast<Eigen::Index>(columns.size()));
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const std::string& name = columns[c];
        if (!seen.insert(name).second)
            throw Error(where(table, name) + " is named twice");
        table.require(name);
        out.values.col(static_cast<Eigen::Index>(c)) = columnValues(table, name);
        out.columns.push_back(name);
        out.names.push_back(name);
    }
    return out;
}

std::vector<std::string> numericColumnsExcept(const stats::DataTable& table,
                                              const std::vector<std::string>& excludedPrefixes,
                                              const std::vector<std::string>& excludedColumns) {
    std::vector<std::string> out;
    for (const std::string& name : table.numericColumns()) {
        const bool prefixed =
            std::any_of(excludedPrefixes.begin(), excludedPrefixes.end(),
                        [&](const std::string& p) { return !p.empty() && startsWith(name, p); });
        const bool named = std::find(excludedColumns.begin(), excludedColumns.end(), name) !=
                           excludedColumns.end();
        if (!prefixed && !named)
            out.push_back(name);
    }
    return out;
}

Grouping groupingOfColumn(const stats::DataTable& table, const std::string& column) {
    const std::size_t index = table.require(column);
    Grouping g;
    g.labels.reserve(table.rows());
    if (startsWith(column, "mut_")) {
        for (std::size_t r = 0; r < table.rows(); ++r)
            g.labels.push_back(mutationLabel(table, column, r));
        g.levels = {kWildType, kMutated};
    } else if (table.isNumeric(index)) {
        const std::vector<double>& values = table.numbers(column);
        std::set<double> distinct;
        for (const double v : values)
            if (!std::isnan(v))
                distinct.insert(v);
        constexpr std::size_t kMaxNumericGroups = 20;
        if (distinct.size() > kMaxNumericGroups)
            throw Error(where(table, column) + " has " + std::to_string(distinct.size()) +
                        " distinct numbers: a continuous variable, not groups (at most " +
                        std::to_string(kMaxNumericGroups) + ")");
        for (const double v : distinct)
            g.levels.push_back(shortestNumber(v));
        for (const double v : values)
            g.labels.push_back(std::isnan(v) ? std::nullopt
                                             : std::optional<std::string>(shortestNumber(v)));
    } else {
        std::set<std::string> found;
        for (const std::string& text : table.text(column)) {
            if (text.empty() || isNotProfiled(text)) {
                g.labels.emplace_back();
                continue;
            }
            g.labels.emplace_back(text);
            found.insert(text);
        }
        const bool mutation = std::all_of(found.begin(), found.end(), [](const std::string& l) {
            return l == kWildType || l == kMutated;
        });
        if (mutation)
            g.levels = {kWildType, kMutated};
        else
            g.levels.assign(found.begin(), found.end());
    }
    requireTwoGroups(table, column, g);
    return g;
}

FeatureGeneRanking geneRanking(const stats::DataTable& table, const std::string& feature,
                               const TableMatrix& molecular, CorrelationMethod method,
                               Eigen::Index minimumPatients, const CancelToken* cancel) {
    table.require(feature);
    if (molecular.values.rows() != static_cast<Eigen::Index>(table.rows()))
        throw Error(table.source() + ": the molecular values have " +
                    std::to_string(molecular.values.rows()) + " rows, the table " +
                    std::to_string(table.rows()));
    const Eigen::MatrixXd x = columnValues(table, feature);
    CorrelationOptions options;
    options.method = method;
    options.minimumPatients = minimumPatients;
    const CorrelationMap map = correlationMap(x, molecular.values, options, cancel);
    FeatureGeneRanking out;
    out.method = method;
    for (Eigen::Index g = 0; g < map.r.cols(); ++g) {
        const auto& name = molecular.names[static_cast<std::size_t>(g)];
        const PairStatus status = map.status(0, g);
        if (status != PairStatus::Tested) {
            out.dropped.push_back(name + " (" + pairStatusName(status) + ")");
            continue;
        }
        out.ranking.genes.push_back(name);
        out.ranking.scores.push_back(map.r(0, g));
    }
    if (out.ranking.genes.size() < 2)
        throw Error(where(table, feature) + ": only " + std::to_string(out.ranking.genes.size()) +
                    " of " + std::to_string(map.r.cols()) +
                    " genes have a correlation with the feature; a ranking needs two");
    return out;
}

GeneRanking rankingOfTable(const stats::DataTable& table) {
    const auto& names = table.columnNames();
    if (names.size() < 2)
        throw Error(table.source() + ": a ranked gene list needs two columns, gene and score");
    const bool named = table.has("gene") && table.has("score");
    const std::string geneColumn = named ? "gene" : names[0];
    const std::string scoreColumn = named ? "score" : names[1];
    GeneRanking out;
    if (!named) {
        // A .rnk without a header: its first line is a gene and its score.
        if (const auto score = parseNumber(names[1])) {
            out.genes.push_back(names[0]);
            out.scores.push_back(*score);
        }
    }
    const std::vector<std::string>& genes = table.text(geneColumn);
    const std::vector<double>& scores = table.numbers(scoreColumn);
    for (std::size_t r = 0; r < table.rows(); ++r) {
        const std::string line = table.source() + " line " + std::to_string(table.line(r));
        if (genes[r].empty())
            throw Error(line + ": no gene name");
        if (std::isnan(scores[r]))
            throw Error(line + ": gene '" + genes[r] + "' has no score");
        out.genes.push_back(genes[r]);
        out.scores.push_back(scores[r]);
    }
    return out;
}

GenotypeMatrix genotypesOfTable(const stats::DataTable& table, const std::string& idColumn) {
    const TableMatrix snps = prefixedColumns(table, "snp_");
    table.require(idColumn);
    GenotypeMatrix out;
    std::set<std::string> seen;
    for (std::size_t r = 0; r < table.rows(); ++r) {
        const std::string& id = table.text(idColumn)[r];
        const std::string line = table.source() + " line " + std::to_string(table.line(r));
        if (id.empty())
            throw Error(line + ": no " + idColumn);
        if (!seen.insert(id).second)
            throw Error(line + ": " + idColumn + " '" + id + "' appears twice");
        out.samples.push_back(id);
    }
    for (const std::string& name : snps.names)
        out.snps.push_back(SnpInfo{name, {}, 0, {}, {}});
    out.dosage = snps.values;
    validateGenotypeMatrix(out);
    return out;
}

Eigen::VectorXd valuesByIds(const stats::DataTable& table, const std::string& idColumn,
                            const std::vector<std::string>& ids, const std::string& column) {
    table.require(idColumn);
    table.require(column);
    const std::vector<double>& values = table.numbers(column);
    std::unordered_map<std::string, std::size_t> rowOf;
    for (std::size_t r = 0; r < table.rows(); ++r) {
        const std::string& id = table.text(idColumn)[r];
        if (!id.empty() && !rowOf.emplace(id, r).second)
            throw Error(table.source() + " line " + std::to_string(table.line(r)) + ": " +
                        idColumn + " '" + id + "' appears twice");
    }
    Eigen::VectorXd out(static_cast<Eigen::Index>(ids.size()));
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto it = rowOf.find(ids[i]);
        out(static_cast<Eigen::Index>(i)) = it == rowOf.end() ? kNaN : values[it->second];
    }
    return out;
}

bool isZeroOneColumn(const stats::DataTable& table, const std::string& column) {
    if (!table.isNumeric(column))
        return false;
    bool any = false;
    for (const double v : table.numbers(column)) {
        if (std::isnan(v))
            continue;
        if (v != 0 && v != 1)
            return false;
        any = true;
    }
    return any;
}

SnpOutcome snpOutcomeOfTable(const stats::DataTable& table, const std::string& idColumn,
                             const std::vector<std::string>& samples, const std::string& column,
                             const std::string& eventColumn) {
    SnpOutcome outcome;
    outcome.name = column;
    outcome.value = valuesByIds(table, idColumn, samples, column);
    if (!eventColumn.empty()) {
        outcome.kind = OutcomeKind::TimeToEvent;
        outcome.event = valuesByIds(table, idColumn, samples, eventColumn);
    } else {
        outcome.kind =
            isZeroOneColumn(table, column) ? OutcomeKind::Binary : OutcomeKind::Continuous;
    }
    return outcome;
}

SnpCovariates snpCovariatesOfTable(const stats::DataTable& table, const std::string& idColumn,
                                   const std::vector<std::string>& samples,
                                   const std::vector<std::string>& names) {
    SnpCovariates covariates;
    covariates.names = names;
    covariates.values.resize(static_cast<Eigen::Index>(samples.size()),
                             static_cast<Eigen::Index>(names.size()));
    for (std::size_t c = 0; c < names.size(); ++c)
        covariates.values.col(static_cast<Eigen::Index>(c)) =
            valuesByIds(table, idColumn, samples, names[c]);
    return covariates;
}

} // namespace rgw::association
