#include "radiomics/robustness/PerturbationPlan.h"

#include "radiomics/processing/Pipeline.h"
#include "radiomics/processing/RoiBox.h"
#include "radiomics/robustness/NoiseAddition.h"
#include "radiomics/robustness/RigidMotion.h"
#include "radiomics/robustness/VolumeAdaptation.h"
#include "util/Error.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace rgw::radiomics::robustness {

namespace {

constexpr std::array<Perturbation, 5> kAll = {Perturbation::Noise, Perturbation::Rotation,
                                              Perturbation::Translation, Perturbation::Volume,
                                              Perturbation::Contour};

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return std::string(s);
}

void checkSpec(const PerturbationSpec& spec) {
    if (spec.perturbations.empty())
        throw Error("perturbation: no perturbation chosen");
    if (spec.repeats < 2)
        throw Error("perturbation: the ICC needs at least 2 repeats, got " +
                    std::to_string(spec.repeats));
    if (spec.has(Perturbation::Rotation) && spec.anglesDegrees.empty())
        throw Error("perturbation: rotation without angles");
    if (spec.has(Perturbation::Translation) && spec.translationFractions.empty())
        throw Error("perturbation: translation without shifts");
    if (spec.has(Perturbation::Volume) && spec.volumeFractions.empty())
        throw Error("perturbation: volume adaptation without fractions");
    if (!(spec.supervoxelsPerRoi >= 1.0))
        throw Error("perturbation: supervoxelsPerRoi must be at least 1");
}

template <class T> double cyclic(const std::vector<T>& values, std::uint64_t r) {
    return values[static_cast<std::size_t>(r % values.size())];
}

} // namespace

std::string_view perturbationName(Perturbation p) {
    switch (p) {
    case Perturbation::Noise:
        return "noise";
    case Perturbation::Rotation:
        return "rotation";
    case Perturbation::Translation:
        return "translation";
    case Perturbation::Volume:
        return "volume";
    case Perturbation::Contour:
        return "contour";
    }
    return "?";
}

std::vector<Perturbation> parsePerturbations(std::string_view list) {
    std::vector<Perturbation> chosen;
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        const std::string name = trimmed(list.substr(start, comma - start));
        start = comma + 1;
        if (name.empty())
            continue;
        const auto it = std::find_if(kAll.begin(), kAll.end(),
                                     [&](Perturbation p) { return perturbationName(p) == name; });
        if (it == kAll.end())
            throw Error("unknown perturbation '" + name +
                        "': use noise, rotation, translation, volume or contour");
        if (std::find(chosen.begin(), chosen.end(), *it) != chosen.end())
            throw Error("perturbation '" + name + "' is listed twice");
        chosen.push_back(*it);
    }
    if (chosen.empty())
        throw Error("no perturbation given: use noise, rotation, translation, volume or contour");
    std::sort(chosen.begin(), chosen.end());
    return chosen;
}

std::string perturbationSetName(const std::vector<Perturbation>& set) {
    std::string out;
    for (const Perturbation p : kAll)
        if (std::find(set.begin(), set.end(), p) != set.end())
            out += (out.empty() ? "" : ",") + std::string(perturbationName(p));
    return out;
}

bool PerturbationSpec::has(Perturbation p) const {
    return std::find(perturbations.begin(), perturbations.end(), p) != perturbations.end();
}

PerturbationCase preparePerturbationCase(const Volume& image, const Mask& mask,
                                         const PerturbationSpec& spec) {
    checkSpec(spec);
    if (!image.geometry.sameGrid(mask.geometry) || image.voxels.size() != mask.voxels.size())
        throw Error("perturbation: the mask is not on the image's grid");
    const processing::Box roi = processing::boundingBox(mask);
    if (roi.empty())
        throw Error("perturbation: the mask is empty");
    const Eigen::Vector3d& s = image.geometry.spacing;
    // The ROI turns about its box centre within the circle of the box's
    // half diagonal, and grows by less than the largest fraction of it.
    const double halfX = 0.5 * static_cast<double>(roi.hi[0] - roi.lo[0] + 1) * s[0];
    const double halfY = 0.5 * static_cast<double>(roi.hi[1] - roi.lo[1] + 1) * s[1];
    const double radius = std::hypot(halfX, halfY);
    double growth = 0.0;
    for (const double f : spec.volumeFractions)
        growth = std::max(growth, spec.has(Perturbation::Volume) ? f : 0.0);
    const double reach = processing::kRoiMarginMm + radius * growth;
    const std::array<double, 3> extra = {
        radius - halfX + reach, radius - halfY + reach,
        reach + growth * 0.5 * static_cast<double>(roi.hi[2] - roi.lo[2] + 1) * s[2]};
    processing::Box box;
    for (std::size_t a = 0; a < 3; ++a) {
        const auto margin =
            static_cast<std::int64_t>(std::ceil(extra[a] / s[static_cast<Eigen::Index>(a)]) + 1);
        box.lo[a] = std::max<std::int64_t>(0, roi.lo[a] - margin);
        box.hi[a] = std::min<std::int64_t>(image.geometry.size[a] - 1, roi.hi[a] + margin);
    }
    PerturbationCase out;
    out.image.geometry = processing::cropGeometry(image.geometry, box);
    out.image.unit = image.unit;
    out.image.unitNote = image.unitNote;
    out.mask.geometry = out.image.geometry;
    const auto& n = out.image.geometry.size;
    out.image.voxels.reserve(out.image.geometry.voxelCount());
    out.mask.voxels.reserve(out.image.geometry.voxelCount());
    for (std::int64_t k = 0; k < n[2]; ++k)
        for (std::int64_t j = 0; j < n[1]; ++j)
            for (std::int64_t i = 0; i < n[0]; ++i) {
                const std::size_t v =
                    image.geometry.linearIndex(i + box.lo[0], j + box.lo[1], k + box.lo[2]);
                out.image.voxels.push_back(image.voxels[v]);
                out.mask.voxels.push_back(mask.voxels[v] != 0 ? 1 : 0);
            }
    for (Eigen::Index a = 0; a < 3; ++a)
        out.roiCentre[a] = 0.5 * static_cast<double>(roi.lo[static_cast<std::size_t>(a)] +
                                                     roi.hi[static_cast<std::size_t>(a)]) -
                           static_cast<double>(box.lo[static_cast<std::size_t>(a)]);
    if (spec.has(Perturbation::Noise))
        out.noiseSigma = estimateNoiseSigma(image);
    if (spec.has(Perturbation::Contour)) {
        double roiVoxels = 0.0;
        for (const auto v : out.mask.voxels)
            roiVoxels += v;
        const double roiMm3 = roiVoxels * s.prod();
        const double stepMm = std::max(std::cbrt(roiMm3 / spec.supervoxelsPerRoi), s.maxCoeff());
        out.supervoxels = slicSupervoxels(out.image, stepMm);
    }
    return out;
}

std::mt19937_64 instanceStream(std::uint64_t seed, std::uint64_t caseIndex,
                               std::uint64_t instance) {
    auto lo = [](std::uint64_t x) { return static_cast<std::uint32_t>(x & 0xffffffffu); };
    auto hi = [](std::uint64_t x) { return static_cast<std::uint32_t>(x >> 32); };
    std::seed_seq seq{lo(seed), hi(seed), lo(caseIndex), hi(caseIndex), lo(instance), hi(instance)};
    return std::mt19937_64(seq);
}

PerturbedInstance perturbInstance(const PerturbationCase& prepared, const PerturbationSpec& spec,
                                  std::uint64_t caseIndex, int instance) {
    checkSpec(spec);
    const auto r = static_cast<std::uint64_t>(instance);
    std::mt19937_64 rng = instanceStream(spec.seed, caseIndex, r);
    PerturbedInstance out{prepared.image, prepared.mask};
    if (spec.has(Perturbation::Volume))
        out.mask = adaptVolume(out.mask, cyclic(spec.volumeFractions, r), rng);
    if (spec.has(Perturbation::Contour))
        out.mask = randomiseContour(out.mask, *prepared.supervoxels, rng);
    RigidMotion motion;
    motion.centre = prepared.roiCentre;
    if (spec.has(Perturbation::Rotation))
        motion.angleDegrees = cyclic(spec.anglesDegrees, r);
    if (spec.has(Perturbation::Translation)) {
        const auto& f = spec.translationFractions;
        const std::uint64_t m = f.size();
        motion.shiftVoxels =
            Eigen::Vector3d(cyclic(f, r), cyclic(f, r / m), cyclic(f, r / (m * m)));
    }
    if (spec.has(Perturbation::Rotation) || spec.has(Perturbation::Translation)) {
        out.image = moveImage(out.image, motion);
        out.mask = moveMask(out.mask, motion);
    }
    if (spec.has(Perturbation::Noise))
        addGaussianNoise(out.image, prepared.noiseSigma, rng);
    return out;
}

} // namespace rgw::radiomics::robustness
