#pragma once

// Display planes in patient space (DICOM LPS, mm) and sampling of volumes
// onto them. A plane is a grid of square pixels; its screen axes follow the
// radiological convention, so what is drawn at pixel (column, row) is the
// tissue at pixelToPatient(column, row), whatever the volume's direction
// matrix: oblique and non-isotropic series are shown in true geometry.

#include "image/Image.h"

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace rgw {

/// Standard display planes. Radiological convention (screen x right, y down):
/// axial: patient right on the left, anterior up (x = +L, y = +P);
/// coronal: patient right on the left, superior up (x = +L, y = -S);
/// sagittal: anterior on the left, superior up (x = +P, y = -S).
enum class SliceOrientation { Axial, Coronal, Sagittal };

const char* toString(SliceOrientation orientation);

/// Patient direction letters at the left, right, top and bottom screen edges
/// of a plane of this orientation (e.g. axial: "R", "L", "A", "P").
struct EdgeLabels {
    const char* left;
    const char* right;
    const char* top;
    const char* bottom;
};
EdgeLabels edgeLabels(SliceOrientation orientation);

/// One display plane: pixel (c, r) is centred at origin + c*s*right + r*s*down.
struct SlicePlane {
    SliceOrientation orientation = SliceOrientation::Axial;
    Eigen::Vector3d origin = Eigen::Vector3d::Zero(); ///< LPS centre of pixel (0, 0)
    Eigen::Vector3d right = Eigen::Vector3d::UnitX(); ///< unit LPS vector, screen x
    Eigen::Vector3d down = Eigen::Vector3d::UnitY();  ///< unit LPS vector, screen y
    double pixelSpacing = 1.0;                        ///< mm, square pixels
    int width = 0;
    int height = 0;

    /// The LPS axis the plane is perpendicular to (+S, +P or +L).
    Eigen::Vector3d normal() const;
    /// Signed position of the plane along normal() (mm).
    double position() const { return normal().dot(origin); }

    /// LPS point of a continuous pixel coordinate (pixel centres at integers).
    Eigen::Vector3d pixelToPatient(double column, double row) const {
        return origin + (column * pixelSpacing) * right + (row * pixelSpacing) * down;
    }
    /// Continuous pixel coordinate of the orthogonal projection of `lps`.
    Eigen::Vector2d patientToPixel(const Eigen::Vector3d& lps) const {
        const Eigen::Vector3d d = lps - origin;
        return {d.dot(right) / pixelSpacing, d.dot(down) / pixelSpacing};
    }
    /// Signed distance of `lps` from the plane along normal() (mm).
    double distance(const Eigen::Vector3d& lps) const { return normal().dot(lps - origin); }
    /// Continuous voxel index of a pixel in `grid`.
    Eigen::Vector3d pixelToIndex(const Geometry& grid, double column, double row) const {
        return grid.continuousIndex(pixelToPatient(column, row));
    }
    bool sameGrid(const SlicePlane& other) const;
};

/// The stack of display planes of one orientation through a volume: an
/// in-plane grid covering the volume's bounding box (voxel edges) projected
/// on the plane, and positions stepping by the volume's spacing along the
/// voxel axis closest to the plane normal, from the first to the last voxel
/// centre. For an axis-aligned volume plane k holds exactly voxel slice k.
class SliceStack {
public:
    SliceStack() = default;
    /// `pixelSpacing` <= 0 takes the volume's smallest spacing.
    /// Throws rgw::Error for an empty grid or a non-positive spacing.
    SliceStack(const Geometry& volume, SliceOrientation orientation, double pixelSpacing = 0.0);

    SliceOrientation orientation() const { return orientation_; }
    int count() const { return count_; }
    double step() const { return step_; }
    /// Position (mm along the normal) of plane `index` (not clamped).
    double position(int index) const { return first_ + index * step_; }
    /// Nearest plane index to a position, clamped to the stack.
    int nearestIndex(double position) const;
    /// The plane at stack index `index` (clamped) or at any position.
    SlicePlane plane(int index) const;
    SlicePlane planeAt(double position) const;

private:
    SliceOrientation orientation_ = SliceOrientation::Axial;
    SlicePlane base_; ///< in-plane grid; origin's normal component is 0
    double first_ = 0.0;
    double step_ = 1.0;
    int count_ = 0;
};

/// Samples `volume` on the plane with trilinear interpolation through the
/// full direction matrix; pixels outside the volume's voxel extent get
/// `outside`. `out` is resized to width*height, row-major, row 0 at the top.
/// Rows are computed in parallel on up to `threads` threads (0 = all cores).
void reslice(const Volume& volume, const SlicePlane& plane, std::vector<float>& out, float outside,
             unsigned threads = 0);

/// Samples a 0/1 mask on the plane: trilinear on the mask values, inside
/// where the interpolated value >= 0.5 (smooth edges on oblique or coarser
/// grids, exact voxels where the plane runs through voxel centres).
void reslice(const Mask& mask, const SlicePlane& plane, std::vector<std::uint8_t>& out,
             unsigned threads = 0);

/// Rows [first, last) of what reslice() computes, on the calling thread, into
/// `out`, which must already hold the whole plane (other rows are left as
/// they are): for callers that share a plane between their own threads.
void resliceRows(const Volume& volume, const SlicePlane& plane, int first, int last,
                 std::vector<float>& out, float outside);
void resliceRows(const Mask& mask, const SlicePlane& plane, int first, int last,
                 std::vector<std::uint8_t>& out);

/// resliceRows for a volume with undefined (NaN) voxels, such as a feature
/// map outside its ROI: each pixel is the trilinear mean of its finite corner
/// voxels with their weights renormalised, and `outside` where those weights
/// sum to less than one half. A map's edge then lies half a voxel beyond its
/// last defined centre in every orientation (as a mask's outline does),
/// instead of being eaten by NaN corners, even those of zero weight.
void resliceFiniteRows(const Volume& volume, const SlicePlane& plane, int first, int last,
                       std::vector<float>& out, float outside);

} // namespace rgw
