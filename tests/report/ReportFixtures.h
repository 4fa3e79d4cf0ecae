#pragma once

// Synthetic report documents for the renderer's test and benchmark.

#include "report/ReportDocument.h"

#include <cstdint>

namespace rgw::reportfixtures {

/// A numbered document with every block kind and every figure kind, a table
/// long enough to continue over pages, non-ASCII text (ρ, ≤, –, é), edge
/// cases (an empty table, a figure without finite data, a very long word)
/// and two key images.
report::Document everyBlockDocument();

/// How many figures of everyBlockDocument() have no data to draw.
inline constexpr int kFiguresWithoutData = 6;

/// The word of everyBlockDocument()'s paragraph that is wider than a page.
const char* veryLongWord();

/// A synthetic 512 × 512 slice (a disc on noisy background, seeded) with a
/// circular contour.
report::KeyImage syntheticKeyImage(std::uint32_t seed, int size = 512);

/// A numbered patient report: a summary section, then per patient a page
/// break, a definition list, a key image and two tables.
report::Document patientReport(int patients, std::uint32_t seed);

} // namespace rgw::reportfixtures
