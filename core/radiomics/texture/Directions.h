#pragma once

#include <array>

namespace rgw::radiomics::texture {

/// A voxel step (di, dj, dk) on the grid; k is the slice (axial) axis.
struct Offset {
    int di = 0;
    int dj = 0;
    int dk = 0;
};

/// The 4 unique in-plane directions of a 2D Chebyshev-1 neighbourhood (opposite
/// directions are the same direction for symmetric matrices and for runs).
const std::array<Offset, 4>& directions2D();

/// The 13 unique directions of a 3D Chebyshev-1 (26-) neighbourhood.
const std::array<Offset, 13>& directions3D();

} // namespace rgw::radiomics::texture
