#include "CliArgs.h"

#include <charconv>

namespace rgw::cli {

ParsedArgs parseArgs(const std::string& command, const std::vector<std::string>& args,
                     const std::set<std::string>& valueOptions,
                     const std::set<std::string>& flagOptions) {
    ParsedArgs parsed;
    bool optionsEnded = false;
    for (std::size_t n = 0; n < args.size(); ++n) {
        const std::string& arg = args[n];
        if (optionsEnded || arg.size() < 2 || arg[0] != '-') {
            parsed.positional.push_back(arg);
            continue;
        }
        if (arg == "--") {
            optionsEnded = true;
            continue;
        }
        const auto eq = arg.find('=');
        const std::string name = arg.substr(0, eq);
        if (valueOptions.count(name)) {
            if (eq != std::string::npos)
                parsed.values[name] = arg.substr(eq + 1);
            else if (n + 1 < args.size())
                parsed.values[name] = args[++n];
            else
                throw UsageError("option '" + name + "' of '" + command + "' needs a value");
        } else if (flagOptions.count(name) && eq == std::string::npos) {
            parsed.flags.insert(name);
        } else {
            throw UsageError("unknown option '" + arg + "' for '" + command + "' (see rgw-cli " +
                             command + " --help)");
        }
    }
    return parsed;
}

long long parseCount(const std::string& what, const std::string& text, long long min,
                     long long max) {
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max)
        throw UsageError(what + " must be a whole number in " + std::to_string(min) + " .. " +
                         std::to_string(max) + ", got '" + text + "'");
    return value;
}

} // namespace rgw::cli
