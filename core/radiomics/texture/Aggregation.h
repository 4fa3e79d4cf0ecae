#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"
#include "radiomics/texture/Directions.h"
#include "radiomics/texture/PaddedGrid.h"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace rgw::radiomics::texture {

/// A feature of a family: IBSI name and identifier, as in reference_values.csv.
struct FeatureDef {
    const char* name;
    const char* code;
};

/// Aggregation labels of the IBSI reference tables (codes from configurations.md).
namespace label {
inline constexpr const char* averaged2D = "2D, averaged";                   // BTW3
inline constexpr const char* sliceMerged2D = "2D, slice-merged";            // SUJT
inline constexpr const char* directionMerged25D = "2.5D, direction-merged"; // JJUI
inline constexpr const char* merged25D = "2.5D, merged";                    // ZW7Z
inline constexpr const char* averaged3D = "3D, averaged";                   // ITBB
inline constexpr const char* merged3D = "3D, merged";                       // IAZD
inline constexpr const char* perSlice2D = "2D";                             // 8QNN
inline constexpr const char* merged25DZone = "2.5D";                        // 62GR
inline constexpr const char* volume3D = "3D";                               // KOBO
} // namespace label

inline bool wantsSliceWise(const TextureSettings& s) {
    return s.aggregation != TextureAggregation::Volumetric;
}
inline bool wantsVolumetric(const TextureSettings& s) {
    return s.aggregation != TextureAggregation::SliceWise;
}

/// Mean of feature vectors over matrices (slices and/or directions). Empty
/// matrices are never added. A value that is undefined for one matrix (e.g.
/// correlation of a single-grey-level slice) is left out of that feature's
/// mean, and emit() says so in a FamilyNote.
class FeatureMean {
public:
    explicit FeatureMean(std::size_t features) : sum_(features, 0.0), finite_(features, 0) {}
    void add(const std::vector<double>& values);
    std::size_t matrices() const { return matrices_; }
    /// The mean of feature f over the matrices where it is finite; NaN when none.
    double mean(std::size_t f) const;

    /// Appends one value per feature under `aggregation`, or notes why not.
    void emit(FeatureTable& out, const char* family, std::span<const FeatureDef> defs,
              const char* aggregation) const;

private:
    std::vector<double> sum_;
    std::vector<std::size_t> finite_;
    std::size_t matrices_ = 0;
};

/// The six GLCM/GLRLM aggregations. `build(m, grid, slice, direction)` fills
/// `m` (already cleared) from plane `slice` of the padded grid, or from the
/// whole volume when slice < 0. Matrix needs clear(), empty() and +=.
template <class Matrix, class Build, class Features>
void aggregateDirectional(FeatureTable& out, const char* family, std::span<const FeatureDef> defs,
                          const PaddedGrid& grid, const TextureSettings& settings,
                          const Matrix& zero, Build build, Features features) {
    Matrix m = zero;
    if (wantsSliceWise(settings)) {
        const auto& dirs = directions2D();
        FeatureMean averaged(defs.size()), sliceMerged(defs.size());
        std::vector<Matrix> perDirection(dirs.size(), zero);
        Matrix all = zero, slice = zero;
        for (int k = 0; k < grid.nz; ++k) {
            if (grid.sliceVoxels(k) == 0)
                continue;
            slice.clear();
            for (std::size_t d = 0; d < dirs.size(); ++d) {
                m.clear();
                build(m, grid, k, dirs[d]);
                if (m.empty())
                    continue;
                averaged.add(features(m));
                slice += m;
                perDirection[d] += m;
            }
            if (!slice.empty())
                sliceMerged.add(features(slice));
            all += slice;
        }
        FeatureMean directionMerged(defs.size()), merged(defs.size());
        for (const auto& pd : perDirection)
            if (!pd.empty())
                directionMerged.add(features(pd));
        if (!all.empty())
            merged.add(features(all));
        averaged.emit(out, family, defs, label::averaged2D);
        sliceMerged.emit(out, family, defs, label::sliceMerged2D);
        directionMerged.emit(out, family, defs, label::directionMerged25D);
        merged.emit(out, family, defs, label::merged25D);
    }
    if (wantsVolumetric(settings)) {
        FeatureMean averaged(defs.size()), merged(defs.size());
        Matrix all = zero;
        for (const auto& dir : directions3D()) {
            if (grid.roiVoxels() == 0)
                break;
            m.clear();
            build(m, grid, -1, dir);
            if (m.empty())
                continue;
            averaged.add(features(m));
            all += m;
        }
        if (!all.empty())
            merged.add(features(all));
        averaged.emit(out, family, defs, label::averaged3D);
        merged.emit(out, family, defs, label::merged3D);
    }
}

/// The three aggregations of GLSZM, GLDZM, NGTDM and NGLDM.
/// `buildSlices(perSlice)` fills one matrix per plane k (perSlice has grid.nz
/// cleared matrices); `buildVolume(m)` fills the single 3D matrix.
template <class Matrix, class BuildSlices, class BuildVolume, class Features>
void aggregateSliceOrVolume(FeatureTable& out, const char* family, std::span<const FeatureDef> defs,
                            const PaddedGrid& grid, const TextureSettings& settings,
                            const Matrix& zero, BuildSlices buildSlices, BuildVolume buildVolume,
                            Features features) {
    if (wantsSliceWise(settings)) {
        std::vector<Matrix> perSlice(static_cast<std::size_t>(grid.nz), zero);
        if (grid.roiVoxels() > 0)
            buildSlices(perSlice);
        FeatureMean averaged(defs.size()), merged(defs.size());
        Matrix all = zero;
        for (const auto& m : perSlice) {
            if (m.empty())
                continue;
            averaged.add(features(m));
            all += m;
        }
        if (!all.empty())
            merged.add(features(all));
        averaged.emit(out, family, defs, label::perSlice2D);
        merged.emit(out, family, defs, label::merged25DZone);
    }
    if (wantsVolumetric(settings)) {
        Matrix m = zero;
        if (grid.roiVoxels() > 0)
            buildVolume(m);
        FeatureMean volume(defs.size());
        if (!m.empty())
            volume.add(features(m));
        volume.emit(out, family, defs, label::volume3D);
    }
}

} // namespace rgw::radiomics::texture
