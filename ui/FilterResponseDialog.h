#pragma once

#include <QDialog>
#include <QString>

class QComboBox;
class QLabel;
class QPushButton;

namespace rgw::ui {

class ImageFilterEditor;

/// What the Filter response dialog asks for.
struct FilterResponseRequest {
    QString parameterSpec; ///< preset name or YAML file with a `filters:` section
    int filter = 0;        ///< 0-based index into its filters
};

/// Analysis > Filter response (issue #16 §3): the response map of one IBSI-2
/// filter of a parameter set's `filters:` section (a YAML file, or a preset
/// that has one) on the shown series, as `rgw-cli filter` writes it. The
/// filter list follows the chosen set; without filters the dialog says so and
/// cannot be accepted. "Filters..." edits the set's filters in a new copy
/// (ImageFilterEditor, as the extraction dialog does), which becomes the
/// chosen set with the entry last selected in the editor as the filter. The
/// choice is remembered (QSettings "filterResponse/...").
class FilterResponseDialog : public QDialog {
    Q_OBJECT
public:
    /// `target` names the series, e.g. "STS_001 · CT".
    explicit FilterResponseDialog(const QString& target, QWidget* parent = nullptr);

    FilterResponseRequest request() const;
    /// What "Filters..." does; nullptr (the reason in note()) when the chosen
    /// set cannot be edited.
    ImageFilterEditor* openFilterEditor();

    QComboBox* parameterBox() const { return parameters_; }
    QComboBox* filterBox() const { return filter_; }
    QLabel* note() const { return note_; }
    QPushButton* computeButton() const { return compute_; }
    QPushButton* filtersButton() const { return filters_; }

private:
    void listFilters();
    void remember() const;

    QComboBox* parameters_;
    QComboBox* filter_;
    QLabel* note_;
    QPushButton* compute_;
    QPushButton* filters_;
};

} // namespace rgw::ui
