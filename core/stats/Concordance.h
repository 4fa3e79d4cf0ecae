#pragma once

// Harrell's concordance index for right-censored survival and a risk score,
// equal to R survival 3.5.3 concordance(Surv(time, event) ~ score,
// reverse = TRUE) with its defaults (timewt = "n", timefix = TRUE), including
// its standard error. O(n log n): Fenwick trees over the score ranks.

#include <Eigen/Core>

namespace rgw::stats {

/// Harrell's C with its standard error and pair counts. A pair is comparable
/// when the earlier time is an event (an event and a censoring at the same
/// time are comparable: the censored subject outlived the event).
struct ConcordanceResult {
    /// (concordant + tiedRisk / 2) / (concordant + discordant + tiedRisk).
    double cIndex = 0;
    /// sqrt of survival::concordance()'s `var`: the infinitesimal jackknife
    /// variance, Σᵢ dfbetaᵢ² / 4 of Somers' d (not `cvar`, the Cox variance).
    double standardError = 0;
    /// The 95 % confidence interval C ± z₀.₉₇₅ · standardError (normal
    /// theory on the infinitesimal-jackknife SE, as survival's print of the
    /// concordance reports its se), clipped to [0, 1].
    double lower = 0, upper = 0;
    /// Comparable pairs where the earlier event has the higher / lower / the
    /// same score (R count concordant, discordant, tied.x under reverse = TRUE).
    double concordant = 0, discordant = 0, tiedRisk = 0;
    /// Pairs of events at the same time with different scores (tied.y), not
    /// comparable.
    double tiedTime = 0;
    /// Pairs of events at the same time with the same score (tied.xy).
    double tiedTimeAndRisk = 0;
};

/// Harrell's C for right-censored data, higher score = higher risk (=
/// survival::concordance(Surv(time, status) ~ score, reverse = TRUE)), ties
/// in the score counted 1/2 as R does. standardError = sqrt(var) of that R
/// function, the infinitesimal jackknife (dfbetaᵢ = ((cᵢ − dᵢ) − D (cᵢ + dᵢ +
/// tᵢ)) / N per subject with its pair counts cᵢ, dᵢ, tᵢ, Somers' D and N
/// comparable pairs; var = Σ dfbetaᵢ² / 4). Times within 1.5e-8 are tied
/// (timefix). Throws rgw::Error for bad survival input (see
/// requireSurvivalData), a score of another length or not finite, and for no
/// comparable pair (no event before another time).
ConcordanceResult harrellConcordance(const Eigen::VectorXd& time, const Eigen::VectorXd& event01,
                                     const Eigen::VectorXd& score);

} // namespace rgw::stats
