#include "CohortDialogs.h"

#include "FileDialogs.h"
#include "util/Error.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace rgw::ui {

namespace {

constexpr const char* kSeedKey = "cohort/splitSeed";

QDialogButtonBox* addButtons(QDialog* dialog, QVBoxLayout* layout) {
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    return buttons;
}

QLabel* errorLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setStyleSheet(QStringLiteral("color: #b00020"));
    label->setWordWrap(true);
    label->hide();
    return label;
}

} // namespace

TextPromptDialog::TextPromptDialog(const QString& title, const QString& prompt, QWidget* parent)
    : QDialog(parent), edit_(new QLineEdit(this)) {
    setWindowTitle(title);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(prompt, this));
    layout->addWidget(edit_);
    auto* ok = addButtons(this, layout)->button(QDialogButtonBox::Ok);
    ok->setEnabled(false);
    connect(edit_, &QLineEdit::textChanged, ok,
            [ok](const QString& text) { ok->setEnabled(!text.trimmed().isEmpty()); });
}

QString TextPromptDialog::text() const {
    return edit_->text().trimmed();
}

SplitDialog::SplitDialog(const QStringList& variables, QWidget* parent)
    : QDialog(parent), method_(new QComboBox(this)), fraction_(new QDoubleSpinBox(this)),
      variable_(new QComboBox(this)), seed_(new QSpinBox(this)), assignment_(new QLineEdit(this)),
      error_(errorLabel(this)) {
    setWindowTitle(tr("Split cohort"));
    method_->addItem(tr("Stratified"), static_cast<int>(storage::SplitRequest::Method::Stratified));
    method_->addItem(tr("Group (no group in both parts)"),
                     static_cast<int>(storage::SplitRequest::Method::Group));
    method_->addItem(tr("Imported from a file"),
                     static_cast<int>(storage::SplitRequest::Method::Imported));
    fraction_->setRange(0.05, 0.95);
    fraction_->setSingleStep(0.05);
    fraction_->setValue(0.3);
    variable_->addItem(tr("(none)"), QString());
    for (const QString& name : variables)
        variable_->addItem(name, name);
    seed_->setRange(0, 1'000'000'000);
    seed_->setValue(QSettings().value(kSeedKey, 1).toInt());
    auto* browse = new QPushButton(tr("Browse..."), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = chooseOpenFile(this, tr("Split assignment"), assignment_->text(),
                                            tr("Tables (*.csv *.tsv *.txt)"));
        if (!file.isEmpty())
            assignment_->setText(file);
    });
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(assignment_, 1);
    fileRow->addWidget(browse);
    auto* form = new QFormLayout;
    form->addRow(tr("&Method:"), method_);
    form->addRow(tr("&Test fraction:"), fraction_);
    form->addRow(tr("&Variable:"), variable_);
    form->addRow(tr("&Seed:"), seed_);
    form->addRow(tr("&Assignment (patient_id, split):"), fileRow);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(error_);
    addButtons(this, layout);
    connect(method_, &QComboBox::currentIndexChanged, this, &SplitDialog::updateFields);
    updateFields();
}

void SplitDialog::updateFields() {
    const bool imported =
        method_->currentData().toInt() == static_cast<int>(storage::SplitRequest::Method::Imported);
    fraction_->setEnabled(!imported);
    variable_->setEnabled(!imported);
    seed_->setEnabled(!imported);
    assignment_->setEnabled(imported);
}

storage::SplitRequest SplitDialog::request() const {
    storage::SplitRequest request;
    request.method = static_cast<storage::SplitRequest::Method>(method_->currentData().toInt());
    if (request.method == storage::SplitRequest::Method::Imported) {
        if (assignment_->text().trimmed().isEmpty())
            throw Error("An imported split needs the assignment file (patient_id, split).");
        request.assignment = std::filesystem::path(assignment_->text().trimmed().toStdU16String());
        return request;
    }
    request.testFraction = fraction_->value();
    request.variable = variable_->currentData().toString().toStdString();
    request.seed = static_cast<std::uint64_t>(seed_->value());
    if (request.method == storage::SplitRequest::Method::Group && request.variable.empty())
        throw Error("A group split needs the variable whose values form the groups.");
    return request;
}

void SplitDialog::done(int result) {
    if (result == Accepted) {
        try {
            const auto chosen = request();
            if (chosen.method != storage::SplitRequest::Method::Imported)
                QSettings().setValue(kSeedKey, seed_->value());
        } catch (const std::exception& e) {
            error_->setText(QString::fromStdString(e.what()));
            error_->show();
            return;
        }
    }
    QDialog::done(result);
}

ExportDialog::ExportDialog(QWidget* parent)
    : QDialog(parent), file_(new QLineEdit(this)), sample_(new QComboBox(this)),
      parameterSet_(new QLineEdit(this)), roiRule_(new QComboBox(this)),
      roiName_(new QLineEdit(this)), error_(errorLabel(this)) {
    setWindowTitle(tr("Export cohort table"));
    sample_->addItem(tr("Primary sample (one row per patient)"),
                     static_cast<int>(storage::SampleChoice::Primary));
    sample_->addItem(tr("All samples (one row per sample)"),
                     static_cast<int>(storage::SampleChoice::All));
    parameterSet_->setPlaceholderText(tr("none: no radiomic features"));
    roiRule_->addItem(tr("Largest ROI"), static_cast<int>(storage::RoiRule::Largest));
    roiRule_->addItem(tr("ROI named"), static_cast<int>(storage::RoiRule::Named));
    roiRule_->addItem(tr("Each ROI (one row per ROI)"),
                      static_cast<int>(storage::RoiRule::EachRoi));
    roiRule_->addItem(tr("Mean over the patient's ROIs"), static_cast<int>(storage::RoiRule::Mean));
    roiName_->setEnabled(false);
    connect(roiRule_, &QComboBox::currentIndexChanged, this, [this] {
        roiName_->setEnabled(roiRule_->currentData().toInt() ==
                             static_cast<int>(storage::RoiRule::Named));
    });
    auto* browse = new QPushButton(tr("Browse..."), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = chooseSaveFile(this, tr("Export cohort table"), file_->text(),
                                            tr("CSV (*.csv);;TSV (*.tsv)"));
        if (!file.isEmpty())
            file_->setText(file);
    });
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(file_, 1);
    fileRow->addWidget(browse);
    auto* form = new QFormLayout;
    form->addRow(tr("&File:"), fileRow);
    form->addRow(tr("&Sample:"), sample_);
    form->addRow(tr("&Parameter set:"), parameterSet_);
    form->addRow(tr("&ROI rule:"), roiRule_);
    form->addRow(tr("ROI &name:"), roiName_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(error_);
    addButtons(this, layout);
}

QString ExportDialog::file() const {
    return file_->text().trimmed();
}

storage::CohortExportOptions ExportDialog::options() const {
    storage::CohortExportOptions options;
    options.sample = static_cast<storage::SampleChoice>(sample_->currentData().toInt());
    options.parameterSet = parameterSet_->text().trimmed().toStdString();
    options.roiRule = static_cast<storage::RoiRule>(roiRule_->currentData().toInt());
    if (options.roiRule == storage::RoiRule::Named)
        options.roiName = roiName_->text().trimmed().toStdString();
    return options;
}

void ExportDialog::done(int result) {
    if (result == Accepted) {
        QString problem;
        if (file().isEmpty())
            problem = tr("Choose the file to write.");
        else if (roiRule_->currentData().toInt() == static_cast<int>(storage::RoiRule::Named) &&
                 roiName_->text().trimmed().isEmpty())
            problem = tr("The ROI rule \"ROI named\" needs the ROI name.");
        if (!problem.isEmpty()) {
            error_->setText(problem);
            error_->show();
            return;
        }
    }
    QDialog::done(result);
}

} // namespace rgw::ui
