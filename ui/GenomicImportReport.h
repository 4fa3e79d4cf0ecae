#pragma once

#include "GenomicsImport.h"

#include <QDialog>

namespace rgw::ui {

/// What a genomic / clinical import did: profiles, patients and samples
/// added, ids that matched no stored patient, files and columns not
/// imported, and every problem with its file, line and column.
class GenomicImportReportDialog : public QDialog {
    Q_OBJECT
public:
    GenomicImportReportDialog(const storage::GenomicsImportReport& report, const QString& heading,
                              QWidget* parent = nullptr);

    /// One paragraph (also the status bar's): imported or why not, then counts.
    static QString summary(const storage::GenomicsImportReport& report);
};

} // namespace rgw::ui
