#include "filters/FilterContext.h"

#include "util/Error.h"

#include <algorithm>
#include <cctype>

namespace rgw::filters {
namespace {

std::string lower(std::string t) {
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return t;
}

} // namespace

const char* toString(FilterDimensions dimensions) {
    return dimensions == FilterDimensions::Slice2D ? "2D" : "3D";
}

FilterDimensions parseFilterDimensions(const std::string& text) {
    const std::string t = lower(text);
    if (t == "2d")
        return FilterDimensions::Slice2D;
    if (t == "3d")
        return FilterDimensions::Volume3D;
    throw Error("filter dimensions '" + text + "' is not 2D or 3D");
}

const char* toString(Pooling pooling) {
    return pooling == Pooling::Max ? "max" : "average";
}

Pooling parsePooling(const std::string& text) {
    const std::string t = lower(text);
    if (t == "max")
        return Pooling::Max;
    if (t == "average" || t == "mean")
        return Pooling::Average;
    throw Error("filter pooling '" + text + "' is not max or average");
}

void throwIfCancelled(const CancelToken* cancel) {
    if (cancel && cancel->isCancelled())
        throw FilterCancelled();
}

} // namespace rgw::filters
