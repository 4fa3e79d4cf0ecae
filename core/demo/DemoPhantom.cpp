#include "demo/DemoPhantom.h"

#include "demo/DemoRandom.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace rgw::demo {
namespace {

constexpr std::int64_t kColumns = 128;
constexpr std::int64_t kRows = 128;
constexpr std::int64_t kSlices = 48;

// Typical CT numbers (HU) of the tissues drawn.
constexpr double kAirHu = -1000.0;
constexpr double kLungHu = -850.0;
constexpr double kFatHu = -100.0;
constexpr double kSoftTissueHu = 40.0;
constexpr double kBloodHu = 50.0;
constexpr double kCorticalBoneHu = 800.0;
constexpr double kCancellousBoneHu = 250.0;
constexpr double kDiscHu = 90.0;
constexpr double kCsfHu = 15.0;

/// Body outline and organs of one patient, in mm around the isocentre
/// (x towards the patient's left, y posterior, z head-wards: LPS).
struct Anatomy {
    double bodyA = 55, bodyB = 42; // body ellipse semi-axes
    double fat = 6;                // subcutaneous fat thickness
    double lungX = 24, lungY = -4, lungA = 13, lungB = 20, lungC = 60;
    double heartX = 3, heartY = -14, heartA = 12, heartB = 10;
    double spineY = 14, spineR = 8;
    double discPeriod = 24, discPhase = 0;
};

bool insideEllipse(double x, double y, double cx, double cy, double a, double b) {
    const double u = (x - cx) / a, v = (y - cy) / b;
    return u * u + v * v <= 1.0;
}

double anatomyHu(const Anatomy& an, double x, double y, double z) {
    if (!insideEllipse(x, y, 0, 0, an.bodyA, an.bodyB))
        return kAirHu;
    if (!insideEllipse(x, y, 0, 0, an.bodyA - an.fat, an.bodyB - an.fat))
        return kFatHu;
    for (const double side : {-1.0, 1.0}) {
        const double u = (x - side * an.lungX) / an.lungA, v = (y - an.lungY) / an.lungB,
                     w = z / an.lungC;
        if (u * u + v * v + w * w <= 1.0)
            return kLungHu;
    }
    // Vertebral body (cortical shell, cancellous core, discs between vertebrae),
    // spinal canal and its bony arch.
    const double canalY = an.spineY + an.spineR + 4.0;
    if (insideEllipse(x, y, 0, canalY, 3.5, 3.5))
        return kCsfHu;
    if (insideEllipse(x, y, 0, canalY, 6.0, 6.0))
        return kCorticalBoneHu;
    if (insideEllipse(x, y, 0, an.spineY, an.spineR, an.spineR)) {
        const double level = std::fmod(z - an.discPhase + 1000.0 * an.discPeriod, an.discPeriod);
        if (level < 5.0)
            return kDiscHu;
        if (!insideEllipse(x, y, 0, an.spineY, an.spineR - 1.5, an.spineR - 1.5))
            return kCorticalBoneHu;
        return kCancellousBoneHu;
    }
    if (insideEllipse(x, y, an.heartX, an.heartY, an.heartA, an.heartB))
        return kBloodHu;
    return kSoftTissueHu;
}

Eigen::Vector3d randomDirection(DemoRng& rng) {
    Eigen::Vector3d v;
    do {
        // Draws named and sequenced: function arguments have no evaluation
        // order, so each compiler would make another phantom. This is the
        // order GCC used when the demo's expected values were recorded.
        const double z = rng.normal();
        const double y = rng.normal();
        const double x = rng.normal();
        v = Eigen::Vector3d(x, y, z);
    } while (v.norm() < 1e-6);
    return v.normalized();
}

/// A star-shaped solid: an oriented ellipsoid whose radius is raised along
/// some directions by Gaussian-like bumps (broad = lobules, narrow = spicules).
struct LesionShape {
    struct Bump {
        Eigen::Vector3d direction;
        double height; // relative radius increase
        double width;  // angular width (1 - cos angle scale)
    };
    Eigen::Vector3d centre = Eigen::Vector3d::Zero();
    Eigen::Matrix3d rotation = Eigen::Matrix3d::Identity();
    Eigen::Vector3d semiAxes = Eigen::Vector3d::Ones();
    std::vector<Bump> bumps;

    double maxRadius() const {
        double h = 1.0;
        for (const auto& b : bumps)
            h += b.height;
        return semiAxes.maxCoeff() * h;
    }
    /// <= 1 inside the solid; 0 at its centre.
    double normalisedRadius(const Eigen::Vector3d& p) const {
        const Eigen::Vector3d u = (rotation.transpose() * (p - centre)).cwiseQuotient(semiAxes);
        const double rho = u.norm();
        if (rho < 1e-12)
            return 0.0;
        const Eigen::Vector3d d = u / rho;
        double f = 1.0;
        for (const auto& b : bumps)
            f += b.height * std::exp((d.dot(b.direction) - 1.0) / b.width);
        return rho / f;
    }
};

struct LesionTexture {
    double baseHu = 40;
    double heterogeneityHu = 10;
    std::array<Eigen::Vector3d, 3> waves;
    std::array<double, 3> phases{};
    bool rimEnhancement = false;
    double rimHu = 0;
    bool necroticCore = false;
    double necroticHu = 10;
    bool subsolid = false;

    double hu(const Eigen::Vector3d& p, double normalisedRadius) const {
        double wave = 0;
        for (std::size_t i = 0; i < waves.size(); ++i)
            wave += std::sin(waves[i].dot(p) + phases[i]);
        if (necroticCore && normalisedRadius < 0.45)
            return necroticHu + 0.3 * heterogeneityHu * wave / 3.0;
        double value = baseHu + heterogeneityHu * wave / 3.0;
        if (rimEnhancement && normalisedRadius > 0.75)
            value += rimHu;
        return value;
    }
};

/// The genotype's mark on a lesion (the model is documented in DemoGenomics.h). It only
/// rewrites values already drawn, so the random stream, and with it every
/// lesion's shape, place and size, is the same whatever the genotype.
void applyGenotype(LesionTexture& t, const DemoGenotype& genotype) {
    if (!genotype.egfrMutated)
        return;
    // A subsolid (part ground-glass) lesion: low attenuation, no necrosis,
    // no enhancing rim.
    t.subsolid = true;
    t.baseHu += kEgfrLesionShiftHu;
    t.necroticCore = false;
    t.rimEnhancement = false;
}

enum class ShapeKind { Ellipsoid, Lobulated, Spiculated };

LesionShape randomShape(DemoRng& rng, ShapeKind kind) {
    LesionShape s;
    const double r = kind == ShapeKind::Spiculated ? rng.uniform(5.5, 9.0) : rng.uniform(6.0, 12.0);
    // Sequenced draws (see randomDirection), k before j before i.
    const double k = rng.uniform(0.75, 1.25);
    const double j = rng.uniform(0.75, 1.25);
    const double i = rng.uniform(0.75, 1.25);
    s.semiAxes = Eigen::Vector3d(r * i, r * j, r * k);
    const Eigen::Vector3d axis = randomDirection(rng);
    const double angle = rng.uniform(0.0, 3.141592653589793);
    s.rotation = Eigen::AngleAxisd(angle, axis).toRotationMatrix();
    auto addBumps = [&](int count, double hLo, double hHi, double wLo, double wHi) {
        for (int i = 0; i < count; ++i)
            s.bumps.push_back({randomDirection(rng), rng.uniform(hLo, hHi), rng.uniform(wLo, wHi)});
    };
    if (kind == ShapeKind::Lobulated)
        addBumps(rng.integer(4, 7), 0.15, 0.35, 0.08, 0.2);
    if (kind == ShapeKind::Spiculated) {
        addBumps(2, 0.1, 0.2, 0.1, 0.2);
        addBumps(rng.integer(8, 14), 0.5, 1.0, 0.01, 0.025);
    }
    return s;
}

LesionTexture randomTexture(DemoRng& rng, double size) {
    LesionTexture t;
    t.baseHu = rng.uniform(25.0, 60.0);
    t.heterogeneityHu = rng.uniform(5.0, 25.0);
    for (std::size_t i = 0; i < t.waves.size(); ++i) {
        const double frequency = rng.uniform(0.4, 1.2); // rad/mm; drawn first (sequenced)
        t.waves[i] = randomDirection(rng) * frequency;
        t.phases[i] = rng.uniform(0.0, 6.283185307179586);
    }
    t.rimEnhancement = rng.uniform() < 0.5;
    t.rimHu = rng.uniform(30.0, 70.0);
    t.necroticCore = size > 8.0 && rng.uniform() < 0.6;
    t.necroticHu = rng.uniform(0.0, 20.0);
    return t;
}

std::string describe(ShapeKind kind, const LesionTexture& t) {
    std::string text = kind == ShapeKind::Ellipsoid   ? "ellipsoid"
                       : kind == ShapeKind::Lobulated ? "lobulated"
                                                      : "spiculated";
    if (t.subsolid)
        text += ", subsolid";
    if (t.necroticCore)
        text += ", necrotic core";
    if (t.rimEnhancement)
        text += ", rim enhancement";
    return text;
}

std::string twoDigits(int v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d", v);
    return buf;
}

DemoDemographics randomDemographics(DemoRng& rng, int patientNumber) {
    static constexpr std::string_view kFamily[] = {
        "Lindqvist", "Moreau", "Tanaka", "Okafor",  "Novak",    "Garcia", "Rossi",
        "Kowalski",  "Haddad", "Nguyen", "Fischer", "Oliveira", "Murphy", "Jensen",
        "Petrov",    "Dubois", "Kimura", "Mensah",  "Larsen",   "Silva"};
    static constexpr std::string_view kFemale[] = {"Anna",  "Maria", "Yuki",  "Amara",  "Eva",
                                                   "Sofia", "Lena",  "Chloe", "Ingrid", "Lucia"};
    static constexpr std::string_view kMale[] = {"Erik",  "Louis", "Kenji", "Chidi", "Tomas",
                                                 "Pablo", "Marco", "Jan",   "Omar",  "Minh"};
    DemoDemographics d;
    char id[32];
    std::snprintf(id, sizeof id, "DEMO-%03d", patientNumber);
    d.patientId = id;
    const bool female = rng.uniform() < 0.5;
    d.patientSex = female ? "F" : "M";
    const auto& given = female ? kFemale : kMale;
    // Sequenced draws (see randomDirection): the last part of each value first.
    const std::uint64_t givenDraw = rng.next();
    const std::uint64_t familyDraw = rng.next();
    d.patientName = std::string(kFamily[familyDraw % std::size(kFamily)]) + "^" +
                    std::string(given[givenDraw % std::size(kFemale)]);
    const int birthYear = rng.integer(1940, 1985);
    const int birthDay = rng.integer(1, 28);
    const int birthMonth = rng.integer(1, 12);
    d.patientBirthDate = std::to_string(birthYear) + twoDigits(birthMonth) + twoDigits(birthDay);
    const int studyYear = rng.integer(2012, 2022);
    const int studyDay = rng.integer(1, 28);
    const int studyMonth = rng.integer(1, 12);
    d.studyDate = std::to_string(studyYear) + twoDigits(studyMonth) + twoDigits(studyDay);
    const int second = rng.integer(0, 59);
    const int minute = rng.integer(0, 59);
    const int hour = rng.integer(7, 17);
    d.studyTime = twoDigits(hour) + twoDigits(minute) + twoDigits(second);
    d.accessionNumber = "DA" + std::to_string(rng.integer(100000, 999999));
    return d;
}

Anatomy randomAnatomy(DemoRng& rng) {
    Anatomy an;
    const double scale = rng.uniform(0.92, 1.05);
    an.bodyA *= scale * rng.uniform(0.95, 1.05);
    an.bodyB *= scale * rng.uniform(0.95, 1.05);
    an.fat = rng.uniform(3.0, 8.0);
    an.lungX *= scale;
    an.lungA *= scale * rng.uniform(0.9, 1.1);
    an.lungB *= scale * rng.uniform(0.9, 1.1);
    an.lungC = rng.uniform(55.0, 75.0);
    an.heartX = rng.uniform(0.0, 6.0);
    an.spineR = rng.uniform(7.0, 9.0);
    an.discPeriod = rng.uniform(22.0, 27.0);
    an.discPhase = rng.uniform(0.0, an.discPeriod);
    return an;
}

Geometry randomGeometry(DemoRng& rng) {
    // Pixel spacing 0.90 .. 1.00 mm and slice spacing 2.0 / 2.5 / 3.0 mm:
    // values with few decimals, so the DS strings written are exact.
    const double pixel = 0.90 + 0.02 * rng.integer(0, 5);
    const double slice = 2.0 + 0.5 * rng.integer(0, 2);
    Geometry g;
    g.size = {kColumns, kRows, kSlices};
    g.spacing = Eigen::Vector3d(pixel, pixel, slice);
    g.origin =
        Eigen::Vector3d(-0.5 * static_cast<double>(kColumns - 1) * pixel,
                        -0.5 * static_cast<double>(kRows - 1) * pixel,
                        -0.5 * static_cast<double>(kSlices - 1) * slice + 5.0 * rng.integer(-4, 4));
    return g;
}

/// Picks a lesion centre in a lung or in the soft tissue, away from the
/// spine, inside the field of view.
Eigen::Vector3d randomCentre(DemoRng& rng, const Anatomy& an, const Geometry& g) {
    const double zMid = g.origin.z() + 0.5 * static_cast<double>(g.size[2] - 1) * g.spacing.z();
    Eigen::Vector3d u;
    do {
        const double z = rng.uniform(-1, 1); // sequenced draws (see randomDirection)
        const double y = rng.uniform(-1, 1);
        const double x = rng.uniform(-1, 1);
        u = Eigen::Vector3d(x, y, z);
    } while (u.squaredNorm() > 1.0);
    if (rng.uniform() < 0.65) {
        const double side = rng.uniform() < 0.5 ? -1.0 : 1.0;
        return {side * an.lungX + 0.55 * an.lungA * u.x(), an.lungY + 0.55 * an.lungB * u.y(),
                std::clamp(0.5 * an.lungC * u.z(), zMid - 25.0, zMid + 25.0)};
    }
    // Anterior soft tissue, in front of the heart.
    return {0.6 * (an.bodyA - an.fat) * u.x(), -(an.bodyB - an.fat) * (0.55 + 0.2 * u.y()),
            zMid + 25.0 * u.z()};
}

bool fitsInGrid(const Eigen::Vector3d& centre, double radius, const Geometry& g) {
    const Eigen::Vector3d lo = g.continuousIndex(centre - Eigen::Vector3d::Constant(radius));
    const Eigen::Vector3d hi = g.continuousIndex(centre + Eigen::Vector3d::Constant(radius));
    for (int a = 0; a < 3; ++a)
        if (lo[a] < 2.0 || hi[a] > static_cast<double>(g.size[a]) - 3.0)
            return false;
    return true;
}

/// Light in-plane [1 2 1] smoothing, standing in for the scanner's point
/// spread so that edges are not perfectly sharp.
void smoothInPlane(std::vector<float>& v, const Geometry& g) {
    const std::int64_t nx = g.size[0], ny = g.size[1], nz = g.size[2];
    std::vector<float> tmp(v.size());
    for (std::int64_t k = 0; k < nz; ++k)
        for (std::int64_t j = 0; j < ny; ++j)
            for (std::int64_t i = 0; i < nx; ++i) {
                const auto at = [&](std::int64_t ii) {
                    return v[g.linearIndex(std::clamp<std::int64_t>(ii, 0, nx - 1), j, k)];
                };
                tmp[g.linearIndex(i, j, k)] = 0.25f * at(i - 1) + 0.5f * at(i) + 0.25f * at(i + 1);
            }
    for (std::int64_t k = 0; k < nz; ++k)
        for (std::int64_t j = 0; j < ny; ++j)
            for (std::int64_t i = 0; i < nx; ++i) {
                const auto at = [&](std::int64_t jj) {
                    return tmp[g.linearIndex(i, std::clamp<std::int64_t>(jj, 0, ny - 1), k)];
                };
                v[g.linearIndex(i, j, k)] = 0.25f * at(j - 1) + 0.5f * at(j) + 0.25f * at(j + 1);
            }
}

} // namespace

DemoPatientPhantom makePatientPhantom(std::uint32_t seed, int patientNumber) {
    DemoRng rng(
        hashKey("rgw-demo-patient/" + std::to_string(seed) + "/" + std::to_string(patientNumber)));
    DemoPatientPhantom phantom;
    phantom.demographics = randomDemographics(rng, patientNumber);
    phantom.genotype = drawGenotype(seed, patientNumber);
    const Anatomy anatomy = randomAnatomy(rng);
    const Geometry g = randomGeometry(rng);

    Image<float> hu(g);
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i) {
                const Eigen::Vector3d p = g.physicalPoint(Eigen::Vector3d(
                    static_cast<double>(i), static_cast<double>(j), static_cast<double>(k)));
                hu.at(i, j, k) = static_cast<float>(anatomyHu(anatomy, p.x(), p.y(), p.z()));
            }

    // Lesions: 1-3, each a different shape family, never touching each other.
    static constexpr std::array<std::array<int, 3>, 3> kColours{
        {{255, 0, 0}, {0, 200, 255}, {255, 200, 0}}};
    const int lesionCount = rng.integer(1, 3);
    const int firstKind = rng.integer(0, 2);
    std::vector<LesionShape> placed;
    for (int l = 0; l < lesionCount; ++l) {
        const auto kind = static_cast<ShapeKind>((firstKind + l) % 3);
        LesionShape shape = randomShape(rng, kind);
        bool ok = false;
        for (int attempt = 0; attempt < 400 && !ok; ++attempt) {
            shape.centre = randomCentre(rng, anatomy, g);
            ok = fitsInGrid(shape.centre, shape.maxRadius(), g);
            for (const auto& other : placed)
                ok = ok && (shape.centre - other.centre).norm() >
                               shape.maxRadius() + other.maxRadius() + 2.0;
            if (!ok && attempt % 40 == 39)
                shape.semiAxes *= 0.9; // crowded: try a smaller lesion
        }
        if (!ok)
            continue;
        LesionTexture texture = randomTexture(rng, shape.semiAxes.mean());
        applyGenotype(texture, phantom.genotype);

        DemoLesion lesion;
        lesion.roiName = "GTV_Lesion" + std::to_string(placed.size() + 1);
        lesion.displayColor = kColours[placed.size()];
        lesion.description = describe(kind, texture);
        lesion.mask = Mask(g, 0);
        const double reach = shape.maxRadius();
        const Eigen::Vector3d lo =
            g.continuousIndex(shape.centre - Eigen::Vector3d::Constant(reach));
        const Eigen::Vector3d hi =
            g.continuousIndex(shape.centre + Eigen::Vector3d::Constant(reach));
        for (auto k = static_cast<std::int64_t>(std::floor(lo.z()));
             k <= static_cast<std::int64_t>(std::ceil(hi.z())); ++k)
            for (auto j = static_cast<std::int64_t>(std::floor(lo.y()));
                 j <= static_cast<std::int64_t>(std::ceil(hi.y())); ++j)
                for (auto i = static_cast<std::int64_t>(std::floor(lo.x()));
                     i <= static_cast<std::int64_t>(std::ceil(hi.x())); ++i) {
                    if (!g.contains(i, j, k))
                        continue;
                    const Eigen::Vector3d p = g.physicalPoint(Eigen::Vector3d(
                        static_cast<double>(i), static_cast<double>(j), static_cast<double>(k)));
                    const double t = shape.normalisedRadius(p);
                    if (t <= 1.0) {
                        lesion.mask.at(i, j, k) = 1;
                        hu.at(i, j, k) = static_cast<float>(texture.hu(p - shape.centre, t));
                    }
                }
        placed.push_back(shape);
        phantom.lesions.push_back(std::move(lesion));
    }

    smoothInPlane(hu.voxels, g);
    const double noiseHu = rng.uniform(8.0, 14.0);
    phantom.ctHu = Image<std::int16_t>(g);
    for (std::size_t n = 0; n < hu.voxels.size(); ++n) {
        const double value = std::round(hu.voxels[n] + noiseHu * rng.normal());
        phantom.ctHu.voxels[n] = static_cast<std::int16_t>(std::clamp(value, -1024.0, 3071.0));
    }
    return phantom;
}

} // namespace rgw::demo
