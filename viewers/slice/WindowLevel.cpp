#include "slice/WindowLevel.h"

#include <algorithm>

namespace rgw::viewers {

WindowLevel dragWindowLevel(const WindowLevel& start, double dx, double dy, double viewWidth,
                            double viewHeight) {
    const double gainX = 2.0 * start.window / std::max(viewWidth, 1.0);
    const double gainY = 2.0 * start.window / std::max(viewHeight, 1.0);
    // Screen y grows downwards: dragging up (dy < 0) raises the level.
    return {std::max(start.window + dx * gainX, kMinimumWindow), start.level - dy * gainY};
}

} // namespace rgw::viewers
