// The confusion matrix on the results page (offscreen): a multinomial model
// trained by modeling::trainModel on a synthetic three-class table shows a
// "Confusion matrix" tab whose cells are exactly the cross-validated
// MulticlassMetrics counts (true classes down, predicted across) with the
// accuracy in its caption; a logistic model has no such tab.
#include "modeling/Training.h"
#include "models/ConfusionMatrixView.h"
#include "models/ModelCharts.h"
#include "models/ModelResultsView.h"
#include "util/Random.h"

#include <QLabel>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <memory>

using namespace rgw;

namespace {

/// 150 rows: class A, B or C shifts f1 and f2 (overlapping), f3 is noise;
/// `binary` is 1 for class C.
stats::DataTable threeClassTable() {
    Rng rng(20261206);
    std::vector<std::vector<std::string>> columns(5);
    const char* names[] = {"A", "B", "C"};
    for (int i = 0; i < 150; ++i) {
        const int k = i % 3;
        columns[0].push_back(names[k]);
        columns[1].push_back(std::to_string((k == 1 ? 1.5 : 0.0) + rng.uniform(-1.5, 1.5)));
        columns[2].push_back(std::to_string((k == 2 ? 1.5 : 0.0) + rng.uniform(-1.5, 1.5)));
        columns[3].push_back(std::to_string(rng.uniform(-1.0, 1.0)));
        columns[4].push_back(k == 2 ? "1" : "0");
    }
    return stats::DataTable::fromText("three classes", {"class", "f1", "f2", "f3", "binary"},
                                      columns);
}

std::shared_ptr<const ui::TrainingOutput> train(modeling::ModelKind kind,
                                                const std::string& target) {
    modeling::TrainingRequest request;
    request.name = target;
    request.task.kind = kind;
    request.task.target = target;
    request.features = {"f1", "f2", "f3"};
    request.pipeline.learner.penalty = modeling::Penalty::Ridge;
    request.pipeline.learner.innerFolds = 3;
    request.validation.folds = 3;
    request.validation.threads = 1;
    auto out = std::make_shared<ui::TrainingOutput>();
    out->result = modeling::trainModel(threeClassTable(), request, {"table three", "", ""});
    return out;
}

} // namespace

class ConfusionMatrixViewTest : public QObject {
    Q_OBJECT
private slots:
    void multinomialModelShowsItsCrossValidatedCounts() {
        const auto output = train(modeling::ModelKind::Multinomial, "class");
        const auto& metrics = output->result.crossValidated.multiclass;
        QVERIFY(metrics);
        ui::ModelResultsView view;
        view.setInteractive(false);
        view.resize(1000, 620);
        view.setOutput(output);
        QVERIFY(view.tabTitles().contains("Confusion matrix"));
        auto* matrix = view.findChild<ui::ConfusionMatrixView*>();
        QVERIFY(matrix);
        QTableWidget* table = matrix->table();
        const Eigen::MatrixXd& counts = metrics->performance.counts;
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->columnCount(), 3);
        double total = 0;
        for (int t = 0; t < 3; ++t)
            for (int p = 0; p < 3; ++p) {
                QCOMPARE(table->item(t, p)->text().toDouble(), counts(t, p));
                total += counts(t, p);
            }
        QCOMPARE(total, 150.0); // every row predicted once out of fold
        QCOMPARE(table->horizontalHeaderItem(1)->text(),
                 QString("predicted %1").arg(QString::fromStdString(metrics->classes[1])));
        QCOMPARE(table->verticalHeaderItem(2)->text(),
                 QString("true %1").arg(QString::fromStdString(metrics->classes[2])));
        QVERIFY(
            matrix->summaryLabel()->text().contains(ui::metricText(metrics->performance.accuracy)));
    }

    void logisticModelHasNoConfusionMatrixTab() {
        ui::ModelResultsView view;
        view.setInteractive(false);
        view.setOutput(train(modeling::ModelKind::Logistic, "binary"));
        QVERIFY(!view.tabTitles().contains("Confusion matrix"));
        QVERIFY(view.tabTitles().contains("ROC"));
    }
};

QTEST_MAIN(ConfusionMatrixViewTest)
#include "test_confusion_matrix_view.moc"
