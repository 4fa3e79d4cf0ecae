#pragma once

#include "CohortWork.h"

#include <QDialog>
#include <optional>

class QCheckBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace rgw::ui {

class ColumnMappingPage;

/// File > Import genomic / clinical data: a cBioPortal study folder, a VCF,
/// a PLINK .raw file or a CSV/TSV table (with its column-mapping step), an
/// optional alias file, and what to do with problems (abort: write nothing;
/// skip: import the valid records). The caller runs request() with
/// importGenomicSource off the GUI thread.
class GenomicImportDialog : public QDialog {
    Q_OBJECT
public:
    explicit GenomicImportDialog(QWidget* parent = nullptr);

    /// Chooses the source (as the Folder... / File... buttons do); the format
    /// is detected (genomics::detectSourceFormat) and its options shown.
    /// False, with the reason shown, for a path that is not a source.
    bool setSource(const QString& path);
    void setAliasFile(const QString& path);
    void setOnError(storage::OnError onError);

    std::optional<genomics::SourceFormat> format() const { return format_; }
    /// What to import; throws rgw::Error when the dialog is not complete
    /// (no source, an invalid mapping).
    GenomicImportRequest request() const;
    /// Empty when Import can be pressed, else why not (shown in the dialog).
    QString problem() const;

    ColumnMappingPage* mappingPage() const { return mapping_; }
    QDialogButtonBox* buttons() const { return buttons_; }

    void accept() override;

private:
    void chooseFolder();
    void chooseFile();
    void updateState();

    QLineEdit* source_;
    QLabel* formatLabel_;
    QGroupBox* vcfBox_;
    QLineEdit* panel_;
    QCheckBox* wholeExome_;
    QLineEdit* tumorSample_;
    QGroupBox* mappingBox_;
    ColumnMappingPage* mapping_;
    QLineEdit* aliases_;
    QRadioButton* abort_;
    QRadioButton* skip_;
    QLabel* problem_;
    QDialogButtonBox* buttons_;
    std::optional<genomics::SourceFormat> format_;
    QString sourceError_;
};

} // namespace rgw::ui
