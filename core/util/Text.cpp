#include "util/Text.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace rgw {

std::size_t editDistance(std::string_view a, std::string_view b) {
    const std::string x = asciiLower(a), y = asciiLower(b);
    std::vector<std::size_t> row(y.size() + 1);
    for (std::size_t j = 0; j <= y.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= x.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= y.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] != y[j - 1])});
            diagonal = up;
        }
    }
    return row[y.size()];
}

std::vector<std::string>
similarNames(std::string_view name, const std::vector<std::string>& candidates, std::size_t count) {
    std::vector<std::pair<std::size_t, std::string>> near;
    const std::size_t limit = std::max<std::size_t>(2, name.size() / 3);
    for (const std::string& candidate : candidates) {
        // A candidate that extends the name by a qualifier ("expr_EGFR:<profile>").
        const bool qualified = candidate.size() > name.size() &&
                               candidate.compare(0, name.size(), name) == 0 &&
                               candidate[name.size()] == ':';
        if (const std::size_t d = qualified ? 0 : editDistance(name, candidate); d <= limit)
            near.emplace_back(d, candidate);
    }
    std::sort(near.begin(), near.end());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < near.size() && i < count; ++i)
        out.push_back(near[i].second);
    return out;
}

std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates) {
    const std::vector<std::string> near = similarNames(name, candidates);
    std::string text;
    for (std::size_t i = 0; i < near.size(); ++i)
        text += (i == 0 ? " (did you mean " : ", ") + near[i];
    if (!near.empty())
        text += "?)";
    return text;
}

} // namespace rgw
