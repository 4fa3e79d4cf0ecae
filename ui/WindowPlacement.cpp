#include "WindowPlacement.h"

#include <QGuiApplication>
#include <QMainWindow>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <algorithm>

namespace rgw::ui {

namespace {

const char* const kGeometryKey = "mainWindow/geometry";
const char* const kStateKey = "mainWindow/state";
const char* const kSplitterKey = "mainWindow/splitter";

} // namespace

QRect initialWindowGeometry(const QRect& available) {
    if (available.width() <= 1440 || available.height() <= 900)
        return available;
    const QSize size(available.width() * 9 / 10, available.height() * 9 / 10);
    QRect geometry(QPoint(0, 0), size);
    geometry.moveCenter(available.center());
    return geometry;
}

bool fitsScreen(const QRect& frame, const QRect& available) {
    return available.contains(frame);
}

WindowPlacement::WindowPlacement(QMainWindow* window, QSplitter* splitter)
    : window_(window), splitter_(splitter) {}

QRect WindowPlacement::availableArea() const {
    const QScreen* screen =
        window_->screen() ? window_->screen() : QGuiApplication::primaryScreen();
    return screen ? screen->availableGeometry() : QRect(0, 0, 1280, 720);
}

bool WindowPlacement::restore() {
    const QRect available = availableArea();
    const QSettings settings;
    const QByteArray geometry = settings.value(kGeometryKey).toByteArray();
    if (!geometry.isEmpty() && window_->restoreGeometry(geometry) &&
        fitsScreen(window_->geometry(), available)) {
        window_->restoreState(settings.value(kStateKey).toByteArray());
        splitter_->restoreState(settings.value(kSplitterKey).toByteArray());
        return true;
    }
    // Saved on a larger screen (or never): start afresh with the default docks.
    window_->setWindowState(Qt::WindowNoState);
    window_->setGeometry(initialWindowGeometry(available));
    if (available.width() <= 1440 || available.height() <= 900)
        window_->setWindowState(Qt::WindowMaximized);
    return false;
}

void WindowPlacement::save() const {
    if (!remembering_)
        return;
    QSettings settings;
    settings.setValue(kGeometryKey, window_->saveGeometry());
    settings.setValue(kStateKey, window_->saveState());
    settings.setValue(kSplitterKey, splitter_->saveState());
}

void WindowPlacement::keepOnScreen() {
    if (window_->isMaximized() || window_->isFullScreen())
        return;
    const QRect available = availableArea();
    const QRect frame = window_->frameGeometry();
    if (fitsScreen(frame, available))
        return;
    const QSize decorations = frame.size() - window_->geometry().size();
    const QSize size = window_->size().boundedTo(available.size() - decorations);
    window_->resize(size.expandedTo(window_->minimumSizeHint()));
    QRect moved = window_->frameGeometry();
    moved.moveLeft(std::clamp(moved.left(), available.left(),
                              std::max(available.left(), available.right() - moved.width() + 1)));
    moved.moveTop(std::clamp(moved.top(), available.top(),
                             std::max(available.top(), available.bottom() - moved.height() + 1)));
    window_->move(moved.topLeft());
}

} // namespace rgw::ui
