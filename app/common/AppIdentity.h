#pragma once

#include <filesystem>

namespace rgw::app {

/// Sets the Qt organisation / application names and version used by both
/// executables, so QStandardPaths and QSettings resolve to the same folders.
/// Call first thing in main().
void setApplicationIdentity();

/// <AppDataLocation>/cohort.rgwdb, with its folder created. Throws rgw::Error
/// when the location is unavailable or the folder cannot be created.
std::filesystem::path defaultDatabasePath();

} // namespace rgw::app
