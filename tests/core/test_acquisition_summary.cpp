// The acquisition summary of the methods section (io/dicom/AcquisitionSummary.h):
// counts and ranges per modality from synthetic header values (what the
// report states must follow from them by hand), and the header reader on
// DICOM files written with DicomSynth (CT with and without contrast, a PET
// series that converts to SUVbw and one that does not).
#include "DicomSynth.h"
#include "TestData.h"
#include "io/dicom/AcquisitionSummary.h"
#include "io/dicom/ObjectOrigin.h"
#include "util/Error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <gtest/gtest.h>

using namespace rgw;
using rgw::dicom::AcquisitionHeader;

namespace {

AcquisitionHeader ct(const std::string& maker, const std::string& model, double kvp,
                     double thickness, double spacing, const std::string& kernel, bool contrast) {
    AcquisitionHeader h;
    h.modality = "CT";
    h.manufacturer = maker;
    h.model = model;
    h.kvp = kvp;
    h.sliceThickness = thickness;
    h.pixelSpacingRow = spacing;
    h.pixelSpacingColumn = spacing;
    h.convolutionKernel = kernel;
    h.contrastAgent = contrast;
    return h;
}

TEST(AcquisitionSummary, CountsAndRangesPerModality) {
    std::vector<AcquisitionHeader> headers{
        ct("SIEMENS", "SOMATOM", 120, 1.0, 0.7, "B30f", true),
        ct("SIEMENS", "SOMATOM", 100, 5.0, 0.9, "B30f", false),
        ct("GE", "LightSpeed", 140, 2.5, 0.8, "", false),
    };
    AcquisitionHeader unknown; // a CT with nothing recorded: counted, never zero
    unknown.modality = "CT";
    headers.push_back(unknown);
    AcquisitionHeader pet;
    pet.modality = "PT";
    pet.petUnits = "BQML";
    pet.decayCorrection = "START";
    pet.suvConvertible = true;
    pet.suvNote = "SUVbw from Units BQML, Decay Correction START";
    headers.push_back(pet);
    pet.petUnits = "CNTS";
    pet.suvConvertible = false;
    pet.suvNote = "Units (0054,1001) CNTS cannot be converted to SUV";
    headers.push_back(pet);

    const auto summary = dicom::summariseAcquisition(headers);
    ASSERT_EQ(summary.size(), 2u);
    const auto& c = summary[0];
    EXPECT_EQ(c.modality, "CT");
    EXPECT_EQ(c.series, 4u);
    EXPECT_EQ(c.scanners.at("SIEMENS SOMATOM"), 2u);
    EXPECT_EQ(c.scanners.at("GE LightSpeed"), 1u);
    EXPECT_EQ(c.scanners.at("not recorded"), 1u);
    ASSERT_TRUE(c.kvp);
    EXPECT_EQ(c.kvp->series, 3u); // the empty header is not a value of 0
    EXPECT_EQ(c.kvp->min, 100);
    EXPECT_EQ(c.kvp->median, 120);
    EXPECT_EQ(c.kvp->max, 140);
    EXPECT_EQ(c.sliceThickness->median, 2.5);
    EXPECT_DOUBLE_EQ(c.pixelSpacing->median, 0.8);
    EXPECT_EQ(c.kernels.at("B30f"), 2u);
    EXPECT_EQ(c.withoutKernel, 2u);
    EXPECT_EQ(c.withContrast, 1u);
    EXPECT_EQ(c.withoutContrast, 3u);
    EXPECT_EQ(dicom::rangeText(*c.kvp), "100–140 (median 120)");

    const auto& p = summary[1];
    EXPECT_EQ(p.modality, "PT");
    EXPECT_EQ(p.series, 2u);
    EXPECT_EQ(p.suvConvertible, 1u);
    EXPECT_EQ(p.petUnits.at("BQML"), 1u);
    EXPECT_EQ(p.petUnits.at("CNTS"), 1u);
    EXPECT_EQ(p.decayCorrections.at("START"), 2u);
    EXPECT_FALSE(p.kvp);
}

TEST(AcquisitionSummary, ReadsHeadersOfStoredFiles) {
    test::TempDir dir;
    test::SliceSpec s;
    s.studyUid = test::newUid();
    s.seriesUid = test::newUid();
    s.words.assign(static_cast<std::size_t>(s.rows * s.columns), 100);
    auto ctFile = test::makeSlice(s);
    DcmDataset& d = *ctFile->getDataset();
    d.putAndInsertString(DCM_Manufacturer, "SIEMENS");
    d.putAndInsertString(DCM_ManufacturerModelName, "SOMATOM Force");
    d.putAndInsertString(DCM_KVP, "110");
    d.putAndInsertString(DCM_ConvolutionKernel, "Br40\\3");
    d.putAndInsertString(DCM_ContrastBolusAgent, "Iomeprol");
    test::save(*ctFile, dir.path() / "ct.dcm");
    const AcquisitionHeader h = dicom::readAcquisitionHeader(dir.path() / "ct.dcm");
    EXPECT_EQ(h.modality, "CT");
    EXPECT_EQ(h.manufacturer, "SIEMENS");
    EXPECT_EQ(h.model, "SOMATOM Force");
    EXPECT_EQ(h.kvp, 110);
    EXPECT_EQ(h.sliceThickness, 2.5);
    EXPECT_EQ(h.pixelSpacingRow, 0.7);
    EXPECT_EQ(h.pixelSpacingColumn, 0.8);
    EXPECT_EQ(h.convolutionKernel, "Br40\\3");
    EXPECT_TRUE(h.contrastAgent);
    EXPECT_EQ(h.contrastAgentName, "Iomeprol");

    test::SliceSpec pet = s;
    pet.sopClassUid = UID_PositronEmissionTomographyImageStorage;
    pet.modality = "PT";
    pet.seriesUid = test::newUid();
    auto petFile = test::makeSlice(pet);
    test::putPetSuvInputs(*petFile->getDataset());
    test::save(*petFile, dir.path() / "pet.dcm");
    const AcquisitionHeader p = dicom::readAcquisitionHeader(dir.path() / "pet.dcm");
    EXPECT_EQ(p.petUnits, "BQML");
    EXPECT_EQ(p.decayCorrection, "START");
    EXPECT_TRUE(p.suvConvertible) << p.suvNote;
    EXPECT_FALSE(p.contrastAgent);

    auto noWeight = test::makeSlice(pet);
    test::putPetSuvInputs(*noWeight->getDataset(), false);
    test::save(*noWeight, dir.path() / "pet-no-weight.dcm");
    const AcquisitionHeader w = dicom::readAcquisitionHeader(dir.path() / "pet-no-weight.dcm");
    EXPECT_FALSE(w.suvConvertible);
    EXPECT_NE(w.suvNote.find("Patient's Weight"), std::string::npos) << w.suvNote;

    EXPECT_THROW(dicom::readAcquisitionHeader(dir.path() / "gone.dcm"), Error);

    // The origin of an imported object: tool, author and date from its header.
    d.putAndInsertString(DCM_SoftwareVersions, "VA40\\2.1");
    d.putAndInsertString(DCM_OperatorsName, "Reader^One");
    d.putAndInsertString(DCM_ContentDate, "20240105");
    test::save(*ctFile, dir.path() / "origin.dcm");
    const dicom::ObjectOrigin o = dicom::readObjectOrigin(dir.path() / "origin.dcm");
    EXPECT_EQ(o.tool, "SIEMENS SOMATOM Force (software VA40\\2.1)");
    EXPECT_EQ(o.author, "Reader^One");
    EXPECT_EQ(o.date, "20240105");
    EXPECT_THROW(dicom::readObjectOrigin(dir.path() / "gone.dcm"), Error);
}

} // namespace
