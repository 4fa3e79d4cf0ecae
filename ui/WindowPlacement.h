#pragma once

#include <QRect>
#include <QSize>

class QMainWindow;
class QSplitter;

namespace rgw::ui {

/// No layout or page may give the main window a larger minimum size than
/// this (logical pixels): the window must fit a 1366x768 laptop screen.
inline constexpr QSize kLargestMinimumWindowSize{1280, 720};

/// Where the first window opens on a screen whose available area (without
/// panels and docks of the desktop) is `available`: all of it on small
/// screens (up to 1440x900), else 90 % of it, centred.
QRect initialWindowGeometry(const QRect& available);

/// True when `frame` (the window with its decorations) lies inside `available`.
bool fitsScreen(const QRect& frame, const QRect& available);

/// The main window's remembered placement: geometry, dock state and the
/// splitter, in QSettings under mainWindow/. A saved placement is restored
/// only while it still fits the screen; otherwise the window opens at
/// initialWindowGeometry() with its default docks. With remembering off
/// (scripted runs: --screenshot, --db) nothing is written.
class WindowPlacement {
public:
    WindowPlacement(QMainWindow* window, QSplitter* splitter);

    /// Applies the saved placement when it fits the window's screen, else
    /// the initial geometry. True when the saved one was used.
    bool restore();
    void save() const;
    /// Moves and shrinks the shown window so its frame lies on its screen's
    /// available area (window decorations are known only once it is shown).
    void keepOnScreen();

    void setRemembering(bool remembering) { remembering_ = remembering; }
    bool remembering() const { return remembering_; }

private:
    QRect availableArea() const;

    QMainWindow* window_;
    QSplitter* splitter_;
    bool remembering_ = true;
};

} // namespace rgw::ui
