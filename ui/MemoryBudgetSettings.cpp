#include "MemoryBudgetSettings.h"

#include "util/ResourceBudget.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>
#include <QVBoxLayout>
#include <cmath>

namespace rgw::ui {
namespace {

constexpr const char* kKey = "resources/memoryBudgetBytes";
constexpr double kBytesPerGb = 1e9; // decimal, as the messages print sizes

QString sizeText(std::uint64_t bytes) {
    return QString::fromStdString(budget::formatBytes(bytes));
}

} // namespace

void applyStoredMemoryBudget() {
    budget::setMemoryBytes(QSettings().value(kKey, 0).toULongLong());
}

MemoryBudgetDialog::MemoryBudgetDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Memory budget"));
    auto* explanation = new QLabel(
        tr("The most memory one operation may use: loading a series, re-sampling an ROI, building "
           "a texture matrix. Inputs that would need more are refused with a message saying what "
           "they need, instead of exhausting the machine. This computer has %1 of memory.")
            .arg(sizeText(budget::physicalMemoryBytes())));
    explanation->setWordWrap(true);

    useDefault_ =
        new QCheckBox(tr("Default: a quarter of the physical memory, at most 1.5 GiB (%1)")
                          .arg(sizeText(budget::defaultMemoryBytes())));
    gigabytes_ = new QDoubleSpinBox;
    gigabytes_->setDecimals(1);
    gigabytes_->setSuffix(tr(" GB"));
    gigabytes_->setRange(0.1, static_cast<double>(budget::physicalMemoryBytes()) / kBytesPerGb);
    gigabytes_->setSingleStep(0.5);
    connect(useDefault_, &QCheckBox::toggled, gigabytes_, &QWidget::setDisabled);

    auto* form = new QFormLayout;
    form->addRow(useDefault_);
    form->addRow(tr("&Budget:"), gigabytes_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(form);
    layout->addWidget(buttons);

    setChosenBytes(QSettings().value(kKey, 0).toULongLong());
}

std::uint64_t MemoryBudgetDialog::chosenBytes() const {
    if (useDefault_->isChecked())
        return 0;
    return static_cast<std::uint64_t>(std::llround(gigabytes_->value() * kBytesPerGb));
}

void MemoryBudgetDialog::setChosenBytes(std::uint64_t bytes) {
    useDefault_->setChecked(bytes == 0);
    gigabytes_->setDisabled(bytes == 0);
    const std::uint64_t shown = bytes == 0 ? budget::defaultMemoryBytes() : bytes;
    gigabytes_->setValue(static_cast<double>(shown) / kBytesPerGb);
}

void MemoryBudgetDialog::accept() {
    const std::uint64_t bytes = chosenBytes();
    QSettings settings;
    if (bytes == 0)
        settings.remove(kKey);
    else
        settings.setValue(kKey, static_cast<qulonglong>(bytes));
    budget::setMemoryBytes(bytes);
    QDialog::accept();
}

} // namespace rgw::ui
