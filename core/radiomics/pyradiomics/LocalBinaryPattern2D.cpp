#include "radiomics/pyradiomics/LocalBinaryPattern2D.h"

#include "radiomics/pyradiomics/NumpyDtype.h"
#include "util/Error.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <sstream>

// skimage's compiled loop (Debian's amd64 build has no FMA instructions)
// rounds every product and sum on its own; fusing them (clang does on FMA
// targets such as ARM) moves interpolated samples by an ulp across the
// centre value and flips bits: scikit-image issue #8198.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

// Reproduces scikit-image 0.19.3 (Debian 12). Versions: 'var' is the variance
// itself since 0.10 (PR #967; before, the uniform code divided by it); 0.20
// added a UserWarning for floating-point input (PR #6272) and computes the
// same numbers through the current sources; open proposals for #8198 (PRs
// #8201, #8207: interpolate as g0 + t·(g1 − g0), or compare against a
// threshold) would change near-tie bits if released.

namespace rgw::radiomics::pyradiomics {
namespace {

enum class LbpMethod { Default, Ror, Uniform, NriUniform, Var };

constexpr const char* kKnownMethods = "default, ror, uniform, nri_uniform, var";

/// skimage looks the method up after method.lower().
LbpMethod parseMethod(const std::string& method) {
    std::string lower = method;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    if (lower == "default")
        return LbpMethod::Default;
    if (lower == "ror")
        return LbpMethod::Ror;
    if (lower == "uniform")
        return LbpMethod::Uniform;
    if (lower == "nri_uniform")
        return LbpMethod::NriUniform;
    if (lower == "var")
        return LbpMethod::Var;
    throw Error("lbp2DMethod \"" + method +
                "\" is not a method of skimage's local_binary_pattern (" + kKnownMethods + ")");
}

void requireSamples(int samples, LbpMethod method) {
    if (samples < 1)
        throw Error("lbp2DSamples = " + std::to_string(samples) +
                    ": the local binary pattern needs at least 1 point on the circle");
    const bool bitCode = method == LbpMethod::Default || method == LbpMethod::Ror;
    if (bitCode && samples > 32)
        throw Error("lbp2DSamples = " + std::to_string(samples) +
                    ": with lbp2DMethod default or ror skimage's codes are 32-bit integers, so at "
                    "most 32 points are computed");
}

void requireRadius(double radius) {
    const bool fitsFloat = std::abs(radius) <= std::numeric_limits<float>::max();
    if (!(radius > 0) || !fitsFloat || !(static_cast<float>(radius) > 0)) {
        std::ostringstream text;
        text << "lbp2DRadius = " << radius
             << ": the sampling circle needs a positive radius that is finite as a C float";
        throw Error(text.str());
    }
}

/// numpy's round(x, 5): rint(x · 10⁵) / 10⁵ (halves to even).
double roundTo5Decimals(double x) {
    return std::nearbyint(x * 1e5) / 1e5;
}

struct SampleOffset {
    double row = 0.0;
    double col = 0.0;
};

/// Point p of the circle: (−R sin θ_p, R cos θ_p) with θ_p = 2π·p / P, R a C
/// float, each offset rounded to 5 decimals.
std::vector<SampleOffset> circleOffsets(double radius, int samples) {
    const double r = static_cast<double>(static_cast<float>(radius));
    std::vector<SampleOffset> offsets(static_cast<std::size_t>(samples));
    for (int p = 0; p < samples; ++p) {
        const double theta = 2.0 * std::numbers::pi * static_cast<double>(p) / samples;
        offsets[static_cast<std::size_t>(p)] = {roundTo5Decimals(-r * std::sin(theta)),
                                                roundTo5Decimals(r * std::cos(theta))};
    }
    return offsets;
}

/// One 2D array, row-major, read as 0 outside (skimage's constant mode).
struct Plane {
    const std::vector<double>& pixels;
    long rows;
    long cols;

    double at(long r, long c) const {
        if (r < 0 || r >= rows || c < 0 || c >= cols)
            return 0.0;
        return pixels[static_cast<std::size_t>(r * cols + c)];
    }
};

/// Bilinear sample at (r, c):
/// (1−dr)·[(1−dc)·g(r0,c0) + dc·g(r0,c1)] + dr·[(1−dc)·g(r1,c0) + dc·g(r1,c1)].
double bilinearSample(const Plane& plane, double r, double c) {
    const long r0 = static_cast<long>(std::floor(r));
    const long c0 = static_cast<long>(std::floor(c));
    const long r1 = static_cast<long>(std::ceil(r));
    const long c1 = static_cast<long>(std::ceil(c));
    const double dr = r - static_cast<double>(r0);
    const double dc = c - static_cast<double>(c0);
    const double top = (1 - dc) * plane.at(r0, c0) + dc * plane.at(r0, c1);
    const double bottom = (1 - dc) * plane.at(r1, c0) + dc * plane.at(r1, c1);
    return (1 - dr) * top + dr * bottom;
}

/// Bit weight 2^p as skimage's int32 array holds it (2^31 wraps to −2^31).
std::int32_t bitWeight(int p) {
    return static_cast<std::int32_t>(std::uint32_t{1} << p);
}

/// Cyclic right shift of a P-bit code on a C int: (v >> 1) | ((v & 1) << (P−1)).
std::int32_t rotateRight(std::int32_t value, int samples) {
    const auto lowBit = static_cast<std::uint32_t>(value) & 1u;
    return (value >> 1) | static_cast<std::int32_t>(lowBit << (samples - 1));
}

/// Number of bit changes along p = 0…P−1 (not closing the circle).
int transitions(const std::vector<std::int8_t>& bits) {
    int changes = 0;
    for (std::size_t p = 0; p + 1 < bits.size(); ++p)
        changes += bits[p] != bits[p + 1];
    return changes;
}

/// 'default': Σ bit_p · 2^p.
double defaultCode(const std::vector<std::int8_t>& bits) {
    double code = 0;
    for (std::size_t p = 0; p < bits.size(); ++p)
        code += bits[p] * bitWeight(static_cast<int>(p));
    return code;
}

/// 'ror': min over the P right rotations of the default code.
double rotationInvariantCode(const std::vector<std::int8_t>& bits) {
    const int samples = static_cast<int>(bits.size());
    std::int32_t rotated = static_cast<std::int32_t>(defaultCode(bits));
    std::int32_t smallest = rotated;
    for (int i = 1; i < samples; ++i) {
        rotated = rotateRight(rotated, samples);
        smallest = std::min(smallest, rotated);
    }
    return smallest;
}

/// 'uniform': Σ bit_p if at most 2 changes, else P + 1.
double uniformCode(const std::vector<std::int8_t>& bits) {
    if (transitions(bits) > 2)
        return static_cast<double>(bits.size()) + 1;
    double ones = 0;
    for (std::int8_t b : bits)
        ones += b;
    return ones;
}

/// 'nri_uniform': 0 / P(P−1)+1 for no / all ones, P(P−1)+2 if more than 2
/// changes, else 1 + (n−1)·P + k with k the rotation of the run of n ones
/// (first one and first zero kept in int8, as skimage does).
double nonRotationInvariantUniformCode(const std::vector<std::int8_t>& bits) {
    const long long samples = static_cast<long long>(bits.size());
    if (transitions(bits) > 2)
        return static_cast<double>(samples * (samples - 1) + 2);
    long long ones = 0;
    std::int8_t firstOne = -1;
    std::int8_t firstZero = -1;
    for (long long p = 0; p < samples; ++p) {
        if (bits[static_cast<std::size_t>(p)]) {
            ++ones;
            if (firstOne == -1)
                firstOne = static_cast<std::int8_t>(p);
        } else if (firstZero == -1) {
            firstZero = static_cast<std::int8_t>(p);
        }
    }
    if (ones == 0)
        return 0;
    if (ones == samples)
        return static_cast<double>(samples * (samples - 1) + 1);
    const long long rotation = firstOne == 0 ? ones - firstZero : samples - firstOne;
    return static_cast<double>(1 + (ones - 1) * samples + rotation);
}

/// 'var': (Σg_p² − (Σg_p)²/P) / P, NaN where it is 0.
double varianceCode(const std::vector<double>& texture) {
    const int samples = static_cast<int>(texture.size());
    double sum = 0.0;
    double squares = 0.0;
    for (double g : texture) {
        sum += g;
        squares += g * g;
    }
    const double variance = (squares - (sum * sum) / samples) / samples;
    return variance != 0 ? variance : std::numeric_limits<double>::quiet_NaN();
}

/// The samples and bits of one pixel, reused from pixel to pixel.
class PatternCoder {
public:
    PatternCoder(LbpMethod method, std::vector<SampleOffset> offsets)
        : method_(method), offsets_(std::move(offsets)), texture_(offsets_.size()),
          bits_(offsets_.size()) {}

    /// The code of pixel (r, c): samples g_p, bits g_p − g_c ≥ 0, then the method.
    double code(const Plane& plane, long r, long c) {
        const double centre = plane.at(r, c);
        for (std::size_t p = 0; p < offsets_.size(); ++p) {
            texture_[p] = bilinearSample(plane, static_cast<double>(r) + offsets_[p].row,
                                         static_cast<double>(c) + offsets_[p].col);
            bits_[p] = texture_[p] - centre >= 0 ? 1 : 0;
        }
        switch (method_) {
        case LbpMethod::Default:
            return defaultCode(bits_);
        case LbpMethod::Ror:
            return rotationInvariantCode(bits_);
        case LbpMethod::Uniform:
            return uniformCode(bits_);
        case LbpMethod::NriUniform:
            return nonRotationInvariantUniformCode(bits_);
        case LbpMethod::Var:
            return varianceCode(texture_);
        }
        return 0.0;
    }

private:
    LbpMethod method_;
    std::vector<SampleOffset> offsets_;
    std::vector<double> texture_;
    std::vector<std::int8_t> bits_;
};

/// x86's truncating conversion to 32 bits (cvttsd2si): NaN and values
/// outside the int32 range give −2^31.
std::int32_t hardwareInt32(double x) {
    if (!(x > -2147483649.0 && x < 2147483648.0))
        return std::numeric_limits<std::int32_t>::min();
    return static_cast<std::int32_t>(x);
}

/// The same into 64 bits: NaN and values outside the int64 range give −2^63.
std::int64_t hardwareInt64(double x) {
    constexpr double kTwo63 = 9223372036854775808.0;
    if (!(x >= -kTwo63 && x < kTwo63))
        return std::numeric_limits<std::int64_t>::min();
    return static_cast<std::int64_t>(x);
}

/// Unsigned conversion done with the signed one: x ≥ 2^(b−1) converts
/// x − 2^(b−1) and sets the top bit back.
template <typename Unsigned, typename Signed, Signed (*convert)(double)>
Unsigned hardwareUnsigned(double x) {
    constexpr double kHalf = static_cast<double>(Unsigned{1} << (8 * sizeof(Unsigned) - 1));
    if (x >= kHalf)
        return static_cast<Unsigned>(static_cast<Unsigned>(convert(x - kHalf)) ^
                                     (Unsigned{1} << (8 * sizeof(Unsigned) - 1)));
    return static_cast<Unsigned>(convert(x));
}

/// The numpy axes a slice spans, as grid axes (0 = i, 1 = j, 2 = k).
struct SliceAxes {
    int across = 2; ///< the swapped numpy axis force2Ddimension
    int rows = 1;
    int cols = 0;
};

/// numpy axis a is grid axis 2 − a; swapaxes(0, d) leaves the others in order.
SliceAxes sliceAxes(int force2Ddimension) {
    switch (force2Ddimension) {
    case 0:
        return {2, 1, 0};
    case 1:
        return {1, 2, 0};
    case 2:
        return {0, 1, 2};
    default:
        throw Error("force2Ddimension = " + std::to_string(force2Ddimension) +
                    ": LBP2D slices the image across numpy axis 0, 1 or 2");
    }
}

/// Voxel index of slice position (s, r, c): i + nx·(j + ny·k).
std::size_t voxelIndex(const FilterGrid& grid, const SliceAxes& axes, int s, int r, int c) {
    std::array<std::size_t, 3> ijk{};
    ijk[static_cast<std::size_t>(axes.across)] = static_cast<std::size_t>(s);
    ijk[static_cast<std::size_t>(axes.rows)] = static_cast<std::size_t>(r);
    ijk[static_cast<std::size_t>(axes.cols)] = static_cast<std::size_t>(c);
    const auto nx = static_cast<std::size_t>(grid.size[0]);
    const auto ny = static_cast<std::size_t>(grid.size[1]);
    return ijk[0] + nx * (ijk[1] + ny * ijk[2]);
}

/// The coder of validated settings (lbp2DRadius, lbp2DSamples, lbp2DMethod).
PatternCoder patternCoder(double radius, int samples, const std::string& method) {
    const LbpMethod lbpMethod = parseMethod(method);
    requireSamples(samples, lbpMethod);
    requireRadius(radius);
    return PatternCoder(lbpMethod, circleOffsets(radius, samples));
}

/// skimage's output array: the code of every pixel of the plane.
std::vector<double> planeCodes(const Plane& plane, PatternCoder& coder) {
    std::vector<double> codes(plane.pixels.size());
    for (long r = 0; r < plane.rows; ++r)
        for (long c = 0; c < plane.cols; ++c)
            codes[static_cast<std::size_t>(r * plane.cols + c)] = coder.code(plane, r, c);
    return codes;
}

} // namespace

std::vector<double> localBinaryPattern(const std::vector<double>& slice, int rows, int cols,
                                       double radius, int samples, const std::string& method) {
    PatternCoder coder = patternCoder(radius, samples, method);
    if (rows < 0 || cols < 0 ||
        slice.size() != static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols))
        throw Error("LBP2D: a slice of " + std::to_string(slice.size()) + " pixels is not " +
                    std::to_string(rows) + " x " + std::to_string(cols));
    return planeCodes(Plane{slice, rows, cols}, coder);
}

double assignIntoNumpyScalar(double value, const std::string& scalar) {
    switch (numpyDtype(scalar, "LBP2D").type) {
    case Dtype::Float64:
        return value;
    case Dtype::Float32:
        return static_cast<float>(value);
    case Dtype::Int8:
        return static_cast<std::int8_t>(hardwareInt32(value));
    case Dtype::UInt8:
        return static_cast<std::uint8_t>(hardwareInt32(value));
    case Dtype::Int16:
        return static_cast<std::int16_t>(hardwareInt32(value));
    case Dtype::UInt16:
        return static_cast<std::uint16_t>(hardwareInt32(value));
    case Dtype::Int32:
        return hardwareInt32(value);
    case Dtype::UInt32:
        return hardwareUnsigned<std::uint32_t, std::int32_t, hardwareInt32>(value);
    case Dtype::Int64:
        return static_cast<double>(hardwareInt64(value));
    case Dtype::UInt64:
        return static_cast<double>(
            hardwareUnsigned<std::uint64_t, std::int64_t, hardwareInt64>(value));
    }
    return value; // unreachable: every Dtype is handled above
}

std::vector<double> lbp2DImage(const FilterGrid& grid, const std::vector<double>& image,
                               const std::string& scalar, double radius, int samples,
                               const std::string& method, int force2Ddimension) {
    requireOnGrid(grid, image.size(), "LBP2D: the image");
    const SliceAxes axes = sliceAxes(force2Ddimension);
    PatternCoder coder = patternCoder(radius, samples, method);
    assignIntoNumpyScalar(0.0, scalar); // refuses an unknown dtype before any work
    const int slices = grid.size[static_cast<std::size_t>(axes.across)];
    const int rows = grid.size[static_cast<std::size_t>(axes.rows)];
    const int cols = grid.size[static_cast<std::size_t>(axes.cols)];
    std::vector<double> out(image.size());
    std::vector<double> slice(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols));
    for (int s = 0; s < slices; ++s) {
        // im_arr.swapaxes(0, d)[s], as the C-contiguous float64 array skimage reads
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c)
                slice[static_cast<std::size_t>(r * cols + c)] =
                    image[voxelIndex(grid, axes, s, r, c)];
        const std::vector<double> codes = planeCodes(Plane{slice, rows, cols}, coder);
        // im_arr[s, ...] = codes: each code cast into the image's dtype
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c)
                out[voxelIndex(grid, axes, s, r, c)] =
                    assignIntoNumpyScalar(codes[static_cast<std::size_t>(r * cols + c)], scalar);
    }
    return out;
}

} // namespace rgw::radiomics::pyradiomics
