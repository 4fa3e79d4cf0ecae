#include "radiomics/pyradiomics/ImageTypes.h"

#include "util/Error.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace rgw::radiomics::pyradiomics {
namespace {

double maxAbs(const std::vector<double>& v) {
    double m = 0.0;
    for (double x : v)
        m = std::max(m, std::abs(x));
    return m;
}

} // namespace

const std::vector<std::string>& computedImageTypes() {
    static const std::vector<std::string> kTypes = {"Original", "Square", "SquareRoot", "Logarithm",
                                                    "Exponential"};
    return kTypes;
}

const std::vector<std::string>& otherPyRadiomicsImageTypes() {
    static const std::vector<std::string> kTypes = {"LoG", "Wavelet", "Gradient", "LBP2D", "LBP3D"};
    return kTypes;
}

std::string featurePrefix(const std::string& imageType) {
    const auto& types = computedImageTypes();
    if (std::find(types.begin(), types.end(), imageType) == types.end())
        throw Error("PyRadiomics image type " + imageType + " is not computed in this mode");
    std::string prefix = imageType;
    std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return prefix;
}

std::vector<double> derivedImage(const std::string& imageType, const std::vector<double>& image) {
    if (imageType == "Original")
        return image;
    featurePrefix(imageType); // refuses a type not computed here
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

} // namespace rgw::radiomics::pyradiomics
