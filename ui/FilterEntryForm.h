#pragma once

#include "radiomics/Settings.h"

#include <QString>
#include <QWidget>
#include <array>
#include <map>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;

namespace rgw::ui {

/// The form of one entry of a parameter file's `filters:` section: its type,
/// dimensions and boundary, the settings that type takes (the others are
/// hidden), its response-map families as check boxes and, only when one of
/// them reads grey levels, its discretisation. The fields hold a
/// radiomics::FilterEntry as it is; whether it is valid is for the core
/// reader to say (ImageFilterEditor), so the fields accept values it refuses.
class FilterEntryForm : public QWidget {
    Q_OBJECT
public:
    explicit FilterEntryForm(QWidget* parent = nullptr);

    /// Shows `entry` (without emitting changed()).
    void setEntry(const radiomics::FilterEntry& entry);
    /// The entry the fields describe.
    radiomics::FilterEntry entry() const;

    /// The filter types in the order of filters::FilterKind: "mean", "log",
    /// "laws", "gabor", "wavelet", "simoncelli", "riesz".
    static const std::vector<QString>& typeKeys();
    /// `entry` with another filter type (its default settings); dimensions,
    /// boundary, families and discretisation are kept.
    static radiomics::FilterEntry withType(radiomics::FilterEntry entry, int typeIndex);

    /// Highlights the label of the field of entry key `key` ("order",
    /// "bin_count", ...) that an error names; empty clears the highlight.
    void markKey(const QString& key);

    /// The field of entry key `key`, or null.
    QWidget* field(const QString& key) const;

signals:
    /// A field changed: entry() differs from before.
    void changed();
    /// The user chose another filter type (its index in typeKeys()).
    void typeChosen(int typeIndex);

private:
    void addRow(const QString& key, const QString& label, QWidget* field);
    void fillTypeFields(const radiomics::FilterEntry& entry);
    void updateVisibility();
    void edited();

    QFormLayout* form_;
    QComboBox* type_;
    QComboBox* dimensions_;
    QComboBox* boundary_;
    QSpinBox* support_;
    QDoubleSpinBox* sigma_;
    QDoubleSpinBox* truncation_;
    QLineEdit* kernels_;
    QCheckBox* rotationInvariant_;
    QComboBox* pooling_;
    QSpinBox* energyDistance_;
    QDoubleSpinBox* lambda_;
    QDoubleSpinBox* gamma_;
    QDoubleSpinBox* theta_;
    QDoubleSpinBox* deltaTheta_;
    QComboBox* waveletFamily_;
    QLineEdit* subband_;
    QSpinBox* level_;
    std::array<QSpinBox*, 3> order_{};
    QComboBox* base_;
    QCheckBox* align_;
    QDoubleSpinBox* tensorSigma_;
    std::vector<QCheckBox*> families_;
    QComboBox* method_;
    QSpinBox* binCount_;
    QDoubleSpinBox* binWidth_;
    std::map<QString, QWidget*> fields_; ///< entry key -> field
    QString marked_;
    bool loading_ = false;
};

} // namespace rgw::ui
