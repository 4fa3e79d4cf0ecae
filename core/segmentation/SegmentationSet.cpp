#include "segmentation/SegmentationSet.h"

#include "util/Error.h"

#include <algorithm>

namespace rgw::segmentation {

SegmentationSet::SegmentationSet(Geometry grid, std::size_t historyCapacity)
    : grid_(std::move(grid)), history_(historyCapacity) {}

void SegmentationSet::check(int index) const {
    if (index < 0 || index >= size())
        throw Error("segmentation: no segment with index " + std::to_string(index) +
                    " (there are " + std::to_string(size()) + ")");
}

void SegmentationSet::checkEditable(int index) const {
    check(index);
    if (segments_[static_cast<std::size_t>(index)].removed)
        throw Error("segmentation: segment '" + segments_[static_cast<std::size_t>(index)].name +
                    "' was removed (undo brings it back)");
}

const Segment& SegmentationSet::segment(int index) const {
    check(index);
    return segments_[static_cast<std::size_t>(index)];
}

int SegmentationSet::addSegment(std::string name, std::array<int, 3> colour, Mask mask) {
    if (mask.empty())
        mask = Mask(grid_, 0);
    else if (!mask.geometry.sameGrid(grid_) || mask.voxels.size() != grid_.voxelCount())
        throw Error("segmentation: segment '" + name +
                    "' is not on the series grid; resample it first");
    Segment s;
    s.name = std::move(name);
    s.colour = colour;
    s.mask = std::move(mask);
    segments_.push_back(std::move(s));
    return size() - 1;
}

void SegmentationSet::removeSegment(int index) {
    check(index);
    if (stroke_)
        throw Error("segmentation: cannot remove a segment during a brush stroke");
    Segment& s = segments_[static_cast<std::size_t>(index)];
    if (s.removed)
        return;
    s.removed = true;
    MaskEdit step;
    step.kind = MaskEdit::Kind::RemoveSegment;
    step.label = "Delete " + s.name;
    step.segment = index;
    history_.push(std::move(step));
}

void SegmentationSet::renameSegment(int index, std::string name) {
    check(index);
    segments_[static_cast<std::size_t>(index)].name = std::move(name);
    segments_[static_cast<std::size_t>(index)].modified = true;
}

void SegmentationSet::recolourSegment(int index, std::array<int, 3> colour) {
    check(index);
    segments_[static_cast<std::size_t>(index)].colour = colour;
    segments_[static_cast<std::size_t>(index)].modified = true;
}

void SegmentationSet::setVisible(int index, bool visible) {
    check(index);
    segments_[static_cast<std::size_t>(index)].visible = visible;
}

void SegmentationSet::setOpacity(int index, double opacity) {
    check(index);
    segments_[static_cast<std::size_t>(index)].opacity = std::clamp(opacity, 0.0, 1.0);
}

void SegmentationSet::setOutline(int index, bool outline) {
    check(index);
    segments_[static_cast<std::size_t>(index)].outline = outline;
}

void SegmentationSet::setStoredId(int index, std::optional<std::int64_t> id) {
    check(index);
    segments_[static_cast<std::size_t>(index)].storedId = id;
    segments_[static_cast<std::size_t>(index)].modified = false;
}

bool SegmentationSet::applyEdit(int index, Mask after, std::string label) {
    check(index);
    return applyDiff(
        diffMasks(segments_[static_cast<std::size_t>(index)].mask, after, std::move(label), index));
}

bool SegmentationSet::applyDiff(MaskEdit edit) {
    checkEditable(edit.segment);
    if (stroke_)
        throw Error("segmentation: '" + edit.label + "' during an unfinished brush stroke");
    if (edit.empty())
        return false;
    Segment& s = segments_[static_cast<std::size_t>(edit.segment)];
    // The diff must have been taken against the current voxels of its box.
    if (extractBox(s.mask, edit.box) != edit.before)
        throw Error("segmentation: '" + edit.label + "' was computed on an older mask of '" +
                    s.name + "'");
    // Keep the segment's own geometry object; only voxels change.
    writeBox(s.mask, edit.box, edit.after);
    s.modified = true;
    history_.push(std::move(edit));
    return true;
}

void SegmentationSet::beginStroke(int index, std::string label) {
    checkEditable(index);
    if (stroke_)
        endStroke();
    stroke_ = Stroke{index, std::move(label), Box{}, {}};
}

void SegmentationSet::strokeEdit(const Box& box, const std::function<void(Mask&)>& tool) {
    if (!stroke_)
        throw Error("segmentation: brush edit outside a stroke (call beginStroke first)");
    Mask& mask = segments_[static_cast<std::size_t>(stroke_->segment)].mask;
    const Box touched = clampTo(box, grid_);
    if (!touched.empty()) {
        const Box grown = unite(stroke_->box, touched);
        if (!(grown == stroke_->box)) {
            // Voxels outside the old box are untouched so far: the mask still
            // holds their before-stroke value.
            std::vector<std::uint8_t> before = extractBox(mask, grown);
            const Box& old = stroke_->box;
            if (!old.empty()) {
                const auto gx = grown.extent(0), gy = grown.extent(1);
                std::size_t o = 0;
                for (std::int64_t k = old.lo[2]; k <= old.hi[2]; ++k)
                    for (std::int64_t j = old.lo[1]; j <= old.hi[1]; ++j)
                        for (std::int64_t i = old.lo[0]; i <= old.hi[0]; ++i, ++o)
                            before[static_cast<std::size_t>(
                                ((k - grown.lo[2]) * gy + (j - grown.lo[1])) * gx +
                                (i - grown.lo[0]))] = stroke_->before[o];
            }
            stroke_->box = grown;
            stroke_->before = std::move(before);
        }
    }
    tool(mask);
}

void SegmentationSet::strokeSegment(const Eigen::Vector3d& fromLps, const Eigen::Vector3d& toLps,
                                    const std::optional<BrushPlane>& plane, const Brush& brush) {
    strokeEdit(strokeBox(grid_, fromLps, toLps, plane, brush.radiusMm),
               [&](Mask& mask) { paintStroke(mask, fromLps, toLps, plane, brush); });
}

bool SegmentationSet::endStroke() {
    if (!stroke_)
        return false;
    Stroke s = std::move(*stroke_);
    stroke_.reset();
    Segment& seg = segments_[static_cast<std::size_t>(s.segment)];
    MaskEdit edit;
    edit.label = std::move(s.label);
    edit.segment = s.segment;
    edit.box = s.box;
    edit.after = extractBox(seg.mask, s.box);
    edit.before = std::move(s.before);
    edit = tighten(std::move(edit));
    if (edit.empty())
        return false;
    seg.modified = true;
    history_.push(std::move(edit));
    return true;
}

int SegmentationSet::undo() {
    if (stroke_)
        endStroke();
    const MaskEdit* e = history_.undo(
        [this](int i) -> Mask& { return segments_[static_cast<std::size_t>(i)].mask; });
    if (!e)
        return -1;
    Segment& s = segments_[static_cast<std::size_t>(e->segment)];
    if (e->kind == MaskEdit::Kind::RemoveSegment)
        s.removed = false;
    else
        s.modified = true;
    return e->segment;
}

int SegmentationSet::redo() {
    if (stroke_)
        endStroke();
    const MaskEdit* e = history_.redo(
        [this](int i) -> Mask& { return segments_[static_cast<std::size_t>(i)].mask; });
    if (!e)
        return -1;
    Segment& s = segments_[static_cast<std::size_t>(e->segment)];
    if (e->kind == MaskEdit::Kind::RemoveSegment)
        s.removed = true;
    else
        s.modified = true;
    return e->segment;
}

} // namespace rgw::segmentation
