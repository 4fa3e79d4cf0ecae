#include "genomics/TabularText.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace rgw::genomics {

namespace {

constexpr std::size_t kBlockBytes = std::size_t{1} << 20;

/// A read buffer for a file of `size` bytes: the whole file when small (most
/// study files are a few kB; a 1 MB buffer each would cost more than the
/// parsing), at most kBlockBytes.
std::size_t blockFor(std::uint64_t size) {
    return static_cast<std::size_t>(std::clamp<std::uint64_t>(size + 1, 4096, kBlockBytes));
}

std::string systemMessage(int error) {
    return std::error_code(error, std::generic_category()).message();
}

} // namespace

LineReader::LineReader(const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) {
        error_ = "is a folder, not a file";
        return;
    }
    file_ = std::fopen(file.c_str(), "rb");
    if (file_ == nullptr) {
        error_ = "cannot open: " + systemMessage(errno);
        return;
    }
    const auto bytes = std::filesystem::file_size(file, ec);
    size_ = ec ? 0 : static_cast<std::uint64_t>(bytes);
}

LineReader::~LineReader() {
    if (file_ != nullptr)
        std::fclose(file_);
}

bool LineReader::fill() {
    if (eof_ || file_ == nullptr)
        return false;
    if (begin_ > 0) {
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (buffer_.empty())
        buffer_.resize(blockFor(size_));
    else if (end_ == buffer_.size())
        buffer_.resize(buffer_.size() * 2); // a line longer than the buffer
    const std::size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
    end_ += got;
    if (got == 0) {
        eof_ = true;
        if (std::ferror(file_) != 0)
            error_ = "read error: " + systemMessage(errno);
    }
    return got > 0;
}

bool LineReader::next(TextLine& line) {
    if (file_ == nullptr)
        return false;
    std::size_t searched = begin_;
    for (;;) {
        const char* start = buffer_.data() + searched;
        const void* newline = end_ > searched ? std::memchr(start, '\n', end_ - searched) : nullptr;
        std::size_t lineEnd = 0;
        std::size_t consumed = 0;
        if (newline != nullptr) {
            lineEnd = static_cast<std::size_t>(static_cast<const char*>(newline) - buffer_.data());
            consumed = lineEnd + 1;
        } else {
            const std::size_t scanned = end_ - begin_;
            if (fill()) {
                searched = begin_ + scanned; // fill() moved the unread bytes to the front
                continue;
            }
            if (!error_.empty() || begin_ == end_)
                return false;
            lineEnd = end_; // the last line has no line end
            consumed = end_;
        }
        std::string_view text(buffer_.data() + begin_, lineEnd - begin_);
        begin_ = consumed;
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        ++lineNumber_;
        if (lineNumber_ == 1 && text.substr(0, 3) == "\xEF\xBB\xBF")
            text.remove_prefix(3);
        line.number = lineNumber_;
        line.text = text;
        line.validUtf8 = isValidUtf8(text);
        return true;
    }
}

std::optional<std::size_t> countLines(const std::filesystem::path& file) {
    std::FILE* f = std::fopen(file.c_str(), "rb");
    if (f == nullptr)
        return std::nullopt;
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(file, ec);
    std::vector<char> block(blockFor(ec ? kBlockBytes : static_cast<std::uint64_t>(bytes)));
    std::size_t lines = 0;
    char last = '\n';
    for (;;) {
        const std::size_t got = std::fread(block.data(), 1, block.size(), f);
        if (got == 0)
            break;
        const char* p = block.data();
        const char* end = p + got;
        while (const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p))) {
            ++lines;
            p = static_cast<const char*>(nl) + 1;
        }
        last = block[got - 1];
    }
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed)
        return std::nullopt;
    return last == '\n' ? lines : lines + 1;
}

bool isValidUtf8(std::string_view text) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        // Fast path: eight ASCII bytes at a time.
        if (end - p >= 8) {
            std::uint64_t word;
            std::memcpy(&word, p, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                p += 8;
                continue;
            }
        }
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0)
                low = 0xA0; // no overlong forms
            else if (c == 0xED)
                high = 0x9F; // no UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0)
                low = 0x90;
            else if (c == 0xF4)
                high = 0x8F; // nothing above U+10FFFF
        } else {
            return false;
        }
        if (static_cast<std::size_t>(end - p) < length)
            return false;
        if (p[1] < low || p[1] > high)
            return false;
        for (std::size_t k = 2; k < length; ++k)
            if (p[k] < 0x80 || p[k] > 0xBF)
                return false;
        p += length;
    }
    return true;
}

void splitTabs(std::string_view line, std::vector<std::string_view>& fields) {
    fields.clear();
    std::size_t start = 0;
    for (;;) {
        const std::size_t tab = line.find('\t', start);
        if (tab == std::string_view::npos) {
            fields.push_back(line.substr(start));
            return;
        }
        fields.push_back(line.substr(start, tab - start));
        start = tab + 1;
    }
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

bool fitRow(std::vector<std::string_view>& fields, std::size_t headerFields) {
    while (fields.size() > headerFields && trim(fields.back()).empty())
        fields.pop_back();
    return fields.size() == headerFields;
}

std::string raggedMessage(std::size_t fields, std::size_t headerFields) {
    return "ragged row: " + std::to_string(fields) + " fields, the header has " +
           std::to_string(headerFields);
}

bool isMissingValue(std::string_view text) {
    static constexpr std::array<std::string_view, 10> kMissing{"",
                                                               "NA",
                                                               "NaN",
                                                               "[Not Available]",
                                                               "[Not Applicable]",
                                                               "[Unknown]",
                                                               "[Discrepancy]",
                                                               "[Not Evaluated]",
                                                               "[Not Reported]",
                                                               "[Pending]"};
    text = trim(text);
    for (const auto m : kMissing)
        if (text == m)
            return true;
    return false;
}

ParsedNumber parseNumber(std::string_view text) {
    text = trim(text);
    if (isMissingValue(text))
        return {NumberStatus::Missing, 0.0};
    std::string_view digits = text;
    if (digits.size() > 1 && digits.front() == '+' && digits[1] != '-')
        digits.remove_prefix(1); // from_chars takes no '+'
    double value = 0.0;
    const char* first = digits.data();
    const char* last = first + digits.size();
    const auto [end, ec] = std::from_chars(first, last, value, std::chars_format::general);
    if (end != last || first == last)
        return {NumberStatus::Invalid, 0.0};
    if (ec == std::errc::result_out_of_range) {
        // from_chars leaves `value` alone: strtod tells overflow (HUGE_VAL,
        // not finite) from underflow (rounds to zero or a subnormal).
        const std::string copy(digits);
        const double v = std::strtod(copy.c_str(), nullptr);
        return std::isfinite(v) && std::fabs(v) < 1.0 ? ParsedNumber{NumberStatus::Value, v}
                                                      : ParsedNumber{NumberStatus::NonFinite, 0.0};
    }
    if (ec != std::errc{})
        return {NumberStatus::Invalid, 0.0};
    if (!std::isfinite(value))
        return {NumberStatus::NonFinite, 0.0};
    return {NumberStatus::Value, value};
}

std::string numberProblem(std::string_view text, NumberStatus status) {
    const std::string shown(trim(text).substr(0, 60));
    return status == NumberStatus::NonFinite ? "'" + shown + "' is not a finite number"
                                             : "'" + shown + "' is not a number";
}

std::optional<std::int64_t> parseInteger(std::string_view text) {
    text = trim(text);
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    std::int64_t value = 0;
    const char* first = text.data();
    const char* last = first + text.size();
    auto [end, ec] = std::from_chars(first, last, value);
    if (ec == std::errc{} && end == last && first != last)
        return value;
    // "12.0": a whole number written as a decimal.
    if (ec == std::errc{} && end != last && *end == '.') {
        const char* p = end + 1;
        while (p != last && *p == '0')
            ++p;
        if (p == last)
            return value;
    }
    return std::nullopt;
}

InputProblem problemAt(const std::string& file, std::size_t line, std::string column,
                       std::string message) {
    return InputProblem{SourceLocation{file, line, std::move(column)}, std::move(message)};
}

} // namespace rgw::genomics
