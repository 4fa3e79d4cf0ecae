#pragma once

#include "MapWork.h"
#include "image/ColourMap.h"

#include <QWidget>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;

namespace rgw::ui {

/// The computed maps of the shown series (the "Maps" dock): which one is
/// overlaid (a combo, "None" first), its colour map (Hot or Viridis,
/// remembered as "maps/colourMap"), Clear, Save as NIfTI and, for a filter
/// response, showing it as the image instead of over it. It holds the maps
/// and says what the user picked; the main window shows them.
class MapPanel : public QWidget {
    Q_OBJECT
public:
    explicit MapPanel(QWidget* parent = nullptr);

    /// Appends `maps` and picks the first of them (emits shownChanged).
    void addMaps(std::vector<ComputedMap> maps);
    /// Drops every map (emits shownChanged(-1) when one was picked).
    void clear();
    /// Shows "None" without emitting shownChanged (the fusion layer went to
    /// something else); a response shown as the image emits asImageToggled(false).
    void showNone();

    int count() const { return static_cast<int>(maps_.size()); }
    const ComputedMap& map(int index) const { return maps_.at(static_cast<std::size_t>(index)); }
    /// The picked map's index, -1 for none.
    int shownIndex() const;
    const ComputedMap* shown() const;
    bool asImage() const;
    /// The colour map of the overlay.
    ColourMap colourMap() const;

    /// The colour maps offered for an overlay, in the combo's order.
    static std::vector<ColourMap> overlayColourMaps();

    QComboBox* choiceBox() const { return choice_; }
    QComboBox* colourMapBox() const { return colourMap_; }
    QPushButton* clearButton() const { return clear_; }
    QPushButton* saveButton() const { return save_; }
    QCheckBox* asImageBox() const { return asImage_; }

signals:
    /// The picked map changed (-1: none).
    void shownChanged(int index);
    void asImageToggled(bool asImage);
    /// The overlay's colour map changed (remembered already).
    void colourMapChanged(rgw::ColourMap map);
    void saveRequested();

private:
    void updateControls();

    std::vector<ComputedMap> maps_;
    QComboBox* choice_;
    QComboBox* colourMap_;
    QLabel* range_;
    QPushButton* clear_;
    QPushButton* save_;
    QCheckBox* asImage_;
};

} // namespace rgw::ui
