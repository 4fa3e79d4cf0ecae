#include "radiomics/families/local_intensity.h"

#include "util/ResourceBudget.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace rgw::radiomics {

namespace {

/// The sphere as runs along i: for each (dj, dk), offsets di ∈ [−halfWidth, halfWidth].
struct SphereRow {
    std::int64_t dj, dk, halfWidth;
};

/// ⌊radius / spacing⌋ voxels, at most `limit`: rows further away than the grid
/// extent never meet a voxel, so the clamp changes nothing and keeps the cast
/// defined (and the row list bounded) for any spacing, even 0 or NaN.
std::int64_t reach(double radius, double spacing, std::int64_t limit) {
    const double r = std::floor(radius / spacing);
    return r < static_cast<double>(limit) ? static_cast<std::int64_t>(r) : limit;
}

std::vector<SphereRow> sphereRows(const Geometry& g) {
    const double radius = 10.0 * std::cbrt(3.0 / (4.0 * std::numbers::pi)); // mm, 1 cm³
    const double sx = g.spacing[0], sy = g.spacing[1], sz = g.spacing[2];
    const std::int64_t ry = reach(radius, sy, std::max<std::int64_t>(g.size[1] - 1, 0));
    const std::int64_t rz = reach(radius, sz, std::max<std::int64_t>(g.size[2] - 1, 0));
    budget::requireMemory(
        budget::product({static_cast<std::uint64_t>(2 * ry + 1),
                         static_cast<std::uint64_t>(2 * rz + 1), sizeof(SphereRow)}),
        "radiomics",
        "the local intensity sphere (1 cm³ at " + std::to_string(sy) + " × " + std::to_string(sz) +
            " mm)");
    std::vector<SphereRow> rows;
    for (std::int64_t dk = -rz; dk <= rz; ++dk)
        for (std::int64_t dj = -ry; dj <= ry; ++dj) {
            const double rest = radius * radius - std::pow(static_cast<double>(dj) * sy, 2) -
                                std::pow(static_cast<double>(dk) * sz, 2);
            if (rest < 0)
                continue;
            rows.push_back(
                {dj, dk, reach(std::sqrt(rest), sx, std::max<std::int64_t>(g.size[0] - 1, 0))});
        }
    return rows;
}

} // namespace

FeatureTable computeLocalIntensity(const PreparedRoi& roi) {
    FeatureTable t;
    const char* family = "local_intensity";
    const Geometry& g = roi.image.geometry;
    const auto nx = g.size[0], ny = g.size[1], nz = g.size[2];

    // Prefix sums along i of every image row: a sphere row is then O(1).
    std::vector<double> prefix(static_cast<std::size_t>((nx + 1) * ny * nz));
    for (std::int64_t k = 0; k < nz; ++k)
        for (std::int64_t j = 0; j < ny; ++j) {
            const float* row = roi.image.voxels.data() + g.linearIndex(0, j, k);
            double* p = prefix.data() + (k * ny + j) * (nx + 1);
            p[0] = 0.0;
            for (std::int64_t i = 0; i < nx; ++i)
                p[i + 1] = p[i] + row[i];
        }
    const std::vector<SphereRow> rows = sphereRows(g);
    auto sphereMean = [&](std::int64_t i, std::int64_t j, std::int64_t k) {
        double sum = 0.0;
        std::int64_t count = 0;
        for (const SphereRow& r : rows) {
            const std::int64_t jj = j + r.dj, kk = k + r.dk;
            if (jj < 0 || jj >= ny || kk < 0 || kk >= nz)
                continue;
            const std::int64_t a = std::max<std::int64_t>(0, i - r.halfWidth);
            const std::int64_t b = std::min<std::int64_t>(nx - 1, i + r.halfWidth);
            const double* p = prefix.data() + (kk * ny + jj) * (nx + 1);
            sum += p[b + 1] - p[a];
            count += b - a + 1;
        }
        return sum / static_cast<double>(count);
    };

    float maxIntensity = 0.0f;
    bool any = false;
    for (std::size_t v = 0; v < roi.image.voxels.size(); ++v)
        if (roi.intensityMask.voxels[v] && (!any || roi.image.voxels[v] > maxIntensity)) {
            maxIntensity = roi.image.voxels[v];
            any = true;
        }
    if (!any) {
        t.notes.push_back({family, "the intensity mask holds no voxels"});
        return t;
    }
    double localPeak = -std::numeric_limits<double>::infinity();
    double globalPeak = localPeak;
    std::size_t v = 0;
    for (std::int64_t k = 0; k < nz; ++k)
        for (std::int64_t j = 0; j < ny; ++j)
            for (std::int64_t i = 0; i < nx; ++i, ++v) {
                if (!roi.intensityMask.voxels[v])
                    continue;
                const double m = sphereMean(i, j, k);
                globalPeak = std::max(globalPeak, m);
                if (roi.image.voxels[v] == maxIntensity)
                    localPeak = std::max(localPeak, m);
            }
    t.add(family, "Local intensity peak", "VJGA", "", localPeak);
    t.add(family, "Global intensity peak", "0F91", "", globalPeak);
    return t;
}

} // namespace rgw::radiomics
