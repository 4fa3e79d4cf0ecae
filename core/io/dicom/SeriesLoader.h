#pragma once

#include "image/Image.h"
#include "image/VoxelBox.h"
#include "util/Cancel.h"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rgw::dicom {

/// A geometry problem found while assembling a series. Problems that would
/// give the user a wrong geometry make loadSeries throw; the rest are kept here.
struct GeometryFinding {
    enum class Kind {
        IrregularSpacing,  ///< slice positions not equally spaced (beyond tolerance)
        MissingSlices,     ///< gaps that are whole multiples of the usual spacing
        GantryTilt,        ///< slice normal not parallel to the stacking direction
        MixedOrientation,  ///< instances with different Image Orientation (Patient)
        DuplicatePosition, ///< two instances at the same position
        MixedSize,         ///< instances with different Rows/Columns
    };
    Kind kind;
    std::string message;
};
const char* toString(GeometryFinding::Kind kind);

struct LoadedSeries {
    Volume volume;
    std::vector<GeometryFinding> findings;
    std::string seriesInstanceUid;
    std::string modality;
    /// SOP Instance UIDs in slice order (k = 0 .. n-1); for multi-frame
    /// objects the same UID repeats once per frame. Always the whole series,
    /// also when `volume` holds a window of it.
    std::vector<std::string> sliceSopInstanceUids;
    /// Files whose Pixel Data was decoded: all of them, unless a window left
    /// some out (readSeries).
    std::size_t filesDecoded = 0;
};

struct LoadOptions {
    /// Accept irregular spacing / missing slices by resampling to nothing:
    /// when false (the default) such series throw rgw::Error naming the finding.
    bool allowIrregularSpacing = false;
    double spacingToleranceMm = 0.01;
};

/// The header pass over the files of one series: what they hold and where
/// each frame lies, checked and assembled into the series grid, with the
/// parsed headers kept (Pixel Data left on disk) so readSeries parses no file
/// again. Built by planSeries, consumed by readSeries; move-only, and a
/// moved-from plan may only be destroyed or assigned to.
class SeriesPlan {
public:
    SeriesPlan(SeriesPlan&&) noexcept;
    SeriesPlan& operator=(SeriesPlan&&) noexcept;
    ~SeriesPlan();

    /// The voxel grid of the whole series in LPS patient coordinates.
    const Geometry& geometry() const;
    const std::string& modality() const;
    const std::string& seriesInstanceUid() const;
    /// Geometry problems accepted by the LoadOptions (see GeometryFinding).
    const std::vector<GeometryFinding>& findings() const;
    /// The unit the voxel values will have (PET: SUVbw when every file can be
    /// converted, else the raw activity) and the note saying why.
    IntensityUnit unit() const;
    const std::string& unitNote() const;
    /// SOP Instance UIDs in slice order, as LoadedSeries::sliceSopInstanceUids.
    const std::vector<std::string>& sliceSopInstanceUids() const;

private:
    struct State;
    explicit SeriesPlan(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;

    friend SeriesPlan planSeries(const std::vector<std::filesystem::path>& files,
                                 const LoadOptions& options, const CancelToken* cancel);
    friend LoadedSeries readSeries(SeriesPlan plan, const std::optional<VoxelBox>& window,
                                   const CancelToken* cancel);
};

/// Reads the headers of the image instances of one series (all files given
/// must belong to it; no Pixel Data is decoded) and assembles the series
/// grid. Throws rgw::Error naming the file/tag when the series cannot be
/// assembled without a wrong geometry, or its values would have no unit.
SeriesPlan planSeries(const std::vector<std::filesystem::path>& files,
                      const LoadOptions& options = {}, const CancelToken* cancel = nullptr);

/// Decodes the pixels of a planned series into a Volume: Rescale
/// Slope/Intercept applied, PET converted to SUV when plan.unit() says so.
/// With a `window` (inclusive voxel indices of plan.geometry()), the volume
/// lies on cropGeometry(plan.geometry(), *window) and holds only its voxels:
/// only the files with a frame in its slices are decoded, and only its rows
/// and columns of each frame converted. Throws rgw::Error when the window is
/// empty or not inside the grid, when the volume would not fit the memory
/// budget, or when a frame cannot be decoded or holds a non-finite value.
LoadedSeries readSeries(SeriesPlan plan, const std::optional<VoxelBox>& window = std::nullopt,
                        const CancelToken* cancel = nullptr);

/// Loads the image instances of one series (all files given must belong to
/// it) into a 3D Volume in LPS patient coordinates: readSeries(planSeries(...)).
/// Applies Rescale Slope/Intercept, handles multi-frame (enhanced) objects
/// and PET SUV conversion. Throws rgw::Error naming the file/tag when the
/// series cannot be assembled without a wrong geometry.
LoadedSeries loadSeries(const std::vector<std::filesystem::path>& files,
                        const LoadOptions& options = {}, const CancelToken* cancel = nullptr);

/// Registers DCMTK's decompression codecs (JPEG, JPEG-LS, RLE). Idempotent and
/// thread-safe; readSeries (and so loadSeries) calls it.
void registerCodecs();

} // namespace rgw::dicom
