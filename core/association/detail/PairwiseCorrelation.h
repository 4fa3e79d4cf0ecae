#pragma once

// R's cor(x[ok], y[ok]) for every pair of a column of x and a column of y,
// ok = the rows where both have a value: the one computation behind the
// correlation map and the 1 − r dissimilarity of the clustering. Internal to
// core/association.

#include "association/CorrelationMap.h"
#include "util/Cancel.h"

#include <Eigen/Core>
#include <vector>

namespace rgw::association::detail {

struct PairwiseCorrelations {
    Eigen::MatrixXd r; ///< x columns × y columns; NaN when not Tested
    Eigen::Matrix<Eigen::Index, Eigen::Dynamic, Eigen::Dynamic> n; ///< rows with both values
    std::vector<PairStatus> statuses; ///< column-major, as CorrelationMap::statuses
};

/// Pearson r or Spearman ρ (Pearson of R's mid-ranks among the pair's rows)
/// of every column pair, NaN = missing; pairs with fewer than
/// `minimumPatients` shared rows or a constant column are not computed. Each
/// column is centred (and for Spearman sorted and ranked) once; pairs of
/// complete columns reuse that (for Spearman as one exact matrix product of
/// the centred mid-ranks), pairs with missing values are re-centred (and
/// re-ranked in one pass through the column's sort order) on their own rows.
/// Values must be finite or NaN (the callers check). Runs on `threads`
/// threads (0: one per core); the result does not depend on it. Throws
/// rgw::Error when `cancel` is set during the run.
PairwiseCorrelations pairwiseCorrelations(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y,
                                          CorrelationMethod method, Eigen::Index minimumPatients,
                                          unsigned threads = 0,
                                          const CancelToken* cancel = nullptr);

} // namespace rgw::association::detail
