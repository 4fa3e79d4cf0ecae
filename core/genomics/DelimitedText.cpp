#include "genomics/DelimitedText.h"

#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdio>
#include <initializer_list>

namespace rgw::genomics {

namespace {

constexpr std::size_t kBlockBytes = std::size_t{1} << 16;

/// Counts tab, comma and semicolon outside quotes up to the first line end.
char detectDelimiter(const char* begin, const char* end) {
    std::array<std::size_t, 3> counts{}; // tab, comma, semicolon
    bool quoted = false;
    for (const char* p = begin; p != end; ++p) {
        const char c = *p;
        if (c == '"')
            quoted = !quoted; // "" inside quotes toggles twice: no change
        else if (quoted)
            continue;
        else if (c == '\n' || c == '\r')
            break;
        else if (c == '\t')
            ++counts[0];
        else if (c == ',')
            ++counts[1];
        else if (c == ';')
            ++counts[2];
    }
    // Ties go to the earlier entry: tab, then comma.
    const auto most = std::max_element(counts.begin(), counts.end());
    if (*most == 0)
        return ',';
    constexpr std::array<char, 3> kDelimiters{'\t', ',', ';'};
    return kDelimiters[static_cast<std::size_t>(most - counts.begin())];
}

std::string hexByte(unsigned char byte) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", byte);
    return text;
}

} // namespace

std::size_t firstInvalidUtf8(const std::string& text) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        const unsigned char b = bytes[i];
        if (b >= 0x01 && b < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
        if (b >= 0xC2 && b <= 0xDF) {
            length = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            length = 3;
            if (b == 0xE0)
                low = 0xA0; // overlong
            else if (b == 0xED)
                high = 0x9F; // UTF-16 surrogates
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4;
            if (b == 0xF0)
                low = 0x90; // overlong
            else if (b == 0xF4)
                high = 0x8F; // above U+10FFFF
        } else {
            return i; // NUL, a continuation byte, C0/C1 (overlong), F5..FF
        }
        if (i + length > size)
            return i;
        if (bytes[i + 1] < low || bytes[i + 1] > high)
            return i;
        for (std::size_t k = 2; k < length; ++k)
            if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF)
                return i;
        i += length;
    }
    return std::string::npos;
}

DelimitedTextReader::DelimitedTextReader(const std::filesystem::path& file, Delimiter delimiter)
    : name_(file.string()), in_(file, std::ios::binary), buffer_(kBlockBytes) {
    if (!in_)
        throw Error(name_ + ": cannot open the file");
    fill();
    const char* data = buffer_.data();
    const auto starts = [&](std::initializer_list<unsigned char> bom) {
        return end_ >= bom.size() &&
               std::equal(bom.begin(), bom.end(), data, [](unsigned char b, char c) {
                   return b == static_cast<unsigned char>(c);
               });
    };
    if (starts({0xFF, 0xFE}) || starts({0xFE, 0xFF}))
        throw Error(name_ + ": wrong encoding: the file is UTF-16; save it as UTF-8");
    if (starts({0xEF, 0xBB, 0xBF}))
        pos_ = 3;
    switch (delimiter) {
    case Delimiter::Comma:
        delimiter_ = ',';
        break;
    case Delimiter::Tab:
        delimiter_ = '\t';
        break;
    case Delimiter::Semicolon:
        delimiter_ = ';';
        break;
    case Delimiter::Auto:
        delimiter_ = detectDelimiter(data + pos_, data + end_);
        break;
    }
}

bool DelimitedTextReader::fill() {
    if (atEnd_)
        return false;
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    const auto got = in_.gcount();
    if (in_.bad())
        throw Error(name_ + ": cannot read the file");
    pos_ = 0;
    end_ = static_cast<std::size_t>(got);
    if (end_ == 0)
        atEnd_ = true;
    return end_ > 0;
}

void DelimitedTextReader::checkBudget(const DelimitedRecord& record) const {
    budget::requireMemory(
        budget::sum(recordBytes_, budget::product({record.fields.size(), sizeof(DelimitedField)})),
        name_ + ":" + std::to_string(record.line),
        "one record of " + std::to_string(record.fields.size()) + " fields");
}

void DelimitedTextReader::endField(DelimitedRecord& record) {
    DelimitedField& field = record.fields.back();
    if (field.problem.empty()) {
        if (const auto bad = firstInvalidUtf8(field.text); bad != std::string::npos) {
            field.problem = "wrong encoding: byte " +
                            hexByte(static_cast<unsigned char>(field.text[bad])) +
                            " is not UTF-8 (other encodings such as Latin-1 are not guessed: "
                            "save the table as UTF-8)";
            field.problemLine =
                field.line + static_cast<std::size_t>(std::count(
                                 field.text.begin(),
                                 field.text.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
        }
    }
}

bool DelimitedTextReader::next(DelimitedRecord& record) {
    enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterQuoted };
    for (;;) {
        record.fields.clear();
        record.complete = true;
        record.line = line_;
        recordBytes_ = 0;
        State state = State::FieldStart;
        bool fieldOpen = false; // a field has been started in this record
        const auto startField = [&] {
            record.fields.emplace_back();
            record.fields.back().line = line_;
            fieldOpen = true;
        };
        bool endOfRecord = false;
        bool quotedAnywhere = false;
        while (!endOfRecord) {
            if (pos_ == end_) {
                checkBudget(record);
                if (!fill())
                    break;
            }
            const char c = buffer_[pos_++];
            if (skipLineFeed_) {
                skipLineFeed_ = false;
                if (c == '\n')
                    continue; // the LF of a CRLF
            }
            if (state == State::FieldStart && !fieldOpen)
                startField();
            DelimitedField& field = record.fields.back();
            const bool lineEnd = c == '\n' || c == '\r';
            if (c == '\r')
                skipLineFeed_ = true;
            switch (state) {
            case State::FieldStart:
            case State::Unquoted:
                if (c == '"' && state == State::FieldStart) {
                    state = State::Quoted;
                    quotedAnywhere = true;
                } else if (c == delimiter_) {
                    endField(record);
                    fieldOpen = false;
                    state = State::FieldStart;
                } else if (lineEnd) {
                    endOfRecord = true;
                } else {
                    field.text.push_back(c);
                    ++recordBytes_;
                    state = State::Unquoted;
                }
                break;
            case State::Quoted:
                if (c == '"') {
                    state = State::QuoteInQuoted;
                } else {
                    field.text.push_back(lineEnd ? '\n' : c);
                    ++recordBytes_;
                    if (lineEnd)
                        ++line_;
                }
                break;
            case State::QuoteInQuoted:
            case State::AfterQuoted:
                if (c == '"' && state == State::QuoteInQuoted) {
                    field.text.push_back('"'); // "" is one quote
                    ++recordBytes_;
                    state = State::Quoted;
                } else if (c == delimiter_) {
                    endField(record);
                    fieldOpen = false;
                    state = State::FieldStart;
                } else if (lineEnd) {
                    endOfRecord = true;
                } else {
                    if (field.problem.empty()) {
                        field.problem = "text after the closing quote";
                        field.problemLine = line_;
                    }
                    field.text.push_back(c); // kept, so the value is visibly wrong
                    ++recordBytes_;
                    state = State::AfterQuoted;
                }
                break;
            }
        }
        if (!endOfRecord && !fieldOpen && record.fields.empty())
            return false; // end of the file
        if (!fieldOpen)
            startField(); // "a,b," ends in an empty field
        if (state == State::Quoted) {
            DelimitedField& field = record.fields.back();
            field.problem = "the quote opened on line " + std::to_string(field.line) +
                            " is never closed: the rest of the file went into this field";
            field.problemLine = field.line;
            record.complete = false;
        }
        endField(record);
        if (endOfRecord)
            ++line_;
        checkBudget(record);
        const bool blank =
            record.fields.size() == 1 && record.fields[0].text.empty() && !quotedAnywhere;
        if (!blank)
            return true;
        if (!endOfRecord)
            return false; // nothing but an empty last line
    }
}

} // namespace rgw::genomics
