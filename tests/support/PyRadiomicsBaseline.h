#pragma once

// PyRadiomics' test case brain1 and its baseline (shared data,
// pyradiomics/): the baseline CSVs read as name -> cell per column, the
// image and label map, the brain1_2D label PyRadiomics' tests use, and the
// comparison of a column's diagnostics_* rows with ours.

#include "CsvLine.h"
#include "TestData.h"
#include "io/nrrd/Nrrd.h"
#include "radiomics/pyradiomics/Diagnostics.h"
#include "radiomics/pyradiomics/Parameters.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rgw::test::pyradiomics {

inline std::filesystem::path dataDir() {
    return dataRoot() / "pyradiomics";
}

struct Baseline {
    std::vector<std::string> columns;                     // brain1 ...
    std::map<std::string, std::vector<std::string>> rows; // name -> cells per column
};

inline Baseline readBaseline(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line;
    Baseline b;
    int lineNumber = 1;
    std::getline(in, line);
    auto header = splitCsvLine(line, lineNumber, file);
    b.columns.assign(header.begin() + 1, header.end());
    while (std::getline(in, line)) {
        auto cells = splitCsvLine(line, ++lineNumber, file);
        const std::string name = cells[0];
        cells.erase(cells.begin());
        cells.resize(b.columns.size());
        b.rows[name] = cells;
    }
    return b;
}

struct Case {
    Volume image;
    LabelMap labels;
};

inline const Case& brain1() {
    static const Case c = [] {
        return Case{nrrd::readVolume(dataDir() / "brain1_image.nrrd"),
                    nrrd::readLabelMap(dataDir() / "brain1_label.nrrd")};
    }();
    return c;
}

// brain1_image.nrrd stores "short", brain1_label.nrrd "int" (their headers).
inline const radiomics::pyradiomics::PixelType kShort =
    radiomics::pyradiomics::PixelType::named("int16", 3, "brain1_image.nrrd");
inline const radiomics::pyradiomics::PixelType kInt =
    radiomics::pyradiomics::PixelType::named("int32", 3, "brain1_label.nrrd");

/// PyRadiomics' 2D test case brain1_2D is slice k = 16 of brain1's label
/// (its corrected bounding box (162, 84, 16, 45, 32, 1)), here on the full
/// grid; the baseline's voxel count checks the reconstruction.
inline LabelMap sliceOf(const LabelMap& labels, std::int64_t k) {
    LabelMap out(labels.geometry, 0);
    const auto& g = labels.geometry;
    for (std::int64_t j = 0; j < g.size[1]; ++j)
        for (std::int64_t i = 0; i < g.size[0]; ++i)
            out.at(i, j, k) = labels.at(i, j, k);
    return out;
}

/// The same slice as PyRadiomics' brain1_2D label file holds it: a grid of
/// one slice (size (256, 256, 1)) whose origin is slice k's position, so
/// that PyRadiomics corrects it onto the image grid (correctMask); its
/// baseline hash (int32 voxels) checks the reconstruction.
inline LabelMap sliceGridOf(const LabelMap& labels, std::int64_t k) {
    Geometry g = labels.geometry;
    g.origin = labels.geometry.physicalPoint(Eigen::Vector3d(0.0, 0.0, static_cast<double>(k)));
    g.size[2] = 1;
    LabelMap out(g, 0);
    for (std::int64_t j = 0; j < g.size[1]; ++j)
        for (std::int64_t i = 0; i < g.size[0]; ++i)
            out.at(i, j, 0) = labels.at(i, j, k);
    return out;
}

/// The numbers of "(a, b, c)" or of a single number; nullopt when a part is
/// not a number.
inline std::optional<std::vector<double>> numbers(const std::string& text) {
    std::string inner = text;
    if (!inner.empty() && inner.front() == '(' && inner.back() == ')')
        inner = inner.substr(1, inner.size() - 2);
    std::vector<double> out;
    std::size_t start = 0;
    while (start <= inner.size()) {
        const std::size_t comma = inner.find(',', start);
        const std::string part =
            inner.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        char* end = nullptr;
        const double v = std::strtod(part.c_str(), &end);
        if (end == part.c_str())
            return std::nullopt;
        for (; *end; ++end)
            if (*end != ' ')
                return std::nullopt;
        out.push_back(v);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return out;
}

/// One baseline diagnostics row against ours: Configuration_Settings and
/// Configuration_EnabledImageTypes as parsed dictionaries, hashes and
/// Dimensionality exactly, everything else as numbers (or tuples of them)
/// to relative 1e-12. Returns the largest relative difference (0 for texts).
inline double expectDiagnosticsRow(const std::string& name, const std::string& expected,
                                   const std::string& ours,
                                   const radiomics::pyradiomics::Settings& settings,
                                   const std::string& where) {
    namespace py = radiomics::pyradiomics;
    auto endsWith = [&](const std::string& tail) {
        return name.size() >= tail.size() &&
               name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
    };
    if (name == "diagnostics_Configuration_Settings") {
        EXPECT_TRUE(py::parseSettingsDict(expected, where + " baseline") ==
                    py::parseSettingsDict(ours, where + " ours"))
            << where << ": " << ours << " vs " << expected;
        return 0.0;
    }
    if (name == "diagnostics_Configuration_EnabledImageTypes") {
        EXPECT_TRUE(py::parseImageTypesDict(expected, settings, where + " baseline") ==
                    py::parseImageTypesDict(ours, settings, where + " ours"))
            << where << ": " << ours << " vs " << expected;
        return 0.0;
    }
    if (endsWith("_Hash") || endsWith("_Dimensionality")) {
        EXPECT_EQ(ours, expected) << where << " " << name;
        return 0.0;
    }
    const auto want = numbers(expected);
    const auto got = numbers(ours);
    if (!want || !got || want->size() != got->size()) {
        ADD_FAILURE() << where << " " << name << ": " << ours << " vs " << expected;
        return INFINITY;
    }
    double worst = 0.0;
    for (std::size_t i = 0; i < want->size(); ++i) {
        const double e = (*want)[i], g = (*got)[i];
        const double rel = e == g ? 0.0 : std::abs(g - e) / std::abs(e);
        worst = std::max(worst, rel);
        EXPECT_LE(rel, 1e-12) << where << " " << name << "[" << i << "]: " << ours << " vs "
                              << expected;
    }
    return worst;
}

struct DiagnosticsComparison {
    int compared = 0; ///< rows compared
    int versions = 0; ///< Versions_* rows of the baseline, not compared
    double worst = 0.0;
};

/// Every non-empty diagnostics row of the baseline's column `col` must be
/// among `ours` (full names) with the same value, except the Versions_* rows
/// (ours name our own program) and Configuration_TestCase (the name
/// PyRadiomics' test harness gives the case, not a generalinfo row).
inline DiagnosticsComparison expectDiagnostics(const Baseline& b, std::size_t col,
                                               const std::map<std::string, std::string>& ours,
                                               const radiomics::pyradiomics::Settings& settings,
                                               const std::string& where) {
    DiagnosticsComparison c;
    for (const auto& [name, cells] : b.rows) {
        if (name.rfind("diagnostics_", 0) != 0 || cells[col].empty())
            continue;
        if (name.rfind("diagnostics_Versions_", 0) == 0) {
            ++c.versions;
            continue;
        }
        if (name == "diagnostics_Configuration_TestCase")
            continue;
        const auto it = ours.find(name);
        if (it == ours.end()) {
            ADD_FAILURE() << where << ": no row " << name;
            continue;
        }
        ++c.compared;
        c.worst =
            std::max(c.worst, expectDiagnosticsRow(name, cells[col], it->second, settings, where));
    }
    return c;
}

} // namespace rgw::test::pyradiomics
