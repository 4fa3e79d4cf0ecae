// rgw: the desktop workstation.
//   rgw [--db PATH] [--open SERIES_UID] [--layout axial|mpr|3d|four-up]
//       [--fuse SERIES_UID] [--screenshot FILE.png] [--max-memory SIZE]
//   rgw --help | --version   (print and exit; no display needed)
#include "AppIdentity.h"
#include "Logging.h"
#include "MainWindow.h"
#include "MemoryBudgetSettings.h"
#include "bridge/OpenGLSupport.h"
#include "bridge/VtkOpenGLWidget.h"
#include "bridge/WidgetGrab.h"
#include "layout/ViewerLayout.h"
#include "slice/SliceView.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"
#include "volume/VolumeView3D.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

namespace {

// One line on stderr, for scripted use (--screenshot).
int fail(const QString& message, int code = 1) {
    std::fprintf(stderr, "rgw: %s\n", qPrintable(message.simplified()));
    return code;
}

// The VTK canvases of the views the layout shows.
std::vector<rgw::viewers::VtkOpenGLWidget*> visibleCanvases(rgw::ui::MainWindow& window) {
    std::vector<rgw::viewers::VtkOpenGLWidget*> canvases;
    for (QWidget* view : window.viewer()->visibleViews()) {
        if (auto* slice = qobject_cast<rgw::viewers::SliceView*>(view))
            canvases.push_back(slice->canvas());
        else if (auto* volume = qobject_cast<rgw::viewers::VolumeView3D*>(view))
            canvases.push_back(volume->canvas());
    }
    return canvases;
}

// Grabs the window once every visible view has painted a frame after the 3D
// surfaces were built (and the final volume rendering, when shown), so the
// image is complete, then saves it and ends the event loop.
void screenshotWhenPainted(rgw::ui::MainWindow& window, const QString& file) {
    auto* poll = new QTimer(&window);
    poll->setInterval(50);
    auto frames = std::make_shared<std::vector<int>>();
    QObject::connect(poll, &QTimer::timeout, &window, [&window, file, poll, frames] {
        auto* volume = window.viewer()->volumeView();
        if (volume && volume->surfacesPending())
            return;
        if (volume && volume->isVisible() && volume->volumeFramePending()) {
            volume->canvas()->requestRender(); // asks for the final volume frame
            return;
        }
        const auto canvases = visibleCanvases(window);
        if (frames->size() != canvases.size()) { // first poll after the surfaces: start counting
            frames->clear();
            for (auto* canvas : canvases) {
                frames->push_back(canvas->renderedFrames());
                canvas->requestRender();
            }
            return;
        }
        for (std::size_t n = 0; n < canvases.size(); ++n)
            if (canvases[n]->renderedFrames() <= (*frames)[n]) {
                canvases[n]->requestRender();
                return;
            }
        poll->stop();
        const QImage image = rgw::viewers::grabWithCanvases(window);
        if (!image.save(file)) {
            QApplication::exit(fail(QStringLiteral("cannot write the screenshot %1").arg(file)));
            return;
        }
        QApplication::exit(0);
    });
    poll->start();
}

// -h, --help, --help-all, -?, -v, --version: answered without a display.
bool asksForHelpOrVersion(int argc, char** argv) {
    for (int n = 1; n < argc; ++n) {
        const QByteArray arg(argv[n]);
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-?" || arg == "-v" ||
            arg == "--version")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char** argv) {
    rgw::app::setApplicationIdentity();
    rgw::app::quietDicomToolkitLogging();

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
    const QCommandLineOption layoutOption(
        "layout", "Viewer layout: axial, mpr (axial, coronal, sagittal + 3D), 3d or four-up.",
        "NAME");
    const QCommandLineOption fuseOption(
        "fuse", "Image series to blend over the opened one (e.g. PET over CT).", "SERIES_UID");
    const QCommandLineOption screenshotOption(
        "screenshot", "Save a PNG of the main window once it has rendered, then exit.", "FILE.png");
    const QCommandLineOption maxMemoryOption(
        "max-memory",
        "Memory one operation may use, for this run (default: the setting of File > Memory "
        "budget, else a quarter of the physical memory, at most 1.5 GiB): 8G = 8e9 bytes, 8GiB = 8 "
        "x 2^30, or 25%.",
        "SIZE");
    parser.addOptions(
        {dbOption, openOption, layoutOption, fuseOption, screenshotOption, maxMemoryOption});
    if (asksForHelpOrVersion(argc, argv)) {
        // Print and exit before any display is needed (a QApplication aborts
        // without one). Qt's own options (-platform ...) need the QApplication.
        const QCoreApplication console(argc, argv);
        parser.process(console);
    }
    rgw::viewers::setDefaultSurfaceFormat(); // must precede QApplication
    QApplication app(argc, argv);
    parser.process(app);
    const bool scripted = parser.isSet(screenshotOption);
    // A screenshot or a database named on the command line is a one-off run:
    // it leaves the remembered database, layout and window placement alone.
    const bool remember = !scripted && !parser.isSet(dbOption);

    rgw::ui::applyStoredMemoryBudget();
    if (parser.isSet(maxMemoryOption)) {
        try {
            rgw::budget::setMemoryBytes(
                rgw::budget::parseSize(parser.value(maxMemoryOption).toStdString()));
        } catch (const rgw::Error& e) {
            return fail(QStringLiteral("--max-memory: %1").arg(e.what()), 2);
        }
    }

    if (const QString problem = rgw::viewers::openGLProblem(); !problem.isEmpty()) {
        if (!scripted)
            QMessageBox::critical(nullptr, QApplication::applicationName(),
                                  QObject::tr("The image views need OpenGL.\n\n%1").arg(problem));
        return fail(problem);
    }

    QString dbPath = parser.value(dbOption);
    if (dbPath.isEmpty()) {
        const QString last = QSettings().value("database/last").toString();
        if (!last.isEmpty() && QFileInfo::exists(last)) {
            dbPath = last;
        } else {
            try {
                dbPath = QString::fromStdU16String(rgw::app::defaultDatabasePath().u16string());
            } catch (const rgw::Error& e) {
                if (!scripted)
                    QMessageBox::critical(nullptr, QApplication::applicationName(), e.what());
                return fail(e.what());
            }
        }
    }

    std::optional<rgw::viewers::Layout> layout;
    if (parser.isSet(layoutOption)) {
        try {
            layout = rgw::viewers::parseLayout(parser.value(layoutOption));
        } catch (const rgw::Error& e) {
            return fail(e.what(), 2);
        }
    }
    const QString fuse = parser.value(fuseOption);
    if (!fuse.isEmpty() && !parser.isSet(openOption))
        return fail(QStringLiteral("--fuse needs --open SERIES_UID"), 2);

    rgw::ui::MainWindow window;
    window.setRemembersSettings(remember);
    if (layout)
        window.setViewerLayout(*layout);
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
        QObject::connect(
            &window, &rgw::ui::MainWindow::fusionFailed, &app,
            [](const QString&, const QString& error) { QApplication::exit(fail(error, 2)); });
        QObject::connect(&window, &rgw::ui::MainWindow::fusionShown, &window,
                         [&window, screenshot] { screenshotWhenPainted(window, screenshot); });
    }
    // The command line's series: fused and photographed once, not on later opens.
    auto firstShow = std::make_shared<bool>(true);
    QObject::connect(&window, &rgw::ui::MainWindow::seriesShown, &window,
                     [&window, screenshot, fuse, scripted, firstShow] {
                         if (!*firstShow)
                             return;
                         *firstShow = false;
                         if (!fuse.isEmpty())
                             window.fuseSeries(fuse);
                         else if (scripted)
                             screenshotWhenPainted(window, screenshot);
                     });
    if (!series.isEmpty())
        QTimer::singleShot(0, &window, [&window, series] { window.openSeries(series); });
    else if (scripted)
        QTimer::singleShot(0, &window,
                           [&window, screenshot] { screenshotWhenPainted(window, screenshot); });
    // An empty database shows the welcome page (import a folder, open the demo).

    return app.exec();
}
