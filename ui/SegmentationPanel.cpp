#include "SegmentationPanel.h"

#include "image/LabelMap.h"
#include "layout/ViewerLayout.h"
#include "segmentation/RoiStatistics.h"
#include "segmentation/SegmentationEditor.h"
#include "segmentation/Tools.h"
#include "util/Error.h"
#include "util/Failure.h"

#include <QAction>
#include <QButtonGroup>
#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>
#include <deque>

namespace rgw::ui {

namespace {

enum Column { ColourColumn, NameColumn, VisibleColumn, OutlineColumn, StateColumn };

QString number(double v, int digits = 4) {
    return QString::number(v, 'g', digits);
}

QString describe(const segmentation::RoiStatistics& s, IntensityUnit unit) {
    if (s.voxelCount == 0)
        return QObject::tr("The segment is empty.");
    const QString u = unit == IntensityUnit::HounsfieldUnit  ? QStringLiteral(" HU")
                      : unit == IntensityUnit::SuvBodyWeight ? QStringLiteral(" SUV")
                                                             : QString();
    QString text =
        QObject::tr("Volume %1 ml (%2 voxels)\nMean %3%4, SD %5\nMin %6, max %7\n"
                    "Peak (1 cm\u00b3 sphere) %8")
            .arg(number(s.volumeMl))
            .arg(s.voxelCount)
            .arg(number(s.mean), u, number(s.sd), number(s.min), number(s.max), number(s.peak));
    if (s.suvMax)
        text += QObject::tr("\nSUVmax %1, SUVpeak %2, SUVmean %3\nTLG %4 g")
                    .arg(number(*s.suvMax), number(*s.suvPeak), number(*s.suvMean), number(*s.tlg));
    return text;
}

} // namespace

SegmentationPanel::SegmentationPanel(viewers::SegmentationEditor* editor,
                                     viewers::ViewerLayout* viewer, QWidget* parent)
    : QWidget(parent), editor_(editor), viewer_(viewer) {
    createActions();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildSegmentsBox(), 2);
    layout->addWidget(buildToolsBox());
    layout->addWidget(buildOperationsBox());
    busyLabel_ = new QLabel(this);
    busyLabel_->setWordWrap(true);
    layout->addWidget(busyLabel_);
    layout->addStretch(1);

    connect(editor_, &viewers::SegmentationEditor::segmentsChanged, this,
            &SegmentationPanel::rebuildTable);
    connect(editor_, &viewers::SegmentationEditor::activeSegmentChanged, this,
            &SegmentationPanel::syncActiveRow);
    connect(editor_, &viewers::SegmentationEditor::historyChanged, this,
            &SegmentationPanel::updateEnabled);
    connect(editor_, &viewers::SegmentationEditor::editFinished, this, [this](int segment) {
        if (segment >= 0 && segment < table_->rowCount())
            if (auto* item = table_->item(segment, StateColumn))
                item->setText(tr("edited"));
    });
    connect(editor_, &viewers::SegmentationEditor::busyChanged, this, [this](bool busy) {
        busyLabel_->setText(busy ? tr("Running... (Esc discards the result)") : QString());
        updateEnabled();
    });
    connect(editor_, &viewers::SegmentationEditor::toolFailed, this,
            [this](const QString& message) { busyLabel_->setText(message); });

    // Input from the slice views.
    connect(viewer_, &viewers::ViewerLayout::strokePoint, this,
            [this](viewers::SliceView* view, const Eigen::Vector3d& lps, bool first) {
                if (tool_ == Tool::Paint || tool_ == Tool::Erase)
                    editor_->strokePoint(view->currentPlane(), lps, first, tool_ == Tool::Erase);
            });
    connect(viewer_, &viewers::ViewerLayout::strokeFinished, this,
            [this](viewers::SliceView*) { editor_->strokeFinished(); });
    connect(viewer_, &viewers::ViewerLayout::seedPoint, this,
            [this](viewers::SliceView*, const Eigen::Vector3d& lps) {
                if (tool_ == Tool::RegionGrow)
                    growFromSeed(lps);
            });
    rebuildTable();
}

void SegmentationPanel::createActions() {
    const auto make = [this](const QString& text, const QKeySequence& key) {
        auto* action = new QAction(text, this);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WindowShortcut);
        addAction(action);
        return action;
    };
    undoAction_ = make(tr("&Undo segment edit"), QKeySequence::Undo);
    connect(undoAction_, &QAction::triggered, editor_, &viewers::SegmentationEditor::undo);
    redoAction_ = make(tr("&Redo segment edit"), QKeySequence(Qt::CTRL | Qt::Key_Y));
    redoAction_->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Y), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)});
    connect(redoAction_, &QAction::triggered, editor_, &viewers::SegmentationEditor::redo);
    newSegmentAction_ = make(tr("&New segment"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    connect(newSegmentAction_, &QAction::triggered, this, [this] {
        const int n = editor_->segmentCount();
        editor_->addSegment(tr("Segment %1").arg(n + 1), defaultRoiColour(n));
    });
    deleteSegmentAction_ = make(tr("&Delete segment"), QKeySequence());
    connect(deleteSegmentAction_, &QAction::triggered, this,
            [this] { editor_->removeSegment(editor_->activeSegment()); });

    const auto tool = [this, &make](const QString& text, Qt::Key key, Tool which) {
        QAction* action = make(text, QKeySequence(key));
        action->setObjectName(QStringLiteral("toolAction%1").arg(static_cast<int>(which)));
        toolActions_.push_back(action);
        return action;
    };
    connect(tool(tr("Navigate"), Qt::Key_Escape, Tool::Navigate), &QAction::triggered, this,
            [this] {
                if (editor_->isBusy())
                    editor_->cancelTool();
                setTool(Tool::Navigate);
            });
    connect(tool(tr("Paint"), Qt::Key_P, Tool::Paint), &QAction::triggered, this,
            [this] { setTool(Tool::Paint); });
    connect(tool(tr("Erase"), Qt::Key_E, Tool::Erase), &QAction::triggered, this,
            [this] { setTool(Tool::Erase); });
    connect(tool(tr("Grow from seed"), Qt::Key_G, Tool::RegionGrow), &QAction::triggered, this,
            [this] { setTool(Tool::RegionGrow); });
    connect(tool(tr("Ruler"), Qt::Key_M, Tool::Ruler), &QAction::triggered, this,
            [this] { setTool(Tool::Ruler); });
    connect(make(tr("Smaller brush"), QKeySequence(Qt::Key_BracketLeft)), &QAction::triggered, this,
            [this] { setBrushRadius(brushRadius() / 1.25); });
    connect(make(tr("Larger brush"), QKeySequence(Qt::Key_BracketRight)), &QAction::triggered, this,
            [this] { setBrushRadius(brushRadius() * 1.25); });
}

QWidget* SegmentationPanel::buildSegmentsBox() {
    auto* box = new QGroupBox(tr("Segments"), this);
    table_ = new QTableWidget(0, 5, box);
    table_->setObjectName(QStringLiteral("segmentTable"));
    table_->setHorizontalHeaderLabels({tr(""), tr("Name"), tr("Show"), tr("Outline"), tr("State")});
    table_->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(ColourColumn, QHeaderView::ResizeToContents);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setToolTip(tr("Double-click the colour to change it, the name to rename."));
    connect(table_, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (!rebuilding_)
            editor_->setActiveSegment(row);
    });
    connect(table_, &QTableWidget::cellDoubleClicked, this, [this](int row, int column) {
        if (column != ColourColumn)
            return;
        const auto& c = editor_->segments().segment(row).colour;
        const QColor chosen =
            QColorDialog::getColor(QColor(c[0], c[1], c[2]), this, tr("Segment colour"));
        if (chosen.isValid())
            editor_->recolourSegment(row, {chosen.red(), chosen.green(), chosen.blue()});
    });
    connect(table_, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (rebuilding_)
            return;
        const int row = item->row();
        if (item->column() == NameColumn)
            editor_->renameSegment(row, item->text());
        else if (item->column() == VisibleColumn)
            editor_->setSegmentVisible(row, item->checkState() == Qt::Checked);
        else if (item->column() == OutlineColumn)
            editor_->setSegmentOutline(row, item->checkState() == Qt::Checked);
    });

    opacity_ = new QSlider(Qt::Horizontal, box);
    opacity_->setRange(0, 100);
    opacity_->setToolTip(tr("Fill opacity of the active segment"));
    connect(opacity_, &QSlider::valueChanged, this, [this](int value) {
        if (!rebuilding_ && editor_->activeSegment() >= 0)
            editor_->setSegmentOpacity(editor_->activeSegment(), value / 100.0);
    });

    auto* buttons = new QHBoxLayout;
    for (QAction* action : {newSegmentAction_, deleteSegmentAction_, undoAction_, redoAction_}) {
        auto* button = new QToolButton(box);
        button->setDefaultAction(action);
        buttons->addWidget(button);
    }
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(table_);
    auto* opacityRow = new QHBoxLayout;
    opacityRow->addWidget(new QLabel(tr("Opacity"), box));
    opacityRow->addWidget(opacity_);
    layout->addLayout(opacityRow);
    layout->addLayout(buttons);
    return box;
}

QWidget* SegmentationPanel::buildToolsBox() {
    auto* box = new QGroupBox(tr("Tools"), this);
    auto* grid = new QGridLayout(box);
    toolGroup_ = new QButtonGroup(box);
    const std::array<std::pair<Tool, QString>, 5> tools{{{Tool::Navigate, tr("Navigate (Esc)")},
                                                         {Tool::Paint, tr("Paint (P)")},
                                                         {Tool::Erase, tr("Erase (E)")},
                                                         {Tool::RegionGrow, tr("Grow (G)")},
                                                         {Tool::Ruler, tr("Ruler (M)")}}};
    for (std::size_t n = 0; n < tools.size(); ++n) {
        auto* button = new QToolButton(box);
        button->setText(tools[n].second);
        button->setCheckable(true);
        button->setChecked(n == 0);
        toolGroup_->addButton(button, static_cast<int>(tools[n].first));
        if (tools[n].first != Tool::Navigate)
            imageWidgets_.push_back(button);
        // Three a row: the dock stays narrow beside the image.
        grid->addWidget(button, static_cast<int>(n) / 3, static_cast<int>(n) % 3);
    }
    connect(toolGroup_, &QButtonGroup::idClicked, this,
            [this](int id) { setTool(static_cast<Tool>(id)); });

    brushRadius_ = new QDoubleSpinBox(box);
    brushRadius_->setObjectName(QStringLiteral("brushRadius"));
    brushRadius_->setRange(0.5, 100.0);
    brushRadius_->setDecimals(1);
    brushRadius_->setValue(5.0);
    brushRadius_->setSuffix(tr(" mm"));
    sphere_ = new QCheckBox(tr("3D sphere"), box);
    restrict_ = new QCheckBox(tr("Intensity range"), box);
    restrict_->setToolTip(tr("Paint only voxels in the range; also the range of Threshold and, "
                             "when ticked, of Grow (otherwise taken around the seed)."));
    rangeLo_ = new QDoubleSpinBox(box);
    rangeHi_ = new QDoubleSpinBox(box);
    for (QDoubleSpinBox* spin : {rangeLo_, rangeHi_}) {
        spin->setRange(-1e6, 1e6);
        spin->setDecimals(2);
    }
    rangeLo_->setValue(-100);
    rangeHi_->setValue(200);
    grid->addWidget(new QLabel(tr("Brush radius"), box), 2, 0);
    grid->addWidget(brushRadius_, 2, 1);
    grid->addWidget(sphere_, 2, 2);
    grid->addWidget(restrict_, 3, 0);
    grid->addWidget(rangeLo_, 3, 1);
    grid->addWidget(rangeHi_, 3, 2);
    for (QObject* w : std::initializer_list<QObject*>{brushRadius_, rangeLo_, rangeHi_})
        connect(static_cast<QDoubleSpinBox*>(w), &QDoubleSpinBox::valueChanged, this,
                &SegmentationPanel::applyBrushSettings);
    for (QCheckBox* c : {sphere_, restrict_})
        connect(c, &QCheckBox::toggled, this, &SegmentationPanel::applyBrushSettings);
    applyBrushSettings();
    return box;
}

QWidget* SegmentationPanel::buildOperationsBox() {
    auto* box = new QGroupBox(tr("Operations on the active segment"), this);
    auto* grid = new QGridLayout(box);
    int row = 0;
    const auto button = [this, box](const QString& text, const QString& tool) {
        auto* b = new QPushButton(text, box);
        b->setObjectName(QStringLiteral("tool-") + tool);
        connect(b, &QPushButton::clicked, this, [this, tool] { applyTool(tool); });
        editWidgets_.push_back(b);
        return b;
    };

    grid->addWidget(button(tr("Threshold"), QStringLiteral("threshold")), row, 0);
    grid->addWidget(button(tr("Fill between slices"), QStringLiteral("fill-between")), row, 1);
    grid->addWidget(button(tr("Clear"), QStringLiteral("clear")), row++, 2);

    petMode_ = new QComboBox(box);
    petMode_->addItems({tr("% of SUVmax"), tr("SUV \u2265")});
    petValue_ = new QDoubleSpinBox(box);
    petValue_->setRange(0.0, 1000.0);
    petValue_->setValue(41.0);
    petConnected_ = new QCheckBox(tr("connected"), box);
    petConnected_->setChecked(true);
    grid->addWidget(button(tr("PET threshold in segment"), QStringLiteral("pet")), row, 0);
    grid->addWidget(petMode_, row, 1);
    grid->addWidget(petValue_, row++, 2);
    grid->addWidget(petConnected_, row++, 1, 1, 2);

    islandMl_ = new QDoubleSpinBox(box);
    islandMl_->setRange(0.0, 1e4);
    islandMl_->setDecimals(3);
    islandMl_->setValue(0.1);
    islandMl_->setSuffix(tr(" ml"));
    grid->addWidget(button(tr("Keep largest island"), QStringLiteral("largest-island")), row, 0);
    grid->addWidget(button(tr("Remove islands <"), QStringLiteral("remove-islands")), row, 1);
    grid->addWidget(islandMl_, row++, 2);

    marginMm_ = new QDoubleSpinBox(box);
    marginMm_->setRange(0.1, 100.0);
    marginMm_->setValue(5.0);
    marginMm_->setSuffix(tr(" mm"));
    grid->addWidget(button(tr("Grow margin"), QStringLiteral("grow-margin")), row, 0);
    grid->addWidget(button(tr("Shrink margin"), QStringLiteral("shrink-margin")), row, 1);
    grid->addWidget(marginMm_, row++, 2);
    hollowSide_ = new QComboBox(box);
    hollowSide_->addItems({tr("inside"), tr("outside"), tr("centred")});
    grid->addWidget(button(tr("Hollow (margin = wall)"), QStringLiteral("hollow")), row, 0, 1, 2);
    grid->addWidget(hollowSide_, row++, 2);

    logicalOp_ = new QComboBox(box);
    logicalOp_->addItems({tr("Union"), tr("Intersect"), tr("Subtract"), tr("Xor")});
    logicalOther_ = new QComboBox(box);
    grid->addWidget(button(tr("Combine with"), QStringLiteral("logical")), row, 0);
    grid->addWidget(logicalOp_, row, 1);
    grid->addWidget(logicalOther_, row++, 2);

    auto* stats = new QPushButton(tr("Statistics"), box);
    connect(stats, &QPushButton::clicked, this, &SegmentationPanel::requestStatistics);
    auto* save = new QPushButton(tr("Save version"), box);
    save->setToolTip(tr("Store the edited segments as new versions (Ctrl+S)"));
    connect(save, &QPushButton::clicked, this, &SegmentationPanel::saveRequested);
    auto* exportBox = new QComboBox(box);
    exportBox->addItems({tr("Export..."), tr("DICOM SEG"), tr("RTSTRUCT"), tr("NIfTI")});
    connect(exportBox, &QComboBox::activated, this, [this, exportBox](int index) {
        static const char* formats[] = {"", "seg", "rtstruct", "nifti"};
        exportBox->setCurrentIndex(0);
        if (index > 0)
            emit exportRequested(QString::fromLatin1(formats[index]));
    });
    auto* habitats = new QPushButton(tr("Habitats..."), box);
    habitats->setObjectName(QStringLiteral("habitatsButton"));
    habitats->setToolTip(tr("Split the active stored segment into tumour habitats (and a "
                            "peritumoural ring), stored as new segmentations"));
    connect(habitats, &QPushButton::clicked, this, &SegmentationPanel::habitatsRequested);
    grid->addWidget(stats, row, 0);
    grid->addWidget(save, row, 1);
    grid->addWidget(exportBox, row++, 2);
    grid->addWidget(habitats, row++, 0);
    imageWidgets_.insert(imageWidgets_.end(), {stats, save, exportBox, habitats});
    statistics_ = new QLabel(box);
    statistics_->setObjectName(QStringLiteral("segmentStatistics"));
    statistics_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    grid->addWidget(statistics_, row++, 0, 1, 3);
    return box;
}

void SegmentationPanel::setTool(Tool tool) {
    tool_ = tool;
    if (QAbstractButton* b = toolGroup_->button(static_cast<int>(tool)))
        b->setChecked(true);
    using Mode = viewers::InteractionMode;
    viewer_->setInteractionMode(tool == Tool::Paint        ? Mode::Paint
                                : tool == Tool::Erase      ? Mode::Erase
                                : tool == Tool::RegionGrow ? Mode::Seed
                                : tool == Tool::Ruler      ? Mode::Ruler
                                                           : Mode::Navigate);
    if ((tool == Tool::Paint || tool == Tool::Erase) && editor_->hasImage() &&
        editor_->activeSegment() < 0)
        newSegmentAction_->trigger();
    emit toolChanged(tool);
}

void SegmentationPanel::setBrushRadius(double mm) {
    brushRadius_->setValue(mm);
}

double SegmentationPanel::brushRadius() const {
    return brushRadius_->value();
}

void SegmentationPanel::setThresholdRange(double lo, double hi) {
    rangeLo_->setValue(lo);
    rangeHi_->setValue(hi);
}

void SegmentationPanel::setRangeRestricted(bool restricted) {
    restrict_->setChecked(restricted);
}

void SegmentationPanel::applyBrushSettings() {
    viewers::BrushSettings brush;
    brush.radiusMm = brushRadius_->value();
    brush.sphere = sphere_->isChecked();
    if (restrict_->isChecked())
        brush.range = segmentation::IntensityRange{rangeLo_->value(), rangeHi_->value()};
    editor_->setBrush(brush);
}

int SegmentationPanel::activeVoxelAxis() const {
    const auto& image = editor_->image();
    const viewers::SliceView* view = viewer_->activeSliceView();
    if (!image || !view)
        return 2;
    const Eigen::Vector3d normal = view->currentPlane().normal();
    int best = 2;
    double bestDot = -1;
    for (int axis = 0; axis < 3; ++axis) {
        const double d = std::abs(image->geometry.direction.col(axis).dot(normal));
        if (d > bestDot) {
            bestDot = d;
            best = axis;
        }
    }
    return best;
}

segmentation::PetThreshold SegmentationPanel::petCriterion() const {
    segmentation::PetThreshold c;
    c.mode = petMode_->currentIndex() == 0 ? segmentation::PetThreshold::Mode::PercentOfMax
                                           : segmentation::PetThreshold::Mode::AbsoluteSuv;
    c.value = petValue_->value();
    c.connectedToMax = petConnected_->isChecked();
    return c;
}

bool SegmentationPanel::applyTool(const QString& name) {
    using namespace segmentation;
    const IntensityRange range{rangeLo_->value(), rangeHi_->value()};
    const QString label = [&] {
        for (QWidget* w : editWidgets_)
            if (w->objectName() == QStringLiteral("tool-") + name)
                return static_cast<QPushButton*>(w)->text();
        return name;
    }();
    std::function<Mask(const Volume&, const Mask&)> tool;
    if (name == QLatin1String("threshold")) {
        tool = [range](const Volume& image, const Mask&) { return threshold(image, range); };
    } else if (name == QLatin1String("pet")) {
        const PetThreshold criterion = petCriterion();
        tool = [criterion](const Volume& image, const Mask& current) {
            if (maskBoundingBox(current).empty())
                throw Error("draw a region around the lesion first: the threshold applies "
                            "inside the active segment");
            return petThreshold(image, current, criterion);
        };
    } else if (name == QLatin1String("fill-between")) {
        const int axis = activeVoxelAxis();
        tool = [axis](const Volume&, const Mask& current) {
            return fillBetweenSlices(current, axis);
        };
    } else if (name == QLatin1String("largest-island")) {
        tool = [](const Volume&, const Mask& current) { return keepLargestIsland(current); };
    } else if (name == QLatin1String("remove-islands")) {
        const double ml = islandMl_->value();
        tool = [ml](const Volume&, const Mask& current) {
            return removeSmallIslandsMl(current, ml);
        };
    } else if (name == QLatin1String("grow-margin") || name == QLatin1String("shrink-margin")) {
        const double mm = marginMm_->value();
        const bool grow = name == QLatin1String("grow-margin");
        tool = [mm, grow](const Volume&, const Mask& current) {
            return grow ? growMargin(current, mm) : shrinkMargin(current, mm);
        };
    } else if (name == QLatin1String("hollow")) {
        const double mm = marginMm_->value();
        const ShellSide side = static_cast<ShellSide>(hollowSide_->currentIndex());
        tool = [mm, side](const Volume&, const Mask& current) { return hollow(current, mm, side); };
    } else if (name == QLatin1String("logical")) {
        const int other = logicalOther_->currentData().toInt();
        const auto overlays = editor_->overlays();
        if (other < 0 || other >= static_cast<int>(overlays.size()) ||
            other == editor_->activeSegment()) {
            busyLabel_->setText(tr("Choose another segment to combine with."));
            return false;
        }
        const auto otherMask = overlays[static_cast<std::size_t>(other)].mask;
        const LogicalOp op = static_cast<LogicalOp>(logicalOp_->currentIndex());
        tool = [otherMask, op](const Volume&, const Mask& current) {
            return combine(current, *otherMask, op);
        };
    } else if (name == QLatin1String("clear")) {
        tool = [](const Volume&, const Mask& current) { return cleared(current); };
    } else {
        return false;
    }
    return editor_->runTool(label, std::move(tool));
}

void SegmentationPanel::growFromSeed(const Eigen::Vector3d& lps) {
    using namespace segmentation;
    const auto& image = editor_->image();
    if (!image)
        return;
    const auto seed = nearestVoxel(image->geometry, lps);
    if (!seed) {
        busyLabel_->setText(tr("The seed lies outside the image."));
        return;
    }
    if (editor_->activeSegment() < 0)
        newSegmentAction_->trigger();
    std::optional<IntensityRange> fixed;
    if (restrict_->isChecked())
        fixed = IntensityRange{rangeLo_->value(), rangeHi_->value()};
    const VoxelIndex at = *seed;
    editor_->runTool(tr("Grow from seed"), [at, fixed](const Volume& volume, const Mask& current) {
        const IntensityRange range = fixed ? *fixed : proposeRange(volume, at);
        return combine(current, growRegion(volume, at, range), LogicalOp::Union);
    });
}

void SegmentationPanel::requestStatistics() {
    const auto& image = editor_->image();
    const int index = editor_->activeSegment();
    if (!image || index < 0) {
        statistics_->setText(tr("Select a segment first."));
        return;
    }
    if (editor_->isBusy()) {
        statistics_->setText(tr("Wait for the running tool to finish."));
        return;
    }
    // Read in place on the worker while edits wait.
    const auto mask = editor_->sharedMask(index);
    const int hold = editor_->holdEdits(tr("the statistics"));
    statistics_->setText(tr("Computing..."));
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, hold] {
        const QString text = watcher->result();
        watcher->deleteLater();
        editor_->releaseEdits(hold);
        statistics_->setText(text);
        emit statisticsReady(text);
    });
    watcher->setFuture(QtConcurrent::run([image, mask]() -> QString {
        try {
            return describe(segmentation::computeRoiStatistics(*image, *mask), image->unit);
        } catch (const std::exception& e) {
            return QString::fromStdString(rgw::failureMessage(e));
        }
    }));
}

QString SegmentationPanel::statisticsText() const {
    return statistics_->text();
}

void SegmentationPanel::rebuildTable() {
    rebuilding_ = true;
    static const std::deque<segmentation::Segment> none;
    // A reference either way: a prvalue branch would copy every mask.
    const auto& segments = editor_->hasImage() ? editor_->segments().segments() : none;
    table_->setRowCount(static_cast<int>(segments.size()));
    logicalOther_->clear();
    for (int row = 0; row < static_cast<int>(segments.size()); ++row) {
        const auto& s = segments[static_cast<std::size_t>(row)];
        auto* colour = new QTableWidgetItem;
        // A swatch (decoration), visible also on the selected row.
        colour->setData(Qt::DecorationRole, QColor(s.colour[0], s.colour[1], s.colour[2]));
        colour->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        table_->setItem(row, ColourColumn, colour);
        table_->setItem(row, NameColumn, new QTableWidgetItem(QString::fromStdString(s.name)));
        auto* visible = new QTableWidgetItem;
        visible->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        visible->setCheckState(s.visible ? Qt::Checked : Qt::Unchecked);
        table_->setItem(row, VisibleColumn, visible);
        auto* outline = new QTableWidgetItem;
        outline->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        outline->setCheckState(s.outline ? Qt::Checked : Qt::Unchecked);
        table_->setItem(row, OutlineColumn, outline);
        const QString state = !s.storedId  ? tr("new")
                              : s.modified ? tr("edited")
                                           : tr("stored #%1").arg(*s.storedId);
        auto* stateItem = new QTableWidgetItem(state);
        stateItem->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        table_->setItem(row, StateColumn, stateItem);
        table_->setRowHidden(row, s.removed); // rows stay the segment indices
        if (!s.removed)
            logicalOther_->addItem(QString::fromStdString(s.name), row);
    }
    rebuilding_ = false;
    syncActiveRow();
    updateEnabled();
}

void SegmentationPanel::syncActiveRow() {
    rebuilding_ = true;
    const int active = editor_->activeSegment();
    if (active >= 0 && active < table_->rowCount()) {
        table_->selectRow(active);
        opacity_->setValue(
            static_cast<int>(std::lround(editor_->segments().segment(active).opacity * 100)));
    } else {
        table_->clearSelection();
    }
    rebuilding_ = false;
    updateEnabled();
}

void SegmentationPanel::updateEnabled() {
    const bool image = editor_->hasImage();
    const bool idle = !editor_->isBusy();
    const bool active = image && editor_->activeSegment() >= 0;
    undoAction_->setEnabled(idle && editor_->canUndo());
    redoAction_->setEnabled(idle && editor_->canRedo());
    undoAction_->setText(editor_->canUndo() ? tr("Undo %1").arg(editor_->undoLabel()) : tr("Undo"));
    redoAction_->setText(editor_->canRedo() ? tr("Redo %1").arg(editor_->redoLabel()) : tr("Redo"));
    newSegmentAction_->setEnabled(image && idle);
    deleteSegmentAction_->setEnabled(active && idle);
    for (QWidget* w : editWidgets_)
        w->setEnabled(active && idle);
    for (QWidget* w : imageWidgets_)
        w->setEnabled(image);
    for (std::size_t n = 1; n < toolActions_.size(); ++n) // all but Navigate
        toolActions_[n]->setEnabled(image);
}

} // namespace rgw::ui
