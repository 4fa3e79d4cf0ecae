#include "radiomics/pyradiomics/Diagnostics.h"

#include "radiomics/Sha1.h"
#include "radiomics/processing/RoiBox.h"
#include "radiomics/pyradiomics/NumpyDtype.h"
#include "segmentation/Islands.h"
#include "util/CsvText.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>

namespace rgw::radiomics::pyradiomics {
namespace {

/// Appends every value cast to T, little-endian (ITK's buffer order, i fastest).
template <class T, class V>
void appendAs(std::string& out, const std::vector<V>& values, const PixelType& type) {
    const bool integer = type.integer();
    const double lowest = type.min(), aboveHighest = type.max() + 1.0;
    char bytes[sizeof(T)];
    for (const V v : values) {
        if (integer && !(static_cast<double>(v) >= lowest && static_cast<double>(v) < aboveHighest))
            throw Error("PyRadiomics image hash: the value " + std::to_string(v) +
                        " does not fit the stored type " + type.scalar);
        const T stored = static_cast<T>(v);
        std::memcpy(bytes, &stored, sizeof(T));
        if constexpr (std::endian::native == std::endian::big)
            std::reverse(bytes, bytes + sizeof(T));
        out.append(bytes, sizeof(T));
    }
}

/// `values` re-encoded in the stored scalar type, little-endian.
template <class V> std::string storedBytes(const std::vector<V>& values, const PixelType& type) {
    budget::requireMemory(
        budget::product({values.size(), static_cast<std::uint64_t>(type.bytes())}),
        "PyRadiomics image hash", "the stored voxels");
    std::string out;
    out.reserve(values.size() * static_cast<std::size_t>(type.bytes()));
    switch (numpyDtype(type.scalar, "PyRadiomics image hash").type) {
    case Dtype::Int8:
        appendAs<std::int8_t>(out, values, type);
        break;
    case Dtype::UInt8:
        appendAs<std::uint8_t>(out, values, type);
        break;
    case Dtype::Int16:
        appendAs<std::int16_t>(out, values, type);
        break;
    case Dtype::UInt16:
        appendAs<std::uint16_t>(out, values, type);
        break;
    case Dtype::Int32:
        appendAs<std::int32_t>(out, values, type);
        break;
    case Dtype::UInt32:
        appendAs<std::uint32_t>(out, values, type);
        break;
    case Dtype::Int64:
        appendAs<std::int64_t>(out, values, type);
        break;
    case Dtype::UInt64:
        appendAs<std::uint64_t>(out, values, type);
        break;
    case Dtype::Float32:
        appendAs<float>(out, values, type);
        break;
    case Dtype::Float64:
        appendAs<double>(out, values, type);
        break;
    }
    return out;
}

std::string intTuple(const std::vector<std::int64_t>& v) {
    std::string out = "(";
    for (std::size_t i = 0; i < v.size(); ++i)
        out += (i ? ", " : "") + std::to_string(v[i]);
    return out + ")";
}

std::string floatTuple(const std::vector<double>& v) {
    std::string out = "(";
    for (std::size_t i = 0; i < v.size(); ++i)
        out += (i ? ", " : "") + pythonFloat(v[i]);
    return out + ")";
}

std::vector<double> firstAxes(const Eigen::Vector3d& v, int dimension) {
    std::vector<double> out;
    for (int a = 0; a < dimension; ++a)
        out.push_back(v[a]);
    return out;
}

std::vector<std::int64_t> sizeOf(const Geometry& g, int dimension) {
    return std::vector<std::int64_t>(g.size.begin(), g.size.begin() + dimension);
}

/// Mean (compensated sum), minimum and maximum, as numpy of a float64 array.
struct Summary {
    double mean = 0.0, minimum = 0.0, maximum = 0.0;
};

template <class Pick> Summary summarise(std::size_t n, Pick value) {
    double sum = 0.0, compensation = 0.0;
    Summary s{0.0, INFINITY, -INFINITY};
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto x = value(i);
        if (!x)
            continue;
        ++count;
        const double t = sum + *x;
        compensation += std::abs(sum) >= std::abs(*x) ? (sum - t) + *x : (*x - t) + sum;
        sum = t;
        s.minimum = std::min(s.minimum, *x);
        s.maximum = std::max(s.maximum, *x);
    }
    if (count == 0)
        throw Error("PyRadiomics diagnostics: no voxel to summarise");
    s.mean = (sum + compensation) / static_cast<double>(count);
    return s;
}

void addSummary(Diagnostics& rows, const std::string& prefix, const Summary& s) {
    rows.emplace_back(prefix + "Mean", pythonFloat(s.mean));
    rows.emplace_back(prefix + "Minimum", pythonFloat(s.minimum));
    rows.emplace_back(prefix + "Maximum", pythonFloat(s.maximum));
}

} // namespace

PixelType PixelType::named(const std::string& scalar, int dimension, const std::string& source) {
    if (!findNumpyDtype(scalar))
        throw Error(source + ": pixel type \"" + scalar +
                    "\" is not a scalar type SimpleITK reads");
    if (dimension != 2 && dimension != 3)
        throw Error(source + ": " + std::to_string(dimension) +
                    " axes; PyRadiomics mode reads 2D and 3D images");
    return PixelType{scalar, dimension};
}

bool PixelType::integer() const {
    return numpyDtype(scalar, "PyRadiomics pixel type").integer;
}

int PixelType::bytes() const {
    return numpyDtype(scalar, "PyRadiomics pixel type").bytes;
}

double PixelType::min() const {
    return numpyDtype(scalar, "PyRadiomics pixel type").lowest();
}

double PixelType::max() const {
    return numpyDtype(scalar, "PyRadiomics pixel type").highest();
}

std::string pythonFloat(double value) {
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    if (value == 0.0)
        return std::signbit(value) ? "-0.0" : "0.0";
    char buffer[64];
    const auto end =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific).ptr;
    const std::string text(buffer, end); // "-d.ddde+XX", shortest round-trip digits
    const std::size_t e = text.find('e');
    const bool negative = text[0] == '-';
    std::string digits;
    for (std::size_t i = negative ? 1 : 0; i < e; ++i)
        if (text[i] != '.')
            digits += text[i];
    const int exponent = std::stoi(text.substr(e + 1));
    std::string out = negative ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
        if (exponent >= 0) {
            const auto whole = static_cast<std::size_t>(exponent) + 1;
            if (digits.size() <= whole)
                out += digits + std::string(whole - digits.size(), '0') + ".0";
            else
                out += digits.substr(0, whole) + "." + digits.substr(whole);
        } else {
            out += "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
        }
        return out;
    }
    out += digits.substr(0, 1);
    if (digits.size() > 1)
        out += "." + digits.substr(1);
    const int magnitude = std::abs(exponent);
    out += std::string("e") + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") +
           std::to_string(magnitude);
    return out;
}

std::string simpleItkHash(const std::vector<float>& voxels, const PixelType& type) {
    return sha1Hex(storedBytes(voxels, type));
}

std::string simpleItkHash(const std::vector<std::uint16_t>& voxels, const PixelType& type) {
    return sha1Hex(storedBytes(voxels, type));
}

void addImageRows(Diagnostics& rows, const std::string& stage, const Geometry& geometry,
                  const std::vector<double>& values, int dimension, const std::string* hash) {
    const std::string prefix = "Image-" + stage + "_";
    if (hash) {
        rows.emplace_back(prefix + "Hash", *hash);
        rows.emplace_back(prefix + "Dimensionality", std::to_string(dimension) + "D");
    }
    rows.emplace_back(prefix + "Spacing", floatTuple(firstAxes(geometry.spacing, dimension)));
    rows.emplace_back(prefix + "Size", intTuple(sizeOf(geometry, dimension)));
    addSummary(rows, prefix, summarise(values.size(), [&](std::size_t i) {
                   return std::optional<double>(values[i]);
               }));
}

void addMaskRows(Diagnostics& rows, const std::string& stage, const Mask& roi,
                 const std::vector<double>* image, int dimension, const std::string* hash) {
    const std::string prefix = "Mask-" + stage + "_";
    const Geometry& g = roi.geometry;
    if (hash)
        rows.emplace_back(prefix + "Hash", *hash);
    rows.emplace_back(prefix + "Spacing", floatTuple(firstAxes(g.spacing, dimension)));
    rows.emplace_back(prefix + "Size", intTuple(sizeOf(g, dimension)));
    const processing::Box box = processing::boundingBox(roi);
    if (box.empty())
        throw Error("PyRadiomics diagnostics: the " + stage + " mask is empty");
    std::vector<std::int64_t> bb;
    for (int a = 0; a < dimension; ++a)
        bb.push_back(box.lo[static_cast<std::size_t>(a)]);
    for (int a = 0; a < dimension; ++a)
        bb.push_back(box.hi[static_cast<std::size_t>(a)] - box.lo[static_cast<std::size_t>(a)] + 1);
    rows.emplace_back(prefix + "BoundingBox", intTuple(bb));
    std::int64_t count = 0;
    std::array<std::int64_t, 3> sum{0, 0, 0};
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                if (roi.voxels[g.linearIndex(i, j, k)]) {
                    ++count;
                    sum[0] += i;
                    sum[1] += j;
                    sum[2] += k;
                }
    rows.emplace_back(prefix + "VoxelNum", std::to_string(count));
    rows.emplace_back(
        prefix + "VolumeNum",
        std::to_string(
            segmentation::islandSizes(roi, segmentation::Connectivity::TwentySix).size()));
    // numpy.mean of the integer indices: the exact sum divided once.
    const Eigen::Vector3d centre(static_cast<double>(sum[0]) / static_cast<double>(count),
                                 static_cast<double>(sum[1]) / static_cast<double>(count),
                                 static_cast<double>(sum[2]) / static_cast<double>(count));
    rows.emplace_back(prefix + "CenterOfMassIndex", floatTuple(firstAxes(centre, dimension)));
    rows.emplace_back(prefix + "CenterOfMass",
                      floatTuple(firstAxes(g.physicalPoint(centre), dimension)));
    if (image)
        addSummary(rows, prefix, summarise(image->size(), [&](std::size_t v) {
                       return roi.voxels[v] ? std::optional<double>((*image)[v]) : std::nullopt;
                   }));
}

std::string diagnosticsCsv(const Diagnostics& rows) {
    std::string out = csvRecord({"name", "value"});
    for (const auto& [name, value] : rows)
        out += csvRecord({name, value});
    return out;
}

} // namespace rgw::radiomics::pyradiomics
