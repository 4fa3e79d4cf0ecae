#include "radiomics/texture/Aggregation.h"

#include <cmath>

namespace rgw::radiomics::texture {

void FeatureMean::add(const std::vector<double>& values) {
    ++matrices_;
    for (std::size_t f = 0; f < sum_.size() && f < values.size(); ++f)
        if (std::isfinite(values[f])) {
            sum_[f] += values[f];
            ++finite_[f];
        }
}

double FeatureMean::mean(std::size_t f) const {
    return finite_[f] > 0 ? sum_[f] / static_cast<double>(finite_[f]) : std::nan("");
}

void FeatureMean::emit(FeatureTable& out, const char* family, std::span<const FeatureDef> defs,
                       const char* aggregation) const {
    if (matrices_ == 0) {
        out.notes.push_back({family, std::string("[") + aggregation +
                                         "] no texture matrix could be built: the ROI has no "
                                         "voxels (or no neighbouring voxel pairs) for this "
                                         "aggregation; features left out"});
        return;
    }
    for (std::size_t f = 0; f < defs.size(); ++f) {
        if (finite_[f] == 0) {
            out.notes.push_back({family, std::string("[") + aggregation + "] " + defs[f].name +
                                             " (" + defs[f].code +
                                             ") is undefined for this ROI; left out"});
            continue;
        }
        if (finite_[f] < matrices_)
            out.notes.push_back({family, std::string("[") + aggregation + "] " + defs[f].name +
                                             " (" + defs[f].code + ") undefined for " +
                                             std::to_string(matrices_ - finite_[f]) + " of " +
                                             std::to_string(matrices_) +
                                             " matrices; averaged over the others"});
        out.add(family, defs[f].name, defs[f].code, aggregation, mean(f));
    }
}

} // namespace rgw::radiomics::texture
