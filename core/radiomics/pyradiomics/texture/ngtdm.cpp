// PyRadiomics' Neighbouring Gray Tone Difference Matrix class (radiomics/ngtdm.py and
// its C extension): for each ROI voxel of level i, |i - mean level of its ROI neighbours|
// (offsets of `angles`, both directions: 26 in 3D, 8 with force2D) is added to s_i; a
// voxel without ROI neighbours adds 0 but still counts in n_i. p_i = n_i / Nvp over the
// present levels, Ngp their number.

#include "radiomics/pyradiomics/texture/AngleMatrices.h"
#include "radiomics/pyradiomics/texture/TextureInput.h"

#include <cmath>

namespace rgw::radiomics::pyradiomics {
namespace {

struct Ngtdm {
    std::vector<double> i, p, s; // present levels, p_i, s_i
    double Nvp = 0;
};

double sumPS(const Ngtdm& m) {
    double v = 0.0;
    for (std::size_t k = 0; k < m.i.size(); ++k)
        v += m.p[k] * m.s[k];
    return v;
}

double sumS(const Ngtdm& m) {
    double v = 0.0;
    for (const double s : m.s)
        v += s;
    return v;
}

// Sum over level pairs (a, b) of f(a, b).
template <class F> double sumPairs(const Ngtdm& m, F&& f) {
    double v = 0.0;
    for (std::size_t a = 0; a < m.i.size(); ++a)
        for (std::size_t b = 0; b < m.i.size(); ++b)
            v += f(a, b);
    return v;
}

// Coarseness = 1 / sum p_i s_i; 10^6 if that sum is 0
double coarseness(const Ngtdm& m) {
    const double d = sumPS(m);
    return d == 0.0 ? 1e6 : 1.0 / d;
}
// Contrast = [sum p_i p_j (i - j)^2 / (Ngp (Ngp - 1))] [sum s_i / Nvp]; 0 for one grey level
double contrast(const Ngtdm& m) {
    const auto ngp = static_cast<double>(m.i.size());
    if (ngp < 2.0)
        return 0.0;
    const double pairs = sumPairs(m, [&](std::size_t a, std::size_t b) {
        return m.p[a] * m.p[b] * (m.i[a] - m.i[b]) * (m.i[a] - m.i[b]);
    });
    return pairs / (ngp * (ngp - 1.0)) * (sumS(m) / m.Nvp);
}
// Busyness = sum p_i s_i / sum |i p_i - j p_j|; 0 if the denominator is 0
double busyness(const Ngtdm& m) {
    const double d = sumPairs(m, [&](std::size_t a, std::size_t b) {
        return std::abs(m.i[a] * m.p[a] - m.i[b] * m.p[b]);
    });
    return d == 0.0 ? 0.0 : sumPS(m) / d;
}
// Complexity = sum |i - j| (p_i s_i + p_j s_j) / (p_i + p_j) / Nvp
double complexity(const Ngtdm& m) {
    return sumPairs(m,
                    [&](std::size_t a, std::size_t b) {
                        return std::abs(m.i[a] - m.i[b]) * (m.p[a] * m.s[a] + m.p[b] * m.s[b]) /
                               (m.p[a] + m.p[b]);
                    }) /
           m.Nvp;
}
// Strength = sum (p_i + p_j)(i - j)^2 / sum s_i; 0 if sum s_i is 0
double strength(const Ngtdm& m) {
    const double d = sumS(m);
    if (d == 0.0)
        return 0.0;
    return sumPairs(m,
                    [&](std::size_t a, std::size_t b) {
                        return (m.p[a] + m.p[b]) * (m.i[a] - m.i[b]) * (m.i[a] - m.i[b]);
                    }) /
           d;
}

struct Feature {
    const char* name;
    double (*value)(const Ngtdm&);
};

constexpr Feature kFeatures[] = {
    {"Coarseness", coarseness}, {"Contrast", contrast}, {"Busyness", busyness},
    {"Complexity", complexity}, {"Strength", strength},
};

} // namespace

FeatureValues ngtdmFeatures(const TextureInput& input) {
    validate(input);
    const auto present = grayLevelsPresent(input);
    const auto rows = levelRows(input, present);
    const auto dirs = angles(input, true);

    Ngtdm m;
    m.i.assign(present.begin(), present.end());
    std::vector<double> n(present.size(), 0.0);
    m.s.assign(present.size(), 0.0);
    detail::forEachRoiVoxel(input, [&](std::size_t i, std::size_t x, std::size_t y, std::size_t z) {
        double count = 0.0;
        double sum = 0.0;
        detail::forEachRoiNeighbour(input, dirs, i, x, y, z, [&](std::size_t, std::size_t j) {
            count += 1.0;
            sum += input.levels[j];
        });
        const auto r = static_cast<std::size_t>(rows[static_cast<std::size_t>(input.levels[i])]);
        n[r] += 1.0;
        if (count > 0.0)
            m.s[r] += std::abs(input.levels[i] - sum / count);
    });
    for (const double v : n)
        m.Nvp += v;
    for (const double v : n)
        m.p.push_back(v / m.Nvp);

    FeatureValues out;
    for (const auto& f : kFeatures)
        out.emplace_back(f.name, f.value(m));
    return out;
}

} // namespace rgw::radiomics::pyradiomics
