#pragma once

#include "Database.h"
#include "ExtractionInputs.h"
#include "FeatureRepository.h"
#include "image/Image.h"
#include "radiomics/Feature.h"
#include "radiomics/ParameterSet.h"
#include "util/Cancel.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {

/// Every family of the engine on (image, mask) with `settings`. With more than
/// one thread the ROI is prepared once and the families run concurrently; the
/// table is the same as single-threaded, in the engine's family order.
radiomics::FeatureTable extractFeatures(const Volume& image, const Mask& mask,
                                        const radiomics::Settings& settings, unsigned threads = 1);

/// The same from the window of the image an extraction reads
/// (readExtractionWindow): the very same table as from the whole image. The
/// window is released once the ROI is prepared from it.
radiomics::FeatureTable extractFeatures(ExtractionWindow&& window,
                                        const radiomics::Settings& settings, unsigned threads = 1);

/// The image modality an extraction used, for its provenance.
struct ModalityUse {
    std::string imageModality; ///< DICOM Modality, "" when unknown (NIfTI)
    /// The parameter set was not declared for imageModality and the user
    /// forced it; false when the set fits.
    bool mismatchAllowed = false;
};

/// Refuses a PyRadiomics-compatible set for the database's images: that
/// pipeline reads NRRD or NIfTI files in their stored pixel type (rgw-cli
/// extract), and the stored series would otherwise go through the IBSI
/// pipeline under the PyRadiomics set's name and hash. Throws rgw::Error.
void requireDatabasePipeline(const radiomics::ParameterSet& parameters);

/// The modality guard for an image of `imageModality` (radiomics::
/// requireModality): throws radiomics::ModalityMismatch naming `imageName`
/// unless the set fits or `allowMismatch`; returns what to record.
ModalityUse checkModality(const radiomics::ParameterSet& parameters,
                          const std::string& imageModality, const std::string& imageName,
                          bool allowMismatch);

/// requireDatabasePipeline, then checkModality for a stored series (its
/// Modality from the database). Throws rgw::Error when the series is not in
/// the database.
ModalityUse checkSeriesModality(Database& db, const std::string& seriesInstanceUid,
                                const radiomics::ParameterSet& parameters, bool allowMismatch);

/// What an extraction is of, for people: "patient · ROI · series description"
/// (e.g. "STS_001 · GTV_Mass_PET · PET AC"); without `segmentationId` the ROI
/// part is left out; a series without description is named by its number and
/// modality, else its UID. Throws rgw::Error when the series is not stored.
std::string extractionTargetLabel(Database& db, const std::string& seriesInstanceUid,
                                  std::optional<Id> segmentationId);

/// The DICOM Modality values of the stored image series, sorted, distinct.
std::vector<std::string> imageSeriesModalities(Database& db);

/// Stores `table` computed with `parameters` by this program (RGW_VERSION),
/// with its provenance (who, the image modality and whether a mismatch was
/// forced), in one transaction. Returns the extraction id.
Id storeFeatures(Database& db, const std::string& seriesInstanceUid,
                 std::optional<Id> segmentationId, const std::string& maskDescription,
                 const radiomics::ParameterSet& parameters, const radiomics::FeatureTable& table,
                 const ModalityUse& modality, const std::string& who);

/// One (image series, segmentation) pair of a cohort extraction.
struct CohortPair {
    std::string seriesInstanceUid;
    Id segmentationId = 0;
};

/// Every pair of the database: the latest version of each segmentation
/// lineage whose referenced series is a stored image series.
std::vector<CohortPair> cohortPairs(Database& db);

/// Pairs from a CSV file of lines "series_uid,segmentation_id" (an optional
/// header line naming those columns). Throws rgw::Error naming file and line.
std::vector<CohortPair> readCohortPairs(const std::filesystem::path& csv);

struct CohortFailure {
    CohortPair pair;
    std::string reason;
};

/// A pair left out because of its image's modality.
struct CohortModalitySkip {
    CohortPair pair;
    std::string modality; ///< the series' DICOM Modality ("" when unknown)
    std::string reason;
};

/// How a cohort run treats modalities.
struct CohortOptions {
    /// Extract only the pairs of series of this DICOM Modality (empty: every
    /// modality the parameter set is declared for).
    std::string modality;
    /// Extract pairs the parameter set is not declared for (recorded in each
    /// extraction's provenance) instead of skipping them.
    bool allowModalityMismatch = false;
};

struct CohortReport {
    std::size_t pairs = 0;     ///< pairs asked for
    std::size_t extracted = 0; ///< computed and stored by this run
    std::size_t skipped = 0;   ///< already stored with the same parameter hash
    /// Not extracted: another modality than CohortOptions::modality, or one
    /// the parameter set is not declared for.
    std::vector<CohortModalitySkip> skippedForModality;
    std::vector<CohortFailure> failed;
    bool cancelled = false;
    double seconds = 0.0;
};

/// Extracts and stores every pair not yet stored with `parameters`' hash
/// whose series passes the modality rule of `options` (the others are listed
/// in skippedForModality),
/// `threads` pairs at a time (each worker has its own connection to
/// `databaseFile`; writes are serialised, one transaction per pair, so a
/// killed run leaves only whole extractions). A pair that cannot be extracted
/// (bad input) is reported and the others go on; a database error stops the
/// run and is thrown. Cancellation stops between pairs.
CohortReport extractCohort(const std::filesystem::path& databaseFile,
                           const std::vector<CohortPair>& pairs,
                           const radiomics::ParameterSet& parameters, unsigned threads,
                           const ProgressFn& progress = {}, const CancelToken* cancel = nullptr,
                           const CohortOptions& options = {});

} // namespace rgw::storage
