// The cohort page end to end (issue #12, "a GUI test that imports the demo
// study, builds a cohort with a filter, excludes a patient with a reason and
// exports it"): the demo's genomic study (no DICOM) is written to a temp
// folder and imported through MainWindow::startGenomicImport, the filter
// "mut_EGFR is mutated" is typed into the page, the preview must count the
// demo patients whose sequenced primary sample carries a protein-altering
// EGFR call (computed here from the demo's own genotype records and the
// study's not-sequenced samples, not from the database), the filter is saved
// as cohort "egfr" through the name dialog, one member is excluded through
// the reason dialog, and the cohort is exported through the export dialog.
#include "CohortDialogs.h"
#include "CohortPage.h"
#include "CsvLine.h"
#include "Database.h"
#include "FilterBuilder.h"
#include "MainWindow.h"
#include "NamedCohorts.h"
#include "PatientTableModel.h"
#include "TestData.h"
#include "bridge/OpenGLSupport.h"
#include "demo/DemoGenomics.h"
#include "demo/DemoPhantom.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTreeWidget>
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

using namespace rgw;

namespace {

constexpr std::uint32_t kSeed = 1;
constexpr int kPatients = 12;

/// The visible dialog of type T named `name` among the page's children.
template <class T> T* openDialog(QWidget* page, const QString& name) {
    T* found = nullptr;
    (void)QTest::qWaitFor(
        [&] {
            for (T* dialog : page->findChildren<T*>(name))
                if (dialog->isVisible())
                    found = dialog;
            return found != nullptr;
        },
        5000);
    return found;
}

} // namespace

class CohortPageTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // keep the user's settings untouched
        const QString problem = viewers::openGLProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void importFilterSaveExcludeExport() {
        test::TempDir temp;
        // The demo study and what it says about EGFR, from its own records.
        std::vector<demo::DemoStudyPatient> patients;
        for (int number = 1; number <= kPatients; ++number)
            patients.push_back(
                demo::studyPatientOf(demo::makePatientPhantom(kSeed, number), number));
        const auto study = demo::writeGenomicStudy(temp.path() / "study", kSeed, patients);
        const std::set<std::string> notSequenced(study.notSequencedSamples.begin(),
                                                 study.notSequencedSamples.end());
        std::vector<QString> egfrMutated;
        for (const auto& p : patients)
            if (p.genotype.egfrMutated &&
                !notSequenced.count(demo::demoSampleId(p.demographics.patientId)))
                egfrMutated.push_back(QString::fromStdString(p.demographics.patientId));
        QVERIFY2(egfrMutated.size() >= 2, "the fixture needs two EGFR-mutated patients");
        qInfo("%zu of %d demo patients have a sequenced EGFR-mutated primary sample",
              egfrMutated.size(), kPatients);

        ui::MainWindow window;
        window.setRemembersSettings(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString dbPath = QString::fromStdString((temp.path() / "cohort.rgwdb").string());
        QVERIFY(window.openDatabase(dbPath));
        ui::CohortPage* page = window.cohortPage();
        QVERIFY(page);
        QTRY_VERIFY_WITH_TIMEOUT(!page->isLoading(), 10000);
        QCOMPARE(page->patientCount(), 0);

        // Import through the GUI path; the page re-reads its table after it.
        QSignalSpy imported(&window, &ui::MainWindow::genomicImportFinished);
        ui::GenomicImportRequest request;
        request.source = temp.path() / "study";
        request.format = genomics::SourceFormat::CbioPortalStudy;
        window.startGenomicImport(request);
        QVERIFY(imported.wait(20000));
        QVERIFY2(imported.first().at(0).toBool(), qPrintable(imported.first().at(1).toString()));
        QTRY_VERIFY_WITH_TIMEOUT(!page->isLoading() && page->patientCount() == kPatients, 10000);

        // The page: by View > Cohort page.
        window.findChild<QAction*>("cohortPageAction")->trigger();
        QVERIFY(window.showsCohortPage());
        QVERIFY(page->isVisible());
        // The missing overview lists every variable with k / N.
        QVERIFY(page->missingTable()->rowCount() > 0);
        QVERIFY(page->missingTable()->item(0, 1)->text().endsWith(QString(" / %1").arg(kPatients)));

        // Typed into the filter text.
        QLineEdit* text = page->filterBuilder()->textEdit();
        text->clear();
        QTest::keyClicks(text, "mut_EGFR is mutated");
        QVERIFY2(page->filterBuilder()->error().isEmpty(),
                 qPrintable(page->filterBuilder()->error()));
        const int expected = static_cast<int>(egfrMutated.size());
        QCOMPARE(page->matchingCount(), expected);
        QCOMPARE(page->previewLabel()->text(),
                 QString("Matching: %1 of %2").arg(expected).arg(kPatients));
        QCOMPARE(page->patientView()->model()->rowCount(), expected);

        // Save as cohort "egfr" through its dialog.
        QSignalSpy created(page, &ui::CohortPage::cohortCreated);
        QVERIFY(page->saveAction()->isEnabled());
        page->saveAction()->trigger();
        auto* nameDialog = openDialog<ui::TextPromptDialog>(page, "cohortNameDialog");
        QVERIFY(nameDialog);
        nameDialog->edit()->setText("egfr");
        nameDialog->accept();
        QVERIFY(created.wait(10000));
        QCOMPARE(created.first().at(0).toString(), QString("egfr@1"));
        QCOMPARE(page->selectedCohort(), QString("egfr@1"));
        QVERIFY(page->flowLabel()->text().contains(QString("Final: %1").arg(expected)));

        // Exclude one member with a reason, through its dialog.
        const QString excluded = egfrMutated.front();
        QVERIFY(page->selectPatient(excluded));
        QCOMPARE(page->selectedPatient(), excluded);
        // The detail panel shows the patient's EGFR call.
        QVERIFY(!page->detailTree()
                     ->findItems("EGFR", Qt::MatchExactly | Qt::MatchRecursive)
                     .isEmpty());
        QVERIFY(page->excludeAction()->isEnabled());
        page->excludeAction()->trigger();
        auto* reasonDialog = openDialog<ui::TextPromptDialog>(page, "cohortReasonDialog");
        QVERIFY(reasonDialog);
        reasonDialog->edit()->setText("test exclusion");
        reasonDialog->accept();
        QVERIFY2(page->lastError().isEmpty(), qPrintable(page->lastError()));
        {
            storage::Database db(temp.path() / "cohort.rgwdb");
            storage::NamedCohortRepository cohorts(db);
            const auto row = cohorts.require("egfr@1");
            const storage::CohortFlow flow = cohorts.flow(row.id);
            QCOMPARE(flow.final, static_cast<std::size_t>(expected - 1));
            const auto step = std::find_if(flow.steps.begin(), flow.steps.end(), [](const auto& s) {
                return s.reason == "test exclusion";
            });
            QVERIFY(step != flow.steps.end());
            QCOMPARE(step->excluded, std::size_t{1});
        }
        QVERIFY(page->flowLabel()->text().contains("Excluded 1: test exclusion"));

        // Export through its dialog.
        const auto csv = temp.path() / "egfr.csv";
        QSignalSpy exported(page, &ui::CohortPage::exportFinished);
        page->exportAction()->trigger();
        auto* exportDialog = openDialog<ui::ExportDialog>(page, "cohortExportDialog");
        QVERIFY(exportDialog);
        exportDialog->fileEdit()->setText(QString::fromStdString(csv.string()));
        exportDialog->accept();
        QVERIFY(exported.wait(10000));
        QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));

        std::ifstream in(csv);
        QVERIFY(in.good());
        std::string line;
        std::vector<std::vector<std::string>> rows;
        for (int lineNumber = 1; std::getline(in, line); ++lineNumber)
            if (!line.empty())
                rows.push_back(rgw::test::splitCsvLine(line, lineNumber, csv));
        QVERIFY(!rows.empty());
        const auto& header = rows.front();
        const auto egfr = std::find(header.begin(), header.end(), "mut_EGFR");
        QVERIFY2(egfr != header.end(), "no mut_EGFR column");
        const auto egfrColumn = static_cast<std::size_t>(egfr - header.begin());
        const auto idColumn = static_cast<std::size_t>(
            std::find(header.begin(), header.end(), "patient_id") - header.begin());
        QVERIFY(idColumn < header.size());
        QCOMPARE(rows.size() - 1, static_cast<std::size_t>(expected - 1));
        for (std::size_t n = 1; n < rows.size(); ++n) {
            QCOMPARE(QString::fromStdString(rows[n].at(egfrColumn)), QString("1"));
            QVERIFY(QString::fromStdString(rows[n].at(idColumn)) != excluded);
        }

        // Open images: the demo study has no image series here.
        QVERIFY(!window.openImagesOfPatient(excluded));
    }
};

int main(int argc, char** argv) {
    QApplication::setOrganizationName("RadiogenomicsTest");
    QApplication::setApplicationName("rgw-test_cohort_page");
    viewers::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    CohortPageTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_cohort_page.moc"
