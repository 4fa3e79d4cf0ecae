#include "ImageArgument.h"

#include "ExitCodes.h"

#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace rgw::cli {

std::unique_ptr<storage::Database> existingDatabase(const CliContext& context) {
    std::error_code ec;
    const fs::path file = context.databasePath();
    if (!fs::is_regular_file(file, ec))
        return nullptr;
    return std::make_unique<storage::Database>(file);
}

namespace {

void requireImageExists(const CliContext& context, storage::Database* db,
                        const std::string& image) {
    std::error_code ec;
    if (!db && !fs::exists(image, ec))
        throw NotFoundError("IMAGE '" + image +
                            "' is neither a file or folder nor a series (no database at " +
                            context.databasePath().string() + ")");
}

} // namespace

storage::ImageInput resolveImageArgument(const CliContext& context, storage::Database* db,
                                         const std::string& image) {
    requireImageExists(context, db, image);
    return storage::resolveImage(db, image);
}

storage::ImageSource locateImageArgument(const CliContext& context, storage::Database* db,
                                         const std::string& image) {
    requireImageExists(context, db, image);
    return storage::locateImage(db, image);
}

} // namespace rgw::cli
