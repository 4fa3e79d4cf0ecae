#pragma once

#include <QDialog>
#include <QString>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace rgw::ui {

/// What the Feature map dialog asks for.
struct FeatureMapRequest {
    QString parameterSpec; ///< preset name or YAML file (radiomics::loadParameterSet)
    QStringList features;  ///< column names of radiomics::featuremaps::mapFeatures()
    int radius = 2;        ///< kernel radius in voxels, 1 .. 20
    bool useMask = true;   ///< kernels within the segment; false: every voxel of the image
};

/// Analysis > Feature map (issue #16 §3): voxel-wise feature maps of the shown
/// series in its active segment — the parameter set (presets or a YAML file,
/// as Extract features offers them; it must not interpolate), the features
/// (a checkable list of the map features, grouped by family), the kernel
/// radius and whether the segment restricts the kernels. A set that
/// interpolates (or a PyRadiomics-compatible one) is named in a note and
/// cannot be run. The settings are remembered (QSettings "featureMaps/...")
/// when accepted.
class FeatureMapDialog : public QDialog {
    Q_OBJECT
public:
    /// `target` names series and segment, e.g. "STS_001 · GTV · CT".
    explicit FeatureMapDialog(const QString& target, QWidget* parent = nullptr);

    FeatureMapRequest request() const;
    /// Ticks exactly the features of `columns` (unknown names are ignored).
    void setCheckedFeatures(const QStringList& columns);

    QComboBox* parameterBox() const { return parameters_; }
    QTreeWidget* featureTree() const { return features_; }
    QSpinBox* radiusBox() const { return radius_; }
    QCheckBox* maskBox() const { return mask_; }
    QPushButton* computeButton() const { return compute_; }
    QLabel* note() const { return note_; }

private:
    QStringList checkedFeatures() const;
    /// The note on the chosen parameter set, then updateCompute.
    void updateState();
    /// Compute needs a usable set and a ticked feature.
    void updateCompute();
    void remember() const;

    QComboBox* parameters_;
    QTreeWidget* features_;
    QSpinBox* radius_;
    QCheckBox* mask_;
    QPushButton* compute_;
    QLabel* note_;
};

} // namespace rgw::ui
