#include "stats/Distributions.h"

#include "util/Error.h"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <limits>
#include <string>

namespace rgw::stats {

namespace {

// Errors become exceptions we translate; no errno, no silent NaN.
using Policy = boost::math::policies::policy<>;
/// The same without promoting double to long double inside the special functions.
using DoublePolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

template <class P> double twoSidedStudent(double t, double df) {
    if (std::isnan(t) || !(df > 0.0))
        return std::numeric_limits<double>::quiet_NaN();
    if (std::isinf(t))
        return 0.0;
    return std::min(1.0,
                    2.0 * boost::math::cdf(boost::math::complement(
                              boost::math::students_t_distribution<double, P>(df), std::abs(t))));
}

} // namespace

double normalCdf(double z) {
    if (std::isnan(z))
        return z;
    return 0.5 * boost::math::erfc(-z / std::sqrt(2.0), Policy());
}

double normalUpperTail(double z) {
    if (std::isnan(z))
        return z;
    return 0.5 * boost::math::erfc(z / std::sqrt(2.0), Policy());
}

double normalQuantile(double p) {
    if (!(p > 0.0 && p < 1.0))
        throw Error("normal quantile: the probability " + std::to_string(p) + " is not in (0, 1)");
    return boost::math::quantile(boost::math::normal_distribution<double, Policy>(), p);
}

double normalTwoSidedP(double z) {
    if (std::isnan(z))
        return z;
    return std::min(1.0, 2.0 * normalUpperTail(std::abs(z)));
}

double chiSquaredUpperTail(double x, double df) {
    if (std::isnan(x) || !(df > 0.0))
        return std::numeric_limits<double>::quiet_NaN();
    if (x <= 0.0)
        return 1.0;
    if (std::isinf(x))
        return 0.0;
    return boost::math::cdf(
        boost::math::complement(boost::math::chi_squared_distribution<double, Policy>(df), x));
}

double studentTwoSidedP(double t, double df) {
    return twoSidedStudent<Policy>(t, df);
}

double studentTwoSidedPDouble(double t, double df) {
    const double p = twoSidedStudent<DoublePolicy>(t, df);
    // Near the bottom of the double range the double-only evaluation
    // underflows early; the promoted one keeps the digits there.
    return p < 1e-280 ? twoSidedStudent<Policy>(t, df) : p;
}

double studentQuantile(double p, double df) {
    if (!(p > 0.0 && p < 1.0) || !(df > 0.0))
        throw Error("Student t quantile: probability " + std::to_string(p) + " or " +
                    std::to_string(df) + " degrees of freedom out of range");
    return boost::math::quantile(boost::math::students_t_distribution<double, Policy>(df), p);
}

} // namespace rgw::stats
