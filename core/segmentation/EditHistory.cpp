#include "segmentation/EditHistory.h"

#include "util/Error.h"

#include <algorithm>
#include <cstring>

namespace rgw::segmentation {

std::vector<std::uint8_t> extractBox(const Mask& mask, const Box& box) {
    std::vector<std::uint8_t> out(box.voxelCount());
    if (box.empty())
        return out;
    const auto nx = static_cast<std::size_t>(box.extent(0));
    std::size_t o = 0;
    for (std::int64_t k = box.lo[2]; k <= box.hi[2]; ++k)
        for (std::int64_t j = box.lo[1]; j <= box.hi[1]; ++j, o += nx)
            std::memcpy(out.data() + o,
                        mask.voxels.data() + mask.geometry.linearIndex(box.lo[0], j, k), nx);
    return out;
}

void writeBox(Mask& mask, const Box& box, const std::vector<std::uint8_t>& values) {
    if (box.empty())
        return;
    if (values.size() != box.voxelCount())
        throw Error("mask edit: box data size does not match its box");
    const auto nx = static_cast<std::size_t>(box.extent(0));
    std::size_t o = 0;
    for (std::int64_t k = box.lo[2]; k <= box.hi[2]; ++k)
        for (std::int64_t j = box.lo[1]; j <= box.hi[1]; ++j, o += nx)
            std::memcpy(mask.voxels.data() + mask.geometry.linearIndex(box.lo[0], j, k),
                        values.data() + o, nx);
}

MaskEdit diffMasks(const Mask& before, const Mask& after, std::string label, int segment) {
    if (!before.geometry.sameGrid(after.geometry) || before.voxels.size() != after.voxels.size())
        throw Error("mask edit '" + label + "': the edited mask is not on the segment's grid");
    const Geometry& g = before.geometry;
    MaskEdit edit;
    edit.label = std::move(label);
    edit.segment = segment;
    Box box;
    bool any = false;
    std::size_t v = 0;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i, ++v) {
                if (before.voxels[v] == after.voxels[v])
                    continue;
                const std::array<std::int64_t, 3> p{i, j, k};
                for (int d = 0; d < 3; ++d) {
                    box.lo[d] = any ? std::min(box.lo[d], p[d]) : p[d];
                    box.hi[d] = any ? std::max(box.hi[d], p[d]) : p[d];
                }
                any = true;
            }
    if (!any)
        return edit;
    edit.box = box;
    edit.before = extractBox(before, box);
    edit.after = extractBox(after, box);
    return edit;
}

MaskEdit tighten(MaskEdit edit) {
    if (edit.box.empty())
        return edit;
    const Box& b = edit.box;
    Box tight;
    bool any = false;
    std::size_t v = 0;
    for (std::int64_t k = b.lo[2]; k <= b.hi[2]; ++k)
        for (std::int64_t j = b.lo[1]; j <= b.hi[1]; ++j)
            for (std::int64_t i = b.lo[0]; i <= b.hi[0]; ++i, ++v) {
                if (edit.before[v] == edit.after[v])
                    continue;
                const std::array<std::int64_t, 3> p{i, j, k};
                for (int d = 0; d < 3; ++d) {
                    tight.lo[d] = any ? std::min(tight.lo[d], p[d]) : p[d];
                    tight.hi[d] = any ? std::max(tight.hi[d], p[d]) : p[d];
                }
                any = true;
            }
    MaskEdit out;
    out.label = std::move(edit.label);
    out.segment = edit.segment;
    if (!any)
        return out;
    out.box = tight;
    out.before.reserve(tight.voxelCount());
    out.after.reserve(tight.voxelCount());
    const auto nx = b.extent(0), ny = b.extent(1);
    for (std::int64_t k = tight.lo[2]; k <= tight.hi[2]; ++k)
        for (std::int64_t j = tight.lo[1]; j <= tight.hi[1]; ++j)
            for (std::int64_t i = tight.lo[0]; i <= tight.hi[0]; ++i) {
                const auto s = static_cast<std::size_t>(((k - b.lo[2]) * ny + (j - b.lo[1])) * nx +
                                                        (i - b.lo[0]));
                out.before.push_back(edit.before[s]);
                out.after.push_back(edit.after[s]);
            }
    return out;
}

EditHistory::EditHistory(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {}

void EditHistory::push(MaskEdit edit) {
    if (edit.empty())
        return;
    edits_.erase(edits_.begin() + static_cast<std::ptrdiff_t>(cursor_), edits_.end());
    edits_.push_back(std::move(edit));
    while (edits_.size() > capacity_)
        edits_.pop_front();
    cursor_ = edits_.size();
}

std::string EditHistory::undoLabel() const {
    return canUndo() ? edits_[cursor_ - 1].label : "";
}
std::string EditHistory::redoLabel() const {
    return canRedo() ? edits_[cursor_].label : "";
}

const MaskEdit* EditHistory::undo(const MaskAccess& masks) {
    if (!canUndo())
        return nullptr;
    const MaskEdit& e = edits_[cursor_ - 1];
    writeBox(masks(e.segment), e.box, e.before);
    --cursor_;
    return &e;
}

const MaskEdit* EditHistory::redo(const MaskAccess& masks) {
    if (!canRedo())
        return nullptr;
    const MaskEdit& e = edits_[cursor_];
    writeBox(masks(e.segment), e.box, e.after);
    ++cursor_;
    return &e;
}

void EditHistory::clear() {
    edits_.clear();
    cursor_ = 0;
}

std::size_t EditHistory::bytes() const {
    std::size_t b = 0;
    for (const MaskEdit& e : edits_)
        b += e.bytes();
    return b;
}

} // namespace rgw::segmentation
