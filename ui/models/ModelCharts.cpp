#include "ModelCharts.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalBarSeries>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace rgw::ui {

QString metricText(double value) {
    return std::isfinite(value) ? QString::number(value, 'f', 3) : QStringLiteral("n/a");
}

QString pValueText(double p) {
    if (!std::isfinite(p))
        return QStringLiteral("n/a");
    return p < 1e-4 ? QStringLiteral("< 0.0001") : QString::number(p, 'g', 3);
}

namespace {

QChartView* viewOf(QChart* chart, const QString& name) {
    // Chart titles are rich text: "p < 0.0001" must not start a tag.
    chart->setTitle(chart->title().toHtmlEscaped());
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto* view = new QChartView(chart);
    view->setObjectName(name);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(360, 260);
    return view;
}

QValueAxis* axis(const QString& title, double low, double high) {
    auto* a = new QValueAxis;
    a->setTitleText(title);
    a->setRange(low, high);
    return a;
}

void attach(QChart* chart, QAbstractSeries* series, QValueAxis* x, QValueAxis* y) {
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

QLineSeries* diagonal(const QString& name) {
    auto* s = new QLineSeries;
    s->setName(name);
    s->append(0, 0);
    s->append(1, 1);
    QPen pen(Qt::gray);
    pen.setStyle(Qt::DashLine);
    s->setPen(pen);
    return s;
}

} // namespace

QChartView* rocChart(const modeling::BinaryMetrics& m) {
    auto* chart = new QChart;
    chart->setTitle(
        QObject::tr("ROC — AUC %1 (95 % CI %2–%3, DeLong)")
            .arg(metricText(m.auc.auc), metricText(m.auc.lower), metricText(m.auc.upper)));
    auto* x = axis(QObject::tr("1 − specificity"), 0, 1);
    auto* y = axis(QObject::tr("Sensitivity"), 0, 1);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    auto* curve = new QLineSeries;
    curve->setName(QObject::tr("Model (out-of-fold)"));
    // Points are in ascending threshold order: sensitivity falls, 1 - specificity falls.
    for (auto it = m.roc.points.rbegin(); it != m.roc.points.rend(); ++it)
        curve->append(1.0 - it->specificity, it->sensitivity);
    attach(chart, curve, x, y);
    attach(chart, diagonal(QObject::tr("Chance")), x, y);
    auto* cut = new QScatterSeries;
    cut->setName(QObject::tr("Threshold %1").arg(metricText(m.atThreshold.threshold)));
    cut->append(1.0 - m.atThreshold.specificity, m.atThreshold.sensitivity);
    attach(chart, cut, x, y);
    return viewOf(chart, QStringLiteral("rocChart"));
}

QChartView* calibrationChart(const modeling::BinaryMetrics& m) {
    auto* chart = new QChart;
    chart->setTitle(QObject::tr("Calibration — intercept %1, slope %2, Brier %3")
                        .arg(metricText(m.calibration.intercept), metricText(m.calibration.slope),
                             metricText(m.calibration.brier)));
    auto* x = axis(QObject::tr("Predicted probability"), 0, 1);
    auto* y = axis(QObject::tr("Observed fraction (Wilson 95 % CI)"), 0, 1);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    attach(chart, diagonal(QObject::tr("Ideal")), x, y);
    auto* curve = new QLineSeries;
    curve->setName(QObject::tr("Deciles of risk"));
    auto* points = new QScatterSeries;
    points->setName(QObject::tr("Observed"));
    points->setMarkerSize(8);
    for (const auto& bin : m.calibrationCurve) {
        curve->append(bin.meanPredicted, bin.observed);
        points->append(bin.meanPredicted, bin.observed);
    }
    attach(chart, curve, x, y);
    attach(chart, points, x, y);
    const QColor barColour = points->color();
    for (const auto& bin : m.calibrationCurve) {
        auto* bar = new QLineSeries;
        bar->append(bin.meanPredicted, bin.lower);
        bar->append(bin.meanPredicted, bin.upper);
        bar->setColor(barColour);
        attach(chart, bar, x, y);
        chart->legend()->markers(bar).front()->setVisible(false);
    }
    return viewOf(chart, QStringLiteral("calibrationChart"));
}

QChartView* decisionCurveChart(const modeling::BinaryMetrics& m) {
    auto* chart = new QChart;
    chart->setTitle(QObject::tr("Decision curve — net benefit"));
    auto* model = new QLineSeries;
    model->setName(QObject::tr("Model"));
    auto* all = new QLineSeries;
    all->setName(QObject::tr("Treat all"));
    auto* none = new QLineSeries;
    none->setName(QObject::tr("Treat none"));
    double top = 0.05;
    for (const auto& nb : m.decisionCurve) {
        model->append(nb.threshold, nb.model);
        all->append(nb.threshold, nb.treatAll);
        none->append(nb.threshold, nb.treatNone);
        top = std::max({top, nb.model, nb.treatAll});
    }
    auto* x = axis(QObject::tr("Threshold probability"), 0, 1);
    auto* y = axis(QObject::tr("Net benefit"), -0.05, top * 1.05);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    attach(chart, model, x, y);
    attach(chart, all, x, y);
    attach(chart, none, x, y);
    return viewOf(chart, QStringLiteral("decisionCurveChart"));
}

QChartView* kaplanMeierChart(const modeling::SurvivalMetrics& m) {
    auto* chart = new QChart;
    QString title = QObject::tr("Kaplan–Meier by predicted risk group");
    if (m.logRank)
        title += QObject::tr(" — log-rank χ² %1 (df %2), p %3")
                     .arg(metricText(m.logRank->chiSquared))
                     .arg(m.logRank->df)
                     .arg(pValueText(m.logRank->p));
    chart->setTitle(title);
    double last = 0;
    for (const auto& curve : m.kaplanMeier)
        if (!curve.rows.empty())
            last = std::max(last, curve.rows.back().time);
    auto* x = axis(QObject::tr("Time"), 0, last > 0 ? last : 1);
    auto* y = axis(QObject::tr("Survival probability"), 0, 1);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (const auto& curve : m.kaplanMeier) {
        auto* s = new QLineSeries;
        s->setName(QObject::tr("%1 risk").arg(QString::fromStdString(curve.group)));
        double survival = 1.0;
        s->append(0, survival);
        for (const auto& row : curve.rows) {
            s->append(row.time, survival); // the step: flat until the time, then down
            survival = row.survival;
            s->append(row.time, survival);
        }
        attach(chart, s, x, y);
    }
    return viewOf(chart, QStringLiteral("kaplanMeierChart"));
}

QChartView* coefficientChart(const modeling::LinearModel& model,
                             const std::vector<std::string>& columnNames) {
    auto* chart = new QChart;
    chart->setTitle(QObject::tr("Coefficients of the final model (per SD of each feature)"));
    auto* series = new QHorizontalBarSeries;
    QStringList names;
    for (const auto& f : model.features)
        names << QString::fromStdString(f);
    double extent = 0;
    for (Eigen::Index c = 0; c < model.beta.cols(); ++c) {
        const auto col = static_cast<std::size_t>(c);
        auto* set = new QBarSet(col < columnNames.size() ? QString::fromStdString(columnNames[col])
                                                         : QObject::tr("column %1").arg(c + 1));
        for (Eigen::Index r = 0; r < model.beta.rows(); ++r) {
            *set << model.beta(r, c);
            extent = std::max(extent, std::abs(model.beta(r, c)));
        }
        series->append(set);
    }
    chart->addSeries(series);
    auto* categories = new QBarCategoryAxis;
    categories->append(names);
    chart->addAxis(categories, Qt::AlignLeft);
    series->attachAxis(categories);
    const double e = extent > 0 ? extent * 1.1 : 1.0;
    auto* x = axis(QObject::tr("Standardised coefficient"), -e, e);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto* view = viewOf(chart, QStringLiteral("coefficientChart"));
    // One row per feature: the chart grows with the model, inside a scroll area.
    view->setMinimumHeight(std::max(260, 80 + 22 * static_cast<int>(names.size())));
    return view;
}

QChartView* importanceChart(const modeling::TrainedLearner& learner) {
    auto* chart = new QChart;
    chart->setTitle(QObject::tr("Feature importance of the final %1 model")
                        .arg(QString::fromLatin1(modeling::learnerKindName(learner.kind))));
    // Ascending order: a horizontal bar chart draws its first category at the bottom.
    std::vector<Eigen::Index> order(static_cast<std::size_t>(learner.importance.size()));
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<Eigen::Index>(i);
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
        return learner.importance(a) < learner.importance(b);
    });
    auto* set = new QBarSet(QObject::tr("importance"));
    QStringList names;
    double largest = 0;
    for (const Eigen::Index i : order) {
        const auto at = static_cast<std::size_t>(i);
        names << (at < learner.features.size() ? QString::fromStdString(learner.features[at])
                                               : QObject::tr("feature %1").arg(i + 1));
        *set << learner.importance(i);
        largest = std::max(largest, learner.importance(i));
    }
    auto* series = new QHorizontalBarSeries;
    series->append(set);
    chart->addSeries(series);
    auto* categories = new QBarCategoryAxis;
    categories->append(names);
    chart->addAxis(categories, Qt::AlignLeft);
    series->attachAxis(categories);
    auto* x = axis(QObject::tr("Share of the total importance"), 0,
                   largest > 0 ? std::min(1.0, largest * 1.1) : 1.0);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    chart->legend()->hide();
    auto* view = viewOf(chart, QStringLiteral("importanceChart"));
    view->setMinimumHeight(std::max(260, 80 + 22 * static_cast<int>(names.size())));
    return view;
}

} // namespace rgw::ui
