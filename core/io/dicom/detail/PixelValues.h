#pragma once

// Stored pixel values (Image Pixel module) to numbers: Bits Allocated words,
// Bits Stored/High Bit masking, Pixel Representation sign extension, then
// Rescale Slope/Intercept and any unit factor.

#include <cstddef>
#include <cstdint>

namespace rgw::dicom::detail {

struct PixelFormat {
    int bitsAllocated = 16; ///< (0028,0100): 8, 16 or 32
    int bitsStored = 16;    ///< (0028,0101)
    int highBit = 15;       ///< (0028,0102)
    bool isSigned = false;  ///< Pixel Representation (0028,0103) == 1
};

/// True when every stored value `format` can hold maps to a finite float:
/// (stored * slope + intercept) * factor is monotone in the stored value, so
/// its two extremes decide. Then no converted voxel needs a finiteness check.
bool alwaysFinite(const PixelFormat& format, double slope, double intercept, double factor);

/// A rectangle of the pixel cells of a frame `frameColumns` wide (Columns
/// (0028,0011)): `rowCount` rows from `firstRow`, `columnCount` columns from
/// `firstColumn`.
struct FrameRegion {
    std::size_t frameColumns = 0;
    std::size_t firstRow = 0;
    std::size_t rowCount = 0;
    std::size_t firstColumn = 0;
    std::size_t columnCount = 0;
};

/// Converts the pixel cells of `region` of `frame` (native byte order, as
/// DCMTK hands out uncompressed frames) to (stored * slope + intercept) *
/// factor, row by row into `out` (rowCount * columnCount values); no other
/// cell is read. Values beyond the float range become ±inf (narrowToFloat),
/// never undefined.
void toValues(const std::uint8_t* frame, const FrameRegion& region, const PixelFormat& format,
              double slope, double intercept, double factor, float* out);

} // namespace rgw::dicom::detail
