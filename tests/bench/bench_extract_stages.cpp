// End-to-end extraction stages (issue #16 §6): the functions `rgw-cli extract
// --params ibsi-config-C --threads 1` calls, in its order, timed one by one on
// the IBSI CT phantom, for the NIfTI route (nifti/image + nifti/mask) and the
// DICOM route (dicom/image series + RTSTRUCT DCM_RS_00060.dcm ROI GTV-1):
//   locate image       storage::locateImage (header(s) and grid, no voxel)
//   read mask          storage::resolveMask
//   read image window  storage::readExtractionWindow (only the voxels the
//                      processing reads around the ROI)
//   extract            storage::extractFeatures (prepare ROI + all families, 1 thread)
//   write CSV          radiomics::writeFeatureCsvFile
// The total is the sum of these, i.e. the CLI's work without process start.
// As diagnostics (not part of the total) the prepare-ROI stage
// (processing::prepareRoi) and each family alone on the prepared ROI (its
// discretisation included) are timed too. Median of --repeat runs (default 7)
// of wall time and of the process's CPU time (steadier on a shared machine;
// all threads counted, as the DICOM reader decodes files on I/O threads even
// when extraction is single-threaded),
// and the first run's total alone (cold: every buffer is fresh memory).
// Each route runs in a fresh process (this program re-executed); its peak
// resident memory (VmHWM, reset before the first run through
// /proc/self/clear_refs) is read right after the first run's stages, before
// any diagnostic, and printed with the resident memory before the first read,
// set against the image's stored size (NIfTI: the header's voxel bytes;
// DICOM: the series' files), with the stage by which it was reached and the
// part that is library files paged in (RssFile) rather than data.
// Then the whole `rgw-cli extract` process (RGW_CLI_PATH, the build's rgw-cli)
// is run --repeat times per route, output to a temporary CSV, with process
// start-up alone (`rgw-cli --help`) as the same-run baseline, and
// `rgw-cli-analysis --help` (the executable with every command's libraries)
// beside it: median, fastest and slowest wall time, and the child's CPU time.
// Usage: bench_extract_stages [--repeat N] [--route nifti|dicom|cli]
#include "ExtractionInputs.h"
#include "ExtractionService.h"
#include "TestData.h"
#include "radiomics/Extractor.h"
#include "radiomics/FeatureCsv.h"
#include "radiomics/ParameterSet.h"
#include "radiomics/Settings.h"
#include "radiomics/processing/Pipeline.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utility>
#include <vector>
#include <zlib.h>

namespace {

namespace fs = std::filesystem;
using namespace rgw;
using Clock = std::chrono::steady_clock;

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

/// A "VmRSS:" / "VmHWM:" line of /proc/self/status, MiB (-1 when absent).
double statusMiB(const std::string& key) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(key, 0) == 0)
            return std::strtod(line.c_str() + key.size(), nullptr) / 1024.0; // kB
    return -1.0;
}

/// CPU time of the process (all its threads), ms: unlike wall time it does
/// not grow when other processes take the cores.
double processCpuMs() {
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

/// Wall and CPU time of one call, ms.
struct Timing {
    double wall = 0.0;
    double cpu = 0.0;
    Timing& operator+=(const Timing& o) {
        wall += o.wall;
        cpu += o.cpu;
        return *this;
    }
};

template <class F> Timing timedMs(F&& f) {
    const auto start = Clock::now();
    const double cpu = processCpuMs();
    f();
    return {std::chrono::duration<double, std::milli>(Clock::now() - start).count(),
            processCpuMs() - cpu};
}

/// Stage name -> one timing per run, printed in first-seen order.
class StageTimes {
public:
    void add(const std::string& stage, const Timing& t) {
        if (!wall_.count(stage))
            order_.push_back(stage);
        wall_[stage].push_back(t.wall);
        cpu_[stage].push_back(t.cpu);
    }
    void print() const {
        for (const auto& stage : order_)
            std::printf("  %-40s %8.1f ms wall %8.1f ms CPU\n", stage.c_str(),
                        median(wall_.at(stage)), median(cpu_.at(stage)));
    }

private:
    std::vector<std::string> order_;
    std::map<std::string, std::vector<double>> wall_, cpu_;
};

fs::path phantom() {
    return test::ibsiDataSets() / "ibsi_1_ct_radiomics_phantom";
}

/// Voxel bytes a NIfTI header declares (dim[1..3] × bitpix / 8).
double niftiStoredBytes(const fs::path& file) {
    gzFile f = gzopen(file.string().c_str(), "rb");
    unsigned char header[348] = {};
    const int got = f ? gzread(f, header, sizeof header) : 0;
    if (f)
        gzclose(f);
    if (got != static_cast<int>(sizeof header))
        return 0.0;
    auto i16 = [&](int at) {
        return static_cast<double>(static_cast<std::int16_t>(header[at] | header[at + 1] << 8));
    };
    return i16(42) * i16(44) * i16(46) * i16(72) / 8.0; // little-endian, as the phantom is
}

double filesBytes(const fs::path& dir) {
    double total = 0.0;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file())
            total += static_cast<double>(e.file_size());
    return total;
}

int runRoute(const std::string& route, int repeat) {
    const bool nifti = route == "nifti";
    const fs::path root = phantom() / route;
    const fs::path image = nifti ? root / "image" / "phantom.nii.gz" : root / "image";
    const fs::path mask =
        nifti ? root / "mask" / "mask.nii.gz" : root / "mask" / "DCM_RS_00060.dcm";
    const std::string roi = nifti ? "" : "GTV-1";
    const double storedMiB =
        (nifti ? niftiStoredBytes(image) : filesBytes(image)) / (1024.0 * 1024.0);
    const radiomics::ParameterSet parameters = radiomics::loadParameterSet("ibsi-config-C");
    const fs::path out =
        fs::temp_directory_path() / ("bench_extract_stages_" + std::to_string(::getpid()) + ".csv");
    std::ofstream("/proc/self/clear_refs") << "5"; // VmHWM := VmRSS (Linux 4.0+)
    const double rssBefore = statusMiB("VmRSS:");
    const double fileBefore = statusMiB("RssFile:");
    double peak = -1.0, filePagedIn = 0.0;
    std::vector<std::pair<std::string, double>> peaks;

    StageTimes times, diagnostics;
    std::size_t rows = 0;
    double firstTotalCpu = 0.0, firstTotalWall = 0.0, windowShare = 0.0;
    for (int r = 0; r < repeat; ++r) {
        storage::ImageSource source;
        storage::MaskInput maskInput;
        storage::ExtractionWindow window;
        radiomics::FeatureTable table;
        // The first run's peak so far after each stage (where the peak is reached).
        const auto peakSoFar = [&](const char* stage) {
            if (r == 0)
                peaks.emplace_back(stage, statusMiB("VmHWM:") - rssBefore);
        };
        const Timing locate =
            timedMs([&] { source = storage::locateImage(nullptr, image.string()); });
        peakSoFar("locate image");
        const Timing readMask =
            timedMs([&] { maskInput = storage::resolveMask(nullptr, source, mask.string(), roi); });
        peakSoFar("read mask");
        const Timing readWindow = timedMs([&] {
            window = storage::readExtractionWindow(source, std::move(maskInput.mask),
                                                   parameters.settings);
        });
        peakSoFar("read image window");
        const double windowVoxels = static_cast<double>(window.image.geometry.voxelCount());
        const Timing extract = timedMs(
            [&] { table = storage::extractFeatures(std::move(window), parameters.settings, 1); });
        peakSoFar("extraction");
        const Timing write = timedMs([&] { radiomics::writeFeatureCsvFile(out, table); });
        rows = table.values.size();
        windowShare = windowVoxels / static_cast<double>(source.grid.voxelCount());
        times.add("locate image (header)", locate);
        times.add("read mask", readMask);
        times.add("read image window", readWindow);
        times.add("prepare ROI + all families", extract);
        times.add("write CSV", write);
        Timing total = locate;
        total += readMask;
        total += readWindow;
        total += extract;
        total += write;
        times.add("TOTAL (locate .. write)", total);
        if (r == 0) {
            firstTotalCpu = total.cpu;
            firstTotalWall = total.wall;
            peak = statusMiB("VmHWM:");
            filePagedIn = statusMiB("RssFile:") - fileBefore;
        }

        if (std::getenv("RGW_BENCH_NO_DIAGNOSTICS"))
            continue; // e.g. under a heap profiler, for the stages alone
        // Diagnostics: the same window read again (not timed), then the
        // preparation and each family alone.
        source = storage::locateImage(nullptr, image.string());
        const storage::ExtractionWindow windowCopy = storage::readExtractionWindow(
            source, storage::resolveMask(nullptr, source, mask.string(), roi).mask,
            parameters.settings);
        radiomics::PreparedRoi prepared;
        diagnostics.add("prepare ROI", timedMs([&] {
                            prepared = radiomics::processing::prepareRoi(
                                windowCopy.image, windowCopy.mask, parameters.settings,
                                windowCopy.window);
                        }));
        for (const auto& family : radiomics::availableFamilies()) {
            radiomics::FamilySelection only;
            only.families = {family};
            diagnostics.add("  " + family, timedMs([&] {
                                (void)radiomics::extract(prepared, parameters.settings, only);
                            }));
        }
    }
    std::error_code ec;
    fs::remove(out, ec);

    std::printf("%s route: IMAGE %s, MASK %s%s (median of %d, %zu feature rows)\n",
                nifti ? "NIfTI" : "DICOM", image.string().c_str(), mask.string().c_str(),
                roi.empty() ? "" : (" ROI " + roi).c_str(), repeat, rows);
    times.print();
    std::printf("  %-40s %8.1f ms wall %8.1f ms CPU\n", "first run's total (cold)", firstTotalWall,
                firstTotalCpu);
    std::printf("  %-40s %8.1f %% of the image's voxels\n", "image window read",
                100.0 * windowShare);
    std::printf("  diagnostics, not in the total:\n");
    diagnostics.print();
    std::printf("  %-40s %8.1f MiB\n", "image stored size", storedMiB);
    std::printf("  %-40s %8.1f MiB\n", "resident before reading", rssBefore);
    std::printf("  %-40s %8.1f MiB = %.2f x stored size\n", "peak resident (VmHWM), first run",
                peak, peak / storedMiB);
    std::printf("  %-40s %8.1f MiB = %.2f x stored size\n", "peak - resident before reading",
                peak - rssBefore, (peak - rssBefore) / storedMiB);
    for (const auto& [stage, mib] : peaks)
        std::printf("  %-40s %8.1f MiB\n", ("  reached by the end of " + stage).c_str(), mib);
    std::printf("  %-40s %8.1f MiB\n", "  of which library files paged in", filePagedIn);
    std::printf("  %-40s %8.1f MiB = %.2f x stored size\n", "  the rest (data)",
                peak - rssBefore - filePagedIn, (peak - rssBefore - filePagedIn) / storedMiB);
    std::fflush(stdout);
    return 0;
}

} // namespace

/// Wall and CPU (user + system, from wait4) time of one run of `program
/// args...` with its output discarded, ms; throws when it fails.
Timing runProcessMs(const std::string& program, const std::vector<std::string>& args) {
    std::vector<char*> argv{const_cast<char*>(program.c_str())};
    for (const auto& arg : args)
        argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    std::fflush(stdout);
    const auto start = Clock::now();
    const pid_t child = ::fork();
    if (child == 0) {
        std::freopen("/dev/null", "w", stdout);
        ::execv(program.c_str(), argv.data());
        std::_Exit(127);
    }
    int status = 0;
    rusage usage{};
    if (child < 0 || ::wait4(child, &status, 0, &usage) != child || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        throw std::runtime_error(program + " failed (exit status " +
                                 std::to_string(WEXITSTATUS(status)) + ")");
    const double wall = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    const auto ms = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3;
    };
    return {wall, ms(usage.ru_utime) + ms(usage.ru_stime)};
}

/// The whole rgw-cli process, route by route, against its start-up alone.
int runWholeCli(int repeat) {
    const std::string cli = RGW_CLI_PATH;
    const std::string analysis = (fs::path(cli).parent_path() / "rgw-cli-analysis").string();
    const fs::path csv =
        fs::temp_directory_path() / ("bench_extract_stages_" + std::to_string(::getpid()) + ".csv");
    const std::vector<std::pair<std::string, std::vector<std::string>>> cases{
        {"rgw-cli --help (process start-up)", {"--help"}},
        {"rgw-cli-analysis --help (all libraries)", {"--help"}},
        {"rgw-cli extract, NIfTI route",
         {"extract", "--image", (phantom() / "nifti/image/phantom.nii.gz").string(), "--mask",
          (phantom() / "nifti/mask/mask.nii.gz").string(), "--modality", "CT", "--params",
          "ibsi-config-C", "--threads", "1", "--out", csv.string()}},
        {"rgw-cli extract, DICOM route",
         {"extract", "--image", (phantom() / "dicom/image").string(), "--mask",
          (phantom() / "dicom/mask/DCM_RS_00060.dcm").string(), "--params", "ibsi-config-C",
          "--threads", "1", "--out", csv.string()}},
    };
    std::printf("whole process (%s), %d runs each:\n", cli.c_str(), repeat);
    std::printf("  %-40s %8s %8s %8s %8s\n", "", "median", "fastest", "slowest", "CPU");
    for (const auto& [label, args] : cases) {
        const std::string& program = label.rfind("rgw-cli-analysis", 0) == 0 ? analysis : cli;
        std::vector<double> wall, cpu;
        for (int run = 0; run < repeat; ++run) {
            const Timing t = runProcessMs(program, args);
            wall.push_back(t.wall);
            cpu.push_back(t.cpu);
        }
        std::printf("  %-40s %5.1f ms %5.1f ms %5.1f ms %5.1f ms\n", label.c_str(), median(wall),
                    *std::min_element(wall.begin(), wall.end()),
                    *std::max_element(wall.begin(), wall.end()), median(cpu));
    }
    fs::remove(csv);
    std::fflush(stdout);
    return 0;
}

int main(int argc, char** argv) {
    int repeat = 7;
    std::string route;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--repeat" && i + 1 < argc)
            repeat = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--route" && i + 1 < argc)
            route = argv[++i];
        else
            route = "?";
        if (!route.empty() && route != "nifti" && route != "dicom" && route != "cli") {
            std::fprintf(stderr,
                         "usage: bench_extract_stages [--repeat N] [--route nifti|dicom|cli]\n");
            return 2;
        }
    }

    if (!fs::is_directory(phantom())) {
        std::fprintf(stderr, "test data not found at %s (set RGW_TEST_DATA)\n",
                     test::dataRoot().string().c_str());
        return 2;
    }
    try {
        if (route == "cli")
            return runWholeCli(repeat);
        if (!route.empty())
            return runRoute(route, repeat);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_extract_stages: %s\n", e.what());
        return 1;
    }
    // Each route in its own process, so each peak memory is its own.
    int status = 0;
    for (const char* r : {"nifti", "dicom"}) {
        std::fflush(stdout);
        const pid_t child = ::fork();
        if (child == 0) {
            const std::string n = std::to_string(repeat);
            ::execl("/proc/self/exe", argv[0], "--route", r, "--repeat", n.c_str(),
                    static_cast<char*>(nullptr));
            std::_Exit(127);
        }
        int childStatus = 0;
        if (child < 0 || ::waitpid(child, &childStatus, 0) != child || !WIFEXITED(childStatus) ||
            WEXITSTATUS(childStatus) != 0)
            status = 1;
        std::printf("\n");
    }
    try {
        if (runWholeCli(repeat) != 0)
            status = 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_extract_stages: %s\n", e.what());
        status = 1;
    }
    return status;
}
