// PyRadiomics' Gray Level Size Zone Matrix class (radiomics/glszm.py and its C
// extension): zones are groups of equal grey level connected through the offsets of
// `angles` in both directions (26-connectivity in 3D, 8 with force2D). Nz is the number
// of zones, Np the ROI's voxel count.

#include "radiomics/pyradiomics/texture/AngleMatrices.h"
#include "radiomics/pyradiomics/texture/SizeMatrix.h"
#include "radiomics/pyradiomics/texture/TextureInput.h"

namespace rgw::radiomics::pyradiomics {
namespace {

using detail::meanOver;
using detail::SizeMatrix;

struct Glszm {
    SizeMatrix m;
    double Np = 0;
};

// SmallAreaEmphasis = sum P(i,j) / j^2 / Nz
double smallAreaEmphasis(const Glszm& z) {
    return meanOver(z.m, [](double, double j) { return 1.0 / (j * j); });
}
// LargeAreaEmphasis = sum P(i,j) j^2 / Nz
double largeAreaEmphasis(const Glszm& z) {
    return meanOver(z.m, [](double, double j) { return j * j; });
}
// GrayLevelNonUniformity = sum_i pg(i)^2 / Nz
double grayLevelNonUniformity(const Glszm& z) {
    return detail::grayLevelNonUniformity(z.m);
}
// GrayLevelNonUniformityNormalized = sum_i pg(i)^2 / Nz^2
double grayLevelNonUniformityNormalized(const Glszm& z) {
    return detail::grayLevelNonUniformity(z.m) / z.m.total;
}
// SizeZoneNonUniformity = sum_j ps(j)^2 / Nz
double sizeZoneNonUniformity(const Glszm& z) {
    return detail::sizeNonUniformity(z.m);
}
// SizeZoneNonUniformityNormalized = sum_j ps(j)^2 / Nz^2
double sizeZoneNonUniformityNormalized(const Glszm& z) {
    return detail::sizeNonUniformity(z.m) / z.m.total;
}
// ZonePercentage = Nz / Np
double zonePercentage(const Glszm& z) {
    return z.m.total / z.Np;
}
// GrayLevelVariance = sum p(i,j) (i - mu)^2, p = P / Nz
double grayLevelVariance(const Glszm& z) {
    return detail::grayLevelVariance(z.m);
}
// ZoneVariance = sum p(i,j) (j - mu)^2
double zoneVariance(const Glszm& z) {
    return detail::sizeVariance(z.m);
}
// ZoneEntropy = -sum p(i,j) log2(p(i,j) + eps)
double zoneEntropy(const Glszm& z) {
    return detail::matrixEntropy(z.m);
}
// LowGrayLevelZoneEmphasis = sum P(i,j) / i^2 / Nz
double lowGrayLevelZoneEmphasis(const Glszm& z) {
    return meanOver(z.m, [](double i, double) { return 1.0 / (i * i); });
}
// HighGrayLevelZoneEmphasis = sum P(i,j) i^2 / Nz
double highGrayLevelZoneEmphasis(const Glszm& z) {
    return meanOver(z.m, [](double i, double) { return i * i; });
}
// SmallAreaLowGrayLevelEmphasis = sum P(i,j) / (i^2 j^2) / Nz
double smallAreaLowGrayLevelEmphasis(const Glszm& z) {
    return meanOver(z.m, [](double i, double j) { return 1.0 / (i * i * j * j); });
}
// SmallAreaHighGrayLevelEmphasis = sum P(i,j) i^2 / j^2 / Nz
double smallAreaHighGrayLevelEmphasis(const Glszm& z) {
    return meanOver(z.m, [](double i, double j) { return i * i / (j * j); });
}
// LargeAreaLowGrayLevelEmphasis = sum P(i,j) j^2 / i^2 / Nz
double largeAreaLowGrayLevelEmphasis(const Glszm& z) {
    return meanOver(z.m, [](double i, double j) { return j * j / (i * i); });
}
// LargeAreaHighGrayLevelEmphasis = sum P(i,j) i^2 j^2 / Nz
double largeAreaHighGrayLevelEmphasis(const Glszm& z) {
    return meanOver(z.m, [](double i, double j) { return i * i * j * j; });
}

struct Feature {
    const char* name;
    double (*value)(const Glszm&);
};

constexpr Feature kFeatures[] = {
    {"SmallAreaEmphasis", smallAreaEmphasis},
    {"LargeAreaEmphasis", largeAreaEmphasis},
    {"GrayLevelNonUniformity", grayLevelNonUniformity},
    {"GrayLevelNonUniformityNormalized", grayLevelNonUniformityNormalized},
    {"SizeZoneNonUniformity", sizeZoneNonUniformity},
    {"SizeZoneNonUniformityNormalized", sizeZoneNonUniformityNormalized},
    {"ZonePercentage", zonePercentage},
    {"GrayLevelVariance", grayLevelVariance},
    {"ZoneVariance", zoneVariance},
    {"ZoneEntropy", zoneEntropy},
    {"LowGrayLevelZoneEmphasis", lowGrayLevelZoneEmphasis},
    {"HighGrayLevelZoneEmphasis", highGrayLevelZoneEmphasis},
    {"SmallAreaLowGrayLevelEmphasis", smallAreaLowGrayLevelEmphasis},
    {"SmallAreaHighGrayLevelEmphasis", smallAreaHighGrayLevelEmphasis},
    {"LargeAreaLowGrayLevelEmphasis", largeAreaLowGrayLevelEmphasis},
    {"LargeAreaHighGrayLevelEmphasis", largeAreaHighGrayLevelEmphasis},
};

} // namespace

FeatureValues glszmFeatures(const TextureInput& input) {
    validate(input);
    const auto present = grayLevelsPresent(input);
    const auto rows = levelRows(input, present);
    const std::size_t Np = voxelCount(input);
    const auto dirs = angles(input, true);

    // counts[row][size - 1]: zones of each present level and size, grown by a stack.
    std::vector<std::vector<double>> counts(present.size(), std::vector<double>(Np, 0.0));
    std::vector<char> done(input.levels.size(), 0);
    std::vector<std::size_t> stack;
    const std::size_t nx = input.size[0];
    const std::size_t nxy = nx * input.size[1];
    detail::forEachRoiVoxel(input, [&](std::size_t seed, std::size_t, std::size_t, std::size_t) {
        if (done[seed])
            return;
        const int level = input.levels[seed];
        std::size_t zone = 0;
        done[seed] = 1;
        stack.push_back(seed);
        while (!stack.empty()) {
            const std::size_t k = stack.back();
            stack.pop_back();
            ++zone;
            detail::forEachRoiNeighbour(input, dirs, k, k % nx, (k % nxy) / nx, k / nxy,
                                        [&](std::size_t, std::size_t j) {
                                            if (!done[j] && input.levels[j] == level) {
                                                done[j] = 1;
                                                stack.push_back(j);
                                            }
                                        });
        }
        counts[static_cast<std::size_t>(rows[static_cast<std::size_t>(level)])][zone - 1] += 1.0;
    });

    const Glszm z{detail::sizeMatrix(std::vector<double>(present.begin(), present.end()), counts),
                  static_cast<double>(Np)};
    FeatureValues out;
    for (const auto& f : kFeatures)
        out.emplace_back(f.name, f.value(z));
    return out;
}

} // namespace rgw::radiomics::pyradiomics
