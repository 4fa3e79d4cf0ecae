#include "segmentation/SegmentationEditor.h"

#include "segmentation/Brush.h"
#include "segmentation/EditHistory.h"
#include "util/Error.h"
#include "util/Failure.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <utility>

namespace rgw::viewers {

/// What a worker hands back to the GUI thread: an edit of an existing
/// segment (diffed on the worker), or the mask of a new one, or an error.
struct SegmentationEditor::ToolResult {
    QString label;
    segmentation::MaskEdit edit; ///< segment >= 0: edit of that segment
    std::optional<Mask> newMask; ///< a new segment named `name`
    QString name;
    std::array<int, 3> colour{255, 0, 0};
    QString error;
};

SegmentationEditor::SegmentationEditor(QObject* parent) : QObject(parent) {}

SegmentationEditor::~SegmentationEditor() {
    if (watcher_)
        watcher_->waitForFinished();
}

void SegmentationEditor::setImage(std::shared_ptr<const Volume> image) {
    ++generation_;
    toolCancelled_ = false;
    if (busy_) {
        busy_ = false;
        emit busyChanged(false);
    }
    image_ = std::move(image);
    set_ = image_ ? std::make_shared<segmentation::SegmentationSet>(image_->geometry) : nullptr;
    active_ = -1;
    lastStrokePoint_.reset();
    emit segmentsChanged();
    emit activeSegmentChanged(active_);
    emit historyChanged();
}

void SegmentationEditor::clear() {
    setImage(nullptr);
}

bool SegmentationEditor::refuseEdit(const QString& what) {
    if (!set_) {
        emit toolFailed(tr("%1: no image is open").arg(what));
        return true;
    }
    if (busy_) {
        emit toolFailed(toolCancelled_ ? tr("%1: the cancelled tool is still stopping").arg(what)
                                       : tr("%1: another tool is still running").arg(what));
        return true;
    }
    if (editsHeld()) {
        QString holder;
        for (const auto& [id, hold] : holds_)
            if (hold.set == set_)
                holder = hold.what;
        emit toolFailed(tr("%1: wait until %2 has finished").arg(what, holder));
        return true;
    }
    return false;
}

int SegmentationEditor::addSegment(const QString& name, std::array<int, 3> colour, Mask mask,
                                   std::optional<std::int64_t> storedId) {
    if (refuseEdit(tr("New segment")))
        return -1;
    const int index = set_->addSegment(name.toStdString(), colour, std::move(mask));
    if (storedId)
        set_->setStoredId(index, storedId);
    active_ = index;
    emit segmentsChanged();
    emit activeSegmentChanged(active_);
    return index;
}

void SegmentationEditor::removeSegment(int index) {
    if (refuseEdit(tr("Delete segment")) || index < 0 || index >= set_->size() ||
        set_->segment(index).removed)
        return;
    set_->removeSegment(index); // undoable: Ctrl+Z brings it back
    keepActiveOnAShownSegment();
    emit segmentsChanged();
    emit historyChanged();
}

void SegmentationEditor::keepActiveOnAShownSegment() {
    if (active_ >= 0 && active_ < set_->size() && !set_->segment(active_).removed)
        return;
    const int before = active_;
    active_ = -1;
    // The nearest shown segment after the old one, else before it.
    for (int n = std::max(before, 0); n < set_->size() && active_ < 0; ++n)
        if (!set_->segment(n).removed)
            active_ = n;
    for (int n = std::min(before, set_->size()) - 1; n >= 0 && active_ < 0; --n)
        if (!set_->segment(n).removed)
            active_ = n;
    emit activeSegmentChanged(active_);
}

void SegmentationEditor::renameSegment(int index, const QString& name) {
    if (!set_ || index < 0 || index >= set_->size())
        return;
    set_->renameSegment(index, name.toStdString());
    emit segmentsChanged();
}

void SegmentationEditor::recolourSegment(int index, std::array<int, 3> colour) {
    if (!set_ || index < 0 || index >= set_->size())
        return;
    set_->recolourSegment(index, colour);
    emit segmentsChanged();
}

void SegmentationEditor::setSegmentVisible(int index, bool visible) {
    if (!set_ || index < 0 || index >= set_->size())
        return;
    set_->setVisible(index, visible);
    emit segmentsChanged();
}

void SegmentationEditor::setSegmentOpacity(int index, double opacity) {
    if (!set_ || index < 0 || index >= set_->size())
        return;
    set_->setOpacity(index, opacity);
    emit segmentsChanged();
}

void SegmentationEditor::setSegmentOutline(int index, bool outline) {
    if (!set_ || index < 0 || index >= set_->size())
        return;
    set_->setOutline(index, outline);
    emit segmentsChanged();
}

void SegmentationEditor::markStored(int index, std::int64_t id) {
    if (!set_ || index < 0 || index >= set_->size())
        return;
    set_->setStoredId(index, id);
    emit segmentsChanged();
}

bool SegmentationEditor::hasUnsavedChanges() const {
    if (!set_)
        return false;
    for (const auto& s : set_->segments())
        if (!s.removed && (s.modified || !s.storedId))
            return true;
    return false;
}

void SegmentationEditor::setActiveSegment(int index) {
    if (!set_ || index < -1 || index >= set_->size() || index == active_ ||
        (index >= 0 && set_->segment(index).removed))
        return;
    active_ = index;
    emit activeSegmentChanged(active_);
}

void SegmentationEditor::setBrush(const BrushSettings& brush) {
    brush_ = brush;
}

std::vector<MaskOverlay> SegmentationEditor::overlays() const {
    std::vector<MaskOverlay> out;
    if (!set_)
        return out;
    for (const auto& s : set_->segments()) {
        if (s.removed)
            continue;
        MaskOverlay o;
        o.name = QString::fromStdString(s.name);
        // Aliases the set's mask (segments keep their address) and keeps the set alive.
        o.mask = std::shared_ptr<const Mask>(set_, &s.mask);
        o.colour = QColor(s.colour[0], s.colour[1], s.colour[2]);
        o.visible = s.visible;
        o.opacity = s.opacity;
        o.outline = s.outline;
        out.push_back(std::move(o));
    }
    return out;
}

void SegmentationEditor::strokePoint(const SlicePlane& plane, const Eigen::Vector3d& lps,
                                     bool first, bool erase) {
    if (!set_ || active_ < 0 || isBusy())
        return;
    if (first || !set_->strokeActive()) {
        if (set_->strokeActive())
            set_->endStroke();
        set_->beginStroke(active_, erase ? "Erase" : "Paint");
        lastStrokePoint_ = lps;
    }
    const Eigen::Vector3d from = lastStrokePoint_.value_or(lps);
    std::optional<segmentation::BrushPlane> brushPlane;
    if (!brush_.sphere)
        brushPlane = segmentation::BrushPlane{plane.normal()};
    segmentation::Brush brush;
    brush.radiusMm = brush_.radiusMm;
    brush.erase = erase;
    if (!erase && brush_.range) {
        brush.range = brush_.range;
        brush.image = image_.get();
    }
    const segmentation::Box box =
        segmentation::strokeBox(set_->geometry(), from, lps, brushPlane, brush_.radiusMm);
    set_->strokeEdit(
        box, [&](Mask& mask) { segmentation::paintStroke(mask, from, lps, brushPlane, brush); });
    lastStrokePoint_ = lps;
    emit maskEdited(active_);
}

void SegmentationEditor::strokeFinished() {
    lastStrokePoint_.reset();
    if (!set_ || !set_->strokeActive())
        return;
    const int segment = active_;
    set_->endStroke();
    emit historyChanged();
    emit editFinished(segment);
}

bool SegmentationEditor::runTool(const QString& label,
                                 std::function<Mask(const Volume&, const Mask&)> tool) {
    if (refuseEdit(label))
        return false;
    if (active_ < 0) {
        emit toolFailed(tr("%1: select or create a segment first").arg(label));
        return false;
    }
    const int index = active_;
    auto image = image_;
    // Read in place: edits are refused until the worker has finished.
    const std::shared_ptr<const Mask> current = sharedMask(index);
    startWorker(label, [=] {
        ToolResult r;
        r.label = label;
        const Mask after = tool(*image, *current);
        r.edit = segmentation::diffMasks(*current, after, label.toStdString(), index);
        return r;
    });
    return true;
}

bool SegmentationEditor::runToolIntoNewSegment(const QString& label, const QString& name,
                                               std::array<int, 3> colour,
                                               std::function<Mask(const Volume&)> tool) {
    if (refuseEdit(label))
        return false;
    auto image = image_;
    startWorker(label, [=] {
        ToolResult r;
        r.label = label;
        r.newMask = tool(*image);
        r.name = name;
        r.colour = colour;
        return r;
    });
    return true;
}

void SegmentationEditor::startWorker(const QString& label, std::function<ToolResult()> work) {
    busy_ = true;
    emit busyChanged(true);
    if (!watcher_) {
        watcher_ = new QFutureWatcher<std::shared_ptr<ToolResult>>(this);
        connect(watcher_, &QFutureWatcher<std::shared_ptr<ToolResult>>::finished, this,
                &SegmentationEditor::finishWorker);
    }
    watcherGeneration_ = generation_;
    watcher_->setFuture(QtConcurrent::run([work = std::move(work), label] {
        try {
            return std::make_shared<ToolResult>(work());
        } catch (const std::exception& e) {
            auto r = std::make_shared<ToolResult>();
            r->label = label;
            r->error = QString::fromStdString(rgw::failureMessage(e));
            return r;
        }
    }));
}

void SegmentationEditor::finishWorker() {
    const std::shared_ptr<ToolResult> result = watcher_->result();
    if (toolCancelled_) { // it has stopped reading the masks: edits may go on
        toolCancelled_ = false;
        busy_ = false;
        emit busyChanged(false);
        return;
    }
    if (watcherGeneration_ != generation_ || !set_)
        return; // another image since
    busy_ = false;
    emit busyChanged(false);
    if (!result->error.isEmpty()) {
        emit toolFailed(tr("%1 failed: %2").arg(result->label, result->error));
        return;
    }
    if (result->newMask) {
        addSegment(result->name, result->colour, std::move(*result->newMask));
        emit editFinished(active_);
        return;
    }
    const int segment = result->edit.segment;
    if (set_->applyDiff(std::move(result->edit))) {
        emit maskEdited(segment);
        emit editFinished(segment);
        emit historyChanged();
    } else {
        emit toolFailed(tr("%1 changed no voxel").arg(result->label));
    }
}

void SegmentationEditor::cancelTool() {
    if (!busy_ || toolCancelled_)
        return;
    ++generation_; // its result is dropped
    toolCancelled_ = true;
}

std::shared_ptr<const Mask> SegmentationEditor::sharedMask(int index) const {
    if (!set_)
        throw Error("no segmentation is open");
    // Aliases the set's mask (segments keep their address) and keeps the set alive.
    return std::shared_ptr<const Mask>(set_, &set_->segment(index).mask);
}

int SegmentationEditor::holdEdits(const QString& what) {
    const int id = nextHold_++;
    holds_[id] = {set_, what};
    emit busyChanged(isBusy());
    return id;
}

void SegmentationEditor::releaseEdits(int hold) {
    if (holds_.erase(hold) > 0)
        emit busyChanged(isBusy());
}

bool SegmentationEditor::editsHeld() const {
    return set_ && std::any_of(holds_.begin(), holds_.end(),
                               [this](const auto& h) { return h.second.set == set_; });
}

QString SegmentationEditor::undoLabel() const {
    return set_ ? QString::fromStdString(set_->undoLabel()) : QString();
}

QString SegmentationEditor::redoLabel() const {
    return set_ ? QString::fromStdString(set_->redoLabel()) : QString();
}

void SegmentationEditor::undo() {
    replay(&segmentation::SegmentationSet::undo);
}

void SegmentationEditor::redo() {
    replay(&segmentation::SegmentationSet::redo);
}

void SegmentationEditor::replay(int (segmentation::SegmentationSet::*step)()) {
    if (!set_ || isBusy() || set_->strokeActive())
        return;
    const auto removedCount = [this] {
        return std::count_if(set_->segments().begin(), set_->segments().end(),
                             [](const auto& seg) { return seg.removed; });
    };
    const auto removedBefore = removedCount();
    const int segment = ((*set_).*step)();
    if (segment < 0)
        return;
    if (removedCount() != removedBefore) {
        // A deletion undone or redone: the lists change, not the voxels.
        keepActiveOnAShownSegment();
        emit segmentsChanged();
    } else {
        emit maskEdited(segment);
        emit editFinished(segment);
    }
    emit historyChanged();
}

} // namespace rgw::viewers
