#pragma once

// The log-rank test of equal survival in k groups, equal to R survival 3.5.3
// survdiff(Surv(time, event) ~ group) (rho = 0, no strata).

#include <Eigen/Core>
#include <string>
#include <vector>

namespace rgw::stats {

/// Observed and expected events per group (groups in sorted byte-wise
/// order), the χ² statistic, its degrees of freedom and upper-tail p.
struct LogRankTest {
    std::vector<std::string> groups;
    std::vector<double> observed, expected;
    double chiSquared = 0;
    int df = 0;
    double p = 0;
};

/// Log-rank (Mantel–Haenszel) test of k groups, as survival::survdiff(rho =
/// 0): at each event time with n at risk (n_g in group g) and d events,
/// E_g += d n_g / n and V_gh += d (n − d) / (n (n − 1)) · n_g (δ_gh − n_h / n);
/// χ² = (O − E)ᵀ V⁻¹ (O − E) over the groups with E > 0 except the first,
/// df = (groups with E > 0) − 1, p from χ²(df). Times within 1.5e-8 are tied
/// (survdiff timefix). Throws rgw::Error for bad survival input (see
/// requireSurvivalData), a group vector of another length or with an empty
/// (missing) name, fewer than 2 groups, fewer than 2 groups with subjects at
/// risk at an event time, and a singular variance matrix.
LogRankTest logRankTest(const Eigen::VectorXd& time, const Eigen::VectorXd& event01,
                        const std::vector<std::string>& group);

} // namespace rgw::stats
