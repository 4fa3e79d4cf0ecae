#pragma once

// The brute-force counterpart of radiomics::featuremaps::computeFeatureMaps,
// shared by its test and its benchmark: for each kernel centre, the kernel's
// cube is cropped out and the whole-ROI family code (computeIntensityStatistics,
// computeIntensityHistogram, computeGlcm, computeGlrlm, computeGlszm,
// computeGldzm, computeNgtdm, computeNgldm) is run on it from scratch.

#include "radiomics/families/glcm.h"
#include "radiomics/families/gldzm.h"
#include "radiomics/families/glrlm.h"
#include "radiomics/families/glszm.h"
#include "radiomics/families/intensity_histogram.h"
#include "radiomics/families/intensity_statistics.h"
#include "radiomics/families/ngldm.h"
#include "radiomics/families/ngtdm.h"
#include "radiomics/featuremaps/FeatureMaps.h"
#include "radiomics/processing/Discretisation.h"
#include "radiomics/processing/Resegmentation.h"
#include "radiomics/processing/RoiBox.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace rgw::test {

class FeatureMapBruteForce {
public:
    /// `mask` nullptr = every voxel.
    FeatureMapBruteForce(const Volume& image, const Mask* mask, const radiomics::Settings& settings,
                         std::vector<radiomics::featuremaps::MapFeature> features, int radius)
        : image_(image), settings_(settings), features_(std::move(features)), radius_(radius) {
        morph_ = mask ? *mask : Mask(image.geometry, 1);
        intensity_ = radiomics::processing::resegment(
            image, morph_, radiomics::processing::resegmentationInterval(image, morph_, settings));
        bool levels = false;
        for (const auto& f : features_)
            levels = levels || f.family != "intensity_statistics";
        if (levels) {
            radiomics::PreparedRoi whole{image, morph_, intensity_, false};
            discretised_ = radiomics::processing::discretise(whole, settings);
            offset_ = radiomics::processing::boundingBox(morph_).lo;
        }
        for (std::size_t v = 0; v < intensity_.voxels.size(); ++v)
            if (intensity_.voxels[v])
                centres_.push_back(v);
    }

    /// Linear indices of the kernel centres, ascending (as FeatureMaps::voxels).
    const std::vector<std::size_t>& centres() const { return centres_; }

    /// Every feature's value at centre voxel `v`; NaN when the family leaves it out.
    std::vector<double> at(std::size_t v) const {
        const Geometry& g = image_.geometry;
        const std::int64_t c[3] = {static_cast<std::int64_t>(v % g.size[0]),
                                   static_cast<std::int64_t>(v / g.size[0] % g.size[1]),
                                   static_cast<std::int64_t>(v / (g.size[0] * g.size[1]))};
        radiomics::processing::Box box;
        for (int a = 0; a < 3; ++a) {
            box.lo[a] = std::max<std::int64_t>(c[a] - radius_, 0);
            box.hi[a] = std::min<std::int64_t>(c[a] + radius_, g.size[a] - 1);
        }
        const Geometry kg = radiomics::processing::cropGeometry(g, box);
        radiomics::PreparedRoi kernel{Volume(kg, 0.0f), Mask(kg, 0), Mask(kg, 0), false};
        radiomics::DiscretisedRoi levels;
        levels.geometry = kg;
        levels.levels.assign(kg.voxelCount(), 0);
        levels.greyLevels = discretised_.greyLevels;
        std::size_t o = 0;
        for (std::int64_t k = box.lo[2]; k <= box.hi[2]; ++k)
            for (std::int64_t j = box.lo[1]; j <= box.hi[1]; ++j)
                for (std::int64_t i = box.lo[0]; i <= box.hi[0]; ++i, ++o) {
                    const std::size_t w = g.linearIndex(i, j, k);
                    kernel.image.voxels[o] = image_.voxels[w];
                    kernel.morphologicalMask.voxels[o] = intensity_.voxels[w];
                    kernel.intensityMask.voxels[o] = intensity_.voxels[w];
                    if (!discretised_.levels.empty() && intensity_.voxels[w])
                        levels.levels[o] = discretised_.levels[discretised_.geometry.linearIndex(
                            i - offset_[0], j - offset_[1], k - offset_[2])];
                }
        radiomics::FeatureTable t;
        const auto wants = [&](const char* family) {
            return std::any_of(features_.begin(), features_.end(),
                               [&](const auto& f) { return f.family == family; });
        };
        if (wants("intensity_statistics"))
            t.append(radiomics::computeIntensityStatistics(kernel));
        if (wants("intensity_histogram"))
            t.append(radiomics::computeIntensityHistogram(levels));
        radiomics::TextureSettings ts = settings_.texture;
        ts.aggregation = radiomics::TextureAggregation::Volumetric;
        using Texture = radiomics::FeatureTable (*)(const radiomics::DiscretisedRoi&,
                                                    const radiomics::TextureSettings&);
        const std::pair<const char*, Texture> textures[] = {
            {"glcm", radiomics::computeGlcm},   {"glrlm", radiomics::computeGlrlm},
            {"glszm", radiomics::computeGlszm}, {"gldzm", radiomics::computeGldzm},
            {"ngtdm", radiomics::computeNgtdm}, {"ngldm", radiomics::computeNgldm}};
        for (const auto& [family, compute] : textures)
            if (wants(family))
                t.append(compute(levels, ts));
        std::vector<double> out;
        for (const auto& f : features_) {
            double value = std::numeric_limits<double>::quiet_NaN();
            for (const auto& fv : t.values)
                if (fv.family == f.family && fv.name == f.name && fv.aggregation == f.aggregation)
                    value = fv.value;
            out.push_back(value);
        }
        return out;
    }

private:
    const Volume& image_;
    radiomics::Settings settings_;
    std::vector<radiomics::featuremaps::MapFeature> features_;
    int radius_;
    Mask morph_, intensity_;
    radiomics::DiscretisedRoi discretised_;
    std::array<std::int64_t, 3> offset_{};
    std::vector<std::size_t> centres_;
};

} // namespace rgw::test
