#pragma once

#include "image/Geometry.h"

#include <array>
#include <cstdint>
#include <string>

namespace rgw::nifti {

/// NIfTI-1 datatype codes (nifti1.h, DT_*).
enum class Datatype : std::int16_t {
    Uint8 = 2,
    Int16 = 4,
    Int32 = 8,
    Float32 = 16,
    Float64 = 64,
    Int8 = 256,
    Uint16 = 512,
    Uint32 = 768,
};

/// The fields of the 348-byte NIfTI-1 header that this reader/writer uses,
/// in native byte order. Names follow nifti1.h.
struct Header {
    std::array<std::int16_t, 8> dim{};
    std::int16_t datatype = 0;
    std::int16_t bitpix = 0;
    std::array<float, 8> pixdim{};
    float vox_offset = 352.0f;
    float scl_slope = 0.0f;
    float scl_inter = 0.0f;
    std::uint8_t xyzt_units = 0;
    std::int16_t qform_code = 0;
    std::int16_t sform_code = 0;
    float quatern_b = 0, quatern_c = 0, quatern_d = 0;
    float qoffset_x = 0, qoffset_y = 0, qoffset_z = 0;
    std::array<float, 4> srow_x{}, srow_y{}, srow_z{};
    std::array<char, 4> magic{'n', '+', '1', '\0'};
    bool byteSwapped = false; ///< the file was big-endian relative to this machine
};

constexpr std::size_t kHeaderBytes = 348;
using RawHeader = std::array<unsigned char, kHeaderBytes>;

/// Decodes and validates a raw header (sizeof_hdr, magic, dims, datatype).
/// `file` is only used in error messages.
Header decodeHeader(const RawHeader& raw, const std::string& file);
/// Encodes a header for writing (native = little-endian on every supported platform).
RawHeader encodeHeader(const Header& header);

/// Bytes per voxel of a supported datatype; throws naming `file` otherwise.
int bytesPerVoxel(std::int16_t datatype, const std::string& file);

/// The LPS grid of a header: sform if sform_code > 0, else qform if
/// qform_code > 0, else pixdim only (NIfTI "method 1"). NIfTI world space is
/// RAS, so x and y are negated.
Geometry geometryFromHeader(const Header& header, const std::string& file);

/// Sets dim[1..3], pixdim, sform and qform (both code 1 = scanner) from an LPS grid.
void setGeometry(Header& header, const Geometry& geometry);

} // namespace rgw::nifti
