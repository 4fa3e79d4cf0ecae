#pragma once

#include <Eigen/Core>
#include <array>
#include <cstddef>
#include <cstdint>

namespace rgw {

/// Voxel grid in patient coordinates (DICOM LPS, millimetres), as ITK does:
/// physical = origin + direction * diag(spacing) * index.
/// Column c of `direction` is the unit LPS vector of voxel axis c
/// (axis 0 = columns / i, axis 1 = rows / j, axis 2 = slices / k).
struct Geometry {
    std::array<std::int64_t, 3> size{0, 0, 0};
    Eigen::Vector3d origin = Eigen::Vector3d::Zero();
    Eigen::Vector3d spacing = Eigen::Vector3d::Ones();
    Eigen::Matrix3d direction = Eigen::Matrix3d::Identity();

    std::size_t voxelCount() const {
        return static_cast<std::size_t>(size[0]) * static_cast<std::size_t>(size[1]) *
               static_cast<std::size_t>(size[2]);
    }
    /// Linear index of voxel (i, j, k); i varies fastest.
    std::size_t linearIndex(std::int64_t i, std::int64_t j, std::int64_t k) const {
        return static_cast<std::size_t>((k * size[1] + j) * size[0] + i);
    }
    bool contains(std::int64_t i, std::int64_t j, std::int64_t k) const {
        return i >= 0 && j >= 0 && k >= 0 && i < size[0] && j < size[1] && k < size[2];
    }
    /// Index-to-patient affine (4x4, homogeneous).
    Eigen::Matrix4d indexToPhysical() const {
        Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
        m.topLeftCorner<3, 3>() = direction * spacing.asDiagonal();
        m.topRightCorner<3, 1>() = origin;
        return m;
    }
    Eigen::Vector3d physicalPoint(const Eigen::Vector3d& continuousIndex) const {
        return origin + direction * spacing.cwiseProduct(continuousIndex);
    }
    Eigen::Vector3d continuousIndex(const Eigen::Vector3d& physical) const {
        return (direction.transpose() * (physical - origin)).cwiseQuotient(spacing);
    }
    /// Same grid within `toleranceMm` (origin, spacing x extent, direction x extent).
    bool sameGrid(const Geometry& other, double toleranceMm = 1e-3) const;
};

} // namespace rgw
