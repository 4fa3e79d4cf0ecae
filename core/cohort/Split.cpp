#include "cohort/Split.h"

#include "util/Error.h"
#include "util/Random.h"

#include <algorithm>
#include <cmath>

namespace rgw::cohort {

namespace {

constexpr const char* kMissingGroup = "(missing)";

/// Members sorted by id, checked for duplicates, grouped by value.
std::map<std::string, std::vector<std::string>> groupsOf(std::vector<SplitMember>& members,
                                                         double testFraction) {
    if (!(testFraction > 0.0 && testFraction < 1.0))
        throw Error("split: the test fraction must lie between 0 and 1 (exclusive), not " +
                    std::to_string(testFraction));
    std::sort(members.begin(), members.end(),
              [](const SplitMember& a, const SplitMember& b) { return a.patientId < b.patientId; });
    std::map<std::string, std::vector<std::string>> groups;
    for (std::size_t i = 0; i < members.size(); ++i) {
        if (i > 0 && members[i].patientId == members[i - 1].patientId)
            throw Error("split: patient '" + members[i].patientId + "' is listed twice");
        groups[members[i].group.empty() ? kMissingGroup : members[i].group].push_back(
            members[i].patientId);
    }
    return groups;
}

} // namespace

const char* splitRoleName(SplitRole role) {
    return role == SplitRole::Test ? "test" : "train";
}

std::map<std::string, SplitRole> stratifiedSplit(std::vector<SplitMember> members,
                                                 double testFraction, std::uint64_t seed) {
    std::map<std::string, SplitRole> roles;
    for (auto& [stratum, ids] : groupsOf(members, testFraction)) {
        Rng rng(seed ^ hashKey(stratum));
        rng.shuffle(ids.begin(), ids.end());
        auto test = static_cast<std::size_t>(std::llround(double(ids.size()) * testFraction));
        if (ids.size() >= 2)
            test = std::clamp<std::size_t>(test, 1, ids.size() - 1);
        for (std::size_t i = 0; i < ids.size(); ++i)
            roles[ids[i]] = i < test ? SplitRole::Test : SplitRole::Train;
    }
    return roles;
}

std::map<std::string, SplitRole> groupSplit(std::vector<SplitMember> members, double testFraction,
                                            std::uint64_t seed) {
    const auto groups = groupsOf(members, testFraction);
    if (groups.size() < 2)
        throw Error("split: splitting by a variable needs at least two groups, found " +
                    std::to_string(groups.size()));
    std::vector<std::string> order;
    for (const auto& [group, ids] : groups)
        order.push_back(group);
    Rng rng(seed);
    rng.shuffle(order.begin(), order.end());
    const double wanted = testFraction * double(members.size());
    std::size_t inTest = 0;
    std::map<std::string, SplitRole> roles;
    for (std::size_t g = 0; g < order.size(); ++g) {
        // The last group always trains, so both sides are non-empty.
        const bool test = double(inTest) < wanted && g + 1 < order.size();
        for (const auto& id : groups.at(order[g]))
            roles[id] = test ? SplitRole::Test : SplitRole::Train;
        if (test)
            inTest += groups.at(order[g]).size();
    }
    return roles;
}

} // namespace rgw::cohort
