#include "IccBands.h"

#include <cmath>

namespace rgw::ui {

IccBand iccBand(double icc) {
    if (icc < 0.5)
        return IccBand::Poor;
    if (icc < 0.75)
        return IccBand::Moderate;
    if (icc <= 0.9)
        return IccBand::Good;
    return IccBand::Excellent;
}

const char* iccBandName(IccBand band) {
    static const char* const names[] = {"poor", "moderate", "good", "excellent"};
    return names[static_cast<int>(band)];
}

const char* iccBandRange(IccBand band) {
    static const char* const ranges[] = {"< 0.5", "0.5–0.75", "0.75–0.9", "> 0.9"};
    return ranges[static_cast<int>(band)];
}

std::array<std::size_t, kIccBands> iccBandCounts(const std::vector<double>& iccs) {
    std::array<std::size_t, kIccBands> counts{};
    for (const double v : iccs)
        if (!std::isnan(v))
            ++counts[static_cast<std::size_t>(iccBand(v))];
    return counts;
}

} // namespace rgw::ui
