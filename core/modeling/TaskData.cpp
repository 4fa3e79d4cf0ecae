#include "modeling/TaskData.h"

#include "modeling/Response.h"
#include "util/Error.h"

#include <algorithm>
#include <limits>
#include <map>

namespace rgw::modeling {

std::vector<std::string> reservedColumns(const ModelTask& task) {
    std::vector<std::string> out{kIdColumn, kSplitColumn, "sample_id", "roi_name", "series_uid"};
    for (const std::string* c : {&task.target, &task.time, &task.event, &task.batchColumn})
        if (!c->empty())
            out.push_back(*c);
    return out;
}

std::vector<std::string> defaultFeatures(const stats::DataTable& table, const ModelTask& task) {
    const std::vector<std::string> reserved = reservedColumns(task);
    std::vector<std::string> out;
    for (const std::string& name : table.numericColumns())
        if (std::find(reserved.begin(), reserved.end(), name) == reserved.end())
            out.push_back(name);
    if (out.empty())
        throw Error(table.source() +
                    ": no numeric column besides the response to use as a feature");
    return out;
}

std::vector<std::size_t> taskRows(const stats::DataTable& table, const ModelTask& task,
                                  const std::optional<std::string>& role,
                                  std::size_t* withoutResponse) {
    std::vector<std::string> response = task.kind == ModelKind::Cox
                                            ? std::vector<std::string>{task.time, task.event}
                                            : std::vector<std::string>{task.target};
    std::vector<std::size_t> columns;
    for (const std::string& name : response) {
        if (name.empty())
            throw Error(task.kind == ModelKind::Cox ? "a Cox model needs a time and an event column"
                                                    : "the model needs a target column");
        columns.push_back(table.require(name));
    }
    const bool hasSplit = table.has(kSplitColumn);
    if (role && !hasSplit && *role != "train")
        throw Error(table.source() + ": there is no '" + kSplitColumn + "' column to find the " +
                    *role + " rows in");
    std::vector<std::size_t> rows;
    std::size_t missing = 0;
    for (std::size_t r = 0; r < table.rows(); ++r) {
        if (role && hasSplit && table.text(kSplitColumn)[r] != *role)
            continue;
        const bool complete = std::none_of(columns.begin(), columns.end(),
                                           [&](std::size_t c) { return table.isMissing(r, c); });
        if (complete)
            rows.push_back(r);
        else
            ++missing;
    }
    if (withoutResponse)
        *withoutResponse = missing;
    return rows;
}

Outcome taskOutcome(const stats::DataTable& table, ModelTask& task,
                    const std::vector<std::size_t>& rows, bool codeAgainstTaskClasses) {
    Outcome y;
    y.kind = task.kind;
    switch (task.kind) {
    case ModelKind::Logistic: {
        if (codeAgainstTaskClasses) {
            const std::vector<int> code = codesAgainst(table, task.target, rows, task.classes);
            y.label.resize(static_cast<Eigen::Index>(rows.size()));
            for (std::size_t i = 0; i < code.size(); ++i)
                y.label(static_cast<Eigen::Index>(i)) = code[i];
        } else {
            const BinaryResponse b = binaryResponse(table, task.target, rows);
            y.label = b.y;
            task.classes = {b.negative, b.positive};
        }
        y.classes = task.classes;
        break;
    }
    case ModelKind::Multinomial:
        if (codeAgainstTaskClasses) {
            y.classOf = codesAgainst(table, task.target, rows, task.classes);
        } else {
            ClassResponse c = classResponse(table, task.target, rows);
            y.classOf = std::move(c.classOf);
            task.classes = std::move(c.classes);
        }
        y.classes = task.classes;
        break;
    case ModelKind::Cox: {
        const SurvivalResponse s = survivalResponse(table, task.time, task.event, rows);
        y.time = s.time;
        y.event = s.event;
        break;
    }
    }
    return y;
}

PipelineData taskData(const stats::DataTable& table, ModelTask& task,
                      const std::vector<std::string>& features,
                      const std::vector<std::size_t>& rows, bool codeAgainstTaskClasses) {
    PipelineData data;
    for (const std::string& name : features)
        (void)table.numbers(name); // names the column and the first value that is not a number
    data.features = features;
    data.x = table.matrix(features, rows);
    data.y = taskOutcome(table, task, rows, codeAgainstTaskClasses);
    if (!task.batchColumn.empty()) {
        const std::size_t c = table.require(task.batchColumn);
        for (const std::size_t r : rows) {
            if (table.isMissing(r, c))
                throw Error(table.source() + " line " + std::to_string(table.line(r)) +
                            ": the batch '" + task.batchColumn + "' is missing");
            data.batch.push_back(table.text(task.batchColumn)[r]);
        }
    }
    return data;
}

Eigen::MatrixXd taskRepeats(const stats::DataTable& table, const std::vector<std::size_t>& rows,
                            const stats::DataTable& repeats,
                            const std::vector<std::string>& features) {
    for (const stats::DataTable* t : {&table, &repeats})
        if (!t->has(kIdColumn))
            throw Error(t->source() + ": no '" + std::string(kIdColumn) +
                        "' column to match repeated extractions by patient");
    std::map<std::string, std::size_t> rowOf;
    const std::vector<std::string>& ids = repeats.text(kIdColumn);
    for (std::size_t r = 0; r < repeats.rows(); ++r) {
        if (ids[r].empty())
            continue;
        if (!rowOf.emplace(ids[r], r).second)
            throw Error(repeats.source() + " line " + std::to_string(repeats.line(r)) +
                        ": patient '" + ids[r] +
                        "' has a second repeated extraction (one per patient)");
    }
    Eigen::MatrixXd out = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(rows.size()),
                                                    static_cast<Eigen::Index>(features.size()),
                                                    std::numeric_limits<double>::quiet_NaN());
    const std::vector<std::string>& patients = table.text(kIdColumn);
    for (std::size_t j = 0; j < features.size(); ++j) {
        const std::vector<double>& values = repeats.numbers(features[j]); // names what is wrong
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (const auto at = rowOf.find(patients[rows[i]]); at != rowOf.end())
                out(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
                    values[at->second];
    }
    return out;
}

std::vector<std::string> rowIds(const stats::DataTable& table,
                                const std::vector<std::size_t>& rows) {
    std::vector<std::string> out;
    const bool named = table.has(kIdColumn);
    for (const std::size_t r : rows)
        out.push_back(named && !table.text(kIdColumn)[r].empty()
                          ? table.text(kIdColumn)[r]
                          : "line " + std::to_string(table.line(r)));
    return out;
}

} // namespace rgw::modeling
