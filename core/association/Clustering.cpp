#include "association/Clustering.h"

#include "association/detail/PairwiseCorrelation.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

namespace rgw::association {

namespace {

/// hclust's "no neighbour yet" distance.
constexpr double kFar = 1e300;

/// The upper triangle (i < j) of an n × n symmetric matrix, row by row.
class Triangle {
public:
    explicit Triangle(Eigen::Index n) : n_(static_cast<std::size_t>(n)), d_(n_ * (n_ - 1) / 2) {}
    double& operator()(std::size_t i, std::size_t j) {
        if (i > j)
            std::swap(i, j);
        return d_[i * n_ - i * (i + 1) / 2 + (j - i - 1)];
    }

private:
    std::size_t n_;
    std::vector<double> d_;
};

std::string pairName(Eigen::Index i, Eigen::Index j) {
    return std::to_string(i + 1) + " and " + std::to_string(j + 1);
}

/// R's hclust merge coding of the agglomeration (lower, upper) of each step,
/// and the leaf order by walking the tree left to right (hcass2).
void encode(const std::vector<std::pair<std::size_t, std::size_t>>& steps, Dendrogram& tree) {
    const std::size_t n = steps.size() + 1;
    tree.merge.resize(static_cast<Eigen::Index>(steps.size()), 2);
    std::vector<int> lastMerge(n, 0); // 1-based merge holding the object's cluster, 0: none
    for (std::size_t s = 0; s < steps.size(); ++s) {
        const auto [lower, upper] = steps[s];
        int a = lastMerge[lower] ? lastMerge[lower] : -static_cast<int>(lower + 1);
        int b = lastMerge[upper] ? lastMerge[upper] : -static_cast<int>(upper + 1);
        if (a > 0 && b < 0)
            std::swap(a, b); // a singleton before a cluster
        else if (a > 0 && b > 0 && a > b)
            std::swap(a, b); // two clusters in increasing order
        tree.merge(static_cast<Eigen::Index>(s), 0) = a;
        tree.merge(static_cast<Eigen::Index>(s), 1) = b;
        lastMerge[lower] = static_cast<int>(s + 1); // the cluster keeps the lower index
    }
    // In-order walk from the last merge: left branch, then right.
    tree.order.clear();
    std::vector<int> pending{static_cast<int>(steps.size())};
    while (!pending.empty()) {
        const int node = pending.back();
        pending.pop_back();
        if (node < 0) {
            tree.order.push_back(-node - 1);
            continue;
        }
        pending.push_back(tree.merge(node - 1, 1));
        pending.push_back(tree.merge(node - 1, 0));
    }
}

} // namespace

const char* linkageName(Linkage linkage) {
    switch (linkage) {
    case Linkage::Average:
        return "average";
    case Linkage::Complete:
        return "complete";
    case Linkage::WardD2:
        return "ward.D2";
    }
    return "unknown";
}

Eigen::MatrixXd standardiseColumns(const Eigen::MatrixXd& data) {
    Eigen::MatrixXd z = data;
    for (Eigen::Index c = 0; c < data.cols(); ++c) {
        // R's scale(): centre = colMeans(x, na.rm = TRUE) (long double sum / n),
        // scale = sqrt(sum(v^2) / (n - 1)) of the centred values v.
        long double sum = 0.0L;
        Eigen::Index n = 0;
        for (Eigen::Index r = 0; r < data.rows(); ++r)
            if (!std::isnan(data(r, c))) {
                sum += data(r, c);
                ++n;
            }
        if (n < 2)
            throw Error("standardise: column " + std::to_string(c + 1) + " has " +
                        std::to_string(n) + " values, needs at least 2");
        const auto mean = static_cast<double>(sum / static_cast<long double>(n));
        long double squares = 0.0L;
        for (Eigen::Index r = 0; r < data.rows(); ++r)
            if (!std::isnan(data(r, c))) {
                z(r, c) = data(r, c) - mean;
                squares += z(r, c) * z(r, c);
            }
        const double sd = std::sqrt(static_cast<double>(squares) / static_cast<double>(n - 1));
        if (!(sd > 0.0))
            throw Error("standardise: column " + std::to_string(c + 1) +
                        " is constant; it has no standard deviation to divide by");
        z.col(c) /= sd;
    }
    return z;
}

Eigen::MatrixXd rowDissimilarities(const Eigen::MatrixXd& data, Dissimilarity dissimilarity) {
    for (Eigen::Index c = 0; c < data.cols(); ++c)
        for (Eigen::Index r = 0; r < data.rows(); ++r)
            if (std::isinf(data(r, c)))
                throw Error("dissimilarities: row " + std::to_string(r + 1) + ", column " +
                            std::to_string(c + 1) + " is not finite; a missing value is NaN");
    const Eigen::Index n = data.rows(), p = data.cols();
    Eigen::MatrixXd d = Eigen::MatrixXd::Zero(n, n);
    if (dissimilarity == Dissimilarity::OneMinusPearson) {
        const Eigen::MatrixXd objects = data.transpose();
        const detail::PairwiseCorrelations r =
            detail::pairwiseCorrelations(objects, objects, CorrelationMethod::Pearson, 3);
        for (Eigen::Index i = 0; i < n; ++i)
            for (Eigen::Index j = i + 1; j < n; ++j) {
                if (std::isnan(r.r(i, j)))
                    throw Error("1 - Pearson dissimilarity: rows " + pairName(i, j) +
                                " cannot be correlated (" +
                                pairStatusName(r.statuses[static_cast<std::size_t>(j * n + i)]) +
                                ", " + std::to_string(r.n(i, j)) + " shared values)");
                d(i, j) = d(j, i) = 1.0 - r.r(i, j);
            }
        return d;
    }
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = i + 1; j < n; ++j) {
            // R's dist(): Σ (x_i − x_j)² over shared columns, scaled by p / shared.
            double sum = 0.0;
            Eigen::Index shared = 0;
            for (Eigen::Index k = 0; k < p; ++k) {
                const double dev = data(i, k) - data(j, k);
                if (!std::isnan(dev)) {
                    sum += dev * dev;
                    ++shared;
                }
            }
            if (shared == 0)
                throw Error("Euclidean dissimilarity: rows " + pairName(i, j) +
                            " share no non-missing column");
            if (shared != p)
                sum /= static_cast<double>(shared) / static_cast<double>(p);
            d(i, j) = d(j, i) = std::sqrt(sum);
        }
    return d;
}

Dendrogram hierarchicalClustering(const Eigen::MatrixXd& dissimilarities, Linkage linkage) {
    const Eigen::Index size = dissimilarities.rows();
    if (dissimilarities.cols() != size)
        throw Error("hierarchical clustering: the dissimilarity matrix is " + std::to_string(size) +
                    " x " + std::to_string(dissimilarities.cols()) + ", not square");
    if (size < 2)
        throw Error("hierarchical clustering needs at least 2 objects, has " +
                    std::to_string(size));
    const auto n = static_cast<std::size_t>(size);
    const bool ward = linkage == Linkage::WardD2;
    Triangle d(size);
    for (Eigen::Index i = 0; i < size; ++i)
        for (Eigen::Index j = i + 1; j < size; ++j) {
            const double v = dissimilarities(i, j);
            if (!std::isfinite(v) || v < 0.0 || v != dissimilarities(j, i))
                throw Error("hierarchical clustering: the dissimilarity of objects " +
                            pairName(i, j) + " is " + std::to_string(v) + " and " +
                            std::to_string(dissimilarities(j, i)) +
                            "; it must be finite, not negative and symmetric");
            // ward.D2 works on squared dissimilarities and reports their roots.
            d(static_cast<std::size_t>(i), static_cast<std::size_t>(j)) = ward ? v * v : v;
        }

    std::vector<double> members(n, 1.0), nearestDistance(n, kFar);
    std::vector<std::size_t> nearest(n, 0);
    std::vector<bool> active(n, true);
    // The nearest neighbour of i among the active objects to its right: the
    // first strict minimum.
    std::size_t lastFound = 0; // hclust keeps the previous index when none is found
    const auto findNearest = [&](std::size_t i) {
        double best = kFar;
        for (std::size_t j = i + 1; j < n; ++j)
            if (active[j] && d(i, j) < best) {
                best = d(i, j);
                lastFound = j;
            }
        nearest[i] = lastFound;
        nearestDistance[i] = best;
    };
    for (std::size_t i = 0; i + 1 < n; ++i)
        findNearest(i);

    Dendrogram tree;
    std::vector<std::pair<std::size_t, std::size_t>> steps;
    for (std::size_t step = 0; step + 1 < n; ++step) {
        // The closest pair: the first i whose neighbour distance is smallest.
        double best = kFar;
        std::size_t im = 0, jm = 0;
        for (std::size_t i = 0; i + 1 < n; ++i)
            if (active[i] && nearestDistance[i] < best) {
                best = nearestDistance[i];
                im = i;
                jm = nearest[i];
            }
        const std::size_t lower = std::min(im, jm), upper = std::max(im, jm);
        steps.emplace_back(lower, upper);
        tree.height.push_back(ward ? std::sqrt(best) : best);
        active[upper] = false;

        // Lance–Williams update of the merged cluster (kept at `lower`).
        const double within = d(lower, upper);
        const double nl = members[lower], nu = members[upper];
        double bestRight = kFar;
        for (std::size_t k = 0; k < n; ++k) {
            if (!active[k] || k == lower)
                continue;
            const double dl = d(lower, k), du = d(upper, k);
            double merged = 0.0;
            switch (linkage) {
            case Linkage::Average:
                merged = (nl * dl + nu * du) / (nl + nu);
                break;
            case Linkage::Complete:
                merged = std::max(dl, du);
                break;
            case Linkage::WardD2: {
                const double nk = members[k];
                merged = ((nl + nk) * dl + (nu + nk) * du - nk * within) / (nl + nu + nk);
                break;
            }
            }
            d(lower, k) = merged;
            if (lower < k) {
                if (merged < bestRight) {
                    bestRight = merged;
                    lastFound = k;
                }
            } else if (merged < nearestDistance[k]) {
                nearestDistance[k] = merged;
                nearest[k] = lower;
            }
        }
        members[lower] = nl + nu;
        nearestDistance[lower] = bestRight;
        nearest[lower] = lastFound;
        // Objects whose neighbour was one of the pair look again.
        for (std::size_t i = 0; i + 1 < n; ++i)
            if (active[i] && (nearest[i] == lower || nearest[i] == upper))
                findNearest(i);
    }
    encode(steps, tree);
    return tree;
}

Dendrogram clusterRows(const Eigen::MatrixXd& data, Dissimilarity dissimilarity, Linkage linkage) {
    return hierarchicalClustering(rowDissimilarities(data, dissimilarity), linkage);
}

Dendrogram clusterColumns(const Eigen::MatrixXd& data, Dissimilarity dissimilarity,
                          Linkage linkage) {
    return clusterRows(data.transpose(), dissimilarity, linkage);
}

} // namespace rgw::association
