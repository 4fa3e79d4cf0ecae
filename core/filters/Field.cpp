#include "filters/Field.h"

#include "util/Error.h"

namespace rgw::filters {

Field toField(const Volume& volume) {
    Field f;
    f.size = volume.geometry.size;
    f.values.assign(volume.voxels.begin(), volume.voxels.end());
    return f;
}

Volume toVolume(const Field& field, const Geometry& geometry) {
    if (field.size != geometry.size)
        throw Error("filter response of " + std::to_string(field.size[0]) + " × " +
                    std::to_string(field.size[1]) + " × " + std::to_string(field.size[2]) +
                    " voxels does not fit its image grid");
    Volume v;
    v.geometry = geometry;
    v.voxels.reserve(field.values.size());
    for (const double x : field.values)
        v.voxels.push_back(static_cast<float>(x));
    return v;
}

} // namespace rgw::filters
