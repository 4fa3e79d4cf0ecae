#pragma once

// Cohort filter expressions: the one language of `rgw-cli cohort create
// --where` and the GUI's filter builder (which writes the same text).
//
//   expr       := term { "or" term }
//   term       := factor { "and" factor }
//   factor     := "not" factor | "(" expr ")" | condition
//   condition  := VARIABLE OP VALUE
//               | VARIABLE "is" ["not"] STATE
//   OP         := "=" | "!=" | "<" | "<=" | ">" | ">="
//   STATE      := "missing" | "mutated" | "wild-type" | "not-profiled" | "true" | "false"
//   VALUE      := number | 'text' | "text" | bare-word
//   VARIABLE   := [A-Za-z_][A-Za-z0-9_.:-]*   (e.g. AGE, OS_STATUS, mut_EGFR, has_CT)
//
// Keywords are case-insensitive; variables and text values are not.
// Missing values never satisfy a comparison ("AGE > 60" and "AGE <= 60" are
// both false for a patient without AGE): ask "AGE is missing" explicitly.
// A gene status variable (mut_<GENE>) compares as text with "mutated",
// "wild-type" or "not-profiled"; "not profiled" is never wild-type.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rgw::cohort {

/// One variable's value for one patient: missing, a number, or text
/// (categories, booleans as "true"/"false", gene statuses).
struct Value {
    std::variant<std::monostate, double, std::string> data;

    static Value missing() { return {}; }
    static Value number(double v) { return {v}; }
    static Value text(std::string v) { return {std::move(v)}; }
    bool isMissing() const { return std::holds_alternative<std::monostate>(data); }
    const double* asNumber() const { return std::get_if<double>(&data); }
    const std::string* asText() const { return std::get_if<std::string>(&data); }
};

/// The variables of one patient, by name. A variable that is absent from the
/// map is missing for that patient.
using PatientVariables = std::map<std::string, Value>;

/// A parsed filter. Evaluation is pure; the same text gives the same members.
class CohortFilter {
public:
    /// Parses `text`; throws rgw::Error "filter: <message> at column N" on a
    /// syntax error. An empty text is the filter that admits everyone.
    static CohortFilter parse(const std::string& text);

    bool matches(const PatientVariables& patient) const;

    /// Names of the variables the filter reads (to check them against the
    /// known variables before evaluating: an unknown name is an error, not a
    /// silently empty cohort).
    std::vector<std::string> variables() const;

    /// The text it was parsed from, normalised (keywords lower case, single
    /// spaces) for storing as a cohort's definition.
    const std::string& text() const { return text_; }

    struct Node;

private:
    std::shared_ptr<const Node> root_;
    std::string text_;
};

} // namespace rgw::cohort
