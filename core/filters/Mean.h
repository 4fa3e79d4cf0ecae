#pragma once

#include "filters/Field.h"
#include "filters/FilterContext.h"

namespace rgw::filters {

/// Mean filter (IBSI-2 "mean"): h = 1/M^d on a cube (square in 2D) of M voxels.
struct MeanFilter {
    int support = 3; ///< M, odd
};

/// Response = (1/M^d) Σ_{|o_a| ≤ (M−1)/2} x[n − o], separable: 1/M · 1 per axis.
Field apply(const MeanFilter& filter, const Field& image, const FilterContext& context);

/// The d-dimensional box average of support M along the context's axes (also
/// the local energy of Laws' filters).
Field boxAverage(const Field& image, int support, const FilterContext& context);

} // namespace rgw::filters
