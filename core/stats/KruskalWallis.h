#pragma once

// Kruskal–Wallis rank-sum test of k groups, as R's kruskal.test: mid-ranks
// for ties and the tie correction, χ² with k - 1 degrees of freedom.

#include <Eigen/Core>
#include <vector>

namespace rgw::stats {

struct KruskalWallisTest {
    double statistic = 0; ///< H, tie-corrected
    int df = 0;
    double p = 0;
};

/// H = [12 / (N (N + 1)) Σ R_g² / n_g − 3 (N + 1)] / [1 − Σ (t³ − t) / (N³ − N)];
/// NaN values are left out. Throws rgw::Error when fewer than two groups
/// have values; p is NaN when every value is tied.
KruskalWallisTest kruskalWallis(const Eigen::VectorXd& values, const std::vector<int>& group);

} // namespace rgw::stats
