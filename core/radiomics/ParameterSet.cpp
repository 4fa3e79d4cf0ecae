#include "radiomics/ParameterSet.h"

#include "radiomics/DiscretisationParameters.h"
#include "radiomics/EmbeddedPresets.h"
#include "radiomics/FilterParameters.h"
#include "radiomics/Sha256.h"
#include "radiomics/detail/ParameterYaml.h"
#include "util/Error.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <system_error>
#include <yaml-cpp/yaml.h>

namespace rgw::radiomics {

namespace {

using namespace detail; // the strict YAML walk (detail/ParameterYaml.h)

void readInterpolation(const Reader& r, const Entry& entry, Settings& s) {
    const Section sec(r, entry.path, entry.value, entry.line,
                      {"enabled", "spacing_mm", "in_plane_only", "image", "mask",
                       "partial_volume_threshold", "round_intensities"});
    auto& in = s.interpolation;
    in.enabled = true; // the section's presence asks for interpolation
    if (const Entry* e = sec.find("enabled"))
        in.enabled = readBool(r, e->path, e->value, e->line);
    if (!in.enabled) {
        for (const char* key : {"spacing_mm", "in_plane_only", "image", "mask",
                                "partial_volume_threshold", "round_intensities"})
            forbid(r, sec, key, "interpolation.enabled: false");
        return;
    }
    if (const Entry* e = sec.find("in_plane_only"))
        in.inPlaneOnly = readBool(r, e->path, e->value, e->line);
    const Entry& spacing =
        require(r, sec, entry.path, entry.line, "spacing_mm", "when interpolation is enabled");
    const std::size_t axes = in.inPlaneOnly ? 2 : 3;
    if (!spacing.value.IsSequence() || spacing.value.size() != axes)
        r.fail(spacing.path, spacing.line,
               in.inPlaneOnly ? "expected [i, j] in millimetres (in_plane_only: slices keep "
                                "their spacing)"
                              : "expected [i, j, k] in millimetres");
    for (std::size_t a = 0; a < axes; ++a) {
        const YAML::Node v = spacing.value[a];
        const std::string path = spacing.path + "[" + std::to_string(a) + "]";
        const int line = lineOf(v) > 0 ? lineOf(v) : spacing.line;
        const double mm = readNumber(r, path, v, line);
        if (!(mm > 0.0))
            r.fail(path, line, "must be a positive number of millimetres, got " + v.Scalar());
        in.spacing[a] = mm;
    }
    if (const Entry* e = sec.find("image"))
        in.image = static_cast<InterpolationMethod>(
            readChoice(r, e->path, e->value, e->line, {"nearest", "linear", "cubic_spline"}));
    if (const Entry* e = sec.find("mask"))
        in.mask = static_cast<InterpolationMethod>(
            readChoice(r, e->path, e->value, e->line, {"nearest", "linear"}));
    if (const Entry* e = sec.find("partial_volume_threshold")) {
        in.partialVolumeThreshold = readNumber(r, e->path, e->value, e->line);
        if (!(in.partialVolumeThreshold > 0.0 && in.partialVolumeThreshold <= 1.0))
            r.fail(e->path, e->line, "must lie in (0, 1], got " + e->value.Scalar());
    }
    if (const Entry* e = sec.find("round_intensities"))
        in.roundIntensities = readBool(r, e->path, e->value, e->line);
    if (s.sliceWise && !in.inPlaneOnly) {
        const Entry* e = sec.find("in_plane_only");
        r.fail(sec.join("in_plane_only"), e ? e->line : entry.line,
               "must be true when slice_wise is true (slices are not interpolated in 2D "
               "processing)");
    }
}

void readResegmentation(const Reader& r, const Entry& entry, Settings& s) {
    const Section sec(r, entry.path, entry.value, entry.line, {"range", "outlier_sigma"});
    if (const Entry* e = sec.find("range"); e && !isNone(e->value)) {
        if (!e->value.IsSequence() || e->value.size() != 2)
            r.fail(e->path, e->line, "expected [lower, upper] (or none)");
        const YAML::Node lo = e->value[0], hi = e->value[1];
        const int loLine = lineOf(lo) > 0 ? lineOf(lo) : e->line;
        const int hiLine = lineOf(hi) > 0 ? lineOf(hi) : e->line;
        IntensityRange range{readNumber(r, e->path + "[0]", lo, loLine, true),
                             readNumber(r, e->path + "[1]", hi, hiLine, true)};
        if (range.lower == std::numeric_limits<double>::infinity())
            r.fail(e->path + "[0]", loLine, "lower bound cannot be .inf");
        if (range.upper == -std::numeric_limits<double>::infinity())
            r.fail(e->path + "[1]", hiLine, "upper bound cannot be -.inf");
        if (!(range.lower < range.upper))
            r.fail(e->path, e->line,
                   "lower bound must be below upper bound, got [" + lo.Scalar() + ", " +
                       hi.Scalar() + "]");
        s.resegmentationRange = range;
    }
    if (const Entry* e = sec.find("outlier_sigma"); e && !isNone(e->value)) {
        s.outlierFiltering = true;
        s.outlierSigma = readNumber(r, e->path, e->value, e->line);
        if (!(s.outlierSigma > 0.0))
            r.fail(e->path, e->line, "must be positive, got " + e->value.Scalar());
    }
}

void readIvh(const Reader& r, const Entry& entry, Settings& s) {
    const Section sec(r, entry.path, entry.value, entry.line,
                      {"mode", "bin_width", "bin_count", "use_resegmentation_range"});
    auto& ivh = s.ivh;
    if (const Entry* e = sec.find("mode"))
        ivh.mode = static_cast<IvhMode>(
            readChoice(r, e->path, e->value, e->line, {"discrete", "bin_centres", "bin_numbers"}));
    switch (ivh.mode) {
    case IvhMode::Discrete:
        forbid(r, sec, "bin_width", "ivh.mode: discrete (w_d = 1)");
        forbid(r, sec, "bin_count", "ivh.mode: discrete");
        if (const Entry* e = sec.find("use_resegmentation_range"))
            ivh.useResegmentationRange = readBool(r, e->path, e->value, e->line);
        break;
    case IvhMode::BinCentres: {
        forbid(r, sec, "bin_count", "ivh.mode: bin_centres (give bin_width)");
        forbid(r, sec, "use_resegmentation_range", "ivh.mode: bin_centres");
        const Entry& w = require(r, sec, entry.path, entry.line, "bin_width", "for bin_centres");
        ivh.binWidth = readNumber(r, w.path, w.value, w.line);
        if (!(ivh.binWidth > 0.0))
            r.fail(w.path, w.line, "must be positive, got " + w.value.Scalar());
        break;
    }
    case IvhMode::BinNumbers: {
        forbid(r, sec, "bin_width", "ivh.mode: bin_numbers (give bin_count)");
        forbid(r, sec, "use_resegmentation_range", "ivh.mode: bin_numbers");
        const Entry& n = require(r, sec, entry.path, entry.line, "bin_count", "for bin_numbers");
        ivh.binCount = readInteger(r, n.path, n.value, n.line);
        if (ivh.binCount < 1)
            r.fail(n.path, n.line, "must be at least 1, got " + n.value.Scalar());
        break;
    }
    }
}

void readTexture(const Reader& r, const Entry& entry, Settings& s) {
    const Section sec(r, entry.path, entry.value, entry.line,
                      {"distance", "ngldm_coarseness", "aggregation"});
    auto& t = s.texture;
    if (const Entry* e = sec.find("distance")) {
        t.distance = readInteger(r, e->path, e->value, e->line);
        if (t.distance < 1)
            r.fail(e->path, e->line, "must be at least 1, got " + e->value.Scalar());
    }
    if (const Entry* e = sec.find("ngldm_coarseness")) {
        t.ngldmCoarseness = readInteger(r, e->path, e->value, e->line);
        if (t.ngldmCoarseness < 0)
            r.fail(e->path, e->line, "must not be negative, got " + e->value.Scalar());
    }
    if (const Entry* e = sec.find("aggregation"))
        t.aggregation = static_cast<TextureAggregation>(
            readChoice(r, e->path, e->value, e->line, {"slice_wise", "volumetric", "all"}));
}

/// A DICOM Modality code: 2 to 16 upper-case letters or digits (VR CS).
bool isModalityCode(const std::string& text) {
    return text.size() >= 2 && text.size() <= 16 &&
           std::all_of(text.begin(), text.end(), [](unsigned char c) {
               return std::isupper(c) != 0 || std::isdigit(c) != 0;
           });
}

/// `modalities: any` or a list of DICOM Modality codes, e.g. [CT] or [PT, CT].
std::vector<std::string> readModalities(const Reader& r, const Entry& e) {
    if (e.value.IsScalar() && e.value.Tag() == "?" && e.value.Scalar() == "any")
        return {};
    if (!e.value.IsSequence() || e.value.size() == 0)
        r.fail(e.path, e.line,
               "expected a list of DICOM Modality codes (e.g. [CT] or [PT, CT]) or any");
    std::vector<std::string> codes;
    for (std::size_t i = 0; i < e.value.size(); ++i) {
        const YAML::Node v = e.value[i];
        const std::string path = e.path + "[" + std::to_string(i) + "]";
        const int line = lineOf(v) > 0 ? lineOf(v) : e.line;
        const std::string code = plainScalar(r, path, v, line, "a DICOM Modality code");
        if (code == "PET")
            r.fail(path, line, "PET is written PT in DICOM (Modality 0008,0060)");
        if (!isModalityCode(code))
            r.fail(path, line,
                   "expected a DICOM Modality code (upper case, e.g. CT, PT, MR), got '" + code +
                       "'");
        if (std::find(codes.begin(), codes.end(), code) != codes.end())
            r.fail(path, line, "modality " + code + " is listed twice");
        codes.push_back(code);
    }
    std::sort(codes.begin(), codes.end());
    return codes;
}

Settings readSettings(const YAML::Node& root, const Reader& r,
                      std::vector<std::string>& modalities) {
    if (!root.IsDefined() || root.IsNull())
        r.fail("document", 0, "is empty (expected a mapping of settings)");
    const Section top(r, "", root, lineOf(root),
                      {"name", "modalities", "slice_wise", "interpolation", "resegmentation",
                       "discretisation", "ivh", "texture", "filters"});
    Settings s;
    if (const Entry* e = top.find("modalities"))
        modalities = readModalities(r, *e);
    if (const Entry* e = top.find("name")) {
        if (!e->value.IsScalar())
            r.fail(e->path, e->line, "expected text");
        s.name = e->value.Scalar();
    }
    if (const Entry* e = top.find("slice_wise"))
        s.sliceWise = readBool(r, e->path, e->value, e->line);
    // Default aggregation follows the processing: 2D methods for slice-wise.
    s.texture.aggregation =
        s.sliceWise ? TextureAggregation::SliceWise : TextureAggregation::Volumetric;
    if (const Entry* e = top.find("interpolation"))
        readInterpolation(r, *e, s);
    if (const Entry* e = top.find("resegmentation"))
        readResegmentation(r, *e, s);
    if (const Entry* e = top.find("discretisation"))
        s.discretisation = readDiscretisation(r, *e, true);
    if (const Entry* e = top.find("ivh"))
        readIvh(r, *e, s);
    if (const Entry* e = top.find("texture"))
        readTexture(r, *e, s);
    if (const Entry* e = top.find("filters"))
        s.filters = readFilters(r, *e, s.sliceWise);
    return s;
}

// ---------------------------------------------------------------------------
// Canonical text: written from the Settings (not from the document), so it
// depends only on the meaning. Fixed key order, every default explicit,
// numbers in shortest round-trip form. `name` is a label, not a parameter,
// and is left out so that renaming a file does not change its hash.
// ---------------------------------------------------------------------------

std::string number(double v) {
    if (v == std::numeric_limits<double>::infinity())
        return ".inf";
    if (v == -std::numeric_limits<double>::infinity())
        return "-.inf";
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, result.ptr);
}

const char* boolean(bool b) {
    return b ? "true" : "false";
}

const char* yamlName(InterpolationMethod m) {
    switch (m) {
    case InterpolationMethod::Nearest:
        return "nearest";
    case InterpolationMethod::Linear:
        return "linear";
    case InterpolationMethod::CubicSpline:
        return "cubic_spline";
    }
    return "?";
}

std::string canonicalText(const Settings& s, const std::vector<std::string>& modalities) {
    std::ostringstream out;
    out << "modalities: ";
    if (modalities.empty()) {
        out << "any\n";
    } else {
        out << "[";
        for (std::size_t i = 0; i < modalities.size(); ++i)
            out << (i ? ", " : "") << modalities[i];
        out << "]\n";
    }
    out << "slice_wise: " << boolean(s.sliceWise) << "\n";
    const auto& in = s.interpolation;
    out << "interpolation:\n  enabled: " << boolean(in.enabled) << "\n";
    if (in.enabled) {
        out << "  spacing_mm: [" << number(in.spacing[0]) << ", " << number(in.spacing[1]);
        if (!in.inPlaneOnly)
            out << ", " << number(in.spacing[2]);
        out << "]\n";
        out << "  in_plane_only: " << boolean(in.inPlaneOnly) << "\n";
        out << "  image: " << yamlName(in.image) << "\n";
        out << "  mask: " << yamlName(in.mask) << "\n";
        out << "  partial_volume_threshold: " << number(in.partialVolumeThreshold) << "\n";
        out << "  round_intensities: " << boolean(in.roundIntensities) << "\n";
    }
    out << "resegmentation:\n  range: ";
    if (s.resegmentationRange)
        out << "[" << number(s.resegmentationRange->lower) << ", "
            << number(s.resegmentationRange->upper) << "]\n";
    else
        out << "none\n";
    out << "  outlier_sigma: " << (s.outlierFiltering ? number(s.outlierSigma) : "none") << "\n";
    writeDiscretisation(out, s.discretisation, "");
    out << "ivh:\n";
    switch (s.ivh.mode) {
    case IvhMode::Discrete:
        out << "  mode: discrete\n  use_resegmentation_range: "
            << boolean(s.ivh.useResegmentationRange) << "\n";
        break;
    case IvhMode::BinCentres:
        out << "  mode: bin_centres\n  bin_width: " << number(s.ivh.binWidth) << "\n";
        break;
    case IvhMode::BinNumbers:
        out << "  mode: bin_numbers\n  bin_count: " << s.ivh.binCount << "\n";
        break;
    }
    static const char* const kAggregation[] = {"slice_wise", "volumetric", "all"};
    out << "texture:\n  distance: " << s.texture.distance
        << "\n  ngldm_coarseness: " << s.texture.ngldmCoarseness
        << "\n  aggregation: " << kAggregation[static_cast<int>(s.texture.aggregation)] << "\n";
    writeFilters(out, s.filters); // nothing without filters: older sets keep their hash
    return out.str();
}

const detail::EmbeddedPreset* findPreset(const std::string& name) {
    for (std::size_t i = 0; i < detail::kEmbeddedPresetCount; ++i)
        if (name == detail::kEmbeddedPresets[i].name)
            return &detail::kEmbeddedPresets[i];
    return nullptr;
}

} // namespace

ParameterSet parseParameterSet(std::string_view yamlText, const std::string& sourceName) {
    const Reader reader(sourceName);
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yamlText));
    } catch (const YAML::Exception& e) {
        reader.fail("document", e.mark.is_null() ? 0 : e.mark.line + 1,
                    "is not valid YAML: " + e.msg);
    }
    ParameterSet set;
    if (pyradiomics::isPyRadiomicsDocument(root)) {
        set.pyradiomics = pyradiomics::parseParameters(yamlText, sourceName);
        set.settings.name = "PyRadiomics-compatible";
        set.source = sourceName;
        set.canonicalText = pyradiomics::canonicalText(*set.pyradiomics);
        set.hash = sha256Hex(set.canonicalText);
        return set;
    }
    set.settings = readSettings(root, reader, set.modalities);
    try {
        set.settings.validate(); // backstop: the reader above already names YAML keys
    } catch (const Error& e) {
        throw Error(sourceName + ": " + e.what());
    }
    set.source = sourceName;
    set.canonicalText = canonicalText(set.settings, set.modalities);
    set.hash = sha256Hex(set.canonicalText);
    return set;
}

ParameterSet withFilters(const ParameterSet& base, std::vector<FilterEntry> filters,
                         const std::string& sourceName) {
    if (base.pyradiomics)
        throw Error(base.source + " is PyRadiomics-compatible: its filters are the image types "
                                  "of its own file (imageType:)");
    Settings settings = base.settings;
    settings.filters = std::move(filters);
    return parseParameterSet(canonicalText(settings, base.modalities), sourceName);
}

ParameterSet loadParameterSet(const std::string& presetNameOrFile) {
    if (const detail::EmbeddedPreset* preset = findPreset(presetNameOrFile))
        return parseParameterSet(preset->text, preset->name);
    const std::filesystem::path path(presetNameOrFile);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        std::string names;
        for (const std::string& n : presetNames())
            names += (names.empty() ? "" : ", ") + n;
        throw Error("radiomics parameters '" + presetNameOrFile + "': neither a preset (" + names +
                    ") nor a readable file");
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof())
        throw Error("radiomics parameters: cannot read " + path.string());
    return parseParameterSet(text.str(), path.string());
}

std::string modalitiesText(const ParameterSet& set) {
    if (set.modalities.empty())
        return "any";
    std::string text;
    for (const auto& m : set.modalities)
        text += (text.empty() ? "" : ", ") + m;
    return text;
}

std::vector<std::string> presetNames() {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < detail::kEmbeddedPresetCount; ++i)
        names.emplace_back(detail::kEmbeddedPresets[i].name);
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace rgw::radiomics
