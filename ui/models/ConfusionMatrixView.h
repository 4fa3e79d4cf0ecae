#pragma once

// The confusion matrix of a multinomial model on the results page: true
// classes down, predicted classes across (the most probable class of each
// out-of-fold prediction), each cell's count shaded by its share of the true
// class's row, with the accuracy and the one-vs-rest AUCs above. Pure
// drawing: the counts, accuracy and AUCs come from
// modeling::MulticlassMetrics (stats::multiclassPerformance).

#include "modeling/Evaluation.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace rgw::ui {

class ConfusionMatrixView : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionMatrixView(const modeling::MulticlassMetrics& metrics,
                                 QWidget* parent = nullptr);

    /// Rows: true classes; columns: predicted classes (metrics.classes order).
    QTableWidget* table() const { return table_; }
    /// "Accuracy 0.733; one-vs-rest AUC: A 0.91, B 0.84, C 0.88 (mean 0.877)".
    QLabel* summaryLabel() const { return summary_; }

private:
    QLabel* summary_;
    QTableWidget* table_;
};

} // namespace rgw::ui
