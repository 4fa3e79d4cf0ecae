#include "BoundedMinimumSlot.h"

#include <QEvent>
#include <QResizeEvent>

namespace rgw::ui {

BoundedMinimumSlot::BoundedMinimumSlot(QWidget* child, QSize largestMinimum, QWidget* parent)
    : QWidget(parent), child_(child), largestMinimum_(largestMinimum) {
    child_->setParent(this);
    child_->installEventFilter(this);
    setSizePolicy(child_->sizePolicy());
}

QSize BoundedMinimumSlot::sizeHint() const {
    return child_->sizeHint();
}

QSize BoundedMinimumSlot::minimumSizeHint() const {
    return child_->minimumSizeHint().expandedTo(child_->minimumSize()).boundedTo(largestMinimum_);
}

void BoundedMinimumSlot::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    child_->setGeometry(rect());
}

bool BoundedMinimumSlot::eventFilter(QObject* watched, QEvent* event) {
    // The child's hints changed (another layout, another page): re-ask ours.
    if (watched == child_ && event->type() == QEvent::LayoutRequest)
        updateGeometry();
    return QWidget::eventFilter(watched, event);
}

} // namespace rgw::ui
