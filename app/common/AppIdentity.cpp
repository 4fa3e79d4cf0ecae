#include "AppIdentity.h"

#include "util/Error.h"

#include <QCoreApplication>
#include <QStandardPaths>
#include <QString>
#include <system_error>

namespace rgw::app {

void setApplicationIdentity() {
    // Static setters: valid before (or without) a QCoreApplication instance.
    QCoreApplication::setOrganizationName(QStringLiteral("Radiogenomics"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("radiogenomics.invalid"));
    QCoreApplication::setApplicationName(QStringLiteral("Radiogenomics Workstation"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RGW_VERSION));
}

std::filesystem::path defaultDatabasePath() {
    const QString location = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (location.isEmpty())
        throw Error("no application data folder is available on this system; pass --db PATH");
    const std::filesystem::path folder(location.toStdU16String());
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
        throw Error("cannot create the application data folder " + folder.string() + ": " +
                    ec.message());
    return folder / "cohort.rgwdb";
}

} // namespace rgw::app
