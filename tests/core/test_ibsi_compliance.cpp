// IBSI-1 compliance: every row of reference_values.csv whose family the
// engine provides is computed through the extractor (digital phantom from
// NIfTI; CT phantom configurations A–E from DICOM + RTSTRUCT "GTV-1", and
// again from the phantom's NIfTI image + mask) and asserted. Rows of families the engine does not
// have yet are counted and listed as not computed.
#include "IbsiPhantoms.h"
#include "radiomics/Extractor.h"
#include "radiomics/Settings.h"
#include "radiomics/processing/Discretisation.h"
#include "radiomics/processing/Pipeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace rgw;
using namespace rgw::radiomics;

struct Count {
    int matched = 0;
    int total = 0;
};

using CountTable = std::map<std::pair<std::string, std::string>, Count>; // (family, dataset)

/// Prints matched/total per family (rows) and dataset (columns); returns the sums.
Count printCountTable(const char* title, const std::vector<std::string>& families,
                      const std::vector<std::string>& datasets, CountTable& counts) {
    std::printf("\n%s%-22s", title, "family");
    for (const auto& d : datasets)
        std::printf(" %11s", d.c_str());
    std::printf("\n");
    Count sum;
    for (const auto& family : families) {
        std::printf("%-22s", family.c_str());
        for (const auto& d : datasets) {
            const Count c = counts[{family, d}];
            sum.matched += c.matched;
            sum.total += c.total;
            char cell[32];
            std::snprintf(cell, sizeof cell, "%d/%d", c.matched, c.total);
            std::printf(" %11s", cell);
        }
        std::printf("\n");
    }
    return sum;
}

} // namespace

// The matching rule of the reference table (tests/support/IbsiReference.h).
TEST(IbsiCompliance, ToleranceAndPrintedPrecisionRule) {
    auto ref = [](const char* text, double tolerance) {
        test::IbsiReference r;
        r.valueText = text;
        r.value = std::strtod(text, nullptr);
        r.tolerance = tolerance;
        return r;
    };
    EXPECT_DOUBLE_EQ(ref("556", 0).printedQuantum(), 1.0);
    EXPECT_DOUBLE_EQ(ref("3.58e5", 0).printedQuantum(), 1e3);
    EXPECT_DOUBLE_EQ(ref("0.0923", 0).printedQuantum(), 1e-4);
    EXPECT_DOUBLE_EQ(ref("-50", 0).printedQuantum(), 1.0);
    EXPECT_DOUBLE_EQ(ref("6.98e-5", 0).printedQuantum(), 1e-7);
    // Tolerance 0: the computed value must round to the printed digits.
    EXPECT_TRUE(ref("2.6", 0).matches(2.649));
    EXPECT_TRUE(ref("2.6", 0).matches(2.55));
    EXPECT_FALSE(ref("2.6", 0).matches(2.651));
    EXPECT_FALSE(ref("2.6", 0).matches(2.54));
    EXPECT_TRUE(ref("-50", 0).matches(-50.4));
    EXPECT_FALSE(ref("-50", 0).matches(-49.4));
    EXPECT_TRUE(ref("3.58e5", 0).matches(358400.0));
    EXPECT_FALSE(ref("3.58e5", 0).matches(358600.0));
    // Tolerance given: |computed − value| ≤ tolerance.
    EXPECT_TRUE(ref("3.58e5", 5e3).matches(3.63e5));
    EXPECT_FALSE(ref("3.58e5", 5e3).matches(3.631e5));
    EXPECT_FALSE(ref("1", 0.5).matches(std::nan("")));
    // Quoted aggregation labels with commas survive the CSV reader.
    const auto f = test::detail::splitCsvLine(
        R"(glcm,Joint maximum,GYBY,dig_phantom,"2D, averaged",0.519,0,very strong)", 2, "x.csv");
    ASSERT_EQ(f.size(), 8u);
    EXPECT_EQ(f[4], "2D, averaged");
    EXPECT_EQ(f[5], "0.519");
}

TEST(IbsiCompliance, EveryReferenceRowOfEveryProvidedFamilyMatches) {
    RGW_REQUIRE_TEST_DATA();
    const auto refs = test::readIbsiReferences();
    ASSERT_EQ(refs.size(), 1803u);
    const auto provided = availableFamilies();
    const std::set<std::string> engine(provided.begin(), provided.end());

    const std::vector<std::string> datasets = {"dig_phantom", "config_A", "config_B",
                                               "config_C",    "config_D", "config_E"};
    CountTable counts;
    std::map<std::string, int> notComputed; // family -> rows
    for (const auto& dataset : datasets) {
        const bool phantom = dataset == "dig_phantom";
        const Settings settings = phantom ? ibsiDigitalPhantom() : ibsiConfig(dataset.back());
        const auto& input = phantom ? test::digitalPhantom() : test::ctPhantomDicom();
        const auto start = std::chrono::steady_clock::now();
        const FeatureTable table = extract(input.image, input.mask, settings);
        std::printf(
            "%-12s extraction %8.1f ms\n", dataset.c_str(),
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
        for (const auto& note : table.notes)
            std::printf("  note %s: %s\n", note.family.c_str(), note.note.c_str());

        for (const auto& ref : refs) {
            if (ref.dataset != dataset)
                continue;
            if (!engine.count(ref.family)) {
                ++notComputed[ref.family];
                continue;
            }
            Count& c = counts[{ref.family, dataset}];
            ++c.total;
            const FeatureValue* found = nullptr;
            for (const auto& v : table.values)
                if (v.family == ref.family && v.name == ref.feature &&
                    v.aggregation == ref.aggregation)
                    found = &v;
            if (!found) {
                ADD_FAILURE() << ref.label() << ": not computed by a family the engine provides";
                continue;
            }
            EXPECT_EQ(found->ibsiCode, ref.code) << ref.label();
            if (ref.matches(found->value))
                ++c.matched;
            else
                ADD_FAILURE() << ref.label() << ": computed " << found->value << ", reference "
                              << ref.valueText << " ± " << ref.tolerance;
        }
    }

    // Table: family × dataset matched/total.
    const Count sum = printCountTable("", provided, datasets, counts);
    const int matched = sum.matched, total = sum.total;
    int missing = 0;
    std::string missingNames;
    for (const auto& [family, rows] : notComputed) {
        missing += rows;
        missingNames +=
            (missingNames.empty() ? "" : ", ") + family + " (" + std::to_string(rows) + " rows)";
    }
    std::printf("\nIBSI-1 compliance: %d/%zu rows computed and matched (%d computed)", matched,
                refs.size(), total);
    if (!missingNames.empty())
        std::printf("; families not yet in the engine: %s", missingNames.c_str());
    std::printf("\n");
    EXPECT_EQ(matched, total);
    EXPECT_EQ(total + missing, static_cast<int>(refs.size()));
}

// The second route of the issue: configurations A–E from the CT phantom's
// NIfTI image and voxel mask, every config row asserted (the 1803 rows less
// the 482 digital-phantom rows).
TEST(IbsiCompliance, EveryConfigurationRowMatchesFromNifti) {
    RGW_REQUIRE_TEST_DATA();
    const auto refs = test::readIbsiReferences();
    ASSERT_EQ(refs.size(), 1803u);
    const auto provided = availableFamilies();
    const std::set<std::string> engine(provided.begin(), provided.end());
    const auto& input = test::ctPhantomNifti();

    const std::vector<std::string> datasets = {"config_A", "config_B", "config_C", "config_D",
                                               "config_E"};
    CountTable counts;
    int configRows = 0;
    for (const auto& dataset : datasets) {
        const FeatureTable table = extract(input.image, input.mask, ibsiConfig(dataset.back()));
        std::set<std::string> families;
        for (const auto& ref : refs)
            if (ref.dataset == dataset) {
                ++configRows;
                families.insert(ref.family);
            }
        for (const auto& family : families) {
            // The DICOM route asserts the same: every config family is in the engine.
            EXPECT_TRUE(engine.count(family)) << family << " is not in the engine";
            const test::RowCheck c = test::expectRowsMatch(refs, family, dataset, table);
            counts[{family, dataset}] = {c.matched, c.total};
        }
    }

    const Count sum = printCountTable("NIfTI route\n", provided, datasets, counts);
    const int matched = sum.matched, total = sum.total;
    const auto phantomRows = std::count_if(
        refs.begin(), refs.end(), [](const auto& r) { return r.dataset == "dig_phantom"; });
    std::printf("\nIBSI-1 compliance, configurations A-E from NIfTI: %d/%d rows matched\n", matched,
                configRows);
    EXPECT_EQ(phantomRows, 482);
    EXPECT_EQ(configRows, static_cast<int>(refs.size()) - static_cast<int>(phantomRows));
    EXPECT_EQ(total, configRows);
    EXPECT_EQ(matched, configRows);
}

// Timing of configuration C (the speed target: whole extraction ≤ 0.15 s
// single-threaded): the pipeline and each family, best of three runs, as
// process CPU time (robust on a loaded machine) and wall time. Printed only;
// the shared test machine is too noisy to assert on.
TEST(IbsiCompliance, ConfigurationCTimings) {
    RGW_REQUIRE_TEST_DATA();
    const auto& p = test::ctPhantomDicom();
    const Settings s = ibsiConfig('C');
    using Clock = std::chrono::steady_clock;
    auto report = [](const char* what, auto&& f) {
        double cpu = 1e300, wall = 1e300;
        for (int r = 0; r < 3; ++r) {
            const std::clock_t c0 = std::clock();
            const auto w0 = Clock::now();
            f();
            wall = std::min(wall,
                            std::chrono::duration<double, std::milli>(Clock::now() - w0).count());
            cpu = std::min(cpu, 1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
        }
        std::printf("config_C %-22s cpu %8.2f ms  wall %8.2f ms\n", what, cpu, wall);
    };
    PreparedRoi roi;
    report("pipeline", [&] { roi = processing::prepareRoi(p.image, p.mask, s); });
    report("discretisation", [&] { (void)processing::discretise(roi, s); });
    for (const auto& family : availableFamilies()) {
        FamilySelection only;
        only.families = {family};
        report(family.c_str(), [&] { (void)extract(roi, s, only); });
    }
    report("whole extraction", [&] { (void)extract(p.image, p.mask, s); });
}
