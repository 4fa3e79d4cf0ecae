// PyRadiomics' Gray Level Dependence Matrix class (radiomics/gldm.py and its C
// extension): for each ROI voxel of level i, the number of its ROI neighbours (offsets
// of `angles`, both directions) with |i - level| <= gldm_a; column j = that count + 1.
// Nz = sum P is the ROI's voxel count.

#include "radiomics/pyradiomics/texture/AngleMatrices.h"
#include "radiomics/pyradiomics/texture/SizeMatrix.h"
#include "radiomics/pyradiomics/texture/TextureInput.h"

#include <cstdlib>

namespace rgw::radiomics::pyradiomics {
namespace {

using detail::meanOver;
using detail::SizeMatrix;

// SmallDependenceEmphasis = sum P(i,j) / j^2 / Nz
double smallDependenceEmphasis(const SizeMatrix& m) {
    return meanOver(m, [](double, double j) { return 1.0 / (j * j); });
}
// LargeDependenceEmphasis = sum P(i,j) j^2 / Nz
double largeDependenceEmphasis(const SizeMatrix& m) {
    return meanOver(m, [](double, double j) { return j * j; });
}
// GrayLevelNonUniformity = sum_i pg(i)^2 / Nz
double grayLevelNonUniformity(const SizeMatrix& m) {
    return detail::grayLevelNonUniformity(m);
}
// DependenceNonUniformity = sum_j pd(j)^2 / Nz
double dependenceNonUniformity(const SizeMatrix& m) {
    return detail::sizeNonUniformity(m);
}
// DependenceNonUniformityNormalized = sum_j pd(j)^2 / Nz^2
double dependenceNonUniformityNormalized(const SizeMatrix& m) {
    return detail::sizeNonUniformity(m) / m.total;
}
// GrayLevelVariance = sum p(i,j) (i - mu)^2, p = P / Nz
double grayLevelVariance(const SizeMatrix& m) {
    return detail::grayLevelVariance(m);
}
// DependenceVariance = sum p(i,j) (j - mu)^2
double dependenceVariance(const SizeMatrix& m) {
    return detail::sizeVariance(m);
}
// DependenceEntropy = -sum p(i,j) log2(p(i,j) + eps)
double dependenceEntropy(const SizeMatrix& m) {
    return detail::matrixEntropy(m);
}
// LowGrayLevelEmphasis = sum P(i,j) / i^2 / Nz
double lowGrayLevelEmphasis(const SizeMatrix& m) {
    return meanOver(m, [](double i, double) { return 1.0 / (i * i); });
}
// HighGrayLevelEmphasis = sum P(i,j) i^2 / Nz
double highGrayLevelEmphasis(const SizeMatrix& m) {
    return meanOver(m, [](double i, double) { return i * i; });
}
// SmallDependenceLowGrayLevelEmphasis = sum P(i,j) / (i^2 j^2) / Nz
double smallDependenceLowGrayLevelEmphasis(const SizeMatrix& m) {
    return meanOver(m, [](double i, double j) { return 1.0 / (i * i * j * j); });
}
// SmallDependenceHighGrayLevelEmphasis = sum P(i,j) i^2 / j^2 / Nz
double smallDependenceHighGrayLevelEmphasis(const SizeMatrix& m) {
    return meanOver(m, [](double i, double j) { return i * i / (j * j); });
}
// LargeDependenceLowGrayLevelEmphasis = sum P(i,j) j^2 / i^2 / Nz
double largeDependenceLowGrayLevelEmphasis(const SizeMatrix& m) {
    return meanOver(m, [](double i, double j) { return j * j / (i * i); });
}
// LargeDependenceHighGrayLevelEmphasis = sum P(i,j) i^2 j^2 / Nz
double largeDependenceHighGrayLevelEmphasis(const SizeMatrix& m) {
    return meanOver(m, [](double i, double j) { return i * i * j * j; });
}

struct Feature {
    const char* name;
    double (*value)(const SizeMatrix&);
};

constexpr Feature kFeatures[] = {
    {"SmallDependenceEmphasis", smallDependenceEmphasis},
    {"LargeDependenceEmphasis", largeDependenceEmphasis},
    {"GrayLevelNonUniformity", grayLevelNonUniformity},
    {"DependenceNonUniformity", dependenceNonUniformity},
    {"DependenceNonUniformityNormalized", dependenceNonUniformityNormalized},
    {"GrayLevelVariance", grayLevelVariance},
    {"DependenceVariance", dependenceVariance},
    {"DependenceEntropy", dependenceEntropy},
    {"LowGrayLevelEmphasis", lowGrayLevelEmphasis},
    {"HighGrayLevelEmphasis", highGrayLevelEmphasis},
    {"SmallDependenceLowGrayLevelEmphasis", smallDependenceLowGrayLevelEmphasis},
    {"SmallDependenceHighGrayLevelEmphasis", smallDependenceHighGrayLevelEmphasis},
    {"LargeDependenceLowGrayLevelEmphasis", largeDependenceLowGrayLevelEmphasis},
    {"LargeDependenceHighGrayLevelEmphasis", largeDependenceHighGrayLevelEmphasis},
};

} // namespace

FeatureValues gldmFeatures(const TextureInput& input) {
    validate(input);
    const auto present = grayLevelsPresent(input);
    const auto rows = levelRows(input, present);
    const auto dirs = angles(input, true);
    const int alpha = input.settings.gldm_a;

    std::vector<std::vector<double>> counts(present.size(),
                                            std::vector<double>(dirs.size() + 1, 0.0));
    detail::forEachRoiVoxel(input, [&](std::size_t i, std::size_t x, std::size_t y, std::size_t z) {
        const int level = input.levels[i];
        std::size_t dependent = 0;
        detail::forEachRoiNeighbour(input, dirs, i, x, y, z, [&](std::size_t, std::size_t j) {
            if (std::abs(level - input.levels[j]) <= alpha)
                ++dependent;
        });
        counts[static_cast<std::size_t>(rows[static_cast<std::size_t>(level)])][dependent] += 1.0;
    });

    const auto m = detail::sizeMatrix(std::vector<double>(present.begin(), present.end()), counts);
    FeatureValues out;
    for (const auto& f : kFeatures)
        out.emplace_back(f.name, f.value(m));
    return out;
}

} // namespace rgw::radiomics::pyradiomics
