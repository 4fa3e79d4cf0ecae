#include "AssociationCharts.h"

#include "stats/BoxStatistics.h"

#include <QBarCategoryAxis>
#include <QBoxPlotSeries>
#include <QBoxSet>
#include <QChart>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace rgw::ui {

double volcanoEffect(const association::FeatureGroupTest& test, bool twoGroups) {
    return twoGroups ? test.cliffsDelta : test.etaSquared;
}

double volcanoP(const association::FeatureGroupTest& test, bool twoGroups) {
    return twoGroups ? test.mannWhitneyP : test.kruskalP;
}

double volcanoQ(const association::FeatureGroupTest& test, bool twoGroups) {
    return twoGroups ? test.mannWhitneyQ : test.kruskalQ;
}

QChart* volcanoChart(const association::GroupMap& map, double markAtQ,
                     std::vector<std::vector<int>>& pointFeatures) {
    const bool two = map.twoGroups();
    auto* plain = new QScatterSeries;
    plain->setName(QObject::tr("not significant"));
    plain->setMarkerSize(7);
    plain->setColor(QColor(120, 120, 120));
    auto* marked = new QScatterSeries;
    marked->setName(QObject::tr("FDR q ≤ %1").arg(markAtQ));
    marked->setMarkerSize(9);
    marked->setColor(QColor(178, 24, 43));
    pointFeatures.assign(2, {});
    double top = 1;
    for (std::size_t f = 0; f < map.features.size(); ++f) {
        const auto& test = map.features[f];
        const double effect = volcanoEffect(test, two), p = volcanoP(test, two);
        if (!std::isfinite(effect) || !(p > 0))
            continue; // untested: its note says why
        const double y = -std::log10(p);
        top = std::max(top, y);
        const bool significant = volcanoQ(test, two) <= markAtQ;
        (significant ? marked : plain)->append(effect, y);
        pointFeatures[significant ? 1 : 0].push_back(static_cast<int>(f));
    }
    auto* chart = new QChart;
    chart->addSeries(plain);
    chart->addSeries(marked);
    auto* x = new QValueAxis;
    x->setTitleText(
        two ? QObject::tr("Cliff's δ (%1 vs %2)")
                  .arg(QString::fromStdString(map.levels[1]), QString::fromStdString(map.levels[0]))
            : QObject::tr("η²_H (Kruskal–Wallis)"));
    if (two)
        x->setRange(-1, 1);
    auto* y = new QValueAxis;
    y->setTitleText(two ? QObject::tr("−log10 p (Mann–Whitney)")
                        : QObject::tr("−log10 p (Kruskal–Wallis)"));
    y->setRange(0, top * 1.05);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (auto* series : {plain, marked}) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
    chart->setTitle(QObject::tr("Features by group (%1 patients without a group left out)")
                        .arg(map.unknownPatients));
    return chart;
}

QChart* groupBoxChart(const std::string& feature, const Eigen::VectorXd& values,
                      const association::Grouping& grouping, const std::vector<std::string>& levels,
                      const association::FeatureGroupTest& test, bool twoGroups) {
    auto* boxes = new QBoxPlotSeries;
    auto* outliers = new QScatterSeries;
    outliers->setMarkerSize(6);
    outliers->setName(QObject::tr("outliers"));
    QStringList categories;
    double low = 0, high = 0;
    bool first = true;
    for (std::size_t g = 0; g < levels.size(); ++g) {
        std::vector<double> group;
        for (Eigen::Index i = 0; i < values.size(); ++i) {
            const auto& label = grouping.labels[static_cast<std::size_t>(i)];
            if (label && *label == levels[g])
                group.push_back(values(i));
        }
        const QString name = QString::fromStdString(levels[g]);
        categories << name;
        const bool any =
            std::any_of(group.begin(), group.end(), [](double v) { return !std::isnan(v); });
        if (!any) {
            boxes->append(new QBoxSet(name));
            continue;
        }
        const stats::BoxStatistics b = stats::boxStatistics(group);
        auto* set = new QBoxSet(b.lowerWhisker, b.lowerHinge, b.median, b.upperHinge,
                                b.upperWhisker, QStringLiteral("%1 (n = %2)").arg(name).arg(b.n));
        boxes->append(set);
        for (const double v : b.outliers)
            outliers->append(static_cast<double>(g), v);
        const double lo =
            b.outliers.empty()
                ? b.lowerWhisker
                : std::min(b.lowerWhisker, *std::min_element(b.outliers.begin(), b.outliers.end()));
        const double hi =
            b.outliers.empty()
                ? b.upperWhisker
                : std::max(b.upperWhisker, *std::max_element(b.outliers.begin(), b.outliers.end()));
        low = first ? lo : std::min(low, lo);
        high = first ? hi : std::max(high, hi);
        first = false;
    }
    auto* chart = new QChart;
    chart->addSeries(boxes);
    chart->addSeries(outliers);
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    auto* y = new QValueAxis;
    y->setTitleText(QString::fromStdString(feature));
    const double pad = (high - low) * 0.05 + 1e-12;
    y->setRange(low - pad, high + pad);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    boxes->attachAxis(x);
    boxes->attachAxis(y);
    // Outliers at their group's category: a hidden axis of category indices.
    auto* index = new QValueAxis;
    index->setRange(-0.5, static_cast<double>(levels.size()) - 0.5);
    index->setVisible(false);
    chart->addAxis(index, Qt::AlignTop);
    outliers->attachAxis(index);
    outliers->attachAxis(y);
    chart->legend()->hide();
    const double p = volcanoP(test, twoGroups), q = volcanoQ(test, twoGroups);
    chart->setTitle((twoGroups ? QObject::tr("%1: Cliff's δ %2, Mann–Whitney p %3, FDR q %4")
                                     .arg(QString::fromStdString(feature))
                                     .arg(test.cliffsDelta, 0, 'g', 3)
                               : QObject::tr("%1: η²_H %2, Kruskal–Wallis p %3, FDR q %4")
                                     .arg(QString::fromStdString(feature))
                                     .arg(test.etaSquared, 0, 'g', 3))
                        .arg(p, 0, 'g', 3)
                        .arg(q, 0, 'g', 3)
                        .toHtmlEscaped());
    return chart;
}

} // namespace rgw::ui
