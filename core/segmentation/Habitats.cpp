#include "segmentation/Habitats.h"

#include "stats/GaussianMixture.h"
#include "stats/KMeans.h"
#include "util/Error.h"
#include "util/Random.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

namespace rgw::segmentation {

const char* toString(HabitatMethod method) {
    return method == HabitatMethod::KMeans ? "kmeans" : "gmm";
}

HabitatMethod habitatMethodFromString(const std::string& text) {
    if (text == "kmeans" || text == "k-means")
        return HabitatMethod::KMeans;
    if (text == "gmm" || text == "gaussian-mixture")
        return HabitatMethod::GaussianMixture;
    throw Error("unknown habitat method '" + text + "' (kmeans or gmm)");
}

namespace {

/// One clustering of the features, in z units, labels 0 .. k−1 unordered.
struct Clustering {
    std::vector<int> cluster;
    Eigen::MatrixXd centres;
    double withinSs = 0, logLikelihood = 0, bic = 0;
    int iterations = 0;
    bool converged = false;
};

Clustering runKMeans(const Eigen::MatrixXd& x, int k, const HabitatOptions& o) {
    stats::KMeansOptions km;
    km.k = k;
    km.restarts = o.restarts;
    km.maxIterations = o.maxIterations;
    km.seed = o.seed;
    km.threads = o.threads;
    stats::KMeansResult r = stats::kmeans(x, km);
    Clustering c;
    c.cluster = std::move(r.cluster);
    c.centres = std::move(r.centres);
    c.withinSs = r.totalWithinSs;
    c.iterations = r.iterations;
    c.converged = r.converged;
    return c;
}

/// EM started from the hard assignment of the seeded k-means.
Clustering runGmm(const Eigen::MatrixXd& x, int k, const HabitatOptions& o) {
    const Clustering start = runKMeans(x, k, o);
    stats::EmOptions em;
    em.maxIterations = o.emMaxIterations;
    em.tolerance = o.emTolerance;
    em.ridge = o.ridge;
    em.threads = o.threads;
    stats::GaussianMixtureFit fit =
        stats::fitGaussianMixture(x, stats::hardResponsibilities(start.cluster, k), em);
    Clustering c;
    c.cluster = std::move(fit.cluster);
    c.centres = fit.model.means;
    c.withinSs = start.withinSs;
    c.logLikelihood = fit.logLikelihood;
    c.bic = fit.bic;
    c.iterations = fit.iterations;
    c.converged = fit.converged;
    return c;
}

Clustering run(const Eigen::MatrixXd& x, int k, const HabitatOptions& o) {
    return o.method == HabitatMethod::KMeans ? runKMeans(x, k, o) : runGmm(x, k, o);
}

/// A seeded subsample of min(n, m) rows (partial Fisher–Yates), ascending.
std::vector<std::size_t> silhouetteRows(std::size_t n, std::size_t m, std::uint64_t seed) {
    std::vector<std::size_t> rows(n);
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    if (m >= n)
        return rows;
    Rng rng(hashKey("habitat silhouette subsample", seed));
    for (std::size_t i = 0; i < m; ++i)
        std::swap(rows[i], rows[i + static_cast<std::size_t>(rng.below(n - i))]);
    rows.resize(m);
    std::sort(rows.begin(), rows.end());
    return rows;
}

void checkOptions(const HabitatOptions& o, std::size_t n) {
    const int lowest = o.method == HabitatMethod::KMeans ? 2 : 1;
    if (o.k < 0)
        throw Error("habitats: the number of habitats must be >= 1 (or 0 to choose it)");
    if (o.k == 0 && (o.kMin < lowest || o.kMax < o.kMin))
        throw Error("habitats: the range of k to choose from must be " + std::to_string(lowest) +
                    " <= kMin <= kMax (" + toString(o.method) + "), not " + std::to_string(o.kMin) +
                    " .. " + std::to_string(o.kMax));
    const int top = o.k > 0 ? o.k : o.kMax;
    if (static_cast<std::size_t>(top) > n)
        throw Error("habitats: " + std::to_string(top) + " habitats asked of " + std::to_string(n) +
                    " clustered voxels");
    if (top > 255)
        throw Error("habitats: at most 255 habitats");
    if (o.restarts < 1 || o.maxIterations < 1 || o.emMaxIterations < 1)
        throw Error("habitats: starts and iterations must be >= 1");
    if (o.k == 0 && o.method == HabitatMethod::KMeans && o.silhouetteSample < 2)
        throw Error("habitats: the silhouette subsample needs at least 2 voxels");
}

void appendNumber(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    out += buffer;
}

void appendString(std::string& out, const std::string& s) {
    out += '"';
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\u%04x", u);
            out += buffer;
        } else {
            out += c;
        }
    }
    out += '"';
}

} // namespace

HabitatResult computeHabitats(const Mask& roi, const std::vector<HabitatSeries>& series,
                              const HabitatOptions& options) {
    std::vector<std::string> names;
    for (const HabitatSeries& s : series)
        names.push_back(s.name);
    return computeHabitats(roi, habitatFeatures(roi, series, options.threads), names, options);
}

HabitatResult computeHabitats(const Mask& roi, const HabitatFeatures& f,
                              const std::vector<std::string>& seriesNames,
                              const HabitatOptions& options) {
    const Eigen::MatrixXd& x = f.standardised;
    const auto n = static_cast<std::size_t>(x.rows());
    const auto d = static_cast<std::size_t>(x.cols());
    if (seriesNames.size() != d || f.voxels.size() != n || f.mean.size() != d || f.sd.size() != d)
        throw Error("habitats: the features do not match the " +
                    std::to_string(seriesNames.size()) + " series named");
    checkOptions(options, n);
    const int top = options.k > 0 ? options.k : options.kMax;
    const auto kTop = static_cast<std::uint64_t>(top);
    // Responsibilities (and their 0/1 start) for a GMM, labels, the masks.
    const std::uint64_t clustering = budget::product(
        {n, options.method == HabitatMethod::GaussianMixture ? 2 * kTop : 0, sizeof(double)});
    const std::uint64_t output = budget::product({roi.geometry.voxelCount(), kTop + 2});
    budget::requireMemory(budget::sum(budget::sum(clustering, output), budget::product({n, 8})),
                          "habitats",
                          "clustering " + std::to_string(n) + " voxels × " + std::to_string(d) +
                              " series into up to " + std::to_string(top) + " habitats");

    HabitatResult result;
    HabitatProvenance& p = result.provenance;
    Clustering chosen;
    if (options.k > 0) {
        chosen = run(x, options.k, options);
        p.k = options.k;
        p.criterion = "given";
    } else if (options.method == HabitatMethod::GaussianMixture) {
        p.criterion = "bic";
        double best = -std::numeric_limits<double>::infinity();
        for (int k = options.kMin; k <= options.kMax; ++k) {
            double bic = std::numeric_limits<double>::quiet_NaN();
            try {
                Clustering c = runGmm(x, k, options);
                bic = c.bic;
                if (bic > best) {
                    best = bic;
                    chosen = std::move(c);
                    p.k = k;
                }
            } catch (const Error&) {
                // A k the data cannot support (empty or singular component): no BIC.
            }
            p.criterionValues.emplace_back(k, bic);
        }
        if (p.k == 0)
            throw Error("habitats: no Gaussian mixture with " + std::to_string(options.kMin) +
                        " to " + std::to_string(options.kMax) +
                        " components could be fitted (raise the ridge)");
    } else {
        p.criterion = "silhouette";
        const auto rows = silhouetteRows(n, options.silhouetteSample, options.seed);
        double best = -std::numeric_limits<double>::infinity();
        for (int k = options.kMin; k <= options.kMax; ++k) {
            Clustering c = runKMeans(x, k, options);
            const double s = stats::meanSilhouette(x, c.cluster, rows);
            p.criterionValues.emplace_back(k, s);
            if (s > best) {
                best = s;
                chosen = std::move(c);
                p.k = k;
            }
        }
    }

    // Habitat order: centres sorted lexicographically (series order), ascending.
    const int k = p.k;
    std::vector<int> order(static_cast<std::size_t>(k));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        for (std::size_t s = 0; s < d; ++s) {
            const double ca = chosen.centres(a, static_cast<Eigen::Index>(s));
            const double cb = chosen.centres(b, static_cast<Eigen::Index>(s));
            if (ca != cb)
                return ca < cb;
        }
        return false;
    });
    std::vector<int> labelOf(static_cast<std::size_t>(k));
    for (int rank = 0; rank < k; ++rank)
        labelOf[static_cast<std::size_t>(order[static_cast<std::size_t>(rank)])] = rank + 1;

    result.labels = LabelMap(roi.geometry, 0);
    result.habitats.resize(static_cast<std::size_t>(k));
    for (int rank = 0; rank < k; ++rank) {
        Habitat& h = result.habitats[static_cast<std::size_t>(rank)];
        const int c = order[static_cast<std::size_t>(rank)];
        h.label = rank + 1;
        h.mask = Mask(roi.geometry, 0);
        for (std::size_t s = 0; s < d; ++s) {
            const double z = chosen.centres(c, static_cast<Eigen::Index>(s));
            h.standardisedCentre.push_back(z);
            h.centre.push_back(f.mean[s] + f.sd[s] * z);
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        const int label = labelOf[static_cast<std::size_t>(chosen.cluster[i])];
        result.labels.voxels[f.voxels[i]] = static_cast<std::uint16_t>(label);
        Habitat& h = result.habitats[static_cast<std::size_t>(label - 1)];
        h.mask.voxels[f.voxels[i]] = 1;
        ++h.voxels;
    }
    for (Habitat& h : result.habitats)
        h.fraction = static_cast<double>(h.voxels) / static_cast<double>(n);

    p.method = options.method;
    p.seed = options.seed;
    p.restarts = options.restarts;
    p.ridge = options.method == HabitatMethod::GaussianMixture ? options.ridge : 0.0;
    p.series = seriesNames;
    p.seriesMean = f.mean;
    p.seriesSd = f.sd;
    p.seriesResampled = f.resampled;
    p.withinSs = chosen.withinSs;
    p.logLikelihood = chosen.logLikelihood;
    p.bic = chosen.bic;
    p.iterations = chosen.iterations;
    p.converged = chosen.converged;
    p.roiVoxels = f.roiVoxels;
    p.clusteredVoxels = n;
    p.excludedVoxels = f.excludedVoxels;
    return result;
}

std::string toJson(const HabitatProvenance& p) {
    std::string out = "{\"method\":";
    appendString(out, toString(p.method));
    out += ",\"k\":" + std::to_string(p.k) + ",\"seed\":\"" + std::to_string(p.seed) +
           "\",\"restarts\":" + std::to_string(p.restarts);
    if (p.method == HabitatMethod::GaussianMixture) {
        out += ",\"ridge\":";
        appendNumber(out, p.ridge);
    }
    out += ",\"series\":[";
    for (std::size_t s = 0; s < p.series.size(); ++s) {
        if (s)
            out += ',';
        out += "{\"name\":";
        appendString(out, p.series[s]);
        out += ",\"mean\":";
        appendNumber(out, s < p.seriesMean.size() ? p.seriesMean[s] : NAN);
        out += ",\"sd\":";
        appendNumber(out, s < p.seriesSd.size() ? p.seriesSd[s] : NAN);
        out += ",\"resampled\":";
        out += s < p.seriesResampled.size() && p.seriesResampled[s] ? "true" : "false";
        out += '}';
    }
    out += "],\"criterion\":";
    appendString(out, p.criterion);
    out += ",\"criterion_values\":[";
    for (std::size_t i = 0; i < p.criterionValues.size(); ++i) {
        if (i)
            out += ',';
        out += "{\"k\":" + std::to_string(p.criterionValues[i].first) + ",\"value\":";
        appendNumber(out, p.criterionValues[i].second);
        out += '}';
    }
    out += "],\"within_ss\":";
    appendNumber(out, p.withinSs);
    if (p.method == HabitatMethod::GaussianMixture) {
        out += ",\"log_likelihood\":";
        appendNumber(out, p.logLikelihood);
        out += ",\"bic\":";
        appendNumber(out, p.bic);
    }
    out += ",\"iterations\":" + std::to_string(p.iterations) +
           ",\"converged\":" + (p.converged ? "true" : "false") +
           ",\"roi_voxels\":" + std::to_string(p.roiVoxels) +
           ",\"clustered_voxels\":" + std::to_string(p.clusteredVoxels) +
           ",\"excluded_voxels\":" + std::to_string(p.excludedVoxels) + "}";
    return out;
}

} // namespace rgw::segmentation
