#include "ImportReportDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <utility>
#include <vector>

namespace rgw::ui {
namespace {

/// A read-only two-column table: file, and what is said of it.
QTableWidget* fileTable(const QString& name, const QString& column,
                        const std::vector<std::pair<std::filesystem::path, std::string>>& rows) {
    auto* table = new QTableWidget(static_cast<int>(rows.size()), 2);
    table->setObjectName(name);
    table->setHorizontalHeaderLabels({QObject::tr("File"), column});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    int row = 0;
    for (const auto& [file, text] : rows) {
        table->setItem(row, 0, new QTableWidgetItem(QString::fromStdU16String(file.u16string())));
        table->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(text)));
        ++row;
    }
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    return table;
}

} // namespace

QString ImportReportDialog::noDicomWarning() {
    return QObject::tr("0 instances: nothing in this folder is DICOM");
}

QString ImportReportDialog::summary(const storage::ImportReport& r) {
    QString text = QObject::tr("%1 files scanned: %2 instances added, %3 already present, "
                               "%4 changed, %5 skipped; %6 patients, %7 studies, %8 series, "
                               "%9 segmentations.")
                       .arg(r.filesScanned)
                       .arg(r.instancesAdded)
                       .arg(r.duplicates)
                       .arg(r.changed)
                       .arg(r.skipped.size())
                       .arg(r.patients)
                       .arg(r.studies)
                       .arg(r.series)
                       .arg(r.segmentationsAdded);
    if (r.cancelled)
        text.prepend(QObject::tr("Cancelled; whole series written so far are kept. "));
    else if (storage::foundNoDicom(r))
        text.prepend(noDicomWarning() + QStringLiteral(". "));
    return text;
}

ImportReportDialog::ImportReportDialog(const storage::ImportReport& report, const QString& heading,
                                       QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Import report"));
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(QStringLiteral("<b>%1</b>").arg(heading.toHtmlEscaped()), this);
    title->setTextFormat(Qt::RichText);
    layout->addWidget(title);
    if (storage::foundNoDicom(report)) {
        // A warning, not a success: the user probably chose the wrong folder.
        auto* warning = new QLabel(this);
        warning->setObjectName(QStringLiteral("noDicomWarning"));
        warning->setTextFormat(Qt::RichText);
        warning->setText(QStringLiteral("<b>%1</b>: %2")
                             .arg(tr("Warning"), (noDicomWarning() + '.').toHtmlEscaped()));
        warning->setStyleSheet(QStringLiteral("color: #b35900;"));
        warning->setWordWrap(true);
        layout->addWidget(warning);
        setWindowTitle(tr("Import report: nothing imported"));
    }

    auto* counts = new QFormLayout;
    const auto add = [&](const QString& label, std::size_t value) {
        auto* v = new QLabel(QString::number(value), this);
        v->setObjectName(label);
        counts->addRow(label + ':', v);
    };
    add(tr("Files scanned"), report.filesScanned);
    add(tr("Instances added"), report.instancesAdded);
    add(tr("Already in the database"), report.duplicates);
    add(tr("Changed files updated"), report.changed);
    add(tr("Files skipped"), report.skipped.size());
    add(tr("Patients"), report.patients);
    add(tr("Studies"), report.studies);
    add(tr("Series"), report.series);
    add(tr("Segmentations added"), report.segmentationsAdded);
    counts->addRow(tr("Time:"), new QLabel(tr("%1 s").arg(report.seconds, 0, 'f', 1), this));
    layout->addLayout(counts);
    if (report.cancelled)
        layout->addWidget(new QLabel(
            tr("The import was cancelled; the series written before that are kept."), this));

    if (!report.skipped.empty()) {
        std::vector<std::pair<std::filesystem::path, std::string>> rows;
        for (const auto& skipped : report.skipped)
            rows.emplace_back(skipped.file, skipped.reason);
        layout->addWidget(new QLabel(tr("Skipped files:"), this));
        layout->addWidget(fileTable(QStringLiteral("skippedFiles"), tr("Reason"), rows), 1);
    }
    if (!report.notes.empty()) {
        std::vector<std::pair<std::filesystem::path, std::string>> rows;
        for (const auto& note : report.notes)
            rows.emplace_back(note.file, note.message);
        layout->addWidget(new QLabel(tr("Left out of imported files:"), this));
        layout->addWidget(fileTable(QStringLiteral("importNotes"), tr("What and why"), rows), 1);
    }
    if (!report.skipped.empty() || !report.notes.empty())
        resize(820, 480);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace rgw::ui
