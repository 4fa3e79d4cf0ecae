#pragma once

// Summaries computed the way R computes them, so that the association maps
// agree with R to the last bits: R's mean() and cor() accumulate in long
// double and correct the mean by the mean residual (R's summary.c, cov.c).
// Internal to core/association.

#include <cstddef>
#include <vector>

namespace rgw::association::detail {

/// R's mean(x) of n values: s = Σx / n in long double, then s += Σ(x − s) / n.
double rMean(const double* x, std::size_t n);

/// R's median(x): the middle value, or the mean of the two middle values.
/// Empty input gives NaN.
double rMedian(std::vector<double> x);

/// The values of one variable centred on R's mean, and R's standard deviation
/// (divisor n − 1), as R's cor() holds them.
struct Centred {
    std::vector<long double> deviations; ///< x_k − mean, in long double
    double sd = 0;                       ///< (double) sqrtl(Σ deviation² / (n − 1))
};

/// Centres x (n ≥ 2 values) as R's cor() does.
void centre(const double* x, std::size_t n, Centred& out);

/// Centres the mid-ranks 1..n of n ≥ 2 values as R's cor() does. Their mean
/// is (n + 1) / 2 exactly in R's long double passes (the rank sum n (n + 1) / 2
/// and every residual are exact), so it is taken as known.
void centreRanks(const double* ranks, std::size_t n, Centred& out);

/// The end of R's cor(): (double)(sum / (n − 1)) / (sd_x sd_y), clamped to
/// [−1, 1], from the long double sum of the products of the deviations.
double correlationFromSum(long double sum, std::size_t n, double sdX, double sdY);

/// R's cor(x, y) of two centred variables of the same length: (double)(Σ dx dy
/// / (n − 1)) / (sd_x sd_y), clamped to [−1, 1]. NaN when either sd is 0 (R's
/// NA, "the standard deviation is zero").
double rCorrelation(const Centred& x, const Centred& y);

/// R's rank(x) (ties.method = "average": tied values share their mean rank,
/// 1-based) of the n values x[order[0..n)], where order sorts them ascending;
/// ranks[k] is the rank of x[order[k]].
void midRanksOfSorted(const double* sortedValues, std::size_t n, double* ranks);

} // namespace rgw::association::detail
