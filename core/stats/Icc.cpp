#include "stats/Icc.h"

#include "util/Error.h"

#include <array>
#include <boost/math/distributions/fisher_f.hpp>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>

namespace rgw::stats {

namespace {

using Eigen::Index;
// Errors become exceptions we translate; no errno, no silent NaN.
using Policy = boost::math::policies::policy<>;
using FisherF = boost::math::fisher_f_distribution<double, Policy>;

constexpr std::array<IccKind, 3> kKinds = {IccKind::OneWay, IccKind::TwoWayAgreement,
                                           IccKind::TwoWayConsistency};

/// Upper quantile of F(df1, df2): P(F > q) = tail.
double fUpperQuantile(double tail, double df1, double df2) {
    return boost::math::quantile(boost::math::complement(FisherF(df1, df2), tail));
}

/// P(F(df1, df2) > f).
double fUpperTail(double f, double df1, double df2) {
    if (std::isinf(f))
        return 0.0;
    return boost::math::cdf(boost::math::complement(FisherF(df1, df2), f));
}

/// The mean squares of the two-way ANOVA without replication (Shrout & Fleiss
/// 1979, Table 1): subjects MSB, raters MSJ, residual MSE, within MSW.
struct MeanSquares {
    double n = 0, k = 0;
    double msb = 0, msj = 0, mse = 0, msw = 0;
};

MeanSquares meanSquaresOf(const Eigen::MatrixXd& x) {
    MeanSquares m;
    m.n = static_cast<double>(x.rows());
    m.k = static_cast<double>(x.cols());
    const double grand = x.mean();
    const Eigen::ArrayXd rowMean = x.rowwise().mean().array();
    const Eigen::ArrayXd colMean = x.colwise().mean().transpose().array();
    // SSB = k Σ_i (row_i - grand)², SSJ = n Σ_j (col_j - grand)²,
    // SSE = Σ (x_ij - row_i - col_j + grand)².
    const double ssb = m.k * (rowMean - grand).square().sum();
    const double ssj = m.n * (colMean - grand).square().sum();
    const Eigen::ArrayXXd residual =
        (x.array().colwise() - rowMean).rowwise() - (colMean - grand).transpose();
    const double sse = residual.square().sum();
    m.msb = ssb / (m.n - 1.0);
    m.msj = ssj / (m.k - 1.0);
    m.mse = sse / ((m.n - 1.0) * (m.k - 1.0));
    m.msw = (ssj + sse) / (m.n * (m.k - 1.0));
    return m;
}

/// Bounds of ICC(1,1) and ICC(3,1): F_L = F / F_{1-a/2}(df1, df2),
/// F_U = F F_{1-a/2}(df2, df1), bound = (F_b - 1) / (F_b + k - 1).
void fRatioBounds(IccResult& r, double k, double tail) {
    const double fl = r.f / fUpperQuantile(tail, r.df1, r.df2);
    const double fu = r.f * fUpperQuantile(tail, r.df2, r.df1);
    r.lower = (fl - 1.0) / (fl + k - 1.0);
    r.upper = (fu - 1.0) / (fu + k - 1.0);
}

/// Bounds of ICC(2,1) (Shrout & Fleiss 1979, eq. in Table 4; psych::ICC):
/// Satterthwaite's df v of the denominator mean square, then
///   L = n (MSB - F* MSE) / (F* (k MSJ + (kn - k - n) MSE) + n MSB),
///   U = n (F_* MSB - MSE) / (k MSJ + (kn - k - n) MSE + n F_* MSB)
/// with F* = F_{1-a/2}(n - 1, v) and F_* = F_{1-a/2}(v, n - 1).
void agreementBounds(IccResult& r, const MeanSquares& m, double tail) {
    const double n = m.n, k = m.k, icc = r.icc;
    const double fj = m.msj / m.mse;
    const double vn =
        (k - 1.0) * (n - 1.0) * std::pow(k * icc * fj + n * (1.0 + (k - 1.0) * icc) - k * icc, 2.0);
    const double vd = (n - 1.0) * k * k * icc * icc * fj * fj +
                      std::pow(n * (1.0 + (k - 1.0) * icc) - k * icc, 2.0);
    const double v = vn / vd;
    const double fStarU = fUpperQuantile(tail, n - 1.0, v);
    const double fStarL = fUpperQuantile(tail, v, n - 1.0);
    const double common = k * m.msj + (k * n - k - n) * m.mse;
    r.lower = n * (m.msb - fStarU * m.mse) / (fStarU * common + n * m.msb);
    r.upper = n * (fStarL * m.msb - m.mse) / (common + n * fStarL * m.msb);
}

void checkRatings(const Eigen::MatrixXd& ratings, double confidence) {
    if (ratings.rows() < 2 || ratings.cols() < 2)
        throw Error("ICC: needs at least 2 subjects and 2 raters, got " +
                    std::to_string(ratings.rows()) + " subjects and " +
                    std::to_string(ratings.cols()) + " raters");
    for (Index c = 0; c < ratings.cols(); ++c)
        for (Index r = 0; r < ratings.rows(); ++r)
            if (!std::isfinite(ratings(r, c)))
                throw Error("ICC: the rating of subject " + std::to_string(r + 1) + " by rater " +
                            std::to_string(c + 1) + " is not a finite number");
    if (!(confidence > 0.0 && confidence < 1.0))
        throw Error("ICC: the confidence level " + std::to_string(confidence) +
                    " is not in (0, 1)");
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

} // namespace

std::string_view iccKindName(IccKind kind) {
    switch (kind) {
    case IccKind::OneWay:
        return "ICC(1,1)";
    case IccKind::TwoWayAgreement:
        return "ICC(2,1)";
    case IccKind::TwoWayConsistency:
        return "ICC(3,1)";
    }
    return "ICC(?)";
}

IccKind parseIccKind(std::string_view name) {
    const std::string wanted = upper(name);
    for (std::size_t i = 0; i < kKinds.size(); ++i)
        if (wanted == iccKindName(kKinds[i]) || wanted == "ICC" + std::to_string(i + 1))
            return kKinds[i];
    throw Error("unknown ICC kind '" + std::string(name) + "': use ICC(1,1), ICC(2,1) or ICC(3,1)");
}

IccResult intraclassCorrelation(const Eigen::MatrixXd& ratings, IccKind kind, double confidence) {
    checkRatings(ratings, confidence);
    const MeanSquares m = meanSquaresOf(ratings);
    if (!(m.msb > 0.0))
        throw Error("ICC: the subjects do not differ (no variance between subjects), so the "
                    "ICC is undefined");
    const double n = m.n, k = m.k;
    const double tail = (1.0 - confidence) / 2.0;
    IccResult r;
    r.kind = kind;
    r.df1 = n - 1.0;
    // The error mean square: MSW for the one-way model, MSE for the two-way ones.
    const double error = kind == IccKind::OneWay ? m.msw : m.mse;
    r.df2 = kind == IccKind::OneWay ? n * (k - 1.0) : (n - 1.0) * (k - 1.0);
    switch (kind) {
    case IccKind::OneWay:
    case IccKind::TwoWayConsistency:
        r.icc = (m.msb - error) / (m.msb + (k - 1.0) * error);
        break;
    case IccKind::TwoWayAgreement:
        r.icc = (m.msb - m.mse) / (m.msb + (k - 1.0) * m.mse + k * (m.msj - m.mse) / n);
        break;
    }
    r.f = error > 0.0 ? m.msb / error : std::numeric_limits<double>::infinity();
    r.p = fUpperTail(r.f, r.df1, r.df2);
    if (!(error > 0.0)) {
        r.lower = r.upper = r.icc;
        return r;
    }
    if (kind == IccKind::TwoWayAgreement)
        agreementBounds(r, m, tail);
    else
        fRatioBounds(r, k, tail);
    return r;
}

} // namespace rgw::stats
