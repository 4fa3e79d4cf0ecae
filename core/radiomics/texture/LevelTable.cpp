#include "radiomics/texture/LevelTable.h"

#include "util/ResourceBudget.h"

#include <algorithm>

namespace rgw::radiomics::texture {

namespace {

/// A dense table indexed by level (one entry per value 0 … highest) costs
/// O(highest); it is used when that is within a small multiple of the input.
bool denseIsProportional(std::size_t inputSize, int highest) {
    return highest >= 0 && static_cast<std::size_t>(highest) <= 4 * inputSize + 65536;
}

} // namespace

int LevelTable::indexOf(int level) const {
    const auto it = std::lower_bound(value.begin() + 1, value.end(), level);
    return it != value.end() && *it == level ? static_cast<int>(it - value.begin()) : 0;
}

LevelTable makeLevelTable(std::span<const int> levels, int highest) {
    LevelTable t;
    if (denseIsProportional(levels.size(), highest)) {
        std::vector<std::uint8_t> present(static_cast<std::size_t>(highest) + 1, 0);
        for (const int l : levels)
            if (l > 0)
                present[static_cast<std::size_t>(l)] = 1;
        for (int l = 1; l <= highest; ++l)
            if (present[static_cast<std::size_t>(l)])
                t.value.push_back(l);
        return t;
    }
    std::vector<int> sorted;
    sorted.reserve(levels.size());
    for (const int l : levels)
        if (l > 0)
            sorted.push_back(l);
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    t.value.insert(t.value.end(), sorted.begin(), sorted.end());
    return t;
}

void toCompact(std::vector<int>& levels, const LevelTable& table, int highest) {
    if (denseIsProportional(levels.size(), highest)) {
        std::vector<int> index(static_cast<std::size_t>(highest) + 1, 0);
        for (int c = 1; c <= table.count(); ++c)
            index[static_cast<std::size_t>(table.value[static_cast<std::size_t>(c)])] = c;
        for (int& l : levels)
            if (l > 0)
                l = index[static_cast<std::size_t>(l)];
        return;
    }
    for (int& l : levels)
        if (l > 0)
            l = table.indexOf(l);
}

void requireTextureMemory(const char* family, int distinctLevels, std::uint64_t bytes,
                          const std::string& detail) {
    budget::requireMemory(bytes, "radiomics",
                          std::string(family) + " over " + std::to_string(distinctLevels) +
                              " distinct grey levels" + (detail.empty() ? "" : " (" + detail + ")"),
                          "discretise the intensities (discretisation.method fixed_bin_number "
                          "with a smaller bin_count, or fixed_bin_size with a larger bin_width)");
}

} // namespace rgw::radiomics::texture
