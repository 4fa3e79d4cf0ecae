#pragma once

// RELIEF-F feature weights (Kononenko 1994, "Estimating attributes: analysis
// and extensions of RELIEF", ECML; Robnik-Šikonja & Kononenko 2003, Machine
// Learning 53), the deterministic variant in which every row is a sample
// (CORElearn's "ReliefFequalK").

#include "modeling/Outcome.h"

#include <Eigen/Core>

namespace rgw::modeling {

/// The RELIEF-F weight of every column of x for a binary or multiclass
/// outcome: W_f = (1/n) Σ_i [ −mean_{h ∈ hits(i)} diff(f, i, h)
///   + Σ_{C ≠ c_i} P(C) / (1 − P(c_i)) · mean_{m ∈ misses_C(i)} diff(f, i, m) ],
/// diff(f, a, b) = |x_af − x_bf| / range(f) (0 for a constant feature), hits
/// the k nearest other rows of row i's class, misses_C the k nearest rows of
/// class C (k = `neighbours`, capped by the class sizes), nearness the
/// Manhattan distance Σ_f diff (ties: the lower row first), P the class
/// shares of the rows. Weights lie in [−1, 1]; larger = more relevant.
/// Throws rgw::Error for neighbours < 1, non-finite x, a survival outcome,
/// fewer than two classes or a class with fewer than 2 rows.
Eigen::VectorXd reliefFWeights(const Eigen::MatrixXd& x, const Outcome& y, int neighbours);

} // namespace rgw::modeling
