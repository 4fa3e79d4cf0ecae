#include "radiomics/FilterParameters.h"

#include "radiomics/DiscretisationParameters.h"
#include "radiomics/Extractor.h"
#include "util/Error.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace rgw::radiomics {

namespace {

using namespace detail;
using namespace filters;

constexpr double kDegree = std::numbers::pi / 180.0;

/// A filter setting parsed by the filters module (its own names and checks),
/// with the module's message turned into one naming the key and line.
template <class Parse>
auto readNamed(const Reader& r, const Entry& e, const char* expected, Parse parse) {
    const std::string text = plainScalar(r, e.path, e.value, e.line, expected);
    try {
        return parse(text);
    } catch (const Error& error) {
        r.fail(e.path, e.line, error.what());
    }
}

double readPositive(const Reader& r, const Entry& e) {
    const double value = readNumber(r, e.path, e.value, e.line);
    if (!(value > 0.0))
        r.fail(e.path, e.line, "must be positive, got " + e.value.Scalar());
    return value;
}

/// Reads `key` into `target` when given.
void positive(const Reader& r, const Section& s, const char* key, double& target) {
    if (const Entry* e = s.find(key))
        target = readPositive(r, *e);
}

void rotation(const Reader& r, const Section& s, bool& invariant, Pooling& pooling) {
    if (const Entry* e = s.find("rotation_invariant"))
        invariant = readBool(r, e->path, e->value, e->line);
    if (const Entry* e = s.find("pooling")) {
        if (!invariant)
            r.fail(e->path, e->line, "needs rotation_invariant: true (pooling combines rotations)");
        pooling = readNamed(r, *e, "max or average", parsePooling);
    }
}

int axisCount(FilterDimensions dimensions) {
    return dimensions == FilterDimensions::Slice2D ? 2 : 3;
}

SimoncelliFilter readSimoncelli(const Reader& r, const Section& s) {
    SimoncelliFilter f;
    if (const Entry* e = s.find("level")) {
        f.level = readInteger(r, e->path, e->value, e->line);
        if (f.level < 1 || f.level > 8)
            r.fail(e->path, e->line, "must lie in 1..8, got " + e->value.Scalar());
    }
    return f;
}

/// `order: [l1, l2, l3]`: each 0..8 (as filters/Riesz checks), |l| ≥ 1, l3 = 0 in 2D.
RieszOrder readRieszOrder(const Reader& r, const Entry& e, FilterDimensions dimensions) {
    if (!e.value.IsSequence() || e.value.size() != 3)
        r.fail(e.path, e.line, "expected [l1, l2, l3], the Riesz order along the axes i, j, k");
    RieszOrder order;
    for (std::size_t a = 0; a < 3; ++a) {
        const YAML::Node v = e.value[a];
        const std::string path = e.path + "[" + std::to_string(a) + "]";
        const int line = lineOf(v) > 0 ? lineOf(v) : e.line;
        order.l[a] = readInteger(r, path, v, line);
        if (order.l[a] < 0 || order.l[a] > 8)
            r.fail(path, line, "must lie in 0..8, got " + v.Scalar());
    }
    if (order.l[0] + order.l[1] + order.l[2] < 1)
        r.fail(e.path, e.line, "must sum to at least 1, got [0, 0, 0]");
    if (dimensions == FilterDimensions::Slice2D && order.l[2] != 0)
        r.fail(e.path, e.line, "a 2D filter has no order along k: l3 must be 0");
    return order;
}

RieszFilter readRiesz(const Reader& r, const Section& s, const std::string& path, int line,
                      FilterDimensions dimensions) {
    RieszFilter f;
    f.order =
        readRieszOrder(r, require(r, s, path, line, "order", "for a riesz filter"), dimensions);
    const Entry& base = require(r, s, path, line, "base", "for a riesz filter");
    const bool log = readChoice(r, base.path, base.value, base.line, {"log", "simoncelli"}) == 0;
    // The other base's settings are refused.
    static const std::vector<const char*> logOnly{"sigma_mm", "truncation"};
    static const std::vector<const char*> simoncelliOnly{"level"};
    for (const char* key : log ? simoncelliOnly : logOnly)
        if (const Entry* e = s.find(key))
            r.fail(e->path, e->line,
                   std::string("is not a setting of a riesz filter with base ") +
                       (log ? "log" : "simoncelli"));
    if (log) {
        LaplacianOfGaussianFilter g;
        g.sigmaMm = readPositive(r, require(r, s, path, line, "sigma_mm", "for base log"));
        positive(r, s, "truncation", g.truncation);
        f.base = g;
    } else {
        f.base = readSimoncelli(r, s);
    }
    // `align: structure_tensor` steers the order to the local orientation, with
    // the structure tensor's window `tensor_sigma_mm`; `align: none` (the default)
    // takes no window.
    const Entry* align = s.find("align");
    const bool aligned = align && readChoice(r, align->path, align->value, align->line,
                                             {"none", "structure_tensor"}) == 1;
    const Entry* sigma = s.find("tensor_sigma_mm");
    if (aligned) {
        StructureTensorAlignment alignment;
        alignment.sigmaMm = readPositive(
            r, require(r, s, path, line, "tensor_sigma_mm", "for align: structure_tensor"));
        f.alignment = alignment;
    } else if (sigma) {
        r.fail(sigma->path, sigma->line,
               "needs align: structure_tensor (the window of the structure tensor)");
    }
    // In 3D the structure tensor fixes only the principal direction.
    if (aligned && dimensions == FilterDimensions::Volume3D &&
        (f.order.l[1] != 0 || f.order.l[2] != 0)) {
        const Entry* order = s.find("order");
        r.fail(order->path, order->line,
               "an aligned 3D riesz filter takes its order along the local orientation only, "
               "[N, 0, 0] (the structure tensor fixes only the principal direction)");
    }
    return f;
}

/// `families:` (a list of family keys) into `entry.families`, in the engine's
/// order, and `discretisation:`, required exactly when a family reads grey levels.
void readFamilies(const Reader& r, const Section& s, int line, FilterEntry& entry) {
    const std::vector<std::string> allowed = responseMapFamilies();
    const Entry* families = s.find("families");
    if (families) {
        if (!families->value.IsSequence() || families->value.size() == 0)
            r.fail(families->path, families->line,
                   "expected a list of feature families, e.g. [intensity_statistics, glcm]");
        std::vector<std::string> listed;
        for (std::size_t i = 0; i < families->value.size(); ++i) {
            const YAML::Node v = families->value[i];
            const std::string itemPath = families->path + "[" + std::to_string(i) + "]";
            const int itemLine = lineOf(v) > 0 ? lineOf(v) : families->line;
            const std::string name = plainScalar(r, itemPath, v, itemLine, "a feature family");
            if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
                std::string names;
                for (const std::string& a : allowed)
                    names += (names.empty() ? "" : ", ") + a;
                r.fail(itemPath, itemLine,
                       "'" + name + "' is not computed on a response map (one of " + names + ")");
            }
            if (std::find(listed.begin(), listed.end(), name) != listed.end())
                r.fail(itemPath, itemLine, "'" + name + "' is listed twice");
            listed.push_back(name);
        }
        entry.families.clear();
        for (const std::string& family : allowed) // canonical: the engine's order
            if (std::find(listed.begin(), listed.end(), family) != listed.end())
                entry.families.push_back(family);
    }
    std::string readingLevels;
    int readingCount = 0;
    for (const std::string& family : entry.families)
        if (readsGreyLevels(family)) {
            readingLevels += (readingLevels.empty() ? "" : ", ") + family;
            ++readingCount;
        }
    const Entry* discretisation = s.find("discretisation");
    if (!readingLevels.empty() && !discretisation)
        r.fail(s.join("discretisation"), families ? families->line : line,
               "required: " + readingLevels + (readingCount == 1 ? " reads" : " read") +
                   " grey levels of the response (give method: fixed_bin_number with "
                   "bin_count, or fixed_bin_size with bin_width)");
    if (readingLevels.empty() && discretisation)
        r.fail(discretisation->path, discretisation->line,
               "is unused: no family of this filter reads grey levels (families: " +
                   std::string(families ? "" : "default ") + "intensity_statistics)");
    if (discretisation)
        entry.discretisation = readDiscretisation(r, *discretisation, false);
}

FilterEntry readFilter(const Reader& r, const std::string& path, const YAML::Node& node, int line,
                       bool sliceWise) {
    if (!node.IsMap())
        r.fail(path, line, "expected a filter (type: log, sigma_mm: ..., ...)");
    const Section any(r, path, node, line,
                      {"type",           "dimensions",      "boundary",       "support",
                       "sigma_mm",       "truncation",      "kernels",        "rotation_invariant",
                       "pooling",        "energy_distance", "lambda_mm",      "gamma",
                       "theta_deg",      "delta_theta_deg", "family",         "subband",
                       "level",          "order",           "base",           "families",
                       "discretisation", "align",           "tensor_sigma_mm"});
    const Entry& type = require(r, any, path, line, "type", "");
    const std::size_t kind =
        readChoice(r, type.path, type.value, type.line,
                   {"mean", "log", "laws", "gabor", "wavelet", "simoncelli", "riesz"});
    const auto keys = [](std::initializer_list<const char*> own) {
        std::vector<const char*> all{"type", "dimensions", "boundary", "families",
                                     "discretisation"};
        all.insert(all.end(), own.begin(), own.end());
        return all;
    };
    const std::vector<std::vector<const char*>> allowed{
        keys({"support"}),
        keys({"sigma_mm", "truncation"}),
        keys({"kernels", "rotation_invariant", "pooling", "energy_distance"}),
        keys({"sigma_mm", "lambda_mm", "gamma", "theta_deg", "rotation_invariant", "pooling",
              "delta_theta_deg", "truncation"}),
        keys({"family", "subband", "level", "rotation_invariant", "pooling"}),
        keys({"level"}),
        keys({"order", "base", "sigma_mm", "truncation", "level", "align", "tensor_sigma_mm"}),
    };
    // Keys of another filter type are refused (the Section above allowed the union).
    for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string name = it->first.Scalar();
        const auto& mine = allowed[kind];
        if (std::find_if(mine.begin(), mine.end(), [&](const char* k) { return name == k; }) ==
            mine.end())
            r.fail(any.join(name), lineOf(it->first),
                   "is not a setting of a " + type.value.Scalar() + " filter");
    }

    FilterEntry spec;
    spec.dimensions = sliceWise ? FilterDimensions::Slice2D : FilterDimensions::Volume3D;
    if (const Entry* e = any.find("dimensions"))
        spec.dimensions = readNamed(r, *e, "2D or 3D", parseFilterDimensions);
    if (const Entry* e = any.find("boundary"))
        spec.boundary = readNamed(r, *e, "zero, nearest, periodic or mirror", parseBoundary);
    const int axes = axisCount(spec.dimensions);
    switch (kind) {
    case 0: {
        MeanFilter f;
        if (const Entry* e = any.find("support")) {
            f.support = readInteger(r, e->path, e->value, e->line);
            if (f.support < 1 || f.support % 2 == 0)
                r.fail(e->path, e->line,
                       "must be an odd number of voxels, got " + e->value.Scalar());
        }
        spec.filter = f;
        break;
    }
    case 1: {
        LaplacianOfGaussianFilter f;
        const Entry& sigma = require(r, any, path, line, "sigma_mm", "for a log filter");
        f.sigmaMm = readPositive(r, sigma);
        positive(r, any, "truncation", f.truncation);
        spec.filter = f;
        break;
    }
    case 2: {
        LawsFilter f;
        const Entry& kernels = require(r, any, path, line, "kernels", "for a laws filter");
        f.kernels =
            plainScalar(r, kernels.path, kernels.value, kernels.line, "kernel names, e.g. L5E5E5");
        if (f.kernels.size() != static_cast<std::size_t>(2 * axes))
            r.fail(kernels.path, kernels.line,
                   "expected " + std::to_string(axes) + " kernel names for a " +
                       toString(spec.dimensions) + " filter, got '" + f.kernels + "'");
        for (std::size_t a = 0; a < f.kernels.size(); a += 2)
            try {
                (void)lawsKernel(f.kernels.substr(a, 2));
            } catch (const Error& error) {
                r.fail(kernels.path, kernels.line, error.what());
            }
        rotation(r, any, f.rotationInvariant, f.pooling);
        if (const Entry* e = any.find("energy_distance"); e && !isNone(e->value)) {
            const int d = readInteger(r, e->path, e->value, e->line);
            if (d < 1)
                r.fail(e->path, e->line, "must be at least 1 voxel, got " + e->value.Scalar());
            f.energyDistance = d;
        }
        spec.filter = f;
        break;
    }
    case 3: {
        GaborFilter f;
        f.sigmaMm = readPositive(r, require(r, any, path, line, "sigma_mm", "for a gabor filter"));
        f.lambdaMm =
            readPositive(r, require(r, any, path, line, "lambda_mm", "for a gabor filter"));
        positive(r, any, "gamma", f.gamma);
        if (const Entry* e = any.find("theta_deg"))
            f.theta = readNumber(r, e->path, e->value, e->line) * kDegree;
        rotation(r, any, f.rotationInvariant, f.pooling);
        if (const Entry* e = any.find("delta_theta_deg")) {
            if (!f.rotationInvariant)
                r.fail(e->path, e->line, "needs rotation_invariant: true");
            f.deltaTheta = readPositive(r, *e) * kDegree;
        }
        positive(r, any, "truncation", f.truncation);
        spec.filter = f;
        break;
    }
    case 4: {
        SeparableWaveletFilter f;
        if (const Entry* e = any.find("family"))
            f.family = readNamed(r, *e, "haar, db2, db3 or coif1", parseWaveletFamily);
        const Entry& subband = require(r, any, path, line, "subband", "for a wavelet filter");
        f.subband =
            plainScalar(r, subband.path, subband.value, subband.line, "a subband, e.g. LLH");
        if (f.subband.size() != static_cast<std::size_t>(axes) ||
            f.subband.find_first_not_of("LH") != std::string::npos)
            r.fail(subband.path, subband.line,
                   "expected " + std::to_string(axes) + " letters L or H for a " +
                       toString(spec.dimensions) + " filter, got '" + f.subband + "'");
        if (const Entry* e = any.find("level")) {
            f.level = readInteger(r, e->path, e->value, e->line);
            if (f.level < 1 || f.level > 8)
                r.fail(e->path, e->line, "must lie in 1..8, got " + e->value.Scalar());
        }
        rotation(r, any, f.rotationInvariant, f.pooling);
        spec.filter = f;
        break;
    }
    case 5:
        spec.filter = readSimoncelli(r, any);
        break;
    default:
        spec.filter = readRiesz(r, any, path, line, spec.dimensions);
        break;
    }
    readFamilies(r, any, line, spec);
    return spec;
}

std::string number(double v) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, result.ptr);
}

/// Degrees as written: radians read from degrees come back to the same
/// decimal (60, not 59.99999999999999), so the canonical text is stable.
std::string degrees(double radians) {
    return number(std::round(radians / kDegree * 1e9) / 1e9);
}

const char* boolean(bool b) {
    return b ? "true" : "false";
}

void write(std::ostream& out, const MeanFilter& f) {
    out << "    type: mean\n    support: " << f.support << "\n";
}

void write(std::ostream& out, const LaplacianOfGaussianFilter& f) {
    out << "    type: log\n    sigma_mm: " << number(f.sigmaMm)
        << "\n    truncation: " << number(f.truncation) << "\n";
}

void writeRotation(std::ostream& out, bool invariant, Pooling pooling) {
    out << "    rotation_invariant: " << boolean(invariant) << "\n";
    if (invariant)
        out << "    pooling: " << toString(pooling) << "\n";
}

void write(std::ostream& out, const LawsFilter& f) {
    out << "    type: laws\n    kernels: " << f.kernels << "\n";
    writeRotation(out, f.rotationInvariant, f.pooling);
    out << "    energy_distance: "
        << (f.energyDistance ? std::to_string(*f.energyDistance) : std::string("none")) << "\n";
}

void write(std::ostream& out, const GaborFilter& f) {
    out << "    type: gabor\n    sigma_mm: " << number(f.sigmaMm)
        << "\n    lambda_mm: " << number(f.lambdaMm) << "\n    gamma: " << number(f.gamma)
        << "\n    theta_deg: " << degrees(f.theta) << "\n";
    writeRotation(out, f.rotationInvariant, f.pooling);
    if (f.rotationInvariant)
        out << "    delta_theta_deg: " << degrees(f.deltaTheta) << "\n";
    out << "    truncation: " << number(f.truncation) << "\n";
}

void write(std::ostream& out, const SeparableWaveletFilter& f) {
    out << "    type: wavelet\n    family: " << toString(f.family) << "\n    subband: " << f.subband
        << "\n    level: " << f.level << "\n";
    writeRotation(out, f.rotationInvariant, f.pooling);
}

void write(std::ostream& out, const SimoncelliFilter& f) {
    out << "    type: simoncelli\n    level: " << f.level << "\n";
}

void write(std::ostream& out, const RieszFilter& f) {
    const auto& l = f.order.l;
    out << "    type: riesz\n    order: [" << l[0] << ", " << l[1] << ", " << l[2] << "]\n";
    if (const auto* log = std::get_if<LaplacianOfGaussianFilter>(&f.base))
        out << "    base: log\n    sigma_mm: " << number(log->sigmaMm)
            << "\n    truncation: " << number(log->truncation) << "\n";
    else
        out << "    base: simoncelli\n    level: " << std::get<SimoncelliFilter>(f.base).level
            << "\n";
    // Not written when unaligned: earlier sets keep their canonical text and hash.
    if (f.alignment)
        out << "    align: structure_tensor\n    tensor_sigma_mm: " << number(f.alignment->sigmaMm)
            << "\n";
}

} // namespace

std::vector<FilterEntry> readFilters(const Reader& reader, const Entry& entry, bool sliceWise) {
    if (isNone(entry.value))
        return {};
    if (!entry.value.IsSequence())
        reader.fail(entry.path, entry.line, "expected a list of filters (- type: log, ...)");
    std::vector<FilterEntry> specs;
    for (std::size_t i = 0; i < entry.value.size(); ++i) {
        const YAML::Node node = entry.value[i];
        const int line = lineOf(node) > 0 ? lineOf(node) : entry.line;
        specs.push_back(
            readFilter(reader, entry.path + "[" + std::to_string(i) + "]", node, line, sliceWise));
        for (std::size_t j = 0; j + 1 < specs.size(); ++j)
            if (describe(specs[j]) == describe(specs.back()))
                reader.fail(entry.path + "[" + std::to_string(i) + "]", line,
                            "repeats filter " + std::to_string(j + 1) + " (" +
                                describe(specs.back()) + ")");
    }
    return specs;
}

void writeFilters(std::ostream& out, const std::vector<FilterEntry>& specs) {
    if (specs.empty())
        return;
    out << "filters:\n";
    for (const FilterEntry& spec : specs) {
        out << "  - dimensions: " << toString(spec.dimensions)
            << "\n    boundary: " << toString(spec.boundary) << "\n";
        std::visit([&](const auto& f) { write(out, f); }, spec.filter);
        // The default (intensity statistics only) is not written: sets from
        // before `families:` keep their canonical text and hash.
        if (spec.families != FilterEntry().families) {
            out << "    families: [";
            for (std::size_t i = 0; i < spec.families.size(); ++i)
                out << (i ? ", " : "") << spec.families[i];
            out << "]\n";
        }
        if (spec.discretisation)
            writeDiscretisation(out, *spec.discretisation, "    ");
    }
}

} // namespace rgw::radiomics
