#pragma once

#include <QDialog>
#include <QString>

class QComboBox;
class QLabel;
class QPushButton;

namespace rgw::ui {

/// What the Filter response dialog asks for.
struct FilterResponseRequest {
    QString parameterSpec; ///< preset name or YAML file with a `filters:` section
    int filter = 0;        ///< 0-based index into its filters
};

/// Analysis > Filter response (issue #16 §3): the response map of one IBSI-2
/// filter of a parameter set's `filters:` section (a YAML file, or a preset
/// that has one) on the shown series, as `rgw-cli filter` writes it. The
/// filter list follows the chosen set; without filters the dialog says so and
/// cannot be accepted. The choice is remembered (QSettings "filterResponse/...").
class FilterResponseDialog : public QDialog {
    Q_OBJECT
public:
    /// `target` names the series, e.g. "STS_001 · CT".
    explicit FilterResponseDialog(const QString& target, QWidget* parent = nullptr);

    FilterResponseRequest request() const;

    QComboBox* parameterBox() const { return parameters_; }
    QComboBox* filterBox() const { return filter_; }
    QLabel* note() const { return note_; }
    QPushButton* computeButton() const { return compute_; }

private:
    void listFilters();
    void remember() const;

    QComboBox* parameters_;
    QComboBox* filter_;
    QLabel* note_;
    QPushButton* compute_;
};

} // namespace rgw::ui
