#pragma once

#include "Database.h"
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

/// Stores `table` computed with `parameters` by this program (RGW_VERSION),
/// with its provenance, in one transaction. Returns the extraction id.
Id storeFeatures(Database& db, const std::string& seriesInstanceUid,
                 std::optional<Id> segmentationId, const std::string& maskDescription,
                 const radiomics::ParameterSet& parameters, const radiomics::FeatureTable& table,
                 const std::string& who);

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

struct CohortReport {
    std::size_t pairs = 0;     ///< pairs asked for
    std::size_t extracted = 0; ///< computed and stored by this run
    std::size_t skipped = 0;   ///< already stored with the same parameter hash
    std::vector<CohortFailure> failed;
    bool cancelled = false;
    double seconds = 0.0;
};

/// Extracts and stores every pair not yet stored with `parameters`' hash,
/// `threads` pairs at a time (each worker has its own connection to
/// `databaseFile`; writes are serialised, one transaction per pair, so a
/// killed run leaves only whole extractions). A pair that cannot be extracted
/// (bad input) is reported and the others go on; a database error stops the
/// run and is thrown. Cancellation stops between pairs.
CohortReport extractCohort(const std::filesystem::path& databaseFile,
                           const std::vector<CohortPair>& pairs,
                           const radiomics::ParameterSet& parameters, unsigned threads,
                           const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

} // namespace rgw::storage
