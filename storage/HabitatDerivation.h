#pragma once

// Habitats (and optionally a peritumoural ring) of a stored segmentation,
// from checking the inputs to storing the regions: what `rgw-cli habitats`
// and the segment editor's Habitats dialog both run. The clustering is
// core/segmentation/Habitats.h, the ring core/segmentation/PeritumouralRing.h,
// the storing storage/DerivedSegmentations.h.

#include "Database.h"
#include "DerivedSegmentations.h"
#include "segmentation/Habitats.h"
#include "segmentation/PeritumouralRing.h"
#include "util/Cancel.h"

#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {

struct HabitatDerivationResult {
    segmentation::HabitatResult habitats; ///< the clustering, its masks and provenance
    SavedDerivation saved;                ///< the habitats' run and segmentation ids, by label
    std::optional<Id> ringId;             ///< the stored ring, when one was asked for
    /// What the series loader found (geometry findings), one message each.
    std::vector<std::string> warnings;
};

/// Splits stored segmentation `segmentationId` into habitats on the image
/// series `seriesUids` (the first must be the series the segmentation lies
/// on; the others, e.g. PET beside CT, of the same patient, are sampled onto
/// its grid), stores them (saveHabitats) and, with `ring`, the peritumoural
/// ring around the segmentation (saveRing), all in one transaction.
///
/// Throws storage::InputNotFound for an unknown segmentation or series, and
/// rgw::Error for no series, a series given twice, a series of another
/// patient, a first series that is not the segmentation's, bad options (as
/// computeHabitats and peritumouralRing reject them) or a set `cancel`
/// ("cancelled", checked between loading, clustering and storing); nothing
/// is written then. `progress` reports the steps (loading each series,
/// clustering, storing). Same inputs and seed give the same masks.
HabitatDerivationResult deriveHabitats(Database& db, Id segmentationId,
                                       const std::vector<std::string>& seriesUids,
                                       const segmentation::HabitatOptions& options,
                                       const std::optional<segmentation::RingOptions>& ring,
                                       const std::string& who, const ProgressFn& progress = {},
                                       const CancelToken* cancel = nullptr);

} // namespace rgw::storage
