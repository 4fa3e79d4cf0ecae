#include "MapWork.h"

#include "filters/FilterSpec.h"
#include "radiomics/processing/Pipeline.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rgw::ui {

namespace {

/// 1st..99th percentile of the finite values; a unit window at 0 when there are none.
WindowLevel finiteWindow(const Volume& volume) {
    try {
        return percentileWindow(volume, 1.0, 99.0);
    } catch (const Error&) {
        return WindowLevel::fromRange(0.0, 1.0); // every value undefined: nothing is drawn
    }
}

} // namespace

std::vector<ComputedMap> featureMapsForDisplay(const radiomics::featuremaps::FeatureMaps& maps) {
    std::vector<ComputedMap> out;
    out.reserve(maps.features.size());
    for (std::size_t f = 0; f < maps.features.size(); ++f) {
        auto values = std::make_shared<Volume>(maps.volume(f));
        auto display = std::make_shared<Volume>(*values);
        std::fill(display->voxels.begin(), display->voxels.end(),
                  std::numeric_limits<float>::quiet_NaN());
        for (const std::size_t v : maps.voxels)
            display->voxels[v] = values->voxels[v];
        ComputedMap map;
        map.name = QStringLiteral("%1, r = %2")
                       .arg(QString::fromStdString(maps.features[f].columnName))
                       .arg(maps.radius);
        map.window = finiteWindow(*display);
        map.values = std::move(values);
        map.display = std::move(display);
        out.push_back(std::move(map));
    }
    return out;
}

std::vector<ComputedMap>
computeFeatureMapsForDisplay(const Volume& image, const Mask* mask,
                             const radiomics::Settings& settings,
                             const std::vector<radiomics::featuremaps::MapFeature>& features,
                             int radius, const ProgressFn& progress, const CancelToken* cancel) {
    radiomics::featuremaps::FeatureMapOptions options;
    options.radius = radius;
    options.threads = 0;
    return featureMapsForDisplay(radiomics::featuremaps::computeFeatureMaps(
        image, mask, settings, features, options, progress, cancel));
}

ComputedMap computeFilterResponseForDisplay(const Volume& image, const Mask* roi,
                                            const radiomics::Settings& settings, std::size_t filter,
                                            const CancelToken* cancel) {
    if (filter >= settings.filters.size())
        throw Error("filter " + std::to_string(filter + 1) + " of " +
                    std::to_string(settings.filters.size()) + " does not exist");
    const filters::FilterSpec& spec = settings.filters[filter];
    auto response = std::make_shared<Volume>(
        filters::applyFilter(radiomics::processing::processedImage(image, settings), spec, cancel));
    ComputedMap map;
    map.name = QStringLiteral("filter %1").arg(QString::fromStdString(filters::describe(spec)));
    map.response = true;
    if (roi && roi->geometry.sameGrid(response->geometry)) {
        Volume inRoi = *response;
        for (std::size_t v = 0; v < inRoi.voxels.size(); ++v)
            if (!roi->voxels[v])
                inRoi.voxels[v] = std::numeric_limits<float>::quiet_NaN();
        map.window = finiteWindow(inRoi);
    } else {
        map.window = finiteWindow(*response);
    }
    map.values = response;
    map.display = std::move(response);
    return map;
}

} // namespace rgw::ui
