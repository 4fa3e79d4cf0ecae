// Analysis > Feature robustness (issue #16 §4): two runs stored the way the
// CLI stores them (`rgw-cli robustness --store` on three demo lesions), shown
// newest first with their provenance; the newest run's ICCs are
// storedFeatureIccs' values, the older run's those of the ICC.csv the CLI
// wrote for it; the band counts are the counts of the shown values by Koo &
// Li's thresholds, counted here; the table sorts numerically; its CSV export
// reads back to the same numbers; the dialog fits a 1366x768 screen and the
// main window opens it from its shortcut.

#include "Database.h"
#include "MainWindow.h"
#include "RobustnessRepository.h"
#include "SegmentationRepository.h"
#include "robustness/RobustnessDialog.h"
#include "stats/DataTable.h"

#include <QAbstractBarSeries>
#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <array>
#include <cmath>
#include <map>
#include <set>

using namespace rgw;
using rgw::ui::RobustnessDialog;
using stats::IccKind;

namespace {

/// Waits for the dialog's background reads (runs, then the chosen run's features).
bool waitUntilLoaded(RobustnessDialog& dialog) {
    if (!dialog.loading())
        return true;
    QSignalSpy loaded(&dialog, &RobustnessDialog::loaded);
    return loaded.wait(60000) && !dialog.loading();
}

/// The number of a feature-table cell (NaN when empty).
double cellValue(const QTableWidget* table, int row, int column) {
    const QVariant v = table->item(row, column)->data(Qt::UserRole);
    return v.isValid() ? v.toDouble() : std::nan("");
}

/// The fields of one CSV line (RFC 4180 quoting; no line breaks in fields):
/// the CLI's ICC.csv quotes "ICC(1,1)" and has "Inf" F statistics, which
/// stats::DataTable refuses.
QStringList csvFields(const QString& line) {
    QStringList out;
    QString field;
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            out << field;
            field.clear();
        } else {
            field += c;
        }
    }
    out << field;
    return out;
}

/// "NA" and "" are missing (NaN).
double csvNumber(const QString& text) {
    bool ok = false;
    const double v = text.toDouble(&ok);
    return ok ? v : std::nan("");
}

} // namespace

class TestRobustnessView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void listsTheRunsWithTheirProvenance();
    void showsTheStoredIccs();
    void countsTheBandsOfTheShownValues();
    void sortsNumericallyAndExportsARoundTrip();
    void fitsALaptopScreenAndOpensFromTheMenu();

private:
    void cli(QStringList args);
    std::filesystem::path database() const { return dir_.filePath("runs.rgwdb").toStdString(); }

    QTemporaryDir dir_;
    /// The ICC.csv of the older run (perturbation "noise").
    QString olderCsv_;
};

void TestRobustnessView::cli(QStringList args) {
    args.prepend(QString::fromStdString(database().string()));
    args.prepend("--db");
    QProcess p;
    p.setWorkingDirectory(dir_.path());
    p.start(QStringLiteral(RGW_CLI_PATH), args);
    QVERIFY2(p.waitForFinished(600000), qPrintable(args.join(' ')));
    QVERIFY2(p.exitCode() == 0,
             qPrintable(args.join(' ') + ": " + QString::fromUtf8(p.readAllStandardError())));
}

void TestRobustnessView::initTestCase() {
    QStandardPaths::setTestModeEnabled(true); // keep the user's settings untouched
    QApplication::setOrganizationName("RadiogenomicsTest");
    QApplication::setApplicationName("test_robustness_view");
    QSettings().clear();
    QVERIFY(dir_.isValid());
    cli({"demo", "--out", dir_.filePath("demo"), "--patients", "3", "--import"});
    QStringList images, masks;
    {
        storage::Database db(database());
        std::set<storage::Id> patients; // one lesion per patient: three cases
        for (const auto& row : storage::SegmentationRepository(db).listAll())
            if (patients.insert(row.patientRowId).second) {
                images << QString::fromStdString(row.referencedSeriesInstanceUid);
                masks << QString::number(row.id);
            }
    }
    QCOMPARE(images.size(), 3);
    olderCsv_ = dir_.filePath("noise.csv");
    cli({"robustness", "--image", images.join(','), "--mask", masks.join(','), "--params",
         "ct-default", "--perturb", "noise", "--repeats", "3", "--seed", "11", "--out", olderCsv_,
         "--store"});
    cli({"robustness", "--image", images.join(','), "--mask", masks.join(','), "--params",
         "ct-default", "--perturb", "volume", "--repeats", "2", "--seed", "12", "--out",
         dir_.filePath("volume.csv"), "--store"});
}

void TestRobustnessView::listsTheRunsWithTheirProvenance() {
    RobustnessDialog dialog(database());
    // The runs are read off the GUI thread: nothing is shown before the event loop runs.
    QVERIFY(dialog.loading());
    QCOMPARE(dialog.runTable()->rowCount(), 0);
    QVERIFY(waitUntilLoaded(dialog));
    QTableWidget* runs = dialog.runTable();
    QCOMPARE(runs->rowCount(), 2);
    const auto cell = [runs](int row, int column) { return runs->item(row, column)->text(); };
    // Newest first: the "volume" run, chosen.
    QCOMPARE(cell(0, 1), QString("volume"));
    QCOMPARE(cell(0, 2), QString("2"));
    QCOMPARE(cell(0, 3), QString("12"));
    QCOMPARE(cell(0, 5), QString("3"));
    QCOMPARE(cell(1, 1), QString("noise"));
    QCOMPARE(cell(1, 2), QString("3"));
    QCOMPARE(cell(1, 3), QString("11"));
    QVERIFY(!cell(0, 4).isEmpty());
    QVERIFY(!cell(0, 6).isEmpty());
    storage::Database db(database());
    const auto stored = storage::listRobustnessRuns(db);
    QCOMPARE(dialog.currentRun(), stored.front().id);
    QVERIFY(
        runs->item(0, 4)->toolTip().contains(QString::fromStdString(stored[0].parameterSetHash)));
}

void TestRobustnessView::showsTheStoredIccs() {
    RobustnessDialog dialog(database());
    QVERIFY(waitUntilLoaded(dialog));
    QTableWidget* table = dialog.featureTable();
    QVERIFY(table->rowCount() > 10);
    const int one = dialog.column(IccKind::OneWay, "icc");
    const int three = dialog.column(IccKind::TwoWayConsistency, "icc");
    QVERIFY(one > 0 && three > 0);
    QCOMPARE(dialog.column(IccKind::TwoWayAgreement, "icc"), -1); // the CLI stores 1,1 and 3,1
    // The newest run: storedFeatureIccs reads the latest defined ICC per feature.
    storage::Database db(database());
    const std::map<std::string, double> latestOne = storage::storedFeatureIccs(db, IccKind::OneWay);
    const std::map<std::string, double> latestThree =
        storage::storedFeatureIccs(db, IccKind::TwoWayConsistency);
    int compared = 0;
    for (int r = 0; r < table->rowCount(); ++r) {
        const std::string feature = table->item(r, 0)->text().toStdString();
        for (const auto& [column, latest] :
             {std::pair{one, &latestOne}, std::pair{three, &latestThree}}) {
            const double shown = cellValue(table, r, column);
            if (std::isnan(shown))
                continue; // undefined in this run: storedFeatureIccs may hold an older one
            QVERIFY2(latest->count(feature), feature.c_str());
            QCOMPARE(shown, latest->at(feature));
            ++compared;
        }
    }
    QVERIFY(compared > 10);

    // The older run: the values of the ICC.csv the CLI wrote for it.
    storage::Database again(database());
    QVERIFY(dialog.selectRun(storage::listRobustnessRuns(again).back().id));
    QVERIFY(dialog.loading()); // its features are being read
    QVERIFY(waitUntilLoaded(dialog));
    QFile file(olderCsv_);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList header = csvFields(QString::fromUtf8(file.readLine()).trimmed());
    const int featureAt = header.indexOf("feature"), kindAt = header.indexOf("icc_kind"),
              iccAt = header.indexOf("icc"), lowerAt = header.indexOf("lower"),
              upperAt = header.indexOf("upper");
    QVERIFY(featureAt >= 0 && kindAt >= 0 && iccAt >= 0 && lowerAt >= 0 && upperAt >= 0);
    std::map<std::pair<std::string, std::string>, std::array<double, 3>> written;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty())
            continue;
        const QStringList f = csvFields(line);
        written[{f[featureAt].toStdString(), f[kindAt].toStdString()}] = {
            csvNumber(f[iccAt]), csvNumber(f[lowerAt]), csvNumber(f[upperAt])};
    }
    QCOMPARE(static_cast<std::size_t>(table->rowCount()) * 2, written.size());
    compared = 0;
    for (int r = 0; r < table->rowCount(); ++r) {
        const std::string feature = table->item(r, 0)->text().toStdString();
        for (const IccKind kind : {IccKind::OneWay, IccKind::TwoWayConsistency}) {
            const auto& expected = written.at({feature, std::string(stats::iccKindName(kind))});
            const char* parts[] = {"icc", "lower", "upper"};
            for (int p = 0; p < 3; ++p) {
                const double shown = cellValue(table, r, dialog.column(kind, parts[p]));
                if (std::isnan(expected[static_cast<std::size_t>(p)])) {
                    QVERIFY2(std::isnan(shown), feature.c_str());
                } else {
                    QCOMPARE(shown, expected[static_cast<std::size_t>(p)]);
                    ++compared;
                }
            }
        }
    }
    QVERIFY(compared > 30);
}

void TestRobustnessView::countsTheBandsOfTheShownValues() {
    QSettings().clear();
    RobustnessDialog dialog(database());
    QVERIFY(waitUntilLoaded(dialog));
    for (const IccKind kind : {IccKind::OneWay, IccKind::TwoWayConsistency}) {
        const QString name = QString::fromLatin1(stats::iccKindName(kind));
        dialog.kindBox()->setCurrentIndex(dialog.kindBox()->findData(name));
        QCOMPARE(dialog.kindBox()->currentData().toString(), name);
        // Koo & Li 2016: poor < 0.5 <= moderate < 0.75 <= good <= 0.9 < excellent.
        std::array<std::size_t, 4> expected{};
        const int column = dialog.column(kind, "icc");
        for (int r = 0; r < dialog.featureTable()->rowCount(); ++r) {
            const double v = cellValue(dialog.featureTable(), r, column);
            if (std::isnan(v))
                continue;
            ++expected[v < 0.5 ? 0 : v < 0.75 ? 1 : v <= 0.9 ? 2 : 3];
        }
        QCOMPARE(dialog.bandCounts(), expected);
        const QString summary = dialog.bandSummary()->text();
        QVERIFY2(summary.contains(QString("poor (< 0.5): %1").arg(expected[0])),
                 qPrintable(summary));
        QVERIFY2(summary.contains(QString("excellent (> 0.9): %1").arg(expected[3])),
                 qPrintable(summary));
        // The chart's bars: each band's bars add up to its count.
        auto* series =
            qobject_cast<QAbstractBarSeries*>(dialog.chartView()->chart()->series().value(0));
        QVERIFY(series);
        QCOMPARE(series->count(), 4);
        for (int b = 0; b < 4; ++b)
            QCOMPARE(static_cast<std::size_t>(series->barSets()[b]->sum()),
                     expected[static_cast<std::size_t>(b)]);
    }
    // The plotted kind is remembered.
    RobustnessDialog next(database());
    QVERIFY(waitUntilLoaded(next));
    QCOMPARE(next.kindBox()->currentData().toString(), QString("ICC(3,1)"));
}

void TestRobustnessView::sortsNumericallyAndExportsARoundTrip() {
    RobustnessDialog dialog(database());
    QVERIFY(waitUntilLoaded(dialog));
    QTableWidget* table = dialog.featureTable();
    const int one = dialog.column(IccKind::OneWay, "icc");
    table->sortItems(one, Qt::AscendingOrder);
    bool empty = false;
    double last = -INFINITY;
    for (int r = 0; r < table->rowCount(); ++r) {
        const double v = cellValue(table, r, one);
        if (std::isnan(v)) {
            empty = true;
            continue;
        }
        QVERIFY2(!empty, "a number after an empty cell");
        QVERIFY(v >= last);
        last = v;
    }

    const QString file = dir_.filePath("export.csv");
    QVERIFY2(dialog.exportCsv(file), qPrintable(dialog.lastError()));
    const stats::DataTable csv = stats::DataTable::read(file.toStdString());
    QCOMPARE(csv.rows(), static_cast<std::size_t>(table->rowCount()));
    const auto features = csv.text("feature");
    std::map<std::string, int> rowOf;
    for (int r = 0; r < table->rowCount(); ++r)
        rowOf[table->item(r, 0)->text().toStdString()] = r;
    const std::pair<const char*, IccKind> kinds[] = {{"icc_1_1", IccKind::OneWay},
                                                     {"icc_3_1", IccKind::TwoWayConsistency}};
    for (const auto& [prefix, kind] : kinds)
        for (const char* part : {"icc", "lower", "upper"}) {
            const std::string name =
                std::string(prefix) + (std::string(part) == "icc" ? "" : "_" + std::string(part));
            const auto values = csv.numbers(name);
            for (std::size_t i = 0; i < csv.rows(); ++i) {
                const double shown =
                    cellValue(table, rowOf.at(features[i]), dialog.column(kind, part));
                if (std::isnan(shown))
                    QVERIFY2(std::isnan(values[i]), features[i].c_str());
                else
                    QCOMPARE(values[i], shown);
            }
        }
    QCOMPARE(csv.text("repeats_from")[0], std::string("volume"));
}

void TestRobustnessView::fitsALaptopScreenAndOpensFromTheMenu() {
    ui::MainWindow window;
    window.setRemembersSettings(false);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openRobustnessView() == nullptr); // no database yet
    QVERIFY(window.openDatabase(QString::fromStdString(database().string())));
    auto* action = window.findChild<QAction*>("robustnessAction");
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    action->trigger();
    auto* dialog = window.findChild<RobustnessDialog*>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY(waitUntilLoaded(*dialog));
    QCOMPARE(dialog->runTable()->rowCount(), 2);
    const QSize minimum = dialog->minimumSizeHint();
    QVERIFY2(minimum.width() <= 1366 && minimum.height() <= 768,
             qPrintable(QString("%1x%2").arg(minimum.width()).arg(minimum.height())));
    QVERIFY(dialog->width() <= 1366 && dialog->height() <= 768);
    // A screenshot for review, as test_screen_fit saves its own.
    if (const QString folder = qEnvironmentVariable("RGW_TEST_ARTEFACTS"); !folder.isEmpty())
        QVERIFY(dialog->grab().save(QDir(folder).filePath("robustness-view.png")));
    dialog->close();
}

QTEST_MAIN(TestRobustnessView)
#include "test_robustness_view.moc"
