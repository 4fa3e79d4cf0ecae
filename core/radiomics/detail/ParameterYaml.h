#pragma once

// The strict walk over a parameter file's YAML tree that ParameterSet.cpp and
// the filters section (radiomics/filters/FilterParameters.cpp) share. Every
// error names the source, the dotted key path and the 1-based line of the key
// (or element) at fault.

#include <initializer_list>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace rgw::radiomics::detail {

int lineOf(const YAML::Node& node);

class Reader {
public:
    explicit Reader(std::string source) : source_(std::move(source)) {}

    /// Throws rgw::Error "<source>: <path>: <why> (line N)".
    [[noreturn]] void fail(const std::string& path, int line, const std::string& why) const;

private:
    std::string source_;
};

/// A key/value pair found in a mapping; `line` is where the key is written.
struct Entry {
    std::string path;
    YAML::Node value;
    int line = 0;
};

/// One mapping of the document: rejects unknown and duplicated keys up front.
class Section {
public:
    Section(const Reader& reader, std::string path, const YAML::Node& node, int line,
            std::initializer_list<const char*> allowed);

    const Entry* find(const std::string& name) const;
    std::string join(const std::string& name) const;

private:
    const Reader& reader_;
    std::string path_;
    std::vector<Entry> entries_;
};

/// `none` or an empty value.
bool isNone(const YAML::Node& node);
/// An unquoted scalar ("2" in quotes is text, not a number).
std::string plainScalar(const Reader& r, const std::string& path, const YAML::Node& node, int line,
                        const char* expected);
/// A YAML number; `.inf`/`-.inf` only where `allowInfinite`, NaN never.
double readNumber(const Reader& r, const std::string& path, const YAML::Node& node, int line,
                  bool allowInfinite = false);
int readInteger(const Reader& r, const std::string& path, const YAML::Node& node, int line);
bool readBool(const Reader& r, const std::string& path, const YAML::Node& node, int line);
/// One of `choices`; returns its index.
std::size_t readChoice(const Reader& r, const std::string& path, const YAML::Node& node, int line,
                       std::initializer_list<const char*> choices);
/// Fails when `key` is given: it contradicts `because`.
void forbid(const Reader& r, const Section& s, const char* key, const std::string& because);
/// The entry `key` of `s`, or fails naming the section that lacks it.
const Entry& require(const Reader& r, const Section& s, const std::string& sectionPath,
                     int sectionLine, const char* key, const std::string& because);

} // namespace rgw::radiomics::detail
