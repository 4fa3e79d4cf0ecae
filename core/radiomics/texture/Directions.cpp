#include "radiomics/texture/Directions.h"

namespace rgw::radiomics::texture {

const std::array<Offset, 4>& directions2D() {
    static const std::array<Offset, 4> dirs{{{1, 0, 0}, {1, 1, 0}, {0, 1, 0}, {-1, 1, 0}}};
    return dirs;
}

const std::array<Offset, 13>& directions3D() {
    // One of each opposite pair: the 4 in-plane directions, then the 9 with dk = 1.
    static const std::array<Offset, 13> dirs{{{1, 0, 0},
                                              {1, 1, 0},
                                              {0, 1, 0},
                                              {-1, 1, 0},
                                              {0, 0, 1},
                                              {1, 0, 1},
                                              {-1, 0, 1},
                                              {0, 1, 1},
                                              {0, -1, 1},
                                              {1, 1, 1},
                                              {1, -1, 1},
                                              {-1, 1, 1},
                                              {-1, -1, 1}}};
    return dirs;
}

} // namespace rgw::radiomics::texture
