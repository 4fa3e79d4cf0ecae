// The memory budget, checked float → int conversions and physical geometry
// (issue #10): the shared pieces every reader and pipeline step relies on.
#include "image/GeometryChecks.h"
#include "util/CheckedNumeric.h"
#include "util/Error.h"
#include "util/Failure.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <gtest/gtest.h>
#include <limits>
#include <new>

namespace budget = rgw::budget;

namespace {

std::string errorOf(const auto& f) {
    try {
        f();
    } catch (const rgw::Error& e) {
        return e.what();
    }
    return {};
}

/// Restores the process-wide budget when a test ends.
struct BudgetGuard {
    ~BudgetGuard() { budget::setMemoryBytes(0); }
};

} // namespace

TEST(ResourceBudget, DefaultIsAQuarterOfThePhysicalMemoryAtMostOneAndAHalfGiB) {
    EXPECT_GT(budget::physicalMemoryBytes(), 0u);
    EXPECT_EQ(budget::defaultMemoryBytes(),
              std::min<std::uint64_t>(budget::physicalMemoryBytes() / 4, 3ull << 29));
    EXPECT_EQ(budget::memoryBytes(), budget::defaultMemoryBytes());
    BudgetGuard guard;
    budget::setMemoryBytes(123456);
    EXPECT_EQ(budget::memoryBytes(), 123456u);
    budget::setMemoryBytes(0);
    EXPECT_EQ(budget::memoryBytes(), budget::defaultMemoryBytes());
}

TEST(ResourceBudget, ParsesSizesDecimalBinaryAndPercent) {
    EXPECT_EQ(budget::parseSize("4096"), 4096u);
    EXPECT_EQ(budget::parseSize("512M"), 512'000'000u);
    EXPECT_EQ(budget::parseSize("8G"), 8'000'000'000u);
    EXPECT_EQ(budget::parseSize("8gb"), 8'000'000'000u);
    EXPECT_EQ(budget::parseSize("1.5T"), 1'500'000'000'000u);
    EXPECT_EQ(budget::parseSize("8GiB"), 8ull << 30);
    EXPECT_EQ(budget::parseSize("64Ki"), 64u << 10);
    EXPECT_EQ(budget::parseSize("50%"), budget::physicalMemoryBytes() / 2);
    for (const char* bad : {"", "G", "-1G", "0", "12Q", "nanG", "infG", "150%", "1e30T", "4 G"}) {
        const std::string e = errorOf([&] { (void)budget::parseSize(bad); });
        EXPECT_NE(e.find(std::string("'") + bad + "'"), std::string::npos) << bad << ": " << e;
    }
}

TEST(ResourceBudget, FormatsSizesAsTheMessagesQuoteThem) {
    EXPECT_EQ(budget::formatBytes(130), "130 bytes");
    EXPECT_EQ(budget::formatBytes(1), "1 byte");
    EXPECT_EQ(budget::formatBytes(4'000'000'000ull), "4.0 GB");
    // 32767³ float voxels: the 140 TB of the NIfTI header.
    EXPECT_EQ(budget::formatBytes(budget::product({32767, 32767, 32767, 4})), "141 TB");
    EXPECT_EQ(budget::formatBytes(7'200'000'000ull), "7.2 GB");
}

TEST(ResourceBudget, SizeArithmeticSaturatesInsteadOfWrapping) {
    constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
    EXPECT_EQ(budget::product({65535, 65535, 4}), 17'179'344'900ull);
    EXPECT_EQ(budget::product({1ull << 40, 1ull << 40}), kMax); // 2^80 wraps to 0 unchecked
    EXPECT_EQ(budget::product({1ull << 40, 1ull << 40, 0}), 0u);
    EXPECT_EQ(budget::sum(kMax - 1, 5), kMax);
}

TEST(ResourceBudget, RequireMemoryNamesTheQuantityAndTheBudget) {
    BudgetGuard guard;
    budget::setMemoryBytes(1'000'000'000);
    EXPECT_NO_THROW(budget::requireMemory(1'000'000'000, "ctx", "what"));
    const std::string e = errorOf([] {
        budget::requireMemory(7'000'000'000'000ull, "image.nii",
                              "re-sampling the ROI to 0.01 x 0.01 x 0.01 mm", "use a coarser grid");
    });
    EXPECT_EQ(e, "image.nii: re-sampling the ROI to 0.01 x 0.01 x 0.01 mm needs 7.0 TB, over the "
                 "memory budget of 1.0 GB (--max-memory, or File > Memory budget) — use a coarser "
                 "grid");
    const std::string overflow = errorOf([] {
        budget::requireMemory(budget::product({1ull << 40, 1ull << 40}), "f", "a GLCM");
    });
    EXPECT_NE(overflow.find("more than 18 EB"), std::string::npos) << overflow;
}

TEST(ResourceBudget, RequireInFileComparesDeclaredWithActualBytes) {
    EXPECT_NO_THROW(budget::requireInFile(100, 100, "f", "x"));
    const std::string e = errorOf([] {
        budget::requireInFile(budget::product({32767, 32767, 32767, 4}), 130, "NIfTI file a.nii",
                              "header claims 32767 × 32767 × 32767 voxels");
    });
    EXPECT_EQ(e, "NIfTI file a.nii: header claims 32767 × 32767 × 32767 voxels (141 TB) but the "
                 "file holds 130 bytes");
}

TEST(Failure, BadAllocBecomesOutOfMemoryWithTheBudget) {
    const std::string m = rgw::failureMessage(std::bad_alloc());
    EXPECT_EQ(m.rfind("out of memory", 0), 0u) << m;
    EXPECT_NE(m.find(budget::formatBytes(budget::memoryBytes())), std::string::npos) << m;
    EXPECT_EQ(rgw::failureMessage(rgw::Error("file x: bad tag")), "file x: bad tag");
    EXPECT_EQ(rgw::failureMessage(std::out_of_range("vector")), "internal error: vector");
}

TEST(CheckedNumeric, RefusesWhatAnIntCannotHold) {
    using rgw::toIntChecked;
    EXPECT_EQ(toIntChecked<int>(2147483647.0), 2147483647);
    EXPECT_EQ(toIntChecked<int>(2147483647.9), 2147483647); // truncates
    EXPECT_EQ(toIntChecked<int>(-2147483648.0), std::numeric_limits<int>::min());
    EXPECT_FALSE(toIntChecked<int>(2147483648.0));
    EXPECT_FALSE(toIntChecked<int>(-2147483649.0));
    EXPECT_FALSE(toIntChecked<int>(std::nan("")));
    EXPECT_FALSE(toIntChecked<int>(INFINITY));
    EXPECT_FALSE(toIntChecked<int>(1.79e308));
    EXPECT_EQ(toIntChecked<std::uint16_t>(65535.0), 65535);
    EXPECT_FALSE(toIntChecked<std::uint16_t>(65536.0));
    EXPECT_FALSE(toIntChecked<std::uint16_t>(-1.0));
    EXPECT_EQ(toIntChecked<std::int64_t>(-9.2e18), static_cast<std::int64_t>(-9.2e18));
    EXPECT_FALSE(toIntChecked<std::int64_t>(9.3e18));
    EXPECT_EQ(rgw::checkedFloor<int>(-0.5, "grey level"), -1);
    const std::string e = errorOf([] { (void)rgw::checkedFloor<int>(1e12, "grey level"); });
    EXPECT_NE(e.find("grey level 1000000000000"), std::string::npos) << e;
}

TEST(GeometryChecks, RefusesNonPhysicalGeometry) {
    rgw::Geometry g;
    g.size = {4, 4, 4};
    EXPECT_NO_THROW(rgw::requirePhysicalGeometry(g, "f"));
    EXPECT_TRUE(rgw::isPhysicalCoordinate(-1e6));
    EXPECT_FALSE(rgw::isPhysicalCoordinate(1.0000001e6));
    EXPECT_FALSE(rgw::isPhysicalCoordinate(std::nan("")));

    auto errorFor = [](rgw::Geometry bad) {
        return errorOf([&] { rgw::requirePhysicalGeometry(bad, "file.nii"); });
    };
    rgw::Geometry b = g;
    b.origin.x() = 1.79e308;
    EXPECT_NE(errorFor(b).find("file.nii: origin coordinate 1.79"), std::string::npos)
        << errorFor(b);
    b = g;
    b.spacing.z() = 0.0;
    EXPECT_NE(errorFor(b).find("voxel spacing 0 mm along axis 2"), std::string::npos)
        << errorFor(b);
    b = g;
    b.spacing.y() = std::nan("");
    EXPECT_NE(errorFor(b).find("voxel spacing nan"), std::string::npos) << errorFor(b);
    b = g;
    b.direction.col(1) = b.direction.col(0);
    EXPECT_NE(errorFor(b).find("degenerate"), std::string::npos) << errorFor(b);
    b = g;
    b.direction(0, 0) = INFINITY;
    EXPECT_NE(errorFor(b).find("axis 0"), std::string::npos) << errorFor(b);
    b = g;
    b.size[1] = 0;
    EXPECT_NE(errorFor(b).find("image size 0 along axis 1"), std::string::npos) << errorFor(b);
}
