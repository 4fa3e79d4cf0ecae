// deriveHabitats (storage/HabitatDerivation.h), the path shared by `rgw-cli
// habitats` and the segment editor's Habitats dialog: on a synthetic
// two-compartment lesion (known inner and outer intensities on an imported
// CT, with a second co-registered series of the same patient) k = 2 stores
// two segmentations derived from the lesion that recover the compartments
// (Dice >= 0.95), the same seed gives identical masks, and bad inputs (an
// unknown segmentation, a series of another patient, a cancelled run) throw
// with nothing written.
#include "../core/DicomSynth.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "DerivedSegmentations.h"
#include "ExtractionInputs.h"
#include "HabitatDerivation.h"
#include "ImportService.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "TestData.h"
#include "util/Error.h"

#include <gtest/gtest.h>

namespace fs = std::filesystem;
using namespace rgw;
using namespace rgw::storage;

namespace {

Geometry grid() {
    Geometry g;
    g.size = {24, 22, 12};
    g.spacing = {1.0, 1.0, 2.0};
    g.origin = {-10.0, -12.0, 30.0};
    return g;
}

/// 0 background, 1 outer shell, 2 inner core of the lesion at voxel (i, j, k).
int compartment(std::int64_t i, std::int64_t j, std::int64_t k) {
    const double x = double(i) - 12, y = double(j) - 11, z = 2.0 * (double(k) - 6);
    const double r = std::sqrt(x * x + y * y + z * z);
    return r <= 4.0 ? 2 : r <= 8.0 ? 1 : 0;
}

/// A series on grid() with `values` per compartment plus a small fixed
/// ripple (so the clusters are not single points), of patient `patientId`.
std::string writeSeries(const fs::path& folder, const std::array<int, 3>& values,
                        const std::string& patientId, const std::string& studyUid) {
    const Geometry g = grid();
    const std::string seriesUid = test::newUid();
    for (std::int64_t k = 0; k < g.size[2]; ++k) {
        test::SliceSpec s;
        s.studyUid = studyUid;
        s.seriesUid = seriesUid;
        s.instanceNumber = static_cast<int>(k + 1);
        test::placeOnGrid(s, g, k);
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                s.words.push_back(static_cast<std::uint16_t>(
                    values[static_cast<std::size_t>(compartment(i, j, k))] +
                    (i * 7 + j * 3 + k) % 9));
        auto ff = test::makeSlice(s);
        ff->getDataset()->putAndInsertString(DCM_PatientID, patientId.c_str());
        test::save(*ff, folder / ("s" + std::to_string(k) + ".dcm"));
    }
    return seriesUid;
}

double dice(const Mask& a, const Mask& b) {
    std::size_t both = 0, na = 0, nb = 0;
    for (std::size_t v = 0; v < a.voxels.size(); ++v) {
        na += a.voxels[v] != 0;
        nb += b.voxels[v] != 0;
        both += a.voxels[v] != 0 && b.voxels[v] != 0;
    }
    return na + nb == 0 ? 1.0 : 2.0 * static_cast<double>(both) / static_cast<double>(na + nb);
}

std::int64_t count(Database& db, const std::string& sql) {
    Statement s(db, sql);
    EXPECT_TRUE(s.step());
    return s.int64(0);
}

struct HabitatDerivation : ::testing::Test {
    test::TempDir dir;
    std::unique_ptr<Database> db;
    std::string ct, pet, otherPatient;
    Mask lesion, shell, core;
    Id lesionId = 0;

    void SetUp() override {
        const std::string study = test::newUid();
        ct = writeSeries(dir.path() / "dicom" / "ct", {0, 60, 220}, "SYNTH01", study);
        pet = writeSeries(dir.path() / "dicom" / "pet", {5, 120, 30}, "SYNTH01", study);
        otherPatient =
            writeSeries(dir.path() / "dicom" / "other", {0, 60, 220}, "SYNTH02", test::newUid());
        db = std::make_unique<Database>(dir.path() / "cohort.rgwdb");
        const ImportReport report = importPaths(*db, {dir.path() / "dicom"});
        ASSERT_EQ(report.series, 3u);
        const Geometry g = loadSeriesVolume(*db, ct).volume.geometry;
        lesion = Mask(g, 0);
        shell = Mask(g, 0);
        core = Mask(g, 0);
        for (std::int64_t k = 0; k < g.size[2]; ++k)
            for (std::int64_t j = 0; j < g.size[1]; ++j)
                for (std::int64_t i = 0; i < g.size[0]; ++i) {
                    const int c = compartment(i, j, k);
                    lesion.at(i, j, k) = c != 0;
                    shell.at(i, j, k) = c == 1;
                    core.at(i, j, k) = c == 2;
                }
        const Id patient = PatientRepository(*db).find("SYNTH01")->id;
        NewSegmentation s{patient, ct, "Lesion", 0, {250, 20, 30}, SegmentationSource::Manual,
                          "",      "", &lesion};
        lesionId = SegmentationRepository(*db).add(s, "tester");
    }

    std::int64_t rows() {
        return count(*db, "SELECT COUNT(*) FROM segmentations") +
               count(*db, "SELECT COUNT(*) FROM derivation_runs") +
               count(*db, "SELECT COUNT(*) FROM segmentation_derivations");
    }
};

segmentation::HabitatOptions twoHabitats(std::uint64_t seed) {
    segmentation::HabitatOptions o;
    o.k = 2;
    o.seed = seed;
    return o;
}

} // namespace

TEST_F(HabitatDerivation, TwoCompartmentsAreStoredAsTwoDerivedSegmentations) {
    for (const auto& series : {std::vector<std::string>{ct}, std::vector<std::string>{ct, pet}}) {
        SCOPED_TRACE(series.size());
        const auto before = SegmentationRepository(*db).listAll().size();
        std::vector<std::string> progressed;
        const HabitatDerivationResult r = deriveHabitats(
            *db, lesionId, series, twoHabitats(11), std::nullopt, "tester",
            [&](std::size_t, std::size_t, const std::string& what) { progressed.push_back(what); });
        EXPECT_FALSE(progressed.empty());
        EXPECT_EQ(r.habitats.provenance.k, 2);
        EXPECT_EQ(r.habitats.provenance.criterion, "given");
        ASSERT_EQ(r.saved.segmentationIds.size(), 2u);
        EXPECT_FALSE(r.ringId);
        EXPECT_EQ(SegmentationRepository(*db).listAll().size(), before + 2);
        for (std::size_t i = 0; i < 2; ++i) {
            const auto d = findDerivation(*db, r.saved.segmentationIds[i]);
            ASSERT_TRUE(d);
            EXPECT_EQ(d->run.parentId, lesionId);
            EXPECT_EQ(d->run.tool, DerivationTool::Habitat);
            EXPECT_EQ(d->label, static_cast<int>(i) + 1);
            EXPECT_EQ(d->segmentation.referencedSeriesInstanceUid, ct);
        }
        // Habitat 1 is the lower-intensity one of the first series: the shell.
        const Mask h1 = loadSegmentationMask(*db, r.saved.segmentationIds[0]);
        const Mask h2 = loadSegmentationMask(*db, r.saved.segmentationIds[1]);
        EXPECT_GE(dice(h1, shell), 0.95);
        EXPECT_GE(dice(h2, core), 0.95);
        EXPECT_EQ(h1.voxels, r.habitats.habitats[0].mask.voxels);
        EXPECT_EQ(h2.voxels, r.habitats.habitats[1].mask.voxels);
    }
}

TEST_F(HabitatDerivation, TheSameSeedGivesIdenticalMasksAndTheRingIsStoredLast) {
    segmentation::RingOptions ring;
    ring.widthMm = 2.0;
    const auto a = deriveHabitats(*db, lesionId, {ct, pet}, twoHabitats(5), ring, "tester");
    const auto b = deriveHabitats(*db, lesionId, {ct, pet}, twoHabitats(5), std::nullopt, "tester");
    ASSERT_EQ(a.saved.segmentationIds.size(), 2u);
    ASSERT_EQ(b.saved.segmentationIds.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i)
        EXPECT_EQ(loadSegmentationMask(*db, a.saved.segmentationIds[i]).voxels,
                  loadSegmentationMask(*db, b.saved.segmentationIds[i]).voxels);
    ASSERT_TRUE(a.ringId);
    const auto d = findDerivation(*db, *a.ringId);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->run.tool, DerivationTool::PeritumouralRing);
    EXPECT_EQ(d->run.parentId, lesionId);
    const Mask ringMask = loadSegmentationMask(*db, *a.ringId);
    std::size_t inside = 0, voxels = 0;
    for (std::size_t v = 0; v < ringMask.voxels.size(); ++v) {
        voxels += ringMask.voxels[v] != 0;
        inside += ringMask.voxels[v] != 0 && lesion.voxels[v] != 0;
    }
    EXPECT_GT(voxels, 0u);
    EXPECT_EQ(inside, 0u);
    EXPECT_EQ(listDerived(*db, lesionId).size(), 5u);
}

TEST_F(HabitatDerivation, BadInputsThrowWithNothingWritten) {
    const std::int64_t before = rows();
    EXPECT_THROW(deriveHabitats(*db, 99999, {ct}, twoHabitats(1), std::nullopt, "tester"),
                 InputNotFound);
    EXPECT_THROW(
        deriveHabitats(*db, lesionId, {ct, "1.2.3.999"}, twoHabitats(1), std::nullopt, "tester"),
        InputNotFound);
    try {
        deriveHabitats(*db, lesionId, {ct, otherPatient}, twoHabitats(1), std::nullopt, "tester");
        ADD_FAILURE() << "a series of another patient was accepted";
    } catch (const InputNotFound&) {
        ADD_FAILURE() << "another patient's series is not a missing input";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(otherPatient), std::string::npos) << e.what();
    }
    EXPECT_THROW(deriveHabitats(*db, lesionId, {pet, ct}, twoHabitats(1), std::nullopt, "tester"),
                 Error); // the first series must be the segmentation's
    EXPECT_THROW(deriveHabitats(*db, lesionId, {}, twoHabitats(1), std::nullopt, "tester"), Error);
    segmentation::HabitatOptions tooMany = twoHabitats(1);
    tooMany.k = 0;
    tooMany.kMin = 1; // k-means needs k >= 2 to choose
    EXPECT_THROW(deriveHabitats(*db, lesionId, {ct}, tooMany, std::nullopt, "tester"), Error);
    segmentation::RingOptions badRing;
    badRing.widthMm = -1;
    EXPECT_THROW(deriveHabitats(*db, lesionId, {ct}, twoHabitats(1), badRing, "tester"), Error);
    CancelToken cancel;
    cancel.cancel();
    EXPECT_THROW(
        deriveHabitats(*db, lesionId, {ct}, twoHabitats(1), std::nullopt, "tester", {}, &cancel),
        Error);
    EXPECT_EQ(rows(), before);
    EXPECT_TRUE(listDerived(*db, lesionId).empty());
}
