#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace rgw::radiomics::texture {

/// The grey levels that occur in an ROI, in ascending order: compact index
/// c = 1 … count() ↔ grey level value[c] (value[0] = 0, "outside"). Texture
/// matrices and histograms are indexed by c, so their size follows the levels
/// present, not the highest level: an ROI with a few distinct levels is small
/// whatever their values (one voxel at 30000 no longer means a 30000² GLCM).
/// Features still use the real values i, j and N_g as the IBSI defines them.
struct LevelTable {
    std::vector<int> value{0};

    int count() const { return static_cast<int>(value.size()) - 1; }
    /// Compact index of grey level `level`, 0 when it does not occur.
    int indexOf(int level) const;
};

/// The distinct positive levels of `levels` (0 = outside is skipped).
/// `highest` bounds them (N_g); a dense presence table is used when it is not
/// much larger than the input, sorting otherwise, so both time and memory stay
/// proportional to the input.
LevelTable makeLevelTable(std::span<const int> levels, int highest);

/// Replaces every positive level of `levels` by its compact index in `table`.
void toCompact(std::vector<int>& levels, const LevelTable& table, int highest);

/// Asks the memory budget for `bytes` of a texture family's matrices over
/// `distinctLevels` grey levels; the error names the family and the count
/// ("GLCM over 30000 grey levels (…) needs 7.2 GB … — discretise the intensities").
void requireTextureMemory(const char* family, int distinctLevels, std::uint64_t bytes,
                          const std::string& detail = {});

} // namespace rgw::radiomics::texture
