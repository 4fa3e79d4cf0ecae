#pragma once

// From an analysis table (a cohort export or any CSV) to the rows, outcome
// and feature matrix of a modelling task — one set of rules for training,
// evaluation and scoring:
//  - rows whose response (target, or time and event) is missing are left out
//    and counted, never coded as 0;
//  - a `split` column (the cohort's train/test assignment) selects the rows
//    of a role; without one every row is a training row;
//  - missing feature values stay NaN for the pipeline's imputation;
//  - rows are named by the id column (patient_id) or by their line.

#include "modeling/Pipeline.h"
#include "modeling/TrainedModel.h"
#include "stats/DataTable.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace rgw::modeling {

inline constexpr const char* kSplitColumn = "split";
inline constexpr const char* kIdColumn = "patient_id";

/// The columns that are never features: the response, the batch, the id,
/// the split and the export's identity columns (sample_id, roi_name, series_uid).
std::vector<std::string> reservedColumns(const ModelTask& task);

/// Every numeric column of the table that is not reserved, in table order.
std::vector<std::string> defaultFeatures(const stats::DataTable& table, const ModelTask& task);

/// The rows of the table in `role` ("train" / "test" of the split column;
/// std::nullopt = every row) whose response is present; `withoutResponse`
/// counts the rows of the role left out for a missing response.
std::vector<std::size_t> taskRows(const stats::DataTable& table, const ModelTask& task,
                                  const std::optional<std::string>& role,
                                  std::size_t* withoutResponse = nullptr);

/// The outcome of `rows`. With `classes` (a trained model's coding) the
/// target is coded against them; otherwise the coding is learned from the
/// rows (Response.h) and the task's classes are filled in.
Outcome taskOutcome(const stats::DataTable& table, ModelTask& task,
                    const std::vector<std::size_t>& rows, bool codeAgainstTaskClasses);

/// Features (NaN = missing), outcome and batch of `rows`.
PipelineData taskData(const stats::DataTable& table, ModelTask& task,
                      const std::vector<std::string>& features,
                      const std::vector<std::size_t>& rows, bool codeAgainstTaskClasses);

/// The repeated extraction of `features` for `rows` of `table` (a second
/// reader's segmentation, a re-scan, a perturbed extraction), found by
/// patient_id in `repeats`, a table with the same feature columns: rows ×
/// features, NaN where a row's patient has no repeat or the value is
/// missing. What the stability filter (PipelineSpec::stability) reads.
/// Throws rgw::Error naming the table for: no patient_id column in either
/// table, a feature column the repeats table lacks, a patient_id twice in
/// it, and a value that is not a number.
Eigen::MatrixXd taskRepeats(const stats::DataTable& table, const std::vector<std::size_t>& rows,
                            const stats::DataTable& repeats,
                            const std::vector<std::string>& features);

/// The id of each row: the id column's value, else "line N".
std::vector<std::string> rowIds(const stats::DataTable& table,
                                const std::vector<std::size_t>& rows);

} // namespace rgw::modeling
