// The genomic / clinical import dialog and its column-mapping step, without a
// display (offscreen): the mapping the editor builds from a small CSV equals
// the mapping written out by hand here; Save / Load mapping round-trips
// through the YAML file format; a mapping the format refuses is reported
// inline with the column it concerns; the dialog detects formats; and the
// request it gives imports the table (importGenomicSource) with the profiles
// the CSV implies.
#include "CohortWork.h"
#include "ColumnMappingPage.h"
#include "GenomicImportDialog.h"
#include "GenomicImportReport.h"
#include "genomics/MappedTable.h"
#include "genomics/MappingWriter.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <set>

using namespace rgw;
using Page = ui::ColumnMappingPage;

namespace {

// Seven columns: an id, a number with a missing value, a category to recode,
// a single-gene test, a subtype call, an assay score and a column to ignore.
const char* const kCsv = "MRN,Age at diagnosis,Vital status,EGFR result,PAM50,Oncotype RS,Notes\n"
                         "P1,62,Dead,L858R,LumA,23,first\n"
                         "P2,NA,Alive,wild-type,LumB,,second\n"
                         "P3,48.5,Alive,,Basal,31,\n";

std::filesystem::path writeFile(const QTemporaryDir& dir, const char* name, const char* text) {
    const std::filesystem::path file = dir.filePath(name).toStdString();
    std::ofstream(file, std::ios::binary) << text;
    return file;
}

genomics::ColumnMapping clinical(const char* column, const char* id,
                                 genomics::ClinicalDatatype type, const char* displayName) {
    genomics::ColumnMapping c;
    c.column.name = column;
    c.role = genomics::ColumnRole::Clinical;
    c.attribute.id = id;
    c.attribute.displayName = displayName;
    c.attribute.datatype = type;
    c.attribute.level = genomics::AttributeLevel::Patient;
    return c;
}

/// The mapping the test sets in the editor, written out field by field.
genomics::TableMapping expectedMapping() {
    genomics::TableMapping m;
    m.idColumn.name = "MRN";
    m.idLevel = genomics::AttributeLevel::Patient;
    m.delimiter = genomics::Delimiter::Auto;
    m.missing = {"", "NA", "N/A", "[Not Available]", "unknown"};
    m.study = "breast_pilot";
    m.columns.push_back(
        clinical("Age at diagnosis", "AGE", genomics::ClinicalDatatype::Number, "Age"));
    auto vital =
        clinical("Vital status", "OS_STATUS", genomics::ClinicalDatatype::String, "OS_STATUS");
    vital.values = {{"Dead", "1:DECEASED"}, {"Alive", "0:LIVING"}};
    m.columns.push_back(vital);
    genomics::ColumnMapping egfr;
    egfr.column.name = "EGFR result";
    egfr.role = genomics::ColumnRole::Mutation;
    egfr.name = "EGFR";
    egfr.mutated = {{"exon 19 deletion", "In_Frame_Del"}, {"L858R", "Missense_Mutation"}};
    egfr.wildType = {"wild-type", "negative"};
    egfr.method = "Cobas EGFR v2";
    m.columns.push_back(egfr);
    genomics::ColumnMapping pam50;
    pam50.column.name = "PAM50";
    pam50.role = genomics::ColumnRole::Subtype;
    pam50.name = "PAM50";
    pam50.profileStableId = "pam50";
    m.columns.push_back(pam50);
    genomics::ColumnMapping rs;
    rs.column.name = "Oncotype RS";
    rs.role = genomics::ColumnRole::Score;
    rs.name = "Oncotype DX RS";
    rs.unit = "recurrence score 0-100";
    m.columns.push_back(rs);
    return m;
}

/// Sets the editor as expectedMapping() says (the Notes column stays ignored).
void fillEditor(Page& page) {
    page.studyEdit()->setText("breast_pilot");
    page.setRole(0, Page::Role::PatientId);
    page.setRole(1, Page::Role::Clinical);
    page.setCell(1, Page::NameColumn, "AGE");
    page.typeBox(1)->setCurrentIndex(0); // number
    page.setCell(1, Page::DisplayNameColumn, "Age");
    page.setRole(2, Page::Role::Clinical);
    page.setCell(2, Page::NameColumn, "OS_STATUS");
    page.typeBox(2)->setCurrentIndex(1); // category
    page.setCell(2, Page::RecodingColumn, "Dead=1:DECEASED; Alive=0:LIVING");
    page.setRole(3, Page::Role::Mutation);
    page.setCell(3, Page::NameColumn, "EGFR");
    page.setCell(3, Page::MutatedColumn, "exon 19 deletion; L858R");
    page.setCell(3, Page::WildTypeColumn, "wild-type;negative");
    page.setCell(3, Page::ClassificationColumn,
                 "exon 19 deletion=In_Frame_Del; L858R=Missense_Mutation");
    page.setCell(3, Page::MethodColumn, "Cobas EGFR v2");
    page.setRole(4, Page::Role::Subtype);
    page.setCell(4, Page::NameColumn, "PAM50");
    page.setCell(4, Page::ProfileColumn, "pam50");
    page.setRole(5, Page::Role::Score);
    page.setCell(5, Page::NameColumn, "Oncotype DX RS");
    page.setCell(5, Page::UnitColumn, "recurrence score 0-100");
    page.setRole(6, Page::Role::Ignore);
}

} // namespace

class GenomicImportDialogTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("rgw-test");
        QCoreApplication::setApplicationName("test_genomic_import_dialog");
    }

    void previewAndProposedRoles() {
        QTemporaryDir dir;
        const auto csv = writeFile(dir, "pilot.csv", kCsv);
        Page page;
        QVERIFY(page.setTable(QString::fromStdString(csv.string())));
        QCOMPARE(page.headers(), QStringList({"MRN", "Age at diagnosis", "Vital status",
                                              "EGFR result", "PAM50", "Oncotype RS", "Notes"}));
        QCOMPARE(page.preview()->rowCount(), 3);
        QCOMPARE(page.preview()->item(1, 1)->text(), QString("NA"));
        // MRN is an id-like header; Age holds numbers (NA is missing); the
        // vital status holds words.
        QCOMPARE(page.roleBox(0)->currentText(), QString("patient id"));
        QCOMPARE(page.roleBox(1)->currentText(), QString("clinical attribute"));
        QCOMPARE(page.typeBox(1)->currentText(), QString("number"));
        QCOMPARE(page.typeBox(2)->currentText(), QString("category"));
        QCOMPARE(page.editor()->item(1, Page::NameColumn)->text(), QString("AGE_AT_DIAGNOSIS"));
    }

    void editorBuildsTheExpectedMapping() {
        QTemporaryDir dir;
        const auto csv = writeFile(dir, "pilot.csv", kCsv);
        Page page;
        QVERIFY(page.setTable(QString::fromStdString(csv.string())));
        fillEditor(page);
        QVERIFY2(page.problem().isEmpty(), qPrintable(page.problem()));
        QVERIFY(genomics::sameMapping(page.mapping(), expectedMapping()));
        QVERIFY(genomics::sameMapping(page.checkedMapping(), expectedMapping()));
        // Cells of roles they do not apply to are not editable.
        QVERIFY(!(page.editor()->item(1, Page::MutatedColumn)->flags() & Qt::ItemIsEditable));
        QVERIFY(page.editor()->item(3, Page::MutatedColumn)->flags() & Qt::ItemIsEditable);
    }

    void saveAndLoadRoundTrip() {
        QTemporaryDir dir;
        const auto csv = writeFile(dir, "pilot.csv", kCsv);
        Page page;
        QVERIFY(page.setTable(QString::fromStdString(csv.string())));
        fillEditor(page);
        const std::string text = page.mappingText();
        // The saved text is a mapping file the format's own parser reads back.
        QVERIFY(genomics::sameMapping(genomics::parseTableMapping(text, "saved.yaml"),
                                      expectedMapping()));
        const auto yaml = dir.filePath("pilot.mapping.yaml").toStdString();
        std::ofstream(yaml, std::ios::binary) << text;

        Page loaded;
        QVERIFY(loaded.setTable(QString::fromStdString(csv.string())));
        QVERIFY(loaded.setMapping(genomics::readTableMapping(yaml)).isEmpty());
        QVERIFY2(loaded.problem().isEmpty(), qPrintable(loaded.problem()));
        QVERIFY(genomics::sameMapping(loaded.mapping(), expectedMapping()));
        QCOMPARE(loaded.roleBox(6)->currentText(), QString("ignore"));
        QCOMPARE(loaded.editor()->item(3, Page::ClassificationColumn)->text(),
                 QString("exon 19 deletion=In_Frame_Del; L858R=Missense_Mutation"));

        // The shipped example's columns are not in this table: reported, dropped.
        const QStringList absent = loaded.setMapping(genomics::parseTableMapping(
            "id_column: MRN\ncolumns:\n  - column: Grade\n    attribute: GRADE\n"
            "    type: category\n",
            "other.yaml"));
        QCOMPARE(absent, QStringList({"Grade"}));
    }

    void badMappingIsReportedInline() {
        QTemporaryDir dir;
        const auto csv = writeFile(dir, "pilot.csv", kCsv);
        Page page;
        QVERIFY(page.setTable(QString::fromStdString(csv.string())));
        fillEditor(page);
        page.setCell(3, Page::MutatedColumn, "");
        QVERIFY(page.problem().contains("column 'EGFR result'"));
        QVERIFY(page.problem().contains("mutated"));
        QVERIFY(page.findChild<QLabel*>("mappingStatus")->text().contains("EGFR result"));
        page.setCell(3, Page::MutatedColumn, "L858R");
        page.setCell(3, Page::ClassificationColumn, "");
        QVERIFY2(page.problem().isEmpty(), qPrintable(page.problem()));
        page.setCell(3, Page::ClassificationColumn, "Silent");
        QVERIFY(page.problem().contains("protein-altering"));
        page.setCell(3, Page::ClassificationColumn, "");
        page.setRole(6, Page::Role::PatientId);
        QVERIFY(page.problem().contains("only one"));
        page.setRole(6, Page::Role::Ignore);
        page.setCell(1, Page::NameColumn, "AGE YEARS");
        QVERIFY(page.problem().contains("letters, digits and '_'"));
    }

    void dialogImportsTheTable() {
        QTemporaryDir dir;
        const auto csv = writeFile(dir, "pilot.csv", kCsv);
        ui::GenomicImportDialog dialog;
        dialog.setAliasFile(QString());
        QVERIFY(!dialog.setSource(dir.filePath("absent.csv")));
        QVERIFY(dialog.problem().contains("absent.csv"));
        QVERIFY(!dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        QVERIFY(dialog.setSource(QString::fromStdString(csv.string())));
        QCOMPARE(dialog.format(), genomics::SourceFormat::MappedTable);
        fillEditor(*dialog.mappingPage());
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        QVERIFY(dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        dialog.setOnError(storage::OnError::Skip);
        const ui::GenomicImportRequest request = dialog.request();
        QVERIFY(request.tableMapping.has_value());
        QVERIFY(genomics::sameMapping(*request.tableMapping, expectedMapping()));
        QCOMPARE(request.onError, storage::OnError::Skip);

        const auto db = std::filesystem::path(dir.filePath("cohort.rgwdb").toStdString());
        const auto report = ui::importGenomicSource(db, request, {}, nullptr);
        QVERIFY(report.imported);
        // Three patients, none with images; one profile per test, subtype and score.
        QCOMPARE(report.patientsAdded, std::size_t(3));
        QCOMPARE(report.unmatchedIds.size(), std::size_t(3));
        QCOMPARE(report.profiles.size(), std::size_t(3));
        std::set<std::string> kinds;
        for (const auto& p : report.profiles)
            kinds.insert(p.stableId);
        QCOMPARE(kinds, (std::set<std::string>{"breast_pilot_EGFR_test", "pam50",
                                               "breast_pilot_oncotype_dx_rs"}));
        // Age 62 and 48.5 (NA is missing), vital status of three patients.
        QCOMPARE(report.clinicalValuesAdded, std::size_t(5));
        // The Notes column is listed as not imported.
        QCOMPARE(report.skippedFiles.size(), std::size_t(1));

        ui::GenomicImportReportDialog shown(report, "pilot.csv");
        auto* tabs = shown.findChild<QTabWidget*>("genomicImportTabs");
        QCOMPARE(tabs->tabText(0), QString("Profiles (3)"));
        QCOMPARE(shown.findChild<QTableWidget*>("profiles")->rowCount(), 3);
        QCOMPARE(shown.findChild<QTableWidget*>("skippedFiles")->rowCount(), 1);
    }

    void dialogFitsTheSmallestScreen() {
        QTemporaryDir dir;
        const auto csv = writeFile(dir, "pilot.csv", kCsv);
        ui::GenomicImportDialog dialog;
        QVERIFY(dialog.setSource(QString::fromStdString(csv.string())));
        // 1366x768 less a title bar and a task bar.
        QVERIFY(dialog.minimumSizeHint().width() <= 1366);
        QVERIFY(dialog.minimumSizeHint().height() <= 700);
        QVERIFY(dialog.width() <= 1366 && dialog.height() <= 700);
    }
};

QTEST_MAIN(GenomicImportDialogTest)
#include "test_genomic_import_dialog.moc"
