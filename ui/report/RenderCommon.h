#pragma once

// Helpers shared by the PDF and HTML writers (not part of the public API).

#include "ReportRenderer.h"

#include <QString>
#include <filesystem>
#include <string>

namespace rgw::reportrender::detail {

/// Throws rgw::Error unless a QGuiApplication exists (fonts need one).
void requireGuiApplication();

/// The creator string of the options, or the default with the version.
std::string creatorOf(const RenderOptions& options);

/// "Table 3. caption" / "Figure 2. caption" (no number when unnumbered).
std::string numberedCaption(const char* kind, int number, const std::string& caption);

/// "2.1 Title" (the title alone when unnumbered).
std::string numberedHeading(const report::Section& section);

/// The path as a QString (file-system encoding).
QString qpath(const std::filesystem::path& path);

/// Throws RenderCancelled when `options.cancel` is set.
void checkCancel(const RenderOptions& options, const std::filesystem::path& file);

} // namespace rgw::reportrender::detail
