#pragma once

// Resampling plans of model validation: stratified k-fold (repeated) and
// bootstrap samples. Every plan is a pure function of the rows' strata and a
// seed (util/Random.h), so the same inputs and seed give the same folds on
// every platform, run and thread count. A plan only says which rows train
// and which test; everything fitted (imputation, scaling, ComBat, selection,
// tuning) is fitted on the training rows of each split by the pipeline.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rgw::modeling {

/// One train/test split of row indices (ascending, except bootstrap training
/// rows, which keep the order and multiplicity of drawing).
struct Split {
    std::vector<std::size_t> train;
    std::vector<std::size_t> test;
};

/// The fold (0 .. k-1) of each row, stratified: within each stratum (class
/// label; event indicator for survival) the rows are shuffled with a stream
/// derived from (seed, stratum) and dealt to the folds in turn, the dealing
/// continuing across strata so fold sizes differ by at most one. Throws
/// rgw::Error when k < 2 or k exceeds the number of rows.
std::vector<int> stratifiedFolds(const std::vector<int>& stratum, int k, std::uint64_t seed);

/// The k splits of a fold assignment: split f tests the rows of fold f.
std::vector<Split> foldSplits(const std::vector<int>& fold, int k);

/// `repeats` stratified k-fold assignments, repeat r drawn with the stream
/// (seed, r): k × repeats splits in repeat-major order.
std::vector<Split> repeatedStratifiedSplits(const std::vector<int>& stratum, int k, int repeats,
                                            std::uint64_t seed);

/// `count` bootstrap samples of n rows (drawn with replacement, unbiased
/// Rng::below), sample b from the stream (seed, b); `test` holds the rows
/// not drawn (out of bag). Train rows keep their multiplicity and order of
/// drawing, so a row drawn twice is listed twice.
std::vector<Split> bootstrapSamples(std::size_t n, int count, std::uint64_t seed);

/// The seed of sub-stream `index` of `seed` (repeat, stratum, bootstrap
/// sample): a SplitMix64 mix, so neighbouring seeds give unrelated streams.
std::uint64_t streamSeed(std::uint64_t seed, std::uint64_t index);

} // namespace rgw::modeling
