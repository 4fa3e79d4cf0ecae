#include "cohort/Split.h"

#include "genomics/DelimitedText.h"
#include "util/Error.h"
#include "util/Random.h"

#include <algorithm>
#include <cmath>
#include <optional>

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

namespace rgw::cohort {

std::map<std::string, SplitRole> readSplitAssignment(const std::filesystem::path& file) {
    genomics::DelimitedTextReader reader(file);
    const std::string name = file.string();
    genomics::DelimitedRecord record;
    if (!reader.next(record))
        throw Error(name + ": empty file (needs columns patient_id, split)");
    std::optional<std::size_t> idColumn, splitColumn;
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
        if (record.fields[i].text == "patient_id")
            idColumn = i;
        else if (record.fields[i].text == "split")
            splitColumn = i;
    }
    if (!idColumn || !splitColumn)
        throw Error(name + ":1: needs columns patient_id and split");

    std::map<std::string, SplitRole> roles;
    while (reader.next(record)) {
        const std::string where = name + ":" + std::to_string(record.line);
        const std::size_t needed = std::max(*idColumn, *splitColumn) + 1;
        if (record.fields.size() < needed)
            throw Error(where + ": " + std::to_string(record.fields.size()) +
                        " fields, the header has at least " + std::to_string(needed));
        for (const std::size_t c : {*idColumn, *splitColumn})
            if (!record.fields[c].problem.empty())
                throw Error(where + ": column '" + (c == *idColumn ? "patient_id" : "split") +
                            "': " + record.fields[c].problem);
        const std::string& id = record.fields[*idColumn].text;
        const std::string& role = record.fields[*splitColumn].text;
        if (id.empty())
            throw Error(where + ": column 'patient_id': empty");
        if (role != "train" && role != "test")
            throw Error(where + ": column 'split': '" + role + "' is neither train nor test");
        if (!roles.emplace(id, role == "test" ? SplitRole::Test : SplitRole::Train).second)
            throw Error(where + ": patient '" + id + "' is assigned twice");
    }
    return roles;
}

} // namespace rgw::cohort
