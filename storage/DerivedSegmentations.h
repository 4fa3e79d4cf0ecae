#pragma once

// Regions derived from a stored segmentation — tumour habitats and
// peritumoural rings — saved as segmentations of their own (version 1 of a
// new lineage, source MANUAL, mask stored) so feature extraction, export and
// models use them like any ROI, each linked to the segmentation it was
// computed in through a derivation run (schema v7: derivation_runs,
// segmentation_derivations) that records the tool and its parameters.

#include "Database.h"
#include "Rows.h"
#include "image/Image.h"
#include "segmentation/Habitats.h"
#include "segmentation/PeritumouralRing.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {

enum class DerivationTool { Habitat, PeritumouralRing };
const char* toString(DerivationTool tool); ///< "habitat", "peritumoural_ring"
DerivationTool derivationToolFromString(std::string_view text);

/// One region to store: a mask on the parent segmentation's series grid.
struct DerivedRegion {
    std::string roiName;
    std::array<int, 3> color{0, 200, 0};
    const Mask* mask = nullptr;
    int label = 1;                  ///< 1 .. within the run (habitat number; 1 for a ring)
    std::optional<double> fraction; ///< habitats: fraction of the clustered ROI voxels
};

struct DerivationRunRow {
    Id id = 0;
    Id parentId = 0; ///< the segmentation the regions were computed in
    DerivationTool tool = DerivationTool::Habitat;
    std::string parameters; ///< JSON: the tool's options and provenance
    std::string createdAt;
    std::string createdBy;
};

/// A stored derived segmentation: its segmentations row and its derivation.
struct DerivedSegmentationRow {
    SegmentationRow segmentation;
    DerivationRunRow run;
    int label = 1;
    std::optional<double> fraction;
};

struct SavedDerivation {
    Id runId = 0;
    std::vector<Id> segmentationIds; ///< in the order of the regions given
};

/// Stores `regions` as new segmentations of the parent's patient and series,
/// derived from segmentation `parentId` by `tool` with `parametersJson`, in
/// one transaction with an audit entry per region. Throws rgw::Error, with
/// nothing written, for an unknown parent, no regions, a region without a
/// mask or off the parent's grid (the series' grid, as loadSegmentationMask
/// gives it), a habitat reaching outside the parent or a ring inside it, or
/// a label used twice.
SavedDerivation saveDerivedSegmentations(Database& db, Id parentId, DerivationTool tool,
                                         const std::string& parametersJson,
                                         const std::vector<DerivedRegion>& regions,
                                         const std::string& who);

/// The habitats of `result` (computed in segmentation `parentId`'s mask),
/// named "<parent ROI> habitat <label>/<k>", coloured defaultRoiColour(label),
/// with their fractions and the provenance JSON (segmentation::toJson).
SavedDerivation saveHabitats(Database& db, Id parentId, const segmentation::HabitatResult& result,
                             const std::string& who);

/// A peritumoural ring around segmentation `parentId`, named "<parent ROI>
/// ring <inner>-<inner + width> mm", with its options (and the ids of the
/// excluded segmentations, when given) as parameters. Returns the new id.
Id saveRing(Database& db, Id parentId, const Mask& ring, const segmentation::RingOptions& options,
            const std::vector<Id>& excludedSegmentationIds, const std::string& who);

/// The derivation of segmentation `id`; nullopt for a segmentation that was
/// not derived (or an unknown id).
std::optional<DerivedSegmentationRow> findDerivation(Database& db, Id id);

/// The segmentations derived from `parentId` (every run), by run then label.
std::vector<DerivedSegmentationRow> listDerived(Database& db, Id parentId);

/// The segmentations of one run, by label.
std::vector<DerivedSegmentationRow> listRun(Database& db, Id runId);

} // namespace rgw::storage
