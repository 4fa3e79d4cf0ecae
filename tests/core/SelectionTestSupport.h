#pragma once

// The tables of the feature-selection tests (tests/reference/selection,
// written by make_selection.R): wdbc (binary), a synthetic three-class table
// and lung's complete rows (survival), each as x, the outcome and the fold
// ids the R script used.

#include "Reference.h"
#include "TestData.h"
#include "modeling/Outcome.h"
#include "stats/DataTable.h"

#include <Eigen/Core>
#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace rgw::test {

struct SelectionTable {
    Eigen::MatrixXd x;
    std::vector<std::string> features;
    modeling::Outcome y;
    std::vector<int> fold; ///< 1..K as in the R script
};

inline std::vector<std::size_t> allRows(const stats::DataTable& t) {
    std::vector<std::size_t> rows(t.rows());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    return rows;
}

inline std::vector<int> foldsOf(const stats::DataTable& t) {
    std::vector<int> fold;
    for (const double f : t.numbers("fold"))
        fold.push_back(static_cast<int>(f));
    return fold;
}

/// wdbc: 30 features, malignant as the binary outcome, the folds of
/// wdbc_folds.csv. `file` may name the standardised copy.
inline SelectionTable
wdbcTable(const std::filesystem::path& file = tabularFile("wdbc_breast_cancer.csv")) {
    const stats::DataTable t = stats::DataTable::read(file);
    SelectionTable s;
    for (const std::string& name : t.numericColumns())
        if (name != "malignant")
            s.features.push_back(name);
    const auto rows = allRows(t);
    s.x = t.matrix(s.features, rows);
    s.y.kind = modeling::ModelKind::Logistic;
    s.y.label = t.vector("malignant", rows);
    s.y.classes = {"0", "1"};
    s.fold = foldsOf(stats::DataTable::read(referenceFile("selection/wdbc_folds.csv")));
    return s;
}

/// The synthetic three-class table (class 0, 1, 2; features a..h).
inline SelectionTable synthetic3Table() {
    const stats::DataTable t =
        stats::DataTable::read(referenceFile("selection/synthetic3_input.csv"));
    SelectionTable s;
    s.features = {"a", "b", "c", "d", "e", "f", "g", "h"};
    const auto rows = allRows(t);
    s.x = t.matrix(s.features, rows);
    s.y.kind = modeling::ModelKind::Multinomial;
    for (const double c : t.numbers("class"))
        s.y.classOf.push_back(static_cast<int>(c));
    s.y.classes = {"0", "1", "2"};
    s.fold = foldsOf(t);
    return s;
}

/// lung's complete rows: time, event 0/1 and seven covariates.
inline SelectionTable lungTable() {
    const stats::DataTable t = stats::DataTable::read(referenceFile("selection/lung_input.csv"));
    SelectionTable s;
    s.features = {"age", "sex", "ph_ecog", "ph_karno", "pat_karno", "meal_cal", "wt_loss"};
    const auto rows = allRows(t);
    s.x = t.matrix(s.features, rows);
    s.y.kind = modeling::ModelKind::Cox;
    s.y.time = t.vector("time", rows);
    s.y.event = t.vector("event", rows);
    s.fold = foldsOf(t);
    return s;
}

/// The column index of each name in `features`, in the order of `names`.
inline std::vector<Eigen::Index> indicesOf(const std::vector<std::string>& features,
                                           const std::vector<std::string>& names) {
    std::vector<Eigen::Index> out;
    for (const std::string& n : names) {
        const auto it = std::find(features.begin(), features.end(), n);
        if (it == features.end())
            throw std::runtime_error("no feature " + n);
        out.push_back(static_cast<Eigen::Index>(it - features.begin()));
    }
    return out;
}

} // namespace rgw::test
