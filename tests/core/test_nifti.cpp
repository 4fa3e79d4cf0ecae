// NIfTI-1 reader/writer: round trips, hand-made headers with known affines
// (offsets from nifti1.h), bad files, and the IBSI phantoms' documented headers.
#include "NiftiSynth.h"
#include "TestData.h"
#include "io/nifti/Nifti.h"
#include "util/Error.h"

#include <Eigen/Geometry>
#include <cmath>
#include <cstring>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <vector>
#include <zlib.h>

namespace {

using rgw::Geometry;
using rgw::Mask;
using rgw::Volume;
namespace fs = std::filesystem;

using rgw::test::RawNifti;

void expectGeometryNear(const Geometry& a, const Geometry& b, double tol) {
    EXPECT_EQ(a.size, b.size);
    EXPECT_LT((a.origin - b.origin).cwiseAbs().maxCoeff(), tol) << a.origin.transpose();
    EXPECT_LT((a.spacing - b.spacing).cwiseAbs().maxCoeff(), tol) << a.spacing.transpose();
    EXPECT_LT((a.direction - b.direction).cwiseAbs().maxCoeff(), tol) << "\n" << a.direction;
}

Geometry obliqueGeometry() {
    Geometry g;
    g.size = {7, 5, 4};
    g.spacing = {0.8, 1.25, 3.0};
    g.origin = {-120.5, 33.25, -600.0};
    g.direction =
        Eigen::AngleAxisd(0.4, Eigen::Vector3d(1.0, 2.0, -0.5).normalized()).toRotationMatrix();
    return g;
}

template <class T> T readRaw(const std::vector<char>& bytes, std::size_t offset) {
    T v;
    std::memcpy(&v, bytes.data() + offset, sizeof(T));
    return v;
}

std::vector<char> readFileBytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string errorOf(const fs::path& file) {
    try {
        (void)rgw::nifti::readVolume(file);
    } catch (const rgw::Error& e) {
        return e.what();
    }
    return {};
}

} // namespace

TEST(Nifti, VolumeRoundTripObliqueNiiAndGz) {
    rgw::test::TempDir dir;
    Volume v(obliqueGeometry());
    for (std::size_t i = 0; i < v.voxels.size(); ++i)
        v.voxels[i] = static_cast<float>(i) * 0.37f - 11.5f;
    for (const char* name : {"v.nii", "v.nii.gz"}) {
        const fs::path file = dir.path() / name;
        rgw::nifti::writeVolume(v, file);
        const Volume back = rgw::nifti::readVolume(file);
        expectGeometryNear(back.geometry, v.geometry, 1e-4);
        EXPECT_TRUE(back.geometry.sameGrid(v.geometry, 1e-3));
        EXPECT_EQ(back.voxels, v.voxels) << name;
    }
    // The .gz file is really gzip (magic 1f 8b), the .nii is not.
    const auto gz = readFileBytes(dir.path() / "v.nii.gz");
    ASSERT_GE(gz.size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
}

TEST(Nifti, WrittenHeaderFollowsNifti1) {
    rgw::test::TempDir dir;
    Volume v(obliqueGeometry(), 1.0f);
    Mask m(obliqueGeometry(), 1);
    rgw::nifti::writeVolume(v, dir.path() / "v.nii");
    rgw::nifti::writeMask(m, dir.path() / "m.nii");
    const auto vb = readFileBytes(dir.path() / "v.nii");
    const auto mb = readFileBytes(dir.path() / "m.nii");
    ASSERT_EQ(vb.size(), 352u + 7 * 5 * 4 * 4);
    ASSERT_EQ(mb.size(), 352u + 7 * 5 * 4);
    for (const auto* b : {&vb, &mb}) {
        EXPECT_EQ(readRaw<std::int32_t>(*b, 0), 348);
        EXPECT_EQ(std::memcmp(b->data() + 344, "n+1\0", 4), 0);
        EXPECT_EQ(readRaw<float>(*b, 108), 352.0f);
        EXPECT_EQ(readRaw<std::int16_t>(*b, 252), 1); // qform_code scanner
        EXPECT_EQ(readRaw<std::int16_t>(*b, 254), 1); // sform_code scanner
    }
    EXPECT_EQ(readRaw<std::int16_t>(vb, 70), 16); // DT_FLOAT32
    EXPECT_EQ(readRaw<std::int16_t>(vb, 72), 32);
    EXPECT_EQ(readRaw<std::int16_t>(mb, 70), 2); // DT_UINT8
    EXPECT_EQ(readRaw<std::int16_t>(mb, 72), 8);

    // srow_x of the RAS affine: first row of diag(-1,-1,1) * direction * spacing.
    const Geometry g = obliqueGeometry();
    for (int c = 0; c < 3; ++c)
        EXPECT_NEAR(readRaw<float>(vb, 280 + 4 * static_cast<std::size_t>(c)),
                    -g.direction(0, c) * g.spacing[c], 1e-5);
    EXPECT_NEAR(readRaw<float>(vb, 280 + 12), -g.origin[0], 1e-4);
    EXPECT_NEAR(readRaw<float>(vb, 312 + 12), g.origin[2], 1e-4);
}

TEST(Nifti, QformAgreesWithSformInWrittenFiles) {
    // Zero the sform_code of a written file: the reader then uses the qform,
    // which must give the same grid (also for a left-handed grid: qfac -1).
    rgw::test::TempDir dir;
    for (bool leftHanded : {false, true}) {
        Geometry g = obliqueGeometry();
        if (leftHanded)
            g.direction.col(2) = -g.direction.col(2);
        const fs::path file = dir.path() / "q.nii";
        rgw::nifti::writeMask(Mask(g, 1), file);
        auto bytes = readFileBytes(file);
        const std::int16_t zero = 0;
        std::memcpy(bytes.data() + 254, &zero, 2);
        std::ofstream(file, std::ios::binary).write(bytes.data(), static_cast<long>(bytes.size()));
        expectGeometryNear(rgw::nifti::readMask(file).geometry, g, 1e-5);
    }
}

TEST(Nifti, MaskRoundTripIsBinary) {
    rgw::test::TempDir dir;
    Mask m(obliqueGeometry());
    for (std::size_t i = 0; i < m.voxels.size(); ++i)
        m.voxels[i] = (i % 3 == 0) ? 1 : 0;
    rgw::nifti::writeMask(m, dir.path() / "m.nii.gz");
    const Mask back = rgw::nifti::readMask(dir.path() / "m.nii.gz");
    EXPECT_EQ(back.voxels, m.voxels);
    expectGeometryNear(back.geometry, m.geometry, 1e-4);
}

TEST(Nifti, QformOnlyWithKnownAffineAndScaling) {
    // 90 degrees about z: quaternion (a, b, c, d) = (cos 45, 0, 0, sin 45);
    // qfac -1 flips the third axis. RAS affine columns: i -> (0, 2, 0),
    // j -> (-3, 0, 0), k -> (0, 0, -4); offset (10, 20, 30).
    rgw::test::TempDir dir;
    RawNifti raw(2, 3, 2, 4 /*DT_INT16*/, 16);
    raw.pixdim(-1.0f, 2.0f, 3.0f, 4.0f);
    raw.qform(1, 0.0f, 0.0f, static_cast<float>(std::sqrt(0.5)), 10.0f, 20.0f, 30.0f);
    raw.scaling(2.0f, -5.0f);
    std::vector<std::int16_t> data(12);
    for (int i = 0; i < 12; ++i)
        data[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(i - 6);
    raw.append(data);
    raw.write(dir.path() / "q.nii");

    const Volume v = rgw::nifti::readVolume(dir.path() / "q.nii");
    Geometry expected;
    expected.size = {2, 3, 2};
    expected.spacing = {2.0, 3.0, 4.0};
    expected.origin = {-10.0, -20.0, 30.0}; // RAS -> LPS
    expected.direction << 0, 1, 0,          //
        -1, 0, 0,                           //
        0, 0, -1;
    expectGeometryNear(v.geometry, expected, 1e-6);
    for (int i = 0; i < 12; ++i)
        EXPECT_FLOAT_EQ(v.voxels[static_cast<std::size_t>(i)],
                        2.0f * static_cast<float>(i - 6) - 5.0f);
    // Voxel (1, 0, 0) sits at RAS (10, 22, 30) = LPS (-10, -22, 30).
    const Eigen::Vector3d p = v.geometry.physicalPoint({1, 0, 0});
    EXPECT_NEAR(p[0], -10.0, 1e-6);
    EXPECT_NEAR(p[1], -22.0, 1e-6);
}

TEST(Nifti, SformTakesPrecedenceOverQform) {
    rgw::test::TempDir dir;
    RawNifti raw(2, 2, 2, 64 /*DT_FLOAT64*/, 64);
    raw.pixdim(1.0f, 9.0f, 9.0f, 9.0f);
    raw.qform(1, 0.0f, 0.0f, 0.0f, 1.0f, 1.0f, 1.0f); // deliberately different
    // RAS affine: i -> (0.5, 0.5, 0) (oblique in-plane), j -> (-1, 1, 0), k -> (0, 0, 2.5).
    const float rows[3][4] = {
        {0.5f, -1.0f, 0.0f, -7.0f}, {0.5f, 1.0f, 0.0f, 12.0f}, {0.0f, 0.0f, 2.5f, -30.0f}};
    raw.sform(2, rows);
    raw.scaling(0.0f, 100.0f); // slope 0: no scaling, the intercept is ignored
    const std::vector<double> data{0.5, -1.25, 2, 3, 4, 5, 6, 1e6};
    raw.append(data);
    raw.write(dir.path() / "s.nii");

    const Volume v = rgw::nifti::readVolume(dir.path() / "s.nii");
    EXPECT_NEAR(v.geometry.spacing[0], std::sqrt(0.5), 1e-6);
    EXPECT_NEAR(v.geometry.spacing[1], std::sqrt(2.0), 1e-6);
    EXPECT_NEAR(v.geometry.spacing[2], 2.5, 1e-6);
    const double r = std::sqrt(0.5);
    Eigen::Matrix3d dir3;
    dir3 << -r, r, 0, //
        -r, -r, 0,    //
        0, 0, 1;
    EXPECT_LT((v.geometry.direction - dir3).cwiseAbs().maxCoeff(), 1e-6);
    EXPECT_NEAR(v.geometry.origin[0], 7.0, 1e-6);
    EXPECT_NEAR(v.geometry.origin[1], -12.0, 1e-6);
    EXPECT_NEAR(v.geometry.origin[2], -30.0, 1e-6);
    for (std::size_t i = 0; i < data.size(); ++i)
        EXPECT_FLOAT_EQ(v.voxels[i], static_cast<float>(data[i]));
}

TEST(Nifti, PixdimOnlyAndAllIntegerDatatypes) {
    rgw::test::TempDir dir;
    const auto check = [&](std::int16_t datatype, std::int16_t bitpix, auto sample) {
        using T = decltype(sample);
        RawNifti raw(3, 1, 1, datatype, bitpix);
        raw.pixdim(0.0f, 1.5f, 2.0f, 2.5f);
        raw.append(std::vector<T>{sample, T(0), T(7)});
        const fs::path file = dir.path() / ("t" + std::to_string(datatype) + ".nii");
        raw.write(file);
        const Volume v = rgw::nifti::readVolume(file);
        EXPECT_FLOAT_EQ(v.voxels[0], static_cast<float>(sample)) << datatype;
        EXPECT_FLOAT_EQ(v.voxels[2], 7.0f) << datatype;
        // No qform/sform: pixdim only, RAS axes -> LPS direction diag(-1, -1, 1).
        EXPECT_EQ(v.geometry.direction, Eigen::Vector3d(-1, -1, 1).asDiagonal().toDenseMatrix());
        EXPECT_EQ(v.geometry.spacing, Eigen::Vector3d(1.5, 2.0, 2.5));
        const Mask m = rgw::nifti::readMask(file);
        EXPECT_EQ(m.voxels, (std::vector<std::uint8_t>{1, 0, 1})) << datatype;
    };
    check(2, 8, std::uint8_t{250});
    check(256, 8, std::int8_t{-100});
    check(4, 16, std::int16_t{-30000});
    check(512, 16, std::uint16_t{60000});
    check(8, 32, std::int32_t{-2000000});
    check(768, 32, std::uint32_t{4000000});
    check(16, 32, -3.5f);
    check(64, 64, 1.0e10);
}

TEST(Nifti, FourDimensionalWithOneTimePointIsAccepted) {
    rgw::test::TempDir dir;
    for (std::int16_t nt : {1, 2}) {
        RawNifti raw(2, 2, 1, 2, 8);
        raw.set<std::int16_t>(40, 4);
        raw.set<std::int16_t>(48, nt);
        raw.pixdim(1, 1, 1, 1);
        raw.append(std::vector<std::uint8_t>(4 * static_cast<std::size_t>(nt), 1));
        const fs::path file = dir.path() / ("t" + std::to_string(nt) + ".nii");
        raw.write(file);
        if (nt == 1) {
            EXPECT_EQ(rgw::nifti::readMask(file).voxels.size(), 4u);
        } else {
            const std::string e = errorOf(file);
            EXPECT_NE(e.find(file.string()), std::string::npos) << e;
            EXPECT_NE(e.find("dim[4]"), std::string::npos) << e;
        }
    }
}

TEST(Nifti, BadFilesGiveErrorsNamingTheFile) {
    rgw::test::TempDir dir;
    RawNifti good(4, 4, 4, 16, 32);
    good.pixdim(1, 1, 1, 1);
    good.append(std::vector<float>(64, 1.0f));

    // Truncated voxel data, plain and gzip.
    RawNifti truncated = good;
    truncated.bytes.resize(352 + 100);
    truncated.write(dir.path() / "trunc.nii");
    std::string e = errorOf(dir.path() / "trunc.nii");
    EXPECT_NE(e.find((dir.path() / "trunc.nii").string()), std::string::npos) << e;
    EXPECT_NE(e.find("truncated"), std::string::npos) << e;

    const fs::path gzFile = dir.path() / "trunc.nii.gz";
    gzFile_s* gz = gzopen(gzFile.string().c_str(), "wb");
    ASSERT_NE(gz, nullptr);
    gzwrite(gz, truncated.bytes.data(), static_cast<unsigned>(truncated.bytes.size()));
    gzclose(gz);
    e = errorOf(gzFile);
    EXPECT_NE(e.find(gzFile.string()), std::string::npos) << e;
    EXPECT_NE(e.find("truncated"), std::string::npos) << e;

    // Truncated header.
    RawNifti shortHeader = good;
    shortHeader.bytes.resize(200);
    shortHeader.write(dir.path() / "short.nii");
    e = errorOf(dir.path() / "short.nii");
    EXPECT_NE(e.find((dir.path() / "short.nii").string()), std::string::npos) << e;
    EXPECT_NE(e.find("header"), std::string::npos) << e;

    // Wrong magic.
    RawNifti magic = good;
    std::memcpy(magic.bytes.data() + 344, "abc\0", 4);
    magic.write(dir.path() / "magic.nii");
    e = errorOf(dir.path() / "magic.nii");
    EXPECT_NE(e.find((dir.path() / "magic.nii").string()), std::string::npos) << e;
    EXPECT_NE(e.find("magic"), std::string::npos) << e;

    // Not NIfTI at all, unsupported datatype, missing file.
    std::ofstream(dir.path() / "text.nii") << std::string(400, 'x');
    e = errorOf(dir.path() / "text.nii");
    EXPECT_NE(e.find("sizeof_hdr"), std::string::npos) << e;
    RawNifti complex(1, 1, 1, 32 /*DT_COMPLEX64*/, 64);
    complex.append(std::vector<float>{1.0f, 2.0f});
    complex.write(dir.path() / "complex.nii");
    e = errorOf(dir.path() / "complex.nii");
    EXPECT_NE(e.find("datatype 32"), std::string::npos) << e;
    e = errorOf(dir.path() / "missing.nii");
    EXPECT_NE(e.find("missing.nii"), std::string::npos) << e;
}

TEST(Nifti, IbsiDigitalPhantomHeaderAndMask) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path root = rgw::test::ibsiDataSets() / "ibsi_1_digital_phantom" / "nifti";
    const Volume image = rgw::nifti::readVolume(root / "image" / "phantom.nii.gz");
    const Mask mask = rgw::nifti::readMask(root / "mask" / "mask.nii.gz");
    // configurations.md section 2: 5 x 4 x 4 voxels of 2 mm, 74 voxels in the ROI.
    EXPECT_EQ(image.geometry.size, (std::array<std::int64_t, 3>{5, 4, 4}));
    EXPECT_EQ(image.geometry.spacing, Eigen::Vector3d(2.0, 2.0, 2.0));
    EXPECT_TRUE(mask.geometry.sameGrid(image.geometry));
    std::size_t inside = 0;
    for (std::uint8_t v : mask.voxels)
        inside += v;
    EXPECT_EQ(inside, 74u);
}

TEST(Nifti, IbsiCtPhantomIsInLpsLikeItsDicom) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path root = rgw::test::ibsiDataSets() / "ibsi_1_ct_radiomics_phantom" / "nifti";
    const Mask mask = rgw::nifti::readMask(root / "mask" / "mask.nii.gz");
    // configurations.md section 3: the RAS affine has -0.977 on x and y and
    // offset (174.3945, 79.6255, -100.4); the first DICOM slice has Image
    // Position (-174.3945, -79.6255, -100.4) with identity orientation.
    const Geometry& g = mask.geometry;
    EXPECT_EQ(g.size, (std::array<std::int64_t, 3>{204, 201, 60}));
    EXPECT_NEAR(g.origin[0], -174.3945, 1e-3);
    EXPECT_NEAR(g.origin[1], -79.6255, 1e-3);
    EXPECT_NEAR(g.origin[2], -100.4, 1e-3);
    EXPECT_LT((g.direction - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff(), 1e-9);
    EXPECT_NEAR(g.spacing[0], 0.977, 1e-6);
    EXPECT_NEAR(g.spacing[2], 3.0, 1e-6);
    std::size_t inside = 0;
    for (std::uint8_t v : mask.voxels)
        inside += v;
    EXPECT_EQ(inside, 125256u);
}
