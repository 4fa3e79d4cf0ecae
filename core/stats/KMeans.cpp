#include "stats/KMeans.h"

#include "util/Error.h"
#include "util/ParallelFor.h"
#include "util/Random.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace rgw::stats {

namespace {

// Rows per parallel work item: fixed, so no result depends on the thread count.
constexpr std::size_t kChunk = 4096;

void checkData(const Eigen::MatrixXd& x, int k, const char* what) {
    if (x.rows() == 0 || x.cols() == 0)
        throw Error(std::string(what) + ": no data to cluster");
    if (k < 1 || static_cast<Eigen::Index>(k) > x.rows())
        throw Error(std::string(what) + ": " + std::to_string(k) + " clusters asked of " +
                    std::to_string(x.rows()) + " points");
    if (!x.allFinite())
        throw Error(std::string(what) + ": the data hold a missing or infinite value");
}

double squaredDistance(const Eigen::MatrixXd& x, Eigen::Index i, const Eigen::MatrixXd& c,
                       Eigen::Index j) {
    double dd = 0.0;
    for (Eigen::Index col = 0; col < x.cols(); ++col) {
        const double t = x(i, col) - c(j, col);
        dd += t * t;
    }
    return dd;
}

template <class Body> void forChunks(std::size_t n, unsigned threads, Body&& body) {
    const std::size_t chunks = (n + kChunk - 1) / kChunk;
    parallelFor(chunks, resolveThreadCount(threads, chunks), [&](std::size_t c) {
        const std::size_t end = std::min(n, (c + 1) * kChunk);
        for (std::size_t i = c * kChunk; i < end; ++i)
            body(i);
    });
}

} // namespace

KMeansResult kmeansLloyd(const Eigen::MatrixXd& x, const Eigen::MatrixXd& initialCentres,
                         int maxIterations, unsigned threads) {
    const int k = static_cast<int>(initialCentres.rows());
    checkData(x, k, "k-means");
    if (initialCentres.cols() != x.cols())
        throw Error("k-means: the initial centres have " + std::to_string(initialCentres.cols()) +
                    " columns, the data " + std::to_string(x.cols()));
    if (!initialCentres.allFinite())
        throw Error("k-means: an initial centre holds a missing or infinite value");
    if (maxIterations < 1)
        throw Error("k-means: at least one iteration is needed");

    const auto n = static_cast<std::size_t>(x.rows());
    const Eigen::Index p = x.cols();
    KMeansResult r;
    r.centres = initialCentres;
    r.cluster.assign(n, -1);
    std::vector<std::size_t> count(static_cast<std::size_t>(k));
    std::vector<unsigned char> changed(n);
    int iter = 0;
    for (; iter < maxIterations; ++iter) {
        forChunks(n, threads, [&](std::size_t i) {
            const auto ii = static_cast<Eigen::Index>(i);
            double best = std::numeric_limits<double>::infinity();
            int inew = 0;
            for (int j = 0; j < k; ++j) {
                const double dd = squaredDistance(x, ii, r.centres, j);
                if (dd < best) {
                    best = dd;
                    inew = j;
                }
            }
            changed[i] = r.cluster[i] != inew;
            r.cluster[i] = inew;
        });
        if (std::find(changed.begin(), changed.end(), 1) == changed.end()) {
            r.converged = true;
            break;
        }
        r.centres.setZero();
        std::fill(count.begin(), count.end(), 0);
        for (std::size_t i = 0; i < n; ++i) {
            const int c = r.cluster[i];
            ++count[static_cast<std::size_t>(c)];
            for (Eigen::Index col = 0; col < p; ++col)
                r.centres(c, col) += x(static_cast<Eigen::Index>(i), col);
        }
        for (int j = 0; j < k; ++j)
            if (count[static_cast<std::size_t>(j)] > 0)
                r.centres.row(j) /= static_cast<double>(count[static_cast<std::size_t>(j)]);
        // An emptied cluster takes the point farthest from its own centre.
        for (int j = 0; j < k; ++j) {
            if (count[static_cast<std::size_t>(j)] > 0)
                continue;
            std::size_t far = 0;
            double farthest = -1.0;
            for (std::size_t i = 0; i < n; ++i) {
                const int c = r.cluster[i];
                if (count[static_cast<std::size_t>(c)] < 2)
                    continue;
                const double dd = squaredDistance(x, static_cast<Eigen::Index>(i), r.centres, c);
                if (dd > farthest) {
                    farthest = dd;
                    far = i;
                }
            }
            --count[static_cast<std::size_t>(r.cluster[far])];
            r.cluster[far] = j;
            count[static_cast<std::size_t>(j)] = 1;
            r.centres.row(j) = x.row(static_cast<Eigen::Index>(far));
            ++r.reseededClusters;
        }
    }
    r.iterations = iter + 1;
    r.sizes.assign(static_cast<std::size_t>(k), 0);
    r.withinSs.assign(static_cast<std::size_t>(k), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<std::size_t>(r.cluster[i]);
        ++r.sizes[c];
        r.withinSs[c] += squaredDistance(x, static_cast<Eigen::Index>(i), r.centres,
                                         static_cast<Eigen::Index>(c));
    }
    for (const double w : r.withinSs)
        r.totalWithinSs += w;
    return r;
}

std::vector<std::size_t> kmeansPlusPlusRows(const Eigen::MatrixXd& x, int k, std::uint64_t seed) {
    checkData(x, k, "k-means++");
    const auto n = static_cast<std::size_t>(x.rows());
    Rng rng(seed);
    std::vector<std::size_t> rows{static_cast<std::size_t>(rng.below(n))};
    std::vector<double> d2(n, std::numeric_limits<double>::infinity());
    while (rows.size() < static_cast<std::size_t>(k)) {
        const Eigen::RowVectorXd c = x.row(static_cast<Eigen::Index>(rows.back()));
        double total = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            const double dd = (x.row(static_cast<Eigen::Index>(i)) - c).squaredNorm();
            d2[i] = std::min(d2[i], dd);
            total += d2[i];
        }
        std::size_t pick = 0;
        if (total > 0.0) {
            const double u = rng.uniform() * total;
            double cumulative = 0.0;
            pick = n;
            for (std::size_t i = 0; i < n; ++i) {
                cumulative += d2[i];
                if (d2[i] > 0.0 && cumulative > u) {
                    pick = i;
                    break;
                }
            }
            if (pick == n) // rounding left u at the very end: the last point with weight
                for (std::size_t i = n; i-- > 0;)
                    if (d2[i] > 0.0) {
                        pick = i;
                        break;
                    }
        } else {
            pick = static_cast<std::size_t>(rng.below(n));
        }
        rows.push_back(pick);
    }
    return rows;
}

KMeansResult kmeans(const Eigen::MatrixXd& x, const KMeansOptions& options) {
    checkData(x, options.k, "k-means");
    if (options.restarts < 1)
        throw Error("k-means: at least one start is needed");
    Rng streams(options.seed);
    KMeansResult best;
    for (int start = 0; start < options.restarts; ++start) {
        const std::uint64_t seed = streams.next();
        const auto rows = kmeansPlusPlusRows(x, options.k, seed);
        Eigen::MatrixXd centres(options.k, x.cols());
        for (int j = 0; j < options.k; ++j)
            centres.row(j) = x.row(static_cast<Eigen::Index>(rows[static_cast<std::size_t>(j)]));
        KMeansResult r = kmeansLloyd(x, centres, options.maxIterations, options.threads);
        if (start == 0 || r.totalWithinSs < best.totalWithinSs)
            best = std::move(r);
    }
    return best;
}

double meanSilhouette(const Eigen::MatrixXd& x, const std::vector<int>& cluster,
                      const std::vector<std::size_t>& rows) {
    if (cluster.size() != static_cast<std::size_t>(x.rows()))
        throw Error("silhouette: " + std::to_string(cluster.size()) + " labels for " +
                    std::to_string(x.rows()) + " points");
    std::vector<std::size_t> sample = rows;
    if (sample.empty())
        for (std::size_t i = 0; i < cluster.size(); ++i)
            sample.push_back(i);
    int k = 0;
    for (const std::size_t i : sample) {
        if (i >= cluster.size() || cluster[i] < 0)
            throw Error("silhouette: row " + std::to_string(i + 1) +
                        " is not a labelled point (labels are 0 .. k-1)");
        k = std::max(k, cluster[i] + 1);
    }
    std::vector<double> members(static_cast<std::size_t>(k), 0.0);
    for (const std::size_t i : sample)
        members[static_cast<std::size_t>(cluster[i])] += 1.0;
    double sum = 0.0;
    std::vector<double> distanceSum(static_cast<std::size_t>(k));
    for (const std::size_t i : sample) {
        std::fill(distanceSum.begin(), distanceSum.end(), 0.0);
        for (const std::size_t j : sample)
            if (j != i)
                distanceSum[static_cast<std::size_t>(cluster[j])] +=
                    (x.row(static_cast<Eigen::Index>(i)) - x.row(static_cast<Eigen::Index>(j)))
                        .norm();
        const auto own = static_cast<std::size_t>(cluster[i]);
        if (members[own] < 2.0)
            continue; // s(i) = 0 alone in its cluster
        const double a = distanceSum[own] / (members[own] - 1.0);
        double b = std::numeric_limits<double>::infinity();
        for (std::size_t c = 0; c < members.size(); ++c)
            if (c != own && members[c] > 0.0)
                b = std::min(b, distanceSum[c] / members[c]);
        if (std::isfinite(b) && std::max(a, b) > 0.0)
            sum += (b - a) / std::max(a, b);
    }
    return sum / static_cast<double>(sample.size());
}

} // namespace rgw::stats
