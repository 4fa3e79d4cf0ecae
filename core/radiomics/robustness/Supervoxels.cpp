#include "radiomics/robustness/Supervoxels.h"

#include "util/Error.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

namespace rgw::radiomics::robustness {

namespace {

using Index3 = std::array<std::int64_t, 3>;

struct Centre {
    Eigen::Vector3d position; ///< continuous voxel index
    double intensity = 0.0;
};

double intensitySd(const Volume& image) {
    double mean = 0.0;
    for (const float v : image.voxels)
        mean += v;
    mean /= static_cast<double>(image.voxels.size());
    double ss = 0.0;
    for (const float v : image.voxels)
        ss += (v - mean) * (v - mean);
    const double sd = std::sqrt(ss / static_cast<double>(image.voxels.size()));
    return sd > 0.0 ? sd : 1.0; // a constant image: intensity plays no part
}

std::vector<Centre> gridSeeds(const Volume& image, const Index3& step) {
    const Geometry& g = image.geometry;
    std::vector<Centre> centres;
    for (std::int64_t k = step[2] / 2; k < g.size[2]; k += step[2])
        for (std::int64_t j = step[1] / 2; j < g.size[1]; j += step[1])
            for (std::int64_t i = step[0] / 2; i < g.size[0]; i += step[0])
                centres.push_back({Eigen::Vector3d(static_cast<double>(i), static_cast<double>(j),
                                                   static_cast<double>(k)),
                                   image.at(i, j, k)});
    return centres;
}

} // namespace

Supervoxels slicSupervoxels(const Volume& image, double stepMm, double compactness,
                            int iterations) {
    const Geometry& g = image.geometry;
    if (image.voxels.empty())
        throw Error("supervoxels: the image is empty");
    if (!(stepMm > 0.0) || !std::isfinite(stepMm))
        throw Error("supervoxels: the step " + std::to_string(stepMm) + " mm must be positive");
    Index3 step{};
    for (std::size_t a = 0; a < 3; ++a)
        step[a] = std::max<std::int64_t>(
            1, std::min<std::int64_t>(
                   g.size[a], std::llround(stepMm / g.spacing[static_cast<Eigen::Index>(a)])));
    const double sd = intensitySd(image);
    const double spatialWeight = compactness * compactness / (stepMm * stepMm);
    std::vector<Centre> centres = gridSeeds(image, step);
    const std::size_t n = image.voxels.size();
    std::vector<int> label(n, -1);
    std::vector<double> best(n);
    auto distance2 = [&](const Centre& c, std::int64_t i, std::int64_t j, std::int64_t k) {
        const Eigen::Vector3d d = (Eigen::Vector3d(static_cast<double>(i), static_cast<double>(j),
                                                   static_cast<double>(k)) -
                                   c.position)
                                      .cwiseProduct(g.spacing);
        const double di = (image.at(i, j, k) - c.intensity) / sd;
        return di * di + spatialWeight * d.squaredNorm();
    };
    for (int it = 0; it < std::max(iterations, 1); ++it) {
        std::fill(label.begin(), label.end(), -1);
        std::fill(best.begin(), best.end(), std::numeric_limits<double>::infinity());
        for (std::size_t c = 0; c < centres.size(); ++c) {
            Index3 lo{}, hi{};
            for (std::size_t a = 0; a < 3; ++a) {
                const auto p = static_cast<std::int64_t>(
                    std::llround(centres[c].position[static_cast<Eigen::Index>(a)]));
                lo[a] = std::max<std::int64_t>(0, p - step[a]);
                hi[a] = std::min<std::int64_t>(g.size[a] - 1, p + step[a]);
            }
            for (std::int64_t k = lo[2]; k <= hi[2]; ++k)
                for (std::int64_t j = lo[1]; j <= hi[1]; ++j)
                    for (std::int64_t i = lo[0]; i <= hi[0]; ++i) {
                        const std::size_t v = g.linearIndex(i, j, k);
                        const double d2 = distance2(centres[c], i, j, k);
                        if (d2 < best[v]) {
                            best[v] = d2;
                            label[v] = static_cast<int>(c);
                        }
                    }
        }
        // Voxels out of every window: the spatially nearest centre.
        std::size_t v = 0;
        for (std::int64_t k = 0; k < g.size[2]; ++k)
            for (std::int64_t j = 0; j < g.size[1]; ++j)
                for (std::int64_t i = 0; i < g.size[0]; ++i, ++v) {
                    if (label[v] >= 0)
                        continue;
                    double nearest = std::numeric_limits<double>::infinity();
                    const Eigen::Vector3d p(static_cast<double>(i), static_cast<double>(j),
                                            static_cast<double>(k));
                    for (std::size_t c = 0; c < centres.size(); ++c) {
                        const double d =
                            (p - centres[c].position).cwiseProduct(g.spacing).squaredNorm();
                        if (d < nearest) {
                            nearest = d;
                            label[v] = static_cast<int>(c);
                        }
                    }
                }
        // Centres move to their voxels' mean position and intensity.
        std::vector<Eigen::Vector4d> sums(centres.size(), Eigen::Vector4d::Zero());
        std::vector<double> counts(centres.size(), 0.0);
        v = 0;
        for (std::int64_t k = 0; k < g.size[2]; ++k)
            for (std::int64_t j = 0; j < g.size[1]; ++j)
                for (std::int64_t i = 0; i < g.size[0]; ++i, ++v) {
                    const auto c = static_cast<std::size_t>(label[v]);
                    sums[c] += Eigen::Vector4d(static_cast<double>(i), static_cast<double>(j),
                                               static_cast<double>(k), image.voxels[v]);
                    counts[c] += 1.0;
                }
        for (std::size_t c = 0; c < centres.size(); ++c)
            if (counts[c] > 0.0) {
                centres[c].position = sums[c].head<3>() / counts[c];
                centres[c].intensity = sums[c][3] / counts[c];
            }
    }
    // Renumber the non-empty supervoxels in order of their first voxel.
    std::vector<int> renumber(centres.size(), -1);
    Supervoxels out;
    out.geometry = g;
    out.label.resize(n);
    for (std::size_t v = 0; v < n; ++v) {
        int& r = renumber[static_cast<std::size_t>(label[v])];
        if (r < 0)
            r = out.count++;
        out.label[v] = r;
    }
    return out;
}

Mask randomiseContour(const Mask& mask, const Supervoxels& supervoxels, std::mt19937_64& rng) {
    if (!mask.geometry.sameGrid(supervoxels.geometry) ||
        mask.voxels.size() != supervoxels.label.size())
        throw Error("contour randomisation: the mask and the supervoxels are on different grids");
    const auto count = static_cast<std::size_t>(supervoxels.count);
    std::vector<double> inside(count, 0.0), total(count, 0.0);
    for (std::size_t v = 0; v < mask.voxels.size(); ++v) {
        const auto s = static_cast<std::size_t>(supervoxels.label[v]);
        total[s] += 1.0;
        inside[s] += mask.voxels[v] != 0 ? 1.0 : 0.0;
    }
    std::vector<std::uint8_t> keep(count, 0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::size_t kept = 0, largest = count;
    double largestFraction = 0.0;
    for (std::size_t s = 0; s < count; ++s) {
        const double f = inside[s] / total[s];
        if (!(f > 0.0))
            continue;
        if (f > largestFraction) {
            largestFraction = f;
            largest = s;
        }
        if (uniform(rng) < f) {
            keep[s] = 1;
            ++kept;
        }
    }
    if (largest == count)
        throw Error("contour randomisation: the mask is empty");
    if (kept == 0)
        keep[largest] = 1;
    Mask out = mask;
    for (std::size_t v = 0; v < out.voxels.size(); ++v)
        out.voxels[v] = keep[static_cast<std::size_t>(supervoxels.label[v])];
    return out;
}

} // namespace rgw::radiomics::robustness
