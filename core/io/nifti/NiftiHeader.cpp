#include "io/nifti/NiftiHeader.h"

#include "util/Error.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstring>

namespace rgw::nifti {
namespace {

// Byte offsets of the fields in the NIfTI-1 header (nifti1.h, struct nifti_1_header).
constexpr std::size_t kSizeofHdr = 0, kDim = 40, kDatatype = 70, kBitpix = 72, kPixdim = 76,
                      kVoxOffset = 108, kSclSlope = 112, kSclInter = 116, kXyztUnits = 123,
                      kQformCode = 252, kSformCode = 254, kQuaternB = 256, kSrowX = 280,
                      kSrowY = 296, kSrowZ = 312, kMagic = 344;

template <class T> T load(const RawHeader& raw, std::size_t offset, bool swap) {
    std::array<unsigned char, sizeof(T)> bytes;
    std::memcpy(bytes.data(), raw.data() + offset, sizeof(T));
    if (swap)
        std::reverse(bytes.begin(), bytes.end());
    T value;
    std::memcpy(&value, bytes.data(), sizeof(T));
    return value;
}

template <class T> void store(RawHeader& raw, std::size_t offset, T value) {
    std::memcpy(raw.data() + offset, &value, sizeof(T));
}

// RAS (NIfTI world) <-> LPS (DICOM patient): negate x and y.
const Eigen::Matrix3d kRasToLps = Eigen::Vector3d(-1.0, -1.0, 1.0).asDiagonal();

Eigen::Matrix3d quaternionToRotation(double b, double c, double d) {
    // nifti1.h, "METHOD 2": a is derived so that the quaternion has unit norm.
    double a = 1.0 - (b * b + c * c + d * d);
    if (a < 1.0e-7) {
        // Numerically a 180 degree rotation: renormalise (b, c, d), a = 0.
        const double n = 1.0 / std::sqrt(b * b + c * c + d * d);
        b *= n;
        c *= n;
        d *= n;
        a = 0.0;
    } else {
        a = std::sqrt(a);
    }
    Eigen::Matrix3d r;
    r << a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
        2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
        2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b;
    return r;
}

// Inverse of quaternionToRotation for a proper rotation (det +1).
Eigen::Vector3d rotationToQuaternion(const Eigen::Matrix3d& r) {
    double a = r.trace() + 1.0, b, c, d;
    if (a > 0.5) {
        a = 0.5 * std::sqrt(a);
        b = 0.25 * (r(2, 1) - r(1, 2)) / a;
        c = 0.25 * (r(0, 2) - r(2, 0)) / a;
        d = 0.25 * (r(1, 0) - r(0, 1)) / a;
    } else {
        const double xd = 1.0 + r(0, 0) - (r(1, 1) + r(2, 2));
        const double yd = 1.0 + r(1, 1) - (r(0, 0) + r(2, 2));
        const double zd = 1.0 + r(2, 2) - (r(0, 0) + r(1, 1));
        if (xd > 1.0) {
            b = 0.5 * std::sqrt(xd);
            c = 0.25 * (r(0, 1) + r(1, 0)) / b;
            d = 0.25 * (r(0, 2) + r(2, 0)) / b;
            a = 0.25 * (r(2, 1) - r(1, 2)) / b;
        } else if (yd > 1.0) {
            c = 0.5 * std::sqrt(yd);
            b = 0.25 * (r(0, 1) + r(1, 0)) / c;
            d = 0.25 * (r(1, 2) + r(2, 1)) / c;
            a = 0.25 * (r(0, 2) - r(2, 0)) / c;
        } else {
            d = 0.5 * std::sqrt(zd);
            b = 0.25 * (r(0, 2) + r(2, 0)) / d;
            c = 0.25 * (r(1, 2) + r(2, 1)) / d;
            a = 0.25 * (r(1, 0) - r(0, 1)) / d;
        }
        if (a < 0.0) {
            b = -b;
            c = -c;
            d = -d;
        }
    }
    return {b, c, d};
}

Geometry fromRasAffine(const Eigen::Matrix3d& linearRas, const Eigen::Vector3d& offsetRas,
                       const Header& header, const std::string& file, const char* method) {
    Geometry g;
    for (int axis = 0; axis < 3; ++axis)
        g.size[static_cast<std::size_t>(axis)] = header.dim[static_cast<std::size_t>(axis) + 1];
    const Eigen::Matrix3d linear = kRasToLps * linearRas;
    for (int c = 0; c < 3; ++c) {
        const double norm = linear.col(c).norm();
        if (!(norm > 0.0) || !std::isfinite(norm))
            throw Error("NIfTI file " + file + ": " + method + " has a zero or invalid column " +
                        std::to_string(c) + " (voxel axis without extent)");
        g.spacing[c] = norm;
        g.direction.col(c) = linear.col(c) / norm;
    }
    g.origin = kRasToLps * offsetRas;
    return g;
}

} // namespace

int bytesPerVoxel(std::int16_t datatype, const std::string& file) {
    switch (static_cast<Datatype>(datatype)) {
    case Datatype::Uint8:
    case Datatype::Int8:
        return 1;
    case Datatype::Int16:
    case Datatype::Uint16:
        return 2;
    case Datatype::Int32:
    case Datatype::Uint32:
    case Datatype::Float32:
        return 4;
    case Datatype::Float64:
        return 8;
    }
    throw Error("NIfTI file " + file + ": unsupported datatype " + std::to_string(datatype) +
                " (supported: uint8, int8, int16, uint16, int32, uint32, float32, float64)");
}

Header decodeHeader(const RawHeader& raw, const std::string& file) {
    Header h;
    const auto sizeofHdr = load<std::int32_t>(raw, kSizeofHdr, false);
    if (sizeofHdr == 348) {
        h.byteSwapped = false;
    } else if (load<std::int32_t>(raw, kSizeofHdr, true) == 348) {
        h.byteSwapped = true;
    } else {
        throw Error("NIfTI file " + file + ": sizeof_hdr is " + std::to_string(sizeofHdr) +
                    ", not 348 (not a NIfTI-1 file)");
    }
    std::memcpy(h.magic.data(), raw.data() + kMagic, 4);
    if (std::memcmp(h.magic.data(), "ni1\0", 4) == 0)
        throw Error("NIfTI file " + file +
                    ": magic \"ni1\" means a separate .img data file; only single-file NIfTI "
                    "(\"n+1\") is supported");
    if (std::memcmp(h.magic.data(), "n+1\0", 4) != 0)
        throw Error("NIfTI file " + file + ": wrong magic (expected \"n+1\")");

    const bool s = h.byteSwapped;
    for (std::size_t i = 0; i < 8; ++i) {
        h.dim[i] = load<std::int16_t>(raw, kDim + 2 * i, s);
        h.pixdim[i] = load<float>(raw, kPixdim + 4 * i, s);
    }
    h.datatype = load<std::int16_t>(raw, kDatatype, s);
    h.bitpix = load<std::int16_t>(raw, kBitpix, s);
    h.vox_offset = load<float>(raw, kVoxOffset, s);
    h.scl_slope = load<float>(raw, kSclSlope, s);
    h.scl_inter = load<float>(raw, kSclInter, s);
    h.xyzt_units = raw[kXyztUnits];
    h.qform_code = load<std::int16_t>(raw, kQformCode, s);
    h.sform_code = load<std::int16_t>(raw, kSformCode, s);
    h.quatern_b = load<float>(raw, kQuaternB, s);
    h.quatern_c = load<float>(raw, kQuaternB + 4, s);
    h.quatern_d = load<float>(raw, kQuaternB + 8, s);
    h.qoffset_x = load<float>(raw, kQuaternB + 12, s);
    h.qoffset_y = load<float>(raw, kQuaternB + 16, s);
    h.qoffset_z = load<float>(raw, kQuaternB + 20, s);
    for (std::size_t i = 0; i < 4; ++i) {
        h.srow_x[i] = load<float>(raw, kSrowX + 4 * i, s);
        h.srow_y[i] = load<float>(raw, kSrowY + 4 * i, s);
        h.srow_z[i] = load<float>(raw, kSrowZ + 4 * i, s);
    }

    const int rank = h.dim[0];
    if (rank < 1 || rank > 7)
        throw Error("NIfTI file " + file + ": dim[0] is " + std::to_string(rank) +
                    ", must be 1..7");
    for (int i = 1; i <= rank; ++i)
        if (h.dim[static_cast<std::size_t>(i)] < 1)
            throw Error("NIfTI file " + file + ": dim[" + std::to_string(i) + "] is " +
                        std::to_string(h.dim[static_cast<std::size_t>(i)]) + ", must be >= 1");
    for (int i = rank + 1; i <= 3; ++i)
        h.dim[static_cast<std::size_t>(i)] = 1; // unused dimensions of a 1D/2D image
    for (int i = 4; i <= rank; ++i)
        if (h.dim[static_cast<std::size_t>(i)] != 1)
            throw Error("NIfTI file " + file + ": " + std::to_string(rank) + "D image with dim[" +
                        std::to_string(i) +
                        "] = " + std::to_string(h.dim[static_cast<std::size_t>(i)]) +
                        "; only 3D images (or 4D and higher with extent 1) are supported");
    const int bytes = bytesPerVoxel(h.datatype, file);
    if (h.bitpix != 8 * bytes)
        throw Error("NIfTI file " + file + ": bitpix " + std::to_string(h.bitpix) +
                    " does not match datatype " + std::to_string(h.datatype));
    if (!(h.vox_offset >= static_cast<float>(kHeaderBytes)))
        throw Error("NIfTI file " + file + ": vox_offset " + std::to_string(h.vox_offset) +
                    " lies inside the header");
    return h;
}

RawHeader encodeHeader(const Header& h) {
    RawHeader raw{};
    store<std::int32_t>(raw, kSizeofHdr, 348);
    for (std::size_t i = 0; i < 8; ++i) {
        store(raw, kDim + 2 * i, h.dim[i]);
        store(raw, kPixdim + 4 * i, h.pixdim[i]);
    }
    store(raw, kDatatype, h.datatype);
    store(raw, kBitpix, h.bitpix);
    store(raw, kVoxOffset, h.vox_offset);
    store(raw, kSclSlope, h.scl_slope);
    store(raw, kSclInter, h.scl_inter);
    raw[kXyztUnits] = h.xyzt_units;
    store(raw, kQformCode, h.qform_code);
    store(raw, kSformCode, h.sform_code);
    const std::array<float, 6> q{h.quatern_b, h.quatern_c, h.quatern_d,
                                 h.qoffset_x, h.qoffset_y, h.qoffset_z};
    for (std::size_t i = 0; i < 6; ++i)
        store(raw, kQuaternB + 4 * i, q[i]);
    for (std::size_t i = 0; i < 4; ++i) {
        store(raw, kSrowX + 4 * i, h.srow_x[i]);
        store(raw, kSrowY + 4 * i, h.srow_y[i]);
        store(raw, kSrowZ + 4 * i, h.srow_z[i]);
    }
    std::memcpy(raw.data() + kMagic, h.magic.data(), 4);
    return raw;
}

Geometry geometryFromHeader(const Header& h, const std::string& file) {
    if (h.sform_code > 0) {
        Eigen::Matrix3d linear;
        Eigen::Vector3d offset;
        const std::array<const std::array<float, 4>*, 3> rows{&h.srow_x, &h.srow_y, &h.srow_z};
        for (int r = 0; r < 3; ++r) {
            for (int c = 0; c < 3; ++c)
                linear(r, c) = (*rows[static_cast<std::size_t>(r)])[static_cast<std::size_t>(c)];
            offset[r] = (*rows[static_cast<std::size_t>(r)])[3];
        }
        return fromRasAffine(linear, offset, h, file, "sform");
    }
    // qform and pixdim-only both need positive voxel sizes; like nifti1_io,
    // accept negative pixdim by its magnitude, but zero has no meaning.
    Eigen::Vector3d spacing;
    for (int axis = 0; axis < 3; ++axis) {
        spacing[axis] =
            std::fabs(static_cast<double>(h.pixdim[static_cast<std::size_t>(axis) + 1]));
        if (!(spacing[axis] > 0.0) || !std::isfinite(spacing[axis]))
            throw Error("NIfTI file " + file + ": pixdim[" + std::to_string(axis + 1) + "] is " +
                        std::to_string(h.pixdim[static_cast<std::size_t>(axis) + 1]) +
                        " (voxel size must be positive)");
    }
    if (h.qform_code > 0) {
        Eigen::Matrix3d r = quaternionToRotation(h.quatern_b, h.quatern_c, h.quatern_d);
        // pixdim[0] is qfac: -1 flips the third axis (left-handed grids).
        if (h.pixdim[0] < 0.0f)
            r.col(2) = -r.col(2);
        return fromRasAffine(r * spacing.asDiagonal(),
                             Eigen::Vector3d(h.qoffset_x, h.qoffset_y, h.qoffset_z), h, file,
                             "qform");
    }
    return fromRasAffine(spacing.asDiagonal(), Eigen::Vector3d::Zero(), h, file, "pixdim");
}

void setGeometry(Header& h, const Geometry& g) {
    for (std::size_t axis = 0; axis < 3; ++axis) {
        if (g.size[axis] < 1 || g.size[axis] > 32767)
            throw Error("cannot write NIfTI-1: image extent " + std::to_string(g.size[axis]) +
                        " along axis " + std::to_string(axis) + " is outside 1..32767");
        h.dim[axis + 1] = static_cast<std::int16_t>(g.size[axis]);
    }
    h.dim[0] = 3;
    for (std::size_t i = 4; i < 8; ++i)
        h.dim[i] = 1;

    const Eigen::Matrix3d linearRas = kRasToLps * g.direction * g.spacing.asDiagonal();
    const Eigen::Vector3d offsetRas = kRasToLps * g.origin;
    for (int c = 0; c < 4; ++c) {
        const auto ci = static_cast<std::size_t>(c);
        h.srow_x[ci] = static_cast<float>(c < 3 ? linearRas(0, c) : offsetRas[0]);
        h.srow_y[ci] = static_cast<float>(c < 3 ? linearRas(1, c) : offsetRas[1]);
        h.srow_z[ci] = static_cast<float>(c < 3 ? linearRas(2, c) : offsetRas[2]);
    }
    h.sform_code = 1; // NIFTI_XFORM_SCANNER_ANAT
    h.qform_code = 1;

    // The qform can only hold a rotation: take the nearest one (polar
    // decomposition), and put a reflection into qfac.
    Eigen::Matrix3d rotation = kRasToLps * g.direction;
    const Eigen::JacobiSVD<Eigen::Matrix3d> svd(rotation,
                                                Eigen::ComputeFullU | Eigen::ComputeFullV);
    rotation = svd.matrixU() * svd.matrixV().transpose();
    float qfac = 1.0f;
    if (rotation.determinant() < 0.0) {
        qfac = -1.0f;
        rotation.col(2) = -rotation.col(2);
    }
    const Eigen::Vector3d q = rotationToQuaternion(rotation);
    h.quatern_b = static_cast<float>(q[0]);
    h.quatern_c = static_cast<float>(q[1]);
    h.quatern_d = static_cast<float>(q[2]);
    h.qoffset_x = static_cast<float>(offsetRas[0]);
    h.qoffset_y = static_cast<float>(offsetRas[1]);
    h.qoffset_z = static_cast<float>(offsetRas[2]);
    h.pixdim[0] = qfac;
    for (std::size_t axis = 0; axis < 3; ++axis)
        h.pixdim[axis + 1] = static_cast<float>(g.spacing[static_cast<int>(axis)]);
    h.xyzt_units = 2; // NIFTI_UNITS_MM
}

} // namespace rgw::nifti
