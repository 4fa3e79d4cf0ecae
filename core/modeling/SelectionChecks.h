#pragma once

// Input checks shared by the multivariate selection methods (LassoSelection,
// Mrmr, ReliefF, SvmRfe): each names the method and what is wrong.

#include "modeling/Outcome.h"

#include <Eigen/Core>
#include <string>
#include <vector>

namespace rgw::modeling::detail {

/// Throws rgw::Error "<method>: ..." unless x has at least one column, at
/// least `minRows` rows, only finite values, and one outcome per row.
void checkSelectionInput(const char* method, const Eigen::MatrixXd& x, const Outcome& y,
                         Eigen::Index minRows);

/// The class (0 .. K-1) of each row of a binary or multiclass outcome: the
/// label of a Logistic one, classOf of a Multinomial one. Throws rgw::Error
/// "<method> needs a binary or multiclass outcome" for survival, and when
/// fewer than two classes are present or a present class has fewer than
/// `minPerClass` rows.
std::vector<int> classesOf(const char* method, const Outcome& y, int minPerClass);

} // namespace rgw::modeling::detail
