// DICOM Parametric Map export of feature maps: maps on a synthetic oblique CT
// series are written with writeParametricMap(s) and read back with plain
// dcmdata (not our reader): Float Pixel Data bitwise equal to the map (NaN
// kept), per-frame positions equal to the source slices' Image Position
// (Patient), Frame of Reference and referenced instances those of the source;
// dicom3tools' dciodvfy validates the object against PS3.3 A.75.
#include "ExportTestSupport.h"
#include "TestData.h"
#include "io/dicom/ParametricMapWriter.h"
#include "io/dicom/ReferencedSeries.h"
#include "radiomics/ParameterSet.h"
#include "util/Error.h"

#include <Eigen/Geometry>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <gtest/gtest.h>
#include <limits>
#include <map>
#include <set>

namespace {

namespace fs = std::filesystem;
using rgw::Geometry;
using rgw::Volume;
using rgw::test::SynthSeries;
using rgw::test::writeSeries;

Geometry obliqueGrid() {
    Geometry g;
    g.size = {7, 5, 6};
    g.spacing = {0.6, 1.3, 3.0};
    g.origin = {-12.5, 40.25, 101.0};
    g.direction =
        Eigen::AngleAxisd(0.4, Eigen::Vector3d(0.3, -0.2, 1.0).normalized()).toRotationMatrix();
    return g;
}

/// Values of every kind a map holds: negative, zero, tiny, large and NaN.
Volume mapValues(const Geometry& g) {
    Volume v(g, 0.0f);
    for (std::size_t n = 0; n < v.voxels.size(); ++n) {
        const float x = static_cast<float>(n);
        v.voxels[n] = n % 7 == 3   ? std::numeric_limits<float>::quiet_NaN()
                      : n % 5 == 0 ? 0.0f
                                   : (n % 2 ? -1.0f : 1.0f) * (x * 0.37f + 1e-7f) * x;
    }
    return v;
}

bool dciodvfyAvailable() {
    return std::system("command -v dciodvfy > /dev/null 2>&1") == 0;
}

OFString stringOf(DcmItem& item, const DcmTagKey& tag) {
    OFString value;
    item.findAndGetOFStringArray(tag, value);
    return value;
}

/// Image Position (Patient) of every source file, by SOP Instance UID.
std::map<std::string, std::vector<double>> sourcePositions(const SynthSeries& series,
                                                           std::string& frameOfReference) {
    std::map<std::string, std::vector<double>> positions;
    for (const fs::path& file : series.files) {
        DcmFileFormat ff;
        EXPECT_TRUE(ff.loadFile(file.string().c_str()).good()) << file;
        DcmDataset& ds = *ff.getDataset();
        std::vector<double>& p = positions[stringOf(ds, DCM_SOPInstanceUID).c_str()];
        for (unsigned long i = 0; i < 3; ++i) {
            Float64 v = 0;
            EXPECT_TRUE(ds.findAndGetFloat64(DCM_ImagePositionPatient, v, i).good());
            p.push_back(v);
        }
        frameOfReference = stringOf(ds, DCM_FrameOfReferenceUID).c_str();
    }
    return positions;
}

class ParametricMapWriter : public ::testing::Test {
protected:
    rgw::test::TempDir tmp;
    Geometry g = obliqueGrid();
    SynthSeries series;
    rgw::dicom::ReferencedSeries referenced;

    void SetUp() override {
        fs::create_directories(tmp.path() / "ct");
        series = writeSeries(tmp.path() / "ct", g);
        referenced = rgw::dicom::readReferencedSeries(series.files, g);
    }
};

TEST_F(ParametricMapWriter, ValuesPositionsAndReferencesReadBackWithDcmdata) {
    const Volume values = mapValues(g);
    rgw::dicom::ParametricMapToWrite map;
    map.values = &values;
    map.quantity = {"TU9B", "IBSI", "Joint entropy"};
    map.aggregation = rgw::dicom::CodedConcept{"IAZD", "IBSI", "3D, merged"};
    map.kernelRadius = 1;
    map.unit = {"1", "no units"};
    const fs::path file = tmp.path() / "out" / "joint_entropy.dcm";
    const std::string seriesUid = "1.2.826.0.1.3680043.2.1125.77.1";
    const auto written = rgw::dicom::writeParametricMap(file, referenced, map, seriesUid, 1);
    EXPECT_EQ(written.seriesInstanceUid, seriesUid);

    DcmFileFormat ff;
    ASSERT_TRUE(ff.loadFile(file.string().c_str()).good());
    DcmDataset& ds = *ff.getDataset();
    EXPECT_EQ(stringOf(ds, DCM_SOPClassUID), "1.2.840.10008.5.1.4.1.1.30");
    EXPECT_EQ(stringOf(ds, DCM_SOPInstanceUID).c_str(), written.sopInstanceUid);
    EXPECT_EQ(stringOf(ds, DCM_StudyInstanceUID).c_str(), series.studyUid);
    EXPECT_EQ(stringOf(ds, DCM_PatientID), "SYNTH01");
    EXPECT_EQ(stringOf(ds, DCM_Modality), "CT");
    EXPECT_NE(stringOf(ds, DCM_SeriesInstanceUID).c_str(), series.seriesUid);
    Uint16 rows = 0, columns = 0;
    ds.findAndGetUint16(DCM_Rows, rows);
    ds.findAndGetUint16(DCM_Columns, columns);
    EXPECT_EQ(rows, g.size[1]);
    EXPECT_EQ(columns, g.size[0]);

    // Float Pixel Data: every voxel's bits, NaN where the map has NaN.
    const Float32* pixels = nullptr;
    unsigned long count = 0;
    ASSERT_TRUE(ds.findAndGetFloat32Array(DCM_FloatPixelData, pixels, &count).good());
    ASSERT_EQ(count, values.voxels.size());
    std::size_t nan = 0, equal = 0;
    for (std::size_t n = 0; n < count; ++n) {
        equal += std::memcmp(&pixels[n], &values.voxels[n], sizeof(float)) == 0;
        nan += std::isnan(pixels[n]) && std::isnan(values.voxels[n]);
    }
    EXPECT_EQ(equal, values.voxels.size());
    EXPECT_GT(nan, 0u);
    std::printf("Float Pixel Data: %zu of %zu voxels bitwise equal, %zu NaN kept\n", equal,
                values.voxels.size(), nan);

    // Per frame: Image Position (Patient) of the source slice the frame lies on.
    std::string sourceFrameOfReference;
    const auto positions = sourcePositions(series, sourceFrameOfReference);
    EXPECT_EQ(stringOf(ds, DCM_FrameOfReferenceUID).c_str(), sourceFrameOfReference);
    DcmSequenceOfItems* perFrame = nullptr;
    ASSERT_TRUE(ds.findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrame).good());
    ASSERT_EQ(perFrame->card(), static_cast<unsigned long>(g.size[2]));
    for (unsigned long f = 0; f < perFrame->card(); ++f) {
        DcmItem* position = nullptr;
        ASSERT_TRUE(perFrame->getItem(f)
                        ->findAndGetSequenceItem(DCM_PlanePositionSequence, position, 0)
                        .good());
        const std::vector<double>& source = positions.at(series.sopUids[f]);
        for (unsigned long i = 0; i < 3; ++i) {
            Float64 v = 0;
            ASSERT_TRUE(position->findAndGetFloat64(DCM_ImagePositionPatient, v, i).good());
            EXPECT_NEAR(v, source[i], 1e-6) << "frame " << f + 1 << " coordinate " << i;
        }
        // Derivation Image > Source Image: the kernel's slices f-1 .. f+1.
        DcmItem* derivation = nullptr;
        ASSERT_TRUE(perFrame->getItem(f)
                        ->findAndGetSequenceItem(DCM_DerivationImageSequence, derivation, 0)
                        .good());
        DcmSequenceOfItems* sources = nullptr;
        ASSERT_TRUE(derivation->findAndGetSequence(DCM_SourceImageSequence, sources).good());
        std::set<std::string> expected, found;
        for (unsigned long k = f == 0 ? 0 : f - 1;
             k <= std::min<unsigned long>(f + 1, perFrame->card() - 1); ++k)
            expected.insert(series.sopUids[k]);
        for (unsigned long s = 0; s < sources->card(); ++s)
            found.insert(stringOf(*sources->getItem(s), DCM_ReferencedSOPInstanceUID).c_str());
        EXPECT_EQ(found, expected) << "frame " << f + 1;
    }

    // Referenced Series Sequence: every source instance, each resolving to a file.
    DcmItem* refSeries = nullptr;
    ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_ReferencedSeriesSequence, refSeries, 0).good());
    EXPECT_EQ(stringOf(*refSeries, DCM_SeriesInstanceUID).c_str(), series.seriesUid);
    DcmSequenceOfItems* instances = nullptr;
    ASSERT_TRUE(refSeries->findAndGetSequence(DCM_ReferencedInstanceSequence, instances).good());
    std::set<std::string> referencedUids;
    for (unsigned long i = 0; i < instances->card(); ++i)
        referencedUids.insert(
            stringOf(*instances->getItem(i), DCM_ReferencedSOPInstanceUID).c_str());
    EXPECT_EQ(referencedUids, std::set<std::string>(series.sopUids.begin(), series.sopUids.end()));
    for (const std::string& uid : referencedUids)
        EXPECT_TRUE(positions.count(uid)) << uid << " is not a source file";

    // Real World Value Mapping names the feature and its unit.
    DcmItem* shared = nullptr;
    ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0).good());
    DcmItem* rwvm = nullptr;
    ASSERT_TRUE(shared->findAndGetSequenceItem(DCM_RealWorldValueMappingSequence, rwvm, 0).good());
    EXPECT_EQ(stringOf(*rwvm, DCM_LUTLabel), "TU9B");
    EXPECT_NE(stringOf(*rwvm, DCM_LUTExplanation).find("Joint entropy"), OFString_npos);
    DcmItem* units = nullptr;
    ASSERT_TRUE(rwvm->findAndGetSequenceItem(DCM_MeasurementUnitsCodeSequence, units, 0).good());
    EXPECT_EQ(stringOf(*units, DCM_CodeValue), "1");
    EXPECT_EQ(stringOf(*units, DCM_CodingSchemeDesignator), "UCUM");

    if (!dciodvfyAvailable()) {
        std::printf("dciodvfy (dicom3tools) is not installed: IOD validation skipped\n");
        return;
    }
    rgw::test::expectValidIod(file, "ParametricMap");
}

TEST_F(ParametricMapWriter, FeatureMapsGetCatalogueUnitsInOneSeries) {
    Volume image(g, 0.0f);
    for (std::size_t n = 0; n < image.voxels.size(); ++n)
        image.voxels[n] = static_cast<float>(1 + (n * 7) % 11);
    image.unit = rgw::IntensityUnit::HounsfieldUnit;
    const auto settings = rgw::radiomics::loadParameterSet("ibsi-digital-phantom").settings;
    const auto features = rgw::radiomics::featuremaps::selectMapFeatures(
        "intensity_statistics.mean_intensity,intensity_statistics.intensity_variance,"
        "glcm.joint_entropy.3d_mrg");
    const auto maps =
        rgw::radiomics::featuremaps::computeFeatureMaps(image, nullptr, settings, features, {1, 1});
    const auto files = rgw::dicom::writeParametricMaps(maps, settings, image.unit, referenced,
                                                       tmp.path() / "maps");
    ASSERT_EQ(files.size(), 3u);
    // UCUM: mean in HU, variance in HU², joint entropy dimensionless (IBSI-1 ch. 3).
    const std::vector<std::string> units = {"[hnsf'U]", "[hnsf'U]2", "1"};
    std::set<std::string> seriesUids;
    for (std::size_t f = 0; f < files.size(); ++f) {
        EXPECT_EQ(files[f].filename().string(), features[f].columnName + ".dcm");
        DcmFileFormat ff;
        ASSERT_TRUE(ff.loadFile(files[f].string().c_str()).good());
        DcmDataset& ds = *ff.getDataset();
        seriesUids.insert(stringOf(ds, DCM_SeriesInstanceUID).c_str());
        DcmItem* shared = nullptr;
        ASSERT_TRUE(
            ds.findAndGetSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0).good());
        DcmItem* rwvm = nullptr;
        ASSERT_TRUE(
            shared->findAndGetSequenceItem(DCM_RealWorldValueMappingSequence, rwvm, 0).good());
        DcmItem* unit = nullptr;
        ASSERT_TRUE(rwvm->findAndGetSequenceItem(DCM_MeasurementUnitsCodeSequence, unit, 0).good());
        EXPECT_EQ(stringOf(*unit, DCM_CodeValue).c_str(), units[f]) << files[f];
        const Float32* pixels = nullptr;
        unsigned long count = 0;
        ASSERT_TRUE(ds.findAndGetFloat32Array(DCM_FloatPixelData, pixels, &count).good());
        const Volume expected = maps.volume(f);
        ASSERT_EQ(count, expected.voxels.size());
        EXPECT_EQ(std::memcmp(pixels, expected.voxels.data(), count * sizeof(float)), 0)
            << files[f];
    }
    EXPECT_EQ(seriesUids.size(), 1u);
}

TEST_F(ParametricMapWriter, RefusesAMapOffTheReferencedGrid) {
    Geometry other = g;
    other.size[2] = g.size[2] - 1;
    const Volume values(other, 1.0f);
    rgw::dicom::ParametricMapToWrite map;
    map.values = &values;
    map.quantity = {"Q4LE", "IBSI", "Mean"};
    map.kernelRadius = 1;
    map.unit = {"[hnsf'U]", "Hounsfield unit"};
    const fs::path file = tmp.path() / "bad" / "mean.dcm";
    try {
        rgw::dicom::writeParametricMap(file, referenced, map, "1.2.3", 1);
        FAIL() << "no error";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("slices"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(file));
}

/// Marks every file of `series` lossy compressed, with `ratio` and `method` when not empty.
void markLossy(const SynthSeries& series, const char* ratio, const char* method) {
    for (const fs::path& file : series.files) {
        DcmFileFormat ff;
        ASSERT_TRUE(ff.loadFile(file.string().c_str()).good()) << file;
        DcmDataset& ds = *ff.getDataset();
        ASSERT_TRUE(ds.putAndInsertString(DCM_LossyImageCompression, "01").good());
        if (*ratio) {
            ASSERT_TRUE(ds.putAndInsertString(DCM_LossyImageCompressionRatio, ratio).good());
        }
        if (*method) {
            ASSERT_TRUE(ds.putAndInsertString(DCM_LossyImageCompressionMethod, method).good());
        }
        ASSERT_TRUE(ff.saveFile(file.string().c_str(), EXS_LittleEndianExplicit).good()) << file;
    }
}

TEST_F(ParametricMapWriter, LossyCompressionOfTheSourceIsRepeated) {
    const Volume values = mapValues(g);
    rgw::dicom::ParametricMapToWrite map;
    map.values = &values;
    map.quantity = {"Q4LE", "IBSI", "Mean"};
    map.kernelRadius = 2;
    map.unit = {"[hnsf'U]", "Hounsfield unit"};
    // Uncompressed source: 00.
    const fs::path plain = tmp.path() / "plain.dcm";
    rgw::dicom::writeParametricMap(plain, referenced, map, "1.2.826.0.1.3680043.2.1125.77.2", 1);
    DcmFileFormat ff;
    ASSERT_TRUE(ff.loadFile(plain.string().c_str()).good());
    EXPECT_EQ(stringOf(*ff.getDataset(), DCM_LossyImageCompression), "00");

    // Lossy source (JPEG baseline 8.5:1): 01 with the source's ratio and method.
    markLossy(series, "8.5", "ISO_10918_1");
    const auto lossy = rgw::dicom::readReferencedSeries(series.files, g);
    const fs::path file = tmp.path() / "lossy.dcm";
    rgw::dicom::writeParametricMap(file, lossy, map, "1.2.826.0.1.3680043.2.1125.77.3", 1);
    ASSERT_TRUE(ff.loadFile(file.string().c_str()).good());
    EXPECT_EQ(stringOf(*ff.getDataset(), DCM_LossyImageCompression), "01");
    EXPECT_EQ(stringOf(*ff.getDataset(), DCM_LossyImageCompressionRatio), "8.5");
    EXPECT_EQ(stringOf(*ff.getDataset(), DCM_LossyImageCompressionMethod), "ISO_10918_1");
    if (dciodvfyAvailable())
        rgw::test::expectValidIod(file, "ParametricMap");

    // A lossy source without its ratio: refused, the attribute named, nothing written.
    const SynthSeries unrated = writeSeries(tmp.path() / "unrated", g);
    markLossy(unrated, "", "");
    const fs::path refused = tmp.path() / "refused.dcm";
    try {
        rgw::dicom::writeParametricMap(refused, rgw::dicom::readReferencedSeries(unrated.files, g),
                                       map, "1.2.826.0.1.3680043.2.1125.77.4", 1);
        FAIL() << "no error";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("(0028,2112)"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(refused));
}

} // namespace
