#include "io/nifti/Nifti.h"
#include "radiomics/FeatureColumnName.h"
#include "radiomics/families/intensity_histogram.h"
#include "radiomics/families/intensity_statistics.h"
#include "radiomics/featuremaps/FeatureMaps.h"
#include "radiomics/texture/FamilyFeatures.h"
#include "util/Error.h"

#include <cmath>
#include <limits>
#include <set>

namespace rgw::radiomics::featuremaps {

namespace {

void addFamily(std::vector<MapFeature>& out, const char* family,
               std::span<const texture::FeatureDef> defs, const char* aggregation) {
    for (const auto& d : defs)
        out.push_back(
            {family, d.name, d.code, aggregation, featureColumnName(family, d.name, aggregation)});
}

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

} // namespace

std::vector<MapFeature> mapFeatures() {
    std::vector<MapFeature> out;
    addFamily(out, "intensity_statistics", intensityStatisticsFeatures(), "");
    addFamily(out, "intensity_histogram", intensityHistogramFeatures(), "");
    addFamily(out, "glcm", texture::glcmFeatures(), texture::label::averaged3D);
    addFamily(out, "glcm", texture::glcmFeatures(), texture::label::merged3D);
    return out;
}

std::vector<MapFeature> selectMapFeatures(const std::string& list) {
    const std::vector<MapFeature> all = mapFeatures();
    std::vector<MapFeature> out;
    std::set<std::string> taken;
    const auto take = [&](const MapFeature& f) {
        if (taken.insert(f.columnName).second)
            out.push_back(f);
    };
    for (std::size_t start = 0; start <= list.size();) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        const std::string name = trimmed(list.substr(start, comma - start));
        start = comma + 1;
        if (name.empty())
            throw Error("featuremap: empty feature name in '" + list + "'");
        bool found = false;
        for (const MapFeature& f : all)
            if (f.columnName == name || f.family == name) {
                take(f);
                found = true;
            }
        if (!found)
            throw Error("featuremap: unknown feature '" + name +
                        "' (a family — intensity_statistics, intensity_histogram, glcm — or a "
                        "column name such as glcm.joint_entropy.3d_mrg or "
                        "intensity_statistics.mean_intensity)");
    }
    return out;
}

Volume FeatureMaps::volume(std::size_t f) const {
    Volume out(geometry, 0.0f);
    out.unit = IntensityUnit::RescaledValue;
    for (std::size_t v = 0; v < voxels.size(); ++v)
        out.voxels[voxels[v]] = static_cast<float>(values[f][v]);
    return out;
}

std::vector<std::filesystem::path> writeFeatureMaps(const FeatureMaps& maps,
                                                    const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw Error("featuremap: cannot create " + dir.string() + ": " + ec.message());
    std::vector<std::filesystem::path> files;
    for (std::size_t f = 0; f < maps.features.size(); ++f) {
        files.push_back(dir / (maps.features[f].columnName + ".nii.gz"));
        nifti::writeVolume(maps.volume(f), files.back());
    }
    return files;
}

} // namespace rgw::radiomics::featuremaps
