#include "io/dicom/detail/DateTime.h"

#include <cctype>
#include <string>

namespace rgw::dicom::detail {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\0'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0'))
        s.remove_suffix(1);
    return s;
}

bool allDigits(std::string_view s) {
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    return !s.empty();
}

int toInt(std::string_view s) {
    int v = 0;
    for (char c : s)
        v = v * 10 + (c - '0');
    return v;
}

// Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
long long daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long yoe = y - era * 400;
    const long long doy = (153LL * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

} // namespace

std::optional<long long> parseDate(std::string_view da) {
    da = trim(da);
    std::string digits;
    for (char c : da)
        if (c != '.')
            digits.push_back(c);
    if (digits.size() != 8 || !allDigits(digits))
        return std::nullopt;
    const int y = toInt(std::string_view(digits).substr(0, 4));
    const int m = toInt(std::string_view(digits).substr(4, 2));
    const int d = toInt(std::string_view(digits).substr(6, 2));
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return std::nullopt;
    return daysFromCivil(y, m, d);
}

std::optional<double> parseTime(std::string_view tm) {
    tm = trim(tm);
    std::string digits;
    std::string_view fraction;
    for (std::size_t i = 0; i < tm.size(); ++i) {
        if (tm[i] == ':')
            continue;
        if (tm[i] == '.') {
            fraction = tm.substr(i + 1);
            break;
        }
        digits.push_back(tm[i]);
    }
    if (digits.size() < 2 || digits.size() > 6 || digits.size() % 2 != 0 || !allDigits(digits))
        return std::nullopt;
    if (!fraction.empty() && !allDigits(fraction))
        return std::nullopt;
    const std::string_view dv(digits);
    const int hh = toInt(dv.substr(0, 2));
    const int mm = digits.size() >= 4 ? toInt(dv.substr(2, 2)) : 0;
    const int ss = digits.size() >= 6 ? toInt(dv.substr(4, 2)) : 0;
    if (hh > 23 || mm > 59 || ss > 60)
        return std::nullopt;
    double seconds = hh * 3600.0 + mm * 60.0 + ss;
    double scale = 0.1;
    for (char c : fraction) {
        seconds += (c - '0') * scale;
        scale /= 10.0;
    }
    return seconds;
}

std::optional<double> parseDateTime(std::string_view dt) {
    dt = trim(dt);
    const std::size_t offset = dt.find_first_of("+-");
    if (offset != std::string_view::npos)
        dt = dt.substr(0, offset);
    if (dt.size() < 8)
        return std::nullopt;
    const auto days = parseDate(dt.substr(0, 8));
    if (!days)
        return std::nullopt;
    double seconds = 0;
    if (dt.size() > 8) {
        const auto t = parseTime(dt.substr(8));
        if (!t)
            return std::nullopt;
        seconds = *t;
    }
    return static_cast<double>(*days) * 86400.0 + seconds;
}

std::optional<double> combineDateTime(std::string_view da, std::string_view tm) {
    const auto days = parseDate(da);
    const auto t = parseTime(tm);
    if (!days || !t)
        return std::nullopt;
    return static_cast<double>(*days) * 86400.0 + *t;
}

} // namespace rgw::dicom::detail
