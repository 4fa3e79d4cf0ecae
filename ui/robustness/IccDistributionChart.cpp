#include "IccDistributionChart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QPainter>
#include <QStackedBarSeries>
#include <QValueAxis>
#include <algorithm>
#include <array>
#include <cmath>

namespace rgw::ui {

namespace {

constexpr int kBins = 20;

const std::array<QColor, kIccBands> kBandColours = {QColor(0xd7, 0x30, 0x27),  // poor
                                                    QColor(0xfc, 0x8d, 0x59),  // moderate
                                                    QColor(0x91, 0xcf, 0x60),  // good
                                                    QColor(0x1a, 0x98, 0x50)}; // excellent

} // namespace

int iccHistogramBin(double icc) {
    if (std::isnan(icc))
        return -1;
    return std::clamp(static_cast<int>(std::floor(icc * kBins)), 0, kBins - 1);
}

QChartView* iccDistributionChart(const std::vector<double>& iccs, const QString& title,
                                 const QString& objectName) {
    std::array<std::array<int, kBins>, kIccBands> counts{};
    for (const double v : iccs)
        if (const int bin = iccHistogramBin(v); bin >= 0)
            ++counts[static_cast<std::size_t>(iccBand(v))][static_cast<std::size_t>(bin)];
    auto* series = new QStackedBarSeries;
    series->setBarWidth(1.0);
    int highest = 1;
    std::array<int, kBins> totals{};
    for (std::size_t b = 0; b < kIccBands; ++b) {
        const auto band = static_cast<IccBand>(b);
        auto* set = new QBarSet(QString::fromUtf8(iccBandName(band)));
        set->setColor(kBandColours[b]);
        set->setBorderColor(kBandColours[b].darker(130));
        for (int bin = 0; bin < kBins; ++bin) {
            set->append(counts[b][static_cast<std::size_t>(bin)]);
            totals[static_cast<std::size_t>(bin)] += counts[b][static_cast<std::size_t>(bin)];
        }
        series->append(set);
    }
    for (const int t : totals)
        highest = std::max(highest, t);
    auto* chart = new QChart;
    chart->setTitle(title.toHtmlEscaped());
    chart->addSeries(series);
    // The bars stand on a category axis without labels; a value axis over
    // [0, 1] under it labels the bin edges, which 20 category labels cannot
    // at a dialog's width.
    auto* categories = new QBarCategoryAxis;
    QStringList names;
    for (int bin = 0; bin < kBins; ++bin)
        names << QString::number(bin);
    categories->append(names);
    categories->setLabelsVisible(false);
    categories->setGridLineVisible(false);
    categories->setLineVisible(false);
    auto* x = new QValueAxis;
    x->setRange(0, 1);
    x->setTickCount(11);
    x->setLabelFormat(QStringLiteral("%.1f"));
    x->setTitleText(QObject::tr("ICC (bins of 0.05; below 0 counted in the first)"));
    auto* y = new QValueAxis;
    y->setRange(0, highest);
    y->setLabelFormat(QStringLiteral("%d"));
    y->applyNiceNumbers();
    y->setTitleText(QObject::tr("Features"));
    chart->addAxis(categories, Qt::AlignBottom);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(categories);
    series->attachAxis(y);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto* view = new QChartView(chart);
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(320, 240);
    return view;
}

} // namespace rgw::ui
