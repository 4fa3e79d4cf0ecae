// Fuzz target: the DICOM header scanner (rgw::dicom::scan) and the series
// loader (rgw::dicom::loadSeries) on up to 8 files. The input holds the files'
// bytes separated by FuzzSupport.h's kFileSeparator (a series of slices);
// seeds: small synthetic CT/MR slices and series, and STS/IBSI slices from
// the shared data. A bug is anything but a clean end: a crash, a sanitizer
// report, an exception other than rgw::Error escaping loadSeries (scan must
// not throw at all), > 2 GB RSS or > 15 s.

#include "FuzzSupport.h"
#include "io/dicom/DicomScanner.h"
#include "io/dicom/SeriesLoader.h"
#include "util/Error.h"

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    constexpr std::size_t kMaxFiles = 8;
    static const fs::path dir = [] {
        fs::path d = rgw::fuzz::scratchDir() / "series";
        fs::create_directories(d);
        return d;
    }();
    auto parts = rgw::fuzz::splitFiles(data, size);
    if (parts.size() > kMaxFiles)
        parts.resize(kMaxFiles);
    std::vector<fs::path> files;
    for (std::size_t i = 0; i < kMaxFiles; ++i) {
        const fs::path file = dir / ("slice" + std::to_string(i) + ".dcm");
        if (i < parts.size()) {
            rgw::fuzz::writeScratch("series/" + file.filename().string(),
                                    reinterpret_cast<const std::uint8_t*>(parts[i].data()),
                                    parts[i].size());
            files.push_back(file);
        } else {
            std::error_code ec;
            fs::remove(file, ec);
        }
    }
    (void)rgw::dicom::scan({dir});
    try {
        (void)rgw::dicom::loadSeries(files);
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    return 0;
}
