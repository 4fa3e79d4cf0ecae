#pragma once

// Kaplan–Meier survival curves equal to R survival 3.5.3 survfit(Surv(time,
// event) ~ 1) with its defaults (Greenwood variance, conf.type = "log"), and
// the right-censored survival input checks shared by LogRank and Concordance.
// Times are in the caller's unit; event01 is 1 for an event (death), 0 for
// censored. As survival's timefix = TRUE, times that differ by a relative
// 1.5e-8 are one time (aeqSurv).

#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <vector>

namespace rgw::stats {

/// One row of the curve at a distinct time (an event or a censoring time).
struct KaplanMeierRow {
    double time;
    std::size_t atRisk, events, censored;
    double survival;
    /// Standard error of S(t) (Greenwood), as summary.survfit's std.err:
    /// S(t)·sqrt(Σ d/(n(n−d))). NaN where S(t) = 0 (R: Inf·0).
    double standardError;
    /// Log-scale confidence limits exp(log S ± z·logStandardError), the upper
    /// clipped to 1, as survfit's lower/upper; NaN where S(t) = 0 (R: NA).
    double lower, upper;
    /// Standard error of the cumulative hazard −log S(t), as the survfit
    /// object's std.err: sqrt(Σ d/(n(n−d))); +Inf once everyone at risk died.
    double logStandardError;
};

struct KaplanMeierCurve {
    std::string group;
    std::vector<KaplanMeierRow> rows;
    /// The median as print(survfit) / summary(survfit)$table: the first time
    /// with S(t) < 0.5 + 1.5e-8; if S there equals 0.5 (within 1.5e-8) and
    /// later drops, the midpoint of that time and the time of the next drop.
    /// NaN when not reached.
    double medianSurvival;
};

/// Kaplan–Meier with Greenwood variance and survfit's default "log"
/// confidence interval (conf.type = "log", level in (0, 1)), one row per
/// distinct time (events or censorings, like summary(survfit, censored =
/// TRUE)): S(t) = Π (1 − d/n). Throws rgw::Error for empty or
/// different-length input, non-finite times and events other than 0/1.
KaplanMeierCurve kaplanMeier(const Eigen::VectorXd& time, const Eigen::VectorXd& event01,
                             double level = 0.95);

/// One curve per group (groups in sorted byte-wise order; "1" < "10" < "2"),
/// each as kaplanMeier of its rows (= survfit(Surv(time, event) ~ group)).
/// Throws rgw::Error as kaplanMeier, for a group vector of another length and
/// for an empty group name (drop rows with a missing group first).
std::vector<KaplanMeierCurve> kaplanMeierByGroup(const Eigen::VectorXd& time,
                                                 const Eigen::VectorXd& event01,
                                                 const std::vector<std::string>& group,
                                                 double level = 0.95);

// ---- Right-censored input shared by the survival statistics.

/// Throws rgw::Error "<function>: ..." naming the row for different lengths,
/// no rows, a non-finite time or an event other than 0/1.
void requireSurvivalData(const Eigen::VectorXd& time, const Eigen::VectorXd& event01,
                         const std::string& function);

/// survival::aeqSurv: times whose gap to the previous distinct time is at most
/// 1.5e-8 (absolute, or relative to the mean |time|) become that time.
Eigen::VectorXd harmonizedTimes(const Eigen::VectorXd& time);

/// Groups of rows: the distinct names (sorted byte-wise) and each row's index
/// into them.
struct RowGroups {
    std::vector<std::string> names;
    std::vector<std::size_t> of;
};

/// Indexes `group` (one name per row, `rows` rows). Throws rgw::Error
/// "<function>: ..." for another length or an empty (missing) name.
RowGroups groupRows(const std::vector<std::string>& group, Eigen::Index rows,
                    const std::string& function);

/// Row indices ordered by ascending time (stable).
std::vector<Eigen::Index> orderByTime(const Eigen::VectorXd& time);

} // namespace rgw::stats
