#pragma once

#include "radiomics/texture/PaddedGrid.h"

#include <vector>

namespace rgw::radiomics::texture {

/// Sum of `values` over the (2δ+1)^2 (inPlane) or (2δ+1)^3 box around every
/// voxel, centre included, by separable running sums: O(voxels) whatever δ.
/// Voxels within δ of the array edge are left 0 (the grid's pad covers them).
std::vector<double> boxSum(const PaddedGrid& grid, std::vector<double> values, int distance,
                           bool inPlane);

} // namespace rgw::radiomics::texture
