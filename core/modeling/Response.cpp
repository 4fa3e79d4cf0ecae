#include "modeling/Response.h"

#include "util/Error.h"
#include "util/Text.h"

#include <algorithm>
#include <cstdlib>
#include <cmath>
#include <iterator>
#include <map>
#include <set>

namespace rgw::modeling {

namespace {

std::string at(const stats::DataTable& table, std::size_t row, const std::string& column) {
    return table.source() + " line " + std::to_string(table.line(row)) + ", column '" + column +
           "'";
}

void requirePresent(const stats::DataTable& table, const std::string& column,
                    const std::vector<std::size_t>& rows) {
    const std::size_t c = table.require(column);
    for (const std::size_t r : rows)
        if (table.isMissing(r, c))
            throw Error(at(table, r, column) + ": the value is missing");
}

/// The distinct values of `column` in `rows`, in coding order.
std::vector<std::string> levels(const stats::DataTable& table, const std::string& column,
                                const std::vector<std::size_t>& rows) {
    requirePresent(table, column, rows);
    if (table.isNumeric(column)) {
        std::map<double, std::string> byValue;
        const auto& numbers = table.numbers(column);
        const auto& text = table.text(column);
        for (const std::size_t r : rows)
            byValue.emplace(numbers[r], text[r]);
        std::vector<std::string> out;
        for (const auto& [value, label] : byValue)
            out.push_back(label);
        return out;
    }
    const auto& text = table.text(column);
    std::set<std::string> values;
    for (const std::size_t r : rows)
        values.insert(text[r]);
    return {values.begin(), values.end()};
}

/// The index of each row's value among `levels` (numbers compare by value).
std::vector<int> codes(const stats::DataTable& table, const std::string& column,
                       const std::vector<std::size_t>& rows,
                       const std::vector<std::string>& levelNames) {
    std::vector<int> out;
    out.reserve(rows.size());
    if (table.isNumeric(column)) {
        const auto& numbers = table.numbers(column);
        std::set<double> sorted;
        for (const std::size_t r : rows)
            sorted.insert(numbers[r]);
        for (const std::size_t r : rows)
            out.push_back(static_cast<int>(std::distance(sorted.begin(), sorted.find(numbers[r]))));
    } else {
        const auto& text = table.text(column);
        for (const std::size_t r : rows)
            out.push_back(static_cast<int>(
                std::find(levelNames.begin(), levelNames.end(), text[r]) - levelNames.begin()));
    }
    return out;
}

std::string listed(const std::vector<std::string>& values) {
    std::string text;
    for (std::size_t i = 0; i < values.size() && i < 5; ++i)
        text += (i ? ", " : "") + values[i];
    if (values.size() > 5)
        text += ", ...";
    return text;
}

} // namespace

BinaryResponse binaryResponse(const stats::DataTable& table, const std::string& column,
                              const std::vector<std::size_t>& rows) {
    const std::vector<std::string> values = levels(table, column, rows);
    if (values.size() != 2)
        throw Error(
            table.source() + ": the target '" + column + "' must take two values; it " +
            (values.size() < 2 ? "takes only " : "takes " + std::to_string(values.size()) + ": ") +
            listed(values));
    const std::vector<int> code = codes(table, column, rows, values);
    BinaryResponse out;
    out.y.resize(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.y(static_cast<Eigen::Index>(i)) = code[i];
    out.negative = values[0];
    out.positive = values[1];
    return out;
}

ClassResponse classResponse(const stats::DataTable& table, const std::string& column,
                            const std::vector<std::size_t>& rows) {
    ClassResponse out;
    out.classes = levels(table, column, rows);
    if (out.classes.size() < 2)
        throw Error(table.source() + ": the target '" + column +
                    "' must take at least two values; it takes only " + listed(out.classes));
    out.classOf = codes(table, column, rows, out.classes);
    return out;
}

SurvivalResponse survivalResponse(const stats::DataTable& table, const std::string& timeColumn,
                                  const std::string& eventColumn,
                                  const std::vector<std::size_t>& rows) {
    requirePresent(table, timeColumn, rows);
    requirePresent(table, eventColumn, rows);
    const auto& time = table.numbers(timeColumn);
    SurvivalResponse out;
    out.time.resize(static_cast<Eigen::Index>(rows.size()));
    out.event.resize(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!(time[rows[i]] > 0.0))
            throw Error(at(table, rows[i], timeColumn) + ": the time " +
                        table.text(timeColumn)[rows[i]] + " is not greater than 0");
        out.time(static_cast<Eigen::Index>(i)) = time[rows[i]];
    }
    // Surv()'s rule: 0/1, or 1/2 with 2 = event; logical TRUE/FALSE.
    const auto& text = table.text(eventColumn);
    bool oneTwo = false;
    if (table.isNumeric(eventColumn)) {
        const auto& numbers = table.numbers(eventColumn);
        oneTwo =
            std::none_of(rows.begin(), rows.end(),
                         [&](std::size_t r) { return numbers[r] == 0.0; }) &&
            std::any_of(rows.begin(), rows.end(), [&](std::size_t r) { return numbers[r] == 2.0; });
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string value = asciiLower(text[rows[i]]);
        double event = -1;
        if (table.isNumeric(eventColumn)) {
            const double v = table.numbers(eventColumn)[rows[i]];
            if (oneTwo && (v == 1.0 || v == 2.0))
                event = v - 1.0;
            else if (!oneTwo && (v == 0.0 || v == 1.0))
                event = v;
        } else if (value == "true" || value == "false") {
            event = value == "true" ? 1.0 : 0.0;
        }
        if (event < 0)
            throw Error(at(table, rows[i], eventColumn) + ": the event '" + text[rows[i]] +
                        "' is not 0/1 (1 = event), 1/2 (2 = event) or TRUE/FALSE");
        out.event(static_cast<Eigen::Index>(i)) = event;
    }
    if (out.event.sum() == 0.0)
        throw Error(table.source() + ": no row has an event in '" + eventColumn + "'");
    return out;
}

std::vector<int> codesAgainst(const stats::DataTable& table, const std::string& column,
                              const std::vector<std::size_t>& rows,
                              const std::vector<std::string>& classes) {
    requirePresent(table, column, rows);
    const bool numeric = table.isNumeric(column);
    std::vector<double> classValues;
    for (const std::string& c : classes) {
        char* end = nullptr;
        const double v = std::strtod(c.c_str(), &end);
        classValues.push_back(!c.empty() && end == c.c_str() + c.size() ? v : std::nan(""));
    }
    std::vector<int> out;
    out.reserve(rows.size());
    for (const std::size_t r : rows) {
        const std::string& text = table.text(column)[r];
        int code = -1;
        for (std::size_t k = 0; k < classes.size() && code < 0; ++k)
            if (numeric ? table.numbers(column)[r] == classValues[k] : text == classes[k])
                code = static_cast<int>(k);
        if (code < 0)
            throw Error(at(table, r, column) + ": '" + text + "' is not one of the model's classes (" +
                        listed(classes) + ")");
        out.push_back(code);
    }
    return out;
}

} // namespace rgw::modeling
