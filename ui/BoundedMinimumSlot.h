#pragma once

#include <QSize>
#include <QWidget>

namespace rgw::ui {

/// Holds one page or view area and keeps its minimum size from growing the
/// window: it reports at most `largestMinimum` as its own minimum and gives
/// its child the whole slot. A child whose content needs more is then drawn
/// clipped inside the window, rather than pushing the window off the screen
/// (issue #11: no layout may raise the window's minimum above 1280x720).
class BoundedMinimumSlot : public QWidget {
    Q_OBJECT
public:
    BoundedMinimumSlot(QWidget* child, QSize largestMinimum, QWidget* parent = nullptr);

    QWidget* child() const { return child_; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* child_;
    QSize largestMinimum_;
};

} // namespace rgw::ui
