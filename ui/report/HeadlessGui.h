#pragma once

// The QGuiApplication that report rendering needs (fonts, QPainter on PDF and
// SVG devices), for callers without one: rgw-cli and tests.
//
//   rgw::reportrender::HeadlessGui gui; // before the first write*()
//   rgw::reportrender::writeReport(document, "study.pdf");
//
// When no platform is chosen (QT_QPA_PLATFORM unset) and there is no display
// (neither DISPLAY nor WAYLAND_DISPLAY), it sets QT_QPA_PLATFORM=offscreen
// first, so it works on servers and in CI; with a display Qt's default
// platform is used. The desktop app already has its QApplication: then this
// does nothing.

#include <memory>

class QGuiApplication;

namespace rgw::reportrender {

class HeadlessGui {
public:
    /// Creates a QGuiApplication unless one exists. Throws rgw::Error when a
    /// plain QCoreApplication exists (a QGuiApplication cannot be added then).
    HeadlessGui();
    /// Destroys the application it created (none when it found one).
    ~HeadlessGui();
    HeadlessGui(const HeadlessGui&) = delete;
    HeadlessGui& operator=(const HeadlessGui&) = delete;

    /// Whether this object created the application.
    bool created() const { return app_ != nullptr; }

private:
    std::unique_ptr<QGuiApplication> app_;
};

} // namespace rgw::reportrender
