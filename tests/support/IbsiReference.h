#pragma once

// IBSI-1 reference values (../shared/data/ibsi1_reference/reference_values.csv)
// and the rule that decides whether a computed value matches one of them.

#include "CsvLine.h"
#include "TestData.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace rgw::test {

/// One row of reference_values.csv.
struct IbsiReference {
    std::string family;      ///< e.g. "glcm", "intensity_statistics"
    std::string feature;     ///< IBSI feature name
    std::string code;        ///< IBSI identifier
    std::string dataset;     ///< "dig_phantom", "config_A" … "config_E"
    std::string aggregation; ///< "" for non-texture families, else e.g. "2D, averaged"
    std::string valueText;   ///< the value as printed, e.g. "3.58e5", "0.0923", "-50"
    double value = 0.0;
    double tolerance = 0.0;
    std::string consensus;
    int line = 0; ///< line in the CSV (1 = header), for messages

    /// Place value of the last printed digit of the reference: 1 for "556" or
    /// "-50", 1e-4 for "0.0923", 1e3 for "3.58e5". Trailing zeros of an
    /// integer are taken as printed digits (the IBSI tables print exact
    /// integers such as -50 or 550 in full).
    double printedQuantum() const {
        std::string mantissa = valueText;
        int exponent = 0;
        if (const auto e = mantissa.find_first_of("eE"); e != std::string::npos) {
            exponent = std::stoi(mantissa.substr(e + 1));
            mantissa = mantissa.substr(0, e);
        }
        int decimals = 0;
        if (const auto dot = mantissa.find('.'); dot != std::string::npos)
            decimals = static_cast<int>(mantissa.size() - dot - 1);
        return std::pow(10.0, exponent - decimals);
    }

    /// |computed − value| ≤ tolerance when a tolerance is given; otherwise the
    /// computed value rounded to the reference's printed precision must equal
    /// the reference (i.e. it lies within half a unit of the last digit).
    bool matches(double computed) const {
        if (!std::isfinite(computed))
            return false;
        if (tolerance > 0.0)
            return std::abs(computed - value) <= tolerance * (1.0 + 1e-12);
        // Relative slack only absorbs binary representation of the decimals.
        const double halfUnit = 0.5 * printedQuantum();
        return std::abs(computed - value) <= halfUnit * (1.0 + 1e-9);
    }

    /// "glcm/Joint maximum (GYBY) [2D, averaged] config_A" for messages.
    std::string label() const {
        std::string s = family + "/" + feature + " (" + code + ")";
        if (!aggregation.empty())
            s += " [" + aggregation + "]";
        return s + " " + dataset;
    }
};

namespace detail {

using test::splitCsvLine; // tests/support/CsvLine.h

inline double parseNumber(const std::string& text, const char* column, int lineNumber,
                          const std::filesystem::path& file) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size())
        throw std::runtime_error(file.string() + " line " + std::to_string(lineNumber) +
                                 ": column " + column + " is not a number: '" + text + "'");
    return v;
}

} // namespace detail

inline std::filesystem::path ibsiReferenceCsv() {
    return dataRoot() / "ibsi1_reference" / "reference_values.csv";
}

/// Reads every row of reference_values.csv (throws naming file and line on bad input).
inline std::vector<IbsiReference>
readIbsiReferences(const std::filesystem::path& file = ibsiReferenceCsv()) {
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error("cannot open " + file.string());
    std::vector<IbsiReference> rows;
    std::string line;
    int lineNumber = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (lineNumber == 1 || line.empty() || line == "\r")
            continue; // header
        const auto f = detail::splitCsvLine(line, lineNumber, file);
        if (f.size() != 8)
            throw std::runtime_error(file.string() + " line " + std::to_string(lineNumber) +
                                     ": expected 8 fields, found " + std::to_string(f.size()));
        IbsiReference r;
        r.family = f[0];
        r.feature = f[1];
        r.code = f[2];
        r.dataset = f[3];
        r.aggregation = f[4];
        r.valueText = f[5];
        r.value = detail::parseNumber(f[5], "value", lineNumber, file);
        r.tolerance = detail::parseNumber(f[6], "tolerance", lineNumber, file);
        r.consensus = f[7];
        r.line = lineNumber;
        rows.push_back(std::move(r));
    }
    return rows;
}

/// Rows of one family (empty = any) and one dataset (empty = any).
inline std::vector<IbsiReference> filterIbsiReferences(const std::vector<IbsiReference>& rows,
                                                       const std::string& family,
                                                       const std::string& dataset) {
    std::vector<IbsiReference> out;
    for (const auto& r : rows)
        if ((family.empty() || r.family == family) && (dataset.empty() || r.dataset == dataset))
            out.push_back(r);
    return out;
}

inline std::vector<IbsiReference> ibsiReferences(const std::string& family,
                                                 const std::string& dataset) {
    return filterIbsiReferences(readIbsiReferences(), family, dataset);
}

} // namespace rgw::test
