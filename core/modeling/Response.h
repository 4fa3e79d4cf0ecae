#pragma once

// What a model predicts, read from a table's columns with one set of coding
// rules for every command and page:
//  - binary target: numbers 0/1, or exactly two distinct values (text or
//    numbers), the second in sorted order being the event "1";
//  - classes (multinomial): the distinct values, numbers sorted numerically,
//    text sorted by bytes;
//  - survival: a positive time and an event column coded 0/1 (1 = event) or,
//    as R's Surv() reads it, 1/2 (2 = event); TRUE/FALSE also read.
// Rows with a missing response are left out by the caller's complete-case
// selection; a value outside these codings is an error naming the row's line.

#include "stats/DataTable.h"

#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <vector>

namespace rgw::modeling {

struct BinaryResponse {
    Eigen::VectorXd y;    ///< 0/1 per selected row
    std::string negative; ///< the value coded 0
    std::string positive; ///< the value coded 1 (the event)
};

struct ClassResponse {
    std::vector<int> classOf;         ///< 0 .. classes.size() - 1 per selected row
    std::vector<std::string> classes; ///< in coding order
};

struct SurvivalResponse {
    Eigen::VectorXd time;
    Eigen::VectorXd event; ///< 0/1
};

/// The binary target `column` of `rows`. Throws rgw::Error when the column
/// holds fewer or more than two values (naming them), or a missing value.
BinaryResponse binaryResponse(const stats::DataTable& table, const std::string& column,
                              const std::vector<std::size_t>& rows);

/// The class target `column` of `rows` (at least two classes).
ClassResponse classResponse(const stats::DataTable& table, const std::string& column,
                            const std::vector<std::size_t>& rows);

/// Time and event of `rows`. Throws rgw::Error naming the line for a time
/// that is not > 0 or an event that is not 0/1, 1/2 or TRUE/FALSE, and when
/// there is no event at all.
SurvivalResponse survivalResponse(const stats::DataTable& table, const std::string& timeColumn,
                                  const std::string& eventColumn,
                                  const std::vector<std::size_t>& rows);

/// The index of each row's value of `column` among known `classes` (a
/// trained model's coding; numbers compare by value, text by bytes). Throws
/// rgw::Error naming the line of a missing value or of a value the model
/// does not know.
std::vector<int> codesAgainst(const stats::DataTable& table, const std::string& column,
                              const std::vector<std::size_t>& rows,
                              const std::vector<std::string>& classes);

} // namespace rgw::modeling
