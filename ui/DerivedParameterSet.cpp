#include "DerivedParameterSet.h"

#include "radiomics/FilterParameters.h"
#include "util/Error.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <system_error>

namespace rgw::ui {

std::string canonicalTextWithoutFilters(const radiomics::ParameterSet& base) {
    if (base.pyradiomics)
        throw Error(base.source + " is PyRadiomics-compatible: its filters are the image types "
                                  "of its own file (imageType:)");
    const std::string& text = base.canonicalText;
    const std::size_t at = text.find("\nfilters:\n");
    if (at == std::string::npos)
        return text;
    // The section runs to the next top-level key (a line not indented), if any.
    std::size_t end = at + 10;
    while (end < text.size() && text[end] == ' ') {
        const std::size_t next = text.find('\n', end);
        end = next == std::string::npos ? text.size() : next + 1;
    }
    return text.substr(0, at + 1) + text.substr(end);
}

radiomics::ParameterSet deriveParameterSet(const radiomics::ParameterSet& base,
                                           const std::vector<radiomics::FilterEntry>& filters,
                                           const std::string& sourceName) {
    std::ostringstream text;
    text << canonicalTextWithoutFilters(base);
    radiomics::writeFilters(text, filters);
    return radiomics::parseParameterSet(text.str(), sourceName);
}

bool isDerivedSetName(const std::string& name) {
    if (name.empty() || name.size() > 64 || !std::isalnum(static_cast<unsigned char>(name[0])))
        return false;
    return std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::isalnum(c) != 0 || c == '.' || c == '_' || c == '+' || c == '-';
    });
}

std::filesystem::path saveDerivedParameterSet(const radiomics::ParameterSet& derived,
                                              const std::string& name,
                                              const std::filesystem::path& folder) {
    if (!isDerivedSetName(name))
        throw Error("'" + name +
                    "' cannot name a parameter set: use letters, digits, '.', '_', '+' or '-'");
    const std::string text = "name: " + name + "\n" + derived.canonicalText;
    const std::filesystem::path path = folder / (name + "-" + derived.hash.substr(0, 12) + ".yaml");
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
        throw Error("cannot create " + folder.string() + ": " + ec.message());
    std::string existing;
    if (std::ifstream in{path, std::ios::binary}) {
        std::ostringstream read;
        read << in.rdbuf();
        existing = read.str();
    }
    if (existing != text) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out)
            throw Error("cannot write " + path.string());
    }
    if (radiomics::loadParameterSet(path.string()).hash != derived.hash)
        throw Error(path.string() + " does not read back as the edited parameter set");
    return path;
}

} // namespace rgw::ui
