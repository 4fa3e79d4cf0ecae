// MainWindow: feature maps and filter response maps (issue #16 §3). The
// dialogs for the shown series, core's computation in the background
// (MapWork, progress and cancel), and the results in the Maps dock: the
// picked map overlaid with the viewer's fusion layer (the dock's colour map,
// Hot or Viridis; window from its values in the segment, transparent where
// undefined or outside the segment), a response map shown as the image on
// request, a map saved as NIfTI.
#include "FeatureMapDialog.h"
#include "FileDialogs.h"
#include "FilterResponseDialog.h"
#include "MainWindow.h"
#include "MainWindowTask.h"
#include "MapPanel.h"
#include "MapWork.h"
#include "PathText.h"
#include "filters/FilterContext.h"
#include "io/nifti/Nifti.h"
#include "layout/ViewerLayout.h"
#include "radiomics/ParameterSet.h"
#include "segmentation/SegmentationEditor.h"
#include "util/Error.h"

#include <QAction>
#include <QDockWidget>
#include <QFileInfo>
#include <QMenu>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalBlocker>
#include <QStatusBar>
#include <optional>

namespace rgw::ui {

namespace {

/// Maps computed in the background, or that the user cancelled them.
struct MapRun {
    std::vector<ComputedMap> maps;
    bool cancelled = false;
};

constexpr double kMapOpacity = 0.6;

} // namespace

void MainWindow::createMapActions(QMenu* analysis) {
    featureMapAction_ = fileAction(
        tr("Feature &map..."), "featureMapAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K),
        tr("Compute voxel-wise feature maps of the shown series in its active segment and overlay "
           "them"),
        [this] { openFeatureMapDialog(); });
    filterResponseAction_ =
        fileAction(tr("Filter &response..."), "filterResponseAction",
                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L),
                   tr("Compute the response map of an IBSI-2 filter of a parameter file on the "
                      "shown series and overlay it"),
                   [this] { openFilterResponseDialog(); });
    analysis->addSeparator();
    analysis->addAction(featureMapAction_);
    analysis->addAction(filterResponseAction_);

    mapPanel_ = new MapPanel(this);
    mapPanel_->setObjectName(QStringLiteral("mapPanel"));
    mapDock_ = new QDockWidget(tr("Maps"), this);
    mapDock_->setObjectName(QStringLiteral("mapDock"));
    mapDock_->setWidget(mapPanel_);
    addDockWidget(Qt::RightDockWidgetArea, mapDock_);
    tabifyDockWidget(featureDock_, mapDock_);
    mapDock_->hide(); // until a map is computed
    connect(mapPanel_, &MapPanel::shownChanged, this, &MainWindow::showMap);
    connect(mapPanel_, &MapPanel::asImageToggled, this, &MainWindow::showMapAsImage);
    // A new colour map redraws the overlaid map (a response shown as the image keeps its grey).
    connect(mapPanel_, &MapPanel::colourMapChanged, this, [this] {
        if (mapPanel_->shown() && !mapPanel_->asImage())
            showMap(mapPanel_->shownIndex());
    });
    connect(mapPanel_, &MapPanel::saveRequested, this, &MainWindow::saveMapDialog);
    // Maps belong to the series they were computed on; a fused series replaces the overlay.
    connect(this, &MainWindow::seriesShown, this, [this] {
        const QSignalBlocker block(mapPanel_); // the viewer shows the new series already
        mapPanel_->clear();
    });
    connect(this, &MainWindow::fusionShown, mapPanel_, &MapPanel::showNone);
}

bool MainWindow::mapsCanStart(const QString& title) {
    if (!editor_->hasImage() || shownSeries_.isEmpty()) {
        showError(title, tr("Open an image series first."));
        return false;
    }
    if (busy_) {
        showError(title, tr("Wait for the running task to finish."));
        return false;
    }
    return true;
}

FeatureMapDialog* MainWindow::openFeatureMapDialog() {
    const QString title = tr("Feature map");
    if (!mapsCanStart(title))
        return nullptr;
    const int active = editor_->activeSegment();
    if (active < 0) {
        showError(title, tr("Select the segment to map in the segment editor first."));
        return nullptr;
    }
    const QString segment = QString::fromStdString(editor_->segments().segment(active).name);
    auto* dialog = new FeatureMapDialog(
        tr("%1 · segment %2").arg(mapPanel_->asImage() ? imageTitle_ : viewer_->title(), segment),
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { startFeatureMaps(dialog->request()); });
    dialog->open();
    return dialog;
}

void MainWindow::startFeatureMaps(const FeatureMapRequest& request) {
    const QString title = tr("Feature map");
    const auto fail = [&](const QString& why) {
        showError(title, why);
        emit featureMapsFinished(false, lastError_);
    };
    if (!mapsCanStart(title)) {
        emit featureMapsFinished(false, lastError_);
        return;
    }
    radiomics::ParameterSet parameters;
    std::vector<radiomics::featuremaps::MapFeature> features;
    try {
        parameters = radiomics::loadParameterSet(request.parameterSpec.toStdString());
        if (parameters.pyradiomics)
            throw Error(request.parameterSpec.toStdString() +
                        " is a PyRadiomics-compatible set; feature maps use the IBSI settings "
                        "of a parameter file (README, \"Radiomics parameter files\")");
        features = radiomics::featuremaps::selectMapFeatures(
            request.features.join(QLatin1Char(',')).toStdString());
        if (features.empty())
            throw Error("no feature is ticked");
    } catch (const std::exception& e) {
        fail(tr("No map was computed:\n%1").arg(QString::fromStdString(failureMessage(e))));
        return;
    }
    const auto image = editor_->image();
    std::shared_ptr<const Mask> mask;
    if (request.useMask) {
        const int active = editor_->activeSegment();
        if (active < 0) {
            fail(tr("Select the segment to map in the segment editor first."));
            return;
        }
        // A copy: the editor may paint on its mask while the maps are computed.
        mask = std::make_shared<const Mask>(*editor_->sharedMask(active));
    }
    const radiomics::Settings settings = parameters.settings;
    const int radius = request.radius;
    runTask<MapRun>(
        tr("Computing %n feature map(s)", nullptr, static_cast<int>(features.size())),
        [image, mask, settings, features, radius](const ProgressFn& progress,
                                                  const CancelToken* cancel) {
            MapRun run;
            try {
                run.maps = computeFeatureMapsForDisplay(*image, mask.get(), settings, features,
                                                        radius, progress, cancel);
            } catch (const Error&) {
                if (!cancel || !cancel->isCancelled())
                    throw;
                run.cancelled = true;
            }
            return run;
        },
        [this, title, image](const Outcome<MapRun>& outcome) {
            finishMaps(title, image,
                       outcome.value ? outcome.value->maps : std::vector<ComputedMap>{},
                       outcome.value && outcome.value->cancelled, outcome.error, false);
        });
}

FilterResponseDialog* MainWindow::openFilterResponseDialog() {
    if (!mapsCanStart(tr("Filter response")))
        return nullptr;
    auto* dialog =
        new FilterResponseDialog(mapPanel_->asImage() ? imageTitle_ : viewer_->title(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { startFilterResponse(dialog->request()); });
    dialog->open();
    return dialog;
}

void MainWindow::startFilterResponse(const FilterResponseRequest& request) {
    const QString title = tr("Filter response");
    if (!mapsCanStart(title)) {
        emit filterResponseFinished(false, lastError_);
        return;
    }
    radiomics::Settings settings;
    try {
        const radiomics::ParameterSet parameters =
            radiomics::loadParameterSet(request.parameterSpec.toStdString());
        if (parameters.settings.filters.empty())
            throw Error(parameters.source + " has no filters: section");
        settings = parameters.settings;
    } catch (const std::exception& e) {
        showError(
            title,
            tr("No response was computed:\n%1").arg(QString::fromStdString(failureMessage(e))));
        emit filterResponseFinished(false, lastError_);
        return;
    }
    const auto image = editor_->image();
    const int active = editor_->activeSegment();
    const std::shared_ptr<const Mask> roi =
        active >= 0 ? std::make_shared<const Mask>(*editor_->sharedMask(active)) : nullptr;
    const auto filter = static_cast<std::size_t>(request.filter);
    runTask<MapRun>(
        tr("Computing a filter response"),
        [image, roi, settings, filter](const ProgressFn&, const CancelToken* cancel) {
            MapRun run;
            try {
                run.maps.push_back(
                    computeFilterResponseForDisplay(*image, roi.get(), settings, filter, cancel));
            } catch (const filters::FilterCancelled&) {
                run.cancelled = true;
            }
            return run;
        },
        [this, title, image](const Outcome<MapRun>& outcome) {
            finishMaps(title, image,
                       outcome.value ? outcome.value->maps : std::vector<ComputedMap>{},
                       outcome.value && outcome.value->cancelled, outcome.error, true);
        });
}

void MainWindow::finishMaps(const QString& title, const std::shared_ptr<const Volume>& image,
                            std::vector<ComputedMap> maps, bool cancelled, const QString& error,
                            bool response) {
    const auto finished = [&](bool ok, const QString& summary) {
        if (response)
            emit filterResponseFinished(ok, summary);
        else
            emit featureMapsFinished(ok, summary);
    };
    if (!error.isEmpty() || (maps.empty() && !cancelled)) {
        showError(title, tr("No map was computed:\n%1").arg(error));
        finished(false, error);
        return;
    }
    if (cancelled) {
        statusBar()->showMessage(tr("%1 cancelled: nothing is shown.").arg(title), 8000);
        finished(false, tr("cancelled"));
        return;
    }
    if (editor_->image() != image) {
        statusBar()->showMessage(
            tr("%1: another series is shown now; the map was dropped.").arg(title), 8000);
        finished(false, tr("another series is shown"));
        return;
    }
    const QString first = maps.front().name;
    const int count = static_cast<int>(maps.size());
    mapPanel_->addMaps(std::move(maps));
    revealDock(mapDock_);
    const QString summary = tr("%n map(s) computed; %1 is overlaid.", nullptr, count).arg(first);
    statusBar()->showMessage(summary, 8000);
    finished(true, summary);
}

void MainWindow::showMap(int index) {
    if (index < 0) {
        if (fusedSeries_.isEmpty())
            viewer_->clearFusion();
        updateActions();
        return;
    }
    const ComputedMap& map = mapPanel_->map(index);
    if (mapPanel_->asImage() && map.response) {
        showMapAsImage(true);
        return;
    }
    viewer_->setFusion(map.display, map.window, mapPanel_->colourMap(), kMapOpacity, map.name);
    fusedSeries_.clear();
    updateActions();
}

void MainWindow::showMapAsImage(bool asImage) {
    const ComputedMap* map = mapPanel_->shown();
    const Eigen::Vector3d crosshair = viewer_->crosshair();
    if (asImage && map && map->response) {
        if (viewer_->volume() == editor_->image()) {
            imageTitle_ = viewer_->title();
            imageModality_ = viewer_->modality();
        }
        viewer_->clearFusion();
        viewer_->setVolume(map->display, map->name, QString());
    } else {
        if (viewer_->volume() == editor_->image())
            return;
        viewer_->setVolume(editor_->image(), imageTitle_, imageModality_);
        if (map)
            viewer_->setFusion(map->display, map->window, mapPanel_->colourMap(), kMapOpacity,
                               map->name);
    }
    viewer_->setOverlays(editor_->overlays());
    viewer_->setCrosshair(crosshair);
    updateActions();
}

void MainWindow::saveMapDialog() {
    const ComputedMap* map = mapPanel_->shown();
    if (!map) {
        showError(tr("Save map"), tr("Pick the map to save first."));
        return;
    }
    QSettings settings;
    QString name = map->name;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("_"));
    const QString folder = settings.value("maps/folder").toString();
    QString file =
        chooseSaveFile(this, tr("Save map as NIfTI"),
                       folder.isEmpty() ? name + ".nii.gz" : folder + '/' + name + ".nii.gz",
                       tr("NIfTI (*.nii.gz *.nii)"));
    if (file.isEmpty())
        return;
    if (!file.endsWith(QLatin1String(".nii")) && !file.endsWith(QLatin1String(".nii.gz")))
        file += QStringLiteral(".nii.gz");
    settings.setValue("maps/folder", QFileInfo(file).absolutePath());
    saveShownMap(file);
}

void MainWindow::saveShownMap(const QString& file) {
    const ComputedMap* map = mapPanel_->shown();
    if (!map || busy_) {
        showError(tr("Save map"), !map ? tr("Pick the map to save first.")
                                       : tr("Wait for the running task to finish."));
        emit mapSaved(false, lastError_);
        return;
    }
    const std::shared_ptr<const Volume> values = map->values;
    const std::filesystem::path out = file.toStdString();
    runTask<std::filesystem::path>(
        tr("Saving %1").arg(map->name),
        [values, out](const ProgressFn&, const CancelToken*) {
            nifti::writeVolume(*values, out);
            return out;
        },
        [this, file](const Outcome<std::filesystem::path>& outcome) {
            if (!outcome.value) {
                showError(tr("Save map"), tr("%1 was not written:\n%2").arg(file, outcome.error));
                emit mapSaved(false, outcome.error);
                return;
            }
            statusBar()->showMessage(tr("Wrote %1.").arg(toQString(*outcome.value)), 8000);
            emit mapSaved(true, toQString(*outcome.value));
        });
}

} // namespace rgw::ui
