// PyRadiomics' Gray Level Run Length Matrix class (radiomics/glrlm.py and its C
// extension): one matrix per angle (one direction each) of runs of equal grey level
// inside the ROI, combined per weightingNorm; every feature computed per angle and
// averaged over angles. Nr is the number of runs, Np = sum_j j pr(j) the voxels run over.

#include "radiomics/pyradiomics/texture/AngleMatrices.h"
#include "radiomics/pyradiomics/texture/SizeMatrix.h"
#include "radiomics/pyradiomics/texture/TextureInput.h"

#include <algorithm>

namespace rgw::radiomics::pyradiomics {
namespace {

using detail::meanOver;
using detail::SizeMatrix;

// ShortRunEmphasis = sum P(i,j) / j^2 / Nr
double shortRunEmphasis(const SizeMatrix& m) {
    return meanOver(m, [](double, double j) { return 1.0 / (j * j); });
}
// LongRunEmphasis = sum P(i,j) j^2 / Nr
double longRunEmphasis(const SizeMatrix& m) {
    return meanOver(m, [](double, double j) { return j * j; });
}
// GrayLevelNonUniformity = sum_i pg(i)^2 / Nr
double grayLevelNonUniformity(const SizeMatrix& m) {
    return detail::grayLevelNonUniformity(m);
}
// GrayLevelNonUniformityNormalized = sum_i pg(i)^2 / Nr^2
double grayLevelNonUniformityNormalized(const SizeMatrix& m) {
    return detail::grayLevelNonUniformity(m) / m.total;
}
// RunLengthNonUniformity = sum_j pr(j)^2 / Nr
double runLengthNonUniformity(const SizeMatrix& m) {
    return detail::sizeNonUniformity(m);
}
// RunLengthNonUniformityNormalized = sum_j pr(j)^2 / Nr^2
double runLengthNonUniformityNormalized(const SizeMatrix& m) {
    return detail::sizeNonUniformity(m) / m.total;
}
// RunPercentage = Nr / Np, Np = sum_j pr(j) j
double runPercentage(const SizeMatrix& m) {
    double np = 0.0;
    for (std::size_t c = 0; c < m.j.size(); ++c)
        np += m.ps[c] * m.j[c];
    return m.total / np;
}
// GrayLevelVariance = sum p(i,j) (i - mu)^2, p = P / Nr, mu = sum p(i,j) i
double grayLevelVariance(const SizeMatrix& m) {
    return detail::grayLevelVariance(m);
}
// RunVariance = sum p(i,j) (j - mu)^2, mu = sum p(i,j) j
double runVariance(const SizeMatrix& m) {
    return detail::sizeVariance(m);
}
// RunEntropy = -sum p(i,j) log2(p(i,j) + eps)
double runEntropy(const SizeMatrix& m) {
    return detail::matrixEntropy(m);
}
// LowGrayLevelRunEmphasis = sum P(i,j) / i^2 / Nr
double lowGrayLevelRunEmphasis(const SizeMatrix& m) {
    return meanOver(m, [](double i, double) { return 1.0 / (i * i); });
}
// HighGrayLevelRunEmphasis = sum P(i,j) i^2 / Nr
double highGrayLevelRunEmphasis(const SizeMatrix& m) {
    return meanOver(m, [](double i, double) { return i * i; });
}
// ShortRunLowGrayLevelEmphasis = sum P(i,j) / (i^2 j^2) / Nr
double shortRunLowGrayLevelEmphasis(const SizeMatrix& m) {
    return meanOver(m, [](double i, double j) { return 1.0 / (i * i * j * j); });
}
// ShortRunHighGrayLevelEmphasis = sum P(i,j) i^2 / j^2 / Nr
double shortRunHighGrayLevelEmphasis(const SizeMatrix& m) {
    return meanOver(m, [](double i, double j) { return i * i / (j * j); });
}
// LongRunLowGrayLevelEmphasis = sum P(i,j) j^2 / i^2 / Nr
double longRunLowGrayLevelEmphasis(const SizeMatrix& m) {
    return meanOver(m, [](double i, double j) { return j * j / (i * i); });
}
// LongRunHighGrayLevelEmphasis = sum P(i,j) i^2 j^2 / Nr
double longRunHighGrayLevelEmphasis(const SizeMatrix& m) {
    return meanOver(m, [](double i, double j) { return i * i * j * j; });
}

struct Feature {
    const char* name;
    double (*value)(const SizeMatrix&);
};

constexpr Feature kFeatures[] = {
    {"ShortRunEmphasis", shortRunEmphasis},
    {"LongRunEmphasis", longRunEmphasis},
    {"GrayLevelNonUniformity", grayLevelNonUniformity},
    {"GrayLevelNonUniformityNormalized", grayLevelNonUniformityNormalized},
    {"RunLengthNonUniformity", runLengthNonUniformity},
    {"RunLengthNonUniformityNormalized", runLengthNonUniformityNormalized},
    {"RunPercentage", runPercentage},
    {"GrayLevelVariance", grayLevelVariance},
    {"RunVariance", runVariance},
    {"RunEntropy", runEntropy},
    {"LowGrayLevelRunEmphasis", lowGrayLevelRunEmphasis},
    {"HighGrayLevelRunEmphasis", highGrayLevelRunEmphasis},
    {"ShortRunLowGrayLevelEmphasis", shortRunLowGrayLevelEmphasis},
    {"ShortRunHighGrayLevelEmphasis", shortRunHighGrayLevelEmphasis},
    {"LongRunLowGrayLevelEmphasis", longRunLowGrayLevelEmphasis},
    {"LongRunHighGrayLevelEmphasis", longRunHighGrayLevelEmphasis},
};

// Runs along one angle, as counts[row * maxRun + length - 1]. Every grid line along the
// angle is walked from its first voxel; a run ends at a change of level or at a voxel
// outside the ROI. An angle along which no line holds two ROI voxels is left empty
// (PyRadiomics: the segmentation is 2D for this angle).
std::vector<double> runsAlong(const TextureInput& input, const Angle& a,
                              const std::vector<int>& rows, std::size_t maxRun) {
    const std::size_t L = static_cast<std::size_t>(*std::max_element(rows.begin(), rows.end())) + 1;
    std::vector<double> counts(L * maxRun, 0.0);
    const Angle back{-a[0], -a[1], -a[2]};
    const std::ptrdiff_t step = linearStep(input, a);
    bool multiElement = false;
    std::size_t start = 0;
    for (std::size_t z = 0; z < input.size[2]; ++z)
        for (std::size_t y = 0; y < input.size[1]; ++y)
            for (std::size_t x = 0; x < input.size[0]; ++x, ++start) {
                if (insideAfterStep(input, x, y, z, back))
                    continue; // not the first voxel of its line
                std::array<std::ptrdiff_t, 3> p{static_cast<std::ptrdiff_t>(x),
                                                static_cast<std::ptrdiff_t>(y),
                                                static_cast<std::ptrdiff_t>(z)};
                auto i = static_cast<std::ptrdiff_t>(start);
                int level = 0;
                std::size_t run = 0;
                std::size_t elements = 0;
                auto close = [&] {
                    if (level > 0)
                        counts[static_cast<std::size_t>(rows[static_cast<std::size_t>(level)]) *
                                   maxRun +
                               run - 1] += 1.0;
                };
                while (true) {
                    const int v = input.levels[static_cast<std::size_t>(i)];
                    if (v > 0)
                        ++elements;
                    if (v > 0 && v == level) {
                        ++run;
                    } else {
                        close();
                        level = v;
                        run = v > 0 ? 1 : 0;
                    }
                    p[0] += a[2];
                    p[1] += a[1];
                    p[2] += a[0];
                    bool inside = true;
                    for (int d = 0; d < 3; ++d)
                        inside = inside && p[d] >= 0 &&
                                 p[d] < static_cast<std::ptrdiff_t>(input.size[d]);
                    if (!inside)
                        break;
                    i += step;
                }
                close();
                multiElement = multiElement || elements > 1;
            }
    if (!multiElement)
        std::fill(counts.begin(), counts.end(), 0.0);
    return counts;
}

} // namespace

FeatureValues glrlmFeatures(const TextureInput& input) {
    validate(input);
    const auto present = grayLevelsPresent(input);
    const auto rows = levelRows(input, present);
    const std::size_t L = present.size();
    const std::size_t maxRun = *std::max_element(input.size.begin(), input.size.end());
    const auto dirs = angles(input, false);

    std::vector<std::vector<double>> perAngle;
    for (const auto& a : dirs)
        perAngle.push_back(runsAlong(input, a, rows, maxRun));
    const auto matrices = detail::combineAngles(std::move(perAngle), dirs, input);

    const std::vector<double> g(present.begin(), present.end());
    std::vector<SizeMatrix> glrlms;
    for (const auto& flat : matrices) {
        std::vector<std::vector<double>> counts(L);
        for (std::size_t r = 0; r < L; ++r)
            counts[r].assign(flat.begin() + static_cast<std::ptrdiff_t>(r * maxRun),
                             flat.begin() + static_cast<std::ptrdiff_t>((r + 1) * maxRun));
        glrlms.push_back(detail::sizeMatrix(g, counts));
    }
    FeatureValues out;
    for (const auto& f : kFeatures) {
        std::vector<double> values;
        for (const auto& m : glrlms)
            values.push_back(f.value(m));
        out.emplace_back(f.name, detail::nanMean(values));
    }
    return out;
}

} // namespace rgw::radiomics::pyradiomics
