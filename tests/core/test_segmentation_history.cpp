// Undo/redo of segmentation edits: EditHistory and SegmentationSet.
#include "segmentation/Brush.h"
#include "segmentation/EditHistory.h"
#include "segmentation/SegmentationSet.h"
#include "util/Error.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <iostream>
#include <random>

namespace {

using namespace rgw;
using namespace rgw::segmentation;

Geometry grid(std::int64_t nx, std::int64_t ny, std::int64_t nz) {
    Geometry g;
    g.size = {nx, ny, nz};
    g.spacing = {0.8, 0.8, 2.5};
    g.origin = {-20.0, 10.0, -5.0};
    return g;
}

/// `mask` with the box [lo, lo + extent) set to `value`.
Mask withBox(Mask mask, const VoxelIndex& lo, const VoxelIndex& extent, std::uint8_t value) {
    for (std::int64_t k = lo[2]; k < lo[2] + extent[2]; ++k)
        for (std::int64_t j = lo[1]; j < lo[1] + extent[1]; ++j)
            for (std::int64_t i = lo[0]; i < lo[0] + extent[0]; ++i)
                mask.at(i, j, k) = value;
    return mask;
}

TEST(SegmentationHistory, DiffStoresOnlyTheChangedBox) {
    const Mask before(grid(64, 64, 32), 0);
    const Mask after = withBox(before, {10, 20, 5}, {4, 5, 6}, 1);
    const MaskEdit e = diffMasks(before, after, "paint", 0);
    EXPECT_EQ(e.box.lo, (VoxelIndex{10, 20, 5}));
    EXPECT_EQ(e.box.hi, (VoxelIndex{13, 24, 10}));
    EXPECT_EQ(e.before.size(), 4u * 5u * 6u);
    EXPECT_EQ(e.bytes(), 2u * 4u * 5u * 6u);
    EXPECT_TRUE(diffMasks(before, before, "nothing", 0).empty());
    const Mask other(grid(64, 64, 31), 0);
    EXPECT_THROW(diffMasks(before, other, "bad", 0), Error);
}

TEST(SegmentationHistory, SixtyEditsUndoRedoByteForByte) {
    std::mt19937 rng(4);
    SegmentationSet set(grid(48, 40, 24));
    const int s = set.addSegment("GTV", {255, 0, 0});
    ASSERT_TRUE(set.applyEdit(s, withBox(set.segment(s).mask, {5, 5, 5}, {20, 20, 10}, 1), "seed"));
    const Mask original = set.segment(s).mask;
    std::vector<Mask> states{original};
    std::uniform_int_distribution<std::int64_t> x(0, 40), y(0, 32), z(0, 20);
    for (int n = 0; states.size() < 61; ++n) {
        const Mask next =
            withBox(set.segment(s).mask, {x(rng), y(rng), z(rng)}, {6, 7, 3}, n % 3 == 2 ? 0 : 1);
        if (next.voxels == set.segment(s).mask.voxels)
            continue; // an edit changing nothing is not recorded
        ASSERT_TRUE(set.applyEdit(s, next, "edit " + std::to_string(n)));
        states.push_back(next);
    }
    const std::size_t edits = states.size() - 1; // 60
    const Mask final = set.segment(s).mask;
    for (std::size_t n = 0; n < edits; ++n) {
        ASSERT_EQ(set.undo(), s);
        ASSERT_EQ(set.segment(s).mask.voxels, states[edits - 1 - n].voxels) << "undo " << n;
    }
    EXPECT_EQ(set.segment(s).mask.voxels, original.voxels);
    EXPECT_EQ(set.undoLabel(), "seed");
    for (std::size_t n = 0; n < edits; ++n)
        ASSERT_EQ(set.redo(), s);
    EXPECT_EQ(set.segment(s).mask.voxels, final.voxels);
    EXPECT_FALSE(set.canRedo());
    EXPECT_EQ(set.redo(), -1);
}

TEST(SegmentationHistory, NewEditAfterUndoDropsRedoBranch) {
    SegmentationSet set(grid(32, 32, 8));
    const int s = set.addSegment("A", {0, 255, 0});
    for (int n = 0; n < 5; ++n)
        set.applyEdit(s, withBox(set.segment(s).mask, {n * 5, 0, 0}, {3, 3, 3}, 1),
                      "e" + std::to_string(n));
    set.undo();
    set.undo();
    EXPECT_TRUE(set.canRedo());
    EXPECT_EQ(set.redoLabel(), "e3");
    set.applyEdit(s, withBox(set.segment(s).mask, {0, 20, 0}, {2, 2, 2}, 1), "branch");
    EXPECT_FALSE(set.canRedo());
    EXPECT_EQ(set.history().size(), 4u);
    EXPECT_EQ(set.undoLabel(), "branch");
    // e3 and e4 are gone: their voxels are not painted.
    EXPECT_EQ(set.segment(s).mask.at(15, 0, 0), 0);
    EXPECT_EQ(set.segment(s).mask.at(20, 0, 0), 0);
}

TEST(SegmentationHistory, CapacityDropsOldestStep) {
    SegmentationSet set(grid(40, 8, 4), 5);
    const int s = set.addSegment("A", {0, 0, 255});
    std::vector<Mask> states{set.segment(s).mask};
    for (int n = 0; n < 8; ++n) {
        set.applyEdit(s, withBox(set.segment(s).mask, {n * 4, 0, 0}, {2, 2, 2}, 1),
                      "e" + std::to_string(n));
        states.push_back(set.segment(s).mask);
    }
    EXPECT_EQ(set.history().size(), 5u);
    int undone = 0;
    while (set.undo() >= 0)
        ++undone;
    EXPECT_EQ(undone, 5);
    EXPECT_EQ(set.segment(s).mask.voxels, states[3].voxels); // e0..e2 can no longer be undone
    EXPECT_EQ(EditHistory().capacity(), 100u);
}

TEST(SegmentationHistory, BrushStrokeIsOneStepStoringItsBox) {
    // 512 x 512 x 300 mask: 100 strokes stay small because only boxes are kept.
    const Geometry g = grid(512, 512, 300);
    SegmentationSet set(g);
    const int s = set.addSegment("GTV", {255, 255, 0});
    Brush brush;
    brush.radiusMm = 6.0;
    const BrushPlane axial = voxelAxisPlane(g, 2);
    std::size_t expectedBytes = 0;
    for (int n = 0; n < 100; ++n) {
        const Mask* m = &set.segment(s).mask;
        set.beginStroke(s, "paint");
        Eigen::Vector3d prev = g.physicalPoint({100.0 + n * 3, 100.0, 10.0 + n * 2});
        Box box;
        for (int p = 1; p <= 5; ++p) {
            const Eigen::Vector3d next = prev + Eigen::Vector3d(2.0, 1.5, 0.0);
            const Box b = strokeBox(g, prev, next, axial, brush.radiusMm);
            box = unite(box, b);
            set.strokeEdit(b, [&](Mask& mask) { paintStroke(mask, prev, next, axial, brush); });
            prev = next;
        }
        ASSERT_TRUE(set.endStroke());
        ASSERT_EQ(&set.segment(s).mask, m);
        expectedBytes += 2 * box.voxelCount();
    }
    EXPECT_EQ(set.history().size(), 100u);
    // Tight boxes are never bigger than the touched boxes; one stroke covers
    // about 35 x 25 x 1 voxels, the mask 78.6 M.
    EXPECT_LE(set.history().bytes(), expectedBytes);
    EXPECT_LT(set.history().bytes(), 400'000u);
    std::cout << "100 strokes on 512x512x300: history holds " << set.history().bytes()
              << " bytes (mask " << g.voxelCount() << " bytes)\n";
    // Undo all: the mask is empty again.
    while (set.undo() >= 0) {
    }
    EXPECT_EQ(std::count(set.segment(s).mask.voxels.begin(), set.segment(s).mask.voxels.end(), 1),
              0);
}

TEST(SegmentationHistory, StrokeUndoRestoresPaintedOverVoxels) {
    const Geometry g = grid(64, 64, 8);
    SegmentationSet set(g);
    const int s = set.addSegment("A", {1, 2, 3});
    set.applyEdit(s, withBox(set.segment(s).mask, {20, 20, 2}, {10, 10, 3}, 1), "box");
    const Mask before = set.segment(s).mask;
    Brush eraser;
    eraser.radiusMm = 4.0;
    eraser.erase = true;
    set.beginStroke(s, "erase");
    // Dabs whose boxes overlap and grow the stroke box.
    for (double x : {-4.0, 2.0, 9.0}) {
        const Eigen::Vector3d p = g.physicalPoint({25.0, 25.0, 3.0}) + Eigen::Vector3d(x, 0, 0);
        set.strokeEdit(strokeBox(g, p, p, std::nullopt, eraser.radiusMm),
                       [&](Mask& m) { paintSphere(m, p, eraser); });
    }
    const Eigen::Vector3d a = g.physicalPoint({10.0, 40.0, 1.0}),
                          b = g.physicalPoint({40.0, 30.0, 6.0});
    set.strokeSegment(a, b, std::nullopt, eraser);
    ASSERT_TRUE(set.endStroke());
    EXPECT_NE(set.segment(s).mask.voxels, before.voxels);
    EXPECT_EQ(set.undoLabel(), "erase");
    set.undo();
    EXPECT_EQ(set.segment(s).mask.voxels, before.voxels);
    // A stroke changing nothing records nothing.
    set.beginStroke(s, "noop");
    EXPECT_FALSE(set.endStroke());
    EXPECT_EQ(set.undoLabel(), "box");
}

TEST(SegmentationHistory, RemovingASegmentIsAnUndoableStep) {
    SegmentationSet set(grid(16, 16, 4));
    const int a = set.addSegment("A", {1, 0, 0});
    const int b = set.addSegment("B", {0, 1, 0});
    const int c = set.addSegment("C", {0, 0, 1});
    set.applyEdit(a, withBox(set.segment(a).mask, {0, 0, 0}, {2, 2, 2}, 1), "a");
    set.applyEdit(b, withBox(set.segment(b).mask, {4, 4, 0}, {2, 2, 2}, 1), "b");
    set.applyEdit(c, withBox(set.segment(c).mask, {8, 8, 0}, {2, 2, 2}, 1), "c");
    const Mask bMask = set.segment(b).mask;

    set.removeSegment(b);
    EXPECT_TRUE(set.segment(b).removed);
    EXPECT_EQ(set.segment(c).name, "C"); // indices stay: other steps stay valid
    EXPECT_EQ(set.history().size(), 4u);
    EXPECT_EQ(set.undoLabel(), "Delete B");
    EXPECT_THROW(set.applyEdit(b, bMask, "edit a removed segment"), Error);
    EXPECT_THROW(set.beginStroke(b, "paint a removed segment"), Error);

    // Undo brings B back with its voxels, then undoes C's and B's own edits.
    EXPECT_EQ(set.undo(), b);
    EXPECT_FALSE(set.segment(b).removed);
    EXPECT_EQ(set.segment(b).mask.voxels, bMask.voxels);
    EXPECT_EQ(set.undo(), c);
    EXPECT_EQ(set.segment(c).mask.at(8, 8, 0), 0);
    EXPECT_EQ(set.undo(), b);
    EXPECT_EQ(set.segment(b).mask.at(4, 4, 0), 0);
    // Redo all: B's edit, C's edit, then the removal again.
    EXPECT_EQ(set.redo(), b);
    EXPECT_EQ(set.redo(), c);
    EXPECT_EQ(set.redo(), b);
    EXPECT_TRUE(set.segment(b).removed);
    set.removeSegment(b); // already removed: no second step
    EXPECT_EQ(set.history().size(), 4u);
    EXPECT_THROW(set.segment(3), Error);
    EXPECT_THROW(set.addSegment("bad", {0, 0, 0}, Mask(grid(8, 8, 4), 0)), Error);
}

TEST(SegmentationHistory, MasksKeepTheirAddressWhenSegmentsAreAdded) {
    // Views and workers read a segment's mask in place (no copy) while the
    // list may grow: adding segments must not move the earlier masks.
    SegmentationSet set(grid(8, 8, 2));
    set.addSegment("First", {1, 0, 0}, withBox(Mask(grid(8, 8, 2), 0), {1, 1, 0}, {2, 2, 1}, 1));
    const Mask* first = &set.segment(0).mask;
    const std::uint8_t* voxels = first->voxels.data();
    for (int n = 0; n < 200; ++n)
        set.addSegment("More " + std::to_string(n), {0, 1, 0});
    EXPECT_EQ(&set.segment(0).mask, first);
    EXPECT_EQ(set.segment(0).mask.voxels.data(), voxels);
    EXPECT_EQ(first->at(1, 1, 0), 1);
}

} // namespace
