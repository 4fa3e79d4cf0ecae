#pragma once

#include <string>
#include <string_view>

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

} // namespace rgw
