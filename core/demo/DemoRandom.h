#pragma once

#include "util/Random.h"

namespace rgw::demo {

/// The demo cohort draws from the workstation's portable random source.
using DemoRng = rgw::Rng;
using rgw::hashKey;

} // namespace rgw::demo
