#pragma once

// The charts of the Associations page (Qt Charts), one function per chart:
// the group map's volcano and box plots, the GSEA running sum, the SNP
// Manhattan plot. Pure drawing: every number comes from core::association
// and stats::boxStatistics.

#include "association/GroupMap.h"
#include "association/Gsea.h"
#include "association/SnpAssociation.h"

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

/// The running-sum plot of one gene set (Subramanian et al. 2005, Fig. 1):
/// the weighted Kolmogorov–Smirnov running enrichment score along the ranked
/// list (series 0, one point per ranked gene, x = 1-based rank), the set's
/// genes as ticks below the curve (series 1, one point per hit) and the
/// peak where it reaches ES (series 2, one point). The curve is core's
/// association::enrichmentCurve.
QChart* runningSumChart(const association::EnrichmentCurve& curve, const QString& title);

/// The Manhattan plot of a SNP association: one point per tested SNP at its
/// genome position (chromosomes in order 1..22, X, Y, MT, others by name,
/// SNPs without a chromosome last in input order, each chromosome after the
/// previous one's span), y = −log10 p, chromosomes in two alternating
/// colours (series 0 and 1); a dashed line at the Bonferroni level
/// (p = 0.05 / tested) and, when some SNP has q < 0.05, a line at the
/// largest p with q < 0.05. `pointSnps` receives, per scatter series, the
/// SNP index (into result.snps) of each point.
QChart* manhattanChart(const association::SnpAssociationResult& result,
                       std::vector<std::vector<int>>& pointSnps);

/// The ordering key of a chromosome name for the Manhattan plot ("chr"
/// ignored): 1..22 numerically, then X, Y, MT, then other names; "" last.
std::pair<int, std::string> chromosomeOrder(const std::string& chromosome);

} // namespace rgw::ui
