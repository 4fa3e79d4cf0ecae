#pragma once

#include "segmentation/Habitats.h"
#include "segmentation/PeritumouralRing.h"

#include <QDialog>
#include <QString>
#include <optional>
#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QSpinBox;

namespace rgw::ui {

/// What the Habitats dialog asks for: the series to cluster on (the shown
/// one first), the clustering options and the optional peritumoural ring.
struct HabitatRequest {
    std::vector<std::string> seriesUids;
    segmentation::HabitatOptions options;
    std::optional<segmentation::RingOptions> ring;
};

/// An image series of the patient offered as an extra clustering input.
struct HabitatSeriesChoice {
    QString seriesInstanceUid;
    QString label; ///< e.g. "PT · PET WB (series 4)"
};

/// The segment editor's Habitats dialog (issue #14 §4): splits the active
/// stored segmentation into habitats — extra co-registered series of the same
/// patient (a checkable list; the shown series is always used, first),
/// k-means or Gaussian mixture, k given or chosen automatically in a range
/// (k-means: highest mean silhouette width; Gaussian mixture: highest BIC),
/// the seed, and optionally a peritumoural ring (width and inner distance in
/// mm). The settings are remembered (QSettings "habitats/...") when accepted.
class HabitatDialog : public QDialog {
    Q_OBJECT
public:
    /// `target` names the segmentation, e.g. "STS_001 · GTV (stored version 3)".
    HabitatDialog(const QString& target, const QString& shownSeriesUid,
                  const std::vector<HabitatSeriesChoice>& others, QWidget* parent = nullptr);

    /// The request from the current settings.
    HabitatRequest request() const;

    QListWidget* seriesList() const { return series_; }
    QComboBox* methodBox() const { return method_; }
    QSpinBox* kBox() const { return k_; }
    QCheckBox* automaticBox() const { return automatic_; }
    QSpinBox* kMinBox() const { return kMin_; }
    QSpinBox* kMaxBox() const { return kMax_; }
    QSpinBox* seedBox() const { return seed_; }
    QCheckBox* ringBox() const { return ring_; }
    QDoubleSpinBox* ringWidthBox() const { return ringWidth_; }
    QDoubleSpinBox* ringInnerBox() const { return ringInner_; }

private:
    void updateEnabled();
    void remember() const;

    QString shown_;
    QListWidget* series_;
    QComboBox* method_;
    QSpinBox* k_;
    QCheckBox* automatic_;
    QSpinBox* kMin_;
    QSpinBox* kMax_;
    QLabel* criterion_;
    QSpinBox* seed_;
    QCheckBox* ring_;
    QDoubleSpinBox* ringWidth_;
    QDoubleSpinBox* ringInner_;
};

} // namespace rgw::ui
