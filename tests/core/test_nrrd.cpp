// NRRD reader: small hand-written files (attached and detached data; raw,
// gzip, ascii and hex encodings; both endiannesses; every scalar type; LPS,
// RAS and LAS spaces; spacings without space), bad headers, and PyRadiomics'
// brain1 image and label map checked against their header values.
#include "TestData.h"
#include "io/nrrd/Nrrd.h"
#include "util/Error.h"

#include <cstring>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <vector>
#include <zlib.h>

namespace {

namespace fs = std::filesystem;
using rgw::test::TempDir;

void writeBytes(const fs::path& file, const std::string& header, const std::string& data) {
    std::ofstream out(file, std::ios::binary);
    out << header;
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

std::string gzipOf(const std::string& data) {
    z_stream z{};
    EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&z, data.size()) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

template <class T> std::string bytesOf(const std::vector<T>& values, bool bigEndian) {
    std::string out;
    for (T v : values) {
        char b[sizeof(T)];
        std::memcpy(b, &v, sizeof(T));
        if (bigEndian)
            std::reverse(b, b + sizeof(T));
        out.append(b, sizeof(T));
    }
    return out;
}

// 3 × 2 × 2 voxels, value = 10 k + 3 j + i - 4 (some negative).
std::vector<double> ramp() {
    std::vector<double> v;
    for (int k = 0; k < 2; ++k)
        for (int j = 0; j < 2; ++j)
            for (int i = 0; i < 3; ++i)
                v.push_back(10 * k + 3 * j + i - 4);
    return v;
}

std::string header(const std::string& type, const std::string& encoding,
                   const std::string& extra = "endian: little\n") {
    return "NRRD0004\n# a comment\ntype: " + type +
           "\ndimension: 3\nspace: left-posterior-superior\nsizes: 3 2 2\n"
           "space directions: (0.5,0,0) (0,-0.75,0) (0,0,2.5)\n"
           "kinds: domain domain domain\nencoding: " +
           encoding + "\nspace origin: (-10,20.5,-30)\nsome key:=some value\n" + extra + "\n";
}

void expectRamp(const rgw::Volume& v) {
    ASSERT_EQ(v.voxels.size(), 12u);
    const auto expected = ramp();
    for (std::size_t i = 0; i < 12; ++i)
        EXPECT_EQ(v.voxels[i], static_cast<float>(expected[i])) << i;
}

TEST(Nrrd, GeometryFromSpaceDirectionsAndOrigin) {
    TempDir dir;
    std::vector<std::int16_t> values;
    for (double d : ramp())
        values.push_back(static_cast<std::int16_t>(d));
    writeBytes(dir.path() / "a.nrrd", header("short", "raw"), bytesOf(values, false));
    const auto v = rgw::nrrd::readVolume(dir.path() / "a.nrrd");
    expectRamp(v);
    EXPECT_EQ(v.geometry.size, (std::array<std::int64_t, 3>{3, 2, 2}));
    EXPECT_DOUBLE_EQ(v.geometry.spacing[0], 0.5);
    EXPECT_DOUBLE_EQ(v.geometry.spacing[1], 0.75);
    EXPECT_DOUBLE_EQ(v.geometry.spacing[2], 2.5);
    EXPECT_DOUBLE_EQ(v.geometry.direction(1, 1), -1.0);
    EXPECT_DOUBLE_EQ(v.geometry.origin[0], -10.0);
    EXPECT_DOUBLE_EQ(v.geometry.origin[1], 20.5);
    EXPECT_DOUBLE_EQ(v.geometry.origin[2], -30.0);
}

TEST(Nrrd, EveryScalarTypeBothEndiannesses) {
    TempDir dir;
    const auto r = ramp();
    auto check = [&](const std::string& type, const std::string& data, bool big) {
        const fs::path f = dir.path() / (type + (big ? "-big" : "-little") + ".nrrd");
        writeBytes(f, header(type, "raw", big ? "endian: big\n" : "endian: little\n"), data);
        SCOPED_TRACE(type);
        expectRamp(rgw::nrrd::readVolume(f));
    };
    for (bool big : {false, true}) {
        check("int8", bytesOf(std::vector<std::int8_t>(r.begin(), r.end()), big), big);
        check("int16_t", bytesOf(std::vector<std::int16_t>(r.begin(), r.end()), big), big);
        check("int", bytesOf(std::vector<std::int32_t>(r.begin(), r.end()), big), big);
        check("long long", bytesOf(std::vector<std::int64_t>(r.begin(), r.end()), big), big);
        check("float", bytesOf(std::vector<float>(r.begin(), r.end()), big), big);
        check("double", bytesOf(r, big), big);
    }
    // Unsigned types: shift the ramp to non-negative values.
    std::vector<double> shifted;
    for (double d : r)
        shifted.push_back(d + 4);
    for (const auto& [type, data] : std::vector<std::pair<std::string, std::string>>{
             {"uchar", bytesOf(std::vector<std::uint8_t>(shifted.begin(), shifted.end()), true)},
             {"ushort", bytesOf(std::vector<std::uint16_t>(shifted.begin(), shifted.end()), true)},
             {"uint32", bytesOf(std::vector<std::uint32_t>(shifted.begin(), shifted.end()), true)},
             {"uint64",
              bytesOf(std::vector<std::uint64_t>(shifted.begin(), shifted.end()), true)}}) {
        const fs::path f = dir.path() / (type + ".nrrd");
        writeBytes(f, header(type, "raw", "endian: big\n"), data);
        const auto v = rgw::nrrd::readVolume(f);
        for (std::size_t i = 0; i < 12; ++i)
            EXPECT_EQ(v.voxels[i], static_cast<float>(shifted[i])) << type << " " << i;
    }
}

std::string errorOf(const fs::path& file) {
    try {
        (void)rgw::nrrd::readVolume(file);
    } catch (const rgw::Error& e) {
        return e.what();
    }
    return {};
}

TEST(Nrrd, GzipAsciiHexAndDetachedData) {
    TempDir dir;
    const auto r = ramp();
    const std::string raw = bytesOf(std::vector<std::int16_t>(r.begin(), r.end()), false);
    writeBytes(dir.path() / "g.nrrd", header("short", "gzip"), gzipOf(raw));
    expectRamp(rgw::nrrd::readVolume(dir.path() / "g.nrrd"));
    // Byte skip counts decompressed bytes; the data may span two gzip members.
    const std::string skipped = "0123456" + raw;
    writeBytes(dir.path() / "s.nrrd", header("short", "gzip", "endian: little\nbyte skip: 7\n"),
               gzipOf(skipped.substr(0, 11)) + gzipOf(skipped.substr(11)));
    expectRamp(rgw::nrrd::readVolume(dir.path() / "s.nrrd"));
    // A corrupted CRC-32 or a cut member is an error naming the file.
    std::string corrupt = gzipOf(raw);
    corrupt[corrupt.size() - 6] ^= 0x40; // CRC-32 trailer
    writeBytes(dir.path() / "c.nrrd", header("short", "gzip"), corrupt);
    const std::string crc = errorOf(dir.path() / "c.nrrd");
    EXPECT_NE(crc.find((dir.path() / "c.nrrd").string()), std::string::npos) << crc;
    EXPECT_NE(crc.find("CRC-32"), std::string::npos) << crc;
    writeBytes(dir.path() / "cut.nrrd", header("short", "gzip"),
               gzipOf(raw).substr(0, gzipOf(raw).size() / 2));
    const std::string cut = errorOf(dir.path() / "cut.nrrd");
    EXPECT_NE(cut.find((dir.path() / "cut.nrrd").string()), std::string::npos) << cut;
    EXPECT_NE(cut.find("truncated"), std::string::npos) << cut;

    std::string text;
    for (double d : r)
        text += std::to_string(static_cast<int>(d)) + (text.size() % 3 ? "\n" : " ");
    writeBytes(dir.path() / "t.nrrd", header("float", "ascii", ""), text);
    expectRamp(rgw::nrrd::readVolume(dir.path() / "t.nrrd"));

    std::string hex;
    const char* digits = "0123456789abcdef";
    for (unsigned char c : raw) {
        hex += digits[c >> 4];
        hex += digits[c & 15];
        hex += ' ';
    }
    writeBytes(dir.path() / "h.nrrd", header("short", "hex"), hex);
    expectRamp(rgw::nrrd::readVolume(dir.path() / "h.nrrd"));

    // Detached header: data file relative to the header, with line and byte skips.
    writeBytes(dir.path() / "d.raw", "first line\nsecond line\nXYZ", raw);
    std::string nhdr =
        header("short", "raw", "endian: little\ndata file: d.raw\nline skip: 2\nbyte skip: 3\n");
    nhdr.pop_back(); // detached headers need no empty line
    writeBytes(dir.path() / "d.nhdr", nhdr, "");
    expectRamp(rgw::nrrd::readVolume(dir.path() / "d.nhdr"));

    // byte skip -1: the data are the last bytes of the file.
    writeBytes(dir.path() / "e.raw", "junk of any length", raw);
    writeBytes(dir.path() / "e.nhdr",
               header("short", "raw", "endian: little\ndata file: e.raw\nbyte skip: -1\n"), "");
    expectRamp(rgw::nrrd::readVolume(dir.path() / "e.nhdr"));
}

TEST(Nrrd, RasAndLasConvertedToLps) {
    TempDir dir;
    const std::string data(12, '\1');
    auto geometryIn = [&](const std::string& space) {
        const std::string h = "NRRD0005\ntype: uchar\ndimension: 3\nspace: " + space +
                              "\nsizes: 3 2 2\nspace directions: (2,0,0) (0,3,0) (0,0,4)\n"
                              "encoding: raw\nspace origin: (1,2,3)\n\n";
        writeBytes(dir.path() / "s.nrrd", h, data);
        return rgw::nrrd::readMask(dir.path() / "s.nrrd").geometry;
    };
    const auto ras = geometryIn("right-anterior-superior");
    EXPECT_EQ(ras.origin, Eigen::Vector3d(-1, -2, 3));
    EXPECT_DOUBLE_EQ(ras.direction(0, 0), -1.0);
    EXPECT_DOUBLE_EQ(ras.direction(1, 1), -1.0);
    EXPECT_DOUBLE_EQ(ras.direction(2, 2), 1.0);
    EXPECT_EQ(ras.spacing, Eigen::Vector3d(2, 3, 4));
    const auto las = geometryIn("LAS");
    EXPECT_EQ(las.origin, Eigen::Vector3d(1, -2, 3));
    EXPECT_DOUBLE_EQ(las.direction(1, 1), -1.0);
    const auto lps = geometryIn("left-posterior-superior");
    EXPECT_EQ(lps.origin, Eigen::Vector3d(1, 2, 3));
    EXPECT_TRUE(lps.direction.isIdentity());
}

TEST(Nrrd, SpacingsWithoutSpaceAnd2D) {
    TempDir dir;
    writeBytes(dir.path() / "p.nrrd",
               "NRRD0004\ntype: uint8\ndimension: 2\nsizes: 3 2\nspacings: 0.5 2\n"
               "encoding: raw\n\n",
               std::string("\0\1\2\0\3\0", 6));
    const auto labels = rgw::nrrd::readLabelMap(dir.path() / "p.nrrd");
    EXPECT_EQ(labels.geometry.size, (std::array<std::int64_t, 3>{3, 2, 1}));
    EXPECT_EQ(labels.geometry.spacing, Eigen::Vector3d(0.5, 2, 1));
    EXPECT_EQ(labels.voxels, (std::vector<std::uint16_t>{0, 1, 2, 0, 3, 0}));
    const auto mask = rgw::nrrd::readMask(dir.path() / "p.nrrd");
    EXPECT_EQ(mask.voxels, (std::vector<std::uint8_t>{0, 1, 1, 0, 1, 0}));
}

TEST(Nrrd, BadFilesNameFileAndField) {
    TempDir dir;
    const fs::path f = dir.path() / "bad.nrrd";
    auto expectError = [&](const std::string& content, const std::string& needle) {
        writeBytes(f, content, "");
        const std::string e = errorOf(f);
        EXPECT_NE(e.find(f.string()), std::string::npos) << e;
        EXPECT_NE(e.find(needle), std::string::npos) << "expected '" << needle << "' in: " << e;
    };
    expectError("P5\n", "not an NRRD file");
    expectError(header("short", "raw"), "file holds"); // no data at all
    expectError(header("short", "gzip"), "gzip");      // no gzip data
    expectError(header("complex", "raw"), "field \"type\"");
    expectError(header("short", "bzip2"), "field \"encoding\"");
    expectError(header("short", "raw", ""), "field \"endian\"");
    expectError("NRRD0004\ntype: short\ndimension: 3\nsizes: 3 2\nencoding: raw\n\n",
                "field \"sizes\"");
    expectError("NRRD0004\ntype: uchar\ndimension: 1\nsizes: 2147483648\nencoding: raw\n\n",
                "file holds");
    expectError("NRRD0004\ntype: uchar\nbogus: 1\n\n", "unknown field \"bogus\"");
    expectError("NRRD0004\ntype: uchar\ntype: uchar\n\n", "given twice");
    expectError("NRRD0004\ntype: uchar\ndimension: 3\nsizes: 3 2 2\nencoding: raw\n"
                "space: scanner-xyz\nspace directions: (1,0,0) (0,1,0) (0,0,1)\n\n",
                "field \"space\"");
    expectError("NRRD0004\ntype: uchar\ndimension: 3\nsizes: 3 2 2\nencoding: raw\n"
                "space: LPS\nspace directions: (1,0,0) (0,1,0) (0,0,0)\n\n" +
                    std::string(12, '\0'),
                "space directions");
    expectError("NRRD0004\ntype: uchar\ndimension: 4\nsizes: 3 3 2 2\nencoding: raw\n"
                "space: LPS\nspace directions: none (1,0,0) (0,1,0) (0,0,1)\n\n",
                "non-spatial axis 0");
    expectError("NRRD0004\ntype: uchar\ndimension: 1\nsizes: 2\nencoding: raw\n"
                "data file: missing.raw\n",
                "missing.raw");
    writeBytes(f, "NRRD0004\ntype: float\ndimension: 1\nsizes: 2\nencoding: ascii\n\n1 70000", "");
    EXPECT_EQ(errorOf(f), ""); // a volume may hold any value
    try {
        (void)rgw::nrrd::readLabelMap(f);
        ADD_FAILURE() << "70000 accepted";
    } catch (const rgw::Error&) {
    }
    writeBytes(f, "NRRD0004\ntype: float\ndimension: 1\nsizes: 2\nencoding: ascii\n\n1 0.5", "");
    try {
        (void)rgw::nrrd::readLabelMap(f);
        ADD_FAILURE() << "0.5 accepted as a label";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("not a label"), std::string::npos);
    }
}

// PyRadiomics' test case brain1: header values (short / int, gzip, LPS).
TEST(Nrrd, PyRadiomicsBrain1) {
    const fs::path dir = rgw::test::dataRoot() / "pyradiomics";
    if (!fs::exists(dir / "brain1_image.nrrd"))
        GTEST_SKIP() << "no " << dir;
    const auto image = rgw::nrrd::readVolume(dir / "brain1_image.nrrd");
    const auto labels = rgw::nrrd::readLabelMap(dir / "brain1_label.nrrd");
    for (const auto* g : {&image.geometry, &labels.geometry}) {
        EXPECT_EQ(g->size, (std::array<std::int64_t, 3>{256, 256, 25}));
        EXPECT_DOUBLE_EQ(g->spacing[0], 0.78124999999999989);
        EXPECT_DOUBLE_EQ(g->spacing[1], 0.78124999999999989);
        EXPECT_DOUBLE_EQ(g->spacing[2], 6.4999999999999982);
        EXPECT_DOUBLE_EQ(g->origin[0], -99.609374999999986);
        EXPECT_DOUBLE_EQ(g->origin[1], 99.609374999999986);
        EXPECT_DOUBLE_EQ(g->origin[2], -77.999999999999957);
        EXPECT_DOUBLE_EQ(g->direction(0, 0), 1.0);
        EXPECT_DOUBLE_EQ(g->direction(1, 1), -1.0);
        EXPECT_DOUBLE_EQ(g->direction(2, 2), 1.0);
    }
    EXPECT_TRUE(image.geometry.sameGrid(labels.geometry));
    const auto values = rgw::labelValues(labels);
    ASSERT_FALSE(values.empty());
    EXPECT_EQ(values.front(), 1);
    std::size_t inside = 0;
    for (auto v : labels.voxels)
        inside += v == 1;
    EXPECT_GT(inside, 1000u);
}

} // namespace
