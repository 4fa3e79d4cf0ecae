#pragma once

// The work behind Analysis > Feature map and Filter response (issue #16 §3):
// core's feature maps and filter responses of the shown image, made ready for
// the viewer's fusion layer off the GUI thread. No widgets.

#include "image/Image.h"
#include "image/WindowLevel.h"
#include "radiomics/Settings.h"
#include "radiomics/featuremaps/FeatureMaps.h"
#include "util/Cancel.h"

#include <QString>
#include <memory>
#include <string>
#include <vector>

namespace rgw::ui {

/// A computed map as the viewer overlays it.
struct ComputedMap {
    QString name;          ///< "glcm.joint_entropy.3d_mrg, r = 2" or "filter log_sigma1.5_…"
    bool response = false; ///< a filter response (can be shown as the image)
    /// What core computed (0 outside the ROI for a feature map): what
    /// "Save map as NIfTI" writes.
    std::shared_ptr<const Volume> values;
    /// What the fusion layer shows: `values`, NaN (transparent) outside the
    /// ROI of a feature map.
    std::shared_ptr<const Volume> display;
    /// The 1st..99th percentile of the display's finite values (those in the
    /// ROI where there is one).
    WindowLevel window;
};

/// Each map of `maps` for display: values = maps.volume(f), display the same
/// with NaN at every voxel that is not a kernel centre (maps.voxels).
std::vector<ComputedMap> featureMapsForDisplay(const radiomics::featuremaps::FeatureMaps& maps);

/// computeFeatureMaps of `image` in `mask` (nullptr: every voxel) on every
/// hardware thread with progress and cancel (rgw::Error "cancelled"), then
/// featureMapsForDisplay.
std::vector<ComputedMap>
computeFeatureMapsForDisplay(const Volume& image, const Mask* mask,
                             const radiomics::Settings& settings,
                             const std::vector<radiomics::featuremaps::MapFeature>& features,
                             int radius, const ProgressFn& progress, const CancelToken* cancel);

/// The response of filter `filter` of settings.filters on the image the
/// settings' processing makes (radiomics::processing::processedImage, as
/// rgw-cli filter), shown whole; its window from the values in `roi` when
/// the ROI is on the response's grid, else from the whole map. Throws
/// rgw::Error for a filter index out of range, filters::FilterCancelled when
/// `cancel` is set while the filter runs.
ComputedMap computeFilterResponseForDisplay(const Volume& image, const Mask* roi,
                                            const radiomics::Settings& settings, std::size_t filter,
                                            const CancelToken* cancel = nullptr);

} // namespace rgw::ui
