#include "association/GroupMap.h"

#include "association/detail/RNumerics.h"
#include "stats/KruskalWallis.h"
#include "stats/MultipleTesting.h"
#include "stats/TwoGroupTests.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace rgw::association {

namespace {

/// The levels in order and each patient's level index (−1: unknown).
struct Indexed {
    std::vector<std::string> levels;
    std::vector<int> level;
};

Indexed indexGroups(const Grouping& grouping) {
    Indexed out;
    out.levels = grouping.levels;
    const bool given = !out.levels.empty();
    for (std::size_t i = 0; i < grouping.labels.size(); ++i)
        if (grouping.labels[i] && grouping.labels[i]->empty())
            throw Error("group map: patient row " + std::to_string(i + 1) +
                        " has an empty group label; an unknown group has no label");
    if (!given) {
        std::set<std::string> found;
        for (const auto& label : grouping.labels)
            if (label)
                found.insert(*label);
        out.levels.assign(found.begin(), found.end());
    }
    std::map<std::string, int> index;
    for (std::size_t l = 0; l < out.levels.size(); ++l)
        if (!index.emplace(out.levels[l], static_cast<int>(l)).second)
            throw Error("group map: the group '" + out.levels[l] + "' is listed twice");
    if (out.levels.size() < 2)
        throw Error("group map: needs at least two groups, found " +
                    std::to_string(out.levels.size()) +
                    (out.levels.empty() ? std::string() : " ('" + out.levels[0] + "')"));
    for (std::size_t i = 0; i < grouping.labels.size(); ++i) {
        const auto& label = grouping.labels[i];
        if (!label) {
            out.level.push_back(-1);
            continue;
        }
        const auto it = index.find(*label);
        if (it == index.end())
            throw Error("group map: patient row " + std::to_string(i + 1) + " is in group '" +
                        *label + "', which is not among the groups given");
        out.level.push_back(it->second);
    }
    return out;
}

void twoGroupTests(const std::vector<std::vector<double>>& byGroup, bool log2FoldChange,
                   FeatureGroupTest& t) {
    const std::vector<double>& reference = byGroup[0];
    const std::vector<double>& comparison = byGroup[1];
    const auto n1 = static_cast<Eigen::Index>(reference.size());
    const auto n2 = static_cast<Eigen::Index>(comparison.size());
    // The comparison group is group 1 of stats' two-group tests, the reference group 0.
    Eigen::VectorXd values(n1 + n2), group01(n1 + n2);
    for (Eigen::Index i = 0; i < n2; ++i) {
        values(i) = comparison[static_cast<std::size_t>(i)];
        group01(i) = 1.0;
    }
    for (Eigen::Index i = 0; i < n1; ++i) {
        values(n2 + i) = reference[static_cast<std::size_t>(i)];
        group01(n2 + i) = 0.0;
    }
    if (n1 >= 1 && n2 >= 1) {
        const stats::TwoGroupTest mw = stats::mannWhitney(values, group01);
        t.mannWhitneyW = mw.statistic;
        t.mannWhitneyP = mw.p;
        t.auc = mw.effect;
        t.cliffsDelta = 2.0 * mw.effect - 1.0;
        if (std::isnan(mw.p))
            t.rankTestNote = "every value is tied";
    } else {
        t.rankTestNote = "a group has no values";
    }
    if (n1 >= 2 && n2 >= 2) {
        try {
            const stats::TwoGroupTest welch = stats::welchT(values, group01);
            t.welchT = welch.statistic;
            t.welchDf = welch.df;
            t.welchP = welch.p;
            t.cohensD = welch.effect;
        } catch (const Error& e) {
            t.tTestNote = e.what(); // "the data are essentially constant", as R's t.test
        }
    } else {
        t.tTestNote = "a group has fewer than 2 values";
    }
    if (log2FoldChange && t.groups[0].mean > 0.0 && t.groups[1].mean > 0.0)
        t.log2FoldChange = std::log2(t.groups[1].mean / t.groups[0].mean);
}

void severalGroupTest(const Eigen::MatrixXd& features, Eigen::Index column,
                      const std::vector<int>& level, FeatureGroupTest& t) {
    std::vector<double> values;
    std::vector<int> groups;
    for (Eigen::Index i = 0; i < features.rows(); ++i) {
        const double v = features(i, column);
        if (std::isnan(v) || level[static_cast<std::size_t>(i)] < 0)
            continue;
        values.push_back(v);
        groups.push_back(level[static_cast<std::size_t>(i)]);
    }
    const auto k = static_cast<double>(
        std::count_if(t.groups.begin(), t.groups.end(), [](const auto& g) { return g.n > 0; }));
    if (k < 2) {
        t.rankTestNote = "fewer than two groups have values";
        return;
    }
    const stats::KruskalWallisTest kw = stats::kruskalWallis(
        Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size())),
        groups);
    t.kruskalH = kw.statistic;
    t.kruskalDf = kw.df;
    t.kruskalP = kw.p;
    const auto n = static_cast<double>(values.size());
    if (std::isnan(kw.p))
        t.rankTestNote = "every value is tied";
    else if (n > k)
        t.etaSquared = (kw.statistic - k + 1.0) / (n - k);
}

/// q = BH over the features of the map, written back through `field`.
void adjust(std::vector<FeatureGroupTest>& tests, double FeatureGroupTest::*p,
            double FeatureGroupTest::*q) {
    std::vector<double> ps;
    for (const auto& t : tests)
        ps.push_back(t.*p);
    const std::vector<double> qs = stats::benjaminiHochberg(ps);
    for (std::size_t i = 0; i < tests.size(); ++i)
        tests[i].*q = qs[i];
}

} // namespace

Grouping mutationGrouping(const std::vector<genomics::GeneStatus>& statuses) {
    Grouping g;
    g.levels = {genomics::geneStatusName(genomics::GeneStatus::NotAltered),
                genomics::geneStatusName(genomics::GeneStatus::Altered)};
    for (const genomics::GeneStatus s : statuses)
        if (s == genomics::GeneStatus::NotProfiled)
            g.labels.emplace_back(std::nullopt);
        else
            g.labels.emplace_back(genomics::geneStatusName(s));
    return g;
}

GroupMap groupMap(const Eigen::MatrixXd& features, const Grouping& grouping,
                  const GroupMapOptions& options) {
    if (static_cast<Eigen::Index>(grouping.labels.size()) != features.rows())
        throw Error("group map: " + std::to_string(grouping.labels.size()) + " group labels for " +
                    std::to_string(features.rows()) + " patients (rows) of features");
    for (Eigen::Index c = 0; c < features.cols(); ++c)
        for (Eigen::Index r = 0; r < features.rows(); ++r)
            if (std::isinf(features(r, c)))
                throw Error("group map: feature matrix row " + std::to_string(r + 1) + ", column " +
                            std::to_string(c + 1) + " is not finite (" +
                            std::to_string(features(r, c)) + "); a missing value is NaN");
    const Indexed indexed = indexGroups(grouping);
    GroupMap map;
    map.options = options;
    map.levels = indexed.levels;
    map.unknownPatients = std::count(indexed.level.begin(), indexed.level.end(), -1);
    const std::size_t k = map.levels.size();
    for (Eigen::Index c = 0; c < features.cols(); ++c) {
        std::vector<std::vector<double>> byGroup(k);
        for (Eigen::Index i = 0; i < features.rows(); ++i) {
            const int l = indexed.level[static_cast<std::size_t>(i)];
            if (l >= 0 && !std::isnan(features(i, c)))
                byGroup[static_cast<std::size_t>(l)].push_back(features(i, c));
        }
        FeatureGroupTest t;
        for (const auto& values : byGroup) {
            GroupSummary s;
            s.n = static_cast<Eigen::Index>(values.size());
            if (!values.empty()) {
                s.mean = detail::rMean(values.data(), values.size());
                s.median = detail::rMedian(values);
            }
            t.groups.push_back(s);
        }
        if (k == 2)
            twoGroupTests(byGroup, options.log2FoldChange, t);
        else
            severalGroupTest(features, c, indexed.level, t);
        map.features.push_back(std::move(t));
    }
    if (map.twoGroups()) {
        adjust(map.features, &FeatureGroupTest::mannWhitneyP, &FeatureGroupTest::mannWhitneyQ);
        adjust(map.features, &FeatureGroupTest::welchP, &FeatureGroupTest::welchQ);
    } else {
        adjust(map.features, &FeatureGroupTest::kruskalP, &FeatureGroupTest::kruskalQ);
    }
    return map;
}

} // namespace rgw::association
