#include "GenomicImportReport.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace rgw::ui {
namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

QTableWidget* table(const QString& name, const QStringList& headers,
                    const std::vector<QStringList>& rows) {
    auto* t = new QTableWidget(static_cast<int>(rows.size()), static_cast<int>(headers.size()));
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int r = 0; r < static_cast<int>(rows.size()); ++r)
        for (int c = 0; c < rows[r].size(); ++c) {
            auto* item = new QTableWidgetItem(rows[r][c]);
            item->setToolTip(rows[r][c]);
            t->setItem(r, c, item);
        }
    t->resizeColumnsToContents();
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

} // namespace

QString GenomicImportReportDialog::summary(const storage::GenomicsImportReport& r) {
    QString state;
    if (r.cancelled)
        state = QObject::tr("Cancelled; nothing was written.");
    else if (r.unchanged)
        state = QObject::tr("Everything was already in the database; nothing was written.");
    else if (r.imported)
        state = QObject::tr("Imported.");
    else
        state = QObject::tr("Nothing imported: %n problem(s) in the data. Fix them, or import the "
                            "valid records with \"skip\".",
                            nullptr, static_cast<int>(r.errors.size()));
    return state + ' ' +
           QObject::tr("%1 profiles, %2 patients added (%3 without images), %4 samples added, %5 "
                       "clinical values added, %6 changed; %7 problems.")
               .arg(r.profiles.size())
               .arg(r.patientsAdded)
               .arg(r.unmatchedIds.size())
               .arg(r.samplesAdded)
               .arg(r.clinicalValuesAdded)
               .arg(r.clinicalValuesChanged)
               .arg(r.errors.size());
}

GenomicImportReportDialog::GenomicImportReportDialog(const storage::GenomicsImportReport& report,
                                                     const QString& heading, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(report.imported ? tr("Genomic import report")
                                   : tr("Genomic import report: nothing imported"));
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(QStringLiteral("<b>%1</b>").arg(heading.toHtmlEscaped()), this);
    layout->addWidget(title);
    auto* state = new QLabel(summary(report), this);
    state->setObjectName(QStringLiteral("genomicImportSummary"));
    state->setWordWrap(true);
    if (!report.imported)
        state->setStyleSheet(QStringLiteral("color: #b35900;"));
    layout->addWidget(state);

    auto* counts = new QFormLayout;
    const auto add = [&](const QString& label, std::size_t value) {
        auto* v = new QLabel(QString::number(value), this);
        v->setObjectName(label);
        counts->addRow(label + ':', v);
    };
    add(tr("Profiles"), report.profiles.size());
    add(tr("Patients added"), report.patientsAdded);
    add(tr("Samples added"), report.samplesAdded);
    add(tr("Samples updated"), report.samplesUpdated);
    add(tr("Aliases added"), report.aliasesAdded);
    add(tr("Clinical values added"), report.clinicalValuesAdded);
    add(tr("Clinical values changed"), report.clinicalValuesChanged);
    counts->addRow(tr("Time:"), new QLabel(tr("%1 s").arg(report.seconds, 0, 'f', 1), this));
    layout->addLayout(counts);

    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("genomicImportTabs"));
    std::vector<QStringList> profiles;
    for (const auto& p : report.profiles)
        profiles.push_back({qs(p.stableId), qs(p.name), qs(p.kind), QString::number(p.records),
                            QString::number(p.samples), QString::fromLatin1(toString(p.outcome))});
    tabs->addTab(
        table(QStringLiteral("profiles"),
              {tr("Profile"), tr("Name"), tr("Kind"), tr("Records"), tr("Samples"), tr("Outcome")},
              profiles),
        tr("Profiles (%1)").arg(report.profiles.size()));
    std::vector<QStringList> errors;
    for (const auto& e : report.errors)
        errors.push_back({qs(e.where.file),
                          e.where.line ? QString::number(e.where.line) : QString(),
                          qs(e.where.column), qs(e.message)});
    tabs->addTab(table(QStringLiteral("errors"),
                       {tr("File"), tr("Line"), tr("Column"), tr("Problem")}, errors),
                 tr("Problems (%1)").arg(report.errors.size()));
    std::vector<QStringList> skipped;
    for (const auto& s : report.skippedFiles)
        skipped.push_back({qs(s.file), qs(s.reason)});
    tabs->addTab(
        table(QStringLiteral("skippedFiles"), {tr("File"), tr("Not imported because")}, skipped),
        tr("Not imported (%1)").arg(report.skippedFiles.size()));
    auto* unmatched = new QPlainTextEdit(this);
    unmatched->setObjectName(QStringLiteral("unmatchedIds"));
    unmatched->setReadOnly(true);
    QStringList ids;
    for (const auto& id : report.unmatchedIds)
        ids << qs(id);
    unmatched->setPlainText(ids.join('\n'));
    unmatched->setToolTip(tr("Ids that matched no stored patient: these patients were created and "
                             "have no images yet"));
    tabs->addTab(unmatched, tr("Without images (%1)").arg(report.unmatchedIds.size()));
    if (!report.errors.empty())
        tabs->setCurrentIndex(1);
    layout->addWidget(tabs, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(820, 560);
}

} // namespace rgw::ui
