#pragma once

#include <QDialog>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;

namespace rgw::ui {

/// The memory budget (core/util/ResourceBudget.h) as a remembered setting of
/// the workstation: how much memory one operation — loading a series,
/// resampling an ROI, building a texture matrix — may use before the input is
/// refused with a message naming what it would have needed.

/// Applies the stored budget ("resources/memoryBudgetBytes"; absent or 0 =
/// the default, half the physical memory) to the process.
void applyStoredMemoryBudget();

/// Settings > Memory budget: the default, or a size in GB. Accepting stores
/// the choice and applies it at once.
class MemoryBudgetDialog : public QDialog {
    Q_OBJECT
public:
    explicit MemoryBudgetDialog(QWidget* parent = nullptr);

    /// The budget the dialog shows, in bytes (0 = the default).
    std::uint64_t chosenBytes() const;
    void setChosenBytes(std::uint64_t bytes);

    void accept() override;

private:
    QCheckBox* useDefault_ = nullptr;
    QDoubleSpinBox* gigabytes_ = nullptr;
};

} // namespace rgw::ui
