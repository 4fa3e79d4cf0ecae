#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace rgw::cli {

/// A mistake in the command line (exit code 2), as opposed to rgw::Error
/// raised by the work itself (exit code 1).
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The arguments of one command, split into positionals, valued options
/// ("--out FILE" or "--out=FILE") and flags ("--json").
struct ParsedArgs {
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;
    std::set<std::string> flags;

    bool has(const std::string& flag) const { return flags.count(flag) != 0; }
    const std::string* value(const std::string& option) const {
        const auto it = values.find(option);
        return it == values.end() ? nullptr : &it->second;
    }
};

/// Parses `args` for `command`; throws UsageError naming an unknown option or
/// a valued option without its value. "--" ends the options.
ParsedArgs parseArgs(const std::string& command, const std::vector<std::string>& args,
                     const std::set<std::string>& valueOptions,
                     const std::set<std::string>& flagOptions);

/// Parses a whole non-negative number given for `what`; throws UsageError.
long long parseCount(const std::string& what, const std::string& text, long long min,
                     long long max);

} // namespace rgw::cli
