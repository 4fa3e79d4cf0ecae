#pragma once

#include "util/Error.h"

#include <vector>

namespace rgw::cli {

// The one exit-status scheme of rgw-cli; `rgw-cli --help` and the README's
// "Exit status" table list exitCodes() (a test compares them).
constexpr int kExitOk = 0;
constexpr int kExitError = 1;       ///< the work failed (unreadable input, failed pairs, ...)
constexpr int kExitUsage = 2;       ///< bad command line (unknown option, missing argument)
constexpr int kExitNotFound = 3;    ///< an input file, folder, series or database does not exist
constexpr int kExitNoDicom = 4;     ///< import found nothing that is DICOM
constexpr int kExitModality = 5;    ///< parameter set not declared for the image's modality
constexpr int kExitBadData = 6;     ///< problems in imported data: nothing imported
constexpr int kExitCancelled = 130; ///< stopped by Ctrl-C (128 + SIGINT, as shells report it)

struct ExitCodeMeaning {
    int code;
    const char* meaning;
};

/// Every exit status with its meaning, in increasing order.
const std::vector<ExitCodeMeaning>& exitCodes();

/// An input named on the command line does not exist (exit status 3).
class NotFoundError : public Error {
public:
    using Error::Error;
};

} // namespace rgw::cli
