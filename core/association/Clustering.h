#pragma once

// Agglomerative hierarchical clustering for the association heatmaps
// (features by their correlation profiles, genes, patients), equal to R's
// hclust(): the same merge matrix, heights and leaf order. The algorithm is
// F. Murtagh's nearest-neighbour-list agglomeration with Lance–Williams
// updates, with hclust's conventions: the nearest neighbour of i is sought to
// its right and the first strict minimum wins, the closest pair is the first
// i (in index order) with the smallest such distance, the merged cluster
// takes the lower index. On data without ties in the distances the merges,
// heights and order are exactly R's; with ties they follow the same rules.

#include <Eigen/Core>
#include <vector>

namespace rgw::association {

enum class Linkage {
    Average,  ///< UPGMA: mean dissimilarity between the members (hclust "average")
    Complete, ///< the largest dissimilarity between the members (hclust "complete")
    WardD2,   ///< Ward's minimum variance on squared dissimilarities, heights unsquared
              ///< (hclust "ward.D2"; Murtagh & Legendre 2014)
};

/// hclust's method name: "average", "complete", "ward.D2".
const char* linkageName(Linkage linkage);

enum class Dissimilarity {
    /// 1 − Pearson r of the two objects over their shared variables
    /// (R: 1 − cor(t(x), use = "pairwise.complete.obs")).
    OneMinusPearson,
    /// Euclidean distance over the shared variables, scaled up for missing
    /// ones as R's dist(): sqrt(Σ d² · p / p_shared). For "Euclidean of
    /// standardised values" standardise first (standardiseColumns).
    Euclidean,
};

/// The tree as R's hclust object.
struct Dendrogram {
    /// Row s (0-based) is merge s+1, R's hclust$merge: a negative entry −j is
    /// object j (1-based), a positive entry m is the cluster of merge m; a
    /// singleton is listed before a cluster, two clusters in increasing order.
    Eigen::Matrix<int, Eigen::Dynamic, 2> merge;
    /// The dissimilarity at each merge (hclust$height), non-decreasing.
    std::vector<double> height;
    /// The objects (0-based) from left to right in the dendrogram
    /// (hclust$order − 1).
    std::vector<Eigen::Index> order;
};

/// Each column centred on its mean and divided by its standard deviation
/// (n − 1), both over its non-missing values: R's scale(x). NaN stays NaN.
/// Throws rgw::Error naming a column with fewer than two values or constant.
Eigen::MatrixXd standardiseColumns(const Eigen::MatrixXd& data);

/// The symmetric matrix of dissimilarities between the rows of `data` (NaN =
/// missing). Throws rgw::Error naming the rows of a pair that cannot be
/// compared (fewer than 3 shared values or a constant row for 1 − r, no
/// shared value for Euclidean) and for an infinite value.
Eigen::MatrixXd rowDissimilarities(const Eigen::MatrixXd& data, Dissimilarity dissimilarity);

/// hclust(as.dist(d), method) of a symmetric n × n matrix `d` (n ≥ 2) of
/// finite non-negative dissimilarities. Throws rgw::Error naming an entry
/// that is not finite, negative or not symmetric.
Dendrogram hierarchicalClustering(const Eigen::MatrixXd& dissimilarities, Linkage linkage);

/// The rows of `data` clustered: hierarchicalClustering(rowDissimilarities(data, d), l).
Dendrogram clusterRows(const Eigen::MatrixXd& data, Dissimilarity dissimilarity, Linkage linkage);

/// The columns of `data` clustered (the rows of its transpose).
Dendrogram clusterColumns(const Eigen::MatrixXd& data, Dissimilarity dissimilarity,
                          Linkage linkage);

} // namespace rgw::association
