#pragma once

#include <stdexcept>
#include <string>

namespace rgw {

/// The one exception type of the core: its message is meant for the user and
/// names the file, tag, line or identifier at fault.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace rgw
