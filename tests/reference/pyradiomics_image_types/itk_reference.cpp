// Reference outputs for PyRadiomics' LoG and Gradient image types, from ITK
// itself, instantiated the way SimpleITK instantiates the two filters:
//   LaplacianRecursiveGaussianImageFilter<Image<P, D>, Image<float, D>>
//   GradientMagnitudeImageFilter<Image<P, D>, Image<float, D>>
// for the input pixel type P (SimpleITK's json: pixel_types
// BasicPixelIDTypeList, output_pixel_type float) and D = 3 (a volume) or
// D = 2 (a 2D file, which SimpleITK reads as a two-axis image). PyRadiomics'
// getLoGImage sets NormalizeAcrossScale(true) and Sigma in mm;
// getGradientImage sets UseImageSpacing (default true).
//
// The inputs are small synthetic images made here from fixed formulas and a
// fixed-seed linear congruential generator; each output file holds the input
// too, so the tests never need to regenerate it.
//
// Writes, into the current directory:
//   itk_cases.csv      one row per case: pixel type, size, spacing, sigmas;
//                      size_z and spacing_z are empty for a 2D image
//   itk_<case>.csv     i,j,k,input,log:<sigma>...,gradient:spacing,gradient:nospacing
//                      (i,j,input,... for a 2D image)
// every number with 17 significant digits. Every sigma listed is run through
// ITK, also one PyRadiomics would skip (size < ceil(sigma / spacing) + 1).
// Build and run: make_itk_reference.sh.

#include "itkGradientMagnitudeImageFilter.h"
#include "itkImage.h"
#include "itkLaplacianRecursiveGaussianImageFilter.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace {

template <unsigned D> using OutputImage = itk::Image<float, D>;

/// One synthetic image and the filter settings run on it.
struct Case {
    std::string name;
    std::string dtype;  ///< numpy's name of the pixel type
    unsigned dimension; ///< 3, or 2 for a 2D image (size[2] is 1, spacing[2] unused)
    std::array<unsigned long, 3> size;
    std::array<double, 3> spacing;
    std::vector<std::string> sigmas; ///< as PyRadiomics' settings would spell them
    std::function<double(unsigned, unsigned, unsigned, double)> value; ///< (i, j, k, noise)
};

/// Knuth's MMIX LCG; uniform in [-1, 1).
struct Lcg {
    std::uint64_t state;
    double next() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 11) / 9007199254740992.0 * 2.0 - 1.0;
    }
};

template <typename P, unsigned D> typename itk::Image<P, D>::Pointer makeInput(const Case& c) {
    using InputImage = itk::Image<P, D>;
    auto image = InputImage::New();
    typename InputImage::RegionType region;
    typename InputImage::SizeType size;
    for (unsigned d = 0; d < D; ++d)
        size[d] = c.size[d];
    region.SetSize(size);
    image->SetRegions(region);
    typename InputImage::SpacingType spacing;
    for (unsigned d = 0; d < D; ++d)
        spacing[d] = c.spacing[d];
    image->SetSpacing(spacing);
    image->Allocate();
    Lcg lcg{0x5eed0000ULL + c.name.size()};
    P* buffer = image->GetBufferPointer();
    std::size_t v = 0;
    for (unsigned k = 0; k < c.size[2]; ++k)
        for (unsigned j = 0; j < c.size[1]; ++j)
            for (unsigned i = 0; i < c.size[0]; ++i)
                buffer[v++] = static_cast<P>(c.value(i, j, k, lcg.next()));
    return image;
}

template <typename P, unsigned D>
typename OutputImage<D>::Pointer
laplacianOfGaussian(const typename itk::Image<P, D>::Pointer& input, double sigma) {
    using Filter = itk::LaplacianRecursiveGaussianImageFilter<itk::Image<P, D>, OutputImage<D>>;
    auto filter = Filter::New();
    filter->SetInput(input);
    filter->SetNormalizeAcrossScale(true);
    filter->SetSigma(sigma);
    filter->Update();
    return filter->GetOutput();
}

template <typename P, unsigned D>
typename OutputImage<D>::Pointer gradientMagnitude(const typename itk::Image<P, D>::Pointer& input,
                                                   bool useSpacing) {
    using Filter = itk::GradientMagnitudeImageFilter<itk::Image<P, D>, OutputImage<D>>;
    auto filter = Filter::New();
    filter->SetInput(input);
    filter->SetUseImageSpacing(useSpacing);
    filter->Update();
    return filter->GetOutput();
}

template <typename P, unsigned D> void writeCase(const Case& c) {
    const auto input = makeInput<P, D>(c);
    std::vector<typename OutputImage<D>::Pointer> outputs;
    for (const auto& sigma : c.sigmas)
        outputs.push_back(laplacianOfGaussian<P, D>(input, std::stod(sigma)));
    outputs.push_back(gradientMagnitude<P, D>(input, true));
    outputs.push_back(gradientMagnitude<P, D>(input, false));

    std::FILE* f = std::fopen(("itk_" + c.name + ".csv").c_str(), "w");
    std::fprintf(f, D == 3 ? "i,j,k,input" : "i,j,input");
    for (const auto& sigma : c.sigmas)
        std::fprintf(f, ",log:%s", sigma.c_str());
    std::fprintf(f, ",gradient:spacing,gradient:nospacing\n");
    const P* in = input->GetBufferPointer();
    std::size_t v = 0;
    for (unsigned k = 0; k < c.size[2]; ++k)
        for (unsigned j = 0; j < c.size[1]; ++j)
            for (unsigned i = 0; i < c.size[0]; ++i, ++v) {
                if (D == 3)
                    std::fprintf(f, "%u,%u,%u,%.17g", i, j, k, static_cast<double>(in[v]));
                else
                    std::fprintf(f, "%u,%u,%.17g", i, j, static_cast<double>(in[v]));
                for (const auto& out : outputs)
                    std::fprintf(f, ",%.17g", static_cast<double>(out->GetBufferPointer()[v]));
                std::fprintf(f, "\n");
            }
    std::fclose(f);
}

/// The case with SimpleITK's pixel type for its numpy dtype.
template <unsigned D> void writeCase(const Case& c) {
    if (c.dtype == "int16")
        writeCase<std::int16_t, D>(c);
    else if (c.dtype == "float32")
        writeCase<float, D>(c);
    else if (c.dtype == "float64")
        writeCase<double, D>(c);
    else
        writeCase<std::uint8_t, D>(c);
}

std::vector<Case> cases() {
    std::vector<Case> all;
    // Odd sizes, anisotropic spacing, signed integers around 0.
    all.push_back({"odd_int16",
                   "int16",
                   3,
                   {{11, 9, 7}},
                   {0.7, 1.1, 2.5},
                   {"0.5", "1.0", "2.5"},
                   [](unsigned i, unsigned j, unsigned k, double noise) {
                       return std::round(300.0 * std::sin(0.7 * i) * std::cos(0.5 * j) + 40.0 * k -
                                         150.0 + 200.0 * noise);
                   }});
    // Even sizes, the smallest allowed extent (4) along z.
    all.push_back({"even_float32",
                   "float32",
                   3,
                   {{8, 6, 4}},
                   {1.1, 2.5, 0.7},
                   {"1.0", "3"},
                   [](unsigned i, unsigned j, unsigned k, double noise) {
                       return 50.0 * noise + 0.3 * i * j - 1.7 * k * k + 0.125;
                   }});
    // Doubles that float cannot hold, a step edge, mixed sizes.
    all.push_back({"mixed_float64",
                   "float64",
                   3,
                   {{10, 5, 6}},
                   {2.5, 0.7, 1.1},
                   {"0.7", "2.0"},
                   [](unsigned i, unsigned j, unsigned k, double noise) {
                       const double step = i >= 5 ? 1000.0 / 3.0 : -100.0 / 7.0;
                       return step + std::exp(0.1 * j) * std::sqrt(2.0 + k) + 10.0 * noise;
                   }});
    // The smallest volume PyRadiomics filters: 4 x 4 x 4, unsigned bytes.
    all.push_back({"cube4_uint8",
                   "uint8",
                   3,
                   {{4, 4, 4}},
                   {1.0, 1.0, 1.0},
                   {"1.0", "2"},
                   [](unsigned i, unsigned j, unsigned k, double noise) {
                       return std::floor(127.5 + 100.0 * noise + 5.0 * i - 5.0 * j + 5.0 * k);
                   }});

    // 2D images (a 2D NRRD/NIfTI file: SimpleITK's two-axis image, k is 0).
    // Odd sizes, anisotropic spacing; sigma 6 is run through ITK although
    // PyRadiomics skips it (9 < ceil(6 / 0.7) + 1 = 10 along x).
    all.push_back({"2d_odd_int16",
                   "int16",
                   2,
                   {{9, 7, 1}},
                   {0.7, 1.3, 1.0},
                   {"1.0", "2.5", "6"},
                   [](unsigned i, unsigned j, unsigned, double noise) {
                       return std::round(300.0 * std::sin(0.7 * i) * std::cos(0.5 * j) - 150.0 +
                                         200.0 * noise);
                   }});
    // Even sizes, single-precision input.
    all.push_back({"2d_even_float32",
                   "float32",
                   2,
                   {{8, 6, 1}},
                   {1.1, 0.8, 1.0},
                   {"0.5", "3"},
                   [](unsigned i, unsigned j, unsigned, double noise) {
                       return 50.0 * noise + 0.3 * i * j - 1.7 * j * j + 0.125;
                   }});
    // Doubles that float cannot hold, a step edge, the smallest extent along x.
    all.push_back({"2d_mixed_float64",
                   "float64",
                   2,
                   {{4, 10, 1}},
                   {2.5, 0.9, 1.0},
                   {"0.7", "2.0"},
                   [](unsigned i, unsigned j, unsigned, double noise) {
                       const double step = j >= 5 ? 1000.0 / 3.0 : -100.0 / 7.0;
                       return step + std::exp(0.1 * i) * std::sqrt(2.0 + j) + 10.0 * noise;
                   }});
    // The smallest 2D image PyRadiomics filters, 4 x 4 unsigned bytes; sigma
    // 2 is skipped by PyRadiomics (4 < ceil(2 / 0.5) + 1 = 5 along x).
    all.push_back({"2d_square4_uint8",
                   "uint8",
                   2,
                   {{4, 4, 1}},
                   {0.5, 1.0, 1.0},
                   {"1.0", "2"},
                   [](unsigned i, unsigned j, unsigned, double noise) {
                       return std::floor(127.5 + 100.0 * noise + 5.0 * i - 9.0 * j);
                   }});
    return all;
}

} // namespace

int main() {
    std::FILE* index = std::fopen("itk_cases.csv", "w");
    std::fprintf(index, "case,dtype,size_x,size_y,size_z,spacing_x,spacing_y,spacing_z,sigmas\n");
    for (const auto& c : cases()) {
        std::string sigmas;
        for (const auto& s : c.sigmas)
            sigmas += (sigmas.empty() ? "" : " ") + s;
        if (c.dimension == 3)
            std::fprintf(index, "%s,%s,%lu,%lu,%lu,%.17g,%.17g,%.17g,%s\n", c.name.c_str(),
                         c.dtype.c_str(), c.size[0], c.size[1], c.size[2], c.spacing[0],
                         c.spacing[1], c.spacing[2], sigmas.c_str());
        else // no z axis: size_z and spacing_z empty
            std::fprintf(index, "%s,%s,%lu,%lu,,%.17g,%.17g,,%s\n", c.name.c_str(), c.dtype.c_str(),
                         c.size[0], c.size[1], c.spacing[0], c.spacing[1], sigmas.c_str());
        if (c.dimension == 3)
            writeCase<3>(c);
        else
            writeCase<2>(c);
    }
    std::fclose(index);
    return 0;
}
