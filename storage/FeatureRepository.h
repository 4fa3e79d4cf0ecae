#pragma once

#include "Database.h"
#include "radiomics/Feature.h"

#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {

/// parameter_sets: one row per distinct canonical parameter text (by hash).
struct ParameterSetRow {
    Id id = 0;
    std::string hash;          ///< hex SHA-256 of canonicalText
    std::string canonicalText; ///< the canonical YAML the features were computed with
    std::string name;          ///< preset name or file it was first read from
};

/// feature_extractions: one computed feature set and where it comes from.
struct FeatureExtractionRow {
    Id id = 0;
    std::string seriesInstanceUid;    ///< the image series
    std::optional<Id> segmentationId; ///< the mask, when it is a segmentation row
    std::string maskDescription;      ///< the mask otherwise (file path, ROI name)
    Id parameterSetId = 0;
    std::string parameterSetHash;      ///< from parameter_sets, for convenience
    std::string softwareVersion;       ///< RGW_VERSION of the program that computed it
    std::vector<std::string> families; ///< engine families computed, in order
    std::string createdAt;             ///< ISO 8601 UTC
    std::string createdBy;
    std::string status; ///< "complete"
    int valueCount = 0; ///< feature rows, missing values included
    /// DICOM Modality of the image ("" when unknown: a NIfTI image nobody
    /// stated a modality for, or an extraction stored before schema v3).
    std::string imageModality;
    /// The parameter set was not declared for imageModality and the user
    /// forced it (--allow-modality-mismatch / the dialog's check box).
    bool modalityMismatchAllowed = false;
};

/// The whole provenance of an extraction: its row and its parameter set.
struct FeatureProvenance {
    FeatureExtractionRow extraction;
    ParameterSetRow parameterSet;
};

/// What store() writes.
struct NewFeatureExtraction {
    std::string seriesInstanceUid;
    std::optional<Id> segmentationId;
    std::string maskDescription;
    std::string parameterSetHash;
    std::string parameterSetCanonicalText;
    std::string parameterSetName;
    std::string softwareVersion;
    std::vector<std::string> families;
    const radiomics::FeatureTable* table = nullptr;
    std::string imageModality;
    bool modalityMismatchAllowed = false;
};

/// Radiomic features with provenance (schema v2).
class FeatureRepository {
public:
    explicit FeatureRepository(Database& db) : db_(db) {}

    /// Stores an extraction, its values (a missing value, or NaN, as NULL with
    /// its reason; every row with its unit) and its family notes in one transaction (joins the
    /// caller's when open), with an audit entry. An earlier extraction of the same (series,
    /// segmentation, parameter set) is replaced in that transaction. Returns the new id.
    Id store(const NewFeatureExtraction& extraction, const std::string& who);

    /// The parameter set row of `hash`, added when absent (in the caller's transaction).
    Id addParameterSet(const std::string& hash, const std::string& canonicalText,
                       const std::string& name);
    std::optional<ParameterSetRow> findParameterSet(const std::string& hash);
    /// The parameter sets at least one stored extraction was computed with,
    /// the most recently used first (what a model can take its features from).
    std::vector<ParameterSetRow> parameterSetsInUse();

    /// The stored extraction of a segmentation on a series with a parameter set.
    std::optional<FeatureExtractionRow> find(const std::string& seriesInstanceUid,
                                             Id segmentationId,
                                             const std::string& parameterSetHash);
    std::optional<FeatureExtractionRow> findById(Id extractionId);
    std::vector<FeatureExtractionRow> list(); ///< oldest first
    std::vector<FeatureExtractionRow> listForSeries(const std::string& seriesInstanceUid);

    /// The values and family notes of an extraction, in stored order.
    radiomics::FeatureTable values(Id extractionId);
    /// Throws rgw::Error naming the id when there is no such extraction.
    FeatureProvenance provenance(Id extractionId);

private:
    std::vector<FeatureExtractionRow> readAll(Statement& s);
    Database& db_;
};

} // namespace rgw::storage
