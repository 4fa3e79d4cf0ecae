#pragma once

// A NIfTI-1 file laid out byte by byte from nifti1.h (offsets in the comments
// there), independent of the reader's own encoder: for tests of the reader on
// valid and on hostile headers.

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <vector>
#include <zlib.h>

namespace rgw::test {

struct RawNifti {
    std::vector<unsigned char> bytes = std::vector<unsigned char>(352, 0);

    template <class T> void set(std::size_t offset, T value) {
        std::memcpy(bytes.data() + offset, &value, sizeof(T));
    }
    /// dim = {3, nx, ny, nz}, pixdim 1 mm, vox_offset 352, magic "n+1".
    RawNifti(std::int16_t nx, std::int16_t ny, std::int16_t nz, std::int16_t datatype,
             std::int16_t bitpix) {
        set<std::int32_t>(0, 348); // sizeof_hdr
        const std::int16_t dim[8] = {3, nx, ny, nz, 1, 1, 1, 1};
        for (std::size_t i = 0; i < 8; ++i)
            set<std::int16_t>(40 + 2 * i, dim[i]);
        set<std::int16_t>(70, datatype);
        set<std::int16_t>(72, bitpix);
        for (std::size_t i = 1; i <= 3; ++i)
            set<float>(76 + 4 * i, 1.0f); // pixdim
        set<float>(108, 352.0f);          // vox_offset
        std::memcpy(bytes.data() + 344, "n+1", 4);
    }
    void pixdim(float qfac, float dx, float dy, float dz) {
        set<float>(76, qfac);
        set<float>(80, dx);
        set<float>(84, dy);
        set<float>(88, dz);
    }
    void voxOffset(float offset) { set<float>(108, offset); }
    void scaling(float slope, float inter) {
        set<float>(112, slope);
        set<float>(116, inter);
    }
    void qform(std::int16_t code, float b, float c, float d, float x, float y, float z) {
        set<std::int16_t>(252, code);
        const float q[6] = {b, c, d, x, y, z};
        for (std::size_t i = 0; i < 6; ++i)
            set<float>(256 + 4 * i, q[i]);
    }
    void sform(std::int16_t code, const float rows[3][4]) {
        set<std::int16_t>(254, code);
        for (std::size_t r = 0; r < 3; ++r)
            for (std::size_t c = 0; c < 4; ++c)
                set<float>(280 + 16 * r + 4 * c, rows[r][c]);
    }
    template <class T> void append(const std::vector<T>& data) {
        const auto* p = reinterpret_cast<const unsigned char*>(data.data());
        bytes.insert(bytes.end(), p, p + data.size() * sizeof(T));
    }
    void write(const std::filesystem::path& file) const {
        std::ofstream out(file, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()),
                  static_cast<std::streamsize>(bytes.size()));
    }
    /// One gzip member per part (a multi-member file when splits are given).
    void writeGzip(const std::filesystem::path& file, std::vector<std::size_t> splits = {}) const {
        std::ofstream(file, std::ios::binary | std::ios::trunc).close();
        splits.push_back(bytes.size());
        std::size_t begin = 0;
        for (const std::size_t end : splits) {
            gzFile_s* gz = gzopen(file.string().c_str(), "ab");
            ASSERT_NE(gz, nullptr);
            gzwrite(gz, bytes.data() + begin, static_cast<unsigned>(end - begin));
            gzclose(gz);
            begin = end;
        }
    }
};

} // namespace rgw::test
