#include "radiomics/pyradiomics/NumpyDtype.h"

#include "util/Error.h"

#include <array>
#include <cmath>

namespace rgw::radiomics::pyradiomics {
namespace {

constexpr std::array<NumpyDtype, 10> kDtypes = {{
    {Dtype::Int8, "int8", 1, true, true},
    {Dtype::UInt8, "uint8", 1, true, false},
    {Dtype::Int16, "int16", 2, true, true},
    {Dtype::UInt16, "uint16", 2, true, false},
    {Dtype::Int32, "int32", 4, true, true},
    {Dtype::UInt32, "uint32", 4, true, false},
    {Dtype::Int64, "int64", 8, true, true},
    {Dtype::UInt64, "uint64", 8, true, false},
    {Dtype::Float32, "float32", 4, false, true},
    {Dtype::Float64, "float64", 8, false, true},
}};

} // namespace

double NumpyDtype::lowest() const {
    if (!integer)
        return -INFINITY;
    return isSigned ? -std::ldexp(1.0, 8 * bytes - 1) : 0.0; // −2^(bits−1) or 0
}

double NumpyDtype::highest() const {
    if (!integer)
        return INFINITY;
    // 2^(bits−1) − 1 or 2^bits − 1 (rounded to a double for 64 bits)
    return isSigned ? std::ldexp(1.0, 8 * bytes - 1) - 1.0 : std::ldexp(1.0, 8 * bytes) - 1.0;
}

const NumpyDtype* findNumpyDtype(const std::string& name) {
    for (const NumpyDtype& d : kDtypes)
        if (name == d.name)
            return &d;
    return nullptr;
}

const NumpyDtype& numpyDtype(const std::string& name, const std::string& context) {
    if (const NumpyDtype* d = findNumpyDtype(name))
        return *d;
    std::string known;
    for (const NumpyDtype& d : kDtypes)
        known += (known.empty() ? "" : ", ") + std::string(d.name);
    throw Error(context + ": SimpleITK holds no image of numpy dtype '" + name + "' (" + known +
                ")");
}

} // namespace rgw::radiomics::pyradiomics
