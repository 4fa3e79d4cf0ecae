#pragma once

#include "util/Error.h"

#include <cmath>
#include <limits>
#include <optional>
#include <string>

namespace rgw {

/// x truncated toward zero as an Int when x is finite and the result fits in
/// Int; std::nullopt otherwise. Every float → integer conversion of a value
/// derived from input goes through here (or checkedFloor), so NaN, ±inf and
/// huge values never reach a cast (that would be undefined behaviour).
template <class Int> std::optional<Int> toIntChecked(double x) {
    static_assert(std::numeric_limits<Int>::is_integer);
    if (!std::isfinite(x))
        return std::nullopt;
    const double t = std::trunc(x);
    // Both bounds are exact in double: min is 0 or −2^digits, max + 1 is 2^digits.
    const double lo = static_cast<double>(std::numeric_limits<Int>::min());
    const double hiExclusive = std::ldexp(1.0, std::numeric_limits<Int>::digits);
    if (t < lo || t >= hiExclusive)
        return std::nullopt;
    return static_cast<Int>(t);
}

/// ⌊x⌋ as an Int; throws rgw::Error "<what> <x> is not finite or out of
/// range" when it is not representable.
template <class Int> Int checkedFloor(double x, const std::string& what) {
    if (auto v = toIntChecked<Int>(std::floor(x)))
        return *v;
    throw Error(what + " " + std::to_string(x) + " is not finite or out of range");
}

} // namespace rgw
