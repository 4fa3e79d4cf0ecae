#pragma once

// The five numbers of a box plot as R's boxplot.stats draws them (Tukey's
// hinges from fivenum, whiskers at the most extreme values within 1.5 IQR of
// the hinges, the rest outliers), for the association page's box plots.

#include <cstddef>
#include <vector>

namespace rgw::stats {

struct BoxStatistics {
    std::size_t n = 0; ///< values used (NaN left out)
    double lowerWhisker = 0;
    double lowerHinge = 0; ///< Tukey's lower hinge (fivenum[2])
    double median = 0;
    double upperHinge = 0;
    double upperWhisker = 0;
    std::vector<double> outliers; ///< in the order given
};

/// R's fivenum(x) of the non-missing values: minimum, lower hinge, median,
/// upper hinge, maximum. Throws rgw::Error when no value is present.
std::vector<double> fiveNumbers(const std::vector<double>& values);

/// R's boxplot.stats(x, coef) of the non-missing values (`coef` > 0). Throws
/// rgw::Error when no value is present or a value is infinite.
BoxStatistics boxStatistics(const std::vector<double>& values, double coef = 1.5);

} // namespace rgw::stats
