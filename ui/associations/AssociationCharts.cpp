#include "AssociationCharts.h"

#include "stats/BoxStatistics.h"

#include <QBarCategoryAxis>
#include <QBoxPlotSeries>
#include <QBoxSet>
#include <QCategoryAxis>
#include <QChart>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

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

namespace rgw::ui {

QChart* runningSumChart(const association::EnrichmentCurve& curve, const QString& title) {
    auto* line = new QLineSeries;
    line->setName(QObject::tr("running enrichment score"));
    line->setColor(QColor(33, 102, 172));
    QList<QPointF> points;
    points.reserve(static_cast<qsizetype>(curve.runningSum.size()));
    double low = 0, high = 0;
    for (std::size_t i = 0; i < curve.runningSum.size(); ++i) {
        points.append(QPointF(static_cast<double>(i + 1), curve.runningSum[i]));
        low = std::min(low, curve.runningSum[i]);
        high = std::max(high, curve.runningSum[i]);
    }
    line->replace(points);
    const double span = std::max(high - low, 1e-9);
    const double tickY = low - 0.08 * span;
    auto* hits = new QScatterSeries;
    hits->setName(QObject::tr("genes of the set"));
    QImage tick(18, 18, QImage::Format_ARGB32);
    tick.fill(Qt::transparent);
    for (int row = 0; row < tick.height(); ++row)
        for (int column = 8; column < 10; ++column)
            tick.setPixelColor(column, row, Qt::black);
    hits->setLightMarker(tick); // a vertical tick per gene of the set
    hits->setMarkerSize(18);
    for (const std::size_t h : curve.hits)
        hits->append(static_cast<double>(h + 1), tickY);
    auto* peak = new QScatterSeries;
    peak->setName(QObject::tr("ES = %1 at rank %2").arg(curve.es, 0, 'g', 4).arg(curve.peak + 1));
    peak->setColor(QColor(178, 24, 43));
    peak->setMarkerSize(11);
    peak->append(static_cast<double>(curve.peak + 1), curve.es);
    auto* zero = new QLineSeries;
    zero->setColor(QColor(150, 150, 150));
    zero->append(1, 0);
    zero->append(static_cast<double>(std::max<std::size_t>(curve.runningSum.size(), 2)), 0);

    auto* chart = new QChart;
    for (QXYSeries* s : std::initializer_list<QXYSeries*>{line, hits, peak, zero})
        chart->addSeries(s);
    chart->legend()->markers(zero).front()->setVisible(false);
    auto* x = new QValueAxis;
    x->setTitleText(QObject::tr("rank in the ordered gene list"));
    x->setRange(1, std::max<double>(static_cast<double>(curve.runningSum.size()), 2));
    // Ticks at whole ranks: a 1-2-5 step giving at most 10 of them.
    double step = 1;
    const double ranks = static_cast<double>(curve.runningSum.size());
    for (double scale = 1; ranks / step > 10; scale *= 10)
        for (const double m : {1.0, 2.0, 5.0})
            if (ranks / step > 10)
                step = std::max(step, m * scale);
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0);
    x->setTickInterval(step);
    x->setLabelFormat(QStringLiteral("%.0f"));
    auto* y = new QValueAxis;
    y->setTitleText(QObject::tr("running enrichment score"));
    y->setRange(tickY - 0.08 * span, high + 0.08 * span);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (auto* s : chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setTitle(title.toHtmlEscaped());
    return chart;
}

std::pair<int, std::string> chromosomeOrder(const std::string& chromosome) {
    std::string c = chromosome;
    if (c.size() > 3 &&
        (c.rfind("chr", 0) == 0 || c.rfind("Chr", 0) == 0 || c.rfind("CHR", 0) == 0))
        c = c.substr(3);
    if (c.empty())
        return {1000, {}};
    if (std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) &&
        c.size() <= 3)
        return {std::stoi(c), {}};
    if (c == "X" || c == "x")
        return {23, {}};
    if (c == "Y" || c == "y")
        return {24, {}};
    if (c == "MT" || c == "M" || c == "mt")
        return {25, {}};
    return {100, c};
}

QChart* manhattanChart(const association::SnpAssociationResult& result,
                       std::vector<std::vector<int>>& pointSnps) {
    // Chromosomes in order with each one's span; SNPs without a chromosome
    // (or position) share a last block in input order.
    struct Block {
        std::pair<int, std::string> key;
        std::string name;
        double start = 0, span = 0;
    };
    std::vector<Block> blocks;
    const auto keyOf = [](const association::SnpTest& t) {
        return chromosomeOrder(t.snp.chromosome);
    };
    std::vector<int> tested;
    for (std::size_t s = 0; s < result.snps.size(); ++s)
        if (result.snps[s].status == association::SnpStatus::Tested)
            tested.push_back(static_cast<int>(s));
    int unplaced = 0;
    for (std::size_t k = 0; k < tested.size(); ++k) {
        const auto& t = result.snps[static_cast<std::size_t>(tested[k])];
        const auto key = keyOf(t);
        auto it = std::find_if(blocks.begin(), blocks.end(),
                               [&](const Block& b) { return b.key == key; });
        if (it == blocks.end()) {
            blocks.push_back(
                {key, t.snp.chromosome.empty() ? std::string("?") : t.snp.chromosome, 0, 0});
            it = blocks.end() - 1;
        }
        const double position = key.first == 1000 ? static_cast<double>(++unplaced)
                                                  : static_cast<double>(t.snp.position);
        it->span = std::max(it->span, position);
    }
    std::sort(blocks.begin(), blocks.end(),
              [](const Block& a, const Block& b) { return a.key < b.key; });
    double total = 0;
    for (Block& b : blocks)
        total += std::max(b.span, 1.0);
    const double gap = total * 0.01;
    double at = 0;
    for (Block& b : blocks) {
        b.start = at;
        at += std::max(b.span, 1.0) + gap;
    }

    auto* even = new QScatterSeries;
    auto* odd = new QScatterSeries;
    even->setColor(QColor(33, 102, 172));
    odd->setColor(QColor(120, 120, 120));
    for (auto* s : {even, odd}) {
        s->setMarkerSize(7);
        s->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    }
    even->setName(QObject::tr("SNPs"));
    odd->setName(QObject::tr("SNPs (alternate chromosomes)"));
    pointSnps.assign(2, {});
    double top = 1;
    int unplacedSeen = 0;
    for (const int s : tested) {
        const auto& t = result.snps[static_cast<std::size_t>(s)];
        const auto key = keyOf(t);
        const auto b = std::find_if(blocks.begin(), blocks.end(),
                                    [&](const Block& x) { return x.key == key; });
        const std::size_t index = static_cast<std::size_t>(b - blocks.begin());
        const double position = key.first == 1000 ? static_cast<double>(++unplacedSeen)
                                                  : static_cast<double>(t.snp.position);
        const double y = -std::log10(std::max(t.p, std::numeric_limits<double>::min()));
        top = std::max(top, y);
        (index % 2 == 0 ? even : odd)->append(b->start + position, y);
        pointSnps[index % 2].push_back(s);
    }
    auto* chart = new QChart;
    chart->addSeries(even);
    chart->addSeries(odd);
    const double right = std::max(at - gap, 1.0);
    const auto level = [&](double p, const QString& name, QColor colour) {
        auto* line = new QLineSeries;
        line->setName(name);
        QPen pen(colour);
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.5);
        line->setPen(pen);
        const double y = -std::log10(p);
        line->append(0, y);
        line->append(right, y);
        top = std::max(top, y);
        chart->addSeries(line);
    };
    if (!tested.empty())
        level(0.05 / static_cast<double>(tested.size()), QObject::tr("Bonferroni 0.05"),
              QColor(178, 24, 43));
    double largestSignificant = -1;
    for (const int s : tested) {
        const auto& t = result.snps[static_cast<std::size_t>(s)];
        if (t.fdr < 0.05)
            largestSignificant = std::max(largestSignificant, t.p);
    }
    if (largestSignificant > 0)
        level(largestSignificant, QObject::tr("FDR q < 0.05"), QColor(230, 140, 20));

    auto* x = new QCategoryAxis;
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
    for (const Block& b : blocks)
        x->append(QString::fromStdString(b.name), b.start + std::max(b.span, 1.0) + gap / 2);
    x->setRange(0, right);
    x->setTitleText(QObject::tr("chromosome and position"));
    auto* y = new QValueAxis;
    y->setTitleText(QObject::tr("−log10 p"));
    y->setRange(0, top * 1.08);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (auto* s : chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setTitle(QObject::tr("%1 regression of %2: %3 SNPs tested")
                        .arg(QString::fromLatin1(
                                 result.kind == association::OutcomeKind::Binary       ? "Logistic"
                                 : result.kind == association::OutcomeKind::Continuous ? "Linear"
                                                                                       : "Cox"),
                             QString::fromStdString(result.outcome))
                        .arg(tested.size())
                        .toHtmlEscaped());
    return chart;
}

} // namespace rgw::ui
