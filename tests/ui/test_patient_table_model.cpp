// The cohort page's patient table model and missing-data overview over a
// variable table written here by hand: missing cells are empty (never 0),
// "not-profiled" is shown as itself, numbers sort as numbers.
#include "PatientTableModel.h"

#include <QSortFilterProxyModel>
#include <QTest>
#include <cmath>
#include <limits>

using namespace rgw;

namespace {

storage::VariableColumn numeric(const char* name, std::vector<double> values) {
    storage::VariableColumn c;
    c.info.name = name;
    c.info.numeric = true;
    c.info.description = name;
    c.numbers = std::move(values);
    return c;
}

storage::VariableColumn text(const char* name, std::vector<std::string> values) {
    storage::VariableColumn c;
    c.info.name = name;
    c.info.description = name;
    c.texts = std::move(values);
    return c;
}

storage::VariableTable table() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    storage::VariableTable t;
    t.patientIds = {"P1", "P2", "P3", "P4"};
    t.sampleIds = {"P1-01", "", "P3-01", "P4-01"};
    t.columns.push_back(numeric("AGE", {10, nan, 9, 0}));
    t.columns.push_back(text("mut_EGFR", {"mutated", "not-profiled", "wild-type", ""}));
    t.columns.push_back(text("has_CT", {"true", "true", "false", "true"}));
    return t;
}

} // namespace

class PatientTableModelTest : public QObject {
    Q_OBJECT
private slots:
    void cellsShowValuesAndMissing() {
        ui::PatientTableModel model;
        model.setTable(table());
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), 5);
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QString("AGE"));
        QCOMPARE(model.columnOf("mut_EGFR"), 3);
        QCOMPARE(model.data(model.index(0, 0)).toString(), QString("P1"));
        QCOMPARE(model.data(model.index(1, 1)).toString(), QString());
        QCOMPARE(model.data(model.index(0, 2)).toString(), QString("10"));
        // Missing is empty and says so; a stored 0 is 0.
        QCOMPARE(model.data(model.index(1, 2)).toString(), QString());
        QCOMPARE(model.data(model.index(1, 2), Qt::ToolTipRole).toString(), QString("missing"));
        QCOMPARE(model.data(model.index(3, 2)).toString(), QString("0"));
        QVERIFY(!model.data(model.index(3, 2), Qt::ToolTipRole).isValid());
        // Not profiled is a value, not missing.
        QCOMPARE(model.data(model.index(1, 3)).toString(), QString("not-profiled"));
        QVERIFY(!model.data(model.index(1, 3), Qt::ToolTipRole).isValid());
        QCOMPARE(model.data(model.index(3, 3), Qt::ToolTipRole).toString(), QString("missing"));
        QCOMPARE(model.patientId(2), QString("P3"));
    }

    void sortsNumbersAsNumbers() {
        ui::PatientTableModel model;
        model.setTable(table());
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(ui::PatientTableModel::SortRole);
        proxy.sort(2, Qt::AscendingOrder);
        // Missing first, then 0, 9, 10 (not the text order 0, 10, 9).
        QStringList order;
        for (int r = 0; r < proxy.rowCount(); ++r)
            order << proxy.data(proxy.index(r, 0)).toString();
        QCOMPARE(order, QStringList({"P2", "P4", "P3", "P1"}));
    }

    void missingOverviewCounts() {
        const auto counts = ui::missingOverview(table());
        QCOMPARE(counts.size(), std::size_t(3));
        QCOMPARE(counts[0].variable, std::string("AGE"));
        QCOMPARE(counts[0].missing, std::size_t(1));
        QCOMPARE(counts[0].rows, std::size_t(4));
        QCOMPARE(counts[1].missing, std::size_t(1)); // P4 only: not-profiled is not missing
        QCOMPARE(counts[2].missing, std::size_t(0));
    }
};

QTEST_MAIN(PatientTableModelTest)
#include "test_patient_table_model.moc"
