#pragma once

// PyRadiomics' test case brain1 and its baseline (shared data,
// pyradiomics/): the baseline CSVs read as name -> cell per column, the
// image and label map, and the brain1_2D label PyRadiomics' tests use.

#include "TestData.h"
#include "io/nrrd/Nrrd.h"
#include "radiomics/pyradiomics/Diagnostics.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace rgw::test::pyradiomics {

inline std::filesystem::path dataDir() {
    return dataRoot() / "pyradiomics";
}

inline std::vector<std::string> csvRow(const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    bool quoted = false;
    for (char c : line) {
        if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted) {
            out.push_back(cell);
            cell.clear();
        } else if (c != '\r')
            cell += c;
    }
    out.push_back(cell);
    return out;
}

struct Baseline {
    std::vector<std::string> columns;                     // brain1 ...
    std::map<std::string, std::vector<std::string>> rows; // name -> cells per column
};

inline Baseline readBaseline(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line;
    Baseline b;
    std::getline(in, line);
    auto header = csvRow(line);
    b.columns.assign(header.begin() + 1, header.end());
    while (std::getline(in, line)) {
        auto cells = csvRow(line);
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

} // namespace rgw::test::pyradiomics
