#include "radiomics/detail/ParameterYaml.h"

#include "util/Error.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace rgw::radiomics::detail {

int lineOf(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    return mark.is_null() ? 0 : mark.line + 1;
}

void Reader::fail(const std::string& path, int line, const std::string& why) const {
    std::string message = source_ + ": " + path + ": " + why;
    if (line > 0)
        message += " (line " + std::to_string(line) + ")";
    throw Error(message);
}

Section::Section(const Reader& reader, std::string path, const YAML::Node& node, int line,
                 std::initializer_list<const char*> allowed)
    : reader_(reader), path_(std::move(path)) {
    if (!node.IsMap())
        reader_.fail(path_.empty() ? "document" : path_, line,
                     "expected a mapping of keys (key: value)");
    for (auto it = node.begin(); it != node.end(); ++it) {
        const YAML::Node key = it->first;
        const int keyLine = lineOf(key);
        if (!key.IsScalar())
            reader_.fail(path_.empty() ? "document" : path_, keyLine, "keys must be plain names");
        const std::string name = key.Scalar();
        const std::string keyPath = join(name);
        if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; }))
            reader_.fail(keyPath, keyLine, "unknown key");
        if (find(name))
            reader_.fail(keyPath, keyLine, "duplicate key");
        entries_.push_back({keyPath, it->second, keyLine});
    }
}

const Entry* Section::find(const std::string& name) const {
    const std::string keyPath = join(name);
    for (const Entry& e : entries_)
        if (e.path == keyPath)
            return &e;
    return nullptr;
}

std::string Section::join(const std::string& name) const {
    return path_.empty() ? name : path_ + "." + name;
}

bool isNone(const YAML::Node& node) {
    return node.IsNull() || (node.IsScalar() && node.Tag() == "?" && node.Scalar() == "none");
}

std::string plainScalar(const Reader& r, const std::string& path, const YAML::Node& node, int line,
                        const char* expected) {
    if (!node.IsScalar() || node.Tag() != "?") // "!" = quoted: "2" is text, not a number
        r.fail(path, line, std::string("expected ") + expected);
    return node.Scalar();
}

/// A YAML number; `.inf`/`-.inf` only where `allowInfinite`, NaN never.
double readNumber(const Reader& r, const std::string& path, const YAML::Node& node, int line,
                  bool allowInfinite) {
    std::string text = plainScalar(r, path, node, line, "a number");
    double value = 0.0;
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == ".inf" || lower == "+.inf") {
        value = std::numeric_limits<double>::infinity();
    } else if (lower == "-.inf") {
        value = -std::numeric_limits<double>::infinity();
    } else if (lower == ".nan") {
        value = std::numeric_limits<double>::quiet_NaN();
    } else {
        const char* begin = text.data();
        const char* end = text.data() + text.size();
        if (begin != end && *begin == '+')
            ++begin;
        const auto [stop, ec] = std::from_chars(begin, end, value);
        if (ec == std::errc::result_out_of_range)
            r.fail(path, line, "number out of range: " + text);
        // from_chars would take "inf"/"nan"; YAML spells those .inf/.nan.
        if (ec != std::errc() || stop != end || begin == end ||
            lower.find_first_of("in") != std::string::npos)
            r.fail(path, line, "expected a number, got '" + text + "'");
    }
    if (std::isnan(value) || (!allowInfinite && !std::isfinite(value)))
        r.fail(path, line, "must be a finite number, got " + text);
    return value;
}

int readInteger(const Reader& r, const std::string& path, const YAML::Node& node, int line) {
    const double value = readNumber(r, path, node, line);
    if (value != std::floor(value) || std::abs(value) > std::numeric_limits<int>::max())
        r.fail(path, line, "expected a whole number, got " + node.Scalar());
    return static_cast<int>(value);
}

bool readBool(const Reader& r, const std::string& path, const YAML::Node& node, int line) {
    const std::string text = plainScalar(r, path, node, line, "true or false");
    if (text == "true" || text == "True" || text == "TRUE")
        return true;
    if (text == "false" || text == "False" || text == "FALSE")
        return false;
    r.fail(path, line, "expected true or false, got '" + text + "'");
}

/// One of `choices`; returns its index.
std::size_t readChoice(const Reader& r, const std::string& path, const YAML::Node& node, int line,
                       std::initializer_list<const char*> choices) {
    std::string list;
    for (const char* c : choices)
        list += (list.empty() ? "" : ", ") + std::string(c);
    const std::string text = plainScalar(r, path, node, line, ("one of " + list).c_str());
    std::size_t i = 0;
    for (const char* c : choices) {
        if (text == c)
            return i;
        ++i;
    }
    r.fail(path, line, "expected one of " + list + ", got '" + text + "'");
}

void forbid(const Reader& r, const Section& s, const char* key, const std::string& because) {
    if (const Entry* e = s.find(key))
        r.fail(e->path, e->line, "contradicts " + because);
}

const Entry& require(const Reader& r, const Section& s, const std::string& sectionPath,
                     int sectionLine, const char* key, const std::string& because) {
    const Entry* e = s.find(key);
    if (!e)
        r.fail(s.join(key), sectionLine,
               "required" + (because.empty() ? "" : " " + because) + " (missing in " + sectionPath +
                   ")");
    return *e;
}

} // namespace rgw::radiomics::detail
