#include "volume/OffscreenVolumeRenderer.h"

#include "bridge/OpenGLSupport.h"
#include "slice/VtkImageAdapter.h"
#include "volume/RoiSurface.h"

#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QThread>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <vtkCamera.h>
#include <vtkColorTransferFunction.h>
#include <vtkCommand.h>
#include <vtkFixedPointVolumeRayCastMapper.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkImageData.h>
#include <vtkOpenGLState.h>
#include <vtkPiecewiseFunction.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>
#include <vtkVolume.h>
#include <vtkVolumeProperty.h>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace rgw::viewers {

CameraState CameraState::of(vtkCamera* camera) {
    CameraState s;
    camera->GetPosition(s.position.data());
    camera->GetFocalPoint(s.focalPoint.data());
    camera->GetViewUp(s.viewUp.data());
    s.viewAngle = camera->GetViewAngle();
    s.parallel = camera->GetParallelProjection() != 0;
    s.parallelScale = camera->GetParallelScale();
    return s;
}

void CameraState::applyTo(vtkCamera* camera) const {
    camera->SetPosition(position.data());
    camera->SetFocalPoint(focalPoint.data());
    camera->SetViewUp(viewUp.data());
    camera->SetViewAngle(viewAngle);
    camera->SetParallelProjection(parallel ? 1 : 0);
    camera->SetParallelScale(parallelScale);
}

namespace {

/// Nice 10 for the calling thread on Linux (QThread's priorities map to the
/// idle class or to nothing there); the ray caster's threads inherit it. The
/// GUI thread then gets about nine tenths of a contended core.
void lowerThisThreadsPriority() {
#ifdef Q_OS_LINUX
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
#endif
}

// Coarse preview: one ray per 4 x 4 pixels, samples 2 mm apart; the final
// frame: a ray per pixel, samples 1 mm apart (VTK's default distance).
// (The fixed-point caster keeps gradient normals for shading: 3 bytes per
// voxel, 236 MB for a 512 x 512 x 300 CT.)
constexpr double kCoarseImageSampleDistance = 4.0;
constexpr double kCoarseSampleDistanceMm = 2.0;
constexpr double kFinalSampleDistanceMm = 1.0;

} // namespace

/// Lives on the renderer's thread; everything VTK and OpenGL in here is
/// created, used and released on that thread only.
class OffscreenVolumeRenderer::Worker : public QObject {
public:
    Worker(OffscreenVolumeRenderer* owner, QOffscreenSurface* surface)
        : owner_(owner), surface_(surface) {}

    // ---- called on the GUI thread ----
    void postScene(std::shared_ptr<const VolumeScene> scene, int number) {
        const std::lock_guard lock(mutex_);
        scene_ = std::move(scene);
        sceneNumber_ = number;
    }
    void postRequest(const VolumeFrameKey& key) {
        {
            const std::lock_guard lock(mutex_);
            wanted_ = key;
        }
        QMetaObject::invokeMethod(
            this, [this] { work(); }, Qt::QueuedConnection);
    }
    void stop() { stopping_ = true; }

    // ---- called on the worker thread ----
    void release() {
        if (window_ && makeCurrent()) {
            window_->Finalize();
            context_->doneCurrent();
        }
        window_ = nullptr;
        renderer_ = nullptr;
        mapper_ = nullptr;
        volume_ = nullptr;
        surfaceActors_.clear();
        context_.reset();
    }

private:
    void work() {
        while (!stopping_) {
            VolumeFrameKey key;
            std::shared_ptr<const VolumeScene> scene;
            {
                const std::lock_guard lock(mutex_);
                if (!wanted_ || wanted_->scene != sceneNumber_ || !scene_)
                    return;
                key = *wanted_;
                scene = scene_;
            }
            if (finalDone_ == key)
                return; // the request is answered in full
            const bool final = coarseDone_ == key;
            VolumeFrame frame = render(*scene, key, final);
            if (!frame.rgb)
                return; // no OpenGL here: nothing more can be done
            (final ? finalDone_ : coarseDone_) = key;
            emit owner_->frameReady(frame);
        }
    }

    bool makeCurrent() {
        if (!context_) {
            auto context = std::make_unique<QOpenGLContext>();
            context->setFormat(vtkSurfaceFormat());
            if (!context->create())
                return false;
            context_ = std::move(context);
        }
        return context_->makeCurrent(surface_);
    }

    void buildPipeline() {
        window_ = vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New();
        window_->SetOwnContext(false);
        window_->SetFrameBlitModeToNoBlit();
        window_->SetMultiSamples(0);
        window_->SetSupportsOpenGL(1);
        window_->AddObserver(vtkCommand::WindowMakeCurrentEvent, this, &Worker::onMakeCurrent);
        window_->AddObserver(vtkCommand::WindowIsCurrentEvent, this, &Worker::onIsCurrent);
        window_->SetReadyForRendering(true);
        window_->SetMapped(1);
        window_->InitializeFromCurrentContext();
        renderer_ = vtkSmartPointer<vtkRenderer>::New();
        renderer_->SetBackground(0.0, 0.0, 0.0);
        window_->AddRenderer(renderer_);
        mapper_ = vtkSmartPointer<vtkFixedPointVolumeRayCastMapper>::New();
        mapper_->AutoAdjustSampleDistancesOff();
        mapper_->IntermixIntersectingGeometryOn(); // rays stop at the surfaces' depth
        volume_ = vtkSmartPointer<vtkVolume>::New();
        volume_->SetMapper(mapper_);
        vtkVolumeProperty* property = volume_->GetProperty();
        property->SetInterpolationTypeToLinear();
        property->SetAmbient(0.25);
        property->SetDiffuse(0.75);
        property->SetSpecular(0.2);
        property->SetSpecularPower(15.0);
        renderer_->AddVolume(volume_);
    }

    void applyScene(const VolumeScene& scene) {
        // Voxels at spacing * index, placed in patient space by the prop's
        // matrix (VTK 9.1's volume mappers ignore the image direction).
        auto image = toVtkImage(scene.volume);
        image->SetOrigin(0.0, 0.0, 0.0);
        mapper_->SetInputData(image);
        volume_->SetUserMatrix(toVtkMatrix(scaledIndexToPhysical(scene.volume->geometry)));
        const TransferFunction& tf = scene.transfer;
        vtkNew<vtkColorTransferFunction> colours;
        for (const auto& p : tf.colours)
            colours->AddRGBPoint(p.value, p.red, p.green, p.blue);
        vtkNew<vtkPiecewiseFunction> opacities;
        for (const auto& p : tf.opacities)
            opacities->AddPoint(p.value, p.opacity);
        vtkVolumeProperty* property = volume_->GetProperty();
        property->SetColor(colours);
        property->SetScalarOpacity(opacities);
        property->SetShade(tf.shade ? 1 : 0);
        mapper_->SetBlendMode(tf.blend == VolumeBlend::MaximumIntensity
                                  ? vtkVolumeMapper::MAXIMUM_INTENSITY_BLEND
                                  : vtkVolumeMapper::COMPOSITE_BLEND);
        for (const auto& actor : surfaceActors_)
            renderer_->RemoveActor(actor);
        surfaceActors_.clear();
        for (const auto& surface : scene.surfaces) {
            vtkNew<vtkPolyDataMapper> mapper;
            mapper->SetInputData(surface.mesh);
            mapper->ScalarVisibilityOff();
            auto actor = vtkSmartPointer<vtkActor>::New();
            actor->SetMapper(mapper);
            applySurfaceLook(actor->GetProperty(), surface.colour);
            renderer_->AddActor(actor);
            surfaceActors_.push_back(actor);
        }
    }

    VolumeFrame render(const VolumeScene& scene, const VolumeFrameKey& key, bool final) {
        const auto start = std::chrono::steady_clock::now();
        VolumeFrame frame;
        frame.key = key;
        frame.final = final;
        const int w = key.size.width(), h = key.size.height();
        if (w <= 0 || h <= 0 || !makeCurrent())
            return frame;
        if (!window_)
            buildPipeline();
        if (appliedScene_ != key.scene) {
            applyScene(scene);
            appliedScene_ = key.scene;
        }
        mapper_->SetImageSampleDistance(final ? 1.0 : kCoarseImageSampleDistance);
        mapper_->SetSampleDistance(final ? kFinalSampleDistanceMm : kCoarseSampleDistanceMm);
        key.camera.applyTo(renderer_->GetActiveCamera());
        renderer_->ResetCameraClippingRange();
        window_->SetSize(w, h);
        vtkOpenGLState* state = window_->GetState();
        state->Reset();
        state->Push();
        window_->Render();
        state->Pop();
        vtkNew<vtkUnsignedCharArray> rgba;
        window_->GetRGBACharPixelData(0, 0, w - 1, h - 1, 1, rgba);
        context_->doneCurrent();
        auto rgb = std::make_shared<std::vector<std::uint8_t>>(3 * static_cast<std::size_t>(w) * h);
        const unsigned char* src = rgba->GetPointer(0);
        for (std::size_t p = 0; p < rgb->size() / 3; ++p) // opaque on black: alpha dropped
            std::copy_n(src + 4 * p, 3, rgb->data() + 3 * p);
        frame.rgb = std::move(rgb);
        frame.ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        return frame;
    }

    void onMakeCurrent(vtkObject*, unsigned long, void*) {
        if (context_ && QOpenGLContext::currentContext() != context_.get())
            context_->makeCurrent(surface_);
    }
    void onIsCurrent(vtkObject*, unsigned long, void* callData) {
        *static_cast<bool*>(callData) =
            context_ && QOpenGLContext::currentContext() == context_.get();
    }

    OffscreenVolumeRenderer* owner_;
    QOffscreenSurface* surface_;
    std::atomic<bool> stopping_{false};

    std::mutex mutex_; // guards the three below
    std::shared_ptr<const VolumeScene> scene_;
    int sceneNumber_ = 0;
    std::optional<VolumeFrameKey> wanted_;

    // Worker thread only.
    std::optional<VolumeFrameKey> coarseDone_, finalDone_;
    int appliedScene_ = -1;
    std::unique_ptr<QOpenGLContext> context_;
    vtkSmartPointer<vtkGenericOpenGLRenderWindow> window_;
    vtkSmartPointer<vtkRenderer> renderer_;
    vtkSmartPointer<vtkFixedPointVolumeRayCastMapper> mapper_;
    vtkSmartPointer<vtkVolume> volume_;
    std::vector<vtkSmartPointer<vtkActor>> surfaceActors_;
};

OffscreenVolumeRenderer::OffscreenVolumeRenderer(QObject* parent) : QObject(parent) {
    qRegisterMetaType<VolumeFrame>();
    // The surface must be made on the GUI thread; the context and all VTK
    // objects are made on the worker thread.
    auto* surface = new QOffscreenSurface(nullptr, this);
    surface->setFormat(vtkSurfaceFormat());
    surface->create();
    thread_ = new QThread(this);
    thread_->setObjectName(QStringLiteral("rgw volume rendering"));
    worker_ = new Worker(this, surface);
    worker_->moveToThread(thread_);
    connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);
    // Below the GUI thread, but never starved: an idle-class thread got no
    // CPU at all while other work kept both cores busy.
    connect(thread_, &QThread::started, worker_, [] { lowerThisThreadsPriority(); });
    thread_->start(QThread::LowPriority);
}

OffscreenVolumeRenderer::~OffscreenVolumeRenderer() {
    worker_->stop();
    QMetaObject::invokeMethod(
        worker_, [w = worker_] { w->release(); }, Qt::BlockingQueuedConnection);
    thread_->quit();
    thread_->wait();
}

int OffscreenVolumeRenderer::setScene(VolumeScene scene) {
    worker_->postScene(std::make_shared<const VolumeScene>(std::move(scene)), ++sceneNumber_);
    return sceneNumber_;
}

void OffscreenVolumeRenderer::request(const VolumeFrameKey& key) {
    worker_->postRequest(key);
}

} // namespace rgw::viewers
