#include "io/dicom/detail/SliceStack.h"

#include "util/Error.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <sstream>

namespace rgw::dicom::detail {
namespace {

// Direction cosines are written with ~6 decimals; anything beyond this is a
// different orientation.
constexpr double kCosineTolerance = 1e-4;
constexpr double kPixelSpacingTolerance = 1e-4;

[[noreturn]] void fail(GeometryFinding::Kind kind, const std::string& message) {
    throw Error(std::string(toString(kind)) + ": " + message);
}

std::string mm(double v) {
    std::ostringstream s;
    s.precision(6);
    s << v << " mm";
    return s.str();
}

} // namespace

SliceStack assembleStack(const std::vector<SlicePlacement>& slices, const LoadOptions& options,
                         std::optional<double> singleSliceSpacing) {
    using Kind = GeometryFinding::Kind;
    if (slices.empty())
        throw Error("no image frames to assemble");
    const SlicePlacement& first = slices.front();

    for (const auto& s : slices) {
        if (s.rows != first.rows || s.columns != first.columns)
            fail(Kind::MixedSize, s.where + " has " + std::to_string(s.rows) + "x" +
                                      std::to_string(s.columns) + " pixels (Rows x Columns) but " +
                                      first.where + " has " + std::to_string(first.rows) + "x" +
                                      std::to_string(first.columns));
        if (std::abs(s.rowSpacing - first.rowSpacing) > kPixelSpacingTolerance ||
            std::abs(s.columnSpacing - first.columnSpacing) > kPixelSpacingTolerance)
            fail(Kind::MixedSize,
                 s.where + " has a different Pixel Spacing (0028,0030) than " + first.where);
        if ((s.rowCosine - first.rowCosine).cwiseAbs().maxCoeff() > kCosineTolerance ||
            (s.columnCosine - first.columnCosine).cwiseAbs().maxCoeff() > kCosineTolerance)
            fail(Kind::MixedOrientation, s.where +
                                             " has a different Image Orientation (Patient) "
                                             "(0020,0037) than " +
                                             first.where);
    }

    const Eigen::Vector3d row = first.rowCosine.normalized();
    const Eigen::Vector3d column = first.columnCosine.normalized();
    const Eigen::Vector3d normal = row.cross(column);
    if (first.rowCosine.norm() < 0.5 || first.columnCosine.norm() < 0.5 || normal.norm() < 0.99)
        throw Error(first.where + ": Image Orientation (Patient) (0020,0037) is not two "
                                  "orthogonal unit vectors");

    SliceStack stack;
    const std::size_t n = slices.size();
    std::vector<double> along(n);
    for (std::size_t i = 0; i < n; ++i)
        along[i] = normal.dot(slices[i].position);
    stack.order.resize(n);
    std::iota(stack.order.begin(), stack.order.end(), std::size_t{0});
    std::stable_sort(stack.order.begin(), stack.order.end(),
                     [&](std::size_t a, std::size_t b) { return along[a] < along[b]; });

    const double tol = options.spacingToleranceMm;
    const SlicePlacement& s0 = slices[stack.order[0]];
    std::vector<double> gaps;
    for (std::size_t k = 1; k < n; ++k) {
        const SlicePlacement& prev = slices[stack.order[k - 1]];
        const SlicePlacement& cur = slices[stack.order[k]];
        const double gap = along[stack.order[k]] - along[stack.order[k - 1]];
        if (gap <= tol)
            fail(Kind::DuplicatePosition, cur.where + " and " + prev.where +
                                              " lie at the same position along the slice normal");
        // A position off the line through the first slice along the normal
        // means a tilted (sheared) stack that a direction matrix cannot hold.
        const Eigen::Vector3d offset = cur.position - s0.position;
        const Eigen::Vector3d inPlane = offset - normal.dot(offset) * normal;
        if (inPlane.norm() > tol) {
            const double degrees =
                std::atan2(inPlane.norm(), normal.dot(offset)) * 180.0 / std::numbers::pi;
            fail(Kind::GantryTilt, cur.where + " is shifted " + mm(inPlane.norm()) +
                                       " within the slice plane from " + s0.where + " (" +
                                       std::to_string(degrees) + " degrees off the slice normal)");
        }
        gaps.push_back(gap);
    }

    double stackSpacing = singleSliceSpacing.value_or(1.0);
    if (n > 1) {
        std::vector<double> sorted = gaps;
        std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
        const double usual = sorted[sorted.size() / 2];
        bool irregular = false;
        bool wholeMultiples = true;
        std::size_t worst = 0;
        for (std::size_t k = 0; k < gaps.size(); ++k) {
            if (std::abs(gaps[k] - usual) <= tol)
                continue;
            if (!irregular || std::abs(gaps[k] - usual) > std::abs(gaps[worst] - usual))
                worst = k;
            irregular = true;
            const double multiple = std::round(gaps[k] / usual);
            if (multiple < 2 || std::abs(gaps[k] - multiple * usual) > tol)
                wholeMultiples = false;
        }
        if (irregular) {
            const Kind kind = wholeMultiples ? Kind::MissingSlices : Kind::IrregularSpacing;
            const std::string message = "gap of " + mm(gaps[worst]) + " between " +
                                        slices[stack.order[worst]].where + " and " +
                                        slices[stack.order[worst + 1]].where +
                                        " where slices are usually " + mm(usual) + " apart";
            if (!options.allowIrregularSpacing)
                fail(kind, message);
            stack.findings.push_back({kind, message});
        }
        stackSpacing =
            (along[stack.order[n - 1]] - along[stack.order[0]]) / static_cast<double>(n - 1);
    }

    Geometry& g = stack.geometry;
    g.size = {first.columns, first.rows, static_cast<std::int64_t>(n)};
    g.origin = s0.position;
    g.spacing = {first.columnSpacing, first.rowSpacing, stackSpacing};
    g.direction.col(0) = row;
    g.direction.col(1) = column;
    g.direction.col(2) = normal.normalized();
    return stack;
}

} // namespace rgw::dicom::detail
