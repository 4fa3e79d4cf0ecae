// The tab-separated text reader under the cBioPortal parsers
// (core/genomics/TabularText.h): line numbering across buffer refills, CRLF
// and BOM, UTF-8 validation, field splitting and the number rules (missing
// is not zero; non-finite is not missing).
#include "CbioStudyFixture.h"
#include "TestData.h"
#include "genomics/TabularText.h"

#include <cmath>
#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;
using namespace rgw::genomics;

std::vector<std::pair<std::size_t, std::string>> readAll(const fs::path& file) {
    LineReader reader(file);
    EXPECT_TRUE(reader.isOpen()) << reader.error();
    std::vector<std::pair<std::size_t, std::string>> lines;
    TextLine line;
    while (reader.next(line))
        lines.emplace_back(line.number, std::string(line.text));
    EXPECT_TRUE(reader.error().empty()) << reader.error();
    return lines;
}

TEST(TabularText, LinesCrlfBomAndLastLineWithoutEnd) {
    rgw::test::TempDir dir;
    const fs::path file = dir.path() / "a.txt";
    rgw::test::cbio::writeText(file, "\xEF\xBB\xBF"
                                     "first\r\nsecond\n\nfourth");
    const auto lines = readAll(file);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0], (std::pair<std::size_t, std::string>{1, "first"}));
    EXPECT_EQ(lines[1].second, "second");
    EXPECT_EQ(lines[2].second, "");
    EXPECT_EQ(lines[3], (std::pair<std::size_t, std::string>{4, "fourth"}));
    EXPECT_EQ(countLines(file), 4u);
}

TEST(TabularText, LinesLongerThanTheBufferAndAcrossRefills) {
    rgw::test::TempDir dir;
    const fs::path file = dir.path() / "long.txt";
    std::string text;
    for (int i = 0; i < 200000; ++i) // ~1.4 MB of short lines: a refill mid-line
        text += "row" + std::to_string(i) + "\n";
    const std::string longLine(3 << 20, 'x'); // 3 MB: the buffer must grow
    text += longLine + "\nlast\n";
    rgw::test::cbio::writeText(file, text);
    const auto lines = readAll(file);
    ASSERT_EQ(lines.size(), 200002u);
    EXPECT_EQ(lines[123456].second, "row123456");
    EXPECT_EQ(lines[123456].first, 123457u);
    EXPECT_EQ(lines[200000].second.size(), longLine.size());
    EXPECT_EQ(lines[200001].second, "last");
    EXPECT_EQ(countLines(file), 200002u);
}

TEST(TabularText, EmptyAndMissingFiles) {
    rgw::test::TempDir dir;
    rgw::test::cbio::writeText(dir.path() / "empty.txt", "");
    EXPECT_TRUE(readAll(dir.path() / "empty.txt").empty());
    EXPECT_EQ(countLines(dir.path() / "empty.txt"), 0u);
    LineReader missing(dir.path() / "nope.txt");
    EXPECT_FALSE(missing.isOpen());
    EXPECT_NE(missing.error().find("cannot open"), std::string::npos);
    LineReader folder(dir.path());
    EXPECT_FALSE(folder.isOpen());
    EXPECT_FALSE(countLines(dir.path() / "nope.txt"));
}

TEST(TabularText, InvalidUtf8LinesAreFlagged) {
    rgw::test::TempDir dir;
    const fs::path file = dir.path() / "enc.txt";
    rgw::test::cbio::writeText(file, "ok\nF\xE9male\nd\xC3\xA9j\xC3\xA0 vu\n");
    LineReader reader(file);
    TextLine line;
    std::vector<bool> valid;
    while (reader.next(line))
        valid.push_back(line.validUtf8);
    EXPECT_EQ(valid, (std::vector<bool>{true, false, true}));
}

TEST(TabularText, Utf8Validation) {
    EXPECT_TRUE(isValidUtf8(""));
    EXPECT_TRUE(isValidUtf8("plain ASCII text, longer than eight bytes"));
    EXPECT_TRUE(isValidUtf8("\xC3\xA9"));         // é
    EXPECT_TRUE(isValidUtf8("\xE2\x82\xAC"));     // €
    EXPECT_TRUE(isValidUtf8("\xF0\x9F\x98\x80")); // U+1F600
    EXPECT_FALSE(isValidUtf8("\xC3\x28"));
    EXPECT_FALSE(isValidUtf8("\xC0\xAF"));             // overlong '/'
    EXPECT_FALSE(isValidUtf8("\xE0\x80\xAF"));         // overlong
    EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));         // UTF-16 surrogate
    EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));     // above U+10FFFF
    EXPECT_FALSE(isValidUtf8("\xE2\x82"));             // truncated
    EXPECT_FALSE(isValidUtf8("\x80"));                 // lone continuation
    EXPECT_FALSE(isValidUtf8("sixteen ascii ch\xFF")); // after the fast path
}

TEST(TabularText, SplitTrimAndRaggedRows) {
    std::vector<std::string_view> f;
    splitTabs("a\t b \t\tc", f);
    ASSERT_EQ(f.size(), 4u);
    EXPECT_EQ(f[1], " b ");
    EXPECT_EQ(trim(f[1]), "b");
    EXPECT_EQ(f[2], "");
    splitTabs("", f);
    EXPECT_EQ(f.size(), 1u);

    splitTabs("a\tb\t\t", f);
    EXPECT_TRUE(fitRow(f, 2)); // trailing tabs
    EXPECT_EQ(f.size(), 2u);
    splitTabs("a\tb\tc", f);
    EXPECT_FALSE(fitRow(f, 2));
    splitTabs("a", f);
    EXPECT_FALSE(fitRow(f, 2));
    EXPECT_EQ(raggedMessage(1, 2), "ragged row: 1 fields, the header has 2");
}

TEST(TabularText, MissingValues) {
    for (const char* m : {"", " ", "NA", "NaN", "[Not Available]", "[Not Applicable]", "[Unknown]",
                          "[Discrepancy]", "[Not Evaluated]"})
        EXPECT_TRUE(isMissingValue(m)) << m;
    for (const char* v : {"0", "nan", "na", "None", "-", "[Completed]"})
        EXPECT_FALSE(isMissingValue(v)) << v;
}

TEST(TabularText, Numbers) {
    const auto value = [](const char* t) {
        const auto n = parseNumber(t);
        EXPECT_EQ(n.status, NumberStatus::Value) << t;
        return n.value;
    };
    EXPECT_DOUBLE_EQ(value("5.4321"), 5.4321);
    EXPECT_DOUBLE_EQ(value(" 7 "), 7.0);
    EXPECT_DOUBLE_EQ(value("+3"), 3.0);
    EXPECT_DOUBLE_EQ(value("-2e-3"), -0.002);
    EXPECT_DOUBLE_EQ(value(".5"), 0.5);
    EXPECT_DOUBLE_EQ(value("0"), 0.0);
    EXPECT_LT(std::fabs(value("1e-999")), 1e-300); // underflow is a (tiny) number
    for (const char* m : {"NA", "NaN", "", "[Not Available]"})
        EXPECT_EQ(parseNumber(m).status, NumberStatus::Missing) << m;
    for (const char* n : {"nan", "inf", "-inf", "Infinity", "INF", "1e999", "-1e999"})
        EXPECT_EQ(parseNumber(n).status, NumberStatus::NonFinite) << n;
    for (const char* n : {"abc", "1.2.3", "5 mg", "0x10", "--1", "+-1", "1,5", "+", "e5"})
        EXPECT_EQ(parseNumber(n).status, NumberStatus::Invalid) << n;
    EXPECT_EQ(numberProblem("inf", NumberStatus::NonFinite), "'inf' is not a finite number");
    EXPECT_EQ(numberProblem(" x ", NumberStatus::Invalid), "'x' is not a number");
}

TEST(TabularText, Integers) {
    EXPECT_EQ(parseInteger("42"), 42);
    EXPECT_EQ(parseInteger("-3"), -3);
    EXPECT_EQ(parseInteger("+7"), 7);
    EXPECT_EQ(parseInteger("12.0"), 12);
    EXPECT_FALSE(parseInteger("12.5"));
    EXPECT_FALSE(parseInteger("1e3"));
    EXPECT_FALSE(parseInteger(""));
    EXPECT_FALSE(parseInteger("99999999999999999999")); // out of range
}

} // namespace
