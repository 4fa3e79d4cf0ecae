// PyRadiomics-compatible texture classes (glcm, glrlm, glszm, gldm, ngtdm):
//  small synthetic cases whose matrices are worked out by hand below. PyRadiomics'
//  brain1 baseline (every brain1* column of every texture class, relative 1e-6) is
//  checked through the mode's extraction in test_pyradiomics_brain1.cpp.

#include "radiomics/pyradiomics/texture/TextureInput.h"

#include <cmath>
#include <gtest/gtest.h>

namespace rgw::radiomics::pyradiomics {
namespace {

double valueOf(const FeatureValues& values, const std::string& name) {
    for (const auto& [n, v] : values)
        if (n == name)
            return v;
    ADD_FAILURE() << "no feature " << name;
    return std::nan("");
}

// A 3x3x1 image, levels (x across, y down):
//   1 1 2
//   1 2 2
//   3 3 2
// force2D angles (z, y, x), one direction each: (0,1,1) (0,1,0) (0,1,-1) (0,0,1).
TextureInput threeByThree() {
    TextureInput in;
    in.size = {3, 3, 1};
    in.spacing = {1, 1, 1};
    in.levels = {1, 1, 2, 1, 2, 2, 3, 3, 2};
    in.Ng = 3;
    return in;
}

TEST(PyradiomicsTexture, AnglesFollowGenerateAngles) {
    auto in = threeByThree();
    // The bounding box is one slice deep, so no angle moves along z: 4 in-plane angles.
    EXPECT_EQ(angles(in, false).size(), 4u);
    EXPECT_EQ(angles(in, true).size(), 8u);
    in.size = {3, 3, 2};
    in.levels.resize(18, 1);
    EXPECT_EQ(angles(in, false).size(), 13u);
    in.settings.force2D = true;
    EXPECT_EQ(angles(in, false).size(), 4u);
}

TEST(PyradiomicsTexture, GlcmByHand) {
    // Symmetrical GLCMs (i, j grey levels), one per angle:
    // x+1: pairs 1-1, 1-2 | 1-2, 2-2 | 3-3, 3-2 -> (1,1)=2 (1,2)=(2,1)=2 (2,2)=2 (3,3)=2
    //   (2,3)=(3,2)=1; 12 pairs; sum of squared counts 22; contrast sum 2*2*1 + 2*1*1 = 6.
    // y+1: 1-1, 1-3 | 1-2, 2-3 | 2-2, 2-2 -> (1,1)=2 (1,3)=(3,1)=1 (1,2)=(2,1)=1
    //   (2,3)=(3,2)=1 (2,2)=4; 12 pairs; squares 26; contrast 2*4 + 2*1 + 2*1 = 12.
    // x+1,y+1: 1-2, 1-2, 1-3, 2-2 -> (1,2)=(2,1)=2 (1,3)=(3,1)=1 (2,2)=2; 8 pairs;
    //   squares 14; contrast 2*2*1 + 2*1*4 = 12.
    // x-1,y+1: 1-1, 2-2, 2-3, 2-3 -> (1,1)=2 (2,2)=2 (2,3)=(3,2)=2; 8 pairs; squares 16;
    //   contrast 2*2*1 = 4.
    // Features are the mean over the 4 angles of the normalised matrices.
    const auto f = glcmFeatures(threeByThree());
    EXPECT_EQ(f.size(), 24u);
    EXPECT_NEAR(valueOf(f, "Contrast"), (6.0 / 12 + 12.0 / 12 + 12.0 / 8 + 4.0 / 8) / 4, 1e-12);
    EXPECT_NEAR(valueOf(f, "JointEnergy"), (22.0 / 144 + 26.0 / 144 + 14.0 / 64 + 16.0 / 64) / 4,
                1e-12);
    // MaximumProbability: 2/12, 4/12, 2/8, 2/8.
    EXPECT_NEAR(valueOf(f, "MaximumProbability"), (2.0 / 12 + 4.0 / 12 + 0.25 + 0.25) / 4, 1e-12);
}

TEST(PyradiomicsTexture, GlrlmByHand) {
    // Runs per angle (a line starts where the step back leaves the image):
    // x+1: [1,1][2] | [1][2,2] | [3,3][2] -> 6 runs, lengths 2,1,1,2,2,1.
    // y+1: [1,1][3] | [1][2][3] | [2,2,2] -> 6 runs, lengths 2,1,1,1,1,3.
    // x+1,y+1: from (0,0) 1,2,2 -> [1][2,2]; (1,0) 1,2 -> [1][2]; (2,0) [2]; (0,1) 1,3 ->
    //   [1][3]; (0,2) [3] -> 8 runs, seven of length 1 and one of 2.
    // x-1,y+1: from (0,0) [1]; (1,0) 1,1 -> [1,1]; (2,0) 2,2,3 -> [2,2][3]; (2,1) 2,3 ->
    //   [2][3]; (2,2) [2] -> 7 runs, lengths 1,2,2,1,1,1,1.
    // RunPercentage = mean of runs / 9; ShortRunEmphasis = mean of sum(1/j^2) / runs.
    const auto f = glrlmFeatures(threeByThree());
    EXPECT_NEAR(valueOf(f, "RunPercentage"), (6.0 + 6 + 8 + 7) / 36, 1e-12);
    const double sre =
        ((3 + 3 * 0.25) / 6 + (4 + 0.25 + 1.0 / 9) / 6 + (7 + 0.25) / 8 + (5 + 2 * 0.25) / 7) / 4;
    EXPECT_NEAR(valueOf(f, "ShortRunEmphasis"), sre, 1e-12);
}

TEST(PyradiomicsTexture, GlszmByHand) {
    // 8-connected zones: level 1 {(0,0),(1,0),(0,1)} size 3; level 2 {(2,0),(1,1),(2,1),(2,2)}
    // size 4; level 3 {(0,2),(1,2)} size 2. Nz = 3, Np = 9.
    const auto f = glszmFeatures(threeByThree());
    EXPECT_NEAR(valueOf(f, "ZonePercentage"), 3.0 / 9.0, 1e-12);
    EXPECT_NEAR(valueOf(f, "SmallAreaEmphasis"), (1.0 / 9 + 1.0 / 16 + 1.0 / 4) / 3, 1e-12);
    EXPECT_NEAR(valueOf(f, "LargeAreaEmphasis"), (9.0 + 16 + 4) / 3, 1e-12);
}

TEST(PyradiomicsTexture, GldmByHand) {
    // alpha 0, 8 neighbours in plane. Dependent neighbours (equal level):
    // (0,0)=1: (1,0),(0,1) -> 2; (1,0)=1: (0,0),(0,1) -> 2; (2,0)=2: (1,1),(2,1) -> 2;
    // (0,1)=1: (0,0),(1,0) -> 2; (1,1)=2: (2,0),(2,1),(2,2) -> 3; (2,1)=2: (2,0),(1,1),(2,2)
    // -> 3; (0,2)=3: (1,2) -> 1; (1,2)=3: (0,2) -> 1; (2,2)=2: (1,1),(2,1) -> 2.
    // j = dependents + 1: 3,3,3,3,4,4,2,2,3 -> SDE = (5/9 + 2/16 + 2/4)/9.
    const auto f = gldmFeatures(threeByThree());
    EXPECT_NEAR(valueOf(f, "SmallDependenceEmphasis"), (5.0 / 9 + 2.0 / 16 + 2.0 / 4) / 9, 1e-12);
    EXPECT_NEAR(valueOf(f, "LargeDependenceEmphasis"), (5.0 * 9 + 2 * 16 + 2 * 4) / 9, 1e-12);
}

TEST(PyradiomicsTexture, NgtdmByHand) {
    // Neighbour means (8-neighbourhood inside the image):
    // (0,0)=1: {1,1,2} mean 4/3 -> |1-4/3| = 1/3; (1,0)=1: {1,2,1,2,2} 8/5 -> 3/5;
    // (2,0)=2: {1,2,2} 5/3 -> 1/3; (0,1)=1: {1,1,2,3,3} 10/5 -> 1;
    // (1,1)=2: {1,1,2,1,2,3,3,2} 15/8 -> 1/8; (2,1)=2: {1,2,2,3,2} 10/5 -> 0;
    // (0,2)=3: {1,2,3} 2 -> 1; (1,2)=3: {1,2,2,3,2} 10/5 -> 1; (2,2)=2: {2,2,3} 7/3 -> 1/3.
    // n = (3,4,2), p = n/9; s_1 = 1/3+3/5+1 = 29/15, s_2 = 1/3+1/8+0+1/3 = 19/24, s_3 = 2.
    const double p1 = 3.0 / 9, p2 = 4.0 / 9, p3 = 2.0 / 9;
    const double s1 = 29.0 / 15, s2 = 19.0 / 24, s3 = 2.0;
    const auto f = ngtdmFeatures(threeByThree());
    EXPECT_NEAR(valueOf(f, "Coarseness"), 1.0 / (p1 * s1 + p2 * s2 + p3 * s3), 1e-12);
    const double strength = (2 * ((p1 + p2) * 1 + (p1 + p3) * 4 + (p2 + p3) * 1)) / (s1 + s2 + s3);
    EXPECT_NEAR(valueOf(f, "Strength"), strength, 1e-12);
}

} // namespace
} // namespace rgw::radiomics::pyradiomics
