#include "util/UtcTime.h"

#include <chrono>
#include <ctime>

namespace rgw {
namespace {

std::string formatNow(const char* format) {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
#ifdef _WIN32
    gmtime_s(&utc, &now);
#else
    gmtime_r(&now, &utc);
#endif
    char text[32];
    std::strftime(text, sizeof text, format, &utc);
    return text;
}

} // namespace

std::string utcTimestamp() {
    return formatNow("%Y-%m-%dT%H:%M:%SZ");
}

std::string utcDate() {
    return formatNow("%Y-%m-%d");
}

} // namespace rgw
