// Tumour habitats (segmentation/Habitats.h) and the clustering behind them
// (stats/KMeans.h, stats/GaussianMixture.h): k-means against R's kmeans
// (Lloyd) and EM against mclust::me on committed seeded data
// (tests/reference/habitats/make_habitats.R); habitats recovering the known
// compartments of a synthetic CT + PET tumour; determinism over seeds and
// thread counts; sampling of a series on another grid; the peritumoural ring
// against a brute-force distance; one real soft-tissue-sarcoma patient.
#include "Reference.h"
#include "TestData.h"
#include "io/nifti/Nifti.h"
#include "segmentation/HabitatFeatures.h"
#include "segmentation/Habitats.h"
#include "segmentation/PeritumouralRing.h"
#include "stats/DataTable.h"
#include "stats/GaussianMixture.h"
#include "stats/KMeans.h"
#include "util/Error.h"
#include "util/Random.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <limits>
#include <set>
#include <string>
#include <vector>

using namespace rgw;
using rgw::stats::DataTable;

namespace {

DataTable reference(const std::string& name) {
    return DataTable::read(test::referenceFile("habitats/" + name + ".csv"));
}

Eigen::MatrixXd matrixOf(const DataTable& t, const std::string& prefix, int columns) {
    std::vector<std::string> names;
    for (int c = 1; c <= columns; ++c)
        names.push_back(prefix + std::to_string(c));
    std::vector<std::size_t> rows(t.rows());
    for (std::size_t r = 0; r < rows.size(); ++r)
        rows[r] = r;
    return t.matrix(names, rows);
}

double summary(const DataTable& t, const std::string& quantity) {
    const auto& q = t.text("quantity");
    const auto& v = t.numbers("value");
    for (std::size_t r = 0; r < q.size(); ++r)
        if (q[r] == quantity)
            return v[r];
    ADD_FAILURE() << "no quantity " << quantity;
    return std::numeric_limits<double>::quiet_NaN();
}

struct Case {
    const char* name;
    int d;
    int k;
};
const Case kCases[] = {{"two_series", 2, 3}, {"three_series", 3, 4}};

} // namespace

// ---- k-means: identical to R's kmeans(algorithm = "Lloyd") -----------------

TEST(KMeans, LloydEqualsRFromTheSameInitialCentres) {
    for (const Case& c : kCases) {
        SCOPED_TRACE(c.name);
        const std::string base = c.name;
        const Eigen::MatrixXd x = matrixOf(reference(base + "_data"), "x", c.d);
        const Eigen::MatrixXd init = matrixOf(reference(base + "_initial_centres"), "x", c.d);
        const DataTable centres = reference(base + "_kmeans_centres");
        const DataTable rClusterTable = reference(base + "_kmeans_cluster");
        const auto& rCluster = rClusterTable.numbers("cluster");
        const DataTable sum = reference(base + "_kmeans_summary");
        for (const unsigned threads : {1u, 2u, 4u}) {
            const auto r = stats::kmeansLloyd(x, init, 100, threads);
            ASSERT_EQ(r.cluster.size(), rCluster.size());
            std::size_t mismatches = 0;
            for (std::size_t i = 0; i < r.cluster.size(); ++i)
                mismatches += r.cluster[i] + 1 != static_cast<int>(rCluster[i]);
            EXPECT_EQ(mismatches, 0u);
            EXPECT_TRUE(r.converged);
            EXPECT_EQ(r.reseededClusters, 0);
            EXPECT_EQ(r.iterations, static_cast<int>(summary(sum, "iter")));
            const Eigen::MatrixXd rCentres = matrixOf(centres, "x", c.d);
            const double maxCentre = (r.centres - rCentres).cwiseAbs().maxCoeff();
            EXPECT_LE(maxCentre, 1e-12);
            double maxWss = 0;
            for (int j = 0; j < c.k; ++j) {
                maxWss = std::max(maxWss, std::abs(r.withinSs[static_cast<std::size_t>(j)] -
                                                   centres.numbers("withinss")[j]));
                EXPECT_EQ(r.sizes[static_cast<std::size_t>(j)],
                          static_cast<std::size_t>(centres.numbers("size")[j]));
            }
            EXPECT_LE(maxWss, 1e-10);
            EXPECT_NEAR(r.totalWithinSs, summary(sum, "tot_withinss"), 1e-10);
            const double silhouette = stats::meanSilhouette(x, r.cluster);
            EXPECT_NEAR(silhouette, summary(sum, "mean_silhouette"), 1e-12);
            if (threads == 1)
                std::cout << "[ measured ] " << c.name << " k-means: max |centre - R| " << maxCentre
                          << ", max |withinss - R| " << maxWss << ", |silhouette - R| "
                          << std::abs(silhouette - summary(sum, "mean_silhouette")) << "\n";
        }
    }
}

TEST(KMeans, SeededRestartsAreDeterministicAndKeepTheLowestWithinSs) {
    const Eigen::MatrixXd x = matrixOf(reference("three_series_data"), "x", 3);
    stats::KMeansOptions o;
    o.k = 4;
    o.seed = 99;
    o.threads = 1;
    const auto a = stats::kmeans(x, o);
    o.threads = 3;
    const auto b = stats::kmeans(x, o);
    EXPECT_EQ(a.cluster, b.cluster);
    EXPECT_EQ(a.centres, b.centres);
    // No single start does better than the kept one.
    Rng streams(99);
    for (int s = 0; s < o.restarts; ++s) {
        const auto rows = stats::kmeansPlusPlusRows(x, 4, streams.next());
        Eigen::MatrixXd init(4, 3);
        for (int j = 0; j < 4; ++j)
            init.row(j) = x.row(static_cast<Eigen::Index>(rows[static_cast<std::size_t>(j)]));
        EXPECT_GE(stats::kmeansLloyd(x, init).totalWithinSs, a.totalWithinSs);
    }
    // k-means++ rows are distinct points and depend only on the seed.
    const auto rows = stats::kmeansPlusPlusRows(x, 4, 5);
    EXPECT_EQ(rows, stats::kmeansPlusPlusRows(x, 4, 5));
    EXPECT_EQ(std::set<std::size_t>(rows.begin(), rows.end()).size(), 4u);
}

TEST(KMeans, AnEmptiedClusterIsReseededNotAnError) {
    Eigen::MatrixXd x(6, 1);
    x << 0, 0.1, 0.2, 10, 10.1, 10.2;
    Eigen::MatrixXd init(3, 1);
    init << 0.1, 10.1, 100; // the third centre attracts nothing
    const auto r = stats::kmeansLloyd(x, init);
    EXPECT_GE(r.reseededClusters, 1);
    for (const std::size_t s : r.sizes)
        EXPECT_GT(s, 0u);
    EXPECT_THROW(stats::kmeansLloyd(x, Eigen::MatrixXd::Zero(7, 1)), Error);
    Eigen::MatrixXd bad = x;
    bad(2, 0) = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW(stats::kmeansLloyd(bad, init), Error);
}

// ---- Gaussian mixture: equal to mclust::me(x, "VVV", z) --------------------

// Tolerance: both run the same EM from the same 0/1 start (R's k-means
// clusters, identical to ours above) with the same stopping rule (relative
// log-likelihood change <= 1e-5), so they stop after the same iteration; the
// remaining differences are rounding (mclust forms each covariance's Cholesky
// factor by Householder QR of the weighted data, we factor the covariance),
// amplified a little by the iterations: 1e-10 relative is asked (measured
// about 1e-14), the measured deviation is printed.
TEST(GaussianMixture, EmEqualsMclustMeFromTheSameStart) {
    for (const Case& c : kCases) {
        SCOPED_TRACE(c.name);
        const std::string base = c.name;
        const Eigen::MatrixXd x = matrixOf(reference(base + "_data"), "x", c.d);
        const Eigen::MatrixXd init = matrixOf(reference(base + "_initial_centres"), "x", c.d);
        const auto km = stats::kmeansLloyd(x, init);
        const DataTable comp = reference(base + "_gmm_components");
        const DataTable sum = reference(base + "_gmm_summary");
        const DataTable rMapTable = reference(base + "_gmm_cluster");
        const auto& rMap = rMapTable.numbers("cluster");

        for (const unsigned threads : {1u, 2u}) {
            stats::EmOptions o;
            o.threads = threads;
            const auto fit =
                stats::fitGaussianMixture(x, stats::hardResponsibilities(km.cluster, c.k), o);
            EXPECT_TRUE(fit.converged);
            EXPECT_EQ(fit.iterations, static_cast<int>(summary(sum, "iterations")));
            EXPECT_EQ(fit.parameters, static_cast<int>(summary(sum, "npar")));
            const double rel = [&] {
                double worst = 0;
                auto track = [&](double a, double b) {
                    const double dev = std::abs(a - b) / std::max(1.0, std::abs(b));
                    worst = std::max(worst, dev);
                    EXPECT_LE(dev, 1e-10) << a << " vs " << b;
                };
                track(fit.logLikelihood, summary(sum, "loglik"));
                track(fit.bic, summary(sum, "bic"));
                for (int j = 0; j < c.k; ++j) {
                    track(fit.model.weights(j), comp.numbers("pro")[static_cast<std::size_t>(j)]);
                    for (int a = 0; a < c.d; ++a) {
                        track(fit.model.means(j, a),
                              comp.numbers("mean" +
                                           std::to_string(a + 1))[static_cast<std::size_t>(j)]);
                        for (int b = 0; b < c.d; ++b)
                            track(fit.model.covariances[static_cast<std::size_t>(j)](a, b),
                                  comp.numbers("sigma" + std::to_string(a + 1) +
                                               std::to_string(b + 1))[static_cast<std::size_t>(j)]);
                    }
                }
                return worst;
            }();
            std::size_t mismatches = 0;
            for (std::size_t i = 0; i < fit.cluster.size(); ++i)
                mismatches += fit.cluster[i] + 1 != static_cast<int>(rMap[i]);
            EXPECT_EQ(mismatches, 0u);
            if (threads == 1)
                std::cout << "[ measured ] " << c.name
                          << " EM vs mclust::me: max relative deviation " << rel << "\n";
        }
    }
}

// A seeded k-means++ start reaches the optimum mclust's own hierarchical
// start reaches (both run to a relative change of 1e-10).
TEST(GaussianMixture, SeededStartReachesMclustsOptimum) {
    for (const Case& c : kCases) {
        SCOPED_TRACE(c.name);
        const std::string base = c.name;
        const Eigen::MatrixXd x = matrixOf(reference(base + "_data"), "x", c.d);
        const DataTable sum = reference(base + "_gmm_summary");
        stats::KMeansOptions ko;
        ko.k = c.k;
        ko.seed = 2024;
        const auto km = stats::kmeans(x, ko);
        stats::EmOptions o;
        o.tolerance = 1e-10;
        const auto fit =
            stats::fitGaussianMixture(x, stats::hardResponsibilities(km.cluster, c.k), o);
        const double dev = std::abs(fit.logLikelihood - summary(sum, "mclust_loglik"));
        std::cout << "[ measured ] " << c.name << " |logL - Mclust logL| " << dev << "\n";
        EXPECT_LE(dev, 1e-6);
        EXPECT_NEAR(fit.bic, summary(sum, "mclust_bic"), 2e-6);
    }
}

TEST(GaussianMixture, RidgeKeepsTiedValuesEstimable) {
    // A cluster of identical points: singular without a ridge, fine with one.
    Eigen::MatrixXd x(8, 2);
    x << 0, 0, 0, 0, 0, 0, 0, 0, 5, 5, 5.5, 6, 6, 5.2, 4.8, 6.1;
    const Eigen::MatrixXd z = stats::hardResponsibilities({0, 0, 0, 0, 1, 1, 1, 1}, 2);
    EXPECT_THROW(stats::fitGaussianMixture(x, z), Error);
    stats::EmOptions o;
    o.ridge = 1e-6;
    const auto fit = stats::fitGaussianMixture(x, z, o);
    EXPECT_NEAR(fit.model.covariances[0](0, 0), 1e-6, 1e-12);
    EXPECT_EQ(fit.cluster, (std::vector<int>{0, 0, 0, 0, 1, 1, 1, 1}));
}

// ---- habitats of a synthetic CT + PET tumour ---------------------------------

namespace {

Geometry grid(std::array<std::int64_t, 3> size, Eigen::Vector3d spacing,
              Eigen::Vector3d origin = Eigen::Vector3d::Zero()) {
    Geometry g;
    g.size = size;
    g.spacing = spacing;
    g.origin = origin;
    return g;
}

/// A spherical tumour of three shells (radius 10 mm): necrotic core (CT 20,
/// SUV 2), active rim (CT 45, SUV 12), infiltrating edge (CT 70, SUV 5),
/// Gaussian noise; `truth` gives each tumour voxel's shell (1, 2, 3).
struct Phantom {
    Mask roi;
    Volume ct, pet;
    LabelMap truth;
};

Phantom phantom(std::uint64_t seed) {
    Phantom p;
    const Geometry g = grid({28, 28, 14}, {0.9, 0.9, 1.8}, {-12.6, -12.6, -12.6});
    p.roi = Mask(g, 0);
    p.ct = Volume(g, -100.0f);
    p.pet = Volume(g, 0.5f);
    p.truth = LabelMap(g, 0);
    Rng rng(seed);
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i) {
                const Eigen::Vector3d x = g.physicalPoint(Eigen::Vector3d(
                    static_cast<double>(i), static_cast<double>(j), static_cast<double>(k)));
                const double r = x.norm();
                const double ctNoise = 3.0 * rng.normal(), petNoise = 0.6 * rng.normal();
                if (r > 10.0)
                    continue;
                const int shell = r < 4.5 ? 1 : (r < 7.5 ? 2 : 3);
                const double ct = shell == 1 ? 20 : (shell == 2 ? 45 : 70);
                const double pet = shell == 1 ? 2 : (shell == 2 ? 12 : 5);
                p.roi.at(i, j, k) = 1;
                p.truth.at(i, j, k) = static_cast<std::uint16_t>(shell);
                p.ct.at(i, j, k) = static_cast<float>(ct + ctNoise);
                p.pet.at(i, j, k) = static_cast<float>(pet + petNoise);
            }
    return p;
}

double dice(const Mask& a, const LabelMap& truth, int label) {
    std::size_t both = 0, na = 0, nb = 0;
    for (std::size_t v = 0; v < a.voxels.size(); ++v) {
        const bool x = a.voxels[v] != 0, y = truth.voxels[v] == label;
        both += x && y;
        na += x;
        nb += y;
    }
    return 2.0 * static_cast<double>(both) / static_cast<double>(na + nb);
}

} // namespace

TEST(Habitats, ChosenKRecoversTheThreeCompartmentsOfACtPetTumour) {
    const Phantom p = phantom(11);
    const std::vector<segmentation::HabitatSeries> series{{"CT", &p.ct}, {"PET", &p.pet}};
    for (const auto method :
         {segmentation::HabitatMethod::KMeans, segmentation::HabitatMethod::GaussianMixture}) {
        SCOPED_TRACE(segmentation::toString(method));
        segmentation::HabitatOptions o;
        o.method = method;
        o.kMin = method == segmentation::HabitatMethod::KMeans ? 2 : 1;
        o.kMax = 5;
        o.seed = 3;
        const auto r = segmentation::computeHabitats(p.roi, series, o);
        ASSERT_EQ(r.provenance.k, 3);
        EXPECT_EQ(r.provenance.criterion,
                  method == segmentation::HabitatMethod::KMeans ? "silhouette" : "bic");
        EXPECT_EQ(r.provenance.criterionValues.size(),
                  method == segmentation::HabitatMethod::KMeans ? 4u : 5u);
        ASSERT_EQ(r.habitats.size(), 3u);
        double fractions = 0;
        for (int h = 0; h < 3; ++h) {
            // Ordered by mean CT ascending: habitat h + 1 is shell h + 1.
            const double d = dice(r.habitats[static_cast<std::size_t>(h)].mask, p.truth, h + 1);
            std::cout << "[ measured ] " << segmentation::toString(method) << " habitat " << h + 1
                      << " Dice " << d << "\n";
            EXPECT_GE(d, 0.95);
            fractions += r.habitats[static_cast<std::size_t>(h)].fraction;
        }
        EXPECT_NEAR(fractions, 1.0, 1e-12);
        EXPECT_NEAR(r.habitats[0].centre[0], 20, 1.5);
        EXPECT_NEAR(r.habitats[1].centre[1], 12, 1.0);
        EXPECT_NEAR(r.habitats[2].centre[0], 70, 1.5);
        EXPECT_EQ(r.provenance.excludedVoxels, 0u);
        const std::string json = segmentation::toJson(r.provenance);
        EXPECT_NE(json.find("\"k\":3"), std::string::npos) << json;
        EXPECT_NE(json.find("\"name\":\"PET\""), std::string::npos) << json;
    }
}

TEST(Habitats, SameSeedSameLabelsOnAnyThreadCountAndLabelsFollowIntensityNotSeed) {
    const Phantom p = phantom(12);
    const std::vector<segmentation::HabitatSeries> series{{"CT", &p.ct}, {"PET", &p.pet}};
    for (const auto method :
         {segmentation::HabitatMethod::KMeans, segmentation::HabitatMethod::GaussianMixture}) {
        segmentation::HabitatOptions o;
        o.method = method;
        o.k = 4; // more habitats than compartments: a split the seed could permute
        o.seed = 5;
        o.threads = 1;
        const auto a = segmentation::computeHabitats(p.roi, series, o);
        o.threads = 2;
        const auto b = segmentation::computeHabitats(p.roi, series, o);
        o.threads = 5;
        const auto c = segmentation::computeHabitats(p.roi, series, o);
        EXPECT_EQ(a.labels.voxels, b.labels.voxels);
        EXPECT_EQ(a.labels.voxels, c.labels.voxels);
        for (std::size_t h = 1; h < a.habitats.size(); ++h)
            EXPECT_LE(a.habitats[h - 1].standardisedCentre[0], a.habitats[h].standardisedCentre[0]);
        // With the true number, any seed gives the same labels.
        o.k = 3;
        o.seed = 1;
        const auto s1 = segmentation::computeHabitats(p.roi, series, o);
        o.seed = 77;
        const auto s2 = segmentation::computeHabitats(p.roi, series, o);
        EXPECT_EQ(s1.labels.voxels, s2.labels.voxels);
    }
}

TEST(Habitats, SeriesOnAnotherGridAreSampledInPatientSpaceAndGapsReported) {
    const Phantom p = phantom(13);
    // A PET on a coarser, shifted grid holding a linear field, which
    // trilinear interpolation reproduces exactly where it has neighbours.
    Volume pet(grid({12, 12, 9}, {2.5, 2.5, 3.0}, {-13.0, -11.0, -4.0}));
    auto field = [](const Eigen::Vector3d& x) {
        return 3.0 + 0.2 * x.x() - 0.1 * x.y() + 0.05 * x.z();
    };
    for (std::int64_t k = 0; k < 9; ++k)
        for (std::int64_t j = 0; j < 12; ++j)
            for (std::int64_t i = 0; i < 12; ++i)
                pet.at(i, j, k) = static_cast<float>(field(
                    pet.geometry.physicalPoint(Eigen::Vector3d(double(i), double(j), double(k)))));
    std::vector<std::size_t> voxels;
    for (std::size_t v = 0; v < p.roi.voxels.size(); ++v)
        if (p.roi.voxels[v])
            voxels.push_back(v);
    const auto sampled = segmentation::sampleAtVoxels(pet, p.roi.geometry, voxels, 2);
    const Geometry& g = p.roi.geometry;
    std::size_t outside = 0;
    double worst = 0;
    for (std::size_t n = 0; n < voxels.size(); ++n) {
        const std::size_t v = voxels[n];
        const auto i = static_cast<std::int64_t>(v % 28),
                   j = static_cast<std::int64_t>(v / 28 % 28),
                   k = static_cast<std::int64_t>(v / (28 * 28));
        const Eigen::Vector3d x = g.physicalPoint(Eigen::Vector3d(double(i), double(j), double(k)));
        const Eigen::Vector3d c = pet.geometry.continuousIndex(x);
        const bool inside =
            c.x() >= 0 && c.y() >= 0 && c.z() >= 0 && c.x() <= 11 && c.y() <= 11 && c.z() <= 8;
        const bool beyond = c.x() < -0.5 || c.y() < -0.5 || c.z() < -0.5 || c.x() > 11.5 ||
                            c.y() > 11.5 || c.z() > 8.5;
        if (beyond) {
            EXPECT_TRUE(std::isnan(sampled[n]));
            ++outside;
        } else if (inside) {
            worst = std::max(worst, std::abs(sampled[n] - field(x)));
        }
    }
    std::cout << "[ measured ] trilinear sample of a linear field: max error " << worst << "\n";
    EXPECT_LE(worst, 1e-4);
    ASSERT_GT(outside, 0u); // the shifted PET misses part of the tumour

    const auto f = segmentation::habitatFeatures(p.roi, {{"CT", &p.ct}, {"PET", &pet}}, 1);
    EXPECT_EQ(f.excludedVoxels, outside);
    EXPECT_EQ(f.missing[0], 0u);
    EXPECT_EQ(f.missing[1], outside);
    EXPECT_FALSE(f.resampled[0]);
    EXPECT_TRUE(f.resampled[1]);
    EXPECT_EQ(f.voxels.size() + outside, f.roiVoxels);
    // Standardised: mean 0, sd 1 per series.
    for (Eigen::Index s = 0; s < 2; ++s) {
        const Eigen::VectorXd col = f.standardised.col(s);
        EXPECT_NEAR(col.mean(), 0.0, 1e-12);
        EXPECT_NEAR(std::sqrt((col.array() - col.mean()).square().sum() / double(col.size() - 1)),
                    1.0, 1e-12);
    }
    segmentation::HabitatOptions o;
    o.k = 2;
    const auto r = segmentation::computeHabitats(p.roi, {{"CT", &p.ct}, {"PET", &pet}}, o);
    EXPECT_EQ(r.provenance.excludedVoxels, outside);
    std::size_t labelled = 0;
    for (std::size_t v = 0; v < r.labels.voxels.size(); ++v)
        labelled += r.labels.voxels[v] != 0;
    EXPECT_EQ(labelled, f.voxels.size());
}

TEST(Habitats, BadInputsAreNamedErrors) {
    const Phantom p = phantom(14);
    Volume flat(p.ct.geometry, 7.0f);
    EXPECT_THROW(segmentation::computeHabitats(p.roi, {{"flat", &flat}}), Error);
    EXPECT_THROW(segmentation::computeHabitats(p.roi, {}), Error);
    EXPECT_THROW(segmentation::computeHabitats(Mask(p.roi.geometry, 0), {{"CT", &p.ct}}), Error);
    segmentation::HabitatOptions o;
    o.kMin = 1; // the silhouette needs two clusters
    EXPECT_THROW(segmentation::computeHabitats(p.roi, {{"CT", &p.ct}}, o), Error);
    o.kMin = 2;
    o.k = 100000;
    EXPECT_THROW(segmentation::computeHabitats(p.roi, {{"CT", &p.ct}}, o), Error);
    // Over the memory budget: a clear error before allocating.
    budget::setMemoryBytes(1000);
    try {
        segmentation::computeHabitats(p.roi, {{"CT", &p.ct}});
        ADD_FAILURE() << "no budget error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("memory budget"), std::string::npos) << e.what();
    }
    budget::setMemoryBytes(0);
}

// ---- peritumoural ring --------------------------------------------------------

TEST(PeritumouralRing, HoldsExactlyTheVoxelsWithinTheWidthOutsideTumourAndExclusions) {
    // Anisotropic grid, irregular tumour (two overlapping blobs) near the edge.
    const Geometry g = grid({30, 26, 12}, {0.7, 1.1, 2.4}, {5, -3, 10});
    Mask tumour(g, 0), bone(g, 0);
    for (std::int64_t k = 0; k < 12; ++k)
        for (std::int64_t j = 0; j < 26; ++j)
            for (std::int64_t i = 0; i < 30; ++i) {
                const Eigen::Vector3d x(i * 0.7, j * 1.1, k * 2.4);
                if ((x - Eigen::Vector3d(6, 12, 12)).norm() < 5 ||
                    (x - Eigen::Vector3d(10, 16, 14)).norm() < 4)
                    tumour.at(i, j, k) = 1;
                if (j >= 22)
                    bone.at(i, j, k) = 1; // a slab the ring must leave out
            }
    for (const double inner : {0.0, 2.0}) {
        segmentation::RingOptions o;
        o.widthMm = 4.0;
        o.innerMm = inner;
        o.excluded = {&bone};
        const Mask ring = segmentation::peritumouralRing(tumour, o);
        std::size_t ringVoxels = 0, disagreements = 0;
        const double halfDiagonal = 0.5 * g.spacing.norm();
        std::vector<Eigen::Vector3d> tumourCentres;
        for (std::int64_t c = 0; c < 12; ++c)
            for (std::int64_t b = 0; b < 26; ++b)
                for (std::int64_t a = 0; a < 30; ++a)
                    if (tumour.at(a, b, c))
                        tumourCentres.emplace_back(a * 0.7, b * 1.1, c * 2.4);
        for (std::int64_t k = 0; k < 12; ++k)
            for (std::int64_t j = 0; j < 26; ++j)
                for (std::int64_t i = 0; i < 30; ++i) {
                    // Brute force: the distance to the nearest tumour voxel centre.
                    const Eigen::Vector3d x(i * 0.7, j * 1.1, k * 2.4);
                    double best = std::numeric_limits<double>::infinity();
                    for (const Eigen::Vector3d& t : tumourCentres)
                        best = std::min(best, (x - t).norm());
                    const bool in = ring.at(i, j, k) != 0;
                    ringVoxels += in;
                    const bool expected = !tumour.at(i, j, k) && !bone.at(i, j, k) &&
                                          best <= inner + 4.0 + 1e-9 && best > inner + 1e-9;
                    disagreements += in != expected;
                    if (in) {
                        EXPECT_FALSE(tumour.at(i, j, k));
                        EXPECT_FALSE(bone.at(i, j, k));
                        EXPECT_LE(best, inner + 4.0 + halfDiagonal);
                    }
                }
        EXPECT_EQ(disagreements, 0u) << "inner " << inner;
        EXPECT_GT(ringVoxels, 100u);
    }
    segmentation::RingOptions bad;
    bad.widthMm = 0;
    EXPECT_THROW(segmentation::peritumouralRing(tumour, bad), Error);
}

// ---- one real patient ---------------------------------------------------------

TEST(Habitats, RealSarcomaPatientCtAndPet) {
    RGW_REQUIRE_TEST_DATA();
    const auto dir = test::ibsiDataSets() / "ibsi_validation" / "nifti" / "STS_001";
    const Mask roi = nifti::readMask(dir / "CT_mask.nii.gz");
    const Volume ct = nifti::readVolume(dir / "CT_image.nii.gz");
    const Volume pet = nifti::readVolume(dir / "PET_image.nii.gz");
    segmentation::HabitatOptions o;
    o.k = 3;
    o.seed = 1;
    const auto r = segmentation::computeHabitats(roi, {{"CT", &ct}, {"PET", &pet}}, o);
    ASSERT_EQ(r.habitats.size(), 3u);
    double fractions = 0;
    std::size_t voxels = 0;
    for (const auto& h : r.habitats) {
        fractions += h.fraction;
        voxels += h.voxels;
        EXPECT_GT(h.voxels, 0u);
    }
    EXPECT_NEAR(fractions, 1.0, 1e-12);
    EXPECT_EQ(voxels, r.provenance.clusteredVoxels);
    EXPECT_EQ(r.provenance.clusteredVoxels + r.provenance.excludedVoxels, r.provenance.roiVoxels);
    EXPECT_TRUE(r.provenance.seriesResampled[1]); // PET lies on its own grid
    std::cout << "[ measured ] STS_001 CT+PET habitats: " << r.provenance.roiVoxels
              << " ROI voxels, " << r.provenance.excludedVoxels << " without PET; fractions "
              << r.habitats[0].fraction << " " << r.habitats[1].fraction << " "
              << r.habitats[2].fraction << "\n";
}
