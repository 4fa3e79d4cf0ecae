#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rgw {

/// `text` with A-Z turned to a-z and every other byte kept (UTF-8 safe; no
/// locale): for case-insensitive keywords, headers and file extensions.
inline std::string asciiLower(std::string_view text) {
    std::string s(text);
    for (char& c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

/// Levenshtein distance between `a` and `b`, case-insensitive.
std::size_t editDistance(std::string_view a, std::string_view b);

/// Up to `count` of `candidates` close to `name` (edit distance at most
/// max(2, |name| / 3), or `name` followed by ':' and a qualifier), nearest
/// first: the "did you mean" of an unknown name.
std::vector<std::string> similarNames(std::string_view name,
                                      const std::vector<std::string>& candidates,
                                      std::size_t count = 3);

/// " (did you mean a, b?)" for the similarNames() of `name`, or "" when none
/// is close: appended to an "unknown ..." message.
std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates);

} // namespace rgw
