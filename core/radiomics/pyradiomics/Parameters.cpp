#include "radiomics/pyradiomics/Parameters.h"

#include "radiomics/pyradiomics/Diagnostics.h"
#include "radiomics/pyradiomics/ImageTypes.h"
#include "radiomics/pyradiomics/Wavelet.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace rgw::radiomics::pyradiomics {
namespace {

bool isNone(const YAML::Node& n) {
    return !n || n.IsNull() || (n.IsScalar() && (n.Scalar() == "None" || n.Scalar() == "~"));
}

[[noreturn]] void fail(const std::string& source, const std::string& key, const std::string& what) {
    throw Error(source + ": setting " + key + ": " + what);
}

double number(const YAML::Node& n, const std::string& source, const std::string& key) {
    if (!n.IsScalar())
        fail(source, key, "expected a number");
    try {
        const double v = n.as<double>();
        if (!std::isfinite(v))
            fail(source, key, "not finite");
        return v;
    } catch (const YAML::Exception&) {
        fail(source, key, "\"" + n.Scalar() + "\" is not a number");
    }
}

int integer(const YAML::Node& n, const std::string& source, const std::string& key) {
    const double v = number(n, source, key);
    if (v != std::floor(v) || std::abs(v) > 1e9)
        fail(source, key, "expected a whole number");
    return static_cast<int>(v);
}

bool boolean(const YAML::Node& n, const std::string& source, const std::string& key) {
    if (n.IsScalar()) {
        const std::string s = n.Scalar();
        if (s == "True" || s == "true" || s == "1")
            return true;
        if (s == "False" || s == "false" || s == "0")
            return false;
    }
    fail(source, key, "expected True or False");
}

std::string text(const YAML::Node& n, const std::string& source, const std::string& key) {
    if (!n.IsScalar())
        fail(source, key, "expected a string");
    return n.Scalar();
}

std::vector<double> numbers(const YAML::Node& n, const std::string& source,
                            const std::string& key) {
    if (!n.IsSequence())
        fail(source, key, "expected a list of numbers");
    std::vector<double> out;
    for (std::size_t i = 0; i < n.size(); ++i)
        out.push_back(number(n[i], source, key));
    return out;
}

/// Whether PyYAML reads the number `t` as an int: digits only, after a sign.
bool writtenAsInt(const std::string& t) {
    const std::size_t digits = t.find_first_not_of("+-") == 1 ? 1 : 0;
    return t.size() > digits && t.find_first_not_of("0123456789", digits) == std::string::npos;
}

/// A YAML number as PyYAML types it (PythonNumber::integer: writtenAsInt).
PythonNumber pythonNumber(const YAML::Node& n, const std::string& source, const std::string& key) {
    return PythonNumber{number(n, source, key), writtenAsInt(n.Scalar())};
}

void requireRange(bool ok, const std::string& source, const std::string& key,
                  const std::string& what) {
    if (!ok)
        fail(source, key, what);
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

/// A YAML value as PyRadiomics prints the dict it parsed it into.
std::string pythonLiteral(const YAML::Node& n) {
    if (isNone(n))
        return "None";
    std::string out;
    if (n.IsMap()) {
        for (auto it = n.begin(); it != n.end(); ++it)
            out += (out.empty() ? "" : ", ") + ("'" + it->first.as<std::string>() + "': ") +
                   pythonLiteral(it->second);
        return "{" + out + "}";
    }
    if (n.IsSequence()) {
        for (std::size_t i = 0; i < n.size(); ++i)
            out += (i ? ", " : "") + pythonLiteral(n[i]);
        return "[" + out + "]";
    }
    const std::string t = n.Scalar();
    if (t == "True" || t == "true")
        return "True";
    if (t == "False" || t == "false")
        return "False";
    char* end = nullptr;
    const double value = std::strtod(t.c_str(), &end);
    if (!t.empty() && end == t.c_str() + t.size()) {
        // PyYAML's int prints as Python's int, its float as Python's repr
        // ("2.50" → 2.5, "+3" → 3).
        if (writtenAsInt(t) && std::abs(value) < 1e15)
            return std::to_string(static_cast<long long>(value));
        return pythonFloat(value);
    }
    return "'" + t + "'";
}

/// A Python literal (dict, list, str, number, None, True, False) as YAML flow
/// text: the same syntax once None/True/False are spelled the YAML way.
std::string pythonLiteralAsYaml(const std::string& literal) {
    std::string yaml;
    char quote = 0;
    for (std::size_t i = 0; i < literal.size(); ++i) {
        const char c = literal[i];
        if (quote) {
            if (c == quote)
                quote = 0;
            yaml += c;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            yaml += c;
            continue;
        }
        auto word = [&](const char* w, const char* replacement) {
            const std::size_t n = std::char_traits<char>::length(w);
            if (literal.compare(i, n, w) != 0)
                return false;
            yaml += replacement;
            i += n - 1;
            return true;
        };
        if (word("None", "null") || word("True", "true") || word("False", "false"))
            continue;
        yaml += c;
    }
    return yaml;
}

} // namespace

Settings readSettings(const YAML::Node& node, const Settings& defaults, const std::string& source) {
    Settings s = defaults;
    if (isNone(node))
        return s;
    if (!node.IsMap())
        throw Error(source + ": setting: expected a mapping of PyRadiomics settings");
    for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string key = it->first.as<std::string>();
        const YAML::Node v = it->second;
        if (key == "label") {
            if (!isNone(v))
                s.label = integer(v, source, key);
        } else if (key == "label_channel") {
            s.label_channel = isNone(v) ? 0 : integer(v, source, key);
            requireRange(s.label_channel >= 0, source, key, "must be ≥ 0");
        } else if (key == "minimumROIDimensions") {
            s.minimumROIDimensions = isNone(v) ? 1 : integer(v, source, key);
            requireRange(s.minimumROIDimensions >= 1 && s.minimumROIDimensions <= 3, source, key,
                         "must be 1, 2 or 3");
        } else if (key == "minimumROISize") {
            s.minimumROISize = isNone(v) ? std::nullopt : std::optional(integer(v, source, key));
        } else if (key == "geometryTolerance") {
            s.geometryTolerance = isNone(v) ? 0.0 : number(v, source, key);
        } else if (key == "correctMask") {
            s.correctMask = !isNone(v) && boolean(v, source, key);
        } else if (key == "normalize") {
            s.normalize = !isNone(v) && boolean(v, source, key);
        } else if (key == "normalizeScale") {
            s.normalizeScale = isNone(v) ? 1.0 : number(v, source, key);
            requireRange(s.normalizeScale > 0, source, key, "must be > 0");
        } else if (key == "removeOutliers") {
            s.removeOutliers = isNone(v) ? std::nullopt : std::optional(number(v, source, key));
            requireRange(!s.removeOutliers || *s.removeOutliers > 0, source, key, "must be > 0");
        } else if (key == "resampledPixelSpacing") {
            s.resampledPixelSpacing =
                isNone(v) ? std::nullopt : std::optional(numbers(v, source, key));
            requireRange(!s.resampledPixelSpacing || s.resampledPixelSpacing->size() == 3, source,
                         key, "expects 3 spacings (x, y, z)");
            if (s.resampledPixelSpacing)
                for (double d : *s.resampledPixelSpacing)
                    requireRange(d >= 0 && d <= 1e4, source, key, "spacings must be in [0, 1e4]");
        } else if (key == "interpolator") {
            s.interpolator = isNone(v) ? "" : text(v, source, key);
            static const std::set<std::string> kKnown = {"sitkNearestNeighbor",
                                                         "sitkLinear",
                                                         "sitkBSpline",
                                                         "sitkGaussian",
                                                         "sitkLabelGaussian",
                                                         "sitkHammingWindowedSinc",
                                                         "sitkCosineWindowedSinc",
                                                         "sitkWelchWindowedSinc",
                                                         "sitkLanczosWindowedSinc",
                                                         "sitkBlackmanWindowedSinc"};
            requireRange(s.interpolator.empty() || kKnown.count(s.interpolator) != 0, source, key,
                         "unknown interpolator \"" + s.interpolator + "\"");
        } else if (key == "padDistance") {
            s.padDistance = isNone(v) ? 5 : integer(v, source, key);
            requireRange(s.padDistance >= 0 && s.padDistance <= 1000, source, key,
                         "must be in 0..1000");
        } else if (key == "preCrop") {
            s.preCrop = !isNone(v) && boolean(v, source, key);
        } else if (key == "resegmentRange") {
            s.resegmentRange = isNone(v) ? std::nullopt : std::optional(numbers(v, source, key));
            requireRange(!s.resegmentRange ||
                             (s.resegmentRange->size() >= 1 && s.resegmentRange->size() <= 2),
                         source, key, "expects [lower] or [lower, upper]");
            requireRange(!s.resegmentRange || s.resegmentRange->size() == 1 ||
                             (*s.resegmentRange)[0] <= (*s.resegmentRange)[1],
                         source, key, "lower bound above the upper bound");
        } else if (key == "resegmentMode") {
            const std::string m = isNone(v) ? "absolute" : text(v, source, key);
            if (m == "absolute")
                s.resegmentMode = ResegmentMode::Absolute;
            else if (m == "relative")
                s.resegmentMode = ResegmentMode::Relative;
            else if (m == "sigma")
                s.resegmentMode = ResegmentMode::Sigma;
            else
                fail(source, key, "\"" + m + "\" is not absolute, relative or sigma");
        } else if (key == "resegmentShape") {
            s.resegmentShape = !isNone(v) && boolean(v, source, key);
        } else if (key == "force2D") {
            s.force2D = !isNone(v) && boolean(v, source, key);
        } else if (key == "force2Ddimension") {
            s.force2Ddimension = isNone(v) ? 0 : integer(v, source, key);
            requireRange(s.force2Ddimension >= 0 && s.force2Ddimension <= 2, source, key,
                         "must be 0, 1 or 2");
        } else if (key == "binWidth") {
            s.binWidth = isNone(v) ? 25.0 : number(v, source, key);
            requireRange(s.binWidth > 0, source, key, "must be > 0");
        } else if (key == "binCount") {
            s.binCount = isNone(v) ? std::nullopt : std::optional(integer(v, source, key));
            requireRange(!s.binCount || (*s.binCount >= 1 && *s.binCount <= 65536), source, key,
                         "must be in 1..65536");
        } else if (key == "voxelArrayShift") {
            s.voxelArrayShift = isNone(v) ? 0.0 : number(v, source, key);
        } else if (key == "distances") {
            s.distances.clear();
            for (double d : numbers(v, source, key)) {
                requireRange(d == std::floor(d) && d >= 1 && d <= 100, source, key,
                             "distances must be whole numbers in 1..100");
                s.distances.push_back(static_cast<int>(d));
            }
            requireRange(!s.distances.empty(), source, key, "needs at least one distance");
        } else if (key == "symmetricalGLCM") {
            s.symmetricalGLCM = isNone(v) || boolean(v, source, key);
        } else if (key == "weightingNorm") {
            s.weightingNorm = isNone(v) ? std::nullopt : std::optional(text(v, source, key));
            requireRange(!s.weightingNorm || *s.weightingNorm == "manhattan" ||
                             *s.weightingNorm == "euclidean" || *s.weightingNorm == "infinity" ||
                             *s.weightingNorm == "no_weighting",
                         source, key, "not manhattan, euclidean, infinity or no_weighting");
        } else if (key == "gldm_a") {
            s.gldm_a = isNone(v) ? 0.0 : number(v, source, key);
            requireRange(s.gldm_a >= 0, source, key, "must be ≥ 0");
        } else if (key == "additionalInfo") {
            s.additionalInfo = isNone(v) || boolean(v, source, key);
        } else if (key == "sigma") {
            s.sigma.clear();
            if (!isNone(v)) {
                if (!v.IsSequence())
                    fail(source, key, "expected a list of σ values in mm, e.g. [1.0, 3.0]");
                for (std::size_t i = 0; i < v.size(); ++i) {
                    s.sigma.push_back(pythonNumber(v[i], source, key));
                    // PyRadiomics' parameter schema: every σ > 0.
                    requireRange(s.sigma.back().value > 0, source, key, "every σ must be > 0 mm");
                }
            }
        } else if (key == "wavelet") {
            s.wavelet = isNone(v) ? "coif1" : text(v, source, key);
            const auto& wavelets = knownWavelets();
            requireRange(std::find(wavelets.begin(), wavelets.end(), s.wavelet) != wavelets.end(),
                         source, key,
                         "\"" + s.wavelet + "\" is not a PyWavelets discrete wavelet (" +
                             knownWaveletFamilies() + ")");
        } else if (key == "level") {
            s.level = isNone(v) ? 1 : integer(v, source, key);
            requireRange(s.level >= 1 && s.level <= 20, source, key, "must be in 1..20");
        } else if (key == "start_level") {
            s.start_level = isNone(v) ? 0 : integer(v, source, key);
            requireRange(s.start_level >= 0 && s.start_level <= 20, source, key,
                         "must be in 0..20");
        } else if (key == "gradientUseSpacing") {
            s.gradientUseSpacing = isNone(v) || boolean(v, source, key);
        } else if (key == "lbp2DRadius") {
            s.lbp2DRadius = isNone(v) ? 1.0 : number(v, source, key);
            requireRange(s.lbp2DRadius > 0 && s.lbp2DRadius <= 100, source, key,
                         "must be in (0, 100]");
        } else if (key == "lbp2DSamples") {
            s.lbp2DSamples = isNone(v) ? 8 : integer(v, source, key);
            requireRange(s.lbp2DSamples >= 1 && s.lbp2DSamples <= 256, source, key,
                         "must be in 1..256");
        } else if (key == "lbp2DMethod") {
            s.lbp2DMethod = isNone(v) ? "uniform" : text(v, source, key);
            // PyRadiomics' parameter schema allows these four of skimage's methods.
            static const std::set<std::string> kMethods = {"default", "ror", "uniform", "var"};
            requireRange(kMethods.count(s.lbp2DMethod) != 0, source, key,
                         "\"" + s.lbp2DMethod + "\" is not default, ror, uniform or var");
        } else if (key == "lbp3DLevels") {
            s.lbp3DLevels = isNone(v) ? 2 : integer(v, source, key);
            // 1 makes PyRadiomics' getLBP3DImage fail (IndexError); scipy's
            // sph_harm is NaN from degree 86 on.
            requireRange(s.lbp3DLevels >= 2 && s.lbp3DLevels <= 86, source, key,
                         "must be in 2..86");
        } else if (key == "lbp3DIcosphereRadius") {
            s.lbp3DIcosphereRadius = isNone(v) ? 1.0 : number(v, source, key);
            requireRange(s.lbp3DIcosphereRadius > 0 && s.lbp3DIcosphereRadius <= 100, source, key,
                         "must be in (0, 100]");
        } else if (key == "lbp3DIcosphereSubdivision") {
            s.lbp3DIcosphereSubdivision = isNone(v) ? 1 : integer(v, source, key);
            requireRange(s.lbp3DIcosphereSubdivision >= 0 && s.lbp3DIcosphereSubdivision <= 6,
                         source, key, "must be in 0..6");
        } else if (key == "enableCExtensions" || key == "verbose") {
            // Implementation switches of PyRadiomics without effect on values.
        } else {
            fail(source, key, "unknown PyRadiomics setting");
        }
    }
    return s;
}

bool isPyRadiomicsDocument(const YAML::Node& root) {
    if (!root.IsMap())
        return false;
    if (root["compatibility"] && root["compatibility"].IsScalar() &&
        root["compatibility"].Scalar() == "pyradiomics")
        return true;
    return root["setting"] || root["imageType"] || root["featureClass"];
}

Parameters parseParameters(std::string_view yamlText, const std::string& source) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yamlText));
    } catch (const YAML::Exception& e) {
        throw Error(source + ": not valid YAML (line " + std::to_string(e.mark.line + 1) + ": " +
                    e.msg + ")");
    }
    if (!root.IsMap())
        throw Error(source + ": a PyRadiomics parameter file is a YAML mapping");
    Parameters p;
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string key = it->first.as<std::string>();
        if (key != "setting" && key != "imageType" && key != "featureClass" &&
            key != "compatibility" && key != "voxelSetting")
            throw Error(source + ": unknown top-level key \"" + key +
                        "\" (PyRadiomics: setting, imageType, featureClass)");
    }
    if (root["compatibility"] &&
        (!root["compatibility"].IsScalar() || root["compatibility"].Scalar() != "pyradiomics"))
        throw Error(source + ": compatibility: only \"pyradiomics\" is known");
    p.settings = readSettings(root["setting"], Settings{}, source);
    const YAML::Node types = root["imageType"];
    if (isNone(types)) {
        p.imageTypes["Original"] = ImageType{p.settings, "{}"};
        p.imageTypeOrder = {"Original"};
    } else {
        if (!types.IsMap())
            throw Error(source + ": imageType: expected a mapping (e.g. Original: {})");
        const auto& known = computedImageTypes();
        for (auto it = types.begin(); it != types.end(); ++it) {
            const std::string name = it->first.as<std::string>();
            const std::string where = source + " line " +
                                      std::to_string(it->first.Mark().line + 1) + ": imageType " +
                                      name;
            if (std::find(known.begin(), known.end(), name) == known.end())
                throw Error(where + ": not an image type of PyRadiomics (" + joined(known) + ")");
            p.imageTypeOrder.push_back(name);
            p.imageTypes[name] = ImageType{readSettings(it->second, p.settings, where),
                                           isNone(it->second) ? "{}" : pythonLiteral(it->second)};
        }
    }
    const YAML::Node classes = root["featureClass"];
    static const std::set<std::string> kClasses = {"firstorder", "shape", "shape2D", "glcm",
                                                   "glrlm",      "glszm", "gldm",    "ngtdm"};
    if (!isNone(classes)) {
        if (!classes.IsMap())
            throw Error(source + ": featureClass: expected a mapping (e.g. glcm: [])");
        for (auto it = classes.begin(); it != classes.end(); ++it) {
            const std::string name = it->first.as<std::string>();
            if (kClasses.count(name) == 0)
                throw Error(source + ": featureClass " + name + ": unknown feature class");
            std::vector<std::string> features;
            const YAML::Node list = it->second;
            if (!isNone(list)) {
                if (!list.IsSequence())
                    throw Error(source + ": featureClass " + name +
                                ": expected a list of feature names");
                for (std::size_t i = 0; i < list.size(); ++i)
                    features.push_back(text(list[i], source, "featureClass " + name));
            }
            p.featureClasses[name] = features;
        }
    }
    return p;
}

Settings parseSettingsDict(const std::string& dict, const std::string& source) {
    YAML::Node node;
    try {
        node = YAML::Load(pythonLiteralAsYaml(dict));
    } catch (const YAML::Exception& e) {
        throw Error(source + ": not a settings dictionary (" + e.msg + ")");
    }
    return readSettings(node, Settings{}, source);
}

std::map<std::string, Settings>
parseImageTypesDict(const std::string& text, const Settings& general, const std::string& source) {
    YAML::Node node;
    try {
        node = YAML::Load(pythonLiteralAsYaml(text));
    } catch (const YAML::Exception& e) {
        throw Error(source + ": not an image type dictionary (" + e.msg + ")");
    }
    if (!node.IsMap())
        throw Error(source + ": not an image type dictionary (expected {'Original': {}, ...})");
    std::map<std::string, Settings> out;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string name = it->first.as<std::string>();
        out[name] = readSettings(it->second, general, source + ": " + name);
    }
    return out;
}

std::string settingsDict(const Settings& s) {
    auto boolean = [](bool b) { return std::string(b ? "True" : "False"); };
    auto list = [](const std::vector<double>& v) {
        std::string out;
        for (double d : v)
            out += (out.empty() ? "" : ", ") + pythonFloat(d);
        return "[" + out + "]";
    };
    auto none = [](bool present, const std::string& value) {
        return present ? value : std::string("None");
    };
    std::string distances;
    for (int d : s.distances)
        distances += (distances.empty() ? "" : ", ") + std::to_string(d);
    const char* mode = s.resegmentMode == ResegmentMode::Absolute   ? "absolute"
                       : s.resegmentMode == ResegmentMode::Relative ? "relative"
                                                                    : "sigma";
    std::vector<std::pair<std::string, std::string>> items = {
        {"label", std::to_string(s.label)},
        {"minimumROIDimensions", std::to_string(s.minimumROIDimensions)},
        {"minimumROISize",
         none(s.minimumROISize.has_value(), std::to_string(s.minimumROISize.value_or(0)))},
        {"geometryTolerance", none(s.geometryTolerance > 0, pythonFloat(s.geometryTolerance))},
        {"correctMask", boolean(s.correctMask)},
        {"normalize", boolean(s.normalize)},
        {"normalizeScale", pythonFloat(s.normalizeScale)},
        {"removeOutliers",
         none(s.removeOutliers.has_value(), pythonFloat(s.removeOutliers.value_or(0)))},
        {"resampledPixelSpacing",
         none(s.resampledPixelSpacing.has_value(),
              list(s.resampledPixelSpacing.value_or(std::vector<double>{})))},
        {"interpolator", none(!s.interpolator.empty(), "'" + s.interpolator + "'")},
        {"padDistance", std::to_string(s.padDistance)},
        {"preCrop", boolean(s.preCrop)},
        {"resegmentRange", none(s.resegmentRange.has_value(),
                                list(s.resegmentRange.value_or(std::vector<double>{})))},
        {"resegmentMode", std::string("'") + mode + "'"},
        {"resegmentShape", boolean(s.resegmentShape)},
        {"force2D", boolean(s.force2D)},
        {"force2Ddimension", std::to_string(s.force2Ddimension)},
        {"binWidth", pythonFloat(s.binWidth)},
        {"binCount", none(s.binCount.has_value(), std::to_string(s.binCount.value_or(0)))},
        {"voxelArrayShift", pythonFloat(s.voxelArrayShift)},
        {"distances", "[" + distances + "]"},
        {"symmetricalGLCM", boolean(s.symmetricalGLCM)},
        {"weightingNorm",
         none(s.weightingNorm.has_value(), "'" + s.weightingNorm.value_or("") + "'")},
        {"gldm_a", pythonFloat(s.gldm_a)},
        {"additionalInfo", boolean(s.additionalInfo)},
    };
    std::string out;
    for (const auto& [key, value] : optionalSettingsGiven(s))
        items.emplace_back(key, value);
    for (const auto& [key, value] : items)
        out += (out.empty() ? "" : ", ") + ("'" + key + "': ") + value;
    return "{" + out + "}";
}

std::string PythonNumber::str() const {
    if (integer)
        return std::to_string(static_cast<long long>(value));
    return pythonFloat(value);
}

std::vector<std::pair<std::string, std::string>> optionalSettingsGiven(const Settings& s) {
    const Settings d;
    auto boolean = [](bool b) { return std::string(b ? "True" : "False"); };
    auto quoted = [](const std::string& t) { return "'" + t + "'"; };
    std::vector<std::pair<std::string, std::string>> out;
    if (s.label_channel != d.label_channel)
        out.emplace_back("label_channel", std::to_string(s.label_channel));
    if (s.sigma != d.sigma) {
        std::string list;
        for (const auto& x : s.sigma)
            list += (list.empty() ? "" : ", ") + x.str();
        out.emplace_back("sigma", "[" + list + "]");
    }
    if (s.wavelet != d.wavelet)
        out.emplace_back("wavelet", quoted(s.wavelet));
    if (s.level != d.level)
        out.emplace_back("level", std::to_string(s.level));
    if (s.start_level != d.start_level)
        out.emplace_back("start_level", std::to_string(s.start_level));
    if (s.gradientUseSpacing != d.gradientUseSpacing)
        out.emplace_back("gradientUseSpacing", boolean(s.gradientUseSpacing));
    if (s.lbp2DRadius != d.lbp2DRadius)
        out.emplace_back("lbp2DRadius", pythonFloat(s.lbp2DRadius));
    if (s.lbp2DSamples != d.lbp2DSamples)
        out.emplace_back("lbp2DSamples", std::to_string(s.lbp2DSamples));
    if (s.lbp2DMethod != d.lbp2DMethod)
        out.emplace_back("lbp2DMethod", quoted(s.lbp2DMethod));
    if (s.lbp3DLevels != d.lbp3DLevels)
        out.emplace_back("lbp3DLevels", std::to_string(s.lbp3DLevels));
    if (s.lbp3DIcosphereRadius != d.lbp3DIcosphereRadius)
        out.emplace_back("lbp3DIcosphereRadius", pythonFloat(s.lbp3DIcosphereRadius));
    if (s.lbp3DIcosphereSubdivision != d.lbp3DIcosphereSubdivision)
        out.emplace_back("lbp3DIcosphereSubdivision", std::to_string(s.lbp3DIcosphereSubdivision));
    return out;
}

std::vector<std::string> enabledImageTypes(const Parameters& p) {
    std::vector<std::string> out;
    for (const auto& name : p.imageTypeOrder)
        if (p.imageTypes.count(name) != 0 && std::find(out.begin(), out.end(), name) == out.end())
            out.push_back(name);
    for (const auto& name : computedImageTypes())
        if (p.imageTypes.count(name) != 0 && std::find(out.begin(), out.end(), name) == out.end())
            out.push_back(name);
    return out;
}

std::string enabledImageTypesDict(const Parameters& p) {
    std::string out;
    for (const auto& name : enabledImageTypes(p))
        out +=
            (out.empty() ? "" : ", ") + ("'" + name + "': ") + p.imageTypes.at(name).customSettings;
    return "{" + out + "}";
}

namespace {

std::string num(double v) {
    std::ostringstream o;
    o.precision(17);
    o << v;
    return o.str();
}

std::string list(const std::vector<double>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i)
        out += (i ? ", " : "") + num(v[i]);
    return out + "]";
}

void writeSettings(std::ostringstream& o, const Settings& s, const std::string& indent) {
    auto opt = [](const auto& v, auto f) { return v ? f(*v) : std::string("null"); };
    o << indent << "label: " << s.label << "\n";
    o << indent << "minimumROIDimensions: " << s.minimumROIDimensions << "\n";
    o << indent
      << "minimumROISize: " << opt(s.minimumROISize, [](int v) { return std::to_string(v); })
      << "\n";
    o << indent << "geometryTolerance: " << num(s.geometryTolerance) << "\n";
    o << indent << "correctMask: " << (s.correctMask ? "true" : "false") << "\n";
    o << indent << "normalize: " << (s.normalize ? "true" : "false") << "\n";
    o << indent << "normalizeScale: " << num(s.normalizeScale) << "\n";
    o << indent << "removeOutliers: " << opt(s.removeOutliers, num) << "\n";
    o << indent << "resampledPixelSpacing: " << opt(s.resampledPixelSpacing, list) << "\n";
    o << indent << "interpolator: " << (s.interpolator.empty() ? "null" : s.interpolator) << "\n";
    o << indent << "padDistance: " << s.padDistance << "\n";
    o << indent << "preCrop: " << (s.preCrop ? "true" : "false") << "\n";
    o << indent << "resegmentRange: " << opt(s.resegmentRange, list) << "\n";
    o << indent << "resegmentMode: "
      << (s.resegmentMode == ResegmentMode::Absolute   ? "absolute"
          : s.resegmentMode == ResegmentMode::Relative ? "relative"
                                                       : "sigma")
      << "\n";
    o << indent << "resegmentShape: " << (s.resegmentShape ? "true" : "false") << "\n";
    o << indent << "force2D: " << (s.force2D ? "true" : "false") << "\n";
    o << indent << "force2Ddimension: " << s.force2Ddimension << "\n";
    o << indent << "binWidth: " << num(s.binWidth) << "\n";
    o << indent << "binCount: " << opt(s.binCount, [](int v) { return std::to_string(v); }) << "\n";
    o << indent << "voxelArrayShift: " << num(s.voxelArrayShift) << "\n";
    std::vector<double> d(s.distances.begin(), s.distances.end());
    o << indent << "distances: " << list(d) << "\n";
    o << indent << "symmetricalGLCM: " << (s.symmetricalGLCM ? "true" : "false") << "\n";
    o << indent << "weightingNorm: " << opt(s.weightingNorm, [](const std::string& v) { return v; })
      << "\n";
    o << indent << "gldm_a: " << num(s.gldm_a) << "\n";
    // Filter settings only where they differ from PyRadiomics' defaults, so
    // the canonical text (and hash) of a file without filters is unchanged.
    for (const auto& [key, value] : optionalSettingsGiven(s))
        o << indent << key << ": " << pythonLiteralAsYaml(value) << "\n";
}

} // namespace

std::string canonicalText(const Parameters& p) {
    std::ostringstream o;
    o << "compatibility: pyradiomics\nsetting:\n";
    writeSettings(o, p.settings, "  ");
    o << "imageType:\n";
    for (const auto& [name, type] : p.imageTypes) {
        o << "  " << name << ":\n";
        writeSettings(o, type.settings, "    ");
    }
    o << "featureClass:";
    o << (p.featureClasses.empty() ? " {}\n" : "\n");
    for (const auto& [name, features] : p.featureClasses) {
        o << "  " << name << ": [";
        for (std::size_t i = 0; i < features.size(); ++i)
            o << (i ? ", " : "") << features[i];
        o << "]\n";
    }
    return o.str();
}

} // namespace rgw::radiomics::pyradiomics
