#pragma once

// One table of names per enumeration, so that the CLI, the model files and
// the GUI spell every option the same way and an unknown name lists the
// known ones.

#include "util/Error.h"

#include <span>
#include <string>
#include <string_view>

namespace rgw::modeling::detail {

template <class E> struct Named {
    E value;
    const char* name;
};

/// The value called `name`; otherwise rgw::Error "unknown WHAT 'NAME' (a, b, c)".
template <class E>
E parseNamed(std::span<const Named<E>> table, std::string_view name, const char* what) {
    std::string known;
    for (const Named<E>& entry : table) {
        if (name == entry.name)
            return entry.value;
        known += (known.empty() ? "" : ", ") + std::string(entry.name);
    }
    throw Error("unknown " + std::string(what) + " '" + std::string(name) + "' (" + known + ")");
}

template <class E> const char* nameOf(std::span<const Named<E>> table, E value) {
    for (const Named<E>& entry : table)
        if (entry.value == value)
            return entry.name;
    return "?";
}

} // namespace rgw::modeling::detail
