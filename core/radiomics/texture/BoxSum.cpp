#include "radiomics/texture/BoxSum.h"

#include <algorithm>

namespace rgw::radiomics::texture {

namespace {

/// One axis of the box sum, in place: v[c] = Σ_{t=−δ..δ} v[c + t·stride]
/// along lines of `length` voxels, each line read from a copy of itself; the
/// first and last δ voxels of each line become 0.
void runningSum(std::vector<double>& values, std::ptrdiff_t stride, int length, int distance,
                std::vector<double>& line) {
    const std::ptrdiff_t block = stride * length; // lines of one block share `outer`
    const std::ptrdiff_t blocks = static_cast<std::ptrdiff_t>(values.size()) / block;
    line.resize(static_cast<std::size_t>(length));
    for (std::ptrdiff_t outer = 0; outer < blocks; ++outer)
        for (std::ptrdiff_t inner = 0; inner < stride; ++inner) {
            double* v = values.data() + outer * block + inner;
            for (int t = 0; t < length; ++t) {
                line[static_cast<std::size_t>(t)] = v[t * stride];
                v[t * stride] = 0.0;
            }
            const double* src = line.data();
            double window = 0.0;
            for (int t = 0; t < 2 * distance + 1 && t < length; ++t)
                window += src[t];
            for (int c = distance; c + distance < length; ++c) {
                v[c * stride] = window;
                if (c + distance + 1 < length)
                    window += src[c + distance + 1] - src[c - distance];
            }
        }
}

} // namespace

std::vector<double> boxSum(const PaddedGrid& grid, std::vector<double> values, int distance,
                           bool inPlane) {
    std::vector<double> line; // one line of the axis being summed: no second volume
    runningSum(values, 1, grid.nx, distance, line);
    runningSum(values, grid.nx, grid.ny, distance, line);
    if (!inPlane)
        runningSum(values, std::ptrdiff_t(grid.nx) * grid.ny, grid.nz, distance, line);
    return values;
}

} // namespace rgw::radiomics::texture
