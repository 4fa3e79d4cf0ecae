#pragma once

namespace rgw::app {

/// Silences DCMTK's own console logging below FATAL. The scanner and loaders
/// already report every unreadable file with a reason; DCMTK's messages
/// (e.g. "premature end of stream" for a truncated file) would only repeat
/// them on stderr. Call first thing in main(), before any DICOM is read.
void quietDicomToolkitLogging();

} // namespace rgw::app
