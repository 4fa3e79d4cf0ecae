#include "radiomics/pyradiomics/ImageTypes.h"

#include "radiomics/pyradiomics/GradientMagnitude.h"
#include "radiomics/pyradiomics/LocalBinaryPattern2D.h"
#include "radiomics/pyradiomics/LocalBinaryPattern3D.h"
#include "radiomics/pyradiomics/RecursiveGaussian.h"
#include "radiomics/pyradiomics/Wavelet.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <cmath>

namespace rgw::radiomics::pyradiomics {
namespace {

double maxAbs(const std::vector<double>& v) {
    double m = 0.0;
    for (double x : v)
        m = std::max(m, std::abs(x));
    return m;
}

bool isClosedFormula(const std::string& type) {
    return type == "Original" || type == "Square" || type == "SquareRoot" || type == "Logarithm" ||
           type == "Exponential";
}

FilterGrid filterGrid(const Geometry& g, int dimension) {
    FilterGrid grid;
    grid.dimension = dimension;
    for (std::size_t a = 0; a < 3; ++a) {
        grid.size[a] = static_cast<int>(g.size[a]);
        grid.spacing[a] = g.spacing[static_cast<Eigen::Index>(a)];
    }
    return grid;
}

/// How many full-grid double images a filtered type holds at its peak: its
/// results plus the filter's working images (LoG: one per σ + 3; Wavelet: its
/// images stream out one at a time (forEachWaveletImage); LBP3D:
/// its images + the samples of one voxel's sphere are small).
std::uint64_t imagesHeld(const std::string& type, const Settings& s) {
    if (type == "LoG")
        return s.sigma.size() + 3;
    if (type == "Wavelet")              // one sub-band per transformed axis, the approximation,
        return (s.force2D ? 2 : 3) + 4; // the padded input, the level's input and a crop
    if (type == "LBP3D")
        return static_cast<std::uint64_t>(s.lbp3DLevels) + 3;
    return 3; // Gradient, LBP2D: the result and the input's copies
}

/// Refuses a filter whose images would not fit the memory budget, before
/// anything is allocated.
void requireFilterMemory(const std::string& type, const FilterGrid& grid, const Settings& s) {
    const std::uint64_t bytes =
        budget::product({grid.voxelCount(), sizeof(double), imagesHeld(type, s)});
    budget::requireMemory(bytes, "PyRadiomics image type " + type,
                          "filtering " + std::to_string(grid.size[0]) + " × " +
                              std::to_string(grid.size[1]) + " × " + std::to_string(grid.size[2]) +
                              " voxels",
                          "crop the image to the ROI (preCrop: true) or resample");
}

} // namespace

const std::vector<std::string>& computedImageTypes() {
    static const std::vector<std::string> kTypes = {
        "Original",  "LoG",         "Wavelet",  "Square", "SquareRoot",
        "Logarithm", "Exponential", "Gradient", "LBP2D",  "LBP3D"};
    return kTypes;
}

std::string featurePrefix(const std::string& imageType) {
    if (imageType == "Gradient")
        return "gradient";
    if (imageType == "LBP2D")
        return "lbp-2D";
    if (!isClosedFormula(imageType))
        throw Error("PyRadiomics image type " + imageType +
                    " names each of its images itself (no single prefix)");
    std::string prefix = imageType;
    std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return prefix;
}

std::vector<double> derivedImage(const std::string& imageType, const std::vector<double>& image) {
    if (!isClosedFormula(imageType))
        throw Error("PyRadiomics image type " + imageType + " is not a closed formula");
    if (imageType == "Original")
        return image;
    const double m = maxAbs(image);
    if (!(m > 0))
        throw Error("PyRadiomics image type " + imageType +
                    ": every voxel is 0, and the type's scaling divides by max |x| = 0");
    std::vector<double> out(image.size());
    if (imageType == "Square") {
        const double c = 1.0 / std::sqrt(m);
        for (std::size_t v = 0; v < image.size(); ++v)
            out[v] = (c * image[v]) * (c * image[v]);
    } else if (imageType == "SquareRoot") {
        for (std::size_t v = 0; v < image.size(); ++v) {
            const double x = image[v];
            out[v] = x > 0 ? std::sqrt(x * m) : x < 0 ? -std::sqrt(-x * m) : 0.0;
        }
    } else if (imageType == "Logarithm") {
        for (std::size_t v = 0; v < image.size(); ++v) {
            const double x = image[v];
            out[v] = x > 0 ? std::log(x + 1) : x < 0 ? -std::log(-(x - 1)) : 0.0;
        }
        const double scale = m / maxAbs(out);
        for (double& y : out)
            y *= scale;
    } else { // Exponential
        const double c = std::log(m) / m;
        for (std::size_t v = 0; v < image.size(); ++v)
            out[v] = std::exp(c * image[v]);
    }
    return out;
}

void forEachImageOfType(const std::string& imageType, const Roi& roi, const PixelType& pixelType,
                        const Settings& s, std::vector<std::string>& warnings,
                        const DerivedImageSink& sink) {
    const auto emit = [&sink](std::vector<DerivedImage> images) {
        for (DerivedImage& d : images)
            sink(std::move(d));
    };
    if (isClosedFormula(imageType))
        return sink({featurePrefix(imageType), derivedImage(imageType, roi.image)});
    const FilterGrid grid = filterGrid(roi.geometry, pixelType.dimension);
    const std::string& scalar = pixelType.scalar;
    requireFilterMemory(imageType, grid, s);
    if (imageType == "LoG") {
        std::vector<LoGSigma> sigmas;
        for (const auto& sigma : s.sigma)
            sigmas.push_back({sigma.value, sigma.str()});
        return emit(logImages(grid, roi.image, scalar, sigmas, &warnings));
    }
    if (imageType == "Wavelet")
        return forEachWaveletImage(grid, roi.image, scalar, s.wavelet, s.level, s.start_level,
                                   s.force2D, s.force2Ddimension, sink);
    if (imageType == "Gradient")
        return sink({featurePrefix(imageType),
                     gradientMagnitudeImage(grid, roi.image, scalar, s.gradientUseSpacing)});
    if (imageType == "LBP2D") {
        // A 2D image is its own (only) slice; force2Ddimension plays no part.
        if (grid.dimension == 2)
            return sink(
                {featurePrefix(imageType), lbp2DImage(grid, roi.image, scalar, s.lbp2DRadius,
                                                      s.lbp2DSamples, s.lbp2DMethod, 0)});
        if (!s.force2D)
            warnings.push_back("LBP2D: calculating the local binary pattern in 2D (slices of "
                               "numpy axis " +
                               std::to_string(s.force2Ddimension) +
                               ") but extracting features in 3D, as PyRadiomics warns");
        return sink({featurePrefix(imageType),
                     lbp2DImage(grid, roi.image, scalar, s.lbp2DRadius, s.lbp2DSamples,
                                s.lbp2DMethod, s.force2Ddimension)});
    }
    if (imageType == "LBP3D") {
        if (grid.dimension != 3) {
            warnings.push_back("LBP3D: the image has " + std::to_string(grid.dimension) +
                               " dimensions; the 3D local binary pattern needs 3 (no image, as "
                               "in PyRadiomics)");
            return;
        }
        return emit(lbp3DImages(grid, roi.image, roi.mask.voxels, scalar, s.lbp3DLevels,
                                s.lbp3DIcosphereRadius, s.lbp3DIcosphereSubdivision));
    }
    throw Error("not an image type of PyRadiomics: " + imageType);
}

} // namespace rgw::radiomics::pyradiomics
