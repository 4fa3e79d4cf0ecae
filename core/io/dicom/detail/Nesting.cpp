#include "io/dicom/detail/Nesting.h"

#include "util/Error.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <vector>

namespace rgw::dicom::detail {
namespace {

constexpr std::uint32_t kUndefinedLength = 0xFFFFFFFFu;
constexpr std::uint16_t kItemGroup = 0xFFFE;
constexpr std::uint16_t kItem = 0xE000, kItemDelimitation = 0xE00D, kSequenceDelimitation = 0xE0DD;

/// How the elements of a data set (or of a nested part) are encoded.
struct Encoding {
    bool implicitVr = false;
    bool bigEndian = false;
};

/// Little/big-endian reads through a 64 kB window of the file; skips only
/// move the position, so walking a header costs one or two reads and a large
/// value (pixel data) is jumped over without reading it.
class ByteReader {
public:
    explicit ByteReader(const std::filesystem::path& file) : window_(new unsigned char[kWindow]) {
        in_.rdbuf()->pubsetbuf(nullptr, 0); // the window is the buffer
        in_.open(file, std::ios::binary);
        std::error_code ec;
        size_ = std::filesystem::file_size(file, ec);
        if (ec || !in_)
            size_ = 0;
    }
    std::uint64_t position() const { return position_; }
    bool has(std::uint64_t bytes) const { return bytes <= size_ - position_; }
    bool read(void* out, std::size_t bytes) {
        if (!has(bytes) || !load(bytes))
            return false;
        std::memcpy(out, window_.get() + (position_ - windowStart_), bytes);
        position_ += bytes;
        return true;
    }
    bool skip(std::uint64_t bytes) {
        if (!has(bytes))
            return false;
        position_ += bytes;
        return true;
    }
    bool seek(std::uint64_t position) {
        if (position > size_)
            return false;
        position_ = position;
        return true;
    }
    bool u16(std::uint16_t& v, bool bigEndian) {
        std::array<unsigned char, 2> b{};
        if (!read(b.data(), 2))
            return false;
        v = bigEndian ? static_cast<std::uint16_t>(b[0] << 8 | b[1])
                      : static_cast<std::uint16_t>(b[1] << 8 | b[0]);
        return true;
    }
    bool u32(std::uint32_t& v, bool bigEndian) {
        std::array<unsigned char, 4> b{};
        if (!read(b.data(), 4))
            return false;
        v = bigEndian ? (std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 |
                         std::uint32_t{b[2]} << 8 | b[3])
                      : (std::uint32_t{b[3]} << 24 | std::uint32_t{b[2]} << 16 |
                         std::uint32_t{b[1]} << 8 | b[0]);
        return true;
    }

private:
    static constexpr std::size_t kWindow = 1u << 16;
    static constexpr std::size_t kFirstWindow = 1u << 13;

    /// Makes [position_, position_ + bytes) lie in the window (bytes ≤ kWindow).
    bool load(std::size_t bytes) {
        if (position_ >= windowStart_ && position_ + bytes <= windowStart_ + windowLength_)
            return true;
        if (bytes > kWindow)
            return false;
        // The first read is small: most headers end within a few kilobytes,
        // and the pixel data after them is skipped, not read.
        const std::size_t want = loads_++ == 0 ? kFirstWindow : kWindow;
        in_.clear();
        in_.seekg(static_cast<std::streamoff>(position_));
        in_.read(reinterpret_cast<char*>(window_.get()),
                 static_cast<std::streamsize>(std::max(want, bytes)));
        windowStart_ = position_;
        windowLength_ = static_cast<std::size_t>(in_.gcount());
        return bytes <= windowLength_;
    }

    std::ifstream in_;
    std::unique_ptr<unsigned char[]> window_; // not zeroed: only bytes read are used
    std::uint64_t windowStart_ = 0;
    std::size_t windowLength_ = 0;
    int loads_ = 0;
    std::uint64_t size_ = 0;
    std::uint64_t position_ = 0;
};

/// VRs whose explicit length field is 4 bytes after 2 reserved ones.
bool hasLongLength(const std::array<char, 2>& vr) {
    static constexpr std::array<const char*, 14> kLong = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ",
                                                          "SV", "UC", "UN", "UR", "UT", "UV", "OX"};
    for (const char* v : kLong)
        if (vr[0] == v[0] && vr[1] == v[1])
            return true;
    return false;
}

/// An open nesting level: a sequence, an item, or encapsulated pixel data
/// (whose items are fragments of compressed bytes, not data sets). `end` is
/// the byte after a defined-length one; undefined lengths end with a
/// delimitation item.
struct Level {
    enum class Kind { Sequence, Item, Fragments } kind;
    std::uint64_t end = 0;
    bool defined = false;
    Encoding encoding;
};

/// Reads the File Meta Information (explicit VR little endian, group 0002)
/// after the preamble and returns the data set's encoding; `deflated` when
/// the data set is compressed as a whole.
Encoding metaEncoding(ByteReader& r, bool& deflated) {
    Encoding encoding;
    std::array<char, 4> magic{};
    if (!(r.skip(128) && r.read(magic.data(), 4) &&
          magic == std::array<char, 4>{'D', 'I', 'C', 'M'})) {
        // No preamble: a raw data set; guess explicit VR from two letters.
        r.seek(0);
        std::array<unsigned char, 6> head{};
        if (r.read(head.data(), 6))
            encoding.implicitVr =
                !(head[4] >= 'A' && head[4] <= 'Z' && head[5] >= 'A' && head[5] <= 'Z');
        r.seek(0);
        return encoding;
    }
    std::string syntax;
    for (;;) {
        const std::uint64_t start = r.position();
        std::uint16_t group = 0, element = 0;
        if (!r.u16(group, false) || group != 0x0002) {
            r.seek(start);
            break;
        }
        std::array<char, 2> vr{};
        std::uint32_t length = 0;
        std::uint16_t shortLength = 0;
        if (!r.u16(element, false) || !r.read(vr.data(), 2))
            break;
        if (hasLongLength(vr)) {
            if (!r.skip(2) || !r.u32(length, false))
                break;
        } else {
            if (!r.u16(shortLength, false))
                break;
            length = shortLength;
        }
        if (element == 0x0010 && length < 256) {
            syntax.resize(length);
            if (!r.read(syntax.data(), length))
                break;
        } else if (length == kUndefinedLength || !r.skip(length)) {
            break;
        }
    }
    while (!syntax.empty() && (syntax.back() == '\0' || syntax.back() == ' '))
        syntax.pop_back();
    encoding.implicitVr = syntax == "1.2.840.10008.1.2";
    encoding.bigEndian = syntax == "1.2.840.10008.1.2.2";
    deflated = syntax == "1.2.840.10008.1.2.1.99";
    return encoding;
}

} // namespace

int sequenceDepth(const std::filesystem::path& file) {
    ByteReader r(file);
    bool deflated = false;
    const Encoding top = metaEncoding(r, deflated);
    if (deflated)
        return 0;
    std::vector<Level> open;
    int sequences = 0, deepest = 0;
    const auto push = [&](Level level) {
        if (level.kind == Level::Kind::Sequence)
            deepest = std::max(deepest, ++sequences);
        open.push_back(level);
    };
    const auto pop = [&] {
        if (open.back().kind == Level::Kind::Sequence)
            --sequences;
        open.pop_back();
    };
    // Each turn reads at least 8 bytes, so the walk ends within size / 8 turns.
    while (deepest <= kMaxSequenceDepth && r.has(8)) {
        while (!open.empty() && open.back().defined && r.position() >= open.back().end)
            pop();
        const Encoding e = open.empty() ? top : open.back().encoding;
        std::uint16_t group = 0, element = 0;
        if (!r.u16(group, e.bigEndian) || !r.u16(element, e.bigEndian))
            break;
        if (group == kItemGroup) {
            std::uint32_t length = 0;
            if (!r.u32(length, e.bigEndian))
                break;
            if (element == kItem) {
                const bool fragment = !open.empty() && open.back().kind == Level::Kind::Fragments;
                if (fragment || open.empty()) { // a fragment, or a stray item: skip it
                    if (length != kUndefinedLength && !r.skip(length))
                        break;
                    continue;
                }
                if (length == kUndefinedLength)
                    push({Level::Kind::Item, 0, false, e});
                else
                    push({Level::Kind::Item, r.position() + length, true, e});
            } else if (element == kItemDelimitation) {
                while (!open.empty() && open.back().kind != Level::Kind::Item)
                    pop();
                if (!open.empty())
                    pop();
            } else if (element == kSequenceDelimitation) {
                while (!open.empty() && open.back().kind == Level::Kind::Item)
                    pop();
                if (!open.empty())
                    pop();
            }
            continue;
        }
        std::array<char, 2> vr{'U', 'N'};
        std::uint32_t length = 0;
        if (e.implicitVr) {
            if (!r.u32(length, e.bigEndian))
                break;
        } else {
            if (!r.read(vr.data(), 2))
                break;
            if (hasLongLength(vr)) {
                if (!r.skip(2) || !r.u32(length, e.bigEndian))
                    break;
            } else {
                std::uint16_t shortLength = 0;
                if (!r.u16(shortLength, e.bigEndian))
                    break;
                length = shortLength;
            }
        }
        const bool pixelData = group == 0x7FE0 && element == 0x0010;
        if (length == kUndefinedLength) {
            if (pixelData) {
                push({Level::Kind::Fragments, 0, false, e});
            } else {
                // SQ, or UN of undefined length: a sequence in implicit VR
                // little endian (PS3.5 6.2.2).
                Encoding inner = e;
                if (vr == std::array<char, 2>{'U', 'N'})
                    inner = {true, false};
                push({Level::Kind::Sequence, 0, false, inner});
            }
            continue;
        }
        // A defined-length value is a sequence when its VR says so or, with
        // no VR to tell (implicit VR, UN), when it starts with an item tag.
        bool sequence = vr == std::array<char, 2>{'S', 'Q'};
        const bool unknownVr = e.implicitVr || vr == std::array<char, 2>{'U', 'N'};
        if (!sequence && unknownVr && length >= 8 && !pixelData) {
            const std::uint64_t start = r.position();
            std::uint16_t g = 0, el = 0;
            Encoding inner = e;
            if (!e.implicitVr)
                inner = {true, false};
            sequence = r.u16(g, inner.bigEndian) && r.u16(el, inner.bigEndian) && g == kItemGroup &&
                       el == kItem;
            r.seek(start);
            if (sequence) {
                push({Level::Kind::Sequence, start + length, true, inner});
                continue;
            }
        }
        if (sequence) {
            push({Level::Kind::Sequence, r.position() + length, true, e});
            continue;
        }
        if (!r.skip(length))
            break; // runs past the end: the parser reports the truncation
    }
    return deepest;
}

void requireBoundedNesting(const std::filesystem::path& file) {
    if (sequenceDepth(file) > kMaxSequenceDepth)
        throw Error(file.string() + ": sequences nested more than " +
                    std::to_string(kMaxSequenceDepth) +
                    " deep — not a DICOM object this workstation reads (real objects nest a "
                    "few levels)");
}

} // namespace rgw::dicom::detail
