#include "filters/Boundary.h"

#include "util/Error.h"

#include <algorithm>
#include <cctype>

namespace rgw::filters {

const char* toString(Boundary boundary) {
    switch (boundary) {
    case Boundary::Zero:
        return "zero";
    case Boundary::Nearest:
        return "nearest";
    case Boundary::Periodic:
        return "periodic";
    case Boundary::Mirror:
        return "mirror";
    }
    return "?";
}

Boundary parseBoundary(const std::string& text) {
    std::string t = text;
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (t == "zero" || t == "constant")
        return Boundary::Zero;
    if (t == "nearest" || t == "replicate")
        return Boundary::Nearest;
    if (t == "periodic" || t == "wrap")
        return Boundary::Periodic;
    if (t == "mirror" || t == "symmetric" || t == "reflect")
        return Boundary::Mirror;
    throw Error("filter boundary condition '" + text +
                "' is not one of zero, nearest, periodic, mirror");
}

} // namespace rgw::filters
