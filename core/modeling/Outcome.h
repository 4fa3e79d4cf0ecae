#pragma once

// The response of a modelling task, in one type for the three kinds of
// models: a binary label, a class, or a survival time with its event.

#include "modeling/ModelKind.h"

#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <vector>

namespace rgw::modeling {

struct Outcome {
    ModelKind kind = ModelKind::Logistic;
    Eigen::VectorXd label;            ///< Logistic: 0/1
    std::vector<int> classOf;         ///< Multinomial: 0 .. classes.size() - 1
    std::vector<std::string> classes; ///< Logistic: {0-value, 1-value}; Multinomial: all
    Eigen::VectorXd time, event;      ///< Cox

    std::size_t size() const;
    /// The outcome of `rows` (in that order, repeats allowed).
    Outcome subset(const std::vector<std::size_t>& rows) const;
    /// The stratum of each row for stratified folds: the label, the class,
    /// or the event indicator.
    std::vector<int> strata() const;
};

} // namespace rgw::modeling
