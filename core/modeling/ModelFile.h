#pragma once

// The portable model file: a TrainedModel as one JSON object
// ("format": "rgw-model", "format_version": 1) that another installation can
// import and score with. Numbers are written in their shortest round-trip
// form, so a model read back predicts bit-identically. The model id is the
// SHA-256 of the file's content without the id, so the same model has the
// same id everywhere.
//
// Reading checks everything before use: the format and version, every field's
// type, enumeration names, matrix sizes against the feature lists, finite
// numbers (NaN only where the model allows it, written as null), and the file
// size against a budget before it is read. Errors name the file and the field
// ("model.json: pipeline.model.beta has 3 rows for 4 features").

#include "modeling/TrainedModel.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace rgw::modeling {

/// The largest model file read (a model with thousands of features and
/// ComBat parameters is a few MB).
inline constexpr std::uintmax_t kMaxModelFileBytes = 64ull << 20;

/// The JSON text of the model (with its id).
std::string modelToJson(const TrainedModel& model);

/// The model read from JSON text; `source` names it in errors.
TrainedModel modelFromJson(std::string_view text, const std::string& source);

/// The model's id: SHA-256 (hex) of its JSON text without the id.
std::string modelId(const TrainedModel& model);

/// Writes atomically (a temporary file renamed into place).
void saveModelFile(const TrainedModel& model, const std::filesystem::path& file);
TrainedModel loadModelFile(const std::filesystem::path& file);

} // namespace rgw::modeling
