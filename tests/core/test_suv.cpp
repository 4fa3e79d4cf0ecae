// PET SUVbw: the conversion rules against hand-evaluated formulas, DICOM
// date/time parsing, a synthetic BQML PET series end to end, and the STS PET
// (Units GML) kept as SUV.

#include "DicomSynth.h"
#include "TestData.h"
#include "io/dicom/DicomScanner.h"
#include "io/dicom/SeriesLoader.h"
#include "io/dicom/detail/DateTime.h"
#include "io/dicom/detail/Suv.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace rgw;
using namespace rgw::test;
using namespace rgw::dicom::detail;
namespace fs = std::filesystem;

TEST(DicomDateTime, ParsesDaTmDt) {
    EXPECT_EQ(parseDate("19700101"), 0);
    EXPECT_EQ(parseDate("20240102"), 19724); // days from 1970-01-01 to 2024-01-02
    EXPECT_EQ(parseDate("2024.01.02"), 19724);
    EXPECT_FALSE(parseDate("2024011"));
    EXPECT_DOUBLE_EQ(*parseTime("103500.25"), 10 * 3600 + 35 * 60 + 0.25);
    EXPECT_DOUBLE_EQ(*parseTime("10:35:00"), 10 * 3600 + 35 * 60);
    EXPECT_DOUBLE_EQ(*parseTime("1035"), 10 * 3600 + 35 * 60);
    EXPECT_FALSE(parseTime("25"));
    EXPECT_FALSE(parseTime("abc"));
    EXPECT_DOUBLE_EQ(*parseDateTime("20240102103500.5+0100"), 19724 * 86400.0 + 38100.5);
    EXPECT_DOUBLE_EQ(*combineDateTime("20240102", "103500.5"), 19724 * 86400.0 + 38100.5);
}

namespace {

PetSuvInputs bqml() {
    PetSuvInputs in;
    in.units = "BQML";
    in.decayCorrection = "START";
    in.patientWeightKg = 72.5;
    in.radionuclideTotalDoseBq = 370e6;
    in.radionuclideHalfLifeS = 6586.2;
    in.injectionTime = *parseDateTime("20240102093000");
    in.injectionDateKnown = true;
    in.seriesTime = *combineDateTime("20240102", "104530");
    in.seriesDateKnown = true;
    return in;
}

} // namespace

TEST(Suv, BqmlDecayCorrectedToSeriesStart) {
    // SUVbw = C x W[g] / (D x 2^(-dt / T1/2)), dt = 10:45:30 - 09:30:00 = 4530 s.
    const double expected = 72500.0 / (370e6 * std::pow(0.5, 4530.0 / 6586.2));
    const auto c = suvConversion(bqml());
    EXPECT_EQ(c.unit, IntensityUnit::SuvBodyWeight);
    EXPECT_NEAR(c.factor, expected, 1e-15);
    EXPECT_NEAR(c.factor, 3.1563506575e-4, 1e-13); // same formula evaluated independently
}

TEST(Suv, AdminDecayCorrectionUsesTheInjectedDose) {
    auto in = bqml();
    in.decayCorrection = "ADMIN";
    EXPECT_NEAR(suvConversion(in).factor, 72500.0 / 370e6, 1e-15);
}

TEST(Suv, NoDecayCorrectionUsesAcquisitionTime) {
    auto in = bqml();
    in.decayCorrection = "NONE";
    in.acquisitionTime = *combineDateTime("20240102", "100000"); // 1800 s after injection
    in.acquisitionDateKnown = true;
    EXPECT_NEAR(suvConversion(in).factor, 72500.0 / (370e6 * std::pow(0.5, 1800.0 / 6586.2)),
                1e-15);
}

TEST(Suv, TimesOfDayOnlyCrossMidnight) {
    auto in = bqml();
    in.injectionTime = *parseTime("235000");
    in.injectionDateKnown = false;
    in.seriesTime = *parseTime("002000"); // next day: 30 min later
    in.seriesDateKnown = false;
    EXPECT_NEAR(suvConversion(in).factor, 2.3681401099e-4, 1e-13);
}

TEST(Suv, GmlIsAlreadySuvAndOthersStayRawWithTheReason) {
    PetSuvInputs gml;
    gml.units = "GML";
    EXPECT_EQ(suvConversion(gml).unit, IntensityUnit::SuvBodyWeight);
    EXPECT_EQ(suvConversion(gml).factor, 1.0);

    PetSuvInputs cnts = bqml();
    cnts.units = "CNTS";
    const auto c = suvConversion(cnts);
    EXPECT_EQ(c.unit, IntensityUnit::RawPetActivity);
    EXPECT_NE(c.note.find("CNTS"), std::string::npos) << c.note;

    auto noWeight = bqml();
    noWeight.patientWeightKg.reset();
    EXPECT_EQ(suvConversion(noWeight).unit, IntensityUnit::RawPetActivity);
    EXPECT_NE(suvConversion(noWeight).note.find("Patient's Weight (0010,1030)"), std::string::npos);

    auto noHalfLife = bqml();
    noHalfLife.radionuclideHalfLifeS.reset();
    EXPECT_NE(suvConversion(noHalfLife).note.find("Radionuclide Half Life (0018,1075)"),
              std::string::npos);

    auto noUnits = bqml();
    noUnits.units.clear();
    EXPECT_NE(suvConversion(noUnits).note.find("Units (0054,1001)"), std::string::npos);
}

namespace {

// A 2-slice BQML PET series with the PET Isotope/Image module attributes.
std::vector<fs::path> writePet(const fs::path& folder, bool withWeight) {
    std::vector<fs::path> files;
    const std::string study = newUid(), series = newUid();
    for (int k = 0; k < 2; ++k) {
        SliceSpec s;
        s.sopClassUid = UID_PositronEmissionTomographyImageStorage;
        s.modality = "PT";
        s.studyUid = study;
        s.seriesUid = series;
        s.instanceNumber = k + 1;
        s.position = {0, 0, 3.0 * k};
        s.slope = 0.5 + k; // Bq/ml per stored unit, per instance
        s.words.assign(static_cast<std::size_t>(s.rows * s.columns), 0);
        for (std::size_t p = 0; p < s.words.size(); ++p)
            s.words[p] = static_cast<std::uint16_t>(1000 + 10 * p);
        auto ff = makeSlice(s);
        DcmDataset& d = *ff->getDataset();
        rgw::test::putPetSuvInputs(d, withWeight);
        files.push_back(folder / ("pt" + std::to_string(k) + ".dcm"));
        save(*ff, files.back());
    }
    return files;
}

} // namespace

TEST(Suv, SyntheticBqmlPetSeriesLoadsAsSuvbw) {
    TempDir dir;
    const auto loaded = dicom::loadSeries(writePet(dir.path(), true));
    EXPECT_EQ(loaded.volume.unit, IntensityUnit::SuvBodyWeight) << loaded.volume.unitNote;
    const double factor = 72500.0 / (370e6 * std::pow(0.5, 4530.0 / 6586.2));
    for (int k = 0; k < 2; ++k)
        for (int p : {0, 5, 47}) {
            const double bqml = (1000 + 10 * p) * (0.5 + k);
            EXPECT_NEAR(loaded.volume.voxels[static_cast<std::size_t>(k * 48 + p)], bqml * factor,
                        1e-5 * bqml * factor);
        }

    const auto raw = dicom::loadSeries(writePet(dir.path() / "noweight", false));
    EXPECT_EQ(raw.volume.unit, IntensityUnit::RawPetActivity);
    EXPECT_NE(raw.volume.unitNote.find("Patient's Weight (0010,1030)"), std::string::npos)
        << raw.volume.unitNote;
    EXPECT_FLOAT_EQ(raw.volume.voxels[47], (1000 + 470) * 0.5f); // Bq/ml kept
}

TEST(Suv, StsPetIsAlreadySuv) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path folder =
        ibsiDataSets() / "ibsi_validation" / "dicom" / "STS_001" / "PET" / "image";
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(folder))
        files.push_back(e.path());
    const auto loaded = dicom::loadSeries(files);
    // dcmdump: Units (0054,1001) = GML, so rescaled values are SUVbw as stored.
    EXPECT_EQ(loaded.volume.unit, IntensityUnit::SuvBodyWeight);
    EXPECT_NE(loaded.volume.unitNote.find("GML"), std::string::npos);
}
