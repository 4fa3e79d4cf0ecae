// File > Memory budget: the setting is remembered and applied to the process
// budget that every reader checks before allocating (issue #10).
#include "MemoryBudgetSettings.h"
#include "util/ResourceBudget.h"

#include <QApplication>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

namespace budget = rgw::budget;

class TestMemoryBudgetDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // keep the user's settings untouched
        QSettings().clear();
    }
    void cleanup() {
        QSettings().clear();
        budget::setMemoryBytes(0);
    }

    void acceptingStoresAndAppliesTheBudget() {
        rgw::ui::MemoryBudgetDialog dialog;
        auto* useDefault = dialog.findChild<QCheckBox*>();
        auto* gigabytes = dialog.findChild<QDoubleSpinBox*>();
        QVERIFY(useDefault && gigabytes);
        QVERIFY(useDefault->isChecked()); // nothing stored yet: the default
        QVERIFY(!gigabytes->isEnabled());
        useDefault->setChecked(false);
        QVERIFY(gigabytes->isEnabled());
        gigabytes->setValue(2.5);
        dialog.accept();
        QCOMPARE(budget::memoryBytes(), std::uint64_t{2'500'000'000});
        QCOMPARE(QSettings().value("resources/memoryBudgetBytes").toULongLong(),
                 qulonglong{2'500'000'000});

        budget::setMemoryBytes(0); // a new session reads the stored value
        rgw::ui::applyStoredMemoryBudget();
        QCOMPARE(budget::memoryBytes(), std::uint64_t{2'500'000'000});
        rgw::ui::MemoryBudgetDialog again;
        QCOMPARE(again.chosenBytes(), std::uint64_t{2'500'000'000});
    }

    void theDefaultRemovesTheStoredValue() {
        QSettings().setValue("resources/memoryBudgetBytes", qulonglong{1'000'000'000});
        rgw::ui::applyStoredMemoryBudget();
        QCOMPARE(budget::memoryBytes(), std::uint64_t{1'000'000'000});
        rgw::ui::MemoryBudgetDialog dialog;
        QCOMPARE(dialog.chosenBytes(), std::uint64_t{1'000'000'000});
        dialog.findChild<QCheckBox*>()->setChecked(true);
        dialog.accept();
        QVERIFY(!QSettings().contains("resources/memoryBudgetBytes"));
        QCOMPARE(budget::memoryBytes(), budget::defaultMemoryBytes());
    }

    void cancellingChangesNothing() {
        rgw::ui::MemoryBudgetDialog dialog;
        dialog.findChild<QCheckBox*>()->setChecked(false);
        dialog.findChild<QDoubleSpinBox*>()->setValue(1.0);
        dialog.reject();
        QCOMPARE(budget::memoryBytes(), budget::defaultMemoryBytes());
        QVERIFY(!QSettings().contains("resources/memoryBudgetBytes"));
    }
};

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("RadiogenomicsTest");
    QApplication::setApplicationName("rgw-test_memory_budget_dialog");
    TestMemoryBudgetDialog test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_memory_budget_dialog.moc"
