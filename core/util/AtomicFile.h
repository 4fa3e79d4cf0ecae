#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>

namespace rgw {

/// Writes `file` through `write` into "<file>.part" and renames that over
/// `file` once complete, so a reader never sees half a file and a failed
/// write (disk full, an exception thrown by `write`) leaves neither a partial
/// file nor the temporary. Throws rgw::Error "cannot write <file>" (or
/// rethrows what `write` threw).
void writeFileAtomically(const std::filesystem::path& file,
                         const std::function<void(std::ostream&)>& write);

/// writeFileAtomically of a finished text.
void writeTextFileAtomically(const std::filesystem::path& file, const std::string& text);

} // namespace rgw
