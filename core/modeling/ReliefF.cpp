#include "modeling/ReliefF.h"

#include "modeling/SelectionChecks.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace rgw::modeling {

namespace {

/// The (up to) k rows of `candidates` nearest by `distance`, ties by row.
std::vector<Eigen::Index> nearest(std::vector<Eigen::Index> candidates,
                                  const Eigen::VectorXd& distance, int k) {
    const auto count = std::min(candidates.size(), static_cast<std::size_t>(k));
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(count),
                      candidates.end(), [&](Eigen::Index a, Eigen::Index b) {
                          return distance(a) < distance(b) || (distance(a) == distance(b) && a < b);
                      });
    candidates.resize(count);
    return candidates;
}

/// Mean of diff over the rows `near` (rows of `diff`).
Eigen::VectorXd meanDiff(const Eigen::MatrixXd& diff, const std::vector<Eigen::Index>& near) {
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(diff.cols());
    for (const Eigen::Index r : near)
        sum += diff.row(r).transpose();
    return sum / static_cast<double>(near.size());
}

} // namespace

Eigen::VectorXd reliefFWeights(const Eigen::MatrixXd& x, const Outcome& y, int neighbours) {
    detail::checkSelectionInput("RELIEF-F", x, y, 4);
    if (neighbours < 1)
        throw Error("RELIEF-F: the number of neighbours must be at least 1, not " +
                    std::to_string(neighbours));
    const std::vector<int> cls = detail::classesOf("RELIEF-F", y, 2);
    const Eigen::Index n = x.rows(), p = x.cols();
    const auto rows = static_cast<double>(n);

    std::map<int, std::vector<Eigen::Index>> members; // rows of each class, ascending
    for (Eigen::Index i = 0; i < n; ++i)
        members[cls[static_cast<std::size_t>(i)]].push_back(i);
    const Eigen::VectorXd range = x.colwise().maxCoeff() - x.colwise().minCoeff();

    Eigen::VectorXd weight = Eigen::VectorXd::Zero(p);
    Eigen::MatrixXd diff(n, p);
    Eigen::VectorXd distance(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        // diff(f, i, r) = |x_if − x_rf| / range(f); distance = Σ_f diff (Manhattan).
        distance.setZero();
        for (Eigen::Index f = 0; f < p; ++f) {
            if (range(f) > 0)
                diff.col(f) = (x.col(f).array() - x(i, f)).abs() / range(f);
            else
                diff.col(f).setZero();
            distance += diff.col(f);
        }
        const int own = cls[static_cast<std::size_t>(i)];
        std::vector<Eigen::Index> same;
        for (const Eigen::Index r : members[own])
            if (r != i)
                same.push_back(r);
        weight -= meanDiff(diff, nearest(same, distance, neighbours)) / rows;
        const double ownShare = static_cast<double>(members[own].size()) / rows;
        for (const auto& [c, rowsOfC] : members) {
            if (c == own)
                continue;
            // Misses of class C weighted by P(C) / (1 − P(c_i)) (Kononenko 1994).
            const double prior = static_cast<double>(rowsOfC.size()) / rows / (1.0 - ownShare);
            weight += prior * meanDiff(diff, nearest(rowsOfC, distance, neighbours)) / rows;
        }
    }
    return weight;
}

} // namespace rgw::modeling
