#include "HeadlessGui.h"

#include "util/Error.h"

#include <QGuiApplication>
#include <cstdlib>

namespace rgw::reportrender {
namespace {

bool hasEnv(const char* name) {
    const char* value = std::getenv(name);
    return value && *value;
}

// QGuiApplication keeps references to argc/argv for its lifetime.
int gArgc = 1;
char gName[] = "rgw-report";
char* gArgv[] = {gName, nullptr};

} // namespace

HeadlessGui::HeadlessGui() {
    if (QCoreApplication::instance()) {
        if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
            throw Error("report: a QCoreApplication exists; report rendering needs a "
                        "QGuiApplication created instead of it");
        return;
    }
    if (!hasEnv("QT_QPA_PLATFORM") && !hasEnv("DISPLAY") && !hasEnv("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    gArgc = 1;
    app_ = std::make_unique<QGuiApplication>(gArgc, gArgv);
}

HeadlessGui::~HeadlessGui() = default;

} // namespace rgw::reportrender
