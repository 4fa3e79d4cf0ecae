#include "MapPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <algorithm>

namespace rgw::ui {

MapPanel::MapPanel(QWidget* parent) : QWidget(parent) {
    choice_ = new QComboBox(this);
    choice_->setObjectName(QStringLiteral("mapChoice"));
    choice_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    choice_->setMinimumContentsLength(16);
    choice_->setToolTip(tr("The map overlaid on the image. Alt+drag sets its window/level, "
                           "Alt+wheel its opacity."));
    choice_->addItem(tr("None"));
    colourMap_ = new QComboBox(this);
    colourMap_->setObjectName(QStringLiteral("mapColourMap"));
    colourMap_->setToolTip(tr("How the overlaid map's values become colours: Hot (black, red, "
                              "yellow, white) or Viridis (perceptually uniform, readable in "
                              "grey and by colour-blind readers)"));
    for (const ColourMap map : overlayColourMaps())
        colourMap_->addItem(QString::fromStdString(colourMapName(map)), static_cast<int>(map));
    const int remembered = colourMap_->findText(
        QSettings()
            .value("maps/colourMap", QString::fromStdString(colourMapName(ColourMap::Hot)))
            .toString());
    colourMap_->setCurrentIndex(std::max(0, remembered));
    range_ = new QLabel(this);
    range_->setObjectName(QStringLiteral("mapWindow"));
    range_->setTextFormat(Qt::PlainText);
    range_->setWordWrap(true);
    clear_ = new QPushButton(tr("C&lear maps"), this);
    clear_->setObjectName(QStringLiteral("clearMapsButton"));
    save_ = new QPushButton(tr("Save map as &NIfTI..."), this);
    save_->setObjectName(QStringLiteral("saveMapButton"));
    asImage_ = new QCheckBox(tr("Show the response as the &image"), this);
    asImage_->setObjectName(QStringLiteral("mapAsImage"));
    asImage_->setToolTip(tr("View the filter response as a series (its own window/level); "
                            "untick to see the image again."));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(save_);
    buttons->addWidget(clear_);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Overlaid map:"), this));
    layout->addWidget(choice_);
    auto* colours = new QHBoxLayout;
    auto* coloursLabel = new QLabel(tr("C&olour map:"), this);
    coloursLabel->setBuddy(colourMap_);
    colours->addWidget(coloursLabel);
    colours->addWidget(colourMap_, 1);
    layout->addLayout(colours);
    layout->addWidget(range_);
    layout->addWidget(asImage_);
    layout->addLayout(buttons);
    layout->addStretch(1);

    connect(choice_, &QComboBox::currentIndexChanged, this, [this] {
        if (asImage_->isChecked() && (!shown() || !shown()->response)) {
            const QSignalBlocker block(asImage_);
            asImage_->setChecked(false);
            emit asImageToggled(false);
        }
        updateControls();
        emit shownChanged(shownIndex());
    });
    connect(colourMap_, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue("maps/colourMap", colourMap_->currentText());
        emit colourMapChanged(colourMap());
    });
    connect(asImage_, &QCheckBox::toggled, this, [this](bool on) { emit asImageToggled(on); });
    connect(clear_, &QPushButton::clicked, this, &MapPanel::clear);
    connect(save_, &QPushButton::clicked, this, &MapPanel::saveRequested);
    updateControls();
}

void MapPanel::addMaps(std::vector<ComputedMap> maps) {
    if (maps.empty())
        return;
    const int first = count() + 1;
    {
        const QSignalBlocker block(choice_);
        for (ComputedMap& m : maps) {
            choice_->addItem(m.name);
            choice_->setItemData(choice_->count() - 1, m.name, Qt::ToolTipRole);
            maps_.push_back(std::move(m));
        }
    }
    if (choice_->currentIndex() == first)
        emit shownChanged(shownIndex());
    else
        choice_->setCurrentIndex(first);
    updateControls();
}

void MapPanel::clear() {
    const bool wasShown = shownIndex() >= 0;
    if (asImage_->isChecked()) {
        const QSignalBlocker block(asImage_);
        asImage_->setChecked(false);
        emit asImageToggled(false);
    }
    {
        const QSignalBlocker block(choice_);
        while (choice_->count() > 1)
            choice_->removeItem(choice_->count() - 1);
        choice_->setCurrentIndex(0);
    }
    maps_.clear();
    updateControls();
    if (wasShown)
        emit shownChanged(-1);
}

void MapPanel::showNone() {
    {
        const QSignalBlocker block(choice_);
        choice_->setCurrentIndex(0);
    }
    asImage_->setChecked(false); // a response shown as the image gives way to the image
    updateControls();
}

int MapPanel::shownIndex() const {
    return choice_->currentIndex() - 1;
}

const ComputedMap* MapPanel::shown() const {
    const int i = shownIndex();
    return i >= 0 && i < count() ? &maps_[static_cast<std::size_t>(i)] : nullptr;
}

ColourMap MapPanel::colourMap() const {
    return static_cast<ColourMap>(colourMap_->currentData().toInt());
}

std::vector<ColourMap> MapPanel::overlayColourMaps() {
    return {ColourMap::Hot, ColourMap::Viridis};
}

bool MapPanel::asImage() const {
    return asImage_->isChecked();
}

void MapPanel::updateControls() {
    const ComputedMap* map = shown();
    save_->setEnabled(map != nullptr);
    clear_->setEnabled(!maps_.empty());
    asImage_->setEnabled(map && map->response);
    range_->setText(map ? tr("Window %1 .. %2 (1st..99th percentile); transparent where "
                             "undefined, outside the segment or at or below the window.")
                              .arg(map->window.lower(), 0, 'g', 4)
                              .arg(map->window.upper(), 0, 'g', 4)
                        : QString());
    range_->setVisible(map != nullptr);
}

} // namespace rgw::ui
