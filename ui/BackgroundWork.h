#pragma once

#include "ExtractionService.h"
#include "FeatureRepository.h"
#include "GenomicsImport.h"
#include "ImportService.h"
#include "demo/DemoCohort.h"
#include "image/Image.h"
#include "io/dicom/SeriesLoader.h"
#include "slice/SliceView.h"
#include "util/Cancel.h"

#include <Eigen/Core>
#include <QColor>
#include <QString>
#include <QStringList>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

// The long operations of the main window. Each runs on a worker thread with
// its own database connection (a storage::Database is used from one thread at
// a time) and never touches widgets.
namespace rgw::ui {

/// An image series ready for display, with the masks of its segmentations.
/// A stored segmentation as loaded for editing.
struct LoadedSegment {
    QString name;
    QColor colour;
    Mask mask;      ///< on the series grid
    storage::Id id; ///< the stored version it is
};

/// Everything needed to show a series, prepared off the GUI thread so that
/// showing it only moves data.
struct LoadedImage {
    QString seriesInstanceUid;
    QString title;
    QString modality;
    std::shared_ptr<const Volume> volume;
    std::vector<LoadedSegment> segments; ///< moved into the editor when shown
    /// Where to look first: the centre of the first segment's voxels (LPS).
    std::optional<Eigen::Vector3d> firstSegmentCentre;
    /// Geometry findings and segmentations that could not be shown, for the user.
    QStringList warnings;
};

/// Loads `seriesInstanceUid` from the database file and, with
/// `withSegmentations`, rasterises/decodes the newest version of every
/// segmentation lineage that references it. Throws rgw::Error (unknown
/// series, unreadable files, not an image series).
LoadedImage loadImageWithSegmentations(const std::filesystem::path& databaseFile,
                                       const std::string& seriesInstanceUid,
                                       const CancelToken* cancel = nullptr,
                                       bool withSegmentations = true);

/// One segment of the editor for saving on a worker thread: its mask is read
/// in place (SegmentationEditor::sharedMask) while the editor holds edits.
struct SegmentToSave {
    std::optional<storage::Id> parentId;
    std::string name;
    std::array<int, 3> colour{255, 0, 0};
    std::shared_ptr<const Mask> mask;
};

/// storage::saveSegmentations on its own connection (who: the OS user).
std::vector<storage::Id> saveEditedSegments(const std::filesystem::path& databaseFile,
                                            const std::string& seriesInstanceUid,
                                            const std::vector<SegmentToSave>& segments);

/// A stored segmentation of another series resampled onto `target` (the
/// shown series' grid) in patient space, with its name and colour.
struct CopiedSegmentation {
    std::string name;
    std::array<int, 3> colour{255, 0, 0};
    Mask mask;
};
/// storage::importNiftiSegmentations on its own connection: the NIfTI mask
/// or label map `file` as segmentations of the series named after the file.
std::vector<storage::Id> importNiftiMask(const std::filesystem::path& databaseFile,
                                         const std::string& seriesInstanceUid,
                                         const std::filesystem::path& file);

CopiedSegmentation loadResampledSegmentation(const std::filesystem::path& databaseFile,
                                             storage::Id segmentationId, const Geometry& target);

/// storage::exportSegmentations on its own connection; returns the written file.
std::filesystem::path exportStoredSegmentations(const std::filesystem::path& databaseFile,
                                                const std::vector<storage::Id>& ids,
                                                const std::string& format,
                                                const std::filesystem::path& out);

/// storage::importPaths on its own connection to `databaseFile`.
storage::ImportReport importIntoDatabase(const std::filesystem::path& databaseFile,
                                         const std::vector<std::filesystem::path>& roots,
                                         const ProgressFn& progress, const CancelToken* cancel);

/// Writes the synthetic demo cohort into `folder`, then imports its DICOM (the
/// patients' folders) and its cBioPortal study (demo::demoStudyFolder), as
/// `rgw-cli demo --import` does. Throws rgw::Error when the study cannot be
/// imported.
struct DemoImport {
    demo::DemoSummary cohort;
    storage::ImportReport import;
    storage::GenomicsImportReport
        genomics; ///< not run when writing or the DICOM import was cancelled
};
DemoImport generateAndImportDemo(const std::filesystem::path& databaseFile,
                                 const std::filesystem::path& folder, const ProgressFn& progress,
                                 const CancelToken* cancel);

/// Features of one image series' segmentations, computed and stored.
struct SeriesExtraction {
    std::vector<storage::Id> extractionIds; ///< one per segmentation extracted
    QStringList failures;                   ///< segmentations that could not be extracted
    bool cancelled = false;
};

/// Checks the parameter set against the series' modality (storage::
/// checkSeriesModality: radiomics::ModalityMismatch unless
/// `allowModalityMismatch`), loads the series once, then extracts every segmentation of
/// `segmentationIds` (features computed on `threads` threads, families in
/// parallel) and stores each with its provenance, replacing an earlier
/// extraction with the same parameter set. A segmentation that cannot be
/// extracted is reported and the others go on; cancellation stops between
/// segmentations. Throws rgw::Error when the series cannot be loaded.
SeriesExtraction extractSeriesSegmentations(const std::filesystem::path& databaseFile,
                                            const std::string& seriesInstanceUid,
                                            const std::vector<storage::Id>& segmentationIds,
                                            const radiomics::ParameterSet& parameters,
                                            bool allowModalityMismatch, unsigned threads,
                                            const ProgressFn& progress, const CancelToken* cancel);

/// storage::extractCohort over storage::cohortPairs of the database.
storage::CohortReport extractWholeCohort(const std::filesystem::path& databaseFile,
                                         const radiomics::ParameterSet& parameters,
                                         const storage::CohortOptions& options, unsigned threads,
                                         const ProgressFn& progress, const CancelToken* cancel);

/// A stored extraction as the feature table shows it.
struct StoredFeatures {
    storage::FeatureProvenance provenance;
    radiomics::FeatureTable table;
};
StoredFeatures readStoredFeatures(storage::Database& db, storage::Id extractionId);
/// The newest stored extraction of a segmentation on a series, if any.
std::optional<storage::Id> latestExtraction(storage::Database& db,
                                            const std::string& seriesInstanceUid,
                                            storage::Id segmentationId);

/// Result of work run on a worker thread: a value or the user-facing error.
template <class T> struct Outcome {
    std::shared_ptr<T> value;
    QString error;
};

} // namespace rgw::ui
