#pragma once

// The numpy dtypes of the arrays PyRadiomics gets from SimpleITK images
// (sitk.GetArrayFromImage): the scalar types SimpleITK holds. One table for
// the image hashes, the resampling casts and the filters, whose precision and
// output casts follow the dtype as PyWavelets, ITK, scikit-image and scipy do.

#include <string>

namespace rgw::radiomics::pyradiomics {

enum class Dtype { Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64 };

struct NumpyDtype {
    Dtype type;
    const char* name; ///< numpy's name: "int16", "float32"
    int bytes;
    bool integer;
    bool isSigned;

    /// The integer range (−∞ / +∞ for floating types), as doubles.
    double lowest() const;
    double highest() const;
    /// float32: the libraries compute or store it in single precision.
    bool single() const { return type == Dtype::Float32; }
};

/// The dtype numpy names `name`, or nullptr when SimpleITK holds no image of it.
const NumpyDtype* findNumpyDtype(const std::string& name);

/// The dtype numpy names `name`; throws rgw::Error "<context>: SimpleITK
/// holds no image of numpy dtype '<name>' (int8, …, float64)" otherwise.
const NumpyDtype& numpyDtype(const std::string& name, const std::string& context);

} // namespace rgw::radiomics::pyradiomics
