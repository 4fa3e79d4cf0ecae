#pragma once

#include <filesystem>
#include <string>

namespace rgw::dicom::detail {

/// The deepest sequence nesting read from a file. Real objects nest a few
/// levels (an RTSTRUCT's contours sit 3 sequences deep); DCMTK parses nested
/// sequences recursively, about 1 kB of stack a level, so a file of a few
/// hundred kilobytes nesting them thousands deep would overflow the stack.
constexpr int kMaxSequenceDepth = 64;

/// The deepest sequence nesting of `file`, found by walking its elements
/// (tags, VRs and lengths only: values are skipped, not read) and stopping as
/// soon as it exceeds kMaxSequenceDepth. Follows the transfer syntax of the
/// File Meta Information (explicit or implicit VR, little or big endian;
/// deflated data sets are not walked, 0 is returned); an element running past
/// the end of the file ends the walk (the parser reports the truncation).
int sequenceDepth(const std::filesystem::path& file);

/// Throws rgw::Error "<file>: sequences nested more than 64 deep (…)" when
/// sequenceDepth(file) exceeds kMaxSequenceDepth. Called before any DCMTK
/// parse of a file from outside.
void requireBoundedNesting(const std::filesystem::path& file);

} // namespace rgw::dicom::detail
