#pragma once

// A folder as one zip file and back (the cohort bundle's .zip form), through
// zlib's minizip. Reading checks the archive before extracting anything:
// every entry name must be a relative path inside the target folder (no
// absolute name, drive letter, backslash or ".." component), and the sizes
// the central directory declares must fit the budget; while extracting, an
// entry that inflates past its declared size is an error too.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rgw::storage {

/// Largest total of uncompressed bytes a bundle zip may declare (and that
/// extracting it may write): 64 GiB.
inline constexpr std::uint64_t kBundleZipBudgetBytes = std::uint64_t{64} << 30;

struct ZipEntry {
    std::string name; ///< relative, '/'-separated
    std::uint64_t uncompressedBytes = 0;
};

/// Writes every regular file under `folder` (relative names, sorted,
/// deflated) into `zipFile` (created or replaced). Throws rgw::Error naming
/// the file that cannot be read or written.
void zipFolder(const std::filesystem::path& folder, const std::filesystem::path& zipFile);

/// Throws rgw::Error "ZIP: entry 'NAME' ..." unless `name` is a relative
/// path that stays inside the folder it is extracted to.
void checkZipEntryName(const std::string& zipFile, const std::string& name);

/// The entries of `zipFile` from its central directory, each name checked
/// (checkZipEntryName) and the declared sizes' total against `budgetBytes`.
/// Throws rgw::Error naming the file and the entry.
std::vector<ZipEntry> listZip(const std::filesystem::path& zipFile,
                              std::uint64_t budgetBytes = kBundleZipBudgetBytes);

/// Extracts `zipFile` into `outDir` (created) after listZip's checks.
/// Directory entries are created; an entry that would overwrite a written
/// one, or that inflates past its declared size, is an error.
void unzipToFolder(const std::filesystem::path& zipFile, const std::filesystem::path& outDir,
                   std::uint64_t budgetBytes = kBundleZipBudgetBytes);

} // namespace rgw::storage
