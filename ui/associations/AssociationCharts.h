#pragma once

// The charts of the Associations page's group map (Qt Charts), one function
// per chart. Pure drawing: every number comes from core::association and
// stats::boxStatistics.

#include "association/GroupMap.h"

#include <Eigen/Core>
#include <QString>
#include <string>
#include <vector>

class QChart;

namespace rgw::ui {

/// The effect a volcano plot shows for a group map: Cliff's δ for two groups
/// (comparison vs reference), η²_H for three or more.
double volcanoEffect(const association::FeatureGroupTest& test, bool twoGroups);
/// The p-value it plots: Mann–Whitney for two groups, Kruskal–Wallis otherwise.
double volcanoP(const association::FeatureGroupTest& test, bool twoGroups);
double volcanoQ(const association::FeatureGroupTest& test, bool twoGroups);

/// Volcano plot: effect against −log10 p, one point per tested feature;
/// features with q <= `markAtQ` in a second, red series named
/// "FDR q ≤ level". Series points are in feature order of their series;
/// `pointFeatures` receives, per series, the feature index of each point.
QChart* volcanoChart(const association::GroupMap& map, double markAtQ,
                     std::vector<std::vector<int>>& pointFeatures);

/// Box plots (R's boxplot.stats) of one feature's values per group, the
/// outliers as points; patients without a group are left out.
QChart* groupBoxChart(const std::string& feature, const Eigen::VectorXd& values,
                      const association::Grouping& grouping, const std::vector<std::string>& levels,
                      const association::FeatureGroupTest& test, bool twoGroups);

} // namespace rgw::ui
