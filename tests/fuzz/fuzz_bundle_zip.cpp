// Fuzz target: the cohort bundle's zip reader (storage/BundleZip.h):
// listZip and unzipToFolder on the fuzzed bytes as a .zip, under a budget
// of 4 MiB (the first byte picks 64 KiB .. 4 MiB), into a scratch folder
// that is emptied after each run. A bug: a crash, a sanitizer report, an
// exception other than rgw::Error, a file written outside the scratch
// folder's "out" (checked: the scratch folder holds nothing else), more
// bytes written than the budget, or an accepted entry name that
// checkZipEntryName refuses (fuzz::fail).
//
// Seeds: regressions/bundle_zip/ (a small sound zip of a bundle-like folder).

#include "BundleZip.h"
#include "FuzzSupport.h"
#include "util/Error.h"

#include <string>

namespace {

using rgw::fuzz::fail;
namespace fs = std::filesystem;

std::uintmax_t bytesUnder(const fs::path& folder) {
    std::uintmax_t total = 0;
    for (const auto& e : fs::recursive_directory_iterator(folder))
        if (e.is_regular_file())
            total += e.file_size();
    return total;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    if (size == 0)
        return 0;
    const std::uint64_t budget = std::uint64_t{64 << 10} << (data[0] % 7); // 64 KiB .. 4 MiB
    const fs::path zip = rgw::fuzz::writeScratch("in.zip", data + 1, size - 1);
    const fs::path out = rgw::fuzz::scratchDir() / "out";
    fs::remove_all(out);
    try {
        for (const auto& entry : rgw::storage::listZip(zip, budget))
            try {
                rgw::storage::checkZipEntryName("in.zip", entry.name);
            } catch (const rgw::Error&) {
                fail("listZip accepted an entry checkZipEntryName refuses: " + entry.name);
            }
        rgw::storage::unzipToFolder(zip, out, budget);
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(rgw::fuzz::scratchDir()))
        if (e.path() != zip && e.path() != out && e.path().filename() != "bundle")
            fail("unzipToFolder wrote outside its folder: " + e.path().string());
    if (fs::exists(out, ec) && bytesUnder(out) > budget)
        fail("unzipToFolder wrote more than the budget");
    fs::remove_all(out, ec);
    return 0;
}
