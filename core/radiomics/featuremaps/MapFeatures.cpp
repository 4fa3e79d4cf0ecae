#include "io/nifti/Nifti.h"
#include "radiomics/FeatureColumnName.h"
#include "radiomics/families/intensity_histogram.h"
#include "radiomics/families/intensity_statistics.h"
#include "radiomics/featuremaps/FeatureMaps.h"
#include "radiomics/featuremaps/MapFamilies.h"
#include "radiomics/texture/FamilyFeatures.h"
#include "util/Error.h"

#include <array>
#include <cmath>
#include <limits>
#include <set>

namespace rgw::radiomics::featuremaps {

namespace {

constexpr std::array<MapFamilyDef, kMapFamilies> kFamilies{{
    {MapFamily::IntensityStatistics, "intensity_statistics", "", intensityStatisticsFeatures},
    {MapFamily::IntensityHistogram, "intensity_histogram", "", intensityHistogramFeatures},
    {MapFamily::GlcmAveraged, "glcm", texture::label::averaged3D, texture::glcmFeatures},
    {MapFamily::GlcmMerged, "glcm", texture::label::merged3D, texture::glcmFeatures},
    {MapFamily::GlrlmAveraged, "glrlm", texture::label::averaged3D, texture::glrlmFeatures},
    {MapFamily::GlrlmMerged, "glrlm", texture::label::merged3D, texture::glrlmFeatures},
    {MapFamily::Glszm, "glszm", texture::label::volume3D, texture::glszmFeatures},
    {MapFamily::Gldzm, "gldzm", texture::label::volume3D, texture::gldzmFeatures},
    {MapFamily::Ngtdm, "ngtdm", texture::label::volume3D, texture::ngtdmFeatures},
    {MapFamily::Ngldm, "ngldm", texture::label::volume3D, texture::ngldmFeatures},
}};

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

} // namespace

std::span<const MapFamilyDef> mapFamilies() {
    return kFamilies;
}

std::vector<MapFeature> mapFeatures() {
    std::vector<MapFeature> out;
    for (const MapFamilyDef& family : kFamilies)
        for (const texture::FeatureDef& d : family.features())
            out.push_back({family.family, d.name, d.code, family.aggregation,
                           featureColumnName(family.family, d.name, family.aggregation)});
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
                        "' (a family — intensity_statistics, intensity_histogram, glcm, glrlm, "
                        "glszm, gldzm, ngtdm, ngldm — or a column name such as "
                        "glcm.joint_entropy.3d_mrg or intensity_statistics.mean_intensity)");
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
