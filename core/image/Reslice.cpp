#include "image/Reslice.h"

#include "util/Error.h"
#include "util/ParallelFor.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace rgw {

const char* toString(SliceOrientation orientation) {
    switch (orientation) {
    case SliceOrientation::Axial:
        return "axial";
    case SliceOrientation::Coronal:
        return "coronal";
    case SliceOrientation::Sagittal:
        return "sagittal";
    }
    return "axial";
}

EdgeLabels edgeLabels(SliceOrientation orientation) {
    switch (orientation) {
    case SliceOrientation::Axial:
        return {"R", "L", "A", "P"};
    case SliceOrientation::Coronal:
        return {"R", "L", "S", "I"};
    case SliceOrientation::Sagittal:
        return {"A", "P", "S", "I"};
    }
    return {"R", "L", "A", "P"};
}

namespace {

struct Axes {
    Eigen::Vector3d right, down, normal;
};

// Screen axes in LPS (see SliceOrientation).
Axes axesOf(SliceOrientation orientation) {
    switch (orientation) {
    case SliceOrientation::Coronal:
        return {Eigen::Vector3d::UnitX(), -Eigen::Vector3d::UnitZ(), Eigen::Vector3d::UnitY()};
    case SliceOrientation::Sagittal:
        return {Eigen::Vector3d::UnitY(), -Eigen::Vector3d::UnitZ(), Eigen::Vector3d::UnitX()};
    case SliceOrientation::Axial:
        break;
    }
    return {Eigen::Vector3d::UnitX(), Eigen::Vector3d::UnitY(), Eigen::Vector3d::UnitZ()};
}

// The eight corners of the box [lo, hi] on each voxel axis, in LPS.
std::array<Eigen::Vector3d, 8> corners(const Geometry& g, double lo, double hiOffset) {
    std::array<Eigen::Vector3d, 8> out;
    for (int n = 0; n < 8; ++n) {
        Eigen::Vector3d index;
        for (int a = 0; a < 3; ++a)
            index[a] = (n >> a) & 1
                           ? static_cast<double>(g.size[static_cast<std::size_t>(a)]) + hiOffset
                           : lo;
        out[static_cast<std::size_t>(n)] = g.physicalPoint(index);
    }
    return out;
}

} // namespace

Eigen::Vector3d SlicePlane::normal() const {
    return axesOf(orientation).normal;
}

bool SlicePlane::sameGrid(const SlicePlane& other) const {
    return orientation == other.orientation && width == other.width && height == other.height &&
           pixelSpacing == other.pixelSpacing && origin == other.origin && right == other.right &&
           down == other.down;
}

SliceStack::SliceStack(const Geometry& volume, SliceOrientation orientation, double pixelSpacing)
    : orientation_(orientation) {
    if (volume.voxelCount() == 0)
        throw Error("cannot build display planes for an empty voxel grid");
    if (!(volume.spacing.minCoeff() > 0.0))
        throw Error("cannot build display planes: voxel spacing must be positive");
    const double s = pixelSpacing > 0.0 ? pixelSpacing : volume.spacing.minCoeff();
    const Axes axes = axesOf(orientation);

    // In-plane extent: the voxel edges (index -0.5 .. size-0.5) projected.
    double uMin = std::numeric_limits<double>::max(), uMax = -uMin;
    double vMin = uMin, vMax = -uMin;
    for (const auto& p : corners(volume, -0.5, -0.5)) {
        uMin = std::min(uMin, p.dot(axes.right));
        uMax = std::max(uMax, p.dot(axes.right));
        vMin = std::min(vMin, p.dot(axes.down));
        vMax = std::max(vMax, p.dot(axes.down));
    }
    constexpr double kSlack = 1e-6; // rounding must not add a pixel
    base_.orientation = orientation;
    base_.right = axes.right;
    base_.down = axes.down;
    base_.pixelSpacing = s;
    base_.width = std::max(1, static_cast<int>(std::ceil((uMax - uMin) / s - kSlack)));
    base_.height = std::max(1, static_cast<int>(std::ceil((vMax - vMin) / s - kSlack)));
    base_.origin = (uMin + s / 2.0) * axes.right + (vMin + s / 2.0) * axes.down;

    // Through-plane: voxel centres projected on the normal, stepping by the
    // spacing of the voxel axis closest to the normal.
    int closest = 0;
    double best = -1.0;
    for (int a = 0; a < 3; ++a) {
        const double c = std::abs(volume.direction.col(a).dot(axes.normal));
        if (c > best + 1e-12) {
            best = c;
            closest = a;
        }
    }
    step_ = volume.spacing[closest];
    double nMin = std::numeric_limits<double>::max(), nMax = -nMin;
    for (const auto& p : corners(volume, 0.0, -1.0)) {
        nMin = std::min(nMin, p.dot(axes.normal));
        nMax = std::max(nMax, p.dot(axes.normal));
    }
    first_ = nMin;
    count_ = static_cast<int>(std::floor((nMax - nMin) / step_ + kSlack)) + 1;
}

int SliceStack::nearestIndex(double position) const {
    if (count_ == 0)
        return 0;
    const double i = std::round((position - first_) / step_);
    return static_cast<int>(std::clamp(i, 0.0, static_cast<double>(count_ - 1)));
}

SlicePlane SliceStack::plane(int index) const {
    return planeAt(position(std::clamp(index, 0, std::max(0, count_ - 1))));
}

SlicePlane SliceStack::planeAt(double position) const {
    SlicePlane p = base_;
    p.origin += position * axesOf(orientation_).normal;
    return p;
}

namespace {

constexpr double kIntegral = 1e-6; // index this close to an integer is on a voxel centre

bool integral(double v) {
    return std::abs(v - std::round(v)) < kIntegral;
}

/// How a pixel's eight corner voxels combine.
enum class Corners {
    All,       ///< trilinear over all eight (a NaN corner makes the pixel NaN)
    FiniteOnly ///< trilinear over the finite ones, their weights renormalised
};

// Trilinear sampling of images of any voxel type. Per row, the voxel index
// advances by a constant increment, so no matrix product runs per pixel.
template <class T, class Out, class Convert, Corners kCorners = Corners::All> class Sampler {
public:
    Sampler(const Image<T>& image, const SlicePlane& plane, Out* out, Out outside, Convert convert)
        : data_(image.voxels.data()), g_(image.geometry), plane_(plane), out_(out),
          outside_(outside), convert_(convert) {
        for (int a = 0; a < 3; ++a) {
            n_[a] = g_.size[static_cast<std::size_t>(a)];
            hi_[a] = static_cast<double>(n_[a]) - 0.5;
        }
        stride_[0] = 1;
        stride_[1] = n_[0];
        stride_[2] = n_[0] * n_[1];
        const Eigen::Matrix3d toIndex =
            g_.spacing.cwiseInverse().asDiagonal() * g_.direction.transpose();
        dColumn_ = toIndex * (plane.right * plane.pixelSpacing);
        dRow_ = toIndex * (plane.down * plane.pixelSpacing);
        start_ = g_.continuousIndex(plane.origin);
        // Rows running along one voxel axis with unit steps sample the other
        // two axes with the same weights all along: bilinear or a plain copy.
        alongAxis_ = -1;
        for (int a = 0; a < 3; ++a) {
            const int b = (a + 1) % 3, c = (a + 2) % 3;
            if (std::abs(std::abs(dColumn_[a]) - 1.0) < 1e-9 && std::abs(dColumn_[b]) < 1e-9 &&
                std::abs(dColumn_[c]) < 1e-9)
                alongAxis_ = a;
        }
        // Rows along one voxel axis at any step (e.g. a PET resampled onto a
        // CT plane) meet that axis at the same places on every row: the
        // column's voxel pair and weight are tabulated once per plane.
        for (int a = 0; a < 3; ++a) {
            const int b = (a + 1) % 3, c = (a + 2) % 3;
            if (std::abs(dColumn_[b]) < 1e-12 && std::abs(dColumn_[c]) < 1e-12 &&
                std::abs(dRow_[a]) < 1e-12)
                tableAxis_ = a;
        }
        if (tableAxis_ >= 0) {
            const int a = tableAxis_;
            columns_.resize(static_cast<std::size_t>(plane.width));
            for (int col = 0; col < plane.width; ++col) {
                Column& k = columns_[static_cast<std::size_t>(col)];
                const double v = start_[a] + col * dColumn_[a];
                k.inside = inside(v, a);
                split(v, a, k.low, k.high, k.weight);
            }
        }
    }

    void row(int r) const {
        const Eigen::Vector3d c0 = start_ + static_cast<double>(r) * dRow_;
        Out* dst = out_ + static_cast<std::ptrdiff_t>(r) * plane_.width;
        if constexpr (kCorners == Corners::FiniteOnly)
            finiteRow(c0, dst);
        else if (alongAxis_ >= 0 && integral(c0[alongAxis_]))
            alignedRow(c0, dst);
        else if (tableAxis_ >= 0)
            tabulatedRow(c0, dst);
        else
            generalRow(c0, dst);
    }

private:
    bool inside(double v, int a) const { return v >= -0.5 && v <= hi_[a]; }
    // Clamps into [0, n-1]; gives lower voxel and weight of the upper one.
    void split(double v, int a, std::int64_t& i0, std::int64_t& i1, float& w) const {
        v = std::clamp(v, 0.0, static_cast<double>(n_[a] - 1));
        i0 = static_cast<std::int64_t>(v);
        i1 = std::min(i0 + 1, n_[a] - 1);
        w = static_cast<float>(v - static_cast<double>(i0));
    }

    // The row from c0 one column at a time: `sample(i, j, k, fx, fy, fz)` gets
    // each inside pixel's lower corner voxel, upper one, and the upper one's
    // weights (as split() gives them); pixels outside get `outside_`.
    template <class Sample>
    void eachColumn(const Eigen::Vector3d& c0, Out* dst, Sample sample) const {
        double x = c0.x(), y = c0.y(), z = c0.z();
        const double dx = dColumn_.x(), dy = dColumn_.y(), dz = dColumn_.z();
        for (int col = 0; col < plane_.width; ++col, x += dx, y += dy, z += dz) {
            if (!inside(x, 0) || !inside(y, 1) || !inside(z, 2)) {
                dst[col] = outside_;
                continue;
            }
            std::int64_t i[2], j[2], k[2];
            float f[3];
            split(x, 0, i[0], i[1], f[0]);
            split(y, 1, j[0], j[1], f[1]);
            split(z, 2, k[0], k[1], f[2]);
            dst[col] = sample(i, j, k, f);
        }
    }

    void generalRow(const Eigen::Vector3d& c0, Out* dst) const {
        eachColumn(c0, dst,
                   [this](const std::int64_t* i, const std::int64_t* j, const std::int64_t* k,
                          const float* f) {
                       const T* p00 = data_ + j[0] * stride_[1] + k[0] * stride_[2];
                       const T* p10 = data_ + j[1] * stride_[1] + k[0] * stride_[2];
                       const T* p01 = data_ + j[0] * stride_[1] + k[1] * stride_[2];
                       const T* p11 = data_ + j[1] * stride_[1] + k[1] * stride_[2];
                       auto lerp = [](float a, float b, float t) { return a + (b - a) * t; };
                       const float a = lerp(float(p00[i[0]]), float(p00[i[1]]), f[0]);
                       const float b = lerp(float(p10[i[0]]), float(p10[i[1]]), f[0]);
                       const float c = lerp(float(p01[i[0]]), float(p01[i[1]]), f[0]);
                       const float d = lerp(float(p11[i[0]]), float(p11[i[1]]), f[0]);
                       return convert_(lerp(lerp(a, b, f[1]), lerp(c, d, f[1]), f[2]));
                   });
    }

    // Each pixel: Σ w·v / Σ w over the finite corners (w the trilinear
    // weights), `outside_` when Σ w < 1/2, i.e. when the pixel is nearer to
    // undefined voxels than to defined ones.
    void finiteRow(const Eigen::Vector3d& c0, Out* dst) const {
        eachColumn(c0, dst,
                   [this](const std::int64_t* i, const std::int64_t* j, const std::int64_t* k,
                          const float* f) {
                       float weightSum = 0.0f, valueSum = 0.0f;
                       for (int c = 0; c < 8; ++c) {
                           const int a = c & 1, b = (c >> 1) & 1, d = c >> 2;
                           const float w = (a ? f[0] : 1 - f[0]) * (b ? f[1] : 1 - f[1]) *
                                           (d ? f[2] : 1 - f[2]);
                           const float v =
                               float(data_[i[a] + j[b] * stride_[1] + k[d] * stride_[2]]);
                           if (w > 0.0f && !std::isnan(v)) {
                               weightSum += w;
                               valueSum += w * v;
                           }
                       }
                       return weightSum >= 0.5f ? convert_(valueSum / weightSum) : outside_;
                   });
    }

    // generalRow's arithmetic, with the row's constant axes split once and
    // the varying one read from the column table.
    void tabulatedRow(const Eigen::Vector3d& c0, Out* dst) const {
        const int a = tableAxis_, b = (a + 1) % 3, c = (a + 2) % 3;
        if (!inside(c0[b], b) || !inside(c0[c], c)) {
            std::fill(dst, dst + plane_.width, outside_);
            return;
        }
        std::int64_t low[3], high[3];
        float weight[3];
        split(c0[b], b, low[b], high[b], weight[b]);
        split(c0[c], c, low[c], high[c], weight[c]);
        auto lerp = [](float x, float y, float t) { return x + (y - x) * t; };
        if (a == 0) { // rows along i (axial, coronal): the four voxel rows are fixed
            const T* p00 = data_ + low[1] * stride_[1] + low[2] * stride_[2];
            const T* p10 = data_ + high[1] * stride_[1] + low[2] * stride_[2];
            const T* p01 = data_ + low[1] * stride_[1] + high[2] * stride_[2];
            const T* p11 = data_ + high[1] * stride_[1] + high[2] * stride_[2];
            for (int col = 0; col < plane_.width; ++col) {
                const Column& k = columns_[static_cast<std::size_t>(col)];
                if (!k.inside) {
                    dst[col] = outside_;
                    continue;
                }
                const float x00 = lerp(float(p00[k.low]), float(p00[k.high]), k.weight);
                const float x10 = lerp(float(p10[k.low]), float(p10[k.high]), k.weight);
                const float x01 = lerp(float(p01[k.low]), float(p01[k.high]), k.weight);
                const float x11 = lerp(float(p11[k.low]), float(p11[k.high]), k.weight);
                dst[col] =
                    convert_(lerp(lerp(x00, x10, weight[1]), lerp(x01, x11, weight[1]), weight[2]));
            }
            return;
        }
        for (int col = 0; col < plane_.width; ++col) {
            const Column& k = columns_[static_cast<std::size_t>(col)];
            if (!k.inside) {
                dst[col] = outside_;
                continue;
            }
            low[a] = k.low;
            high[a] = k.high;
            weight[a] = k.weight;
            const T* p00 = data_ + low[1] * stride_[1] + low[2] * stride_[2];
            const T* p10 = data_ + high[1] * stride_[1] + low[2] * stride_[2];
            const T* p01 = data_ + low[1] * stride_[1] + high[2] * stride_[2];
            const T* p11 = data_ + high[1] * stride_[1] + high[2] * stride_[2];
            const float x00 = lerp(float(p00[low[0]]), float(p00[high[0]]), weight[0]);
            const float x10 = lerp(float(p10[low[0]]), float(p10[high[0]]), weight[0]);
            const float x01 = lerp(float(p01[low[0]]), float(p01[high[0]]), weight[0]);
            const float x11 = lerp(float(p11[low[0]]), float(p11[high[0]]), weight[0]);
            dst[col] =
                convert_(lerp(lerp(x00, x10, weight[1]), lerp(x01, x11, weight[1]), weight[2]));
        }
    }

    void alignedRow(const Eigen::Vector3d& c0, Out* dst) const {
        const int a = alongAxis_, b = (a + 1) % 3, c = (a + 2) % 3;
        if (!inside(c0[b], b) || !inside(c0[c], c)) {
            std::fill(dst, dst + plane_.width, outside_);
            return;
        }
        std::int64_t b0, b1, c0i, c1i;
        float wb, wc;
        split(c0[b], b, b0, b1, wb);
        split(c0[c], c, c0i, c1i, wc);
        const T* p00 = data_ + b0 * stride_[b] + c0i * stride_[c];
        const T* p10 = data_ + b1 * stride_[b] + c0i * stride_[c];
        const T* p01 = data_ + b0 * stride_[b] + c1i * stride_[c];
        const T* p11 = data_ + b1 * stride_[b] + c1i * stride_[c];
        const std::int64_t step = dColumn_[a] > 0 ? 1 : -1;
        const std::int64_t sa = stride_[a];
        std::int64_t ia = std::llround(c0[a]);
        const bool copy = wb == 0.0f && wc == 0.0f;
        const float w00 = (1 - wb) * (1 - wc), w10 = wb * (1 - wc), w01 = (1 - wb) * wc,
                    w11 = wb * wc;
        for (int col = 0; col < plane_.width; ++col, ia += step) {
            if (ia < 0 || ia >= n_[a]) {
                dst[col] = outside_;
                continue;
            }
            const std::int64_t o = ia * sa;
            dst[col] = copy ? convert_(float(p00[o]))
                            : convert_(w00 * float(p00[o]) + w10 * float(p10[o]) +
                                       w01 * float(p01[o]) + w11 * float(p11[o]));
        }
    }

    const T* data_;
    const Geometry& g_;
    const SlicePlane& plane_;
    Out* out_;
    Out outside_;
    Convert convert_;
    std::int64_t n_[3];
    std::int64_t stride_[3];
    double hi_[3];
    Eigen::Vector3d dColumn_, dRow_, start_;
    int alongAxis_ = -1;
    struct Column {
        bool inside;
        std::int64_t low, high;
        float weight;
    };
    int tableAxis_ = -1;
    std::vector<Column> columns_;
};

template <class T> void checkInputs(const Image<T>& image, const SlicePlane& plane) {
    if (image.voxels.size() != image.geometry.voxelCount() || image.voxels.empty())
        throw Error("cannot reslice: the image's voxel count does not match its grid");
    if (plane.width <= 0 || plane.height <= 0)
        throw Error("cannot reslice onto an empty display plane");
}

template <Corners kCorners = Corners::All, class T, class Out, class Convert>
void runRows(const Image<T>& image, const SlicePlane& plane, int first, int last,
             std::vector<Out>& out, Out outside, Convert convert) {
    checkInputs(image, plane);
    if (out.size() !=
        static_cast<std::size_t>(plane.width) * static_cast<std::size_t>(plane.height))
        throw Error("cannot reslice rows: the output does not hold the whole plane");
    if (first < 0 || last > plane.height || first > last)
        throw Error("cannot reslice rows outside the plane");
    const Sampler<T, Out, Convert, kCorners> sampler(image, plane, out.data(), outside, convert);
    for (int r = first; r < last; ++r)
        sampler.row(r);
}

template <class T, class Out, class Convert>
void run(const Image<T>& image, const SlicePlane& plane, std::vector<Out>& out, Out outside,
         Convert convert, unsigned threads) {
    checkInputs(image, plane);
    out.resize(static_cast<std::size_t>(plane.width) * static_cast<std::size_t>(plane.height));
    const Sampler<T, Out, Convert> sampler(image, plane, out.data(), outside, convert);
    // Display-sized planes are not worth starting threads for: thread start-up
    // and the GPU rasteriser's own threads (llvmpipe) cost more than the
    // parallel rows save (measured in bench_viewer_latency).
    const bool small = out.size() < (std::size_t{1} << 20);
    parallelFor(static_cast<std::size_t>(plane.height),
                small ? 1u : resolveThreadCount(threads, static_cast<std::size_t>(plane.height)),
                [&](std::size_t r) { sampler.row(static_cast<int>(r)); });
}

} // namespace

void reslice(const Volume& volume, const SlicePlane& plane, std::vector<float>& out, float outside,
             unsigned threads) {
    run(
        volume, plane, out, outside, [](float v) { return v; }, threads);
}

void reslice(const Mask& mask, const SlicePlane& plane, std::vector<std::uint8_t>& out,
             unsigned threads) {
    run(
        mask, plane, out, std::uint8_t{0},
        [](float v) { return static_cast<std::uint8_t>(v >= 0.5f ? 1 : 0); }, threads);
}

void resliceRows(const Volume& volume, const SlicePlane& plane, int first, int last,
                 std::vector<float>& out, float outside) {
    runRows(volume, plane, first, last, out, outside, [](float v) { return v; });
}

void resliceFiniteRows(const Volume& volume, const SlicePlane& plane, int first, int last,
                       std::vector<float>& out, float outside) {
    runRows<Corners::FiniteOnly>(volume, plane, first, last, out, outside,
                                 [](float v) { return v; });
}

void resliceRows(const Mask& mask, const SlicePlane& plane, int first, int last,
                 std::vector<std::uint8_t>& out) {
    runRows(mask, plane, first, last, out, std::uint8_t{0},
            [](float v) { return static_cast<std::uint8_t>(v >= 0.5f ? 1 : 0); });
}

} // namespace rgw
