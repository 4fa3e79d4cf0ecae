#pragma once

#include "ImportService.h"

#include <QDialog>

namespace rgw::ui {

/// What an import did: counts, and every skipped file with its reason.
class ImportReportDialog : public QDialog {
    Q_OBJECT
public:
    ImportReportDialog(const storage::ImportReport& report, const QString& heading,
                       QWidget* parent = nullptr);

    /// The one-paragraph summary shown at the top (also used in the status bar).
    /// Starts with noDicomWarning() when storage::foundNoDicom(report).
    static QString summary(const storage::ImportReport& report);
    /// "0 instances: nothing in this folder is DICOM".
    static QString noDicomWarning();
};

} // namespace rgw::ui
