#pragma once

// The charts of the results page (Qt Charts), one function per chart. Pure
// drawing: every point and every number in a title comes from the metric
// structs of core/modeling/Evaluation.h and the fitted model; nothing is
// computed here.

#include "modeling/Evaluation.h"
#include "modeling/Pipeline.h"

#include <QString>
#include <string>
#include <vector>

class QChartView;

namespace rgw::ui {

/// A number as the results page writes it: 3 decimals ("0.812").
QString metricText(double value);
/// A p-value: 3 significant digits, "< 0.0001" below that.
QString pValueText(double p);

/// ROC curve (1 − specificity against sensitivity) with the diagonal;
/// title "ROC — AUC a (95 % CI l–u, DeLong)".
QChartView* rocChart(const modeling::BinaryMetrics& metrics);
/// The binned calibration curve with each bin's Wilson interval as a bar,
/// the ideal diagonal, and the intercept and slope in the title.
QChartView* calibrationChart(const modeling::BinaryMetrics& metrics);
/// Net benefit of the model, treat all and treat none against the threshold
/// probability; the y axis is clipped below at −0.05 as dcurves draws it.
QChartView* decisionCurveChart(const modeling::BinaryMetrics& metrics);
/// Kaplan–Meier step curves, one per risk group, with the log-rank p in the title.
/// (Chart titles are rich text; every builder stores its title HTML-escaped.)
QChartView* kaplanMeierChart(const modeling::SurvivalMetrics& metrics);
/// Horizontal bars of the final model's coefficients on the standardised
/// scale (LinearModel::beta), one bar set per column (`columnNames`:
/// "log-odds", "log hazard" or the classes).
QChartView* coefficientChart(const modeling::LinearModel& model,
                             const std::vector<std::string>& columnNames);
/// Horizontal bars of a non-linear learner's feature importance
/// (TrainedLearner::importance, summing to 1), one bar per feature, the
/// most important at the top. Requires a non-empty importance.
QChartView* importanceChart(const modeling::TrainedLearner& learner);

} // namespace rgw::ui
