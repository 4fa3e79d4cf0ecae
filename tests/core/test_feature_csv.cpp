// Feature CSV: exact header, quoting like reference_values.csv, 17-digit round
// trip, and names/codes/aggregations of a real extraction that exist in the
// IBSI reference table.
#include "IbsiPhantoms.h"
#include "radiomics/Extractor.h"
#include "radiomics/FeatureCsv.h"
#include "radiomics/Settings.h"
#include "util/Error.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <set>
#include <sstream>
#include <tuple>

namespace {

using namespace rgw;
using namespace rgw::radiomics;

} // namespace

TEST(FeatureCsv, HeaderAndQuoting) {
    FeatureTable t;
    t.add("glcm", "Joint maximum", "GYBY", "2D, averaged", 0.5);
    t.add("morphology", "Volume (mesh)", "RNU0", "", 556.0);
    t.add("x", "has \"quotes\"", "C0DE", "3D", -1.25);
    const std::string csv = featureCsvText(t);
    EXPECT_EQ(csv, "family,feature,ibsi_code,aggregation,value,unit,missing_reason\n"
                   "glcm,Joint maximum,GYBY,\"2D, averaged\",0.5,,\n"
                   "morphology,Volume (mesh),RNU0,,556,,\n"
                   "x,\"has \"\"quotes\"\"\",C0DE,3D,-1.25,,\n");
    // reference_values.csv quotes the same aggregation the same way.
    EXPECT_EQ(test::detail::splitCsvLine("glcm,Joint maximum,GYBY,\"2D, averaged\",0.5", 1, "x"),
              (std::vector<std::string>{"glcm", "Joint maximum", "GYBY", "2D, averaged", "0.5"}));
}

TEST(FeatureCsv, RoundTripIsBitExact) {
    FeatureTable t;
    const double values[] = {0.1,
                             1.0 / 3.0,
                             -2.0 / 7.0,
                             6.02214076e23,
                             std::numeric_limits<double>::denorm_min(),
                             std::numeric_limits<double>::max(),
                             -0.0,
                             std::nextafter(1.0, 2.0),
                             std::numeric_limits<double>::infinity()};
    for (const double v : values)
        t.add("intensity_statistics", "Mean, \"odd\" name", "Q4LE", "", v);
    t.add("glcm", "Joint entropy", "TU9B", "3D, merged", std::nan(""));
    const std::string csv = featureCsvText(t);
    EXPECT_NE(csv.find("0.10000000000000001"), std::string::npos) << "17 significant digits";
    const FeatureTable back = readFeatureCsv(csv, "roundtrip.csv");
    ASSERT_EQ(back.values.size(), t.values.size());
    for (std::size_t i = 0; i + 1 < t.values.size(); ++i) {
        EXPECT_EQ(back.values[i].family, t.values[i].family);
        EXPECT_EQ(back.values[i].name, t.values[i].name);
        EXPECT_EQ(back.values[i].ibsiCode, t.values[i].ibsiCode);
        EXPECT_EQ(back.values[i].aggregation, t.values[i].aggregation);
        EXPECT_EQ(std::signbit(back.values[i].value), std::signbit(t.values[i].value));
        EXPECT_EQ(back.values[i].value, t.values[i].value) << csv;
    }
    EXPECT_TRUE(std::isnan(back.values.back().value));
    EXPECT_EQ(back.values.back().aggregation, "3D, merged");
}

TEST(FeatureCsv, ReaderRejectsBadInput) {
    auto errorOf = [](const std::string& text) {
        try {
            readFeatureCsv(text, "bad.csv");
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    EXPECT_NE(errorOf("family,feature,code,aggregation,value\n").find("bad.csv line 1"),
              std::string::npos);
    const std::string header = "family,feature,ibsi_code,aggregation,value,unit,missing_reason\n";
    EXPECT_NE(errorOf(header + "a,b,c,,1,,\na,b,c,1\n").find("bad.csv line 3: expected 7 fields"),
              std::string::npos)
        << errorOf(header + "a,b,c,,1,,\na,b,c,1\n");
    EXPECT_NE(errorOf(header + "a,b,c,,1x,,\n").find("line 2: value is not a number"),
              std::string::npos);
    EXPECT_NE(errorOf(header + "a,\"b,c,,1,,\n").find("line 2: unterminated"), std::string::npos);
    EXPECT_NE(errorOf(header + "a,b,c,,,mm,\n").find("line 2: the value is empty"),
              std::string::npos);
    EXPECT_NE(errorOf(header + "a,b,c,,1,mm,why\n").find("line 2: a value is given"),
              std::string::npos);
}

// A missing value is an empty cell with its reason, and reads back as missing.
TEST(FeatureCsv, MissingValuesKeepTheirReason) {
    FeatureTable t;
    t.values.push_back({"morphology", "Volume (mesh)", "RNU0", "", 556.0, "mm\u00b3", ""});
    t.values.push_back({"glcm", "Joint maximum", "GYBY", "3D, merged", std::nan(""), "",
                        "no texture matrix, \"empty\" ROI"});
    const std::string csv = featureCsvText(t);
    EXPECT_EQ(csv, "family,feature,ibsi_code,aggregation,value,unit,missing_reason\n"
                   "morphology,Volume (mesh),RNU0,,556,mm\u00b3,\n"
                   "glcm,Joint maximum,GYBY,\"3D, merged\",,,\"no texture matrix, "
                   "\"\"empty\"\" ROI\"\n");
    const FeatureTable back = readFeatureCsv(csv, "missing.csv");
    ASSERT_EQ(back.values.size(), 2u);
    EXPECT_FALSE(back.values[0].missing());
    EXPECT_EQ(back.values[0].unit, "mm\u00b3");
    EXPECT_TRUE(back.values[1].missing());
    EXPECT_TRUE(std::isnan(back.values[1].value));
    EXPECT_EQ(back.values[1].missingReason, "no texture matrix, \"empty\" ROI");
}

// Every (family, feature, code, aggregation) the extractor writes for the
// digital phantom is a row of the IBSI reference table, and every reference
// row of the phantom is written. IBSI-1 defines five features for which it
// publishes no reference value at all (no consensus was reached): they are
// listed here, and the test checks that the CSV indeed has no row for them.
TEST(FeatureCsv, DigitalPhantomLabelsExistInReferenceTable) {
    RGW_REQUIRE_TEST_DATA();
    const std::set<std::string> withoutReference = {
        "ZH1A", // morphology, volume density (oriented minimum bounding box)
        "IQYR", // morphology, area density (oriented minimum bounding box)
        "SWZ1", // morphology, volume density (minimum volume enclosing ellipsoid)
        "BRI8", // morphology, area density (minimum volume enclosing ellipsoid)
        "9CMM", // ivh, area under the IVH curve
    };
    using Label = std::tuple<std::string, std::string, std::string, std::string>;
    std::set<Label> phantomRows;
    std::set<std::string> allCodes;
    for (const auto& r : test::readIbsiReferences()) {
        allCodes.insert(r.code);
        if (r.dataset == "dig_phantom")
            phantomRows.emplace(r.family, r.feature, r.code, r.aggregation);
    }
    for (const auto& code : withoutReference)
        EXPECT_EQ(allCodes.count(code), 0u) << code << " has reference values after all";

    const auto& phantom = test::digitalPhantom();
    const FeatureTable table = extract(phantom.image, phantom.mask, ibsiDigitalPhantom());
    ASSERT_FALSE(table.values.empty());
    // Through the CSV, as a user would read it.
    const FeatureTable back = readFeatureCsv(featureCsvText(table), "phantom.csv");
    ASSERT_EQ(back.values.size(), table.values.size());
    std::set<Label> written;
    int found = 0, unreferenced = 0;
    for (const auto& f : back.values) {
        const Label label{f.family, f.name, f.ibsiCode, f.aggregation};
        written.insert(label);
        if (phantomRows.count(label))
            ++found;
        else if (withoutReference.count(f.ibsiCode) && f.aggregation.empty())
            ++unreferenced;
        else
            ADD_FAILURE() << "not in reference_values.csv: " << f.family << " / " << f.name << " / "
                          << f.ibsiCode << " / [" << f.aggregation << "]";
    }
    for (const auto& [family, feature, code, aggregation] : phantomRows)
        EXPECT_TRUE(written.count({family, feature, code, aggregation}))
            << "reference row not written: " << family << " / " << feature << " / " << code
            << " / [" << aggregation << "]";
    EXPECT_EQ(written.size(), back.values.size()) << "a label is written twice";
    std::printf("feature labels in reference_values.csv: %d/%zu (+%d IBSI features without "
                "reference value); reference rows written: %zu\n",
                found, back.values.size(), unreferenced, phantomRows.size());
}
