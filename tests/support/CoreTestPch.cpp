// The translation unit that builds the core tests' precompiled header
// (tests/CMakeLists.txt, RGW_QUICK_TEST_BUILD); the headers come from
// target_precompile_headers, so it has nothing of its own.
