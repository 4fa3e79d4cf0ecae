#include "radiomics/texture/BoxSum.h"

#include <algorithm>

namespace rgw::radiomics::texture {

namespace {

/// One axis of the box sum: out[v] = Σ_{t=−δ..δ} in[v + t·stride] along lines
/// of `length` voxels; the first and last δ voxels of each line stay 0.
void runningSum(const std::vector<double>& in, std::vector<double>& out, std::ptrdiff_t stride,
                int length, int distance) {
    std::fill(out.begin(), out.end(), 0.0);
    const std::ptrdiff_t block = stride * length; // lines of one block share `outer`
    const std::ptrdiff_t blocks = static_cast<std::ptrdiff_t>(in.size()) / block;
    for (std::ptrdiff_t outer = 0; outer < blocks; ++outer)
        for (std::ptrdiff_t inner = 0; inner < stride; ++inner) {
            const double* src = in.data() + outer * block + inner;
            double* dst = out.data() + outer * block + inner;
            double window = 0.0;
            for (int t = 0; t < 2 * distance + 1 && t < length; ++t)
                window += src[t * stride];
            for (int c = distance; c + distance < length; ++c) {
                dst[c * stride] = window;
                if (c + distance + 1 < length)
                    window += src[(c + distance + 1) * stride] - src[(c - distance) * stride];
            }
        }
}

} // namespace

std::vector<double> boxSum(const PaddedGrid& grid, std::vector<double> values, int distance,
                           bool inPlane) {
    std::vector<double> tmp(values.size());
    runningSum(values, tmp, 1, grid.nx, distance);
    runningSum(tmp, values, grid.nx, grid.ny, distance);
    if (inPlane)
        return values;
    runningSum(values, tmp, std::ptrdiff_t(grid.nx) * grid.ny, grid.nz, distance);
    return tmp;
}

} // namespace rgw::radiomics::texture
