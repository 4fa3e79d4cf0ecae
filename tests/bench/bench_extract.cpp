// Extraction benchmark (issue #3): wall time of every stage of an IBSI-1
// config C extraction, median of --repeat runs (default 5), single-threaded
// and with one thread per core, plus the process's peak memory:
//   - the CT radiomics phantom (DICOM series + RTSTRUCT ROI GTV-1);
//   - every ibsi_validation STS_0nn/CT case that has mask/RS.dcm;
//   - a scaling series of synthetic ellipsoid ROIs (~10 k .. 1 M voxels) on a
//     CT-like noise image, config C without interpolation so the ROI size is
//     the one generated; ms per 1 k voxels shows how time grows with size.
// Each run also checks that the multi-threaded table equals the
// single-threaded one (exit status 1 otherwise).
// Usage: bench_extract [--repeat N] [--no-sts] [--no-scaling]
// run_extract_benchmark.sh runs this and times `rgw-cli extract`.
#include "TestData.h"
#include "io/dicom/RtStruct.h"
#include "io/dicom/SeriesLoader.h"
#include "radiomics/Extractor.h"
#include "radiomics/Settings.h"
#include "radiomics/processing/Discretisation.h"
#include "radiomics/processing/Pipeline.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <numbers>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>
#if defined(__unix__) || defined(__APPLE__)
#include <sys/resource.h>
#endif

namespace {

namespace fs = std::filesystem;
using namespace rgw;
using namespace rgw::radiomics;
using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

/// Peak resident set of the process so far, MiB (-1 where unknown).
double peakMemoryMiB() {
#if defined(__APPLE__)
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / (1024.0 * 1024.0); // bytes
#elif defined(__unix__)
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0; // KiB
#else
    return -1.0;
#endif
}

/// Stage name -> one time per run, in first-seen order for printing.
class StageTimes {
public:
    void add(const std::string& stage, double ms) {
        if (!times_.count(stage))
            order_.push_back(stage);
        times_[stage].push_back(ms);
    }
    double medianOf(const std::string& stage) const { return median(times_.at(stage)); }
    void print(const std::string& title) const {
        std::printf("%s\n", title.c_str());
        for (const auto& stage : order_)
            std::printf("  %-34s %9.2f ms\n", stage.c_str(), medianOf(stage));
        std::printf("  %-34s %9.1f MiB\n", "peak memory (process so far)", peakMemoryMiB());
    }

private:
    std::vector<std::string> order_;
    std::map<std::string, std::vector<double>> times_;
};

template <class F> double timed(F&& f) {
    const auto start = Clock::now();
    f();
    return msSince(start);
}

bool sameTables(const FeatureTable& a, const FeatureTable& b) {
    if (a.values.size() != b.values.size())
        return false;
    for (std::size_t i = 0; i < a.values.size(); ++i) {
        const auto &x = a.values[i], &y = b.values[i];
        const bool bothNaN = std::isnan(x.value) && std::isnan(y.value);
        if (x.family != y.family || x.name != y.name || x.aggregation != y.aggregation ||
            (!bothNaN && std::memcmp(&x.value, &y.value, sizeof(double)) != 0))
            return false;
    }
    return true;
}

bool allIdentical = true;

/// Times the extraction stages of one prepared input (pipeline onwards) and
/// adds them to `times`; returns the pipeline's, and the single- and
/// multi-threaded all-family extraction's ms of this run.
void timeExtraction(const Volume& image, const Mask& mask, const Settings& settings,
                    StageTimes& times, double& pipelineMs, double& singleMs, double& multiMs) {
    PreparedRoi roi;
    pipelineMs = timed([&] { roi = processing::prepareRoi(image, mask, settings); });
    times.add("pipeline (prepareRoi)", pipelineMs);
    times.add("discretisation", timed([&] { (void)processing::discretise(roi, settings); }));
    for (const auto& family : availableFamilies()) {
        FamilySelection only;
        only.families = {family};
        times.add("  " + family, timed([&] { (void)extract(roi, settings, only); }));
    }
    FeatureTable single, multi;
    singleMs = timed([&] { single = extract(roi, settings); });
    multiMs =
        timed([&] { multi = extract(roi, settings, FamilySelection::all(), ExtractOptions{0}); });
    if (!sameTables(single, multi)) {
        std::printf("ERROR: multi-threaded extraction differs from single-threaded\n");
        allIdentical = false;
    }
    times.add("all families, 1 thread", singleMs);
    times.add("all families, " + std::to_string(std::thread::hardware_concurrency()) + " threads",
              multiMs);
}

std::vector<fs::path> filesIn(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file())
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// DICOM series + RTSTRUCT ROI -> features, every stage timed, `repeat` runs.
/// `roiName` empty = the first ROI whose name contains "GTV", else the first.
void benchDicomCase(const std::string& title, const fs::path& imageDir, const fs::path& rtstruct,
                    std::string roiName, const Settings& settings, int repeat) {
    StageTimes times;
    std::vector<double> endToEnd1, endToEndN;
    std::int64_t roiVoxels = 0;
    for (int r = 0; r < repeat; ++r) {
        Volume image;
        Mask mask;
        const double load = timed([&] { image = dicom::loadSeries(filesIn(imageDir)).volume; });
        const double rt = timed([&] {
            const auto set = dicom::readRtStruct(rtstruct);
            const dicom::RtRoi* chosen = nullptr;
            for (const auto& roi : set.rois)
                if (roiName.empty() ? lower(roi.roiName).find("gtv") != std::string::npos
                                    : roi.roiName == roiName) {
                    chosen = &roi;
                    break;
                }
            if (!chosen && roiName.empty() && !set.rois.empty())
                chosen = &set.rois.front();
            if (!chosen)
                throw std::runtime_error("ROI '" + roiName + "' not in " + rtstruct.string());
            roiName = chosen->roiName;
            mask = dicom::rasterise(*chosen, image.geometry);
        });
        times.add("DICOM series load", load);
        times.add("RTSTRUCT read + rasterise", rt);
        double pipeline = 0, single = 0, multi = 0;
        timeExtraction(image, mask, settings, times, pipeline, single, multi);
        roiVoxels =
            static_cast<std::int64_t>(std::count(mask.voxels.begin(), mask.voxels.end(), 1));
        // End to end = load + ROI + pipeline + all families (the per-family
        // runs above are diagnostics, not part of it).
        endToEnd1.push_back(load + rt + pipeline + single);
        endToEndN.push_back(load + rt + pipeline + multi);
    }
    times.print(title + " (ROI " + roiName + ", " + std::to_string(roiVoxels) +
                " mask voxels on the image grid, median of " + std::to_string(repeat) + ")");
    std::printf("  %-34s %9.2f ms\n", "TOTAL end to end, 1 thread", median(endToEnd1));
    std::printf("  %-34s %9.2f ms\n", "TOTAL end to end, all cores", median(endToEndN));
}

/// CT-like synthetic image (soft tissue 40 HU, noise sd 60 HU, smooth
/// variation so texture is not pure white noise) and an ellipsoid ROI with
/// semi-axes a, 0.8 a, 0.6 a voxels on a 2 mm isotropic grid.
struct Synthetic {
    Volume image;
    Mask mask;
    std::int64_t voxels = 0;
};

Synthetic ellipsoid(double targetVoxels) {
    const double a = std::cbrt(targetVoxels / (4.0 / 3.0 * std::numbers::pi * 0.8 * 0.6));
    const double semi[3] = {a, 0.8 * a, 0.6 * a};
    Geometry g;
    for (std::size_t i = 0; i < 3; ++i)
        g.size[i] = static_cast<std::int64_t>(std::ceil(2 * semi[i])) + 12; // 1 cm margin + 1
    g.spacing = Eigen::Vector3d(2.0, 2.0, 2.0);
    Synthetic s{Volume(g, 0.0f), Mask(g, 0), 0};
    std::mt19937 rng(12345);
    std::normal_distribution<double> noise(0.0, 60.0);
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i) {
                const std::size_t idx = g.linearIndex(i, j, k);
                s.image.voxels[idx] = static_cast<float>(
                    40.0 + 30.0 * std::sin(0.2 * static_cast<double>(i + j)) + noise(rng));
                double r = 0.0;
                const std::int64_t p[3] = {i, j, k};
                for (std::size_t ax = 0; ax < 3; ++ax) {
                    const double c = (static_cast<double>(g.size[ax]) - 1.0) / 2.0;
                    const double u = (static_cast<double>(p[ax]) - c) / semi[ax];
                    r += u * u;
                }
                if (r <= 1.0) {
                    s.mask.voxels[idx] = 1;
                    ++s.voxels;
                }
            }
    return s;
}

} // namespace

int main(int argc, char** argv) {
    int repeat = 5;
    bool sts = true, scaling = true;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--repeat" && i + 1 < argc)
            repeat = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--no-sts")
            sts = false;
        else if (arg == "--no-scaling")
            scaling = false;
        else {
            std::fprintf(stderr, "usage: bench_extract [--repeat N] [--no-sts] [--no-scaling]\n");
            return 2;
        }
    }
    try {
        const Settings config = ibsiConfig('C');
        std::printf("IBSI-1 config C extraction benchmark, %u hardware threads\n\n",
                    std::thread::hardware_concurrency());
        const fs::path phantom = test::ibsiDataSets() / "ibsi_1_ct_radiomics_phantom" / "dicom";
        if (!fs::is_directory(phantom)) {
            std::fprintf(stderr, "test data not found at %s (set RGW_TEST_DATA)\n",
                         test::dataRoot().string().c_str());
            return 2;
        }
        benchDicomCase("CT radiomics phantom", phantom / "image",
                       phantom / "mask" / "DCM_RS_00060.dcm", "GTV-1", config, repeat);

        if (sts) {
            const fs::path root = test::ibsiDataSets() / "ibsi_validation" / "dicom";
            std::vector<fs::path> cases;
            if (fs::is_directory(root))
                for (const auto& e : fs::directory_iterator(root))
                    if (fs::is_regular_file(e.path() / "CT" / "mask" / "RS.dcm"))
                        cases.push_back(e.path());
            std::sort(cases.begin(), cases.end());
            for (const auto& c : cases) {
                std::printf("\n");
                benchDicomCase(c.filename().string() + " CT", c / "CT" / "image",
                               c / "CT" / "mask" / "RS.dcm", "", config, repeat);
            }
        }

        if (scaling) {
            Settings plain = config;
            plain.interpolation.enabled = false; // the generated ROI is the ROI
            std::printf("\nScaling: synthetic ellipsoid ROIs, config C without interpolation, "
                        "pipeline + all families (median of %d)\n",
                        repeat);
            std::printf("  %10s %12s %10s %12s %10s %12s\n", "voxels", "1 thread ms", "ms/1k vx",
                        "all cores ms", "ms/1k vx", "peak MiB");
            for (double target : {1e4, 3e4, 1e5, 3e5, 1e6}) {
                const Synthetic s = ellipsoid(target);
                std::vector<double> one, all;
                for (int r = 0; r < repeat; ++r) {
                    FeatureTable a, b;
                    one.push_back(timed([&] { a = extract(s.image, s.mask, plain); }));
                    all.push_back(timed([&] {
                        b = extract(s.image, s.mask, plain, FamilySelection::all(),
                                    ExtractOptions{0});
                    }));
                    if (!sameTables(a, b)) {
                        std::printf("ERROR: multi-threaded extraction differs\n");
                        allIdentical = false;
                    }
                }
                const double k = static_cast<double>(s.voxels) / 1000.0;
                std::printf("  %10lld %12.1f %10.3f %12.1f %10.3f %12.1f\n",
                            static_cast<long long>(s.voxels), median(one), median(one) / k,
                            median(all), median(all) / k, peakMemoryMiB());
                std::fflush(stdout);
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_extract: %s\n", e.what());
        return 1;
    }
    std::printf("\nmulti-threaded tables identical to single-threaded: %s\n",
                allIdentical ? "yes" : "NO");
    return allIdentical ? 0 : 1;
}
