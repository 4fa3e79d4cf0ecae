#include "modeling/Resampling.h"

#include "util/Error.h"
#include "util/Random.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <string>

namespace rgw::modeling {

std::uint64_t streamSeed(std::uint64_t seed, std::uint64_t index) {
    Rng mix(seed ^ (0xD1B54A32D192ED03ull * (index + 1)));
    return mix.next();
}

std::vector<int> stratifiedFolds(const std::vector<int>& stratum, int k, std::uint64_t seed) {
    if (k < 2)
        throw Error("cross-validation needs at least 2 folds, not " + std::to_string(k));
    if (static_cast<std::size_t>(k) > stratum.size())
        throw Error("cross-validation with " + std::to_string(k) + " folds needs at least " +
                    std::to_string(k) + " rows; there are " + std::to_string(stratum.size()));
    std::map<int, std::vector<std::size_t>> rowsOf;
    for (std::size_t i = 0; i < stratum.size(); ++i)
        rowsOf[stratum[i]].push_back(i);
    std::vector<int> fold(stratum.size(), -1);
    std::size_t dealt = 0;
    for (auto& [value, rows] : rowsOf) {
        Rng rng(streamSeed(seed, static_cast<std::uint64_t>(static_cast<std::int64_t>(value))));
        rng.shuffle(rows.begin(), rows.end());
        for (const std::size_t row : rows)
            fold[row] = static_cast<int>(dealt++ % static_cast<std::size_t>(k));
    }
    return fold;
}

std::vector<Split> foldSplits(const std::vector<int>& fold, int k) {
    std::vector<Split> splits(static_cast<std::size_t>(std::max(k, 0)));
    for (std::size_t row = 0; row < fold.size(); ++row) {
        if (fold[row] < 0 || fold[row] >= k)
            throw Error("fold " + std::to_string(fold[row]) + " of row " + std::to_string(row) +
                        " is not in 0.." + std::to_string(k - 1));
        for (int f = 0; f < k; ++f)
            (f == fold[row] ? splits[static_cast<std::size_t>(f)].test
                            : splits[static_cast<std::size_t>(f)].train)
                .push_back(row);
    }
    return splits;
}

std::vector<Split> repeatedStratifiedSplits(const std::vector<int>& stratum, int k, int repeats,
                                            std::uint64_t seed) {
    if (repeats < 1)
        throw Error("repeated cross-validation needs at least 1 repeat, not " +
                    std::to_string(repeats));
    std::vector<Split> out;
    for (int r = 0; r < repeats; ++r) {
        std::vector<Split> splits = foldSplits(
            stratifiedFolds(stratum, k, streamSeed(seed, static_cast<std::uint64_t>(r))), k);
        std::move(splits.begin(), splits.end(), std::back_inserter(out));
    }
    return out;
}

std::vector<Split> bootstrapSamples(std::size_t n, int count, std::uint64_t seed) {
    if (n == 0 || count < 1)
        throw Error("bootstrap needs rows and at least one sample");
    std::vector<Split> out(static_cast<std::size_t>(count));
    for (int b = 0; b < count; ++b) {
        Rng rng(streamSeed(seed, static_cast<std::uint64_t>(b)));
        Split& s = out[static_cast<std::size_t>(b)];
        std::vector<bool> drawn(n, false);
        s.train.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            const auto row = static_cast<std::size_t>(rng.below(n));
            s.train.push_back(row);
            drawn[row] = true;
        }
        for (std::size_t row = 0; row < n; ++row)
            if (!drawn[row])
                s.test.push_back(row);
    }
    return out;
}

} // namespace rgw::modeling
