#include "radiomics/families/morphology.h"

#include "radiomics/morphology/BoundingBox.h"
#include "radiomics/morphology/ConvexHull.h"
#include "radiomics/morphology/Ellipsoid.h"
#include "radiomics/morphology/SpatialAutocorrelation.h"
#include "radiomics/morphology/SurfaceMesh.h"
#include "util/Error.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numbers>

namespace rgw::radiomics {
namespace {

using namespace morphology;
constexpr double pi = std::numbers::pi;

void requireSameGrid(const Geometry& a, const Geometry& b, const char* what) {
    if (a.size != b.size)
        throw Error(std::string("morphology: ") + what + " is not on the image grid (" +
                    std::to_string(b.size[0]) + "x" + std::to_string(b.size[1]) + "x" +
                    std::to_string(b.size[2]) + " vs " + std::to_string(a.size[0]) + "x" +
                    std::to_string(a.size[1]) + "x" + std::to_string(a.size[2]) + ")");
}

/// Physical offset of a voxel centre from the grid origin.
Eigen::Vector3d voxelCentre(const Eigen::Matrix3d& indexToMm, std::int64_t i, std::int64_t j,
                            std::int64_t k) {
    return indexToMm *
           Eigen::Vector3d(static_cast<double>(i), static_cast<double>(j), static_cast<double>(k));
}

} // namespace

FeatureTable computeMorphology(const PreparedRoi& roi) {
    FeatureTable table;
    const std::string family = "morphology";
    auto add = [&](const char* name, const char* code, double value) {
        table.add(family, name, code, "", value);
    };
    const Geometry& g = roi.morphologicalMask.geometry;
    requireSameGrid(roi.image.geometry, g, "morphological mask");
    requireSameGrid(roi.image.geometry, roi.intensityMask.geometry, "intensity mask");

    // Voxel centre sets: X_c (morphological mask) and X_c,gl with X_gl (intensity mask).
    const Eigen::Matrix3d indexToMm = g.direction * g.spacing.asDiagonal();
    // X_c is walked twice (its mean, then its covariance) instead of stored:
    // one Vector3d per ROI voxel would be the family's largest buffer.
    const auto forEachCentre = [&](auto&& f) {
        for (std::int64_t k = 0; k < g.size[2]; ++k)
            for (std::int64_t j = 0; j < g.size[1]; ++j)
                for (std::int64_t i = 0; i < g.size[0]; ++i)
                    if (roi.morphologicalMask.voxels[g.linearIndex(i, j, k)])
                        f(voxelCentre(indexToMm, i, j, k));
    };
    std::size_t centreCount = 0;
    Eigen::Vector3d geometricCentre = Eigen::Vector3d::Zero();
    Eigen::Vector3d weightedCentre = Eigen::Vector3d::Zero();
    double intensitySum = 0.0;
    double intensityCount = 0.0;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i) {
                const std::size_t idx = g.linearIndex(i, j, k);
                if (roi.morphologicalMask.voxels[idx]) {
                    geometricCentre += voxelCentre(indexToMm, i, j, k);
                    ++centreCount;
                }
                if (roi.intensityMask.voxels[idx]) {
                    const double x = roi.image.voxels[idx];
                    weightedCentre += x * voxelCentre(indexToMm, i, j, k);
                    intensitySum += x;
                    intensityCount += 1.0;
                }
            }
    if (centreCount == 0) {
        table.notes.push_back({family, "the morphological mask is empty"});
        return table;
    }

    // ROI mesh (WRJH) in mm, and its convex hull built exactly on the lattice.
    const SurfaceMesh mesh = marchingCubes(roi.morphologicalMask);
    const Eigen::Matrix3d latticeToMm = latticeToPhysical(g);
    std::vector<Eigen::Vector3d> vertices(mesh.lattice.size());
    for (std::size_t v = 0; v < vertices.size(); ++v)
        vertices[v] = latticeToMm * mesh.lattice[v].cast<double>();
    const auto [volume, area] = meshVolumeArea(vertices, mesh.triangles);

    const std::vector<int> candidates = axisLineExtremes(mesh.lattice);
    std::vector<Eigen::Vector3i> candidateLattice;
    std::vector<Eigen::Vector3d> candidateMm;
    for (int c : candidates) {
        candidateLattice.push_back(mesh.lattice[static_cast<std::size_t>(c)]);
        candidateMm.push_back(vertices[static_cast<std::size_t>(c)]);
    }
    const ConvexHull hull = convexHull(candidateLattice);
    std::vector<Eigen::Vector3d> hullVertices;
    for (int v : hull.vertices)
        hullVertices.push_back(candidateMm[static_cast<std::size_t>(v)]);
    const auto [hullVolume, hullArea] = meshVolumeArea(candidateMm, hull.faces);

    // Volume (mesh), RNU0: |sum_k a.(b x c) / 6|
    add("Volume (mesh)", "RNU0", volume);
    // Volume (voxel counting), YEKZ: N_v times the voxel volume
    add("Volume (voxel counting)", "YEKZ",
        static_cast<double>(centreCount) * std::abs(indexToMm.determinant()));
    // Surface area (mesh), C0JK: sum_k |ab x ac| / 2
    add("Surface area (mesh)", "C0JK", area);
    // Surface to volume ratio, 2PR5: A / V
    add("Surface to volume ratio", "2PR5", area / volume);
    // Compactness 1, SKGS: V / (pi^1/2 A^3/2)
    add("Compactness 1", "SKGS", volume / (std::sqrt(pi) * std::pow(area, 1.5)));
    // Compactness 2, BQWJ: 36 pi V^2 / A^3
    add("Compactness 2", "BQWJ", 36.0 * pi * volume * volume / (area * area * area));
    // Spherical disproportion, KRCK: A / (36 pi V^2)^1/3
    add("Spherical disproportion", "KRCK", area / std::cbrt(36.0 * pi * volume * volume));
    // Sphericity, QCFX: (36 pi V^2)^1/3 / A
    add("Sphericity", "QCFX", std::cbrt(36.0 * pi * volume * volume) / area);
    // Asphericity, 25C7: (A^3 / (36 pi V^2))^1/3 - 1
    add("Asphericity", "25C7", std::cbrt(area * area * area / (36.0 * pi * volume * volume)) - 1.0);

    // Centre of mass shift, KLMA: || CoM_geom - CoM_gl ||, CoM_gl intensity-weighted.
    geometricCentre /= static_cast<double>(centreCount);
    if (intensityCount > 0.0 && intensitySum != 0.0)
        add("Centre of mass shift", "KLMA",
            (geometricCentre - weightedCentre / intensitySum).norm());
    else
        table.notes.push_back(
            {family,
             "centre of mass shift undefined: intensity mask empty or intensities sum to 0"});

    // Maximum 3D diameter, L0JK: largest vertex distance, attained on hull vertices.
    double diameterSquared = 0.0;
    for (std::size_t a = 0; a < hullVertices.size(); ++a)
        for (std::size_t b = a + 1; b < hullVertices.size(); ++b)
            diameterSquared =
                std::max(diameterSquared, (hullVertices[a] - hullVertices[b]).squaredNorm());
    add("Maximum 3D diameter", "L0JK", std::sqrt(diameterSquared));

    // PCA of X_c: eigenvalues of the sample covariance (divisor N - 1) of the voxel
    // centres, as the IBSI reference values are computed.
    Eigen::Matrix3d covariance = Eigen::Matrix3d::Zero();
    forEachCentre([&](const Eigen::Vector3d& c) {
        const Eigen::Vector3d d = c - geometricCentre;
        covariance += d * d.transpose();
    });
    covariance /= static_cast<double>(std::max<std::size_t>(centreCount - 1, 1));
    const Eigen::Vector3d eigenvalues =
        Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d>(covariance).eigenvalues().cwiseMax(0.0);
    const double lambdaMajor = eigenvalues[2], lambdaMinor = eigenvalues[1],
                 lambdaLeast = eigenvalues[0];
    // Major / minor / least axis length, TDIC / P9VJ / 7J51: 4 sqrt(lambda)
    add("Major axis length", "TDIC", 4.0 * std::sqrt(lambdaMajor));
    add("Minor axis length", "P9VJ", 4.0 * std::sqrt(lambdaMinor));
    add("Least axis length", "7J51", 4.0 * std::sqrt(lambdaLeast));
    if (lambdaMajor > 0.0) {
        // Elongation, Q3CK: sqrt(lambda_minor / lambda_major)
        add("Elongation", "Q3CK", std::sqrt(lambdaMinor / lambdaMajor));
        // Flatness, N17B: sqrt(lambda_least / lambda_major)
        add("Flatness", "N17B", std::sqrt(lambdaLeast / lambdaMajor));
    } else {
        table.notes.push_back({family, "elongation and flatness undefined for a single voxel"});
    }

    // Volume / area density (AABB), PBX1 / R59B: V / V_aabb, A / A_aabb of the mesh vertices.
    const BoxExtent aabb = axisAlignedBox(vertices);
    add("Volume density (axis-aligned bounding box)", "PBX1", volume / aabb.volume());
    add("Area density (axis-aligned bounding box)", "R59B", area / aabb.area());
    // Volume / area density (OMBB), ZH1A / IQYR: V / V_ombb, A / A_ombb.
    const BoxExtent ombb = orientedMinimumBox(candidateLattice, candidateMm, hull);
    add("Volume density (oriented minimum bounding box)", "ZH1A", volume / ombb.volume());
    add("Area density (oriented minimum bounding box)", "IQYR", area / ombb.area());

    // Volume / area density (AEE), 6BDE / RDD2: semi-axes a, b, c = 2 sqrt(lambda).
    const double a = 2.0 * std::sqrt(lambdaMajor), b = 2.0 * std::sqrt(lambdaMinor),
                 c = 2.0 * std::sqrt(lambdaLeast);
    if (c > 0.0) {
        add("Volume density (approximate enclosing ellipsoid)", "6BDE",
            3.0 * volume / (4.0 * pi * a * b * c));
        add("Area density (approximate enclosing ellipsoid)", "RDD2",
            area / ellipsoidSurfaceArea(a, b, c));
    } else {
        table.notes.push_back(
            {family,
             "approximate enclosing ellipsoid is flat: the ROI spans fewer than 3 dimensions"});
    }

    // Volume / area density (MVEE), SWZ1 / BRI8: Khachiyan on the hull vertices.
    Eigen::Vector3d hullCentre = Eigen::Vector3d::Zero();
    for (const auto& v : hullVertices)
        hullCentre += v;
    hullCentre /= static_cast<double>(std::max<std::size_t>(hullVertices.size(), 1));
    std::vector<Eigen::Vector3d> centred;
    for (const auto& v : hullVertices)
        centred.push_back(v - hullCentre);
    const Eigen::Vector3d mvee = mveeSemiAxes(centred);
    add("Volume density (minimum volume enclosing ellipsoid)", "SWZ1",
        3.0 * volume / (4.0 * pi * mvee.prod()));
    add("Area density (minimum volume enclosing ellipsoid)", "BRI8",
        area / ellipsoidSurfaceArea(mvee[0], mvee[1], mvee[2]));

    // Volume / area density (convex hull), R3ER / 7T7F: V / V_convex, A / A_convex.
    add("Volume density (convex hull)", "R3ER", volume / hullVolume);
    add("Area density (convex hull)", "7T7F", area / hullArea);

    if (intensityCount > 0.0) {
        // Integrated intensity, 99N0: V times the mean of X_gl.
        add("Integrated intensity", "99N0", volume * intensitySum / intensityCount);
    } else {
        table.notes.push_back(
            {family, "the intensity mask is empty: no intensity-based morphology"});
    }
    // Moran's I index, N365, and Geary's C measure, NPT7 (inverse-distance weights).
    if (const auto sa = spatialAutocorrelation(roi.image, roi.intensityMask)) {
        add("Moran\u2019s I index", "N365", sa->moransI);
        add("Geary\u2019s C measure", "NPT7", sa->gearysC);
    } else {
        table.notes.push_back({family, "Moran's I and Geary's C undefined: fewer than two "
                                       "intensity-mask voxels or constant intensity"});
    }
    return table;
}

} // namespace rgw::radiomics
