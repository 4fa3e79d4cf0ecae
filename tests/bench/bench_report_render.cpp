// The study report renderer at the size (#15 §1: a 100-patient report
// in <= 30 s including assembly): a synthetic document with one 512 x 512 key
// image and two tables per patient, assembled, then written to PDF and to
// HTML. Prints the seconds of each step; exits 1 when the total exceeds 30 s.
//   build/tests/bench/bench_report_render [--patients N] [--out DIR] [--jpeg]
// (--jpeg: key images JPEG-compressed instead of lossless, RenderOptions).

#include "ReportFixtures.h"
#include "report/HeadlessGui.h"
#include "report/ReportRenderer.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main(int argc, char** argv) {
    int patients = 100;
    std::filesystem::path out = std::filesystem::temp_directory_path() / "rgw_bench_report";
    rgw::reportrender::RenderOptions options;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--jpeg"))
            options.losslessImages = false;
        else if (!std::strcmp(argv[i], "--patients") && i + 1 < argc)
            patients = std::stoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--out") && i + 1 < argc)
            out = argv[++i];
    }
    std::filesystem::create_directories(out);
    rgw::reportrender::HeadlessGui gui;

    auto start = std::chrono::steady_clock::now();
    const rgw::report::Document document = rgw::reportfixtures::patientReport(patients, 2026);
    const double assemble = secondsSince(start);
    start = std::chrono::steady_clock::now();
    rgw::reportrender::writePdf(document, out / "patients.pdf", options);
    const double pdf = secondsSince(start);
    start = std::chrono::steady_clock::now();
    rgw::reportrender::writeHtml(document, out / "patients.html", options);
    const double html = secondsSince(start);

    const double total = assemble + pdf + html;
    std::printf("%s key images, patients %d: assemble %.2f s, PDF %.2f s (%.1f MB), HTML+SVG %.2f "
                "s, total %.2f s "
                "(target 30 s, ratio %.2f)\n",
                options.losslessImages ? "lossless" : "JPEG", patients, assemble, pdf,
                double(std::filesystem::file_size(out / "patients.pdf")) / 1e6, html, total,
                total / 30.0);
    return total <= 30.0 ? 0 : 1;
}
