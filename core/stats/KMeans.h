#pragma once

// k-means clustering of the rows of a matrix: Lloyd's algorithm exactly as R's
// kmeans(x, centers, algorithm = "Lloyd") runs it (stats/src/kmeans.c), with
// k-means++ seeding (Arthur & Vassilvitskii 2007) from the workstation's Rng
// and several restarts keeping the lowest total within-cluster sum of squares.
// Results depend on the seed only, never on the thread count: points are
// assigned in parallel but every sum runs in a fixed order.

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rgw::stats {

struct KMeansResult {
    Eigen::MatrixXd centres;        ///< k × d, row c = the mean of cluster c
    std::vector<int> cluster;       ///< 0-based cluster of every row of x
    std::vector<std::size_t> sizes; ///< points per cluster
    std::vector<double> withinSs;   ///< per cluster: Σ ||x_i − centre||² (R's withinss)
    double totalWithinSs = 0;       ///< Σ withinSs (R's tot.withinss)
    int iterations = 0;             ///< R's iter: passes run, plus one when not converged
    bool converged = false;         ///< an assignment pass changed nothing
    int reseededClusters = 0;       ///< clusters that emptied and were re-seeded (see kmeansLloyd)
};

/// Lloyd's algorithm from the given k × d initial centres, as R's C code:
/// each pass assigns every point to its nearest centre (squared Euclidean,
/// ties to the lower index); when no assignment changed it stops, otherwise
/// each centre becomes the mean of its points (summed in row order). At most
/// `maxIterations` passes (R's iter.max). Where R stops with "empty cluster",
/// a cluster left without points is re-seeded at the point farthest from its
/// own centre (lowest row on ties) and counted in reseededClusters. Points are
/// assigned on up to `threads` threads (0 = all cores); the result does not
/// depend on it. Throws rgw::Error for k < 1, k > n, non-finite values or
/// centres whose width differs from x's.
KMeansResult kmeansLloyd(const Eigen::MatrixXd& x, const Eigen::MatrixXd& initialCentres,
                         int maxIterations = 100, unsigned threads = 0);

/// k-means++ seeding: the first centre a uniformly drawn row, each further
/// one a row drawn with probability proportional to its squared distance to
/// the nearest centre chosen so far (uniform when all distances are 0).
/// Returns the chosen row indices, in order.
std::vector<std::size_t> kmeansPlusPlusRows(const Eigen::MatrixXd& x, int k, std::uint64_t seed);

struct KMeansOptions {
    int k = 2;
    int restarts = 10;       ///< independent k-means++ starts; the lowest totalWithinSs is kept
    int maxIterations = 100; ///< Lloyd passes per start
    std::uint64_t seed = 1;  ///< start r is seeded with the r-th draw of Rng(seed)
    unsigned threads = 0;    ///< 0 = all cores; results do not depend on it
};

/// k-means with `restarts` k-means++ starts (each followed by kmeansLloyd);
/// keeps the start with the lowest totalWithinSs, the earliest on ties.
KMeansResult kmeans(const Eigen::MatrixXd& x, const KMeansOptions& options);

/// Mean silhouette width (Rousseeuw 1987) of a clustering of the rows of x:
/// s(i) = (b − a) / max(a, b), a = mean Euclidean distance to the other
/// points of i's cluster, b = the lowest mean distance to another cluster's
/// points, s(i) = 0 for a point alone in its cluster. Computed on the rows in
/// `rows` only (all rows when empty), each against the others of that
/// subsample, as R's cluster::silhouette on x[rows, ]. O(m² d).
double meanSilhouette(const Eigen::MatrixXd& x, const std::vector<int>& cluster,
                      const std::vector<std::size_t>& rows = {});

} // namespace rgw::stats
