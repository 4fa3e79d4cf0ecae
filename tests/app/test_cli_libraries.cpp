// The executables must not pull Qt 5 into the process (Debian's VTK Qt
// modules are built against Qt 5; mixing them with Qt 6 crashes at run time).
#include "ChildProcess.h"
#include "TestData.h"

#include <gtest/gtest.h>

#if defined(__linux__)

namespace {

void expectNoQt5(const std::string& executable) {
    rgw::test::TempDir tmp;
    const auto r = rgw::test::run("/usr/bin/ldd", {executable}, tmp.path());
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("libQt6Core"), std::string::npos) << r.out; // ldd really listed it
    EXPECT_EQ(r.out.find("libQt5"), std::string::npos) << executable << " loads Qt 5:\n" << r.out;
}

} // namespace

TEST(Libraries, CliLoadsNoQt5) {
    expectNoQt5(RGW_CLI_PATH);
}

TEST(Libraries, GuiLoadsNoQt5) {
#ifdef RGW_GUI_PATH
    expectNoQt5(RGW_GUI_PATH);
#else
    GTEST_SKIP() << "the rgw target is not built (RGW_BUILD_GUI=OFF)";
#endif
}

#else
TEST(Libraries, LinuxOnly) {
    GTEST_SKIP() << "ldd-based check runs on Linux only";
}
#endif
