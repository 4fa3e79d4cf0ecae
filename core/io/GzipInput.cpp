#include "io/GzipInput.h"

#include "util/Error.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <isa-l/igzip_lib.h>
#include <string>

namespace rgw::io {
namespace {

constexpr std::size_t kInputBytes = std::size_t{1} << 17;

bool startsMember(const unsigned char* p, std::size_t n) {
    return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

const char* inflateError(int code) {
    switch (code) {
    case ISAL_INVALID_BLOCK:
        return "invalid deflate block";
    case ISAL_INVALID_SYMBOL:
        return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK:
        return "invalid back-reference distance";
    case ISAL_INVALID_WRAPPER:
        return "invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD:
        return "unsupported compression method";
    case ISAL_INCORRECT_CHECKSUM:
        return "CRC-32 or size mismatch";
    default:
        return "corrupt compressed data";
    }
}

/// fseek to a 64-bit offset on every platform.
bool seekTo(std::FILE* file, std::uint64_t offset) {
    if (offset > static_cast<std::uint64_t>(INT64_MAX))
        return false;
#ifdef _WIN32
    return _fseeki64(file, static_cast<__int64>(offset), SEEK_SET) == 0;
#else
    return fseeko(file, static_cast<off_t>(offset), SEEK_SET) == 0;
#endif
}

} // namespace

GzipInput::GzipInput(const std::filesystem::path& file, std::string what, std::uint64_t offset)
    : name_(std::move(what) + " " + file.string()), in_(kInputBytes) {
    file_ = std::fopen(file.string().c_str(), "rb");
    if (!file_)
        throw Error(name_ + ": cannot open (" + std::strerror(errno) + ")");
    if (offset > 0 && !seekTo(file_, offset))
        fail("cannot position at byte " + std::to_string(offset));
    refill();
    compressed_ = startsMember(in_.data(), inEnd_);
    if (compressed_) {
        state_ = std::make_unique<inflate_state>();
        isal_inflate_init(state_.get());
        state_->crc_flag = ISAL_GZIP;
    }
}

GzipInput::~GzipInput() {
    if (file_)
        std::fclose(file_);
}

void GzipInput::fail(const std::string& why) const {
    throw Error(name_ + ": " + why);
}

bool GzipInput::refill() {
    // Keep what is unread (at most the start of a member) at the front.
    const std::size_t kept = inEnd_ - inStart_;
    std::memmove(in_.data(), in_.data() + inStart_, kept);
    inStart_ = 0;
    inEnd_ = kept;
    const std::size_t got = std::fread(in_.data() + kept, 1, in_.size() - kept, file_);
    if (got == 0 && std::ferror(file_))
        fail("read error");
    inEnd_ += got;
    return got > 0;
}

std::size_t GzipInput::read(void* out, std::size_t n) {
    auto* dst = static_cast<unsigned char*>(out);
    std::size_t done = 0;
    if (!compressed_) {
        while (done < n) {
            if (inStart_ == inEnd_ && !refill())
                break;
            const std::size_t take = std::min(n - done, inEnd_ - inStart_);
            std::memcpy(dst + done, in_.data() + inStart_, take);
            inStart_ += take;
            done += take;
        }
        return done;
    }
    while (done < n && !finished_) {
        if (inStart_ == inEnd_ && !refill())
            fail("ends inside its compressed data (truncated)");
        inflate_state& s = *state_;
        s.next_in = in_.data() + inStart_;
        s.avail_in = static_cast<std::uint32_t>(inEnd_ - inStart_);
        s.next_out = dst + done;
        const std::size_t room = std::min<std::size_t>(n - done, std::uint32_t{1} << 30);
        s.avail_out = static_cast<std::uint32_t>(room);
        const int code = isal_inflate(&s);
        if (code < 0 || code == ISAL_NEED_DICT)
            fail(std::string("corrupt compressed data (") + inflateError(code) + ")");
        const std::size_t produced = room - s.avail_out;
        const std::size_t consumed = (inEnd_ - inStart_) - s.avail_in;
        done += produced;
        inStart_ += consumed;
        if (s.block_state != ISAL_BLOCK_FINISH) {
            // No step without more input: append some, or the data ends early
            // (never spin on a state that waits for bytes it was not given).
            if (produced == 0 && consumed == 0 && !refill())
                fail("ends inside its compressed data (truncated)");
            continue;
        }
        // A member ended: another may follow (concatenated gzip files).
        if (inEnd_ - inStart_ < 2)
            refill();
        if (startsMember(in_.data() + inStart_, inEnd_ - inStart_)) {
            isal_inflate_reset(&s);
            s.crc_flag = ISAL_GZIP;
        } else {
            finished_ = true;
        }
    }
    return done;
}

} // namespace rgw::io
