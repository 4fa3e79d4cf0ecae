// Import benchmark (issue #2, point 6). Measures, on one folder of DICOM files
// with a warm file cache:
//   - header scan alone (rgw::dicom::scan), files/s;
//   - the whole import (scan + SQLite indexing, one transaction per series)
//     into a fresh database, files/s;
//   - loading each stored image series into a Volume, ms per series.
// Usage: bench_import [FOLDER] [--repeat N]
// FOLDER defaults to $RGW_TEST_DATA/ibsi_data_sets/ibsi_validation/dicom.
// run_import_benchmark.sh runs this and the pydicom yardstick side by side.
#include "CohortRepositories.h"
#include "Database.h"
#include "ImportService.h"
#include "SeriesAccess.h"
#include "TestData.h"
#include "io/dicom/DicomScanner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    fs::path folder = rgw::test::ibsiDataSets() / "ibsi_validation" / "dicom";
    int repeat = 5;
    for (int a = 1; a < argc; ++a) {
        const std::string arg = argv[a];
        if (arg == "--repeat" && a + 1 < argc)
            repeat = std::max(1, std::atoi(argv[++a]));
        else
            folder = arg;
    }
    if (!fs::is_directory(folder)) {
        std::fprintf(stderr, "bench_import: folder not found: %s\n", folder.string().c_str());
        return 1;
    }

    // Warm the file cache once (not timed).
    const auto warm = rgw::dicom::scan({folder});
    const auto files = static_cast<double>(warm.filesScanned);

    std::vector<double> scanSeconds, importSeconds;
    rgw::test::TempDir temp;
    for (int r = 0; r < repeat; ++r) {
        auto start = Clock::now();
        const auto scanned = rgw::dicom::scan({folder});
        scanSeconds.push_back(secondsSince(start));

        const fs::path dbFile = temp.path() / ("bench-" + std::to_string(r) + ".rgwdb");
        rgw::storage::Database db(dbFile);
        start = Clock::now();
        const auto report = rgw::storage::importPaths(db, {folder});
        importSeconds.push_back(secondsSince(start));
        if (report.instancesAdded != scanned.instances.size()) {
            std::fprintf(stderr, "bench_import: imported %zu of %zu instances\n",
                         report.instancesAdded, scanned.instances.size());
            return 1;
        }
    }
    const double scanS = median(scanSeconds), importS = median(importSeconds);
    std::printf("files: %.0f (%zu skipped)\n", files, warm.skipped.size());
    std::printf("header scan:  %.3f s = %.0f files/s (median of %d)\n", scanS, files / scanS,
                repeat);
    std::printf("full import:  %.3f s = %.0f files/s (median of %d, fresh database each)\n",
                importS, files / importS, repeat);

    // Volume loading per stored image series.
    rgw::storage::Database db(temp.path() / "bench-0.rgwdb");
    std::vector<double> loadMs;
    double voxels = 0;
    for (const auto& series : rgw::storage::SeriesRepository(db).listAll()) {
        if (series.kind != rgw::dicom::ObjectKind::Image)
            continue;
        const auto start = Clock::now();
        const auto loaded = rgw::storage::loadSeriesVolume(db, series.seriesInstanceUid);
        loadMs.push_back(1e3 * secondsSince(start));
        voxels += static_cast<double>(loaded.volume.voxels.size());
    }
    if (!loadMs.empty()) {
        double total = 0;
        for (double ms : loadMs)
            total += ms;
        std::printf("volume load:  %zu series, median %.1f ms, max %.1f ms per series, "
                    "%.0f Mvoxel/s\n",
                    loadMs.size(), median(loadMs), *std::max_element(loadMs.begin(), loadMs.end()),
                    voxels / (total / 1e3) / 1e6);
    }
    return 0;
}
