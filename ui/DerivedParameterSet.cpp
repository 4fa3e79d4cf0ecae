#include "DerivedParameterSet.h"

#include "util/AtomicFile.h"
#include "util/Error.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <system_error>

namespace rgw::ui {

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
    if (existing != text)
        writeTextFileAtomically(path, text);
    if (radiomics::loadParameterSet(path.string()).hash != derived.hash)
        throw Error(path.string() + " does not read back as the edited parameter set");
    return path;
}

} // namespace rgw::ui
