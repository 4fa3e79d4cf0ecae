#include "radiomics/robustness/NoiseAddition.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace rgw::radiomics::robustness {

double estimateNoiseSigma(const Volume& image) {
    const auto& n = image.geometry.size;
    std::vector<double> hh;
    hh.reserve(image.voxels.size() / 4);
    for (std::int64_t k = 0; k < n[2]; ++k)
        for (std::int64_t j = 0; j + 1 < n[1]; j += 2)
            for (std::int64_t i = 0; i + 1 < n[0]; i += 2) {
                const double a = image.at(i, j, k), b = image.at(i + 1, j, k);
                const double c = image.at(i, j + 1, k), d = image.at(i + 1, j + 1, k);
                hh.push_back(std::abs(a - b - c + d) / 2.0);
            }
    if (hh.empty())
        throw Error("noise estimate: the image has no 2 x 2 block in any slice");
    // The median (upper median for an even count: a fixed, documented choice).
    const auto middle = hh.begin() + static_cast<std::ptrdiff_t>(hh.size() / 2);
    std::nth_element(hh.begin(), middle, hh.end());
    // 0.6745 = Φ⁻¹(3/4): the median of |N(0, 1)|.
    return *middle / 0.6745;
}

void addGaussianNoise(Volume& image, double sigma, std::mt19937_64& rng) {
    if (!(sigma > 0.0))
        return;
    std::normal_distribution<double> noise(0.0, sigma);
    for (float& v : image.voxels)
        v = static_cast<float>(static_cast<double>(v) + noise(rng));
}

} // namespace rgw::radiomics::robustness
