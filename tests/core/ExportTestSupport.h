#pragma once

// Shared by the SEG and RTSTRUCT writer tests: a synthetic image series to
// reference, the Dice overlap of two masks, and validation of a written file
// by dicom3tools' dciodvfy and DCMTK's dcmdump (independent tools).

#include "DicomSynth.h"
#include "image/Image.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace rgw::test {

struct SynthSeries {
    std::vector<std::filesystem::path> files;
    std::vector<std::string> sopUids; ///< by slice k
    std::string seriesUid;
    std::string studyUid;
};

/// One CT slice per k of `g`, written in reverse order (matching is by position).
inline SynthSeries writeSeries(const std::filesystem::path& dir, const Geometry& g) {
    SynthSeries series;
    series.seriesUid = newUid();
    series.studyUid = newUid();
    for (std::int64_t k = g.size[2] - 1; k >= 0; --k) {
        SliceSpec s;
        s.studyUid = series.studyUid;
        s.seriesUid = series.seriesUid;
        s.sopUid = newUid();
        s.instanceNumber = static_cast<int>(g.size[2] - k);
        placeOnGrid(s, g, k);
        s.words.assign(static_cast<std::size_t>(s.rows * s.columns), 100);
        const std::filesystem::path file = dir / ("slice" + std::to_string(k) + ".dcm");
        writeSlice(s, file);
        series.files.push_back(file);
        series.sopUids.insert(series.sopUids.begin(), s.sopUid);
    }
    return series;
}

/// Dice overlap of two masks on the same grid (1 when both are empty).
inline double dice(const Mask& a, const Mask& b) {
    std::size_t both = 0, na = 0, nb = 0;
    for (std::size_t v = 0; v < a.voxels.size(); ++v) {
        na += a.voxels[v] != 0;
        nb += b.voxels[v] != 0;
        both += a.voxels[v] != 0 && b.voxels[v] != 0;
    }
    return na + nb == 0 ? 1.0 : 2.0 * static_cast<double>(both) / static_cast<double>(na + nb);
}

/// Runs `command` with its output in `out`; returns that output.
inline std::string runTool(const std::string& command, const std::filesystem::path& out,
                           int& exitCode) {
    exitCode = std::system((command + " > \"" + out.string() + "\" 2>&1").c_str());
    std::ifstream in(out);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// dciodvfy (dicom3tools) reports IOD violations as lines starting with "Error";
/// dcmdump must parse the file.
inline void expectValidIod(const std::filesystem::path& file, const std::string& iod) {
    int code = 0;
    const std::string report =
        runTool("dciodvfy \"" + file.string() + "\"", file.string() + ".dciodvfy.txt", code);
    std::istringstream lines(report);
    std::string line;
    int errors = 0, warnings = 0;
    while (std::getline(lines, line)) {
        errors += line.rfind("Error", 0) == 0 ? 1 : 0;
        warnings += line.rfind("Warning", 0) == 0 ? 1 : 0;
    }
    // dciodvfy names the IOD it checked against; absent when the tool did not run.
    ASSERT_NE(report.find(iod), std::string::npos) << "dciodvfy did not run: " << report;
    EXPECT_EQ(errors, 0) << report;
    std::printf("dciodvfy %s: %d errors, %d warnings\n%s", file.filename().string().c_str(), errors,
                warnings, report.c_str());
    const std::string dump =
        runTool("dcmdump -E \"" + file.string() + "\"", file.string() + ".dcmdump.txt", code);
    EXPECT_EQ(code, 0) << dump;
}

} // namespace rgw::test
