#pragma once

#include "image/VoxelBox.h"

namespace rgw::radiomics::processing {

/// The processing's name for a voxel box (image/VoxelBox.h is the one source).
using Box = VoxelBox;
using rgw::boundingBox;
using rgw::cropGeometry;

} // namespace rgw::radiomics::processing
