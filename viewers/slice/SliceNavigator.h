#pragma once

#include "image/Image.h"

namespace rgw::viewers {

/// Which slice of a stack is shown; every move is clamped to the stack.
class SliceNavigator {
public:
    /// A new stack of `count` slices; starts on the middle slice.
    void reset(int count);

    int count() const { return count_; }
    int current() const { return current_; }
    bool empty() const { return count_ == 0; }

    /// Slices moved by PageUp/PageDown: a tenth of the stack, at least one.
    int pageStep() const;

    /// Each returns true when the current slice changed.
    bool setCurrent(int slice);
    bool step(int delta) { return setCurrent(current_ + delta); }
    bool pageUp() { return step(pageStep()); }
    bool pageDown() { return step(-pageStep()); }
    bool first() { return setCurrent(0); }
    bool last() { return setCurrent(count_ - 1); }

private:
    int count_ = 0;
    int current_ = 0;
};

/// The axial slice (k) holding the most voxels of the mask, or -1 when the
/// mask is empty: where a segmentation is best seen first.
int sliceWithMostVoxels(const Mask& mask);

} // namespace rgw::viewers
