#pragma once

// Train/test assignment of a cohort's members, reproducible from its seed on
// every platform (util/Random.h). Members are taken in sorted id order before
// any draw, so the input order never changes the result.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace rgw::cohort {

enum class SplitRole { Train, Test };
const char* splitRoleName(SplitRole role); // "train", "test"

/// One member with the value that groups it (stratum or site); an empty
/// value is its own group "(missing)".
struct SplitMember {
    std::string patientId;
    std::string group;
};

/// Stratified random split: within each stratum the members are shuffled
/// with a stream derived from (seed, stratum) and round(n * testFraction)
/// go to test (at least one and at most n - 1 when the stratum has two or
/// more members and 0 < testFraction < 1). Throws rgw::Error for a fraction
/// outside (0, 1) or duplicate ids.
std::map<std::string, SplitRole> stratifiedSplit(std::vector<SplitMember> members,
                                                 double testFraction, std::uint64_t seed);

/// Split by a grouping variable (site / institution, for external
/// validation): whole groups go to test, drawn in a seeded order, until the
/// test set holds at least testFraction of the members; every group stays on
/// one side. Throws rgw::Error when there are fewer than two groups.
std::map<std::string, SplitRole> groupSplit(std::vector<SplitMember> members, double testFraction,
                                            std::uint64_t seed);

} // namespace rgw::cohort

namespace rgw::cohort {

/// An imported assignment: a CSV/TSV table with columns `patient_id` and
/// `split` ("train" or "test"), any order, other columns ignored. Throws
/// rgw::Error naming the file, line and column for a missing column, another
/// split value, a problem field or a patient listed twice.
std::map<std::string, SplitRole> readSplitAssignment(const std::filesystem::path& file);

} // namespace rgw::cohort
