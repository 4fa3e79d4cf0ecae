#include "BundleZip.h"

#include "util/Error.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <set>

namespace rgw::storage {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kChunk = 1 << 16;
constexpr std::size_t kMaxEntryName = 4096;

struct ZipWriter {
    zipFile handle = nullptr;
    ~ZipWriter() {
        if (handle)
            zipClose(handle, nullptr);
    }
};

struct ZipReader {
    unzFile handle = nullptr;
    ~ZipReader() {
        if (handle)
            unzClose(handle);
    }
};

ZipReader openZip(const fs::path& zipFile) {
    ZipReader reader{unzOpen64(zipFile.c_str())};
    if (!reader.handle)
        throw Error("ZIP: " + zipFile.string() + " cannot be opened as a zip archive");
    return reader;
}

/// The current entry's name and sizes.
std::pair<std::string, unz_file_info64> currentEntry(unzFile zip, const fs::path& zipFile) {
    unz_file_info64 info{};
    if (unzGetCurrentFileInfo64(zip, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK)
        throw Error("ZIP: " + zipFile.string() + ": unreadable central directory entry");
    if (info.size_filename == 0 || info.size_filename > kMaxEntryName)
        throw Error("ZIP: " + zipFile.string() + ": an entry name of " +
                    std::to_string(info.size_filename) + " bytes");
    std::string name(info.size_filename, '\0');
    if (unzGetCurrentFileInfo64(zip, &info, name.data(), info.size_filename, nullptr, 0, nullptr,
                                0) != UNZ_OK)
        throw Error("ZIP: " + zipFile.string() + ": unreadable central directory entry");
    return {name, info};
}

bool isDirectoryEntry(const std::string& name) {
    return !name.empty() && name.back() == '/';
}

} // namespace

void checkZipEntryName(const std::string& zipFile, const std::string& name) {
    const auto refuse = [&](const std::string& why) {
        throw Error("ZIP: " + zipFile + ": entry '" + name + "' " + why);
    };
    if (name.empty())
        refuse("has an empty name");
    if (name.find('\0') != std::string::npos)
        refuse("has a NUL byte in its name");
    if (name.find('\\') != std::string::npos)
        refuse("has a backslash (not a portable relative path)");
    if (name.front() == '/')
        refuse("is an absolute path");
    if (name.size() >= 2 && name[1] == ':')
        refuse("names a drive");
    std::size_t start = 0;
    while (start <= name.size()) {
        const std::size_t slash = std::min(name.find('/', start), name.size());
        const std::string part = name.substr(start, slash - start);
        if (part == "..")
            refuse("leaves the folder ('..')");
        if (part == "." || (part.empty() && slash != name.size()))
            refuse("has an empty or '.' path component");
        start = slash + 1;
    }
}

void zipFolder(const fs::path& folder, const fs::path& zipFile) {
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        if (entry.is_regular_file())
            files.push_back(fs::relative(entry.path(), folder).generic_string());
    std::sort(files.begin(), files.end());
    ZipWriter writer{zipOpen64(zipFile.c_str(), APPEND_STATUS_CREATE)};
    if (!writer.handle)
        throw Error("ZIP: cannot create " + zipFile.string());
    std::vector<char> buffer(kChunk);
    for (const std::string& name : files) {
        zip_fileinfo info{};
        // zip64 for every entry: DICOM series and feature tables may pass 4 GiB.
        if (zipOpenNewFileInZip64(writer.handle, name.c_str(), &info, nullptr, 0, nullptr, 0,
                                  nullptr, Z_DEFLATED, Z_DEFAULT_COMPRESSION, 1) != ZIP_OK)
            throw Error("ZIP: cannot add " + name + " to " + zipFile.string());
        std::ifstream in(folder / name, std::ios::binary);
        if (!in)
            throw Error("ZIP: cannot read " + (folder / name).string());
        while (in) {
            in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
            const auto got = static_cast<unsigned>(in.gcount());
            if (got > 0 && zipWriteInFileInZip(writer.handle, buffer.data(), got) != ZIP_OK)
                throw Error("ZIP: cannot write " + name + " into " + zipFile.string());
        }
        if (zipCloseFileInZip(writer.handle) != ZIP_OK)
            throw Error("ZIP: cannot write " + name + " into " + zipFile.string());
    }
    const int closed = zipClose(writer.handle, nullptr);
    writer.handle = nullptr;
    if (closed != ZIP_OK)
        throw Error("ZIP: cannot finish " + zipFile.string());
}

std::vector<ZipEntry> listZip(const fs::path& zipFile, std::uint64_t budgetBytes) {
    ZipReader reader = openZip(zipFile);
    std::vector<ZipEntry> entries;
    std::uint64_t total = 0;
    for (int status = unzGoToFirstFile(reader.handle); status != UNZ_END_OF_LIST_OF_FILE;
         status = unzGoToNextFile(reader.handle)) {
        if (status != UNZ_OK)
            throw Error("ZIP: " + zipFile.string() + ": damaged central directory");
        auto [name, info] = currentEntry(reader.handle, zipFile);
        checkZipEntryName(zipFile.string(), name);
        if (info.uncompressed_size > budgetBytes - std::min(total, budgetBytes))
            throw Error("ZIP: " + zipFile.string() + ": entry '" + name + "' declares " +
                        std::to_string(info.uncompressed_size) + " bytes, over the budget of " +
                        std::to_string(budgetBytes) + " bytes for the whole archive");
        total += info.uncompressed_size;
        entries.push_back({name, info.uncompressed_size});
    }
    return entries;
}

void unzipToFolder(const fs::path& zipFile, const fs::path& outDir, std::uint64_t budgetBytes) {
    const std::vector<ZipEntry> entries = listZip(zipFile, budgetBytes);
    fs::create_directories(outDir);
    ZipReader reader = openZip(zipFile);
    std::set<std::string> written;
    std::vector<char> buffer(kChunk);
    std::size_t index = 0;
    for (int status = unzGoToFirstFile(reader.handle); status != UNZ_END_OF_LIST_OF_FILE;
         status = unzGoToNextFile(reader.handle), ++index) {
        if (status != UNZ_OK || index >= entries.size())
            throw Error("ZIP: " + zipFile.string() + ": damaged central directory");
        const ZipEntry& entry = entries[index];
        const fs::path target = outDir / fs::path(entry.name);
        // A folder of this entry may be a file another entry wrote, or the
        // reverse (found by fuzzing): refused, naming the entry.
        std::error_code ec;
        if (isDirectoryEntry(entry.name)) {
            fs::create_directories(target, ec);
            if (ec)
                throw Error("ZIP: " + zipFile.string() + ": entry '" + entry.name +
                            "' clashes with another entry's file");
            continue;
        }
        if (!written.insert(entry.name).second)
            throw Error("ZIP: " + zipFile.string() + ": entry '" + entry.name + "' appears twice");
        fs::create_directories(target.parent_path(), ec);
        if (ec || fs::is_directory(target))
            throw Error("ZIP: " + zipFile.string() + ": entry '" + entry.name +
                        "' clashes with another entry's file or folder");
        if (unzOpenCurrentFile(reader.handle) != UNZ_OK)
            throw Error("ZIP: " + zipFile.string() + ": entry '" + entry.name +
                        "' cannot be opened (unsupported method or encrypted)");
        std::ofstream out(target, std::ios::binary);
        if (!out)
            throw Error("ZIP: cannot write " + target.string());
        std::uint64_t bytes = 0;
        for (;;) {
            const int got = unzReadCurrentFile(reader.handle, buffer.data(),
                                               static_cast<unsigned>(buffer.size()));
            if (got < 0)
                throw Error("ZIP: " + zipFile.string() + ": entry '" + entry.name +
                            "' is damaged (inflate error " + std::to_string(got) + ")");
            if (got == 0)
                break;
            bytes += static_cast<std::uint64_t>(got);
            if (bytes > entry.uncompressedBytes)
                throw Error("ZIP: " + zipFile.string() + ": entry '" + entry.name +
                            "' inflates past the " + std::to_string(entry.uncompressedBytes) +
                            " bytes it declares");
            out.write(buffer.data(), got);
        }
        // CRC mismatch is reported here.
        if (unzCloseCurrentFile(reader.handle) != UNZ_OK)
            throw Error("ZIP: " + zipFile.string() + ": entry '" + entry.name +
                        "' fails its CRC-32");
        if (bytes != entry.uncompressedBytes)
            throw Error("ZIP: " + zipFile.string() + ": entry '" + entry.name + "' holds " +
                        std::to_string(bytes) + " bytes, not the " +
                        std::to_string(entry.uncompressedBytes) + " it declares");
        out.close();
        if (!out)
            throw Error("ZIP: cannot write " + target.string());
    }
}

} // namespace rgw::storage
