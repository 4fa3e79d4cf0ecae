#pragma once

// Sequential reading of a file (from an offset) that may be gzip-compressed
// (RFC 1952: one or more members) or not, as the bytes of its decompressed
// stream; NIfTI's .nii.gz and NRRD's gzip encoding read through it. Inflated by
// ISA-L's igzip (about twice zlib's speed on CT volumes: the .nii.gz route of
// an extraction spends most of its reading time inflating), streaming through
// a fixed input buffer; each member's CRC-32 and size are checked. Bytes after
// the last member that do not start another one are ignored, as zlib's gzread
// does.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

struct inflate_state;

namespace rgw::io {

class GzipInput {
public:
    /// Opens `file` and reads from byte `offset` on (where a format's
    /// compressed data starts, e.g. after an NRRD header); throws rgw::Error
    /// "<what> <file>: cannot open" when it cannot be read or positioned.
    /// `what` names the file's kind in messages ("NIfTI file").
    GzipInput(const std::filesystem::path& file, std::string what, std::uint64_t offset = 0);
    ~GzipInput();
    GzipInput(const GzipInput&) = delete;
    GzipInput& operator=(const GzipInput&) = delete;

    /// Whether the file is gzip-compressed (starts with the gzip magic bytes).
    bool compressed() const { return compressed_; }

    /// Reads up to `n` bytes into `out`; fewer only at the end of the stream.
    /// Throws rgw::Error naming the file for corrupt or truncated compressed
    /// data and for read errors.
    std::size_t read(void* out, std::size_t n);

private:
    /// Refills the input buffer; false at the end of the file.
    bool refill();
    [[noreturn]] void fail(const std::string& why) const;

    std::string name_;
    std::FILE* file_ = nullptr;
    bool compressed_ = false;
    bool finished_ = false; ///< the stream has ended (last member done, or plain EOF)
    std::vector<unsigned char> in_;
    std::size_t inStart_ = 0, inEnd_ = 0; ///< unread part of in_ (plain files, member starts)
    std::unique_ptr<inflate_state> state_;
};

} // namespace rgw::io
