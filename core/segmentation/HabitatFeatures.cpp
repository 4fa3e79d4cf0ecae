#include "segmentation/HabitatFeatures.h"

#include "image/Reslice.h"
#include "util/Error.h"
#include "util/ParallelFor.h"
#include "util/ResourceBudget.h"

#include <cmath>
#include <limits>
#include <string>

namespace rgw::segmentation {

std::vector<double> sampleAtVoxels(const Volume& volume, const Geometry& grid,
                                   const std::vector<std::size_t>& voxels, unsigned threads) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> out(voxels.size(), nan);
    if (volume.voxels.size() != volume.geometry.voxelCount() || volume.voxels.empty())
        throw Error("habitat series: the volume's voxel count does not match its grid");
    if (volume.geometry.sameGrid(grid)) {
        for (std::size_t v = 0; v < voxels.size(); ++v)
            out[v] = volume.voxels[voxels[v]];
        return out;
    }
    // Runs of `voxels` on one voxel row (j, k) of the grid; voxels ascend.
    struct Run {
        std::size_t first, last; // [first, last) into `voxels`
    };
    std::vector<Run> runs;
    const auto rowLength = static_cast<std::size_t>(grid.size[0]);
    for (std::size_t v = 0; v < voxels.size();) {
        const std::size_t row = voxels[v] / rowLength;
        std::size_t end = v + 1;
        while (end < voxels.size() && voxels[end] / rowLength == row)
            ++end;
        runs.push_back({v, end});
        v = end;
    }
    const Eigen::Vector3d right = grid.direction.col(0);
    const Eigen::Vector3d down = grid.direction.col(1);
    parallelFor(runs.size(), resolveThreadCount(threads, runs.size()), [&](std::size_t r) {
        const Run& run = runs[r];
        const std::size_t row = voxels[run.first] / rowLength;
        const auto i0 = static_cast<std::int64_t>(voxels[run.first] % rowLength);
        const auto i1 = static_cast<std::int64_t>(voxels[run.last - 1] % rowLength);
        const auto j = static_cast<std::int64_t>(row % static_cast<std::size_t>(grid.size[1]));
        const auto k = static_cast<std::int64_t>(row / static_cast<std::size_t>(grid.size[1]));
        // One display row along the grid's i axis, one pixel per voxel.
        SlicePlane plane;
        plane.origin = grid.physicalPoint(Eigen::Vector3d(
            static_cast<double>(i0), static_cast<double>(j), static_cast<double>(k)));
        plane.right = right;
        plane.down = down;
        plane.pixelSpacing = grid.spacing[0];
        plane.width = static_cast<int>(i1 - i0 + 1);
        plane.height = 1;
        std::vector<float> samples(static_cast<std::size_t>(plane.width));
        resliceRows(volume, plane, 0, 1, samples, std::numeric_limits<float>::quiet_NaN());
        for (std::size_t v = run.first; v < run.last; ++v)
            out[v] = samples[voxels[v] % rowLength - static_cast<std::size_t>(i0)];
    });
    return out;
}

HabitatFeatures habitatFeatures(const Mask& roi, const std::vector<HabitatSeries>& series,
                                unsigned threads) {
    if (roi.voxels.size() != roi.geometry.voxelCount())
        throw Error("habitats: the ROI's mask data do not match its grid");
    if (series.empty())
        throw Error("habitats: no series chosen to cluster on");
    for (const HabitatSeries& s : series)
        if (!s.volume)
            throw Error("habitats: series '" + s.name + "' has no volume");

    HabitatFeatures f;
    std::vector<std::size_t> roiVoxels;
    for (std::size_t v = 0; v < roi.voxels.size(); ++v)
        if (roi.voxels[v])
            roiVoxels.push_back(v);
    f.roiVoxels = roiVoxels.size();
    if (roiVoxels.empty())
        throw Error("habitats: the ROI is empty");
    const std::size_t d = series.size();
    budget::requireMemory(budget::product({roiVoxels.size(), d + 1, 2 * sizeof(double)}),
                          "habitats",
                          "the features of " + std::to_string(roiVoxels.size()) + " ROI voxels × " +
                              std::to_string(d) + " series");

    std::vector<std::vector<double>> values(d);
    std::vector<unsigned char> keep(roiVoxels.size(), 1);
    f.missing.assign(d, 0);
    for (std::size_t s = 0; s < d; ++s) {
        f.resampled.push_back(!series[s].volume->geometry.sameGrid(roi.geometry));
        values[s] = sampleAtVoxels(*series[s].volume, roi.geometry, roiVoxels, threads);
        for (std::size_t v = 0; v < roiVoxels.size(); ++v)
            if (!std::isfinite(values[s][v])) {
                keep[v] = 0;
                ++f.missing[s];
            }
    }
    for (std::size_t v = 0; v < roiVoxels.size(); ++v)
        if (keep[v])
            f.voxels.push_back(roiVoxels[v]);
    f.excludedVoxels = roiVoxels.size() - f.voxels.size();
    const std::size_t n = f.voxels.size();
    if (n < 2)
        throw Error("habitats: " + std::to_string(n) + " of the ROI's " +
                    std::to_string(roiVoxels.size()) +
                    " voxels have a value in every series; at least 2 are needed");

    f.standardised.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
    for (std::size_t s = 0; s < d; ++s) {
        double sum = 0.0;
        for (std::size_t v = 0; v < roiVoxels.size(); ++v)
            if (keep[v])
                sum += values[s][v];
        const double mean = sum / static_cast<double>(n);
        double ss = 0.0;
        for (std::size_t v = 0; v < roiVoxels.size(); ++v)
            if (keep[v])
                ss += (values[s][v] - mean) * (values[s][v] - mean);
        const double sd = std::sqrt(ss / static_cast<double>(n - 1));
        if (!(sd > 0.0))
            throw Error("habitats: series '" + series[s].name +
                        "' has the same value in every voxel of the ROI; it cannot separate "
                        "habitats");
        f.mean.push_back(mean);
        f.sd.push_back(sd);
        Eigen::Index row = 0;
        for (std::size_t v = 0; v < roiVoxels.size(); ++v)
            if (keep[v])
                f.standardised(row++, static_cast<Eigen::Index>(s)) = (values[s][v] - mean) / sd;
        values[s] = {};
    }
    return f;
}

} // namespace rgw::segmentation
