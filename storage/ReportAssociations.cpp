#include "ReportAssociations.h"

#include "association/AssociationProvenanceFile.h"
#include "report/NumberFormat.h"
#include "stats/DataTable.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>

namespace rgw::storage {
namespace {

using report::Align;
using report::metricText;
using report::formatP;

/// The FDR level the report counts and marks.
constexpr double kFdr = 0.05;

/// Ascending q (missing last), then ascending p, then file order: the
/// order of "top associations".
std::vector<std::size_t> byQ(const std::vector<double>& q, const std::vector<double>& p) {
    std::vector<std::size_t> order(q.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto key = [](double v) { return std::isnan(v) ? HUGE_VAL : v; };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (key(q[a]) != key(q[b]))
            return key(q[a]) < key(q[b]);
        return key(p[a]) < key(p[b]);
    });
    return order;
}

std::size_t significant(const std::vector<double>& q) {
    return static_cast<std::size_t>(
        std::count_if(q.begin(), q.end(), [](double v) { return v < kFdr; }));
}

std::size_t tested(const std::vector<double>& q) {
    return static_cast<std::size_t>(
        std::count_if(q.begin(), q.end(), [](double v) { return std::isfinite(v); }));
}

std::string optionText(const association::AssociationProvenance& p, const std::string& key) {
    for (const auto& [name, value] : p.options)
        if (name == key)
            if (const auto* text = std::get_if<std::string>(&value))
                return *text;
    return {};
}

/// The columns a result of this kind must have; throws naming the file.
void requireColumns(const stats::DataTable& t, const std::vector<std::string>& names,
                    const std::string& file) {
    for (const auto& name : names)
        if (!t.has(name))
            throw Error(file + ": no column '" + name + "' (not the CSV `rgw-cli assoc` writes)");
}

std::string countSentence(std::size_t hits, std::size_t tests, const std::string& what) {
    return std::to_string(hits) + " of " + std::to_string(tests) + " " + what +
           " reached FDR < 0.05 (Benjamini\u2013Hochberg q).";
}

// ---- correlation map ------------------------------------------------------------

void appendCorrelationMap(report::Section& s, const stats::DataTable& t,
                          const association::AssociationProvenance& prov, const std::string& a,
                          const std::string& file, const ResultsOptions& options) {
    requireColumns(t, {"feature", "gene", "n", "r", "p", "q"}, file);
    const auto& feature = t.text("feature");
    const auto& gene = t.text("gene");
    const auto& n = t.text("n");
    const std::vector<double>& r = t.numbers("r");
    const std::vector<double>& p = t.numbers("p");
    const std::vector<double>& q = t.numbers("q");
    const std::string method = optionText(prov, "method");
    const std::string rName = method == "pearson" ? "Pearson r" : "Spearman \u03c1";

    s.blocks.push_back(report::Paragraph{
        "Correlation map of " + std::filesystem::path(file).filename().string() + ": " +
        countSentence(significant(q), tested(q), "feature\u2013molecular pairs tested")});

    const std::vector<std::size_t> order = byQ(q, p);
    report::Table top;
    top.anchor = a + "-top";
    top.caption = "Top associations of the correlation map (by q).";
    top.header = {"Feature", "Molecular value", "n", rName, "p", "q"};
    top.align = {Align::Left, Align::Left, Align::Right, Align::Right, Align::Right, Align::Right};
    for (std::size_t k = 0; k < std::min(options.topAssociations, order.size()); ++k) {
        const std::size_t i = order[k];
        top.rows.push_back(
            {feature[i], gene[i], n[i], metricText(r[i]), formatP(p[i]), formatP(q[i])});
    }
    s.blocks.push_back(std::move(top));

    // The heatmap: the features and genes of the best pairs (each at its best
    // q), in the clustered order when the CSV has it, else by q.
    std::vector<std::string> rows, cols;
    for (const std::size_t i : order) {
        if (rows.size() < options.heatmapFeatures &&
            std::find(rows.begin(), rows.end(), feature[i]) == rows.end())
            rows.push_back(feature[i]);
        if (cols.size() < options.heatmapGenes &&
            std::find(cols.begin(), cols.end(), gene[i]) == cols.end())
            cols.push_back(gene[i]);
    }
    const bool clustered = t.has("feature_order") && t.has("gene_order");
    if (clustered) {
        std::map<std::string, double> featurePos, genePos;
        const auto& fo = t.numbers("feature_order");
        const auto& go = t.numbers("gene_order");
        for (std::size_t i = 0; i < t.rows(); ++i) {
            featurePos.emplace(feature[i], fo[i]);
            genePos.emplace(gene[i], go[i]);
        }
        auto byPosition = [](const std::map<std::string, double>& pos) {
            return [&pos](const std::string& x, const std::string& y) {
                return pos.at(x) < pos.at(y);
            };
        };
        std::stable_sort(rows.begin(), rows.end(), byPosition(featurePos));
        std::stable_sort(cols.begin(), cols.end(), byPosition(genePos));
    }
    std::map<std::pair<std::string, std::string>, std::size_t> at;
    for (std::size_t i = 0; i < t.rows(); ++i)
        at.emplace(std::make_pair(feature[i], gene[i]), i);
    report::HeatmapPlot heat;
    heat.rowLabels = rows;
    heat.columnLabels = cols;
    heat.valueLabel = rName;
    heat.limit = 1;
    for (const auto& f : rows)
        for (const auto& g : cols) {
            const auto found = at.find({f, g});
            const bool present = found != at.end();
            heat.values.push_back(present ? r[found->second] : std::nan(""));
            heat.marked.push_back(present && q[found->second] < kFdr ? 1 : 0);
        }
    s.blocks.push_back(report::Figure{
        a + "-heatmap",
        rName + " of the " + std::to_string(rows.size()) + " features \u00d7 " +
            std::to_string(cols.size()) + " molecular values with the smallest q" +
            (clustered ? ", in the map's clustered order" : ", ordered by q") +
            "; dots mark q < 0.05.",
        heat, 0.9,
        std::clamp(double(rows.size()) / double(std::max<std::size_t>(cols.size(), 1)), 0.4, 1.4)});
}

// ---- group map ------------------------------------------------------------------

void appendGroupMap(report::Section& s, const stats::DataTable& t,
                    const association::AssociationProvenance& prov, const std::string& a,
                    const std::string& file, const ResultsOptions& options) {
    requireColumns(t, {"feature", "test", "statistic", "effect", "p", "q"}, file);
    const auto& feature = t.text("feature");
    const auto& test = t.text("test");
    const std::vector<double>& statistic = t.numbers("statistic");
    const std::vector<double>& effect = t.numbers("effect");
    const std::vector<double>& p = t.numbers("p");
    const std::vector<double>& q = t.numbers("q");
    const bool twoGroups = std::all_of(test.begin(), test.end(),
                                       [](const std::string& x) { return x == "mann-whitney"; });
    const std::string effectName = twoGroups ? "Cliff's \u03b4" : "\u03b7\u00b2";
    const std::string group = optionText(prov, "group");

    s.blocks.push_back(report::Paragraph{
        "Group map of " + std::filesystem::path(file).filename().string() +
        (group.empty() ? "" : " by " + group) + " (" +
        (twoGroups ? "Mann\u2013Whitney" : "Kruskal\u2013Wallis") +
        " test per feature): " + countSentence(significant(q), tested(q), "features tested")});

    const std::vector<std::size_t> order = byQ(q, p);
    report::Table top;
    top.anchor = a + "-top";
    top.caption = "Top features of the group map (by q).";
    top.header = {"Feature", "Test", twoGroups ? "W" : "H", effectName, "p", "q"};
    top.align = {Align::Left, Align::Left, Align::Right, Align::Right, Align::Right, Align::Right};
    for (std::size_t k = 0; k < std::min(options.topAssociations, order.size()); ++k) {
        const std::size_t i = order[k];
        top.rows.push_back({feature[i], test[i], metricText(statistic[i]), metricText(effect[i]),
                            formatP(p[i]), formatP(q[i])});
    }
    s.blocks.push_back(std::move(top));

    report::XYPlot volcano;
    volcano.xLabel = effectName;
    volcano.yLabel = "\u2212log10 p";
    report::PlotSeries plain, hits;
    plain.label = "q \u2265 0.05";
    plain.kind = report::SeriesKind::Points;
    plain.rgb = 0x808080;
    hits.label = "q < 0.05";
    hits.kind = report::SeriesKind::Points;
    hits.rgb = 0xd62728;
    std::size_t left = 0;
    for (std::size_t i = 0; i < t.rows(); ++i) {
        const double y = -std::log10(p[i]);
        if (!std::isfinite(effect[i]) || !std::isfinite(y)) {
            ++left;
            continue;
        }
        report::PlotSeries& into = q[i] < kFdr ? hits : plain;
        into.x.push_back(effect[i]);
        into.y.push_back(y);
    }
    volcano.series = {std::move(plain), std::move(hits)};
    volcano.horizontalLines = {-std::log10(0.05)};
    if (twoGroups)
        volcano.verticalLines = {0};
    std::string caption = "Volcano plot of the group map: effect size against \u2212log10 p; red "
                          "points have q < 0.05, the line marks p = 0.05.";
    if (left != 0)
        caption += " " + std::to_string(left) + " features without a test are not drawn.";
    s.blocks.push_back(report::Figure{a + "-volcano", caption, volcano, 0.7, 0.75});
}

} // namespace

report::Section associationSection(const std::filesystem::path& file, const std::string& cohort,
                                   std::size_t number, const ResultsOptions& options) {
    const std::string name = file.string();
    const auto provenance = association::readProvenanceFile(file);
    if (!provenance)
        throw Error(name + ": no provenance side file (" + (file.string() + ".provenance.json") +
                    "), so the cohort it was computed on is unknown");
    if (provenance->cohort != cohort)
        throw Error(name + ": computed on " +
                    (provenance->cohort.empty() ? "a table, not a cohort"
                                                : "cohort " + provenance->cohort) +
                    ", not on cohort " + cohort + " of this report");
    if (provenance->kind != "correlation map" && provenance->kind != "group map")
        throw Error(name + ": a " + provenance->kind +
                    " result; the report shows correlation and group maps");
    const stats::DataTable table = stats::DataTable::read(file);

    report::Section s;
    s.level = 3;
    s.anchor = associationAnchor(number);
    const std::string a = s.anchor;
    s.title = (provenance->kind == "correlation map" ? "Correlation map " : "Group map ") +
              std::to_string(number) + ": " + file.filename().string();
    if (provenance->kind == "correlation map")
        appendCorrelationMap(s, table, *provenance, a, name, options);
    else
        appendGroupMap(s, table, *provenance, a, name, options);
    return s;
}

} // namespace rgw::storage
