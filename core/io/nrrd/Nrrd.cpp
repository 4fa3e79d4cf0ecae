#include "io/nrrd/Nrrd.h"

#include "image/GeometryChecks.h"
#include "image/VoxelChecks.h"
#include "io/GzipInput.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

namespace rgw::nrrd {
namespace {

// The NRRD format (teem.sourceforge.net/nrrd/format.html): a magic line
// "NRRD000N", then "field: value" lines, "key:=value" pairs and "#" comments,
// up to an empty line after which attached data follow (or the end of a
// detached header).
constexpr std::size_t kMaxHeaderBytes = 1u << 20;
constexpr std::size_t kMaxLineBytes = 1u << 16;
// Deflate cannot expand its input more than 1032:1 (zlib FAQ).
constexpr std::uint64_t kMaxDeflateRatio = 1032;

enum class Scalar { Int8, Uint8, Int16, Uint16, Int32, Uint32, Int64, Uint64, Float, Double };
enum class Encoding { Raw, Gzip, Ascii, Hex };

int scalarBytes(Scalar s) {
    switch (s) {
    case Scalar::Int8:
    case Scalar::Uint8:
        return 1;
    case Scalar::Int16:
    case Scalar::Uint16:
        return 2;
    case Scalar::Int32:
    case Scalar::Uint32:
    case Scalar::Float:
        return 4;
    case Scalar::Int64:
    case Scalar::Uint64:
    case Scalar::Double:
        return 8;
    }
    return 1;
}

std::string trim(std::string_view s) {
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return std::string(s.substr(b, e - b));
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

/// Where an error was found: "NRRD file F" plus the field or line.
struct Context {
    std::string file;
    [[noreturn]] void fail(const std::string& what) const {
        throw Error("NRRD file " + file + ": " + what);
    }
    [[noreturn]] void field(const std::string& name, const std::string& what) const {
        fail("field \"" + name + "\": " + what);
    }
};

std::optional<Scalar> scalarOf(const std::string& text) {
    // The type names the format accepts (format.html, "type").
    static const std::map<std::string, Scalar> kNames = {
        {"signed char", Scalar::Int8},
        {"int8", Scalar::Int8},
        {"int8_t", Scalar::Int8},
        {"uchar", Scalar::Uint8},
        {"unsigned char", Scalar::Uint8},
        {"uint8", Scalar::Uint8},
        {"uint8_t", Scalar::Uint8},
        {"short", Scalar::Int16},
        {"short int", Scalar::Int16},
        {"signed short", Scalar::Int16},
        {"signed short int", Scalar::Int16},
        {"int16", Scalar::Int16},
        {"int16_t", Scalar::Int16},
        {"ushort", Scalar::Uint16},
        {"unsigned short", Scalar::Uint16},
        {"unsigned short int", Scalar::Uint16},
        {"uint16", Scalar::Uint16},
        {"uint16_t", Scalar::Uint16},
        {"int", Scalar::Int32},
        {"signed int", Scalar::Int32},
        {"int32", Scalar::Int32},
        {"int32_t", Scalar::Int32},
        {"uint", Scalar::Uint32},
        {"unsigned int", Scalar::Uint32},
        {"uint32", Scalar::Uint32},
        {"uint32_t", Scalar::Uint32},
        {"longlong", Scalar::Int64},
        {"long long", Scalar::Int64},
        {"long long int", Scalar::Int64},
        {"signed long long", Scalar::Int64},
        {"signed long long int", Scalar::Int64},
        {"int64", Scalar::Int64},
        {"int64_t", Scalar::Int64},
        {"ulonglong", Scalar::Uint64},
        {"unsigned long long", Scalar::Uint64},
        {"unsigned long long int", Scalar::Uint64},
        {"uint64", Scalar::Uint64},
        {"uint64_t", Scalar::Uint64},
        {"float", Scalar::Float},
        {"double", Scalar::Double},
    };
    const auto it = kNames.find(text);
    if (it == kNames.end())
        return std::nullopt;
    return it->second;
}

double parseDouble(const std::string& text, const Context& ctx, const std::string& field) {
    const std::string t = trim(text);
    if (t.empty())
        ctx.field(field, "empty number");
    const std::string l = lower(t);
    if (l == "nan")
        return std::nan("");
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size())
        ctx.field(field, "\"" + t + "\" is not a number");
    return v;
}

std::int64_t parseInt(const std::string& text, const Context& ctx, const std::string& field) {
    const std::string t = trim(text);
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || p != t.data() + t.size() || t.empty())
        ctx.field(field, "\"" + t + "\" is not a whole number");
    return v;
}

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

/// "(x,y,z)" → its components; "none" → empty optional.
std::optional<std::vector<double>> parseVector(const std::string& token, const Context& ctx,
                                               const std::string& field) {
    if (token == "none")
        return std::nullopt;
    if (token.size() < 2 || token.front() != '(' || token.back() != ')')
        ctx.field(field, "\"" + token + "\" is not a vector \"(x,y,z)\" or \"none\"");
    std::vector<double> v;
    std::string inner = token.substr(1, token.size() - 2);
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = inner.find(',', start);
        v.push_back(parseDouble(inner.substr(start, comma - start), ctx, field));
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return v;
}

/// Vectors of a field such as "space directions", which may hold spaces inside
/// parentheses: "(1, 0, 0) (0,1,0) none".
std::vector<std::string> vectorTokens(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    int depth = 0;
    for (char c : text) {
        if (c == '(')
            ++depth;
        if (c == ')')
            --depth;
        if (std::isspace(static_cast<unsigned char>(c)) && depth == 0) {
            if (!current.empty())
                out.push_back(current);
            current.clear();
        } else if (!std::isspace(static_cast<unsigned char>(c))) {
            current += c;
        }
    }
    if (!current.empty())
        out.push_back(current);
    return out;
}

/// The fields of an NRRD header that the reader uses.
struct Header {
    Scalar scalar = Scalar::Uint8;
    int dimension = 0;
    std::vector<std::int64_t> sizes;
    Encoding encoding = Encoding::Raw;
    std::optional<bool> bigEndian;
    std::string space; // lower-case, empty when absent
    int spaceDimension = 0;
    std::vector<std::optional<std::vector<double>>> directions;
    std::optional<std::vector<double>> origin;
    std::vector<double> spacings;
    std::vector<double> axisMins;
    std::string dataFile;
    std::int64_t lineSkip = 0;
    std::int64_t byteSkip = 0;
    std::uint64_t dataOffset = 0; // byte after the header's empty line
    bool sawEmptyLine = false;
};

/// Canonical field name (the format's spelling), or empty when unknown.
std::string canonicalField(const std::string& name) {
    static const std::map<std::string, std::string> kAliases = {
        {"datafile", "data file"},       {"lineskip", "line skip"}, {"byteskip", "byte skip"},
        {"axismins", "axis mins"},       {"axismaxs", "axis maxs"}, {"centers", "centerings"},
        {"oldmin", "old min"},           {"oldmax", "old max"},     {"blocksize", "block size"},
        {"sampleunits", "sample units"},
    };
    static const std::vector<std::string> kKnown = {"type",
                                                    "dimension",
                                                    "sizes",
                                                    "encoding",
                                                    "endian",
                                                    "space",
                                                    "space dimension",
                                                    "space directions",
                                                    "space origin",
                                                    "spacings",
                                                    "data file",
                                                    "line skip",
                                                    "byte skip",
                                                    "kinds",
                                                    "content",
                                                    "units",
                                                    "space units",
                                                    "measurement frame",
                                                    "thicknesses",
                                                    "axis mins",
                                                    "axis maxs",
                                                    "centerings",
                                                    "labels",
                                                    "min",
                                                    "max",
                                                    "old min",
                                                    "old max",
                                                    "block size",
                                                    "sample units",
                                                    "number"};
    if (const auto it = kAliases.find(name); it != kAliases.end())
        return it->second;
    if (std::find(kKnown.begin(), kKnown.end(), name) != kKnown.end())
        return name;
    return {};
}

void applyField(Header& h, const std::string& name, const std::string& value, const Context& ctx) {
    if (name == "type") {
        const auto s = scalarOf(lower(value));
        if (!s)
            ctx.field(name, "unsupported scalar type \"" + value + "\"");
        h.scalar = *s;
    } else if (name == "dimension") {
        const auto d = parseInt(value, ctx, name);
        if (d < 1 || d > 16)
            ctx.field(name, std::to_string(d) + " is outside 1..16");
        h.dimension = static_cast<int>(d);
    } else if (name == "sizes") {
        for (const auto& w : words(value)) {
            const auto s = parseInt(w, ctx, name);
            if (s < 1 || s > (std::int64_t{1} << 31))
                ctx.field(name, "size " + w + " is outside 1..2^31");
            h.sizes.push_back(s);
        }
    } else if (name == "encoding") {
        const std::string e = lower(value);
        if (e == "raw")
            h.encoding = Encoding::Raw;
        else if (e == "gzip" || e == "gz")
            h.encoding = Encoding::Gzip;
        else if (e == "ascii" || e == "text" || e == "txt")
            h.encoding = Encoding::Ascii;
        else if (e == "hex")
            h.encoding = Encoding::Hex;
        else
            ctx.field(name, "unsupported encoding \"" + value + "\" (raw, gzip, ascii, hex)");
    } else if (name == "endian") {
        const std::string e = lower(value);
        if (e != "little" && e != "big")
            ctx.field(name, "\"" + value + "\" is neither little nor big");
        h.bigEndian = e == "big";
    } else if (name == "space") {
        h.space = lower(value);
    } else if (name == "space dimension") {
        const auto d = parseInt(value, ctx, name);
        if (d < 1 || d > 3)
            ctx.field(name, std::to_string(d) + " is outside 1..3");
        h.spaceDimension = static_cast<int>(d);
    } else if (name == "space directions") {
        for (const auto& t : vectorTokens(value))
            h.directions.push_back(parseVector(t, ctx, name));
    } else if (name == "space origin") {
        const auto t = vectorTokens(value);
        if (t.size() != 1)
            ctx.field(name, "expects one vector \"(x,y,z)\"");
        h.origin = parseVector(t[0], ctx, name);
        if (!h.origin)
            ctx.field(name, "\"none\" is not an origin");
    } else if (name == "spacings") {
        for (const auto& w : words(value))
            h.spacings.push_back(parseDouble(w, ctx, name));
    } else if (name == "axis mins") {
        for (const auto& w : words(value))
            h.axisMins.push_back(parseDouble(w, ctx, name));
    } else if (name == "data file") {
        h.dataFile = trim(value);
        if (h.dataFile.empty())
            ctx.field(name, "empty file name");
        if (h.dataFile.rfind("LIST", 0) == 0 || h.dataFile.find('%') != std::string::npos)
            ctx.field(name, "multiple data files (LIST or a format string) are not supported");
    } else if (name == "line skip") {
        h.lineSkip = parseInt(value, ctx, name);
        if (h.lineSkip < 0)
            ctx.field(name, "negative line skip");
    } else if (name == "byte skip") {
        h.byteSkip = parseInt(value, ctx, name);
        if (h.byteSkip < -1)
            ctx.field(name, "byte skip below -1");
    } else if (name == "block size") {
        ctx.field(name, "the block type is not supported");
    }
    // Other known fields (kinds, content, units, ...) do not change voxels or geometry.
}

/// Reads one line (without its terminator) from `in`, counting the bytes
/// consumed; false at the end of the file.
bool readLine(std::istream& in, std::string& line, std::uint64_t& consumed, const Context& ctx) {
    line.clear();
    char c = 0;
    bool any = false;
    while (in.get(c)) {
        any = true;
        ++consumed;
        if (c == '\n')
            break;
        line += c;
        if (line.size() > kMaxLineBytes)
            ctx.fail("header line longer than " + std::to_string(kMaxLineBytes) + " bytes");
    }
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return any;
}

Header readHeader(const std::filesystem::path& path, const Context& ctx) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        ctx.fail("cannot open");
    Header h;
    std::string line;
    std::uint64_t consumed = 0;
    if (!readLine(in, line, consumed, ctx) || line.size() != 8 || line.rfind("NRRD000", 0) != 0 ||
        line[7] < '1' || line[7] > '5')
        ctx.fail("not an NRRD file (the first line is not \"NRRD0001\"..\"NRRD0005\")");
    std::map<std::string, bool> seen;
    int lineNumber = 1;
    while (readLine(in, line, consumed, ctx)) {
        ++lineNumber;
        if (consumed > kMaxHeaderBytes)
            ctx.fail("header longer than " + std::to_string(kMaxHeaderBytes) + " bytes");
        if (line.empty()) {
            h.sawEmptyLine = true;
            break;
        }
        if (line[0] == '#')
            continue;
        if (line.find(":=") != std::string::npos)
            continue; // key/value pair: free-form metadata
        const std::size_t colon = line.find(": ");
        if (colon == std::string::npos)
            ctx.fail("line " + std::to_string(lineNumber) + " is not \"field: value\"");
        const std::string raw = line.substr(0, colon);
        const std::string name = canonicalField(raw);
        if (name.empty())
            ctx.fail("line " + std::to_string(lineNumber) + ": unknown field \"" + raw + "\"");
        if (seen[name])
            ctx.field(name, "given twice (line " + std::to_string(lineNumber) + ")");
        seen[name] = true;
        applyField(h, name, line.substr(colon + 2), ctx);
    }
    h.dataOffset = consumed;
    for (const char* required : {"type", "dimension", "sizes", "encoding"})
        if (!seen[required])
            ctx.field(required, "missing");
    if (static_cast<int>(h.sizes.size()) != h.dimension)
        ctx.field("sizes", std::to_string(h.sizes.size()) + " sizes for dimension " +
                               std::to_string(h.dimension));
    if (!h.bigEndian && scalarBytes(h.scalar) > 1 && h.encoding != Encoding::Ascii)
        ctx.field("endian", "missing (required for multi-byte " +
                                std::string(h.encoding == Encoding::Hex ? "hex" : "binary") +
                                " data)");
    if (h.dataFile.empty() && !h.sawEmptyLine)
        ctx.fail("header has no empty line before the data and no \"data file\"");
    return h;
}

/// The spatial geometry the header describes, in LPS.
Geometry geometryOf(const Header& h, const Context& ctx) {
    // Spatial axes: those with a direction (space given) or all of them.
    std::vector<int> spatial;
    const bool hasSpace = !h.space.empty() || h.spaceDimension > 0;
    int spaceDim = h.spaceDimension;
    if (!h.space.empty()) {
        static const std::map<std::string, int> kSpaces = {
            {"right-anterior-superior", 3}, {"ras", 3}, {"left-anterior-superior", 3}, {"las", 3},
            {"left-posterior-superior", 3}, {"lps", 3}};
        const auto it = kSpaces.find(h.space);
        if (it == kSpaces.end())
            ctx.field("space", "\"" + h.space +
                                   "\" is not an anatomical space (right-anterior-superior, "
                                   "left-anterior-superior, left-posterior-superior)");
        if (h.spaceDimension != 0)
            ctx.field("space dimension", "given together with \"space\"");
        spaceDim = it->second;
    }
    Geometry g;
    if (hasSpace) {
        if (static_cast<int>(h.directions.size()) != h.dimension)
            ctx.field("space directions", std::to_string(h.directions.size()) +
                                              " entries for dimension " +
                                              std::to_string(h.dimension));
        for (int a = 0; a < h.dimension; ++a) {
            if (!h.directions[static_cast<std::size_t>(a)])
                continue;
            if (static_cast<int>(h.directions[static_cast<std::size_t>(a)]->size()) != spaceDim)
                ctx.field("space directions", "axis " + std::to_string(a) + " has not " +
                                                  std::to_string(spaceDim) + " components");
            spatial.push_back(a);
        }
    } else {
        for (int a = 0; a < h.dimension; ++a)
            spatial.push_back(a);
    }
    if (spatial.empty() || spatial.size() > 3)
        ctx.fail(std::to_string(spatial.size()) + " spatial axes (1 to 3 supported)");
    for (int a = 0; a < h.dimension; ++a)
        if (std::find(spatial.begin(), spatial.end(), a) == spatial.end() &&
            h.sizes[static_cast<std::size_t>(a)] != 1)
            ctx.field("sizes", "non-spatial axis " + std::to_string(a) + " has " +
                                   std::to_string(h.sizes[static_cast<std::size_t>(a)]) +
                                   " samples (vector or multi-component images are not supported)");
    // Spatial axes must come first (the voxel order is then ours).
    for (std::size_t s = 0; s < spatial.size(); ++s)
        if (spatial[s] != static_cast<int>(s))
            ctx.field("space directions", "a non-spatial axis precedes a spatial one");

    Eigen::Matrix3d columns = Eigen::Matrix3d::Zero();
    for (std::size_t s = 0; s < spatial.size(); ++s) {
        g.size[s] = h.sizes[s];
        Eigen::Vector3d v = Eigen::Vector3d::Zero();
        if (hasSpace) {
            const auto& d = *h.directions[s];
            for (std::size_t c = 0; c < d.size(); ++c)
                v[static_cast<Eigen::Index>(c)] = d[c];
        } else {
            const double spacing =
                s < h.spacings.size() && std::isfinite(h.spacings[s]) ? h.spacings[s] : 1.0;
            v[static_cast<Eigen::Index>(s)] = spacing;
        }
        columns.col(static_cast<Eigen::Index>(s)) = v;
    }
    if (hasSpace && !h.spacings.empty())
        ctx.field("spacings", "given together with \"space directions\"");
    Eigen::Vector3d origin = Eigen::Vector3d::Zero();
    if (h.origin) {
        if (!hasSpace)
            ctx.field("space origin", "given without \"space\" or \"space dimension\"");
        if (static_cast<int>(h.origin->size()) != spaceDim)
            ctx.field("space origin", "has not " + std::to_string(spaceDim) + " components");
        for (std::size_t c = 0; c < h.origin->size(); ++c)
            origin[static_cast<Eigen::Index>(c)] = (*h.origin)[c];
    } else if (!hasSpace) {
        for (std::size_t s = 0; s < spatial.size() && s < h.axisMins.size(); ++s)
            if (std::isfinite(h.axisMins[s]))
                origin[static_cast<Eigen::Index>(s)] = h.axisMins[s];
    }
    // RAS and LAS to LPS: flip the axes that point the other way.
    Eigen::Vector3d flip = Eigen::Vector3d::Ones();
    if (h.space == "right-anterior-superior" || h.space == "ras")
        flip = Eigen::Vector3d(-1, -1, 1);
    else if (h.space == "left-anterior-superior" || h.space == "las")
        flip = Eigen::Vector3d(1, -1, 1);
    columns = flip.asDiagonal() * columns;
    origin = flip.cwiseProduct(origin);

    for (std::size_t s = 0; s < spatial.size(); ++s) {
        const Eigen::Vector3d v = columns.col(static_cast<Eigen::Index>(s));
        const double length = v.norm();
        if (!std::isfinite(length) || length <= 0.0)
            ctx.field(hasSpace ? "space directions" : "spacings",
                      "axis " + std::to_string(s) + " has zero or non-finite length");
        g.spacing[static_cast<Eigen::Index>(s)] = length;
        g.direction.col(static_cast<Eigen::Index>(s)) = v / length;
    }
    // Complete missing axes of a 1D/2D image orthonormally (one sample each).
    if (spatial.size() == 1) {
        const Eigen::Vector3d a = g.direction.col(0);
        Eigen::Vector3d helper =
            std::abs(a.x()) < 0.9 ? Eigen::Vector3d::UnitX() : Eigen::Vector3d::UnitY();
        g.direction.col(1) = a.cross(helper).normalized();
    }
    if (spatial.size() <= 2)
        g.direction.col(2) = g.direction.col(0).cross(g.direction.col(1)).normalized();
    for (std::size_t s = spatial.size(); s < 3; ++s) {
        g.size[s] = 1;
        g.spacing[static_cast<Eigen::Index>(s)] = 1.0;
    }
    g.origin = origin;
    requirePhysicalGeometry(g, "NRRD file " + ctx.file);
    return g;
}

std::string dims(const Geometry& g) {
    return std::to_string(g.size[0]) + " × " + std::to_string(g.size[1]) + " × " +
           std::to_string(g.size[2]);
}

/// The voxels of the file as bytes in the file's scalar type (binary
/// encodings) or as numbers (ascii).
struct Loaded {
    Geometry geometry;
    Scalar scalar = Scalar::Uint8;
    bool swap = false;
    std::vector<unsigned char> bytes;
    std::vector<double> numbers;

    std::size_t voxelCount() const { return geometry.voxelCount(); }
    double value(std::size_t v) const;
};

template <class T> double decodeAs(const unsigned char* p, bool swap) {
    std::array<unsigned char, sizeof(T)> b;
    std::memcpy(b.data(), p, sizeof(T));
    if (swap)
        std::reverse(b.begin(), b.end());
    T value;
    std::memcpy(&value, b.data(), sizeof(T));
    return static_cast<double>(value);
}

double Loaded::value(std::size_t v) const {
    if (!numbers.empty())
        return numbers[v];
    const unsigned char* p = bytes.data() + v * static_cast<std::size_t>(scalarBytes(scalar));
    switch (scalar) {
    case Scalar::Int8:
        return decodeAs<std::int8_t>(p, swap);
    case Scalar::Uint8:
        return decodeAs<std::uint8_t>(p, swap);
    case Scalar::Int16:
        return decodeAs<std::int16_t>(p, swap);
    case Scalar::Uint16:
        return decodeAs<std::uint16_t>(p, swap);
    case Scalar::Int32:
        return decodeAs<std::int32_t>(p, swap);
    case Scalar::Uint32:
        return decodeAs<std::uint32_t>(p, swap);
    case Scalar::Int64:
        return decodeAs<std::int64_t>(p, swap);
    case Scalar::Uint64:
        return decodeAs<std::uint64_t>(p, swap);
    case Scalar::Float:
        return decodeAs<float>(p, swap);
    case Scalar::Double:
        return decodeAs<double>(p, swap);
    }
    return 0.0;
}

bool hostIsBigEndian() {
    const std::uint16_t one = 1;
    unsigned char first = 0;
    std::memcpy(&first, &one, 1);
    return first == 0;
}

/// Skips `lines` lines of `in`; fails at the end of the file.
void skipLines(std::istream& in, std::int64_t lines, const Context& ctx) {
    for (std::int64_t l = 0; l < lines; ++l) {
        char c = 0;
        while (true) {
            if (!in.get(c))
                ctx.field("line skip", "the data file ends within the skipped lines");
            if (c == '\n')
                break;
        }
    }
}

std::uint64_t remainingBytes(std::istream& in) {
    const auto here = in.tellg();
    in.seekg(0, std::ios::end);
    const auto end = in.tellg();
    in.seekg(here);
    return here < 0 || end < here ? 0 : static_cast<std::uint64_t>(end - here);
}

/// Inflates the gzip data starting at byte `offset` of `dataFile` into
/// `out` after discarding `skip` decompressed bytes (io::GzipInput: every
/// member's CRC-32 and size checked).
void inflateInto(const std::filesystem::path& dataFile, std::uint64_t offset, std::uint64_t skip,
                 std::vector<unsigned char>& out, const Context& ctx) {
    io::GzipInput gz(dataFile, "NRRD file", offset);
    if (!gz.compressed())
        ctx.fail("the data is not gzip-compressed (\"encoding: gzip\")");
    std::array<unsigned char, 1u << 14> discard;
    while (skip > 0) {
        const std::size_t n =
            gz.read(discard.data(), std::min<std::uint64_t>(skip, discard.size()));
        if (n == 0)
            ctx.fail("truncated gzip data (byte skip " + std::to_string(skip) +
                     " beyond the decompressed data)");
        skip -= n;
    }
    std::size_t written = 0;
    while (written < out.size()) {
        const std::size_t n = gz.read(out.data() + written, out.size() - written);
        if (n == 0)
            break;
        written += n;
    }
    if (written < out.size())
        ctx.fail("truncated gzip data (expected " + std::to_string(out.size()) +
                 " bytes after decompression, found " + std::to_string(written) + ")");
}

int hexDigit(int c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    c = std::tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

Loaded load(const std::filesystem::path& path, std::size_t outputBytesPerVoxel) {
    const Context ctx{path.string()};
    const Header h = readHeader(path, ctx);
    Loaded out;
    out.geometry = geometryOf(h, ctx);
    out.scalar = h.scalar;
    out.swap = h.bigEndian.value_or(false) != hostIsBigEndian() && scalarBytes(h.scalar) > 1;

    const std::filesystem::path dataPath = h.dataFile.empty() ? path
                                           : std::filesystem::path(h.dataFile).is_absolute()
                                               ? std::filesystem::path(h.dataFile)
                                               : path.parent_path() / h.dataFile;
    std::ifstream in(dataPath, std::ios::binary);
    if (!in)
        ctx.field("data file", "cannot open " + dataPath.string());
    if (h.dataFile.empty())
        in.seekg(static_cast<std::streamoff>(h.dataOffset));
    skipLines(in, h.lineSkip, ctx);

    const std::uint64_t count = out.geometry.voxelCount();
    const auto bytesPer = static_cast<std::uint64_t>(scalarBytes(h.scalar));
    const std::uint64_t dataBytes = budget::product({count, bytesPer});
    const std::uint64_t available = remainingBytes(in);
    const std::string what = dims(out.geometry) + " voxels";
    if (h.byteSkip == -1 && h.encoding != Encoding::Raw)
        ctx.field("byte skip", "-1 is only allowed with raw encoding");

    switch (h.encoding) {
    case Encoding::Raw: {
        const std::uint64_t skip = h.byteSkip == -1 ? 0 : static_cast<std::uint64_t>(h.byteSkip);
        budget::requireInFile(budget::sum(skip, dataBytes), available, "NRRD file " + ctx.file,
                              "byte skip plus " + what);
        budget::requireMemory(budget::product({count, bytesPer + outputBytesPerVoxel}),
                              "NRRD file " + ctx.file, "reading " + what);
        if (h.byteSkip == -1)
            in.seekg(-static_cast<std::streamoff>(dataBytes), std::ios::end);
        else
            in.seekg(static_cast<std::streamoff>(skip), std::ios::cur);
        out.bytes.resize(static_cast<std::size_t>(dataBytes));
        in.read(reinterpret_cast<char*>(out.bytes.data()),
                static_cast<std::streamsize>(out.bytes.size()));
        if (static_cast<std::uint64_t>(in.gcount()) != dataBytes)
            ctx.fail("truncated data");
        break;
    }
    case Encoding::Gzip: {
        const std::uint64_t bound = budget::product({available, kMaxDeflateRatio});
        budget::requireInFile(budget::sum(static_cast<std::uint64_t>(h.byteSkip), dataBytes), bound,
                              "NRRD file " + ctx.file,
                              "byte skip plus " + what + " (gzip, at most 1032:1)");
        budget::requireMemory(budget::product({count, bytesPer + outputBytesPerVoxel}),
                              "NRRD file " + ctx.file, "reading " + what);
        const auto offset = in.tellg();
        if (offset < 0)
            ctx.fail("cannot locate the gzip data");
        out.bytes.resize(static_cast<std::size_t>(dataBytes));
        inflateInto(dataPath, static_cast<std::uint64_t>(offset),
                    static_cast<std::uint64_t>(h.byteSkip), out.bytes, ctx);
        break;
    }
    case Encoding::Hex: {
        budget::requireInFile(
            budget::sum(static_cast<std::uint64_t>(h.byteSkip), budget::product({dataBytes, 2})),
            available, "NRRD file " + ctx.file, what + " (hex)");
        budget::requireMemory(budget::product({count, bytesPer + outputBytesPerVoxel}),
                              "NRRD file " + ctx.file, "reading " + what);
        in.seekg(static_cast<std::streamoff>(h.byteSkip), std::ios::cur);
        out.bytes.resize(static_cast<std::size_t>(dataBytes));
        std::size_t nibbles = 0;
        char c = 0;
        while (nibbles < 2 * out.bytes.size() && in.get(c)) {
            if (std::isspace(static_cast<unsigned char>(c)))
                continue;
            const int d = hexDigit(static_cast<unsigned char>(c));
            if (d < 0)
                ctx.fail(std::string("hex data holds the character '") + c + "'");
            auto& b = out.bytes[nibbles / 2];
            b = static_cast<unsigned char>(nibbles % 2 == 0 ? d << 4 : b | d);
            ++nibbles;
        }
        if (nibbles < 2 * out.bytes.size())
            ctx.fail("truncated hex data");
        break;
    }
    case Encoding::Ascii: {
        // Every value takes at least one character plus a separator.
        budget::requireInFile(budget::sum(static_cast<std::uint64_t>(h.byteSkip), count),
                              budget::sum(available, 1), "NRRD file " + ctx.file,
                              what + " (ascii)");
        budget::requireMemory(budget::product({count, sizeof(double) + outputBytesPerVoxel}),
                              "NRRD file " + ctx.file, "reading " + what);
        in.seekg(static_cast<std::streamoff>(h.byteSkip), std::ios::cur);
        out.numbers.resize(static_cast<std::size_t>(count));
        std::string token;
        for (std::size_t v = 0; v < out.numbers.size(); ++v) {
            token.clear();
            char c = 0;
            while (in.get(c) && (std::isspace(static_cast<unsigned char>(c)) || c == ','))
                ;
            if (!in)
                ctx.fail("ascii data end after " + std::to_string(v) + " of " +
                         std::to_string(count) + " values");
            token += c;
            while (in.get(c) && !std::isspace(static_cast<unsigned char>(c)) && c != ',') {
                token += c;
                if (token.size() > 64)
                    ctx.fail("ascii value " + std::to_string(v) + " is too long");
            }
            out.numbers[v] = parseDouble(token, ctx, "ascii data value " + std::to_string(v));
        }
        break;
    }
    }
    return out;
}

} // namespace

StoredType storedType(const std::filesystem::path& file) {
    const Header h = readHeader(file, Context{file.string()});
    static const std::map<Scalar, const char*> kNames = {
        {Scalar::Int8, "int8"},     {Scalar::Uint8, "uint8"},   {Scalar::Int16, "int16"},
        {Scalar::Uint16, "uint16"}, {Scalar::Int32, "int32"},   {Scalar::Uint32, "uint32"},
        {Scalar::Int64, "int64"},   {Scalar::Uint64, "uint64"}, {Scalar::Float, "float32"},
        {Scalar::Double, "float64"}};
    return StoredType{kNames.at(h.scalar), h.dimension};
}

bool isNrrdPath(const std::filesystem::path& file) {
    const std::string ext = lower(file.extension().string());
    return ext == ".nrrd" || ext == ".nhdr";
}

Volume readVolume(const std::filesystem::path& file) {
    const Loaded loaded = load(file, sizeof(float));
    Volume volume(loaded.geometry);
    FiniteVoxelCheck finite(loaded.geometry);
    for (std::size_t v = 0; v < loaded.voxelCount(); ++v) {
        volume.voxels[v] = narrowToFloat(loaded.value(v));
        finite.add(v, volume.voxels[v]);
    }
    finite.require("NRRD file " + file.string());
    volume.unit = IntensityUnit::RescaledValue;
    volume.unitNote = "NRRD values";
    return volume;
}

Mask readMask(const std::filesystem::path& file) {
    const Loaded loaded = load(file, sizeof(std::uint8_t));
    Mask mask(loaded.geometry);
    FiniteVoxelCheck finite(loaded.geometry);
    for (std::size_t v = 0; v < loaded.voxelCount(); ++v) {
        const double value = loaded.value(v);
        finite.add(v, value);
        mask.voxels[v] = value != 0.0 ? 1 : 0;
    }
    finite.require("NRRD mask " + file.string());
    return mask;
}

LabelMap readLabelMap(const std::filesystem::path& file) {
    const Loaded loaded = load(file, sizeof(std::uint16_t));
    LabelMap labels(loaded.geometry);
    for (std::size_t v = 0; v < loaded.voxelCount(); ++v) {
        const double value = loaded.value(v);
        if (!(value >= 0.0 && value <= 65535.0) || value != std::floor(value))
            throw Error("NRRD label map " + file.string() + ": voxel " + std::to_string(v) +
                        " holds " + std::to_string(value) +
                        ", not a label (a whole number in 0..65535)");
        labels.voxels[v] = static_cast<std::uint16_t>(value);
    }
    return labels;
}

} // namespace rgw::nrrd
