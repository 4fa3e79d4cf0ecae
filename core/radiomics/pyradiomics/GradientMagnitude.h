#pragma once

// PyRadiomics' Gradient image type (imageoperations.getGradientImage):
// SimpleITK's GradientMagnitudeImageFilter, reproduced with ITK's arithmetic.

#include "radiomics/pyradiomics/FilterGrid.h"

#include <string>
#include <vector>

namespace rgw::radiomics::pyradiomics {

/// |∇image| by central differences, as ITK's GradientMagnitudeImageFilter
/// computes it: g_d = (x[+1] − x[−1]) / (2 h_d) along each axis d, with
/// h_d = spacing[d] when `useSpacing` (PyRadiomics' gradientUseSpacing,
/// default true) and 1 otherwise; a neighbour outside the image is the edge
/// voxel itself (zero-flux Neumann), so the border difference is halved.
/// Sums g_x² + g_y² + g_z² in double; the root is stored as float32
/// (SimpleITK's output pixel type), returned in doubles. `scalar` is the
/// input's numpy dtype. Throws rgw::Error for a grid/image size mismatch, a
/// spacing ≤ 0 or a dtype SimpleITK cannot hold.
std::vector<double> gradientMagnitudeImage(const FilterGrid& grid, const std::vector<double>& image,
                                           const std::string& scalar, bool useSpacing);

} // namespace rgw::radiomics::pyradiomics
