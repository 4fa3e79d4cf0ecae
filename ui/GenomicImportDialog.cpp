#include "GenomicImportDialog.h"

#include "ColumnMappingPage.h"
#include "FileDialogs.h"
#include "PathText.h"
#include "util/Error.h"
#include "util/Failure.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScreen>
#include <QSettings>
#include <QVBoxLayout>

namespace rgw::ui {
namespace {

/// A line edit with a "..." button beside it.
QHBoxLayout* pathRow(QLineEdit* edit, QPushButton* button) {
    auto* row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(button);
    return row;
}

} // namespace

GenomicImportDialog::GenomicImportDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Import genomic / clinical data"));
    setObjectName(QStringLiteral("genomicImportDialog"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;

    source_ = new QLineEdit(this);
    source_->setObjectName(QStringLiteral("sourceEdit"));
    source_->setPlaceholderText(tr("cBioPortal study folder, .vcf(.gz), PLINK .raw, .csv/.tsv"));
    auto* folder = new QPushButton(tr("&Folder..."), this);
    auto* file = new QPushButton(tr("F&ile..."), this);
    auto* sourceRow = pathRow(source_, folder);
    sourceRow->addWidget(file);
    form->addRow(tr("Source:"), sourceRow);
    formatLabel_ = new QLabel(this);
    formatLabel_->setObjectName(QStringLiteral("formatLabel"));
    formatLabel_->setWordWrap(true);
    form->addRow(tr("Format:"), formatLabel_);
    aliases_ = new QLineEdit(this);
    aliases_->setObjectName(QStringLiteral("aliasEdit"));
    aliases_->setPlaceholderText(tr("optional: CSV/TSV with patient_id, alias (kind)"));
    aliases_->setToolTip(tr("Source ids that name stored patients differently (a study id, a "
                            "hospital number) and the canonical patient each belongs to"));
    auto* aliasButton = new QPushButton(tr("..."), this);
    aliasButton->setToolTip(tr("Choose an alias file"));
    form->addRow(tr("Alias file:"), pathRow(aliases_, aliasButton));
    abort_ = new QRadioButton(tr("&Abort: write nothing when there is any problem"), this);
    abort_->setObjectName(QStringLiteral("abortOnError"));
    skip_ = new QRadioButton(tr("&Skip the records with problems, import the rest"), this);
    skip_->setObjectName(QStringLiteral("skipOnError"));
    auto* onError = new QHBoxLayout;
    onError->addWidget(abort_);
    onError->addWidget(skip_);
    onError->addStretch();
    form->addRow(tr("On problems:"), onError);
    layout->addLayout(form);

    vcfBox_ = new QGroupBox(tr("Somatic VCF"), this);
    auto* vcf = new QFormLayout(vcfBox_);
    panel_ = new QLineEdit(vcfBox_);
    panel_->setObjectName(QStringLiteral("panelEdit"));
    panel_->setPlaceholderText(tr("gene panel file: which genes were sequenced"));
    auto* panelButton = new QPushButton(tr("..."), vcfBox_);
    panelButton->setToolTip(tr("Choose a gene panel file"));
    vcf->addRow(tr("Gene panel:"), pathRow(panel_, panelButton));
    wholeExome_ = new QCheckBox(tr("Whole exome (every gene profiled)"), vcfBox_);
    vcf->addRow(QString(), wholeExome_);
    tumorSample_ = new QLineEdit(vcfBox_);
    tumorSample_->setPlaceholderText(tr("tumour column of a tumour/normal file"));
    vcf->addRow(tr("Tumour sample:"), tumorSample_);
    layout->addWidget(vcfBox_);

    mappingBox_ = new QGroupBox(tr("Column mapping"), this);
    auto* mappingLayout = new QVBoxLayout(mappingBox_);
    mapping_ = new ColumnMappingPage(mappingBox_);
    mappingLayout->addWidget(mapping_, 1);
    auto* mappingButtons = new QHBoxLayout;
    auto* load = new QPushButton(tr("&Load mapping..."), mappingBox_);
    load->setObjectName(QStringLiteral("loadMappingButton"));
    auto* save = new QPushButton(tr("Sa&ve mapping..."), mappingBox_);
    save->setObjectName(QStringLiteral("saveMappingButton"));
    mappingButtons->addWidget(load);
    mappingButtons->addWidget(save);
    mappingButtons->addStretch();
    mappingLayout->addLayout(mappingButtons);
    layout->addWidget(mappingBox_, 1);

    problem_ = new QLabel(this);
    problem_->setObjectName(QStringLiteral("importProblem"));
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QStringLiteral("color: #b00020;"));
    layout->addWidget(problem_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("&Import"));
    layout->addWidget(buttons_);

    QSettings settings;
    (settings.value("genomicsImport/onError").toString() == QLatin1String("skip") ? skip_ : abort_)
        ->setChecked(true);
    aliases_->setText(settings.value("genomicsImport/aliasFile").toString());

    connect(folder, &QPushButton::clicked, this, &GenomicImportDialog::chooseFolder);
    connect(file, &QPushButton::clicked, this, &GenomicImportDialog::chooseFile);
    connect(source_, &QLineEdit::editingFinished, this, [this] {
        if (source_->text() != mapping_->tableFile() || !format_)
            setSource(source_->text());
    });
    connect(aliasButton, &QPushButton::clicked, this, [this] {
        const QString f = chooseOpenFile(this, tr("Alias file"), aliases_->text(),
                                         tr("Tables (*.csv *.tsv *.txt);;All files (*)"));
        if (!f.isEmpty())
            aliases_->setText(f);
    });
    connect(panelButton, &QPushButton::clicked, this, [this] {
        const QString f = chooseOpenFile(this, tr("Gene panel"), panel_->text(),
                                         tr("Gene panels (*.txt);;All files (*)"));
        if (!f.isEmpty())
            panel_->setText(f);
    });
    connect(load, &QPushButton::clicked, mapping_, &ColumnMappingPage::loadMappingDialog);
    connect(save, &QPushButton::clicked, mapping_, &ColumnMappingPage::saveMappingDialog);
    connect(mapping_, &ColumnMappingPage::mappingChanged, this, &GenomicImportDialog::updateState);
    connect(aliases_, &QLineEdit::textChanged, this, &GenomicImportDialog::updateState);
    connect(buttons_, &QDialogButtonBox::accepted, this, &GenomicImportDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

    // Wide enough for the mapping editor, within a 1366x768 screen.
    QSize size(1100, 680);
    if (const QScreen* screen = parent ? parent->screen() : this->screen())
        size = size.boundedTo(screen->availableGeometry().size() - QSize(40, 60));
    resize(size);
    updateState();
}

bool GenomicImportDialog::setSource(const QString& path) {
    source_->setText(path);
    format_.reset();
    sourceError_.clear();
    if (path.trimmed().isEmpty()) {
        updateState();
        return false;
    }
    try {
        if (!QFileInfo::exists(path))
            throw Error(path.toStdString() + ": no such file or folder");
        format_ = genomics::detectSourceFormat(toPath(path));
        if (*format_ == genomics::SourceFormat::MappedTable && !mapping_->setTable(path))
            sourceError_ = mapping_->problem();
        QSettings().setValue("genomicsImport/folder", QFileInfo(path).absolutePath());
    } catch (const std::exception& e) {
        sourceError_ = QString::fromStdString(rgw::failureMessage(e));
    }
    updateState();
    return format_.has_value() && sourceError_.isEmpty();
}

void GenomicImportDialog::setAliasFile(const QString& path) {
    aliases_->setText(path);
}

void GenomicImportDialog::setOnError(storage::OnError onError) {
    (onError == storage::OnError::Skip ? skip_ : abort_)->setChecked(true);
}

void GenomicImportDialog::chooseFolder() {
    const QString start = QSettings().value("genomicsImport/folder").toString();
    const QString f = ui::chooseFolder(this, tr("cBioPortal study folder"), start);
    if (!f.isEmpty())
        setSource(f);
}

void GenomicImportDialog::chooseFile() {
    const QString start = QSettings().value("genomicsImport/folder").toString();
    const QString f = chooseOpenFile(
        this, tr("Genomic or clinical file"), start,
        tr("Genomic and clinical data (*.vcf *.vcf.gz *.vcf.bgz *.raw *.csv *.tsv *.txt);;"
           "All files (*)"));
    if (!f.isEmpty())
        setSource(f);
}

void GenomicImportDialog::updateState() {
    const bool table = format_ == genomics::SourceFormat::MappedTable;
    vcfBox_->setVisible(format_ == genomics::SourceFormat::Vcf);
    mappingBox_->setVisible(table);
    formatLabel_->setText(format_ ? QString::fromLatin1(genomics::sourceFormatName(*format_))
                                  : tr("(choose a source)"));
    const QString why = problem();
    problem_->setText(why);
    problem_->setVisible(!why.isEmpty());
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

QString GenomicImportDialog::problem() const {
    if (!sourceError_.isEmpty())
        return sourceError_;
    if (!format_)
        return tr("Choose a study folder or a file to import.");
    if (!aliases_->text().trimmed().isEmpty() && !QFileInfo(aliases_->text().trimmed()).isFile())
        return tr("The alias file %1 does not exist.").arg(aliases_->text().trimmed());
    if (*format_ == genomics::SourceFormat::MappedTable && !mapping_->problem().isEmpty())
        return tr("Column mapping: %1").arg(mapping_->problem());
    return {};
}

GenomicImportRequest GenomicImportDialog::request() const {
    if (const QString why = problem(); !why.isEmpty())
        throw Error(why.toStdString());
    GenomicImportRequest r;
    r.source = toPath(source_->text());
    r.format = *format_;
    if (r.format == genomics::SourceFormat::MappedTable)
        r.tableMapping = mapping_->checkedMapping();
    if (r.format == genomics::SourceFormat::Vcf) {
        if (!panel_->text().trimmed().isEmpty())
            r.sourceOptions.genePanel = toPath(panel_->text().trimmed());
        r.sourceOptions.wholeExome = wholeExome_->isChecked();
        r.sourceOptions.tumorSample = tumorSample_->text().trimmed().toStdString();
    }
    if (!aliases_->text().trimmed().isEmpty())
        r.aliasFile = toPath(aliases_->text().trimmed());
    r.onError = skip_->isChecked() ? storage::OnError::Skip : storage::OnError::Abort;
    return r;
}

void GenomicImportDialog::accept() {
    if (!problem().isEmpty())
        return;
    QSettings settings;
    settings.setValue("genomicsImport/onError",
                      skip_->isChecked() ? QStringLiteral("skip") : QStringLiteral("abort"));
    settings.setValue("genomicsImport/aliasFile", aliases_->text().trimmed());
    QDialog::accept();
}

} // namespace rgw::ui
