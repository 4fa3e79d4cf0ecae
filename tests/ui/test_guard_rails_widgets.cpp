// Issue #11 guard rails in the widgets (offscreen): the import report warns
// when nothing was DICOM; the feature table shows units and missing values
// (never 0) with their reason, renders its rich text instead of showing
// entities, and keeps its own header small so a docked table shows at least
// 15 rows; the extraction dialog names its target for people and says when
// the chosen parameter set is not declared for the image's modality.
#include "FeatureExtractionDialog.h"
#include "FeatureTableView.h"
#include "ImportReportDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTextDocument>
#include <QtTest>
#include <cmath>

using namespace rgw;
using namespace rgw::ui;

namespace {

QString rendered(const QLabel* label) {
    QTextDocument doc;
    doc.setHtml(label->text());
    return doc.toPlainText();
}

storage::FeatureProvenance provenance() {
    storage::FeatureProvenance p;
    p.extraction.id = 7;
    p.extraction.seriesInstanceUid = "1.2.3";
    p.extraction.maskDescription = "segmentation 3 'GTV <1>'";
    p.extraction.softwareVersion = "0.1.0";
    p.extraction.createdAt = "2024-05-01T10:00:00.000Z";
    p.extraction.createdBy = "alice";
    p.extraction.imageModality = "PT";
    p.extraction.modalityMismatchAllowed = true;
    p.parameterSet.name = "ct-default";
    p.parameterSet.hash = "0123456789abcdef";
    p.parameterSet.canonicalText = "modalities: [CT]\n";
    return p;
}

} // namespace

class GuardRailsWidgets : public QObject {
    Q_OBJECT
private slots:
    void importOfNothingDicomWarns() {
        storage::ImportReport report;
        report.filesScanned = 2;
        report.skipped = {{"a.txt", "not DICOM"}, {"b.png", "not DICOM"}};
        QVERIFY(ImportReportDialog::summary(report).startsWith(
            "0 instances: nothing in this folder is DICOM"));
        ImportReportDialog dialog(report, "Imported /tmp/notes");
        auto* warning = dialog.findChild<QLabel*>("noDicomWarning");
        QVERIFY(warning);
        QCOMPARE(rendered(warning),
                 QString("Warning: 0 instances: nothing in this folder is DICOM."));

        report.instancesAdded = 1;
        QVERIFY(!ImportReportDialog::summary(report).contains("nothing in this folder"));
        ImportReportDialog fine(report, "Imported /tmp/ct");
        QVERIFY(!fine.findChild<QLabel*>("noDicomWarning"));
    }

    void featureTableShowsUnitsAndMissingValues() {
        FeatureTableView view;
        radiomics::FeatureTable table;
        table.values.push_back({"morphology", "Volume (mesh)", "RNU0", "", 1234.5, "mm\u00b3", ""});
        table.values.push_back(
            {"intensity_statistics", "Mean intensity", "Q4LE", "", 2.5, "SUV", ""});
        table.values.push_back({"glcm", "Joint maximum", "GYBY", "3D, merged", std::nan(""), "",
                                "the intensity mask holds no voxels"});
        view.showExtraction(provenance(), table);
        auto* model = view.proxyModel();
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(model->index(0, FeatureTableView::UnitColumn).data().toString(),
                 QString("mm\u00b3"));
        QCOMPARE(model->index(1, FeatureTableView::UnitColumn).data().toString(), QString("SUV"));
        const QModelIndex missing = model->index(2, FeatureTableView::ValueColumn);
        QCOMPARE(missing.data().toString(), QString("\u2014"));
        QVERIFY(
            missing.data(Qt::ToolTipRole).toString().contains("intensity mask holds no voxels"));
        // Exported as missing (empty value with its reason), never as 0.
        const auto shown = view.shownTable();
        QVERIFY(shown.values[2].missing());
        QVERIFY(std::isnan(shown.values[2].value));
        QCOMPARE(shown.values[0].unit, std::string("mm\u00b3"));

        // Provenance: user, modality and the forced mismatch; rendered, not escaped.
        const QString line = rendered(view.provenanceLabel());
        QVERIFY2(line.contains("by alice"), qPrintable(line));
        QVERIFY2(line.contains("PT"), qPrintable(line));
        QVERIFY2(line.contains("modality mismatch allowed"), qPrintable(line));
        QVERIFY2(line.contains("segmentation 3 'GTV <1>'"), qPrintable(line));
        QVERIFY2(!line.contains("&lt;"), qPrintable(line));

        view.clear("Select a segmentation, or run Analysis > Extract features.");
        QCOMPARE(view.provenanceLabel()->textFormat(), Qt::RichText);
        QCOMPARE(rendered(view.provenanceLabel()),
                 QString("Select a segmentation, or run Analysis > Extract features."));
    }

    void dockedTableShowsAtLeast15Rows() {
        FeatureTableView view;
        radiomics::FeatureTable table;
        for (int i = 0; i < 215; ++i)
            table.add("glcm", "Feature " + std::to_string(i), "CODE", "3D, merged", i);
        for (int i = 0; i < 20; ++i)
            table.notes.push_back({"glcm", "a long note that used to add a line to the header"});
        view.showExtraction(provenance(), table);
        // A dock of 420 px (a third of a 1366 × 768 laptop screen's height).
        view.resize(420, 420);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTableView* t = view.tableView();
        const int rowHeight = t->verticalHeader()->defaultSectionSize();
        const int visible = t->viewport()->height() / rowHeight;
        qInfo("rows visible in a 420 px dock: %d", visible);
        QVERIFY2(visible >= 15, qPrintable(QString("%1 rows visible").arg(visible)));
        // The provenance is one line, the notes in its tooltip.
        QVERIFY(view.provenanceLabel()->height() <= 2 * view.fontMetrics().height());
        QVERIFY(view.provenanceLabel()->toolTip().contains("a long note"));
    }

    void extractionDialogNamesTargetAndModality() {
        FeatureExtractionDialog dialog(
            QString::fromUtf8("STS_001 \u00b7 GTV_Mass_PET \u00b7 PET AC"));
        auto* target = dialog.findChild<QLabel*>("extractionTarget");
        QVERIFY(target);
        QCOMPARE(target->text(), QString::fromUtf8("STS_001 \u00b7 GTV_Mass_PET \u00b7 PET AC"));
        dialog.parameterBox()->setCurrentIndex(dialog.parameterBox()->findData("ct-default"));
        dialog.setImageModality("PT");
        QVERIFY(!dialog.modalityNote()->isHidden());
        QVERIFY2(dialog.modalityNote()->text().contains("declared for CT, not for PT"),
                 qPrintable(dialog.modalityNote()->text()));
        QVERIFY(!dialog.allowModalityMismatch());
        dialog.mismatchBox()->setChecked(true);
        QVERIFY(dialog.allowModalityMismatch());
        dialog.parameterBox()->setCurrentIndex(dialog.parameterBox()->findData("pet-default"));
        QVERIFY(dialog.modalityNote()->isHidden());
        QVERIFY(dialog.cohortModality().isEmpty());
        QVERIFY(dialog.modalityBox()->isHidden());
        QVERIFY(dialog.extractButton()->isEnabled());
        // A PyRadiomics-compatible set cannot run on the database's images:
        // said before anything runs, and Extract stays off.
        dialog.parameterBox()->setCurrentIndex(
            dialog.parameterBox()->findData("pyradiomics-default"));
        QVERIFY(!dialog.modalityNote()->isHidden());
        QVERIFY2(dialog.modalityNote()->text().contains("PyRadiomics-compatible"),
                 qPrintable(dialog.modalityNote()->text()));
        QVERIFY(!dialog.extractButton()->isEnabled());
        dialog.parameterBox()->setCurrentIndex(dialog.parameterBox()->findData("ct-default"));
        QVERIFY(dialog.extractButton()->isEnabled());
    }

    void cohortDialogTakesAModality() {
        FeatureExtractionDialog dialog("every segmentation of the database");
        dialog.setCohortModalities({"CT", "MR", "PT"});
        QVERIFY(!dialog.modalityBox()->isHidden());
        QCOMPARE(dialog.modalityBox()->count(), 4);
        QVERIFY(dialog.cohortModality().isEmpty());
        dialog.parameterBox()->setCurrentIndex(dialog.parameterBox()->findData("ct-default"));
        QVERIFY(dialog.modalityNote()->text().contains("skipped and listed"));
        dialog.modalityBox()->setCurrentIndex(dialog.modalityBox()->findData("PT"));
        QCOMPARE(dialog.cohortModality(), QString("PT"));
        QVERIFY(dialog.modalityNote()->text().contains("not for PT"));
        // The dialog fits a 1366 × 768 screen.
        QVERIFY(dialog.sizeHint().width() <= 1366 && dialog.sizeHint().height() <= 700);
    }
};

QTEST_MAIN(GuardRailsWidgets)
#include "test_guard_rails_widgets.moc"
