#include "io/nifti/Nifti.h"

#include "io/nifti/NiftiHeader.h"
#include "util/Error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>
#include <zlib.h>

namespace rgw::nifti {
namespace {

// gzFile reads plain and gzip-compressed files alike, so .nii and .nii.gz
// share one path.
struct GzCloser {
    void operator()(gzFile_s* f) const { gzclose(f); }
};
using GzPtr = std::unique_ptr<gzFile_s, GzCloser>;

void readExactly(gzFile f, void* buffer, std::size_t bytes, const std::string& file,
                 const char* what) {
    auto* out = static_cast<unsigned char*>(buffer);
    std::size_t done = 0;
    while (done < bytes) {
        const auto chunk = static_cast<unsigned>(std::min<std::size_t>(bytes - done, 1u << 30));
        const int got = gzread(f, out + done, chunk);
        if (got < 0) {
            int code = 0;
            const char* message = gzerror(f, &code);
            throw Error("NIfTI file " + file + ": read error in " + what + " (" +
                        (message ? message : "zlib error") + ")");
        }
        if (got == 0)
            throw Error("NIfTI file " + file + ": truncated " + what + " (expected " +
                        std::to_string(bytes) + " bytes, found " + std::to_string(done) + ")");
        done += static_cast<std::size_t>(got);
    }
}

template <class T> double decodeAs(const unsigned char* p, bool swap) {
    std::array<unsigned char, sizeof(T)> bytes;
    std::memcpy(bytes.data(), p, sizeof(T));
    if (swap)
        std::reverse(bytes.begin(), bytes.end());
    T value;
    std::memcpy(&value, bytes.data(), sizeof(T));
    return static_cast<double>(value);
}

double decodeVoxel(const unsigned char* p, Datatype type, bool swap) {
    switch (type) {
    case Datatype::Uint8:
        return decodeAs<std::uint8_t>(p, swap);
    case Datatype::Int8:
        return decodeAs<std::int8_t>(p, swap);
    case Datatype::Int16:
        return decodeAs<std::int16_t>(p, swap);
    case Datatype::Uint16:
        return decodeAs<std::uint16_t>(p, swap);
    case Datatype::Int32:
        return decodeAs<std::int32_t>(p, swap);
    case Datatype::Uint32:
        return decodeAs<std::uint32_t>(p, swap);
    case Datatype::Float32:
        return decodeAs<float>(p, swap);
    case Datatype::Float64:
        return decodeAs<double>(p, swap);
    }
    return 0.0; // unreachable: bytesPerVoxel() validated the datatype
}

/// Geometry and scaled voxel values of a NIfTI file.
struct Loaded {
    Geometry geometry;
    std::vector<double> values;
};

Loaded load(const std::filesystem::path& path) {
    const std::string file = path.string();
    GzPtr f(gzopen(file.c_str(), "rb"));
    if (!f)
        throw Error("NIfTI file " + file + ": cannot open");
    RawHeader raw;
    readExactly(f.get(), raw.data(), raw.size(), file, "header");
    const Header h = decodeHeader(raw, file);

    Loaded out;
    out.geometry = geometryFromHeader(h, file);

    // Skip the extensions between the header and vox_offset.
    const auto offset = static_cast<std::size_t>(h.vox_offset);
    if (static_cast<float>(offset) != h.vox_offset)
        throw Error("NIfTI file " + file + ": vox_offset " + std::to_string(h.vox_offset) +
                    " is not a whole number of bytes");
    std::vector<unsigned char> skip(offset - kHeaderBytes);
    readExactly(f.get(), skip.data(), skip.size(), file, "header extension");

    const std::size_t count = out.geometry.voxelCount();
    const int bytes = bytesPerVoxel(h.datatype, file);
    std::vector<unsigned char> data(count * static_cast<std::size_t>(bytes));
    readExactly(f.get(), data.data(), data.size(), file, "voxel data");

    // scl_slope 0 (or not finite) means "no scaling" (nifti1.h).
    const bool scaled = h.scl_slope != 0.0f && std::isfinite(h.scl_slope);
    const double slope = scaled ? h.scl_slope : 1.0;
    const double inter = scaled && std::isfinite(h.scl_inter) ? h.scl_inter : 0.0;
    const auto type = static_cast<Datatype>(h.datatype);
    out.values.resize(count);
    for (std::size_t v = 0; v < count; ++v)
        out.values[v] = slope * decodeVoxel(data.data() + v * static_cast<std::size_t>(bytes), type,
                                            h.byteSwapped) +
                        inter;
    return out;
}

bool isGzip(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".gz";
}

void write(const Geometry& geometry, Datatype type, const void* voxels,
           const std::filesystem::path& path) {
    const std::string file = path.string();
    if (geometry.voxelCount() == 0)
        throw Error("cannot write NIfTI file " + file + ": the image is empty");
    Header h;
    setGeometry(h, geometry);
    const int bytes = bytesPerVoxel(static_cast<std::int16_t>(type), file);
    h.datatype = static_cast<std::int16_t>(type);
    h.bitpix = static_cast<std::int16_t>(8 * bytes);
    h.vox_offset = 352.0f;
    h.scl_slope = 1.0f;
    h.scl_inter = 0.0f;
    const RawHeader raw = encodeHeader(h);

    // "T" writes without compression through the same API.
    GzPtr f(gzopen(file.c_str(), isGzip(path) ? "wb6" : "wbT"));
    if (!f)
        throw Error("cannot write NIfTI file " + file + ": cannot open for writing");
    const std::array<unsigned char, 4> noExtension{0, 0, 0, 0};
    const std::size_t dataBytes = geometry.voxelCount() * static_cast<std::size_t>(bytes);
    auto put = [&](const void* p, std::size_t n) {
        const auto* c = static_cast<const unsigned char*>(p);
        while (n > 0) {
            const auto chunk = static_cast<unsigned>(std::min<std::size_t>(n, 1u << 30));
            if (gzwrite(f.get(), c, chunk) != static_cast<int>(chunk))
                throw Error("cannot write NIfTI file " + file + ": write error");
            c += chunk;
            n -= chunk;
        }
    };
    put(raw.data(), raw.size());
    put(noExtension.data(), noExtension.size());
    put(voxels, dataBytes);
    if (gzclose(f.release()) != Z_OK)
        throw Error("cannot write NIfTI file " + file + ": error when closing the file");
}

} // namespace

Volume readVolume(const std::filesystem::path& file) {
    Loaded loaded = load(file);
    Volume volume(loaded.geometry);
    for (std::size_t v = 0; v < loaded.values.size(); ++v)
        volume.voxels[v] = static_cast<float>(loaded.values[v]);
    volume.unit = IntensityUnit::RescaledValue;
    volume.unitNote = "NIfTI values (scl_slope/scl_inter applied)";
    return volume;
}

Mask readMask(const std::filesystem::path& file) {
    Loaded loaded = load(file);
    Mask mask(loaded.geometry);
    for (std::size_t v = 0; v < loaded.values.size(); ++v)
        mask.voxels[v] = loaded.values[v] != 0.0 ? 1 : 0;
    return mask;
}

LabelMap readLabelMap(const std::filesystem::path& file) {
    Loaded loaded = load(file);
    LabelMap labels(loaded.geometry);
    for (std::size_t v = 0; v < loaded.values.size(); ++v) {
        const double value = loaded.values[v];
        if (!(value >= 0.0 && value <= 65535.0) || value != std::floor(value))
            throw Error("NIfTI label map " + file.string() + ": voxel " + std::to_string(v) +
                        " holds " + std::to_string(value) +
                        ", not a label (a whole number in 0..65535)");
        labels.voxels[v] = static_cast<std::uint16_t>(value);
    }
    return labels;
}

void writeVolume(const Volume& volume, const std::filesystem::path& file) {
    if (volume.voxels.size() != volume.geometry.voxelCount())
        throw Error("cannot write NIfTI file " + file.string() +
                    ": voxel count does not match the geometry");
    write(volume.geometry, Datatype::Float32, volume.voxels.data(), file);
}

void writeMask(const Mask& mask, const std::filesystem::path& file) {
    if (mask.voxels.size() != mask.geometry.voxelCount())
        throw Error("cannot write NIfTI file " + file.string() +
                    ": voxel count does not match the geometry");
    // Masks are 0/1 by contract; normalise anyway so the file is a clean label map.
    std::vector<std::uint8_t> binary(mask.voxels.size());
    std::transform(mask.voxels.begin(), mask.voxels.end(), binary.begin(),
                   [](std::uint8_t v) { return static_cast<std::uint8_t>(v != 0 ? 1 : 0); });
    write(mask.geometry, Datatype::Uint8, binary.data(), file);
}

} // namespace rgw::nifti
