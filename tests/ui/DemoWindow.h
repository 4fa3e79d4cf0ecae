#pragma once

// The start of the GUI whole-path tests: the real main window at 1366x768
// on a new database, the demo cohort imported through it (DICOM and the
// cBioPortal study) and, when asked, the features of the whole cohort
// extracted with a parameter set — as a researcher clicks it.

#include "MainWindow.h"
#include "TestData.h"

#include <QDialog>
#include <QSignalSpy>
#include <QTest>
#include <filesystem>

namespace rgw::test {

inline QString qPath(const std::filesystem::path& p) {
    return QString::fromStdString(p.string());
}

/// Shows `window` on `database`, imports the demo into `folder` and, with a
/// non-empty `parameterSet`, runs Analysis > Extract features for whole
/// cohort. QVERIFY-style: check QTest::currentTestFailed() after it.
inline void openDemoWithFeatures(ui::MainWindow& window, const std::filesystem::path& database,
                                 const std::filesystem::path& folder, const QString& parameterSet) {
    window.setRemembersSettings(false);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openDatabase(qPath(database)));
    QSignalSpy imported(&window, &ui::MainWindow::importFinished);
    window.startDemoCohortIn(qPath(folder));
    QVERIFY(imported.wait(300000));
    QVERIFY2(imported.first().at(0).toBool(), qPrintable(imported.first().at(1).toString()));
    for (QDialog* dialog : window.findChildren<QDialog*>())
        dialog->close(); // the import report
    if (parameterSet.isEmpty())
        return;
    QTRY_VERIFY_WITH_TIMEOUT(!window.isBusy(), 60000); // the first series opening
    QSignalSpy extracted(&window, &ui::MainWindow::featureExtractionFinished);
    window.startCohortExtraction(parameterSet, 2);
    QVERIFY(extracted.wait(600000));
    QVERIFY2(extracted.first().at(0).toBool(), qPrintable(extracted.first().at(1).toString()));
}

} // namespace rgw::test
