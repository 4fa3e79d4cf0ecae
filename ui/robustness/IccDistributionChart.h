#pragma once

// The distribution of a robustness run's ICCs (one kind) as a histogram of
// 0.05-wide bins over [0, 1], each bar stacked by Koo & Li band (IccBands.h)
// so the bands read as colours (the legend names them).
// Negative ICCs (worse than chance) are counted in the first bin.

#include "IccBands.h"

#include <QString>
#include <vector>

class QChartView;

namespace rgw::ui {

/// The bin of `icc` among the chart's 20 bins (0 .. 19); NaN has none (-1).
int iccHistogramBin(double icc);

/// A new chart view named `objectName` of `iccs` (NaN values are left out),
/// titled `title`.
QChartView* iccDistributionChart(const std::vector<double>& iccs, const QString& title,
                                 const QString& objectName);

} // namespace rgw::ui
