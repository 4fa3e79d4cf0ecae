#include "ReportExportDialogs.h"

#include "FileDialogs.h"
#include "modeling/TableProvenance.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>
#include <algorithm>
#include <array>
#include <utility>

namespace rgw::ui {

namespace {

using storage::StudyReportSection;

const std::array<std::pair<StudyReportSection, const char*>, 5> kSections{{
    {StudyReportSection::Methods, QT_TRANSLATE_NOOP("rgw::ui::StudyReportDialog", "&Methods")},
    {StudyReportSection::Cohort,
     QT_TRANSLATE_NOOP("rgw::ui::StudyReportDialog", "&Cohort (flow diagram, Table 1)")},
    {StudyReportSection::Results,
     QT_TRANSLATE_NOOP("rgw::ui::StudyReportDialog", "&Results (models, associations)")},
    {StudyReportSection::Checklists,
     QT_TRANSLATE_NOOP("rgw::ui::StudyReportDialog", "C&hecklists (CLEAR, RQS)")},
    {StudyReportSection::Patients,
     QT_TRANSLATE_NOOP("rgw::ui::StudyReportDialog", "&Patient appendix")},
}};

QString nameOf(const QString& cohortAtVersion) {
    return cohortAtVersion.section(QLatin1Char('@'), 0, 0);
}

/// Selects the first choice of the remembered cohort's name (the list puts
/// the newest version of each name first), else the first choice.
void selectRememberedCohort(QComboBox* box, const QString& remembered) {
    for (int i = 0; i < box->count(); ++i)
        if (nameOf(box->itemText(i)) == nameOf(remembered)) {
            box->setCurrentIndex(i);
            return;
        }
    box->setCurrentIndex(box->count() > 0 ? 0 : -1);
}

QDialogButtonBox* okCancel(QDialog* dialog, const QString& okText, QPushButton*& ok) {
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(okText);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    return buttons;
}

QLabel* problemLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName(QStringLiteral("problemLabel"));
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #b00020;"));
    return label;
}

void showProblem(QLabel* label, QPushButton* ok, const QString& problem) {
    label->setText(problem);
    label->setVisible(!problem.isEmpty());
    ok->setEnabled(problem.isEmpty());
}

} // namespace

QString withReportExtension(const QString& file, ReportFormat format) {
    if (file.trimmed().isEmpty())
        return {};
    const QString extension =
        format == ReportFormat::Pdf ? QStringLiteral(".pdf") : QStringLiteral(".html");
    const QFileInfo info(file);
    const QString suffix = info.suffix().toLower();
    if (suffix == QLatin1String("pdf") || suffix == QLatin1String("html") ||
        suffix == QLatin1String("htm"))
        return file.left(file.size() - info.suffix().size() - 1) + extension;
    return file + extension;
}

QString sharingFolderProblem(const QString& folder) {
    if (folder.trimmed().isEmpty())
        return QObject::tr("Choose the output folder (new or empty).");
    const QFileInfo info(folder);
    if (!info.exists())
        return {};
    if (!info.isDir())
        return QObject::tr("%1 is a file, not a folder.").arg(QDir::toNativeSeparators(folder));
    if (!QDir(folder).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden |
                              QDir::System))
        return QObject::tr("%1 is not empty: export into a new or empty folder, so that nothing "
                           "else is shared with it.")
            .arg(QDir::toNativeSeparators(folder));
    return {};
}

QString bundleZipProblem(const QString& file) {
    if (file.trimmed().isEmpty())
        return QObject::tr("Choose the output zip file (a new file).");
    if (!file.endsWith(QLatin1String(".zip"), Qt::CaseInsensitive))
        return QObject::tr("The bundle's zip file must end in .zip.");
    const QFileInfo info(file);
    if (info.exists())
        return QObject::tr("%1 exists: choose a new file name, so that nothing else is shared "
                           "with it.")
            .arg(QDir::toNativeSeparators(file));
    if (!info.absoluteDir().exists())
        return QObject::tr("The folder %1 does not exist.")
            .arg(QDir::toNativeSeparators(info.absolutePath()));
    return {};
}

/// Format and output file (see the header).
class ReportFileFields : public QObject {
public:
    /// Adds the rows to `form` of `dialog` (the widgets' parent).
    ReportFileFields(const QString& settingsKey, const QString& caption, QWidget* dialog,
                     QFormLayout* form)
        : QObject(dialog), dialog_(dialog), key_(settingsKey) {
        format = new QComboBox(dialog);
        format->setObjectName(QStringLiteral("formatBox"));
        format->addItem(tr("PDF"), QStringLiteral("pdf"));
        format->addItem(tr("HTML (with an SVG folder)"), QStringLiteral("html"));
        file = new QLineEdit(dialog);
        file->setObjectName(QStringLiteral("fileEdit"));
        file->setMinimumWidth(320);
        auto* browse = new QPushButton(tr("&Browse..."), dialog);
        auto* row = new QHBoxLayout;
        row->addWidget(file, 1);
        row->addWidget(browse);
        form->addRow(tr("F&ormat:"), format);
        auto* label = new QLabel(tr("Output &file:"), dialog);
        label->setBuddy(file);
        form->addRow(label, row);
        QSettings settings;
        format->setCurrentIndex(settings.value(key_ + QStringLiteral("/format")).toString() ==
                                        QLatin1String("html")
                                    ? 1
                                    : 0);
        connect(format, &QComboBox::currentIndexChanged, this,
                [this] { file->setText(withReportExtension(file->text(), current())); });
        connect(browse, &QPushButton::clicked, this, [this, caption] {
            const QString start =
                file->text().isEmpty()
                    ? QSettings().value(QStringLiteral("reports/folder")).toString()
                    : file->text();
            const QString filter =
                current() == ReportFormat::Pdf ? tr("PDF (*.pdf)") : tr("HTML (*.html *.htm)");
            const QString chosen = chooseSaveFile(dialog_, caption, start, filter);
            if (!chosen.isEmpty())
                file->setText(withReportExtension(chosen, current()));
        });
    }

    ReportFormat current() const {
        return format->currentData().toString() == QLatin1String("html") ? ReportFormat::Html
                                                                         : ReportFormat::Pdf;
    }
    /// The file with the format's extension.
    QString path() const { return withReportExtension(file->text().trimmed(), current()); }
    void setDefaultFile(const QString& stem) {
        const QString folder = QSettings().value(QStringLiteral("reports/folder")).toString();
        if (!folder.isEmpty() && !stem.isEmpty())
            file->setText(withReportExtension(QDir(folder).filePath(stem), current()));
    }
    QString problem() const {
        const QString chosen = path();
        if (chosen.isEmpty())
            return tr("Choose the output file.");
        const QFileInfo info(chosen);
        if (!info.absoluteDir().exists())
            return tr("The folder %1 does not exist.")
                .arg(QDir::toNativeSeparators(info.absolutePath()));
        if (info.isDir())
            return tr("%1 is a folder.").arg(QDir::toNativeSeparators(chosen));
        return {};
    }
    void remember() const {
        QSettings settings;
        settings.setValue(key_ + QStringLiteral("/format"), format->currentData());
        settings.setValue(QStringLiteral("reports/folder"), QFileInfo(path()).absolutePath());
    }

    QComboBox* format;
    QLineEdit* file;

private:
    QWidget* dialog_;
    QString key_;
};

// --- StudyReportDialog ------------------------------------------------------

StudyReportDialog::StudyReportDialog(const QStringList& cohorts, QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("studyReportDialog"));
    setWindowTitle(tr("Export study report"));
    QSettings settings;
    cohort_ = new QComboBox(this);
    cohort_->setObjectName(QStringLiteral("cohortBox"));
    cohort_->addItems(cohorts);
    selectRememberedCohort(cohort_,
                           settings.value(QStringLiteral("reports/study/cohort")).toString());
    auto* form = new QFormLayout;
    form->addRow(tr("Cohor&t:"), cohort_);
    form->labelForField(cohort_)->setToolTip(
        tr("The newest version of each cohort comes first; NAME@VERSION picks an older one."));

    auto* sectionsBox = new QWidget(this);
    auto* sectionsLayout = new QVBoxLayout(sectionsBox);
    sectionsLayout->setContentsMargins(0, 0, 0, 0);
    const QStringList chosen =
        settings.value(QStringLiteral("reports/study/sections")).toStringList();
    for (const auto& [section, label] : kSections) {
        auto* box = new QCheckBox(tr(label), sectionsBox);
        const QString name = QString::fromLatin1(storage::studyReportSectionName(section));
        box->setObjectName(name + QStringLiteral("Section"));
        box->setChecked(chosen.isEmpty() || chosen.contains(name));
        connect(box, &QCheckBox::toggled, this, &StudyReportDialog::validate);
        sectionsLayout->addWidget(box);
        sections_.push_back(box);
    }
    form->addRow(tr("Sections:"), sectionsBox);

    tables_ = new QListWidget(this);
    tables_->setObjectName(QStringLiteral("associationList"));
    tables_->setMaximumHeight(90);
    tables_->setToolTip(tr("Optional: correlation or group maps saved by the Associations page or "
                           "rgw-cli assoc for this cohort, each with its .provenance.json"));
    auto* add = new QPushButton(tr("&Add..."), this);
    auto* remove = new QPushButton(tr("Remo&ve"), this);
    connect(add, &QPushButton::clicked, this, [this] {
        const QString file = chooseOpenFile(
            this, tr("Association table"),
            QSettings().value(QStringLiteral("reports/associationFolder")).toString(),
            tr("Association tables (*.csv);;All files (*)"));
        if (!file.isEmpty()) {
            QSettings().setValue(QStringLiteral("reports/associationFolder"),
                                 QFileInfo(file).absolutePath());
            addAssociationTables({file});
        }
    });
    connect(remove, &QPushButton::clicked, this, [this] { delete tables_->currentItem(); });
    connect(tables_->model(), &QAbstractItemModel::rowsRemoved, this, &StudyReportDialog::validate);
    auto* tableButtons = new QVBoxLayout;
    tableButtons->addWidget(add);
    tableButtons->addWidget(remove);
    tableButtons->addStretch();
    auto* tableRow = new QHBoxLayout;
    tableRow->addWidget(tables_, 1);
    tableRow->addLayout(tableButtons);
    form->addRow(tr("Association tables:"), tableRow);

    output_ = new ReportFileFields(QStringLiteral("reports/study"), tr("Study report"), this, form);
    output_->setDefaultFile(cohort_->currentText().isEmpty()
                                ? QString()
                                : QStringLiteral("study-report-") + nameOf(cohort_->currentText()));
    problem_ = problemLabel(this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(problem_);
    layout->addWidget(okCancel(this, tr("&Export"), ok_));
    connect(cohort_, &QComboBox::currentIndexChanged, this, &StudyReportDialog::validate);
    connect(output_->file, &QLineEdit::textChanged, this, &StudyReportDialog::validate);
    validate();
}

QCheckBox* StudyReportDialog::sectionBox(storage::StudyReportSection section) const {
    for (std::size_t i = 0; i < kSections.size(); ++i)
        if (kSections[i].first == section)
            return sections_[i];
    return nullptr;
}

QComboBox* StudyReportDialog::formatBox() const {
    return output_->format;
}

QLineEdit* StudyReportDialog::fileEdit() const {
    return output_->file;
}

void StudyReportDialog::addAssociationTables(const QStringList& files) {
    for (const QString& file : files) {
        if (!tables_->findItems(file, Qt::MatchExactly).isEmpty())
            continue;
        auto* item = new QListWidgetItem(file, tables_);
        item->setToolTip(QDir::toNativeSeparators(file));
    }
    validate();
}

StudyReportRequest StudyReportDialog::request() const {
    StudyReportRequest request;
    request.cohort = cohort_->currentText();
    for (std::size_t i = 0; i < kSections.size(); ++i)
        if (sections_[i]->isChecked())
            request.sections.push_back(kSections[i].first);
    for (int i = 0; i < tables_->count(); ++i)
        request.associationTables.emplace_back(tables_->item(i)->text().toStdString());
    request.file = output_->path();
    return request;
}

QString StudyReportDialog::problem() const {
    return problem_->text();
}

void StudyReportDialog::validate() {
    QString problem;
    if (cohort_->count() == 0)
        problem = tr("The database has no named cohort: save one on the Cohort page first.");
    else if (request().sections.empty())
        problem = tr("Choose at least one section.");
    for (int i = 0; problem.isEmpty() && i < tables_->count(); ++i) {
        const QString file = tables_->item(i)->text();
        if (!QFileInfo(file).isFile())
            problem = tr("%1 does not exist.").arg(QDir::toNativeSeparators(file));
        else if (!QFileInfo(QString::fromStdString(
                                modeling::provenanceFileOf(file.toStdString()).string()))
                      .isFile())
            problem =
                tr("%1 has no provenance file (%2) next to it: save the table from the "
                   "Associations page or with rgw-cli assoc.")
                    .arg(QDir::toNativeSeparators(file),
                         QString::fromStdString(
                             modeling::provenanceFileOf(file.toStdString()).filename().string()));
    }
    if (problem.isEmpty())
        problem = output_->problem();
    showProblem(problem_, ok_, problem);
}

void StudyReportDialog::accept() {
    validate();
    if (!ok_->isEnabled())
        return;
    QSettings settings;
    settings.setValue(QStringLiteral("reports/study/cohort"), nameOf(cohort_->currentText()));
    QStringList sections;
    for (const storage::StudyReportSection section : request().sections)
        sections << QString::fromLatin1(storage::studyReportSectionName(section));
    settings.setValue(QStringLiteral("reports/study/sections"), sections);
    output_->remember();
    QDialog::accept();
}

// --- PatientReportDialog ----------------------------------------------------

PatientReportDialog::PatientReportDialog(const QStringList& patients, const QString& selected,
                                         QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("patientReportDialog"));
    setWindowTitle(tr("Export patient report"));
    patient_ = new QComboBox(this);
    patient_->setObjectName(QStringLiteral("patientBox"));
    patient_->addItems(patients);
    patient_->setCurrentIndex(
        selected.isEmpty() ? 0 : std::max<int>(0, static_cast<int>(patients.indexOf(selected))));
    auto* form = new QFormLayout;
    form->addRow(tr("&Patient:"), patient_);
    output_ =
        new ReportFileFields(QStringLiteral("reports/patient"), tr("Patient report"), this, form);
    output_->setDefaultFile(patient_->currentText().isEmpty()
                                ? QString()
                                : QStringLiteral("patient-report-") + patient_->currentText());
    problem_ = problemLabel(this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(problem_);
    layout->addWidget(okCancel(this, tr("&Export"), ok_));
    connect(patient_, &QComboBox::currentIndexChanged, this, &PatientReportDialog::validate);
    connect(output_->file, &QLineEdit::textChanged, this, &PatientReportDialog::validate);
    validate();
}

QComboBox* PatientReportDialog::formatBox() const {
    return output_->format;
}

QLineEdit* PatientReportDialog::fileEdit() const {
    return output_->file;
}

PatientReportRequest PatientReportDialog::request() const {
    return {patient_->currentText(), output_->path()};
}

QString PatientReportDialog::problem() const {
    return problem_->text();
}

void PatientReportDialog::validate() {
    showProblem(problem_, ok_,
                patient_->currentText().isEmpty() ? tr("The database has no patient.")
                                                  : output_->problem());
}

void PatientReportDialog::accept() {
    validate();
    if (!ok_->isEnabled())
        return;
    output_->remember();
    QDialog::accept();
}

// --- SharingExportDialog ----------------------------------------------------

SharingExportDialog::SharingExportDialog(const QStringList& cohorts, QWidget* parent)
    : SharingExportDialog(SharingKind::Deidentified, cohorts, parent) {}

SharingExportDialog::SharingExportDialog(SharingKind kind, const QStringList& cohorts,
                                         QWidget* parent)
    : QDialog(parent), kind_(kind) {
    const bool bundle = kind == SharingKind::Bundle;
    setObjectName(bundle ? QStringLiteral("bundleExportDialog")
                         : QStringLiteral("sharingExportDialog"));
    setWindowTitle(bundle ? tr("Export cohort bundle") : tr("Export for sharing"));
    QSettings settings;
    cohort_ = new QComboBox(this);
    cohort_->setObjectName(QStringLiteral("cohortBox"));
    cohort_->addItems(cohorts);
    selectRememberedCohort(cohort_, settings.value(settingsKey("cohort")).toString());
    folder_ = new QLineEdit(this);
    folder_->setObjectName(QStringLiteral("folderEdit"));
    folder_->setMinimumWidth(320);
    auto* browse = new QPushButton(tr("&Browse..."), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString start = QSettings().value(settingsKey("parent")).toString();
        const QString chosen = zip_ && zip_->isChecked()
                                   ? chooseSaveFile(this, tr("Export the cohort bundle as"), start,
                                                    tr("Zip files (*.zip)"))
                                   : chooseFolder(this, windowTitle() + tr(" into"), start);
        if (!chosen.isEmpty())
            folder_->setText(chosen);
        showTarget();
    });
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(folder_, 1);
    folderRow->addWidget(browse);
    retain_ = new QCheckBox(tr("&Retain longitudinal intervals (shift dates)"), this);
    retain_->setObjectName(QStringLiteral("retainIntervalsBox"));
    retain_->setToolTip(tr("Dates are shifted by a per-patient offset so that intervals are kept; "
                           "otherwise they are removed (basic profile)."));
    retain_->setChecked(settings.value(settingsKey("retainIntervals")).toBool());
    auto* note = new QLabel(
        bundle ? tr("One folder (or zip) another installation imports into an equal database "
                    "(File > Import cohort bundle): the included patients' DICOM de-identified "
                    "(PS3.15 basic profile), their cBioPortal genomic and clinical files, "
                    "feature tables, models, the cohort's record and the study report, under "
                    "pseudonyms kept in this database.")
               : tr("The included patients' DICOM is de-identified (PS3.15 basic profile) "
                    "under pseudonyms kept in this database, with the cohort's table "
                    "(clinical.tsv) and a manifest."),
        this);
    note->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("Co&hort:"), cohort_);
    folderLabel_ = new QLabel(this);
    folderLabel_->setBuddy(folder_);
    form->addRow(folderLabel_, folderRow);
    form->addRow(retain_);
    if (bundle) {
        zip_ = new QCheckBox(tr("Write as one .&zip file"), this);
        zip_->setObjectName(QStringLiteral("zipBox"));
        zip_->setChecked(settings.value(settingsKey("zip")).toBool());
        report_ = new QCheckBox(tr("Include the study &report (without the patient appendix, "
                                   "which names patients)"),
                                this);
        report_->setObjectName(QStringLiteral("reportBox"));
        report_->setChecked(settings.value(settingsKey("report"), true).toBool());
        form->addRow(zip_);
        form->addRow(report_);
        connect(zip_, &QCheckBox::toggled, this, [this] {
            showTarget();
            validate();
        });
    }
    problem_ = problemLabel(this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addLayout(form);
    layout->addWidget(problem_);
    layout->addWidget(okCancel(this, tr("&Export"), ok_));
    connect(cohort_, &QComboBox::currentIndexChanged, this, &SharingExportDialog::validate);
    connect(folder_, &QLineEdit::textChanged, this, &SharingExportDialog::validate);
    showTarget();
    validate();
}

QString SharingExportDialog::settingsKey(const char* name) const {
    return (kind_ == SharingKind::Bundle ? QStringLiteral("reports/bundle/")
                                         : QStringLiteral("reports/sharing/")) +
           QLatin1String(name);
}

void SharingExportDialog::showTarget() {
    const bool zip = zip_ && zip_->isChecked();
    folderLabel_->setText(zip ? tr("Output &zip file:") : tr("Output &folder:"));
    folder_->setPlaceholderText(zip ? tr("a new .zip file") : tr("a new or empty folder"));
    // The extension follows the choice, as the report dialogs' format does.
    const QString text = folder_->text().trimmed();
    const bool hasZip = text.endsWith(QLatin1String(".zip"), Qt::CaseInsensitive);
    if (zip && !text.isEmpty() && !hasZip)
        folder_->setText(text + QLatin1String(".zip"));
    else if (!zip && hasZip)
        folder_->setText(text.left(text.size() - 4));
}

SharingExportRequest SharingExportDialog::request() const {
    SharingExportRequest request{cohort_->currentText(), folder_->text().trimmed(),
                                 retain_->isChecked()};
    request.zip = zip_ && zip_->isChecked();
    request.includeReport = report_ && report_->isChecked();
    return request;
}

QString SharingExportDialog::problem() const {
    return problem_->text();
}

void SharingExportDialog::validate() {
    const QString target = folder_->text().trimmed();
    showProblem(problem_, ok_,
                cohort_->count() == 0
                    ? tr("The database has no named cohort: save one on the Cohort page first.")
                : zip_ && zip_->isChecked() ? bundleZipProblem(target)
                                            : sharingFolderProblem(target));
}

void SharingExportDialog::accept() {
    validate();
    if (!ok_->isEnabled())
        return;
    QSettings settings;
    settings.setValue(settingsKey("cohort"), nameOf(cohort_->currentText()));
    settings.setValue(settingsKey("parent"), QFileInfo(folder_->text().trimmed()).absolutePath());
    settings.setValue(settingsKey("retainIntervals"), retain_->isChecked());
    if (zip_) {
        settings.setValue(settingsKey("zip"), zip_->isChecked());
        settings.setValue(settingsKey("report"), report_->isChecked());
    }
    QDialog::accept();
}

} // namespace rgw::ui
