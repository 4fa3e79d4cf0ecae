// rgw: the desktop workstation.
//   rgw [--db PATH] [--open SERIES_UID] [--screenshot FILE.png]
#include "AppIdentity.h"
#include "Logging.h"
#include "MainWindow.h"
#include "bridge/OpenGLSupport.h"
#include "bridge/VtkOpenGLWidget.h"
#include "slice/SliceView.h"
#include "util/Error.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>
#include <cstdio>

namespace {

// One line on stderr, for scripted use (--screenshot).
int fail(const QString& message, int code = 1) {
    std::fprintf(stderr, "rgw: %s\n", qPrintable(message.simplified()));
    return code;
}

// Grabs the window once the VTK canvas has painted a frame after this call,
// so the image is in the grab, then saves it and ends the event loop.
void screenshotWhenPainted(rgw::ui::MainWindow& window, const QString& file) {
    auto* canvas = window.sliceView()->canvas();
    const int before = canvas->renderedFrames();
    auto* poll = new QTimer(&window);
    poll->setInterval(50);
    QObject::connect(poll, &QTimer::timeout, &window, [&window, canvas, before, file, poll] {
        if (canvas->renderedFrames() <= before) {
            canvas->update();
            return;
        }
        poll->stop();
        const QImage image = window.grab().toImage();
        if (!image.save(file)) {
            QApplication::exit(fail(QStringLiteral("cannot write the screenshot %1").arg(file)));
            return;
        }
        QApplication::exit(0);
    });
    canvas->update();
    poll->start();
}

} // namespace

int main(int argc, char** argv) {
    rgw::app::setApplicationIdentity();
    rgw::app::quietDicomToolkitLogging();
    rgw::viewers::setDefaultSurfaceFormat(); // must precede QApplication
    QApplication app(argc, argv);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Radiogenomics Workstation: cohort browser and image viewer."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(
        "db",
        "Cohort database to open (default: the last one, else cohort.rgwdb in the user "
        "data folder).",
        "PATH");
    const QCommandLineOption openOption("open", "Image series to show.", "SERIES_UID");
    const QCommandLineOption screenshotOption(
        "screenshot", "Save a PNG of the main window once it has rendered, then exit.", "FILE.png");
    parser.addOptions({dbOption, openOption, screenshotOption});
    parser.process(app);
    const bool scripted = parser.isSet(screenshotOption);

    if (const QString problem = rgw::viewers::openGLProblem(); !problem.isEmpty()) {
        if (!scripted)
            QMessageBox::critical(nullptr, QApplication::applicationName(),
                                  QObject::tr("The image views need OpenGL.\n\n%1").arg(problem));
        return fail(problem);
    }

    QString dbPath = parser.value(dbOption);
    bool isDefaultDatabase = false;
    if (dbPath.isEmpty()) {
        const QString last = QSettings().value("database/last").toString();
        if (!last.isEmpty() && QFileInfo::exists(last)) {
            dbPath = last;
        } else {
            try {
                dbPath = QString::fromStdU16String(rgw::app::defaultDatabasePath().u16string());
                isDefaultDatabase = true;
            } catch (const rgw::Error& e) {
                if (!scripted)
                    QMessageBox::critical(nullptr, QApplication::applicationName(), e.what());
                return fail(e.what());
            }
        }
    }

    rgw::ui::MainWindow window;
    window.show();
    if (!window.openDatabase(dbPath, !parser.isSet(dbOption) || !scripted)) {
        if (scripted)
            return fail(window.lastError());
        // The error box is up; the user can open or create another database.
    }

    const QString series = parser.value(openOption);
    const QString screenshot = parser.value(screenshotOption);
    if (scripted) {
        QObject::connect(
            &window, &rgw::ui::MainWindow::seriesLoadFailed, &app,
            [](const QString&, const QString& error) { QApplication::exit(fail(error, 2)); });
        QObject::connect(&window, &rgw::ui::MainWindow::seriesShown, &window,
                         [&window, screenshot] { screenshotWhenPainted(window, screenshot); });
    }
    if (!series.isEmpty())
        QTimer::singleShot(0, &window, [&window, series] { window.openSeries(series); });
    else if (scripted)
        QTimer::singleShot(0, &window,
                           [&window, screenshot] { screenshotWhenPainted(window, screenshot); });
    else if (isDefaultDatabase)
        QTimer::singleShot(0, &window, [&window] { window.offerDemoCohortIfEmpty(); });

    return app.exec();
}
