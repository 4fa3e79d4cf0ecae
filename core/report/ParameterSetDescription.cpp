#include "report/ParameterSetDescription.h"

#include "filters/FilterSpec.h"
#include "report/NumberFormat.h"

#include <cmath>

namespace rgw::report {
namespace {

std::string num(double value) {
    if (std::isinf(value))
        return value > 0 ? "+∞" : "−∞";
    return formatNumber(value, 6);
}

std::string methodName(radiomics::InterpolationMethod method) {
    switch (method) {
    case radiomics::InterpolationMethod::Nearest:
        return "nearest neighbour";
    case radiomics::InterpolationMethod::Linear:
        return "linear";
    case radiomics::InterpolationMethod::CubicSpline:
        return "cubic B-spline";
    }
    return radiomics::toString(method);
}

std::string interpolationText(const radiomics::Settings& s) {
    const auto& i = s.interpolation;
    if (!i.enabled)
        return "none (features on the native voxel grid)";
    std::string grid =
        i.inPlaneOnly
            ? num(i.spacing[0]) + " × " + num(i.spacing[1]) + " mm in-plane (slices kept)"
            : num(i.spacing[0]) + " × " + num(i.spacing[1]) + " × " + num(i.spacing[2]) + " mm";
    return "to " + grid + "; image " + methodName(i.image) +
           (i.inPlaneOnly ? " (bilinear / in-plane)" : "") + ", mask " + methodName(i.mask) +
           " with partial-volume threshold " + num(i.partialVolumeThreshold) +
           (i.roundIntensities ? "; interpolated intensities rounded to integers" : "");
}

std::string discretisationText(const radiomics::DiscretisationSettings& d) {
    switch (d.method) {
    case radiomics::DiscretisationMethod::None:
        return "none (values used as integer grey levels)";
    case radiomics::DiscretisationMethod::FixedBinSize:
        return "fixed bin size, bin width " + num(d.binWidth) +
               " (in the image's intensity unit; bins start at the lower re-segmentation bound "
               "or the ROI minimum)";
    case radiomics::DiscretisationMethod::FixedBinNumber:
        return "fixed bin number, " + std::to_string(d.binCount) + " bins over the ROI range";
    }
    return radiomics::toString(d.method);
}

std::string ivhText(const radiomics::IvhSettings& v) {
    switch (v.mode) {
    case radiomics::IvhMode::Discrete:
        return std::string("discrete intensities (w = 1)") +
               (v.useResegmentationRange ? ", range from the re-segmentation range" : "");
    case radiomics::IvhMode::BinCentres:
        return "fixed bin size " + num(v.binWidth) + ", bin centres";
    case radiomics::IvhMode::BinNumbers:
        return "fixed bin number " + std::to_string(v.binCount) + ", bin numbers";
    }
    return "";
}

std::string aggregationText(const radiomics::Settings& s) {
    switch (s.texture.aggregation) {
    case radiomics::TextureAggregation::Volumetric:
        return "3D: GLCM / GLRLM averaged over 13 directions (ITBB) and merged (IAZD); "
               "GLSZM, GLDZM, NGTDM, NGLDM from one 3D matrix (KOBO)";
    case radiomics::TextureAggregation::SliceWise:
        return "2D and 2.5D: per slice averaged (BTW3) and per slice merged (SUJT), merged "
               "per direction (JJUI) and fully merged (ZW7Z); GLSZM, GLDZM, NGTDM, NGLDM per "
               "slice averaged (8QNN) and merged (62GR)";
    case radiomics::TextureAggregation::All:
        return "both the 2D / 2.5D methods (BTW3, SUJT, JJUI, ZW7Z, 8QNN, 62GR) and the 3D "
               "methods (ITBB, IAZD, KOBO)";
    }
    return "";
}

/// Each filter by its feature-name prefix (filters::describe), the families read
/// from its response and, for grey-level families, their discretisation.
std::string filtersText(const radiomics::Settings& s) {
    if (s.filters.empty())
        return "none";
    std::string text;
    for (std::size_t f = 0; f < s.filters.size(); ++f) {
        const radiomics::FilterEntry& entry = s.filters[f];
        std::string families;
        for (const std::string& family : entry.families)
            families += (families.empty() ? "" : ", ") + family;
        text += (f == 0 ? "" : "; ") + std::to_string(f + 1) + ". " + filters::describe(entry) +
                " → " + families +
                (entry.discretisation ? " (" + discretisationText(*entry.discretisation) + ")"
                                      : std::string());
    }
    return text + "; responses read in the ROI after re-segmentation of the unfiltered image";
}

} // namespace

std::vector<std::pair<std::string, std::string>>
describeParameterSet(const radiomics::ParameterSet& set) {
    const radiomics::Settings& s = set.settings;
    std::vector<std::pair<std::string, std::string>> out;
    std::string name = s.name.empty() ? set.source : s.name;
    if (!s.name.empty() && !set.source.empty() && set.source != s.name)
        name += " (" + set.source + ")";
    out.emplace_back("Parameter set", name);
    out.emplace_back("Parameter-set SHA-256", set.hash);
    out.emplace_back("Valid for modalities", modalitiesText(set));
    out.emplace_back("Analysis", s.sliceWise ? "2D (slice-wise)" : "3D (volumetric)");
    out.emplace_back("Interpolation", interpolationText(s));
    out.emplace_back("Re-segmentation range", s.resegmentationRange
                                                  ? "[" + num(s.resegmentationRange->lower) + ", " +
                                                        num(s.resegmentationRange->upper) + "]"
                                                  : std::string("none"));
    out.emplace_back("Outlier filtering",
                     s.outlierFiltering
                         ? "voxels outside μ ± " + num(s.outlierSigma) + " σ of the ROI removed"
                         : std::string("none"));
    out.emplace_back("Discretisation (intensity histogram and texture)",
                     discretisationText(s.discretisation));
    out.emplace_back("Intensity-volume histogram", ivhText(s.ivh));
    out.emplace_back("Convolutional filters (IBSI 2)", filtersText(s));
    out.emplace_back("Texture aggregation", aggregationText(s));
    out.emplace_back("Texture distance",
                     "Chebyshev δ = " + std::to_string(s.texture.distance) +
                         ", NGLDM coarseness α = " + std::to_string(s.texture.ngldmCoarseness));
    return out;
}

std::string intensityUnitOfModality(const std::string& modality) {
    if (modality == "CT")
        return "Hounsfield units";
    if (modality == "PT")
        return "SUVbw (g/ml) where the PET header allows the conversion, else raw activity";
    if (modality.empty())
        return "not recorded";
    return "arbitrary units (" + modality + ")";
}

} // namespace rgw::report
