#pragma once

// Paths between Qt and the standard library without losing non-ASCII names
// (UTF-16 both ways, never the local 8-bit encoding).

#include <QString>
#include <filesystem>

namespace rgw::ui {

inline std::filesystem::path toPath(const QString& path) {
    return std::filesystem::path(path.toStdU16String());
}

inline QString toQString(const std::filesystem::path& path) {
    return QString::fromStdU16String(path.u16string());
}

} // namespace rgw::ui
