#pragma once

// The File menu's report and sharing dialogs (issue #15 §3): what to export
// and where. The main window runs the export itself (MainWindowReports.cpp,
// in the background with progress and cancel); the dialogs only collect the
// request, refuse what cannot work (OK disabled, the reason shown under the
// fields) and remember their settings (QSettings "reports/...") when accepted.

#include "StudyReport.h"

#include <QDialog>
#include <QString>
#include <QStringList>
#include <filesystem>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace rgw::ui {

/// The report's file format; the extension of the output file follows it.
enum class ReportFormat { Pdf, Html };

/// What File > Export study report asks for.
struct StudyReportRequest {
    QString cohort; ///< "NAME@VERSION"
    std::vector<storage::StudyReportSection> sections;
    /// Association CSVs (Associations page / rgw-cli assoc), each with its
    /// TABLE.provenance.json next to it.
    std::vector<std::filesystem::path> associationTables;
    QString file; ///< .pdf or .html
};

/// What File > Export patient report asks for.
struct PatientReportRequest {
    QString patientId;
    QString file; ///< .pdf or .html
};

/// What File > Export for sharing and File > Export cohort bundle ask for.
struct SharingExportRequest {
    QString cohort; ///< "NAME@VERSION"
    QString folder; ///< new or empty; a zipped bundle: the new .zip file
    bool retainIntervals = false;
    bool zip = false;          ///< bundle: one .zip file instead of a folder
    bool includeReport = true; ///< bundle: report.pdf (the study report without patient appendix)
};

/// The export a SharingExportDialog prepares: the de-identified DICOM and
/// table (storage::exportDeidentified), or the whole cohort bundle
/// (storage::exportCohortBundle: the same DICOM plus genomics, features,
/// models, cohort record and report).
enum class SharingKind { Deidentified, Bundle };

/// ".pdf" / ".html" as `format` wants it: `file` with its extension replaced
/// (or appended); empty stays empty.
QString withReportExtension(const QString& file, ReportFormat format);
/// Why `folder` cannot receive an export for sharing ("" when it can: it
/// does not exist or is an empty folder).
QString sharingFolderProblem(const QString& folder);
/// Why `file` cannot receive a zipped bundle ("" when it can: a new file
/// ending in .zip in an existing folder).
QString bundleZipProblem(const QString& file);

/// Format (PDF/HTML) and output file with a Browse button, shared by the
/// report dialogs: changing the format changes the file's extension.
class ReportFileFields;

/// File > Export study report: the cohort (NAME@VERSION of every stored
/// version, newest first per name; the latest version of the remembered or
/// first name by default), the sections (checkboxes, all by default), the
/// optional association tables (each must have its provenance side file),
/// format and output file.
class StudyReportDialog : public QDialog {
    Q_OBJECT
public:
    /// `cohorts`: the NAME@VERSION choices, in the order to show them.
    explicit StudyReportDialog(const QStringList& cohorts, QWidget* parent = nullptr);

    StudyReportRequest request() const;
    /// Adds association tables (what Add... does after its file dialog).
    void addAssociationTables(const QStringList& files);
    /// Why OK is disabled ("" when it is enabled).
    QString problem() const;

    QComboBox* cohortBox() const { return cohort_; }
    QCheckBox* sectionBox(storage::StudyReportSection section) const;
    QListWidget* associationList() const { return tables_; }
    QComboBox* formatBox() const;
    QLineEdit* fileEdit() const;
    QPushButton* okButton() const { return ok_; }

    void accept() override;

private:
    void validate();

    QComboBox* cohort_;
    std::vector<QCheckBox*> sections_;
    QListWidget* tables_;
    ReportFileFields* output_;
    QLabel* problem_;
    QPushButton* ok_;
};

/// File > Export patient report: the patient (preselected: the browser's),
/// format and output file.
class PatientReportDialog : public QDialog {
    Q_OBJECT
public:
    PatientReportDialog(const QStringList& patients, const QString& selected,
                        QWidget* parent = nullptr);

    PatientReportRequest request() const;
    QString problem() const;

    QComboBox* patientBox() const { return patient_; }
    QComboBox* formatBox() const;
    QLineEdit* fileEdit() const;
    QPushButton* okButton() const { return ok_; }

    void accept() override;

private:
    void validate();

    QComboBox* patient_;
    ReportFileFields* output_;
    QLabel* problem_;
    QPushButton* ok_;
};

/// File > Export for sharing (SharingKind::Deidentified): the cohort, the
/// output folder (must be new or empty) and "Retain longitudinal intervals
/// (shift dates)". File > Export cohort bundle (SharingKind::Bundle) adds
/// "Write as one .zip file" (the output is then a new .zip file) and
/// "Include the study report". Each kind remembers its own settings.
class SharingExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit SharingExportDialog(const QStringList& cohorts, QWidget* parent = nullptr);
    SharingExportDialog(SharingKind kind, const QStringList& cohorts, QWidget* parent = nullptr);

    SharingKind kind() const { return kind_; }
    SharingExportRequest request() const;
    QString problem() const;

    QComboBox* cohortBox() const { return cohort_; }
    QLineEdit* folderEdit() const { return folder_; }
    QCheckBox* retainIntervalsBox() const { return retain_; }
    QCheckBox* zipBox() const { return zip_; }       ///< nullptr unless Bundle
    QCheckBox* reportBox() const { return report_; } ///< nullptr unless Bundle
    QPushButton* okButton() const { return ok_; }

    void accept() override;

private:
    void validate();
    /// Follows the zip choice: the output's label, placeholder and extension.
    void showTarget();
    QString settingsKey(const char* name) const;

    SharingKind kind_;
    QComboBox* cohort_;
    QLabel* folderLabel_;
    QLineEdit* folder_;
    QCheckBox* retain_;
    QCheckBox* zip_ = nullptr;
    QCheckBox* report_ = nullptr;
    QLabel* problem_;
    QPushButton* ok_;
};

} // namespace rgw::ui
