// Seed generator for the fuzz targets: writes a few small valid inputs per
// target into OUT_DIR/<target>/ (the build runs it into <build>/tests/fuzz/seeds;
// nothing big is committed) and links chosen files of the shared test data
// (DATA_ROOT, default $RGW_TEST_DATA) into OUT_DIR/<target>/shared-*, when
// that folder is present. A failure to write a seed fails the build.
//   usage: rgw_fuzz_seeds OUT_DIR [DATA_ROOT]

#include "CbioInput.h"
#include "DicomSynth.h"
#include "ExtractInput.h"
#include "FuzzSupport.h"
#include "ModelFileInput.h"
#include "image/Image.h"
#include "io/dicom/MeasurementReportWriter.h"
#include "io/dicom/RtStructWriter.h"
#include "io/dicom/SegWriter.h"
#include "io/nifti/Nifti.h"
#include "modeling/ModelFile.h"
#include "radiomics/EmbeddedPresets.h"

#include <Eigen/Geometry>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>
#include <zlib.h>

namespace fs = std::filesystem;
using rgw::Geometry;
using rgw::Mask;

namespace {

void writeBytes(const fs::path& file, const std::string& bytes) {
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out)
        throw std::runtime_error("cannot write " + file.string());
}

std::string readBytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Links `source` (shared data) as dir/shared-<name>; skipped when absent.
void linkShared(const fs::path& source, const fs::path& dir, const std::string& name) {
    if (!fs::is_regular_file(source))
        return;
    fs::create_directories(dir);
    const fs::path link = dir / ("shared-" + name);
    std::error_code ec;
    fs::remove(link, ec);
    fs::create_symlink(fs::absolute(source), link);
}

Geometry grid(std::int64_t nx, std::int64_t ny, std::int64_t nz, bool oblique) {
    Geometry g;
    g.size = {nx, ny, nz};
    g.spacing = {0.7, 0.8, 2.5};
    g.origin = {-12.5, 40.25, -101.0};
    if (oblique)
        g.direction =
            Eigen::AngleAxisd(0.4, Eigen::Vector3d(0.3, -0.2, 1.0).normalized()).toRotationMatrix();
    return g;
}

/// A blob: the voxels within `radius` voxels of the grid centre.
Mask blob(const Geometry& g, double radius) {
    Mask m(g, 0);
    const Eigen::Vector3d c(double(g.size[0] - 1) / 2, double(g.size[1] - 1) / 2,
                            double(g.size[2] - 1) / 2);
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                if ((Eigen::Vector3d(double(i), double(j), double(k)) - c).norm() <= radius)
                    m.at(i, j, k) = 1;
    return m;
}

rgw::dicom::ReferencedSeries referencedSeries(const Geometry& g) {
    rgw::dicom::ReferencedSeries r;
    r.patientName = "Fuzz^Seed";
    r.patientId = "FUZZ01";
    r.studyInstanceUid = rgw::test::newUid();
    r.studyDate = "20240102";
    r.studyTime = "100000";
    r.seriesInstanceUid = rgw::test::newUid();
    r.modality = "CT";
    r.frameOfReferenceUid = "1.2.3.4";
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        r.slices.push_back({UID_CTImageStorage, rgw::test::newUid(), 0});
    return r;
}

rgw::test::SliceSpec slice(const Geometry& g, std::int64_t k, const std::string& seriesUid) {
    rgw::test::SliceSpec s;
    s.studyUid = "1.2.826.0.1.3680043.8.498.1";
    s.seriesUid = seriesUid;
    s.instanceNumber = static_cast<int>(k + 1);
    rgw::test::placeOnGrid(s, g, k);
    s.words.resize(static_cast<std::size_t>(s.rows * s.columns));
    for (std::size_t i = 0; i < s.words.size(); ++i)
        s.words[i] = static_cast<std::uint16_t>(900 + 37 * i % 400 + 50 * k);
    s.intercept = -1024;
    return s;
}

void dicomSeriesSeeds(const fs::path& out, const fs::path& scratch) {
    const fs::path dir = out / "dicom_series";
    const Geometry g = grid(8, 6, 3, false);
    const std::string separator(rgw::fuzz::kFileSeparator);
    std::string series;
    for (std::int64_t k = 0; k < g.size[2]; ++k) {
        const fs::path file = scratch / ("ct" + std::to_string(k) + ".dcm");
        rgw::test::writeSlice(slice(g, k, "1.2.826.0.1.3680043.8.498.2"), file);
        series += (k ? separator : std::string()) + readBytes(file);
        if (k == 0)
            writeBytes(dir / "ct-slice.dcm", readBytes(file));
    }
    writeBytes(dir / "ct-series-3-slices", series);

    auto mr = slice(grid(5, 4, 1, true), 0, "1.2.826.0.1.3680043.8.498.3");
    mr.sopClassUid = UID_MRImageStorage;
    mr.modality = "MR";
    mr.isSigned = true;
    mr.bitsStored = 12;
    const struct {
        const char* name;
        E_TransferSyntax xfer;
    } encodings[] = {{"mr-implicit-le.dcm", EXS_LittleEndianImplicit},
                     {"mr-big-endian.dcm", EXS_BigEndianExplicit},
                     {"mr-deflated.dcm", EXS_DeflatedLittleEndianExplicit},
                     {"mr-rle.dcm", EXS_RLELossless}};
    for (const auto& e : encodings) {
        auto ff = rgw::test::makeSlice(mr);
        rgw::test::save(*ff, scratch / e.name, e.xfer);
        writeBytes(dir / e.name, readBytes(scratch / e.name));
    }
}

/// A TID 1500 report of two ROIs of `seg` on `images`: a volume (mm3), a mean
/// (HU), a dimensionless texture feature with its aggregation and a missing one.
void measurementReportSeeds(const fs::path& file, const rgw::dicom::ReferencedSeries& images,
                            const rgw::dicom::WrittenObject& seg) {
    using rgw::dicom::ReportMeasurement;
    rgw::dicom::MeasurementReport report;
    report.imageSeriesInstanceUid = images.seriesInstanceUid;
    report.procedure = rgw::dicom::procedureOfModality("CT");
    report.algorithm = {"Radiogenomics Workstation", "fuzz", {"parameter set sha256 0123"}};
    for (int segment = 1; segment <= 2; ++segment) {
        rgw::dicom::ReportRoi roi;
        roi.trackingIdentifier = segment == 1 ? "Tumour" : "Core";
        roi.trackingUid = rgw::test::newUid();
        roi.segmentationSeriesInstanceUid = seg.seriesInstanceUid;
        roi.segmentationSopInstanceUid = seg.sopInstanceUid;
        roi.segmentNumber = segment;
        roi.sourceSeriesInstanceUid = images.seriesInstanceUid;
        roi.measurements = {
            ReportMeasurement{{"RNU0", "IBSI", "Volume (mesh)"},
                              {},
                              1234.5 * segment,
                              {"mm3", "UCUM", "cubic millimeter"}},
            ReportMeasurement{
                {"Q4LE", "IBSI", "Mean"}, {}, -40.25, {"[hnsf'U]", "UCUM", "Hounsfield unit"}},
            ReportMeasurement{{"8ZQL", "IBSI", "Joint maximum"},
                              {"IAZD", "IBSI", "3D, merged"},
                              0.125,
                              {"1", "UCUM", "no units"}},
            ReportMeasurement{{"KE2A", "IBSI", "Sphericity"}, {}, std::nan(""), {}}};
        report.rois.push_back(std::move(roi));
    }
    fs::create_directories(file.parent_path());
    (void)rgw::dicom::writeMeasurementReport(file, images, report);
}

void derivedObjectSeeds(const fs::path& out) {
    for (const bool oblique : {false, true}) {
        const Geometry g = grid(7, 5, 4, oblique);
        const Mask a = blob(g, 2.2);
        const Mask b = blob(g, 1.0);
        const auto ref = referencedSeries(g);
        const std::string suffix = oblique ? "-oblique.dcm" : "-axial.dcm";
        rgw::dicom::SegmentToWrite sa, sb;
        sa.label = "Tumour";
        sa.mask = &a;
        sb.label = "Core";
        sb.mask = &b;
        sb.manual = false;
        sb.algorithmName = "threshold";
        const rgw::dicom::WrittenObject seg =
            rgw::dicom::writeSegmentation(out / "seg" / ("two-segments" + suffix), ref, {sa, sb});
        measurementReportSeeds(out / "sr" / ("two-rois" + suffix), ref, seg);
        (void)rgw::dicom::writeRtStruct(
            out / "rtstruct" / ("two-rois" + suffix), ref,
            {{"GTV", {255, 0, 0}, &a, true}, {"Core", {0, 255, 0}, &b, false}});
    }
}

void niftiSeeds(const fs::path& out) {
    const fs::path dir = out / "nifti";
    fs::create_directories(dir);
    const Geometry g = grid(5, 4, 3, true);
    rgw::Volume v(g, 0.0f);
    for (std::size_t i = 0; i < v.voxels.size(); ++i)
        v.voxels[i] = static_cast<float>(i % 4); // doubles as a label map with labels 1..3
    rgw::nifti::writeVolume(v, dir / "volume.nii");
    rgw::nifti::writeVolume(v, dir / "volume.nii.gz");
    rgw::nifti::writeMask(blob(g, 1.5), dir / "mask.nii");
    rgw::nifti::writeMask(blob(g, 1.5), dir / "mask.nii.gz");
}

/// Small NRRD files with attached data in each encoding the reader knows.
void nrrdSeeds(const fs::path& out) {
    const fs::path dir = out / "nrrd";
    const std::string head = "NRRD0004\ndimension: 3\nspace: left-posterior-superior\n"
                             "sizes: 3 2 2\nspace directions: (0.5,0,0) (0,-0.75,0) (0,0,2.5)\n"
                             "space origin: (-10,20.5,-30)\nendian: little\n";
    std::string shorts;
    for (int v = 0; v < 12; ++v)
        shorts += std::string{static_cast<char>(v % 4), '\0'};
    writeBytes(dir / "raw-short.nrrd", head + "type: short\nencoding: raw\n\n" + shorts);
    writeBytes(dir / "ascii-float.nrrd",
               head + "type: float\nencoding: ascii\n\n0 1 2 3 0 1.5 2 3 0 1 2 -3\n");
    writeBytes(dir / "hex-uchar.nrrd",
               head + "type: uchar\nencoding: hex\n\n000102030001020300010203\n");
    writeBytes(dir / "ras-spacings.nrrd",
               "NRRD0005\ntype: uint8\ndimension: 2\nsizes: 3 2\nspacings: 0.5 2\n"
               "encoding: raw\n\n" +
                   std::string("\0\1\2\0\3\0", 6));
    std::string gz(256, '\0');
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    z.next_in = reinterpret_cast<Bytef*>(shorts.data());
    z.avail_in = static_cast<uInt>(shorts.size());
    z.next_out = reinterpret_cast<Bytef*>(gz.data());
    z.avail_out = static_cast<uInt>(gz.size());
    deflate(&z, Z_FINISH);
    gz.resize(z.total_out);
    deflateEnd(&z);
    writeBytes(dir / "gzip-short.nrrd", head + "type: short\nencoding: gzip\n\n" + gz);
}

void parameterSeeds(const fs::path& out) {
    for (std::size_t p = 0; p < rgw::radiomics::detail::kEmbeddedPresetCount; ++p) {
        const auto& preset = rgw::radiomics::detail::kEmbeddedPresets[p];
        writeBytes(out / "parameters" / (std::string(preset.name) + ".yaml"), preset.text);
    }
    // Sections no preset has: IBSI-2 filters with response-map families, their
    // discretisation and Riesz entries, one aligned to the structure tensor; a
    // PyRadiomics file with image types.
    writeBytes(out / "parameters" / "filters.yaml",
               "name: filters\n"
               "discretisation: {method: fixed_bin_size, bin_width: 25}\n"
               "resegmentation: {range: [-1000, 400]}\n"
               "filters:\n"
               "  - type: log\n    dimensions: 3D\n    sigma_mm: 1.5\n    boundary: mirror\n"
               "    families: [intensity_statistics, glcm, glszm]\n"
               "    discretisation: {method: fixed_bin_number, bin_count: 32}\n"
               "  - type: wavelet\n    dimensions: 2D\n    family: db3\n    subband: HH\n"
               "    level: 1\n    rotation_invariant: true\n    pooling: average\n"
               "  - type: riesz\n    dimensions: 3D\n    order: [1, 0, 0]\n    base: log\n"
               "    sigma_mm: 3\n"
               "  - type: riesz\n    dimensions: 2D\n    order: [1, 1, 0]\n    base: log\n"
               "    sigma_mm: 2\n    align: structure_tensor\n    tensor_sigma_mm: 1.5\n");
    writeBytes(out / "parameters" / "pyradiomics.yaml",
               "setting: {binWidth: 25, label: 1, interpolator: sitkBSpline,\n"
               "          resampledPixelSpacing: [2, 2, 2]}\n"
               "imageType: {Original: {}, Square: {}, Logarithm: {binWidth: 5},\n"
               "            LoG: {sigma: [1.0, 3]}, Wavelet: {wavelet: db2, level: 2},\n"
               "            Gradient: {gradientUseSpacing: False},\n"
               "            LBP2D: {lbp2DRadius: 1.5, lbp2DMethod: var},\n"
               "            LBP3D: {lbp3DLevels: 3, lbp3DIcosphereSubdivision: 0}}\n"
               "featureClass: {firstorder: [], glcm: []}\n");
}

/// The IBSI digital phantom (from the shared data when present, else a
/// synthetic 5 × 4 × 4 stand-in with grey levels 1..6) with each preset.
void extractSeeds(const fs::path& out, const fs::path& dataRoot) {
    std::array<int, 3> size{5, 4, 4};
    std::vector<std::int16_t> voxels(80);
    std::vector<std::uint8_t> mask(80);
    for (std::size_t i = 0; i < voxels.size(); ++i) {
        voxels[i] = static_cast<std::int16_t>(1 + (i * 7 + i / 5) % 6);
        mask[i] = (i % 9) != 0;
    }
    const fs::path phantom = dataRoot / "ibsi_data_sets" / "ibsi_1_digital_phantom" / "nifti";
    if (fs::is_regular_file(phantom / "image" / "phantom.nii.gz")) {
        const auto image = rgw::nifti::readVolume(phantom / "image" / "phantom.nii.gz");
        const auto roi = rgw::nifti::readMask(phantom / "mask" / "mask.nii.gz");
        for (std::size_t a = 0; a < 3; ++a)
            size[a] = static_cast<int>(image.geometry.size[a]);
        if (image.voxels.size() == roi.voxels.size() && size[0] <= rgw::fuzz::kExtractMaxSize &&
            size[1] <= rgw::fuzz::kExtractMaxSize && size[2] <= rgw::fuzz::kExtractMaxSize) {
            voxels.assign(image.voxels.begin(), image.voxels.end());
            mask = roi.voxels;
        }
    }
    for (std::size_t p = 0; p < rgw::radiomics::detail::kEmbeddedPresetCount; ++p) {
        const auto& preset = rgw::radiomics::detail::kEmbeddedPresets[p];
        writeBytes(out / "extract" / (std::string("phantom-") + preset.name),
                   rgw::fuzz::encodeExtractInput(size, 0, voxels, mask, preset.text));
    }
}

void writerRoundtripSeeds(const fs::path& out) {
    const fs::path dir = out / "writer_roundtrip";
    // grid sizes, grid choice (0x20: oblique), mask count - 1, mask bits
    writeBytes(dir / "axial-one-mask", std::string("\x03\x02\x01\x01\x00", 5) +
                                           std::string("\x5a\xff\x3c\x7e\x18\x00\x66\x81", 8));
    writeBytes(dir / "oblique-two-masks", std::string("\x04\x03\x02\x21\x01", 5) +
                                              std::string(30, '\x55') + std::string(30, '\x0f'));
    writeBytes(dir / "single-voxel", std::string("\x00\x00\x00\x00\x00\x01", 6));
}

/// Every file fuzz_cbioportal can replace, as the fixture study writes it,
/// and a few broken variants (selector byte first, see CbioInput.h).
void cbioportalSeeds(const fs::path& out, const fs::path& scratch) {
    using rgw::test::cbio::tsv;
    const fs::path dir = out / "cbioportal";
    const auto targets = rgw::fuzz::cbioTargets(rgw::test::cbio::writeStudy(scratch / "cbio"));
    const auto seed = [&](std::size_t target, const std::string& name, const std::string& text) {
        writeBytes(dir / name, std::string(1, static_cast<char>(target)) + text);
    };
    for (std::size_t t = 0; t < targets.size(); ++t)
        seed(t, std::to_string(t) + "-" + targets[t].filename().string(), readBytes(targets[t]));
    seed(5, "5-expression-inf-ragged-latin1",
         tsv({"Hugo_Symbol", "Entrez_Gene_Id", "TCGA-AB-0001-01", "LOCAL-017-T"}) + "\n" +
             tsv({"TP53", "7157", "inf", "NA"}) + "\n" + tsv({"EGFR", "x1956", "1"}) + "\n" +
             tsv({"F\xE9", "1", "2", "3"}) + "\n" + tsv({"PTEN", "5728", "1e999", "-0"}) + "\n");
    seed(6, "6-cna-not-levels",
         tsv({"Hugo_Symbol", "TCGA-AB-0001-01", "TCGA-AB-0001-01"}) + "\n" +
             tsv({"EGFR", "3", "-2"}) + "\n");
    seed(3, "3-maf-no-classification",
         "#version 2.4\n" + tsv({"Hugo_Symbol", "Tumor_Sample_Barcode", "t_alt_count"}) + "\n" +
             tsv({"TP53", "TCGA-AB-0001-01A-11D", "-3"}) + "\n");
    seed(1, "1-patients-three-header-lines",
         "#A\tB\n#STRING\tNUMBER\n#1\t1\nPATIENT_ID\tAGE\nTCGA-AB-0001\tnan\n");
    seed(8, "8-panel-matrix-duplicates",
         "SAMPLE_ID\tmutations\tgistic\nTCGA-AB-0001-01\tRGW_PANEL_A\tNONE\n"
         "TCGA-AB-0001-01\tNA\tNA\nUNKNOWN\tRGW_PANEL_A\n");
    seed(11, "11-meta-missing-data-file",
         "cancer_study_identifier: rgw_fixture_2024\ngenetic_alteration_type: "
         "MUTATION_EXTENDED\ndatatype: MAF\nstable_id: mutations\ndata_filename: nothing.txt\n");
}

void mappedTableSeeds(const fs::path& out) {
    const fs::path dir = out / "mapped_table";
    writeBytes(dir / "table.csv", "\xEF\xBB\xBFid,age,status,dx,smoker,egfr,pam50,rs,notes\r\n"
                                  "P1,62.5,Dead,2021-03-04,yes,L858R,LumA,23,\"a, b\"\r\n"
                                  "P2,NA,alive,2020-02,no,negative,\"Lum\r\nB\",,x\r\n"
                                  "P3,inf,Zombie,2021-02-30,maybe,pending,Basal,1e999,\xE9\r\n"
                                  "P1,1,Dead\r\n");
    writeBytes(dir / "mapping-and-table",
               "id_column: Sample\nid_level: sample\nsample_type_column: Type\n"
               "missing: [NA]\ncolumns:\n"
               "  - {column: Age, attribute: AGE, type: number, level: patient}\n"
               "  - {column: Grade, attribute: GRADE, type: category}\n"
               "  - {column: Ki67, score: Ki-67, unit: \"%\"}\n" +
                   std::string(rgw::fuzz::kFileSeparator) +
                   "Sample;Type;Age;Grade;Ki67\nTCGA-AB-0001-01;primary;61;G2;12,5\n"
                   "TCGA-AB-0001-06;metastatic;62;G3;30\n");
    writeBytes(dir / "split-assignment.csv",
               "site,split,patient_id\nA,test,P1\r\nB,train,\"P2\"\nC,validation,P3\nD,test,P1\n");
}

/// GMT gene-set files behind their choice byte (bit 0: a 64-byte line limit;
/// bits 1-2: the weight p; bits 3-4: the minimum set size - 1): MSigDB style,
/// CRLF with a byte order mark, and one with every kind of fault the reader
/// reports (blank name, no genes, a repeated set and gene, a blank gene, a
/// line that is not UTF-8, a line without a tab).
void gmtSeeds(const fs::path& out) {
    const fs::path dir = out / "gmt";
    std::string msigdb;
    for (int s = 0; s < 6; ++s) {
        msigdb += "HALLMARK_SET_" + std::to_string(s) + "\thttp://www.gsea-msigdb.org/gsea/" +
                  "msigdb/human/geneset/HALLMARK_SET_" + std::to_string(s);
        for (int g = 0; g < 12 + 5 * s; ++g)
            msigdb += "\tGENE" + std::to_string((g * 7 + s * 13) % 60);
        msigdb += "\n";
    }
    writeBytes(dir / "msigdb.gmt", std::string("\x00", 1) + msigdb);
    writeBytes(dir / "weight0-min2.gmt", std::string("\x0A", 1) + msigdb);
    writeBytes(dir / "bom-crlf.gmt", std::string("\x04", 1) +
                                         "\xEF\xBB\xBFUP\tdesc\tTP53\tEGFR\tKRAS\tMYC\r\n"
                                         "DOWN\t\tBRCA1\tBRCA2\tATM\r\nMIXED\tx\tTP53\tATM\r");
    writeBytes(dir / "faults.gmt", std::string("\x01", 1) +
                                       "\tblank name\tTP53\nEMPTY\tno genes\n"
                                       "A\td\tTP53\tEGFR\tTP53\t\tKRAS\t\n"
                                       "A\tagain\tMYC\nLATIN1\tna\xEFve\tTP53\n"
                                       "NO TAB AT ALL\n"
                                       "LONG\td\tG1\tG2\tG3\tG4\tG5\tG6\tG7\tG8\tG9\tG10\tG11"
                                       "\tG12\tG13\n");
}

/// A VEP-annotated somatic VCF, a germline VCF and a PLINK .raw, each behind
/// its selector byte (even: VCF, odd: PLINK).
void vcfPlinkSeeds(const fs::path& out) {
    const fs::path dir = out / "vcf_plink";
    writeBytes(
        dir / "somatic-vep.vcf",
        std::string("\x00", 1) +
            "##fileformat=VCFv4.2\n"
            "##INFO=<ID=CSQ,Number=.,Type=String,Description=\"Consequence annotations "
            "from Ensembl VEP. Format: Allele|Consequence|SYMBOL|HGVSp|CANONICAL\">\n"
            "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT1\n"
            "7\t140753336\t.\tA\tT\t.\tPASS\tCSQ=T|missense_variant|BRAF|"
            "ENSP1:p.Val600Glu|YES\tGT:AD:AF\t0/1:60,40:0.4\n"
            "12\t25245350\t.\tC\tCA,CAA\t.\tPASS\tCSQ=A|frameshift_variant|KRAS||YES\tGT\t1/2\n");
    writeBytes(dir / "somatic-snpeff.vcf",
               std::string("\x02", 1) +
                   "##fileformat=VCFv4.2\n##tumor_sample=T\n"
                   "##INFO=<ID=ANN,Number=.,Type=String,Description=\"Functional annotations: "
                   "'Allele | Annotation | Annotation_Impact | Gene_Name | Gene_ID | Feature_Type "
                   "| Feature_ID | Transcript_BioType | Rank | HGVS.c | HGVS.p' \">\n"
                   "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tN\tT\n"
                   "3\t179218303\t.\tG\tA\t.\t.\tANN=A|missense_variant&splice_region_variant|"
                   "MODERATE|PIK3CA|||||||p.Glu545Lys\tGT:AD\t0/0:9,0\t0/1:3,1\n");
    writeBytes(dir / "germline.vcf",
               std::string("\x04", 1) +
                   "##fileformat=VCFv4.2\n"
                   "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tP1\tP2\n"
                   "19\t43553422\trs2682585\tC\tT\t.\tPASS\t.\tGT\t0/1\t1|1\n"
                   "1\t1000\t.\tA\tG,T\t.\tPASS\t.\tGT:DS\t1/2:0.9,1.0\t./.:.\n");
    writeBytes(dir / "plink.raw", std::string("\x01", 1) +
                                      "FID IID PAT MAT SEX PHENOTYPE rs2682585_T rs25487_A(/G)\n"
                                      "F1 P1 0 0 1 -9 0 2\nF2 P2 0 0 2 -9 NA 1.5\n");
}

/// fuzz_model_file reads its input as a model file and as edits of the valid
/// file of the model its first byte chooses: the valid files, then hostile
/// variants of them (each refused for one reason), then edit sequences.
void modelFileSeeds(const fs::path& out) {
    const fs::path dir = out / "model_file";
    const auto models = rgw::fuzz::fuzzModels();
    const auto edited = [](std::string text, const std::string& from, const std::string& to) {
        const std::size_t at = text.find(from);
        if (at == std::string::npos)
            throw std::runtime_error("model_file seed: no '" + from + "' to replace");
        return text.replace(at, from.size(), to);
    };
    for (std::size_t k = 0; k < models.size(); ++k) {
        const std::string text = rgw::modeling::modelToJson(models[k]);
        const std::string name =
            std::to_string(k) + "-" + rgw::modeling::modelKindName(models[k].task.kind);
        writeBytes(dir / (name + ".json"), text);
        writeBytes(dir / (name + "-truncated.json"), text.substr(0, text.size() / 2));
        writeBytes(dir / (name + "-version-2.json"),
                   edited(text, "\"format_version\": 1", "\"format_version\": 2"));
        writeBytes(dir / (name + "-kind-probit.json"),
                   edited(text, "\"kind\": \"", "\"kind\": \"probit"));
        writeBytes(dir / (name + "-lambda-null.json"),
                   edited(text, "\"lambda\": ", "\"lambda\": null, \"was\": "));
        if (text.find("\"beta\": [\n") != std::string::npos) // a linear model
            writeBytes(dir / (name + "-beta-short.json"),
                       edited(text, "\"beta\": [\n", "\"beta\": [[],\n"));
        else
            writeBytes(dir / (name + "-state-cut.json"),
                       edited(text, "\"state\": \"", "\"state\": \"cut\", \"was\": \""));
        writeBytes(dir / (name + "-selected-huge.json"),
                   edited(text, "\"selected\": [\n", "\"selected\": [\n  18446744073709551615,\n"));
        // The selector byte alone: the unmodified file, which must read back exactly.
        writeBytes(dir / ("select-" + name), std::string(1, static_cast<char>(k)));
        // One edit that keeps the JSON valid (lambda's leading '0' xor 1 =
        // '1'): the id no longer matches, so the target's forged copy (id
        // recomputed) is read and scored.
        const std::uint32_t digit = static_cast<std::uint32_t>(text.find("\"lambda\": ") + 10);
        std::string edit(1, static_cast<char>(k));
        for (int b = 0; b < 4; ++b)
            edit += static_cast<char>((digit >> (8 * b)) & 0xFF);
        writeBytes(dir / ("edit-lambda-" + name), edit + "\x01");
        // Edits: (4-byte position, xor mask) pairs; mask 0 cuts the text there.
        writeBytes(dir / ("edits-" + name), std::string(1, static_cast<char>(k)) +
                                                std::string("\x40\x00\x00\x00\x01", 5) +
                                                std::string("\x90\x01\x00\x00\x20", 5) +
                                                std::string("\x00\x02\x00\x00\x00", 5));
    }
    writeBytes(dir / "not-an-object.json", "[1, 2, {\"id\": null}]");
    writeBytes(dir / "nul-after-model.json",
               rgw::modeling::modelToJson(models.front()) + std::string(1, '\0') + "{}");
    writeBytes(
        dir / "deep-extra-field.json",
        edited(rgw::modeling::modelToJson(models.front()), "\"name\": ",
               "\"extra\": " + std::string(200, '[') + std::string(200, ']') + ",\n \"name\": "));
}

/// fuzz_learner_state's first byte chooses the learner (4 kinds); a single
/// byte restores its unmodified state.
void learnerStateSeeds(const fs::path& out) {
    for (char kind = 0; kind < 4; ++kind)
        writeBytes(out / "learner_state" / std::string(1, static_cast<char>('0' + kind)),
                   std::string(1, kind));
}

void sharedSeeds(const fs::path& out, const fs::path& root) {
    const fs::path sets = root / "ibsi_data_sets";
    const fs::path sts = sets / "ibsi_validation" / "dicom" / "STS_001";
    for (const char* modality : {"CT", "PET", "MR_T1"}) {
        linkShared(sts / modality / "image" / "000000.dcm", out / "dicom_series",
                   std::string("sts001-") + modality + ".dcm");
        linkShared(sts / modality / "mask" / "RS.dcm", out / "rtstruct",
                   std::string("sts001-") + modality + "-RS.dcm");
    }
    linkShared(sets / "ibsi_1_ct_radiomics_phantom" / "dicom" / "mask" / "DCM_RS_00060.dcm",
               out / "rtstruct", "ct-phantom-RS.dcm");
    const fs::path phantom = sets / "ibsi_1_digital_phantom" / "nifti";
    linkShared(phantom / "image" / "phantom.nii.gz", out / "nifti", "digital-phantom.nii.gz");
    linkShared(phantom / "mask" / "mask.nii.gz", out / "nifti", "digital-phantom-mask.nii.gz");
    for (const char* name : {"checkerboard", "impulse", "sphere"})
        linkShared(sets / "ibsi_2_digital_phantom" / "nifti" / name / "image" /
                       (std::string(name) + ".nii.gz"),
                   out / "nifti", std::string("ibsi2-") + name + ".nii.gz");
    linkShared(root / "pyradiomics" / "brain1_label.nrrd", out / "nrrd", "brain1_label.nrrd");
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: %s OUT_DIR [DATA_ROOT]\n", argv[0]);
        return 2;
    }
    const fs::path out = argv[1];
    const char* env = std::getenv("RGW_TEST_DATA");
    const fs::path dataRoot = argc == 3     ? fs::path(argv[2])
                              : env && *env ? fs::path(env)
                                            : fs::path(RGW_DEFAULT_TEST_DATA);
    try {
        DcmRLEEncoderRegistration::registerCodecs();
        const fs::path scratch = out / ".scratch";
        fs::create_directories(scratch);
        dicomSeriesSeeds(out, scratch);
        cbioportalSeeds(out, scratch);
        fs::remove_all(scratch);
        derivedObjectSeeds(out);
        niftiSeeds(out);
        nrrdSeeds(out);
        parameterSeeds(out);
        mappedTableSeeds(out);
        vcfPlinkSeeds(out);
        gmtSeeds(out);
        extractSeeds(out, dataRoot);
        writerRoundtripSeeds(out);
        modelFileSeeds(out);
        learnerStateSeeds(out);
        if (fs::is_directory(dataRoot / "ibsi_data_sets"))
            sharedSeeds(out, dataRoot);
        else
            std::printf("rgw_fuzz_seeds: no shared data at %s: generated seeds only\n",
                        dataRoot.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "rgw_fuzz_seeds: %s\n", e.what());
        return 1;
    }
    std::printf("rgw_fuzz_seeds: seeds written to %s\n", out.c_str());
    return 0;
}
