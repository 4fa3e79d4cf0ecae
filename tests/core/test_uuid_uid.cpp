// UUID-derived UIDs (PS3.5 B.2), shared by the demo cohort, the de-identified
// export and the SR tracking UIDs (core/io/dicom/UuidUid.h).
#include "io/dicom/UuidUid.h"
#include "util/Error.h"

#include <gtest/gtest.h>

using rgw::dicom::uuidDerivedUid;
using rgw::dicom::uuidDerivedUidOfHex;

// The example of PS3.5 B.2: UUID f81d4fae-7dec-11d0-a765-00a0c91e6bf6 (a
// version-1 UUID of the RFC variant) is the UID
// 2.25.329800735698586629295641978511506172918.
TEST(UuidUid, TheStandardsExample) {
    EXPECT_EQ(uuidDerivedUidOfHex("f81d4fae7dec11d0a76500a0c91e6bf6", 1),
              "2.25.329800735698586629295641978511506172918");
    EXPECT_EQ(uuidDerivedUidOfHex("F81D4FAE7DEC11D0A76500A0C91E6BF6", 1),
              "2.25.329800735698586629295641978511506172918");
}

// The version nibble and the variant bits are set; nothing else changes.
TEST(UuidUid, VersionAndVariantAreSet) {
    std::array<std::uint8_t, 16> zero{};
    // 0x00000000 0000 8000 8000 000000000000 = 2^79 + 2^63.
    EXPECT_EQ(uuidDerivedUid(zero, 8), "2.25.604472133179351442128896");
    std::array<std::uint8_t, 16> ones;
    ones.fill(0xFF);
    // ffffffff-ffff-5fff-bfff-ffffffffffff
    EXPECT_EQ(uuidDerivedUid(ones, 5), uuidDerivedUidOfHex("ffffffffffff5fffbfffffffffffffff", 5));
}

TEST(UuidUid, RefusesWhatIsNotThirtyTwoHexDigits) {
    EXPECT_THROW(uuidDerivedUidOfHex("f81d4fae", 8), rgw::Error);
    EXPECT_THROW(uuidDerivedUidOfHex("g81d4fae7dec11d0a76500a0c91e6bf6", 8), rgw::Error);
}
