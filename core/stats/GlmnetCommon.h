#pragma once

// Machinery shared by the glmnet families (core/stats/Glmnet*.cpp): input
// checks, standardisation, glmnet's lambda sequence and stopping constants,
// the strong rule, weighted-least-squares coordinate descent with an active
// set, and Breslow risk sets for Cox. Internal to core/stats.

#include "stats/Glmnet.h"

#include <Eigen/Core>
#include <string>
#include <vector>

namespace rgw::stats::glmnet_detail {

// glmnet.control() defaults of glmnet 4.1.6.
inline constexpr double kFractionDevianceChange = 1e-5; // fdev
inline constexpr double kDevianceMax = 0.999;           // devmax
inline constexpr double kMinLambdaRatio = 1e-6;         // eps
inline constexpr double kBigLambda = 9.9e35;            // big
inline constexpr int kMinLambdas = 5;                   // mnlam
inline constexpr double kMinProbability = 1e-9;         // pmin
inline constexpr double kMaxLinearPredictor = 250.0;    // exmx

/// Throws rgw::Error unless x is a finite n × p matrix with n >= 2, p >= 1
/// and `responseRows` == n (`family` names the fit in messages).
void checkDesign(const Eigen::MatrixXd& x, Eigen::Index responseRows, const std::string& family);
/// Throws rgw::Error for options glmnet would refuse (alpha outside [0, 1],
/// negative lambda, lambdaMinRatio >= 1, wrong penaltyFactor size, ...).
void checkOptions(const GlmnetOptions& options, Eigen::Index p, const std::string& family);

/// x centred on its column means and, when `standardize`, scaled to unit
/// 1/n variance (glmnet's lstandard1 with weights 1/n). Constant columns are
/// excluded from the fit (glmnet's chkvars): coefficient 0.
struct Design {
    Eigen::MatrixXd x;
    Eigen::VectorXd mean, scale;
    std::vector<char> included;
};
Design standardizeDesign(const Eigen::MatrixXd& x, bool standardize);

/// Penalty factors max(vp, 0) rescaled to sum to p (glmnet).
Eigen::VectorXd normalizedPenalty(const GlmnetOptions& options, Eigen::Index p);

/// glmnet's lambda at each step: user values sorted decreasing, or the first
/// step at "infinity" (the null model), then lambda_max * r^(m/(L-1)) with
/// lambda_max = max_j |gradient_j| / vp_j / max(alpha, 1e-3) at the null fit,
/// r = max(lambdaMinRatio, 1e-6), by repeated multiplication as glmnet.
class LambdaSchedule {
public:
    /// `singlePrecisionExponent`: glmnet's Fortran coxnet computes
    /// 1 / (nlambda - 1) with a single-precision literal; its Cox sequence
    /// needs the same rounding to agree beyond 1e-10.
    LambdaSchedule(const GlmnetOptions& options, Eigen::Index n, Eigen::Index p,
                   bool singlePrecisionExponent = false);
    bool userSupplied() const { return !user_.empty(); }
    int steps() const { return steps_; }
    /// Advances to step m; absGradient is |x_j' r| at the current (null) fit.
    void advance(int m, const Eigen::VectorXd& absGradient, const Design& design,
                 const Eigen::VectorXd& penalty);
    double current() const { return current_; }
    double previous() const { return previous_; }
    /// Sequential strong-rule threshold alpha * (2 lambda - lambda_previous)
    /// (Tibshirani et al. 2012).
    double strongThreshold() const { return alpha_ * (2.0 * current_ - previous_); }
    /// The lambdas reported: the first "infinite" one replaced by
    /// exp(2 log l2 - log l3) as R's fix.lam for the default sequence.
    std::vector<double> reported(const std::vector<double>& fitted) const;

private:
    std::vector<double> user_;
    double alpha_ = 1, ratio_ = 1, current_ = 0, previous_ = 0;
    int steps_ = 0;
};

/// Passes over the data, all lambdas together (glmnet's nlp against maxit).
struct PassBudget {
    long used = 0;
    long max = 0;
};
/// Thrown internally when the budget is used up; the path stops there.
struct PassBudgetExhausted {};

/// The ever-strong set (ixx) and the ever-active set (ia/mm) in entry order.
struct ActiveSet {
    explicit ActiveSet(Eigen::Index p) : strong(static_cast<std::size_t>(p), 0), active(strong) {}
    std::vector<char> strong, active;
    std::vector<Eigen::Index> members;
    /// Adds every included j outside the strong set with absGradient_j >
    /// threshold * vp_j (strong rule and KKT check); true if any was added.
    bool addStrong(const Eigen::VectorXd& absGradient, double threshold,
                   const Eigen::VectorXd& penalty, const Design& design);
};

/// One weighted least-squares problem of the IRLS outer loop: minimise
/// 1/2 sum_i v_i (z_i - b0 - x_i b)^2 + penalty by cyclic coordinate descent
/// on the strong set, then on the active set until converged, until a full
/// pass moves nothing by more than `threshold` (max v_j (delta b_j)^2, glmnet's
/// dlx). r holds the weighted working residual v_i (z_i - eta_i) and is kept
/// up to date (naive updates).
struct WlsProblem {
    const Eigen::MatrixXd& x;
    const Eigen::VectorXd& v;
    double vSum;
    Eigen::VectorXd& r;
    const Eigen::VectorXd& xv;      ///< v-weighted sum of squares of each strong column
    const Eigen::VectorXd& penalty; ///< vp
    double l1, l2;                  ///< lambda * alpha, lambda * (1 - alpha)
    double threshold;
    bool intercept;
};
void solveWls(const WlsProblem& problem, double& b0, Eigen::Ref<Eigen::VectorXd> beta,
              ActiveSet& set, PassBudget& budget);

/// |x_j' r| for every included j outside the strong set (KKT check).
void updateAbsGradient(Eigen::VectorXd& absGradient, const Eigen::MatrixXd& x,
                       const Eigen::VectorXd& r, const ActiveSet& set, const Design& design);

/// Breslow risk sets on rows sorted by time (glmnet's groups/died/usk): rows
/// before the first event are dropped; group k holds the rows with time in
/// [t_k, t_k+1) for the distinct event times t_k; the risk set of t_k is
/// groups k, k+1, ...
struct RiskSets {
    /// Rows with weight > 0, ascending time, from the first event on.
    std::vector<Eigen::Index> order;
    std::vector<std::size_t> groupEnd; ///< exclusive end in `order` of each group
    Eigen::VectorXd deaths;            ///< weighted events D_k of each group
    Eigen::VectorXd eventWeight;       ///< per row: event * weight
    /// Groups rows with `weight` (all events of a group share its time).
    RiskSets(const Eigen::VectorXd& time, const Eigen::VectorXd& event,
             const Eigen::VectorXd& weight);
    /// Breslow log partial likelihood sum_i d_i w_i f_i - sum_k D_k log
    /// sum_{j in R_k} w_j exp(f_j) (Breslow 1974).
    double logLikelihood(const Eigen::VectorXd& f, const Eigen::VectorXd& weight) const;
    /// sum_k D_k log D_k, the saturated model's term.
    double saturated() const;
};

/// exp(f) with |f| capped at log(0.1 * DBL_MAX) as glmnet.
double cappedExp(double f);

/// The fitted points of a one-response path (binomial, Cox), standardised.
struct PathPoints {
    std::vector<double> lambda, devianceRatio;
    std::vector<Eigen::VectorXd> beta;
    std::vector<double> intercept;
    void add(double l, double devRatio, const Eigen::VectorXd& b, double b0) {
        lambda.push_back(l);
        devianceRatio.push_back(devRatio);
        beta.push_back(b);
        intercept.push_back(b0);
    }
};
/// The path on the original scale with glmnet's reported lambdas.
GlmnetPath assemblePath(const PathPoints& points, const Design& design,
                        const LambdaSchedule& schedule, double nullDeviance, bool converged,
                        bool hasIntercept);

/// glmnet's path stop for binomial and multinomial after step m: not before
/// mnlam steps nor for user lambdas; then when the deviance ratio gained less
/// than fdev or exceeds devmax (`saturated`: the IRLS weights vanished).
bool logisticPathEnds(const std::vector<double>& devianceRatio, const LambdaSchedule& schedule,
                      bool saturated);

/// Unstandardises one column of standardised coefficients b (returns the
/// original-scale coefficients; b0 becomes the original-scale intercept).
Eigen::VectorXd originalScale(const Eigen::VectorXd& b, const Design& design, double& b0);

} // namespace rgw::stats::glmnet_detail
