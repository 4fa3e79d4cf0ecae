#include "util/AtomicFile.h"

#include "util/Error.h"

#include <fstream>
#include <ostream>

namespace rgw {

void writeFileAtomically(const std::filesystem::path& file,
                         const std::function<void(std::ostream&)>& write) {
    std::filesystem::path partial = file;
    partial += ".part";
    std::error_code ec;
    try {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error("cannot write " + file.string());
        write(out);
        out.close();
        if (!out)
            throw Error("cannot write " + file.string());
    } catch (...) {
        std::filesystem::remove(partial, ec);
        throw;
    }
    std::filesystem::rename(partial, file, ec);
    if (ec) {
        std::filesystem::remove(partial, ec);
        throw Error("cannot write " + file.string() + ": " + ec.message());
    }
}

void writeTextFileAtomically(const std::filesystem::path& file, const std::string& text) {
    writeFileAtomically(file, [&](std::ostream& out) { out << text; });
}

} // namespace rgw
