#pragma once

// IMAGE as extract, featuremap and filter take it: a file or folder, or a
// series of the database at --db when that database exists.

#include "CliCommands.h"
#include "Database.h"
#include "ExtractionInputs.h"

#include <memory>
#include <string>

namespace rgw::cli {

/// The database at --db when its file exists (these commands never create
/// one), else nullptr.
std::unique_ptr<storage::Database> existingDatabase(const CliContext& context);

/// IMAGE resolved by storage::resolveImage (`db` may be nullptr). Throws
/// NotFoundError naming IMAGE and the database path when IMAGE is neither a
/// file or folder nor, with a database, a series.
storage::ImageInput resolveImageArgument(const CliContext& context, storage::Database* db,
                                         const std::string& image);

/// IMAGE located by storage::locateImage (grid known, voxels not read yet),
/// with the same NotFoundError.
storage::ImageSource locateImageArgument(const CliContext& context, storage::Database* db,
                                         const std::string& image);

} // namespace rgw::cli
