#include "HeadlessGui.h"

#include "util/Error.h"

#include <QGuiApplication>
#include <cerrno>
#include <cstdlib>
#include <string>

#ifndef _WIN32
#include <sys/stat.h>
#include <unistd.h>
#endif

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
#ifndef _WIN32
    // Headless sessions (CI, ssh, cron) often have no runtime folder; Qt then
    // warns on stderr before using its own fallback. Give it that folder
    // quietly: private to the user (0700), as the XDG specification asks.
    if (!hasEnv("XDG_RUNTIME_DIR")) {
        const std::string folder = "/tmp/runtime-" + std::to_string(::getuid());
        struct stat info {};
        if ((::mkdir(folder.c_str(), 0700) == 0 || errno == EEXIST) &&
            ::stat(folder.c_str(), &info) == 0 && info.st_uid == ::getuid() &&
            (info.st_mode & 0777) == 0700)
            qputenv("XDG_RUNTIME_DIR", QByteArray::fromStdString(folder));
    }
#endif
    gArgc = 1;
    app_ = std::make_unique<QGuiApplication>(gArgc, gArgv);
}

HeadlessGui::~HeadlessGui() = default;

} // namespace rgw::reportrender
