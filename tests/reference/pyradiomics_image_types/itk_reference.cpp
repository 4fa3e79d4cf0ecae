// Reference outputs for PyRadiomics' LoG and Gradient image types, from ITK
// itself, instantiated the way SimpleITK instantiates the two filters:
//   LaplacianRecursiveGaussianImageFilter<Image<P, 3>, Image<float, 3>>
//   GradientMagnitudeImageFilter<Image<P, 3>, Image<float, 3>>
// for the input pixel type P (SimpleITK's json: pixel_types
// BasicPixelIDTypeList, output_pixel_type float). PyRadiomics' getLoGImage
// sets NormalizeAcrossScale(true) and Sigma in mm; getGradientImage sets
// UseImageSpacing (default true).
//
// The inputs are small synthetic volumes made here from fixed formulas and a
// fixed-seed linear congruential generator; each output file holds the input
// too, so the tests never need to regenerate it.
//
// Writes, into the current directory:
//   itk_cases.csv      one row per case: pixel type, size, spacing, sigmas
//   itk_<case>.csv     i,j,k,input,log:<sigma>...,gradient:spacing,gradient:nospacing
// every number with 17 significant digits. Build and run: make_itk_reference.sh.

#include "itkGradientMagnitudeImageFilter.h"
#include "itkImage.h"
#include "itkLaplacianRecursiveGaussianImageFilter.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace {

constexpr unsigned kDim = 3;
using OutputImage = itk::Image<float, kDim>;

/// One synthetic volume and the filter settings run on it.
struct Case {
    std::string name;
    std::string dtype; ///< numpy's name of the pixel type
    itk::Size<kDim> size;
    double spacing[kDim];
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

template <typename P> typename itk::Image<P, kDim>::Pointer makeInput(const Case& c) {
    using InputImage = itk::Image<P, kDim>;
    auto image = InputImage::New();
    typename InputImage::RegionType region;
    region.SetSize(c.size);
    image->SetRegions(region);
    typename InputImage::SpacingType spacing;
    for (unsigned d = 0; d < kDim; ++d)
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

template <typename P>
OutputImage::Pointer laplacianOfGaussian(const typename itk::Image<P, kDim>::Pointer& input,
                                         double sigma) {
    using Filter = itk::LaplacianRecursiveGaussianImageFilter<itk::Image<P, kDim>, OutputImage>;
    auto filter = Filter::New();
    filter->SetInput(input);
    filter->SetNormalizeAcrossScale(true);
    filter->SetSigma(sigma);
    filter->Update();
    return filter->GetOutput();
}

template <typename P>
OutputImage::Pointer gradientMagnitude(const typename itk::Image<P, kDim>::Pointer& input,
                                       bool useSpacing) {
    using Filter = itk::GradientMagnitudeImageFilter<itk::Image<P, kDim>, OutputImage>;
    auto filter = Filter::New();
    filter->SetInput(input);
    filter->SetUseImageSpacing(useSpacing);
    filter->Update();
    return filter->GetOutput();
}

template <typename P> void writeCase(const Case& c) {
    const auto input = makeInput<P>(c);
    std::vector<OutputImage::Pointer> outputs;
    for (const auto& sigma : c.sigmas)
        outputs.push_back(laplacianOfGaussian<P>(input, std::stod(sigma)));
    outputs.push_back(gradientMagnitude<P>(input, true));
    outputs.push_back(gradientMagnitude<P>(input, false));

    std::FILE* f = std::fopen(("itk_" + c.name + ".csv").c_str(), "w");
    std::fprintf(f, "i,j,k,input");
    for (const auto& sigma : c.sigmas)
        std::fprintf(f, ",log:%s", sigma.c_str());
    std::fprintf(f, ",gradient:spacing,gradient:nospacing\n");
    const P* in = input->GetBufferPointer();
    std::size_t v = 0;
    for (unsigned k = 0; k < c.size[2]; ++k)
        for (unsigned j = 0; j < c.size[1]; ++j)
            for (unsigned i = 0; i < c.size[0]; ++i, ++v) {
                std::fprintf(f, "%u,%u,%u,%.17g", i, j, k, static_cast<double>(in[v]));
                for (const auto& out : outputs)
                    std::fprintf(f, ",%.17g", static_cast<double>(out->GetBufferPointer()[v]));
                std::fprintf(f, "\n");
            }
    std::fclose(f);
}

std::vector<Case> cases() {
    std::vector<Case> all;
    // Odd sizes, anisotropic spacing, signed integers around 0.
    all.push_back({"odd_int16",
                   "int16",
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
                   {{8, 6, 4}},
                   {1.1, 2.5, 0.7},
                   {"1.0", "3"},
                   [](unsigned i, unsigned j, unsigned k, double noise) {
                       return 50.0 * noise + 0.3 * i * j - 1.7 * k * k + 0.125;
                   }});
    // Doubles that float cannot hold, a step edge, mixed sizes.
    all.push_back({"mixed_float64",
                   "float64",
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
                   {{4, 4, 4}},
                   {1.0, 1.0, 1.0},
                   {"1.0", "2"},
                   [](unsigned i, unsigned j, unsigned k, double noise) {
                       return std::floor(127.5 + 100.0 * noise + 5.0 * i - 5.0 * j + 5.0 * k);
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
        std::fprintf(index, "%s,%s,%lu,%lu,%lu,%.17g,%.17g,%.17g,%s\n", c.name.c_str(),
                     c.dtype.c_str(), c.size[0], c.size[1], c.size[2], c.spacing[0], c.spacing[1],
                     c.spacing[2], sigmas.c_str());
        if (c.dtype == "int16")
            writeCase<std::int16_t>(c);
        else if (c.dtype == "float32")
            writeCase<float>(c);
        else if (c.dtype == "float64")
            writeCase<double>(c);
        else
            writeCase<std::uint8_t>(c);
    }
    std::fclose(index);
    return 0;
}
