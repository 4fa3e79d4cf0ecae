#include "TestData.h"
#include "stats/DataTable.h"
#include "util/Error.h"

#include <cmath>
#include <fstream>
#include <gtest/gtest.h>

namespace {

using rgw::stats::DataTable;

std::filesystem::path write(const rgw::test::TempDir& dir, const char* name, const char* text) {
    const auto path = dir.path() / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::string errorOf(const std::filesystem::path& file) {
    try {
        DataTable::read(file);
    } catch (const rgw::Error& e) {
        return e.what();
    }
    return {};
}

TEST(DataTable, MissingIsNaNNeverZeroAndTextColumnsStayText) {
    rgw::test::TempDir dir;
    const auto file = write(dir, "t.csv",
                            "id,age,sex,\"note, free\"\r\n"
                            "P1,61,M,\"a, b\"\r\n"
                            "P2,,F,\r\n"
                            "P3,NA,F,\"said \"\"x\"\"\"\r\n"
                            "P4,[Not Available],M,c\r\n");
    const DataTable t = DataTable::read(file);
    ASSERT_EQ(t.rows(), 4u);
    EXPECT_EQ(t.columnNames(), (std::vector<std::string>{"id", "age", "sex", "note, free"}));
    EXPECT_TRUE(t.isNumeric("age"));
    EXPECT_FALSE(t.isNumeric("sex"));
    EXPECT_EQ(t.numericColumns(), std::vector<std::string>{"age"});
    const auto& age = t.numbers("age");
    EXPECT_EQ(age[0], 61.0);
    EXPECT_TRUE(std::isnan(age[1]) && std::isnan(age[2]) && std::isnan(age[3]));
    EXPECT_EQ(t.text("note, free")[3], "c");
    EXPECT_EQ(t.text("note, free")[2], "said \"x\"");
    EXPECT_EQ(t.completeRows({"age", "sex"}), std::vector<std::size_t>{0});
    EXPECT_EQ(t.completeRows({"sex"}).size(), 4u);
    EXPECT_EQ(t.line(3), 5u);
}

TEST(DataTable, ErrorsNameTheFileLineAndColumn) {
    rgw::test::TempDir dir;
    EXPECT_EQ(errorOf(write(dir, "e.csv", "")),
              "e.csv: the file is empty (a header line is expected)");
    EXPECT_EQ(errorOf(write(dir, "dup.csv", "a,b,a\n1,2,3\n")),
              "dup.csv line 1, column 'a': the column name is repeated");
    EXPECT_EQ(errorOf(write(dir, "rag.csv", "a,b\n1,2\n3\n")),
              "rag.csv line 3: ragged row: 1 fields, the header has 2");
    EXPECT_EQ(errorOf(write(dir, "inf.csv", "a,b\n1,2\n3,inf\n")),
              "inf.csv line 3, column 'b': 'inf' is not a finite number");
    EXPECT_NE(errorOf(write(dir, "q.csv", "a,b\n1,\"2\n")).find("never closed"), std::string::npos);

    const DataTable t = DataTable::read(write(dir, "ok.csv", "age,sex\n1,M\n"));
    try {
        (void)t.numbers("sex");
        FAIL();
    } catch (const rgw::Error& e) {
        EXPECT_STREQ(e.what(), "ok.csv line 2, column 'sex': 'M' is not a number");
    }
    try {
        (void)t.require("agee");
        FAIL();
    } catch (const rgw::Error& e) {
        EXPECT_STREQ(e.what(), "ok.csv: no column 'agee' (did you mean age?)");
    }
}

TEST(DataTable, MatrixOfCompleteRows) {
    const DataTable t = DataTable::fromText("mem", {"x", "y"}, {{"1", "2", ""}, {"4", "5", "6"}});
    const auto rows = t.completeRows({"x", "y"});
    const Eigen::MatrixXd m = t.matrix({"y", "x"}, rows);
    ASSERT_EQ(m.rows(), 2);
    EXPECT_EQ(m(1, 0), 5.0);
    EXPECT_EQ(m(1, 1), 2.0);
    EXPECT_EQ(t.vector("y", {2})(0), 6.0);
}

} // namespace
