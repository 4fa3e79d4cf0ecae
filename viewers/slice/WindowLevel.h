#pragma once

// Window/level and the presets live in core (image/WindowLevel.h), the one
// source of truth the report's key images also read; the viewers keep their
// names and add the mouse interaction.

#include "image/WindowLevel.h"
#include "slice/ColourMap.h"

namespace rgw::viewers {

using rgw::kMinimumWindow;
using rgw::percentileWindow;
using rgw::presetsFor;
using rgw::resolvePreset;
using rgw::WindowLevel;
using rgw::WindowLevelPreset;

/// Window/level after a left-button drag of (dx, dy) pixels from `start` in a
/// view of `viewWidth` x `viewHeight` pixels. Right widens the window, up
/// raises the level; a drag across the whole view changes either by twice the
/// starting window, so the gain follows the current contrast (HU or SUV alike).
WindowLevel dragWindowLevel(const WindowLevel& start, double dx, double dy, double viewWidth,
                            double viewHeight);

} // namespace rgw::viewers
