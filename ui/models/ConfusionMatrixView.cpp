#include "ConfusionMatrixView.h"

#include "ModelCharts.h"

#include <QColor>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace rgw::ui {

ConfusionMatrixView::ConfusionMatrixView(const modeling::MulticlassMetrics& metrics,
                                         QWidget* parent)
    : QWidget(parent), summary_(new QLabel(this)), table_(new QTableWidget(this)) {
    const Eigen::MatrixXd& counts = metrics.performance.counts;
    const int k = static_cast<int>(counts.rows());
    QStringList classes;
    for (const auto& name : metrics.classes)
        classes << QString::fromStdString(name);

    QStringList aucs;
    for (int c = 0; c < k && c < classes.size(); ++c)
        if (c < metrics.performance.oneVsRestAuc.size())
            aucs << QStringLiteral("%1 %2").arg(classes[c],
                                                metricText(metrics.performance.oneVsRestAuc(c)));
    summary_->setText(tr("Cross-validated (out-of-fold) predictions, most probable class. "
                         "Accuracy %1; one-vs-rest AUC: %2 (mean %3)")
                          .arg(metricText(metrics.performance.accuracy), aucs.join(", "),
                               metricText(metrics.meanOneVsRestAuc)));
    summary_->setWordWrap(true);

    table_->setObjectName(QStringLiteral("confusionMatrix"));
    table_->setRowCount(k);
    table_->setColumnCount(k);
    QStringList across, down;
    for (const QString& name : classes) {
        across << tr("predicted %1").arg(name);
        down << tr("true %1").arg(name);
    }
    table_->setHorizontalHeaderLabels(across);
    table_->setVerticalHeaderLabels(down);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setToolTip(tr("Rows: the true class; columns: the predicted class. The diagonal "
                          "holds the correct predictions."));
    for (int t = 0; t < k; ++t) {
        const double rowTotal = counts.row(t).sum(); // for the shading only
        for (int p = 0; p < k; ++p) {
            const double n = counts(t, p);
            auto* item = new QTableWidgetItem(QString::number(n, 'g', 10));
            item->setTextAlignment(Qt::AlignCenter);
            // Shade by the share of the true class's patients in the cell:
            // blue on the diagonal (correct), orange off it.
            const double share = rowTotal > 0 ? n / rowTotal : 0;
            const QColor base = t == p ? QColor(33, 113, 181) : QColor(230, 85, 13);
            item->setBackground(QColor::fromRgbF(float(1 - share * (1 - base.redF()) * 0.6),
                                                 float(1 - share * (1 - base.greenF()) * 0.6),
                                                 float(1 - share * (1 - base.blueF()) * 0.6)));
            item->setToolTip(tr("%1 patient(s) of class %2 predicted as %3")
                                 .arg(item->text(), classes.value(t), classes.value(p)));
            table_->setItem(t, p, item);
        }
    }
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addWidget(table_, 1);
}

} // namespace rgw::ui
