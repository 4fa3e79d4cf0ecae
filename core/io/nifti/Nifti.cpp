#include "io/nifti/Nifti.h"

#include "image/GeometryChecks.h"
#include "image/VoxelBox.h"
#include "image/VoxelChecks.h"
#include "io/GzipInput.h"
#include "io/nifti/NiftiHeader.h"
#include "util/CheckedNumeric.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <utility>
#include <vector>
#include <zlib.h>

namespace rgw::nifti {
namespace {

// GzipInput reads plain and gzip-compressed files alike, so .nii and .nii.gz
// share one path (zlib writes them: write()).
void readExactly(io::GzipInput& f, void* buffer, std::size_t bytes, const std::string& file,
                 const char* what) {
    const std::size_t got = f.read(buffer, bytes);
    if (got < bytes)
        throw Error("NIfTI file " + file + ": truncated " + what + " (expected " +
                    std::to_string(bytes) + " bytes, found " + std::to_string(got) + ")");
}

/// Decodes `n` voxels of stored type T (byte-swapped when `swap`) and
/// applies scl_slope/scl_inter: out[v] = slope × stored + inter.
template <class T>
void decodeChunk(const unsigned char* bytes, std::size_t n, bool swap, double slope, double inter,
                 double* out) {
    for (std::size_t v = 0; v < n; ++v) {
        std::array<unsigned char, sizeof(T)> raw;
        std::memcpy(raw.data(), bytes + v * sizeof(T), sizeof(T));
        if (swap)
            std::reverse(raw.begin(), raw.end());
        T value;
        std::memcpy(&value, raw.data(), sizeof(T));
        out[v] = slope * static_cast<double>(value) + inter;
    }
}

void decodeChunk(Datatype type, const unsigned char* bytes, std::size_t n, bool swap, double slope,
                 double inter, double* out) {
    switch (type) {
    case Datatype::Uint8:
        return decodeChunk<std::uint8_t>(bytes, n, swap, slope, inter, out);
    case Datatype::Int8:
        return decodeChunk<std::int8_t>(bytes, n, swap, slope, inter, out);
    case Datatype::Int16:
        return decodeChunk<std::int16_t>(bytes, n, swap, slope, inter, out);
    case Datatype::Uint16:
        return decodeChunk<std::uint16_t>(bytes, n, swap, slope, inter, out);
    case Datatype::Int32:
        return decodeChunk<std::int32_t>(bytes, n, swap, slope, inter, out);
    case Datatype::Uint32:
        return decodeChunk<std::uint32_t>(bytes, n, swap, slope, inter, out);
    case Datatype::Float32:
        return decodeChunk<float>(bytes, n, swap, slope, inter, out);
    case Datatype::Float64:
        return decodeChunk<double>(bytes, n, swap, slope, inter, out);
    }
    // unreachable: bytesPerVoxel() validated the datatype
}

std::string dims(const Geometry& g) {
    return std::to_string(g.size[0]) + " × " + std::to_string(g.size[1]) + " × " +
           std::to_string(g.size[2]);
}

// gzip's ISIZE trailer: the uncompressed size modulo 2^32 (RFC 1952), of the
// last member only; nullopt when the file is too short to have one.
std::optional<std::uint64_t> gzipTrailerSize(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::array<unsigned char, 4> trailer{};
    if (!in.seekg(-4, std::ios::end) || !in.read(reinterpret_cast<char*>(trailer.data()), 4))
        return std::nullopt;
    return std::uint64_t{trailer[0]} | std::uint64_t{trailer[1]} << 8 |
           std::uint64_t{trailer[2]} << 16 | std::uint64_t{trailer[3]} << 24;
}

// Decompresses `path` counting bytes, stopping once `limit` is reached: the
// true size of a gzip stream (ISIZE is only that of the last member).
std::uint64_t decompressedBytesUpTo(const std::string& file, std::uint64_t limit) {
    std::uint64_t total = 0;
    try {
        io::GzipInput f(file, "NIfTI file");
        std::vector<unsigned char> chunk(1u << 18);
        while (total < limit) {
            const std::size_t got = f.read(chunk.data(), chunk.size());
            if (got == 0)
                break;
            total += got;
        }
    } catch (const Error&) {
        // unreadable or corrupt from some point: what inflated so far counts
    }
    return total;
}

// Deflate cannot expand its input by more than 1032:1 (zlib's FAQ: 258-byte
// matches coded in 2 bits), so a gzip file of C bytes holds at most 1032 C.
constexpr std::uint64_t kMaxDeflateRatio = 1032;

/// How many bytes the (decompressed) file can hold: exact for a plain file, an
/// upper bound for gzip; `text` says so for messages.
struct Capacity {
    std::uint64_t bytes = 0;
    std::string text;
};

Capacity capacityOf(std::uint64_t fileBytes, bool compressed) {
    if (!compressed)
        return {fileBytes, "the file holds " + budget::formatBytes(fileBytes)};
    const std::uint64_t bound = budget::product({fileBytes, kMaxDeflateRatio});
    return {bound, "the file holds " + budget::formatBytes(fileBytes) + " of gzip data, at most " +
                       budget::formatBytes(bound) + " decompressed"};
}

/// Checks the bytes the header declares (vox_offset, then the voxel data)
/// against what the file can hold, before anything is allocated for them.
void requireDeclaredBytesInFile(const std::string& file, const std::filesystem::path& path,
                                const Geometry& geometry, std::uint64_t offset,
                                std::uint64_t dataBytes, bool compressed) {
    const std::string context = "NIfTI file " + file;
    std::error_code ec;
    const std::uint64_t fileBytes = std::filesystem::file_size(path, ec);
    if (ec)
        throw Error(context + ": cannot determine the file size (" + ec.message() + ")");
    Capacity capacity = capacityOf(fileBytes, compressed);
    const std::uint64_t required = budget::sum(offset, dataBytes);
    if (compressed && capacity.bytes < (std::uint64_t{1} << 32) && required <= capacity.bytes) {
        // Below 4 GiB ISIZE is the exact size of a single-member file: when it
        // is too small, count (it may be the last of several members).
        const auto isize = gzipTrailerSize(path);
        if (isize && *isize >= kHeaderBytes && *isize < required) {
            const std::uint64_t actual = decompressedBytesUpTo(file, required);
            if (actual < required)
                capacity = {actual, "the file decompresses to " + budget::formatBytes(actual)};
        }
    }
    if (offset > capacity.bytes)
        throw Error(context + ": vox_offset " + std::to_string(offset) +
                    " lies beyond the end of the data (" + capacity.text +
                    ": truncated, or a wrong header)");
    if (required > capacity.bytes)
        throw Error(context + ": header claims " + dims(geometry) + " voxels (" +
                    budget::formatBytes(dataBytes) + ") but " + capacity.text +
                    " (truncated, or a wrong header)");
}

// Reads and discards `bytes` (the header extensions before vox_offset) in
// fixed-size chunks: nothing is allocated from the header's value.
void skip(io::GzipInput& f, std::uint64_t bytes, const std::string& file) {
    std::array<unsigned char, 1u << 16> chunk;
    while (bytes > 0) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(bytes, chunk.size()));
        readExactly(f, chunk.data(), n, file, "header extension");
        bytes -= n;
    }
}

/// Voxels decoded per chunk: the stored bytes are inflated and converted a
/// chunk at a time, never held whole.
constexpr std::size_t kChunkVoxels = std::size_t{1} << 15;

/// A NIfTI file opened and positioned at its voxel data, its header checked.
struct Opened {
    std::unique_ptr<io::GzipInput> file;
    std::string name;
    Header header;
    Geometry geometry;
    int bytesPerVoxel = 1;
    double slope = 1.0;
    double inter = 0.0;

    std::size_t voxelCount() const { return geometry.voxelCount(); }

    /// Streams the voxel values (scl_slope/scl_inter applied) in file order:
    /// sink(values, first, n) gets voxels first .. first + n - 1.
    template <class Sink> void forEachChunk(Sink&& sink) {
        const auto type = static_cast<Datatype>(header.datatype);
        const auto bytes = static_cast<std::size_t>(bytesPerVoxel);
        std::vector<unsigned char> stored(kChunkVoxels * bytes);
        std::vector<double> values(kChunkVoxels);
        const std::size_t count = voxelCount();
        for (std::size_t first = 0; first < count; first += kChunkVoxels) {
            const std::size_t n = std::min(kChunkVoxels, count - first);
            readExactly(*file, stored.data(), n * bytes, name, "voxel data");
            decodeChunk(type, stored.data(), n, header.byteSwapped, slope, inter, values.data());
            sink(values.data(), first, n);
        }
    }
};

/// Streams the stored voxel bytes one k slice (nx × ny voxels) at a time, in
/// file order: sink(bytes, k) for k = 0 .. lastSlice. Slices after lastSlice
/// are not inflated.
template <class Sink> void forEachStoredSlice(Opened& opened, std::int64_t lastSlice, Sink&& sink) {
    const Geometry& g = opened.geometry;
    const std::size_t sliceBytes = static_cast<std::size_t>(g.size[0]) *
                                   static_cast<std::size_t>(g.size[1]) *
                                   static_cast<std::size_t>(opened.bytesPerVoxel);
    std::vector<unsigned char> slice(sliceBytes);
    for (std::int64_t k = 0; k <= lastSlice; ++k) {
        readExactly(*opened.file, slice.data(), sliceBytes, opened.name, "voxel data");
        sink(slice.data(), k);
    }
}

/// Opens a NIfTI file whose voxels the caller turns into `outputBytesPerVoxel`
/// bytes each (for the memory budget). Every size taken from the header is
/// checked against the file and the budget before anything is allocated.
Opened open(const std::filesystem::path& path, std::size_t outputBytesPerVoxel) {
    const std::string file = path.string();
    const std::string context = "NIfTI file " + file;
    Opened out;
    out.name = file;
    out.file = std::make_unique<io::GzipInput>(path, "NIfTI file");
    RawHeader raw;
    readExactly(*out.file, raw.data(), raw.size(), file, "header");
    const bool compressed = out.file->compressed();

    out.header = decodeHeader(raw, file);
    const Header& h = out.header;
    out.geometry = geometryFromHeader(h, file);
    requirePhysicalGeometry(out.geometry, context);
    out.bytesPerVoxel = bytesPerVoxel(h.datatype, file);

    const auto offset = toIntChecked<std::uint64_t>(h.vox_offset);
    if (!offset || static_cast<double>(*offset) != static_cast<double>(h.vox_offset))
        throw Error(context + ": vox_offset " + std::to_string(h.vox_offset) +
                    " is not a whole number of bytes");
    const std::uint64_t count = out.geometry.voxelCount();
    const std::uint64_t dataBytes =
        budget::product({count, static_cast<std::uint64_t>(out.bytesPerVoxel)});
    requireDeclaredBytesInFile(file, path, out.geometry, *offset, dataBytes, compressed);
    budget::requireMemory(budget::product({count, outputBytesPerVoxel}), context,
                          "reading " + dims(out.geometry) + " voxels");

    skip(*out.file, *offset - kHeaderBytes, file);

    // scl_slope 0 (or not finite) means "no scaling" (nifti1.h).
    const bool scaled = h.scl_slope != 0.0f && std::isfinite(h.scl_slope);
    out.slope = scaled ? h.scl_slope : 1.0;
    out.inter = scaled && std::isfinite(h.scl_inter) ? h.scl_inter : 0.0;
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
    std::unique_ptr<gzFile_s, int (*)(gzFile)> f(gzopen(file.c_str(), isGzip(path) ? "wb6" : "wbT"),
                                                 gzclose);
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

/// The image of an opened file, voxel v = convert(value of v, v): filled by
/// appending converted chunks into reserved storage, so no full-volume buffer
/// is zero-filled and then overwritten, and the stored bytes are never held
/// whole.
template <class T, class Convert> Image<T> readImage(Opened& opened, Convert&& convert) {
    Image<T> image;
    image.geometry = opened.geometry;
    image.voxels.reserve(opened.voxelCount());
    std::vector<T> chunk(kChunkVoxels);
    opened.forEachChunk([&](const double* values, std::size_t first, std::size_t n) {
        for (std::size_t v = 0; v < n; ++v)
            chunk[v] = convert(values[v], first + v);
        image.voxels.insert(image.voxels.end(), chunk.begin(),
                            chunk.begin() + static_cast<std::ptrdiff_t>(n));
    });
    return image;
}

/// Whether a value (after scl_slope/scl_inter) is a label of a label map.
bool isLabel(double value) {
    return value >= 0.0 && value <= 65535.0 && value == std::floor(value);
}

std::string notALabelMessage(const std::filesystem::path& file, std::size_t voxel, double value) {
    return "NIfTI label map " + file.string() + ": voxel " + std::to_string(voxel) + " holds " +
           std::to_string(value) + ", not a label (a whole number in 0..65535)";
}

} // namespace

StoredType storedType(const std::filesystem::path& file) {
    const Opened opened = open(file, 0);
    const Header& h = opened.header;
    int dimension = h.dim[0];
    while (dimension > 3 && h.dim[static_cast<std::size_t>(dimension)] == 1)
        --dimension;
    const bool rescaled = opened.slope != 1.0 || opened.inter != 0.0;
    switch (static_cast<Datatype>(h.datatype)) {
    case Datatype::Float64:
        return {"float64", dimension};
    case Datatype::Float32:
        return {"float32", dimension};
    default:
        break;
    }
    if (rescaled)
        return {"float32", dimension};
    switch (static_cast<Datatype>(h.datatype)) {
    case Datatype::Uint8:
        return {"uint8", dimension};
    case Datatype::Int8:
        return {"int8", dimension};
    case Datatype::Int16:
        return {"int16", dimension};
    case Datatype::Uint16:
        return {"uint16", dimension};
    case Datatype::Int32:
        return {"int32", dimension};
    case Datatype::Uint32:
        return {"uint32", dimension};
    default:
        break;
    }
    // unreachable: open() validated the datatype
    throw Error("NIfTI file " + file.string() + ": datatype " + std::to_string(h.datatype));
}

Geometry readGeometry(const std::filesystem::path& file) {
    return open(file, 0).geometry;
}

namespace {

/// The voxels of `window` of an opened file as floats (narrowed from the
/// scaled values), refused when one of them is not finite (named by its
/// (i, j, k) in the file's grid). Slices after the window are not inflated.
Volume readWindow(Opened& opened, const VoxelBox& window) {
    const Geometry& g = opened.geometry;
    const std::string where = "NIfTI file " + opened.name;
    if (window.empty() || !wholeBox(g).contains(window))
        throw Error(where + ": window [" + std::to_string(window.lo[0]) + ".." +
                    std::to_string(window.hi[0]) + "] × [" + std::to_string(window.lo[1]) + ".." +
                    std::to_string(window.hi[1]) + "] × [" + std::to_string(window.lo[2]) + ".." +
                    std::to_string(window.hi[2]) + "] lies outside its " + dims(g) + " voxels");
    const Geometry windowGrid = cropGeometry(g, window);
    budget::requireMemory(budget::product({windowGrid.voxelCount(), sizeof(float)}), where,
                          "reading " + dims(windowGrid) + " voxels");
    const auto type = static_cast<Datatype>(opened.header.datatype);
    const std::size_t bytes = static_cast<std::size_t>(opened.bytesPerVoxel);
    const std::size_t row = static_cast<std::size_t>(window.extent(0));

    FiniteVoxelCheck finite(g);
    Volume volume;
    volume.geometry = windowGrid;
    volume.voxels.reserve(windowGrid.voxelCount()); // filled by appending: no zero pass
    std::vector<double> values(row);
    forEachStoredSlice(opened, window.hi[2], [&](const unsigned char* slice, std::int64_t k) {
        if (k < window.lo[2])
            return;
        for (std::int64_t j = window.lo[1]; j <= window.hi[1]; ++j) {
            const std::size_t first = g.linearIndex(window.lo[0], j, k);
            const std::size_t inSlice = first - g.linearIndex(0, 0, k);
            decodeChunk(type, slice + inSlice * bytes, row, opened.header.byteSwapped, opened.slope,
                        opened.inter, values.data());
            for (std::size_t i = 0; i < row; ++i) {
                const float narrowed = narrowToFloat(values[i]);
                finite.add(first + i, narrowed);
                volume.voxels.push_back(narrowed);
            }
        }
    });
    finite.require(where);
    volume.unit = IntensityUnit::RescaledValue;
    volume.unitNote = "NIfTI values (scl_slope/scl_inter applied)";
    return volume;
}

} // namespace

Volume readVolume(const std::filesystem::path& file, const VoxelBox& window) {
    Opened opened = open(file, 0);
    return readWindow(opened, window);
}

Volume readVolume(const std::filesystem::path& file) {
    Opened opened = open(file, sizeof(float));
    return readWindow(opened, wholeBox(opened.geometry));
}

Mask readMask(const std::filesystem::path& file) {
    Opened opened = open(file, sizeof(std::uint8_t));
    FiniteVoxelCheck finite(opened.geometry);
    Mask mask = readImage<std::uint8_t>(opened, [&](double value, std::size_t v) {
        finite.add(v, value);
        return static_cast<std::uint8_t>(value != 0.0 ? 1 : 0);
    });
    finite.require("NIfTI mask " + file.string());
    return mask;
}

LabelMap readLabelMap(const std::filesystem::path& file) {
    Opened opened = open(file, sizeof(std::uint16_t));
    FiniteVoxelCheck finite(opened.geometry);
    // The first voxel that is not a label; reported after the finite check,
    // which takes precedence.
    std::optional<std::pair<std::size_t, double>> notLabel;
    LabelMap labels = readImage<std::uint16_t>(opened, [&](double value, std::size_t v) {
        finite.add(v, value);
        if (isLabel(value))
            return static_cast<std::uint16_t>(value);
        if (!notLabel)
            notLabel.emplace(v, value);
        return std::uint16_t{0};
    });
    finite.require("NIfTI label map " + file.string());
    if (notLabel)
        throw Error(notALabelMessage(file, notLabel->first, notLabel->second));
    return labels;
}

namespace {

/// A stored integer of type T at `bytes`, byte-swapped when `swap`.
template <class T> T loadStored(const unsigned char* bytes, bool swap) {
    std::array<unsigned char, sizeof(T)> raw;
    std::memcpy(raw.data(), bytes, sizeof(T));
    if (swap)
        std::reverse(raw.begin(), raw.end());
    T value;
    std::memcpy(&value, raw.data(), sizeof(T));
    return value;
}

/// readLabelMask of a file whose voxels are integers of type T, unscaled: the
/// stored values are the labels (finite by construction), read as they are
/// rather than through doubles.
template <class T>
LabelMask readIntegerLabelMask(Opened& opened, const std::filesystem::path& file,
                               std::optional<int> label) {
    const bool swap = opened.header.byteSwapped;
    const std::int64_t chosen = label ? *label : 0;
    std::vector<unsigned char> present(65536, 0); // one flag per label value
    std::optional<std::pair<std::size_t, double>> notLabel;
    LabelMask out;
    out.mask.geometry = opened.geometry;
    out.mask.voxels.reserve(opened.voxelCount()); // filled by appending: no zero pass
    const Geometry& g = opened.geometry;
    const std::size_t sliceVoxels =
        static_cast<std::size_t>(g.size[0]) * static_cast<std::size_t>(g.size[1]);
    std::vector<std::uint8_t> inside(sliceVoxels);
    forEachStoredSlice(opened, g.size[2] - 1, [&](const unsigned char* slice, std::int64_t k) {
        for (std::size_t v = 0; v < sliceVoxels; ++v) {
            const auto value =
                static_cast<std::int64_t>(loadStored<T>(slice + v * sizeof(T), swap));
            inside[v] = label ? value == chosen : value != 0;
            if (value == 0)
                continue; // most voxels of a mask
            if (value > 0 && value <= 65535)
                present[static_cast<std::size_t>(value)] = 1;
            else if (!notLabel)
                notLabel.emplace(static_cast<std::size_t>(k) * sliceVoxels + v,
                                 static_cast<double>(value));
        }
        out.mask.voxels.insert(out.mask.voxels.end(), inside.begin(), inside.end());
    });
    if (notLabel) {
        out.notALabel = notALabelMessage(file, notLabel->first, notLabel->second);
        return out;
    }
    for (int value = 1; value < 65536; ++value)
        if (present[static_cast<std::size_t>(value)])
            out.labels.push_back(value);
    return out;
}

} // namespace

LabelMask readLabelMask(const std::filesystem::path& file, std::optional<int> label) {
    Opened opened = open(file, sizeof(std::uint8_t));
    if (opened.slope == 1.0 && opened.inter == 0.0) {
        switch (static_cast<Datatype>(opened.header.datatype)) {
        case Datatype::Uint8:
            return readIntegerLabelMask<std::uint8_t>(opened, file, label);
        case Datatype::Int8:
            return readIntegerLabelMask<std::int8_t>(opened, file, label);
        case Datatype::Int16:
            return readIntegerLabelMask<std::int16_t>(opened, file, label);
        case Datatype::Uint16:
            return readIntegerLabelMask<std::uint16_t>(opened, file, label);
        case Datatype::Int32:
            return readIntegerLabelMask<std::int32_t>(opened, file, label);
        case Datatype::Uint32:
            return readIntegerLabelMask<std::uint32_t>(opened, file, label);
        case Datatype::Float32:
        case Datatype::Float64:
            break; // may hold fractions and non-finite values: the general path
        }
    }
    FiniteVoxelCheck finite(opened.geometry);
    std::optional<std::pair<std::size_t, double>> notLabel;
    std::vector<unsigned char> present(65536, 0); // one flag per label value
    const double chosen = label ? static_cast<double>(*label) : 0.0;
    LabelMask out;
    out.mask = readImage<std::uint8_t>(opened, [&](double value, std::size_t v) {
        finite.add(v, value);
        if (isLabel(value))
            present[static_cast<std::size_t>(value)] = 1;
        else if (!notLabel)
            notLabel.emplace(v, value);
        return static_cast<std::uint8_t>(label ? value == chosen : value != 0.0);
    });
    finite.require((label ? "NIfTI label map " : "NIfTI mask ") + file.string());
    if (notLabel) {
        out.notALabel = notALabelMessage(file, notLabel->first, notLabel->second);
        return out;
    }
    for (int value = 1; value < 65536; ++value)
        if (present[static_cast<std::size_t>(value)])
            out.labels.push_back(value);
    return out;
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
