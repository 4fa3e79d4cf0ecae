#include "radiomics/pyradiomics/GradientMagnitude.h"

#include "radiomics/pyradiomics/NumpyDtype.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>

namespace rgw::radiomics::pyradiomics {
namespace {

/// The voxel as ITK reads it: the numpy dtype's value, converted to double
/// (the filter's RealType is double for every dtype SimpleITK holds).
double (*pixelReader(const std::string& scalar))(double) {
    if (numpyDtype(scalar, "PyRadiomics Gradient").single())
        return [](double x) { return static_cast<double>(static_cast<float>(x)); };
    return [](double x) { return x; };
}

void checkGrid(const FilterGrid& grid, const std::vector<double>& image) {
    requireOnGrid(grid, image.size(), "PyRadiomics Gradient: the image");
    requirePositiveSpacing(grid, "PyRadiomics Gradient");
}

} // namespace

std::vector<double> gradientMagnitudeImage(const FilterGrid& grid, const std::vector<double>& image,
                                           const std::string& scalar, bool useSpacing) {
    checkGrid(grid, image);
    const auto read = pixelReader(scalar);
    std::vector<double> pixels(image.size());
    std::transform(image.begin(), image.end(), pixels.begin(), read);

    // c_d = ½ · (1 / h_d): the weight of the central difference along d
    std::array<double, 3> weight{};
    std::array<std::size_t, 3> stride{1, static_cast<std::size_t>(grid.size[0]),
                                      static_cast<std::size_t>(grid.size[0]) *
                                          static_cast<std::size_t>(grid.size[1])};
    for (int d = 0; d < 3; ++d)
        weight[d] = useSpacing ? 0.5 * (1.0 / grid.spacing[d]) : 0.5;

    std::vector<double> magnitude(pixels.size());
    std::size_t v = 0;
    for (int k = 0; k < grid.size[2]; ++k)
        for (int j = 0; j < grid.size[1]; ++j)
            for (int i = 0; i < grid.size[0]; ++i, ++v) {
                const std::array<int, 3> index{i, j, k};
                double sumOfSquares = 0.0;
                for (int d = 0; d < 3; ++d) {
                    // neighbours clamped to the image (zero-flux Neumann boundary)
                    const std::size_t before = index[d] > 0 ? v - stride[d] : v;
                    const std::size_t after = index[d] + 1 < grid.size[d] ? v + stride[d] : v;
                    // g_d = c_d x[−1] − c_d x[+1] (sign irrelevant: it is squared)
                    const double g = weight[d] * pixels[before] - weight[d] * pixels[after];
                    sumOfSquares += g * g;
                }
                // |∇x| = √(g_x² + g_y² + g_z²), stored as float32
                magnitude[v] = static_cast<float>(std::sqrt(sumOfSquares));
            }
    return magnitude;
}

} // namespace rgw::radiomics::pyradiomics
