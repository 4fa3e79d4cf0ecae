#include "Logging.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/oflog/oflog.h>

namespace rgw::app {

void quietDicomToolkitLogging() {
    // Configures the root logger, so dcmdata, dcmseg, dcmjpeg, ... all inherit it.
    OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
}

} // namespace rgw::app
