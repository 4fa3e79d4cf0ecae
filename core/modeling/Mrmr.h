#pragma once

// Minimum-redundancy maximum-relevance selection, the "classic" algorithm of
// mRMRe (De Jay et al. 2013, Bioinformatics 29(18); Ding & Peng 2005), with
// mutual information estimated from a correlation under normality:
// MI = −½ log(1 − ρ²).

#include "modeling/Outcome.h"

#include <Eigen/Core>
#include <vector>

namespace rgw::modeling {

/// One greedy step: the feature chosen and its score at that step
/// (relevance for the first, MI(f, y) − mean MI(f, chosen) afterwards).
struct MrmrChoice {
    Eigen::Index feature = 0;
    double score = 0;
};

/// The first `count` features of mRMRe's classic greedy order on x (rows =
/// samples): first the most relevant feature, then repeatedly the candidate
/// maximising MI(f, y) − mean_{s chosen} MI(f, s); ties go to the lower
/// column. MI(f, s) = −½ log(1 − r²) with r Pearson's correlation.
/// Relevance MI(f, y) = −½ log(1 − ρ²): binary outcome ρ = Pearson r with the
/// 0/1 label (point-biserial); multiclass ρ² = η², the correlation ratio
/// (between-class over total sum of squares, equal to r² for two classes).
/// A constant feature has ρ = 0 with everything. Survival outcomes are
/// refused (mRMRe's concordance-index estimate is not implemented).
/// Throws rgw::Error for count < 1 or > columns, non-finite x, fewer than 3
/// rows, a survival outcome or fewer than two classes.
std::vector<MrmrChoice> mrmrClassic(const Eigen::MatrixXd& x, const Outcome& y, int count);

} // namespace rgw::modeling
