#include "radiomics/pyradiomics/texture/AngleMatrices.h"

#include <cmath>
#include <limits>
#include <numeric>

namespace rgw::radiomics::pyradiomics::detail {

std::vector<std::vector<double>> combineAngles(std::vector<std::vector<double>> perAngle,
                                               const std::vector<Angle>& angles,
                                               const TextureInput& input) {
    const WeightingNorm norm = input.settings.weightingNorm;
    if (norm != WeightingNorm::None && !perAngle.empty()) {
        std::vector<double> sum(perAngle.front().size(), 0.0);
        for (std::size_t a = 0; a < perAngle.size(); ++a) {
            const double w = angleWeight(angles[a], input.spacing, norm);
            for (std::size_t k = 0; k < sum.size(); ++k)
                sum[k] += w * perAngle[a][k];
        }
        return {sum};
    }
    if (perAngle.size() <= 1)
        return perAngle;
    std::vector<std::vector<double>> kept;
    for (auto& m : perAngle)
        if (std::accumulate(m.begin(), m.end(), 0.0) != 0.0)
            kept.push_back(std::move(m));
    return kept;
}

double nanMean(const std::vector<double>& values) {
    double sum = 0.0;
    std::size_t n = 0;
    for (const double v : values)
        if (!std::isnan(v)) {
            sum += v;
            ++n;
        }
    return n == 0 ? std::numeric_limits<double>::quiet_NaN() : sum / static_cast<double>(n);
}

} // namespace rgw::radiomics::pyradiomics::detail
