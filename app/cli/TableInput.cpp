#include "TableInput.h"

#include "ExitCodes.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace rgw::cli {

stats::DataTable readTableOption(const ParsedArgs& parsed) {
    const std::string* file = parsed.value("--table");
    if (!file)
        throw UsageError("--table FILE.csv is required");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(*file, ec))
        throw NotFoundError("no such file: " + *file);
    return stats::DataTable::read(*file);
}

const std::string& requireOption(const ParsedArgs& parsed, const std::string& command,
                                 const std::string& option, const std::string& what) {
    const std::string* value = parsed.value(option);
    if (!value || value->empty())
        throw UsageError(command + " needs " + option + " " + what);
    return *value;
}

std::vector<std::string> commaList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty())
            out.push_back(item);
    return out;
}

double parseNumberOption(const std::string& option, const std::string& text) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value))
        throw UsageError(option + " takes a finite number, not '" + text + "'");
    return value;
}

} // namespace rgw::cli
