#pragma once

#include "io/dicom/DicomHeader.h"
#include "util/Cancel.h"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace rgw::dicom {

/// A file the scan could not index, and why (for the import report).
struct SkippedFile {
    std::filesystem::path file;
    std::string reason; ///< e.g. "not DICOM", "truncated", "no SOP Instance UID"
};

/// Expands the given files and folders (recursively; a DICOMDIR is followed to
/// the files it references) into the list of candidate files, sorted.
std::vector<std::filesystem::path> collectFiles(const std::vector<std::filesystem::path>& roots);

/// Reads the header of one file without its pixel data. Throws rgw::Error with
/// a reason naming the file when it is not a usable DICOM instance.
InstanceHeader readInstanceHeader(const std::filesystem::path& file);

struct ScanResult {
    std::vector<InstanceHeader> instances;
    std::vector<SkippedFile> skipped;
    std::size_t filesScanned = 0;
    bool cancelled = false;
};

/// Reads the headers of every file under `roots`. Never throws for bad files:
/// they are listed in `skipped` with their reason.
ScanResult scan(const std::vector<std::filesystem::path>& roots, const ProgressFn& progress = {},
                const CancelToken* cancel = nullptr);

} // namespace rgw::dicom
