#pragma once

#include "Database.h"
#include "io/dicom/DicomScanner.h"
#include "util/Cancel.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {

/// Something an imported file holds that the database leaves out, and why.
struct ImportNote {
    std::filesystem::path file;
    std::string message;
};

struct ImportReport {
    Id importRunId = 0;
    std::size_t filesScanned = 0;
    std::size_t instancesAdded = 0;
    std::size_t duplicates = 0; ///< instances whose SOP Instance UID was already stored
    std::size_t changed = 0;    ///< stored instances whose file (same path) changed size or mtime
    std::vector<std::filesystem::path> changedFiles;
    std::vector<dicom::SkippedFile> skipped; ///< files not imported, with reasons
    std::vector<ImportNote> notes; ///< parts of imported files left out (e.g. degenerate contours)
    std::size_t patients = 0;      ///< distinct patients written by this import
    std::size_t studies = 0;
    std::size_t series = 0;
    std::size_t segmentationsAdded = 0; ///< RTSTRUCT ROIs / SEG segments
    bool cancelled = false;
    double seconds = 0.0;
};

/// The import found no DICOM at all: no instance added, already present or
/// changed, and every file it skipped was not DICOM (or there was no file).
/// The GUI warns ("0 instances: nothing in this folder is DICOM") and rgw-cli
/// exits with status 4. A cancelled import is not judged.
bool foundNoDicom(const ImportReport& report);

struct ImportOptions {
    std::string who = {}; ///< recorded in the audit log; empty = OS user name
};

/// Imports the DICOM files under `roots`: scans their headers, groups them by
/// series and writes one transaction per series (patient/study/series upsert,
/// its instances, and one segmentation row per RTSTRUCT ROI / SEG segment).
/// Idempotent: already-stored instances count as duplicates; a stored instance
/// whose file at the same path changed size or mtime is updated and reported.
/// Cancelling (or killing the process) leaves only whole series written.
/// Progress: during the scan (filesDone, filesTotal, file); then while
/// writing (seriesDone, seriesTotal, "series <uid>").
/// Each run is recorded in import_runs and the audit log.
ImportReport importPaths(Database& db, const std::vector<std::filesystem::path>& roots,
                         const ProgressFn& progress = {}, const CancelToken* cancel = nullptr,
                         const ImportOptions& options = {});

/// Imports a NIfTI mask or label map as NIFTI segmentations (masks stored) on
/// the image series `seriesInstanceUid`, in one transaction. Every non-zero
/// label value becomes its own segmentation (ROI number = label value): a
/// binary mask gives one row named `roiName`, a label map with several values
/// gives one row per value named "`roiName` label N" — unless `label` picks one
/// value, which then keeps `roiName`. Throws rgw::Error (nothing written) when
/// the series is unknown, the file holds no voxel of `label` (or none at all),
/// or it is not on the series' voxel grid. Returns the new ids, by label value.
std::vector<Id> importNiftiSegmentations(Database& db, const std::string& seriesInstanceUid,
                                         const std::string& roiName,
                                         const std::filesystem::path& file,
                                         std::optional<int> label = std::nullopt,
                                         const ImportOptions& options = {});

} // namespace rgw::storage
