#include "association/HardyWeinberg.h"

#include <algorithm>
#include <vector>

namespace rgw::association {

double hardyWeinbergExactP(const GenotypeCounts& counts) {
    const std::size_t n = counts.total();
    const std::size_t homRare = std::min(counts.homCounted, counts.homOther);
    const std::size_t rareCopies = 2 * homRare + counts.heterozygous;
    if (n == 0 || rareCopies == 0)
        return 1.0;

    // P(h hets | n, rare copies) up to a constant, for h of rareCopies' parity,
    // by the recurrences of Wigginton et al. from the mode outwards.
    std::vector<double> probability(rareCopies + 1, 0.0);
    std::size_t mode = static_cast<std::size_t>(static_cast<double>(rareCopies) *
                                                static_cast<double>(2 * n - rareCopies) /
                                                static_cast<double>(2 * n));
    if ((mode % 2) != (rareCopies % 2))
        ++mode;
    probability[mode] = 1.0;
    double sum = 1.0;

    // Downwards: fewer heterozygotes, one more of each homozygote per step of 2.
    double homR = static_cast<double>((rareCopies - mode) / 2);
    double homC = static_cast<double>(n) - static_cast<double>(mode) - homR;
    for (std::size_t h = mode; h >= 2; h -= 2) {
        const double hd = static_cast<double>(h);
        probability[h - 2] = probability[h] * hd * (hd - 1.0) / (4.0 * (homR + 1.0) * (homC + 1.0));
        sum += probability[h - 2];
        homR += 1.0;
        homC += 1.0;
    }
    // Upwards: more heterozygotes.
    homR = static_cast<double>((rareCopies - mode) / 2);
    homC = static_cast<double>(n) - static_cast<double>(mode) - homR;
    for (std::size_t h = mode; h + 2 <= rareCopies; h += 2) {
        const double hd = static_cast<double>(h);
        probability[h + 2] = probability[h] * 4.0 * homR * homC / ((hd + 2.0) * (hd + 1.0));
        sum += probability[h + 2];
        homR -= 1.0;
        homC -= 1.0;
    }

    const double observed = probability[counts.heterozygous];
    const double limit = observed * (1.0 + 1e-7);
    double p = 0.0;
    for (std::size_t h = rareCopies % 2; h <= rareCopies; h += 2)
        if (probability[h] <= limit)
            p += probability[h];
    return std::min(1.0, p / sum);
}

double expectedHeterozygosity(const GenotypeCounts& counts) {
    const std::size_t n = counts.total();
    if (n == 0)
        return 0.0;
    const double f = static_cast<double>(2 * counts.homCounted + counts.heterozygous) /
                     static_cast<double>(2 * n);
    return 2.0 * f * (1.0 - f);
}

} // namespace rgw::association
