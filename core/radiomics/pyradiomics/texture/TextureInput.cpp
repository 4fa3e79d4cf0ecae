#include "radiomics/pyradiomics/texture/TextureInput.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace rgw::radiomics::pyradiomics {

WeightingNorm weightingNormFromName(const std::string& name) {
    if (name.empty() || name == "None")
        return WeightingNorm::None;
    if (name == "manhattan")
        return WeightingNorm::Manhattan;
    if (name == "euclidean")
        return WeightingNorm::Euclidean;
    if (name == "infinity")
        return WeightingNorm::Infinity;
    return WeightingNorm::NoWeighting;
}

void validate(const TextureInput& input) {
    const std::size_t n = input.size[0] * input.size[1] * input.size[2];
    if (n == 0 || input.levels.size() != n)
        throw Error("pyradiomics texture: " + std::to_string(input.levels.size()) +
                    " grey levels for a grid of " + std::to_string(n) + " voxels");
    int highest = 0;
    for (const int level : input.levels) {
        if (level < 0 || level > input.Ng)
            throw Error("pyradiomics texture: grey level " + std::to_string(level) +
                        " outside 0.." + std::to_string(input.Ng));
        highest = std::max(highest, level);
    }
    if (highest == 0)
        throw Error("pyradiomics texture: the ROI is empty");
    if (highest != input.Ng)
        throw Error("pyradiomics texture: Ng " + std::to_string(input.Ng) +
                    " is not the highest grey level in the ROI (" + std::to_string(highest) + ")");
    if (input.settings.distances.empty())
        throw Error("pyradiomics texture: setting 'distances' is empty");
    for (const int d : input.settings.distances)
        if (d < 1)
            throw Error("pyradiomics texture: setting 'distances' holds " + std::to_string(d) +
                        "; distances must be >= 1");
    if (input.settings.force2Ddimension < 0 || input.settings.force2Ddimension > 2)
        throw Error("pyradiomics texture: setting 'force2Ddimension' is " +
                    std::to_string(input.settings.force2Ddimension) + "; it must be 0, 1 or 2");
}

namespace {

// Bounding-box size of the ROI in numpy (z, y, x) order.
std::array<int, 3> boundingBoxSize(const TextureInput& input) {
    std::array<std::size_t, 3> lo{input.size[0], input.size[1], input.size[2]};
    std::array<std::size_t, 3> hi{0, 0, 0};
    std::size_t i = 0;
    for (std::size_t z = 0; z < input.size[2]; ++z)
        for (std::size_t y = 0; y < input.size[1]; ++y)
            for (std::size_t x = 0; x < input.size[0]; ++x, ++i) {
                if (input.levels[i] == 0)
                    continue;
                const std::array<std::size_t, 3> p{x, y, z};
                for (int d = 0; d < 3; ++d) {
                    lo[d] = std::min(lo[d], p[d]);
                    hi[d] = std::max(hi[d], p[d]);
                }
            }
    return {static_cast<int>(hi[2] - lo[2] + 1), static_cast<int>(hi[1] - lo[1] + 1),
            static_cast<int>(hi[0] - lo[0] + 1)};
}

} // namespace

std::vector<Angle> angles(const TextureInput& input, bool bidirectional) {
    const auto box = boundingBoxSize(input);
    const auto& s = input.settings;
    const int maxDistance = *std::max_element(s.distances.begin(), s.distances.end());
    std::vector<Angle> result;
    // Offsets run from +max to -max with axis 0 slowest, as PyRadiomics builds them; the
    // second half of that sequence mirrors the first, so one direction = first nonzero > 0.
    for (int dz = maxDistance; dz >= -maxDistance; --dz)
        for (int dy = maxDistance; dy >= -maxDistance; --dy)
            for (int dx = maxDistance; dx >= -maxDistance; --dx) {
                const Angle a{dz, dy, dx};
                int norm = 0;
                bool valid = true;
                for (int d = 0; d < 3; ++d) {
                    if ((s.force2D && d == s.force2Ddimension && a[d] != 0) ||
                        std::abs(a[d]) >= box[d])
                        valid = false;
                    norm = std::max(norm, std::abs(a[d]));
                }
                if (!valid || norm == 0 ||
                    std::find(s.distances.begin(), s.distances.end(), norm) == s.distances.end())
                    continue;
                const int firstNonZero = a[0] != 0 ? a[0] : (a[1] != 0 ? a[1] : a[2]);
                if (bidirectional || firstNonZero > 0)
                    result.push_back(a);
            }
    return result;
}

double angleWeight(const Angle& angle, const std::array<double, 3>& spacingXyz,
                   WeightingNorm norm) {
    // Angle components are (z, y, x); spacing is (x, y, z).
    const std::array<double, 3> mm{std::abs(angle[0]) * spacingXyz[2],
                                   std::abs(angle[1]) * spacingXyz[1],
                                   std::abs(angle[2]) * spacingXyz[0]};
    switch (norm) {
    case WeightingNorm::Infinity: {
        const double d = std::max({mm[0], mm[1], mm[2]});
        return std::exp(-d * d);
    }
    case WeightingNorm::Euclidean:
        return std::exp(-(mm[0] * mm[0] + mm[1] * mm[1] + mm[2] * mm[2]));
    case WeightingNorm::Manhattan: {
        const double d = mm[0] + mm[1] + mm[2];
        return std::exp(-d * d);
    }
    case WeightingNorm::None:
    case WeightingNorm::NoWeighting:
        break;
    }
    return 1.0;
}

std::vector<int> grayLevelsPresent(const TextureInput& input) {
    std::vector<char> seen(static_cast<std::size_t>(input.Ng) + 1, 0);
    for (const int level : input.levels)
        seen[static_cast<std::size_t>(level)] = 1;
    std::vector<int> present;
    for (int g = 1; g <= input.Ng; ++g)
        if (seen[static_cast<std::size_t>(g)])
            present.push_back(g);
    return present;
}

std::size_t voxelCount(const TextureInput& input) {
    return static_cast<std::size_t>(
        std::count_if(input.levels.begin(), input.levels.end(), [](int l) { return l > 0; }));
}

std::ptrdiff_t linearStep(const TextureInput& input, const Angle& angle) {
    const auto nx = static_cast<std::ptrdiff_t>(input.size[0]);
    const auto ny = static_cast<std::ptrdiff_t>(input.size[1]);
    return angle[2] + angle[1] * nx + angle[0] * nx * ny;
}

bool insideAfterStep(const TextureInput& input, std::size_t x, std::size_t y, std::size_t z,
                     const Angle& angle) {
    const std::array<std::ptrdiff_t, 3> moved{static_cast<std::ptrdiff_t>(x) + angle[2],
                                              static_cast<std::ptrdiff_t>(y) + angle[1],
                                              static_cast<std::ptrdiff_t>(z) + angle[0]};
    for (int d = 0; d < 3; ++d)
        if (moved[d] < 0 || moved[d] >= static_cast<std::ptrdiff_t>(input.size[d]))
            return false;
    return true;
}

std::vector<int> levelRows(const TextureInput& input, const std::vector<int>& present) {
    std::vector<int> rows(static_cast<std::size_t>(input.Ng) + 1, -1);
    for (std::size_t r = 0; r < present.size(); ++r)
        rows[static_cast<std::size_t>(present[r])] = static_cast<int>(r);
    return rows;
}

} // namespace rgw::radiomics::pyradiomics
