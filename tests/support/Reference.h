#pragma once

// Outputs of reference software (R, PLINK), committed under tests/reference/
// beside the scripts that produced them; CI reads them and needs no R.

#include <filesystem>

namespace rgw::test {

/// tests/reference/<relative>.
inline std::filesystem::path referenceFile(const std::filesystem::path& relative) {
    return std::filesystem::path(RGW_REFERENCE_DIR) / relative;
}

/// ../shared/data/tabular/<name>: the real tables for modelling tests.
std::filesystem::path tabularFile(const char* name);

} // namespace rgw::test

#include "TestData.h"

inline std::filesystem::path rgw::test::tabularFile(const char* name) {
    return dataRoot() / "tabular" / name;
}
