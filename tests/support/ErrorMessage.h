#pragma once

// The rgw::Error message of a call, for tests that check what a refusal says.

#include "util/Error.h"

#include <functional>
#include <string>

namespace rgw::test {

/// The message of the rgw::Error `f` throws; empty when it throws none.
inline std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const rgw::Error& e) {
        return e.what();
    }
    return {};
}

} // namespace rgw::test
