#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rgw::radiomics::featuremaps {

/// Integer counts over bins 0 … bins−1 with the list of occupied bins kept
/// up to date, so a kernel's histogram (grey levels, intensities, or the
/// co-occurrence cells of a GLCM, a histogram over level pairs) is updated in
/// O(1) per voxel entering or leaving and read in O(occupied bins).
class SlidingHistogram {
public:
    explicit SlidingHistogram(std::size_t bins = 0) : count_(bins, 0), position_(bins, 0) {}

    void add(std::size_t bin) {
        if (count_[bin]++ == 0) {
            position_[bin] = static_cast<std::uint32_t>(occupied_.size());
            occupied_.push_back(static_cast<std::uint32_t>(bin));
        }
    }
    void remove(std::size_t bin) {
        if (--count_[bin] == 0) {
            const std::uint32_t last = occupied_.back();
            occupied_[position_[bin]] = last;
            position_[last] = position_[bin];
            occupied_.pop_back();
        }
    }
    void clear() {
        for (const std::uint32_t bin : occupied_)
            count_[bin] = 0;
        occupied_.clear();
    }
    bool empty() const { return occupied_.empty(); }
    std::uint32_t count(std::size_t bin) const { return count_[bin]; }
    /// The occupied bins in no particular order (for order-free uses such as
    /// filling a table).
    const std::vector<std::uint32_t>& occupied() const { return occupied_; }
    /// The occupied bins in ascending order (into `out`): the order every
    /// feature sum runs in, so the result never depends on the update history.
    void sortedBins(std::vector<std::uint32_t>& out) const {
        out.assign(occupied_.begin(), occupied_.end());
        std::sort(out.begin(), out.end());
    }

private:
    std::vector<std::uint32_t> count_;
    std::vector<std::uint32_t> position_; ///< index of an occupied bin in occupied_
    std::vector<std::uint32_t> occupied_;
};

} // namespace rgw::radiomics::featuremaps
