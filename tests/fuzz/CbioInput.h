#pragma once

// The layout of fuzz_cbioportal's input, shared with the seed generator: the
// first byte picks one file of the fixture study (tests/support/
// CbioStudyFixture.h), the rest of the input is that file's new content.

#include "CbioStudyFixture.h"

#include <filesystem>
#include <vector>

namespace rgw::fuzz {

/// The files of the fixture study an input can replace, in selector order
/// (selector = first byte modulo the count).
inline std::vector<std::filesystem::path> cbioTargets(const rgw::test::cbio::StudyFiles& f) {
    return {
        f.metaStudy,         f.patients,      f.samples,       f.mutations,   f.structuralVariants,
        f.expression,        f.cna,           f.methylation,   f.panelMatrix, f.panelA,
        f.caseListSequenced, f.metaMutations, f.metaExpression};
}

} // namespace rgw::fuzz
